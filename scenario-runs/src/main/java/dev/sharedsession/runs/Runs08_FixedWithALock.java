package dev.sharedsession.runs;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.Bank;
import dev.sharedsession.model.SteppedBank;
import dev.sharedsession.race.Actor;
import dev.sharedsession.race.Gap;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.Stage;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.SessionFactory;

/**
 * Scenario 8's runs ("fixed" with a lock), written once for both sides: a side is its bank,
 * {@code new Scenario08_...(sessionFactory)} (a {@link Bank}) and how it ends when the bank
 * shuts down (the broken side's {@code close}; nothing on the safe side, whose units of work
 * each closed their own Session). Both sides' banks offer the same unit of work made of visible steps
 * ({@link SteppedBank#begin()}, then {@link SteppedBank.Steps}), so the runs can hold Alice <em>between</em> two
 * steps with a {@link Gap}: a pause point could not, since on the broken side it would fire
 * inside a locked call, with the lock held, and nobody else could get in.
 *
 * @param <B> the side's bank
 */
public final class Runs08_FixedWithALock<B extends SteppedBank> implements ScenarioRun {

    /** Payers of the natural run unless told otherwise (Bob opens his accounts beside them). */
    public static final int DEFAULT_THREADS = BankRun.PAYERS;

    private final Function<SessionFactory, B> open;
    private final Consumer<B> close;

    public Runs08_FixedWithALock(Function<SessionFactory, B> open, Consumer<B> close) {
        this.open = open;
        this.close = close;
    }

    /**
     * The headline, forced: Alice pays Carol 100 cents step by step on her own thread, and Bob
     * opens an account in the gap between her two steps, after her withdrawal and before her
     * deposit. Broken: Bob's locked commit commits <em>the</em> transaction, her withdrawal with
     * it, and her deposit finds no transaction: "100 cents vanished". Safe: Bob's commit commits
     * only his account, Alice's transfer commits whole: ok.
     */
    @Override
    public Outcome forced(Stage stage) {
        Database db = stage.db();
        long alice = BankRun.openAliceAndCarol(db);
        B bank = open.apply(db.sessionFactory());
        Gap aliceBetweenSteps = stage.gap(BankRun.ALICE);
        Throwable alices;
        Throwable bobs;
        try {
            Actor<Void> transfer = stage.run(BankRun.ALICE, () -> transferStepByStep(bank, alice, BankRun.CAROL, 100, aliceBetweenSteps));
            aliceBetweenSteps.awaitReached();                  // withdrawn, not yet deposited
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

    /**
     * What {@code bank.transfer(fromId, payee, cents)} does, its steps called one by one on the
     * calling thread, which waits in {@code between} after the withdrawal.
     */
    public static void transferStepByStep(SteppedBank bank, long fromId, String payee, long cents, Gap between) {
        SteppedBank.Steps transfer = bank.begin();
        try {
            transfer.withdraw(fromId, cents);
            between.pass();                                    // between two steps: no call is running
            transfer.deposit(payee, cents);
            transfer.commit();
        } catch (RuntimeException e) {
            transfer.rollback();
            throw e;
        }
    }
}
