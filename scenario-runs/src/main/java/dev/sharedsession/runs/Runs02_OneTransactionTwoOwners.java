package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Bank;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Pause;
import dev.sharedsession.race.Stage;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.SessionFactory;

/**
 * Scenario 2's runs (one transaction, two owners), written once for both sides: a side is its
 * bank, {@code new Scenario02_...(sessionFactory)} (a {@link Bank}) and how it ends when the
 * bank shuts down (the broken side's {@code close}; nothing on the safe side, whose units of
 * work each closed their own Session). The natural run is {@link BankRun}'s, shared with
 * scenario 8.
 *
 * @param <B> the side's bank
 */
public final class Runs02_OneTransactionTwoOwners<B extends Bank> implements ScenarioRun {

    /** Payers of the natural run unless told otherwise (Bob opens his accounts beside them). */
    public static final int DEFAULT_THREADS = BankRun.PAYERS;

    private final Function<SessionFactory, B> open;
    private final Consumer<B> close;

    public Runs02_OneTransactionTwoOwners(Function<SessionFactory, B> open, Consumer<B> close) {
        this.open = open;
        this.close = close;
    }

    /**
     * The headline, forced: Alice pays Carol 100 cents, and Bob opens an account between her two
     * steps, after her withdrawal was flushed and before her deposit. Broken: Bob's commit
     * commits <em>the</em> transaction, her half-done transfer with it, and her own commit fails:
     * "100 cents vanished". Safe: Bob's commit commits only his account, Alice's transfer
     * commits whole: ok.
     */
    @Override
    public Outcome forced(Stage stage) {
        Database db = stage.db();
        long alice = BankRun.openAliceAndCarol(db);
        B bank = open.apply(db.sessionFactory());
        Pause aliceBetweenSteps = stage.beforeStatement(BankRun.ALICE, BankRun.PAYEE_LOOKUP_SQL);
        Throwable alices;
        Throwable bobs;
        try {
            Actor<Void> transfer = stage.run(BankRun.ALICE, () -> bank.transfer(alice, BankRun.CAROL, 100));
            aliceBetweenSteps.awaitReached();            // withdrawn and flushed, not yet deposited
            bobs = stage.start(BankRun.BOB, () -> bank.openAccount(BankRun.BOB, 500)).failure();
            aliceBetweenSteps.release();
            alices = transfer.failure();
        } finally {
            aliceBetweenSteps.release();
            close.accept(bank);
        }
        return BankRun.judgeAlicePaysCarol(db, alices, bobs);
    }

    /**
     * One natural run, nothing forced: {@code threads} payers each pay the "bank" account
     * {@value BankRun#CENTS} cents {@value BankRun#TRANSFERS_EACH} times while Bob opens
     * accounts, one of them rejected, all through one bank (closed at the end); judged by
     * {@link BankRun#run}.
     */
    @Override
    public Outcome natural(Stage stage, int threads) {
        NaturalRuns.requireThreads(threads);
        Database db = stage.db();
        List<Long> payers = BankRun.openAccounts(db, threads);
        B bank = open.apply(db.sessionFactory());
        return BankRun.run(stage, payers, bank, () -> close.accept(bank));
    }
}
