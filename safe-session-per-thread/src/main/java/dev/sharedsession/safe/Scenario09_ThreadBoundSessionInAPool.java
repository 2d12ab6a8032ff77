package dev.sharedsession.safe;

import dev.sharedsession.model.Receipt;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;
import org.hibernate.context.internal.ThreadLocalSessionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 9, safe: a thread-bound "current Session" on a thread pool.
 *
 * <p>The story is the same: with {@code hibernate.current_session_context_class=thread},
 * requests (thread {@code request}) hand batches of receipt lines to two background workers
 * ({@code background-worker}, {@code background-worker-2}); code in the task calls
 * {@code getCurrentSession()}; a blank line throws half-way through a batch.
 *
 * <p>The fix: every task's unit of work ends, whatever happens in it, so nothing stays bound
 * to a pool thread that outlives the task.
 * <ul>
 *   <li>Where the code can take the Session as a parameter, don't use the current Session at
 *       all: {@code sessionFactory.inTransaction(session -> ...)} opens a Session of its own,
 *       commits, or rolls back on any exception, and always closes it.</li>
 *   <li>Where code deep down calls {@code getCurrentSession()} (as {@link #importReceipts} does
 *       through {@link #persistLine}), the task runs inside {@link #inCurrentSession}: begin,
 *       commit, or roll back and rethrow; either ends the transaction, which makes the thread
 *       context unbind and close the Session. A {@code finally} then unbinds and closes
 *       whatever is still bound (a rollback that itself failed), so the next task on this
 *       thread always starts from nothing.</li>
 * </ul>
 * The failed batch's caller gets its real exception, its lines are rolled back, the connection
 * is back in the pool the moment the task ends.
 */
public final class Scenario09_ThreadBoundSessionInAPool {

    private static final Logger log = LoggerFactory.getLogger(Scenario09_ThreadBoundSessionInAPool.class);

    private final SessionFactory sessionFactory;
    private final Executor background;

    public Scenario09_ThreadBoundSessionInAPool(SessionFactory sessionFactory, Executor background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    /** The request hands a batch to the background; the future says how the task ended. */
    public CompletableFuture<Integer> submitImport(long customerId, List<String> lines) {
        return CompletableFuture.supplyAsync(() -> importReceipts(customerId, lines), background);
    }

    /** Writes one receipt per line, in a unit of work that always ends. */
    public int importReceipts(long customerId, List<String> lines) {
        return inCurrentSession(session -> {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    throw new IllegalArgumentException("line " + (i + 1) + " of the batch for customer " + customerId + " is blank");
                }
                persistLine(customerId, line);
            }
            log.info("imported {} receipt(s) for customer {}", lines.size(), customerId);
            return lines.size();
        });
    }

    /** Code deep in the call chain that relies on the thread's current Session. */
    private void persistLine(long customerId, String line) {
        sessionFactory.getCurrentSession().persist(new Receipt(customerId, line));
    }

    /**
     * Runs {@code work} as one unit of work in this thread's current Session, and leaves the
     * thread with no Session bound, whatever happens.
     */
    private <T> T inCurrentSession(Function<Session, T> work) {
        Session session = sessionFactory.getCurrentSession();
        Transaction transaction = session.beginTransaction();
        try {
            T result = work.apply(session);
            transaction.commit(); // ending the transaction unbinds and closes the Session
            return result;
        } catch (RuntimeException | Error failure) {
            if (transaction.isActive()) {
                transaction.rollback(); // so does rolling it back
            }
            throw failure;
        } finally {
            // SAFE: even if commit or rollback threw, nothing stays bound to this pool thread.
            Session left = ThreadLocalSessionContext.unbind(sessionFactory);
            if (left != null && left.isOpen()) {
                left.close();
            }
        }
    }
}
