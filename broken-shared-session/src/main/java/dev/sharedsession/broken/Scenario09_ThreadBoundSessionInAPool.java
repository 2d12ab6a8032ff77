package dev.sharedsession.broken;

import dev.sharedsession.model.Receipt;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scenario 9, broken: a thread-bound "current Session" on a thread pool.
 *
 * <p>The story. The application is configured with
 * {@code hibernate.current_session_context_class=thread}, so {@code getCurrentSession()} hands
 * out the Session bound to the calling thread, opening and binding one if there is none.
 * Requests (thread {@code request}) hand batches of receipt lines to a background executor
 * (threads {@code background-worker}, {@code background-worker-2}). Each task calls
 * {@code getCurrentSession()}, {@code beginTransaction()}, persists one receipt per line and
 * commits. A blank line throws half-way through, and nothing rolls back.
 *
 * <p>What breaks. The thread context unbinds (and closes) a Session only when its transaction
 * ends. A task that throws before commit leaves its Session bound to the <em>pool thread</em>,
 * in an open transaction, holding its JDBC connection. Pool threads live on, so:
 * <ul>
 *   <li>the next task on that thread gets the same Session from {@code getCurrentSession()};
 *       on Hibernate 7.4.15, {@code session.beginTransaction()} on a Session whose transaction
 *       is active does not complain, it simply joins it (only {@code getTransaction().begin()}
 *       says {@code IllegalStateException: Resource-local transaction already active}). The
 *       next task's commit therefore also commits the failed task's half batch: its caller
 *       was told "failed", yet its first lines are in the database;</li>
 *   <li>every pool thread that ran a failing task last keeps a connection checked out. With
 *       two workers and a pool of two connections, two failures are enough: any other thread
 *       asking for a connection times out with
 *       {@code org.hibernate.exception.JDBCConnectionException: Unable to acquire JDBC Connection
 *       [pool-7 - Connection is not available, request timed out after 503ms (total=2, active=2,
 *       idle=0, waiting=0)] [n/a]} (cause {@code java.sql.SQLTransientConnectionException}, same text).</li>
 * </ul>
 *
 * <p>The fix, in {@code safe-session-per-thread}: a unit of work that always ends, whatever
 * happens in it: {@code sessionFactory.inTransaction(...)} when the code can take the Session
 * as a parameter, or, where code deep down calls {@code getCurrentSession()}, a wrapper that
 * commits or rolls back and in {@code finally} unbinds and closes whatever is still bound.
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

    /** Writes one receipt per line, in the current Session of the calling thread. */
    public int importReceipts(long customerId, List<String> lines) {
        Session session = sessionFactory.getCurrentSession();
        // BROKEN: if this pool thread still has a Session in a transaction, this joins it.
        session.beginTransaction();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                // BROKEN: nothing rolls back, so the Session stays bound to this thread, its
                // transaction open, its connection checked out.
                throw new IllegalArgumentException("line " + (i + 1) + " of the batch for customer " + customerId + " is blank");
            }
            session.persist(new Receipt(customerId, line));
        }
        session.getTransaction().commit(); // the only way out that unbinds the Session
        log.info("imported {} receipt(s) for customer {}", lines.size(), customerId);
        return lines.size();
    }
}
