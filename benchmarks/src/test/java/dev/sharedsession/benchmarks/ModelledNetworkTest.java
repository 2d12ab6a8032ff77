package dev.sharedsession.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sharedsession.database.Database;
import dev.sharedsession.model.VersionedCounter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The modelled network, through real JDBC on the database the project's switch chooses
 * ({@code -Ddb}, default H2): which calls are round trips, that each one waits at least the RTT
 * (a lower bound the code enforces; how much longer is the machine's business, and no test's),
 * and that the waiting thread is parked, not spinning.
 */
class ModelledNetworkTest {

    private static final double RTT_MS = 0.2;
    private static final long RTT_NANOS = 200_000;

    /** Every wait this thread's round trips made, in order. */
    private final List<Long> waits = Collections.synchronizedList(new ArrayList<>());
    private ModelledNetwork network;
    private Database db;

    @BeforeEach
    void open() {
        network = ModelledNetwork.ofMillis(RTT_MS);
        db = BenchDatabase.open("network_test", Bench.switchedDatabase(), network, "off");
        BenchDatabase.insertCounters(db, "VersionedCounter", 1);
        network.countOnThisThread(waits::add);
    }

    @AfterEach
    void close() {
        assertThat(db.activeConnections()).as("pooled connections left checked out").isZero();
        db.close();
    }

    @Test
    @DisplayName("a unit of work through Hibernate is three round trips (SELECT, versioned UPDATE, commit), each waiting at least the RTT")
    void aUnitOfWorkIsThreeRoundTrips() {
        db.sessionFactory().inTransaction(session -> session.find(VersionedCounter.class, 1L).increment());

        assertThat(waits).hasSize(3).allSatisfy(waited -> assertThat(waited).isGreaterThanOrEqualTo(RTT_NANOS));
        assertThat(db.queryForLong("select hits from VersionedCounter where id = 1")).isEqualTo(1);
    }

    @Test
    @DisplayName("raw JDBC with the same SQL is the same three round trips; opening a Session or borrowing a connection is none")
    void rawJdbcIsTheSameThreeRoundTrips() throws Exception {
        db.sessionFactory().openSession().close();
        try (Connection borrowed = db.dataSource().getConnection()) {
            assertThat(borrowed.isClosed()).isFalse();
        }
        assertThat(waits).as("round trips before any statement").isEmpty();

        assertThat(UnitOfWorkBenchmark.incrementWithJdbc(db, 1)).isTrue();

        assertThat(waits).hasSize(3).allSatisfy(waited -> assertThat(waited).isGreaterThanOrEqualTo(RTT_NANOS));
    }

    @Test
    @DisplayName("a rollback is a round trip, and a batch of inserts is one")
    void rollbackAndBatch() throws Exception {
        try (Connection connection = db.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into VersionedCounter (id, label, hits, row_version) values (?, 'batch', 0, 0)")) {
            connection.setAutoCommit(false);
            for (long id = 10; id < 15; id++) {
                insert.setLong(1, id);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.rollback();
            connection.setAutoCommit(true);
        }

        assertThat(waits).hasSize(2).allSatisfy(waited -> assertThat(waited).isGreaterThanOrEqualTo(RTT_NANOS));
        assertThat(db.countRows("VersionedCounter")).as("rolled back").isEqualTo(1);
        assertThat(network.roundTrips()).as("counted on the network too").isGreaterThanOrEqualTo(2);
        assertThat(network.waitedNanos()).isGreaterThanOrEqualTo(2 * RTT_NANOS);
    }

    @Test
    @DisplayName("while JMH warms up the network is off: round trips neither wait nor count")
    void switchedOffForTheWarmUp() {
        network.measure(false);
        db.sessionFactory().inTransaction(session -> session.find(VersionedCounter.class, 1L).increment());
        assertThat(waits).isEmpty();

        network.measure(true);
        db.sessionFactory().inTransaction(session -> session.find(VersionedCounter.class, 1L).increment());
        assertThat(waits).hasSize(3);
    }

    @Test
    @DisplayName("a thread in a round trip is parked on the network (TIMED_WAITING), not spinning on a core")
    void theWaitParks() throws Exception {
        // A long round trip, so that the other thread can look at it mid-wait.
        ModelledNetwork slow = ModelledNetwork.ofMillis(1_000);
        long[] waited = new long[1];
        Thread client = new Thread(() -> waited[0] = slow.roundTrip(), "client");
        client.start();

        // Look until the client is seen parked on the network, or it is done (a spinning wait never is).
        // LockSupport names the blocker just before parking, so both are watched for.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        boolean seenParked = false;
        while (!seenParked && client.isAlive() && System.nanoTime() < deadline) {
            seenParked = LockSupport.getBlocker(client) == slow && client.getState() == Thread.State.TIMED_WAITING;
            Thread.onSpinWait();
        }
        client.join(Duration.ofSeconds(10).toMillis());

        assertThat(seenParked).as("the client thread was seen TIMED_WAITING, parked on the network").isTrue();
        assertThat(client.isAlive()).isFalse();
        assertThat(waited[0]).isGreaterThanOrEqualTo(slow.rttNanos());
    }

    @Test
    @DisplayName("a round-trip time below 0 or above a second is refused")
    void badRoundTripTimes() {
        assertThatThrownBy(() -> ModelledNetwork.ofMillis(-1)).hasMessage("a round-trip time is 0 to 1000 ms, not -1.0");
        assertThatThrownBy(() -> ModelledNetwork.ofMillis(Double.NaN)).hasMessageContaining("not NaN");
        assertThat(ModelledNetwork.format(0.2)).isEqualTo("0.2");
        assertThat(ModelledNetwork.format(1.0)).isEqualTo("1");
    }
}
