package dev.sharedsession.workshop.exercise09;

import dev.sharedsession.model.Receipt;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.hibernate.Session;
import org.hibernate.SessionFactory;

/**
 * Exercise 9, starting point: receipt lines imported in the background, through the "current
 * Session" ({@code hibernate.current_session_context_class=thread}: {@code getCurrentSession()}
 * returns the Session bound to the calling thread, and opens and binds one if there is none).
 *
 * <p>YOUR TASK: a batch with a blank line must fail alone and leave nothing behind, on a pool
 * whose threads live on after each task. The check uses a connection pool of two, and a thread
 * waits at most 500 ms for a connection. It forces three interleavings:
 * <ol>
 *   <li>one background thread: Alice's batch ("coffee", then a blank line) runs and fails,
 *       then Bob's ("tea") runs on the same thread. Alice's future must fail with her blank
 *       line, Bob's must succeed, and the database must hold Bob's "tea" only;</li>
 *   <li>two background threads: two batches, each with a blank line, fail, one on each thread;
 *       when both tasks are over, a request imports "juice" on its own thread. It must get a
 *       connection and succeed, and no connection may be left checked out;</li>
 *   <li>any failure, not only a blank line: Alice's upload breaks off after its first line
 *       (reading the second throws), then Bob's batch runs on the same thread; then a request's
 *       own upload breaks off on its thread. Only Bob's "tea" may be in the database, and no
 *       connection may be left checked out and no Session left open.</li>
 * </ol>
 * Change only this file. Check with {@code ./exercise check 9}; page:
 * docs/workshop/exercise-09-current-session-pool.md.
 */
public final class ReceiptImport implements Imports {

    private final SessionFactory sessionFactory;
    private final Executor background;

    public ReceiptImport(SessionFactory sessionFactory, Executor background) {
        this.sessionFactory = sessionFactory;
        this.background = background;
    }

    @Override
    public CompletableFuture<Integer> submitImport(long customerId, List<String> lines) {
        return CompletableFuture.supplyAsync(() -> importReceipts(customerId, lines), background);
    }

    @Override
    public int importReceipts(long customerId, List<String> lines) {
        Session session = sessionFactory.getCurrentSession();
        session.beginTransaction();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                throw new IllegalArgumentException("line " + (i + 1) + " of the batch for customer " + customerId + " is blank");
            }
            persistLine(customerId, line);
        }
        session.getTransaction().commit(); // the thread context unbinds and closes the Session when its transaction ends
        return lines.size();
    }

    /** Code deeper down (in real life a repository class) that relies on the thread's current Session. */
    private void persistLine(long customerId, String line) {
        sessionFactory.getCurrentSession().persist(new Receipt(customerId, line));
    }
}
