package dev.sharedsession.web.safe;

import static org.assertj.core.api.Assertions.assertThat;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.awaitility.Awaitility.await;

import dev.sharedsession.web.Checkpoints;
import dev.sharedsession.web.ShopClient.Response;
import dev.sharedsession.web.ShopTest;
import dev.sharedsession.web.WebHooks;
import dev.sharedsession.web.shared.OrderState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The durable mode in one JVM (the faults that need several are in {@code DurableWorkersTest}): the
 * receipt is a job row written by the order's own transaction, run in a transaction of its own,
 * idempotent by the database, retried with back-off, and its last failure is shown to the client.
 */
@SpringBootTest(classes = {ShopApplication.class, WebHooks.class, DurableReceiptsTest.FailingCommit.class},
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {"spring.profiles.active=durable", "spring.jpa.properties.hibernate.session_guard=confined",
                "shop.durable.attempts=3", "shop.durable.first-back-off=100ms"})
@DisplayName("Durable receipts: a job in the order's transaction, run once, retried, its failure shown")
class DurableReceiptsTest extends ShopTest {

    private static final long TIMEOUT = Checkpoints.TIMEOUT.toSeconds();
    /** Long enough for three attempts and their back-off (0.1 s, then 0.2 s) on a slow machine. */
    private static final Duration SETTLED = Duration.ofSeconds(30);

    @Autowired
    private ReceiptWriter receipts;
    @Autowired
    private FailingCommit failingCommit;

    @Test
    @DisplayName("a placed order gets its receipt from the job, and the job is gone once it ran")
    void aPlacedOrderGetsItsReceiptFromTheJob() throws Exception {
        long alice = customer("Alice", "North");

        long order = shop.place(alice, 2_500).orderId();

        OrderState done = awaitSettled(order);
        assertThat(done.receipt()).isEqualTo("order " + order + ": 25.00 for Alice in North");
        assertThat(receiptsOf(order)).isEqualTo(1);
        assertThat(jobsOf(order)).isZero();
        assertThat(log.lines()).isEmpty();
        assertThat(noConnectionLeftCheckedOut()).isTrue();
    }

    @Test
    @DisplayName("the job is written by the order's transaction: seen on its connection before the commit, gone with its rollback")
    void theJobCommitsOrRollsBackWithTheOrder() throws Exception {
        long bob = customer("Bob", "South");
        failingCommit.arm();

        Response refused = shop.place(bob, 1_234);

        long order = failingCommit.order();
        assertThat(refused.status()).isEqualTo(500);
        assertThat(failingCommit.jobsSeenInTheTransaction()).isEqualTo(1);   // scheduled, on the request's connection
        assertThat(jdbc().queryForObject("select count(*) from purchase_order where customer_id = ?", Long.class, bob)).isZero();
        assertThat(jobsOf(order)).isZero();
        assertThat(receiptsOf(order)).isZero();
        assertThat(noConnectionLeftCheckedOut()).isTrue();
    }

    @Test
    @DisplayName("two runs of one order's receipt that both found none write one receipt: the unique order_id refuses the second")
    void twoRunsWriteOneReceipt() throws Exception {
        long order = orderOf("Carol", "East");
        // Both runs pass the check for an existing receipt; the first is stopped before its INSERT.
        Checkpoints.Gate first = checkpoints.beforeStatement("run-a", "insert into receipt");
        FutureTask<Boolean> a = new FutureTask<>(() -> receipts.issue(order));
        FutureTask<Boolean> b = new FutureTask<>(() -> receipts.issue(order));
        new Thread(a, "run-a").start();
        first.awaitReached();
        new Thread(b, "run-b").start();
        assertThat(b.get(TIMEOUT, SECONDS)).isTrue();    // the second run wrote and committed the receipt
        first.release();
        assertThat(a.get(TIMEOUT, SECONDS)).isFalse();   // the first one's INSERT was refused: nothing to do

        assertThat(receiptsOf(order)).isEqualTo(1);
        assertThat(noConnectionLeftCheckedOut()).isTrue();
    }

    @Test
    @DisplayName("a job that fails is tried again with back-off and succeeds: one receipt, no failure shown")
    void aJobThatFailsIsTriedAgain() throws Exception {
        long dave = customer("Dave", "West");
        checkpoints.failStatement("db-scheduler", "insert into receipt", "the receipt printer is out of paper");
        checkpoints.failStatement("db-scheduler", "insert into receipt", "the receipt printer is out of paper");

        long order = shop.place(dave, 4_200).orderId();

        OrderState done = awaitSettled(order);
        assertThat(done.receipt()).isEqualTo("order " + order + ": 42.00 for Dave in West");
        assertThat(receiptsOf(order)).isEqualTo(1);
        assertThat(jobsOf(order)).isZero();
        assertThat(failureLines()).hasSize(2);   // one WARN per failed attempt
        assertThat(noConnectionLeftCheckedOut()).isTrue();
    }

    @Test
    @DisplayName("a job that fails on its last attempt ends, and GET /orders/{id} says \"receipt failed: ...\"")
    void theLastFailureReachesTheClient() throws Exception {
        long erin = customer("Erin", "North");
        for (int attempt = 0; attempt < 3; attempt++) {
            checkpoints.failStatement("db-scheduler", "insert into receipt", "the receipt printer is out of paper");
        }

        long order = shop.place(erin, 990).orderId();

        OrderState done = awaitSettled(order);
        assertThat(done.receipt()).isEqualTo("receipt failed: IllegalStateException: the receipt printer is out of paper");
        assertThat(receiptsOf(order)).isZero();
        assertThat(jobsOf(order)).isZero();
        assertThat(noConnectionLeftCheckedOut()).isTrue();
    }

    /** GET /orders/{id} once it is no longer "pending", within {@link #SETTLED}. */
    private OrderState awaitSettled(long order) {
        return await().atMost(SETTLED).pollInterval(Duration.ofMillis(50))
                .until(() -> shop.order(order), state -> !state.receipt().equals("pending"));
    }

    /**
     * Every pooled connection back in the pool. db-scheduler's threads borrow one for a moment on
     * each poll (every 200 ms), so this waits for a moment with none out: a leaked connection never
     * comes back, and this then fails after {@link #SETTLED}.
     */
    private boolean noConnectionLeftCheckedOut() throws InterruptedException {
        activeConnections();   // every request ended
        await().atMost(SETTLED).pollInterval(Duration.ofMillis(10)).until(() -> pool().getHikariPoolMXBean().getActiveConnections() == 0);
        return true;
    }

    private long jobsOf(long order) {
        return jdbc().queryForObject("select count(*) from scheduled_tasks where task_name = ? and task_instance = ?",
                Long.class, DurableReceipts.RECEIPT_JOB, String.valueOf(order));
    }

    private List<String> failureLines() {
        return log.lines().stream().filter(line -> line.contains("out of paper")).toList();
    }

    /**
     * Makes an order's commit fail after its job was scheduled: a before-commit listener ordered
     * after every other one, which first counts the job rows its transaction's connection sees.
     */
    @TestConfiguration(proxyBeanMethods = false)
    static class FailingCommit {

        private final JdbcTemplate jdbc;
        private volatile boolean armed;
        private volatile long seen = -1;
        private volatile long order = -1;

        FailingCommit(DataSource dataSource) {
            // As db-scheduler's: the connection of the transaction running on the calling thread.
            this.jdbc = new JdbcTemplate(new TransactionAwareDataSourceProxy(dataSource));
        }

        void arm() {
            armed = true;
        }

        long jobsSeenInTheTransaction() {
            return seen;
        }

        /** The id the order had in its transaction. */
        long order() {
            return order;
        }

        @Order(Ordered.LOWEST_PRECEDENCE)
        @TransactionalEventListener(phase = TransactionPhase.BEFORE_COMMIT)
        public void failTheCommit(OrderPlaced placed) {
            if (armed) {
                armed = false;
                order = placed.orderId();
                seen = jdbc.queryForObject("select count(*) from scheduled_tasks where task_instance = ?", Long.class,
                        String.valueOf(placed.orderId()));
                throw new IllegalStateException("the commit fails after the job was scheduled");
            }
        }
    }
}
