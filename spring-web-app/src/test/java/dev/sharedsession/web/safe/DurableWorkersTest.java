package dev.sharedsession.web.safe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sharedsession.database.Database;
import dev.sharedsession.database.IsolatedDatabase;
import dev.sharedsession.web.ShopClient;
import dev.sharedsession.web.ShopJvm;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The durable mode's faults, with the shop in JVMs of its own sharing one database server
 * (PostgreSQL or MariaDB; H2 has no server here, so these tests skip on it). Each JVM is killed at
 * a point a hook forces ({@link HookedShop}: holding a job claimed, its transaction open), never at
 * a moment chosen by timing. db-scheduler finds the dead JVM's job by its heartbeat, 2 s old at
 * the latest (application-durable.properties), and another JVM runs it again.
 */
@DisplayName("Durable receipts across JVMs: a JVM killed holding a job, and every acknowledged order gets one receipt")
class DurableWorkersTest {

    private static final Duration STARTED = Duration.ofSeconds(90);
    private static final Duration SETTLED = Duration.ofSeconds(60);

    private IsolatedDatabase database;
    private final List<ShopJvm> started = new ArrayList<>();

    @BeforeEach
    void serverDatabaseOnly() {
        Database.Settings settings = Database.Settings.fromSystemProperties("durable");
        assumeTrue(settings.engine().isServer(), "several JVMs share a database server: run with -Ddb=postgresql or -Ddb=mariadb");
        database = IsolatedDatabase.open(settings);
    }

    @AfterEach
    void stopWhatWasStarted() throws Exception {
        for (ShopJvm jvm : started) {
            jvm.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    @DisplayName("a worker killed after it claimed a job and before its commit: another worker writes the receipt, once")
    void aWorkerKilledHoldingAJob() throws Exception {
        int port = ShopJvm.freePort();
        // The web application schedules jobs and claims none: workers do them all.
        ShopJvm web = start("web", Map.of(), "--spring.profiles.active=durable", "--db-scheduler.enabled=false",
                "--server.port=" + port);
        ShopJvm doomed = start("worker-1", Map.of("SHOP_HOOK_HOLD", "true"), "--spring.profiles.active=durable,worker");
        ShopClient shop = new ShopClient(port);
        long customer = customer();

        long order = shop.place(customer, 3_100).orderId();
        doomed.awaitLine("hook: holding", SETTLED);

        assertThat(job(order)).isEqualTo("picked");   // claimed by worker-1, its transaction open
        assertThat(receipts(order)).isZero();
        doomed.kill();
        start("worker-2", Map.of(), "--spring.profiles.active=durable,worker");

        await().atMost(SETTLED).until(() -> receipts(order) == 1 && job(order).equals("none"));
        assertThat(shop.order(order).receipt()).isEqualTo("order " + order + ": 31.00 for Kim in North");
        assertThat(receipts(order)).isEqualTo(1);
        assertThat(web.lines()).noneMatch(line -> line.contains("ERROR"));
    }

    @Test
    @DisplayName("the web application killed under load with jobs claimed and waiting, then started again: each acknowledged order gets one receipt")
    void theWebApplicationKilledUnderLoad() throws Exception {
        int port = ShopJvm.freePort();
        // Its job threads stop before each receipt: jobs stay claimed or waiting until the kill.
        ShopJvm web = start("web", Map.of("SHOP_HOOK_HOLD", "true"), "--spring.profiles.active=durable", "--server.port=" + port);
        ShopClient shop = new ShopClient(port);
        long customer = customer();
        List<Long> acknowledged = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            acknowledged.add(shop.place(customer, 100 + i).orderId());
        }
        web.awaitLine("hook: holding", SETTLED);
        // More requests on their way while it dies: none of these may count, whatever happens to them.
        List<CompletableFuture<ShopClient.Response>> inFlight = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inFlight.add(shop.placeAsync(ShopClient.order(customer, 200 + i)));
        }
        web.kill();
        for (CompletableFuture<ShopClient.Response> request : inFlight) {
            ShopClient.Response answer = request.handle((response, failure) -> response).join();
            if (answer != null && answer.status() == 201) {
                acknowledged.add(answer.orderId());
            }
        }
        assertThat(count("select count(*) from scheduled_tasks where picked = ?", true)).isPositive();

        start("web-again", Map.of(), "--spring.profiles.active=durable", "--server.port=" + port,
                "--spring.jpa.hibernate.ddl-auto=none");

        await().atMost(SETTLED).until(() -> count("select count(*) from scheduled_tasks") == 0);
        for (long order : acknowledged) {
            assertThat(receipts(order)).as("receipts of order %d", order).isEqualTo(1);
        }
        assertThat(count("select count(*) from receipt r where not exists (select 1 from purchase_order o where o.id = r.order_id)"))
                .isZero();
    }

    private ShopJvm start(String name, Map<String, String> hooks, String... args) throws Exception {
        ShopJvm jvm = ShopJvm.start(name, HookedShop.class.getName(), database.settings(), hooks, List.of(args));
        started.add(jvm);
        jvm.awaitLine("hook: ready", STARTED);
        return jvm;
    }

    /** A customer, Kim in North, written by plain JDBC (the shop has no endpoint for it). */
    private long customer() throws SQLException {
        try (Connection connection = connect(); var statement = connection.createStatement()) {
            statement.executeUpdate("insert into region (id, label) values (900001, 'North')");
            statement.executeUpdate("insert into customer (id, full_name, region_id) values (900001, 'Kim', 900001)");
        }
        return 900_001;
    }

    private long receipts(long order) throws SQLException {
        return count("select count(*) from receipt where order_id = ?", order);
    }

    /** The order's job: "waiting", "picked" (claimed by a JVM), or "none" (done, or never scheduled). */
    private String job(long order) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement select = connection.prepareStatement(
                     "select picked from scheduled_tasks where task_name = ? and task_instance = ?")) {
            select.setString(1, DurableReceipts.RECEIPT_JOB);
            select.setString(2, String.valueOf(order));
            try (ResultSet row = select.executeQuery()) {
                return !row.next() ? "none" : row.getBoolean(1) ? "picked" : "waiting";
            }
        }
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private Connection connect() throws SQLException {
        Database.Settings settings = database.settings();
        return DriverManager.getConnection(settings.url(), settings.user(), settings.password());
    }
}
