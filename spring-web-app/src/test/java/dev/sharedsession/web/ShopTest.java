package dev.sharedsession.web;

import com.zaxxer.hikari.HikariDataSource;
import dev.sharedsession.model.Fixtures;
import dev.sharedsession.web.shared.Receipts;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What every test of either application has: the running application on a random port of
 * 127.0.0.1, its hooks ({@link WebHooks}), a customer to order for, and plain-JDBC checks of the
 * database that do not go through Hibernate.
 */
public abstract class ShopTest {

    @LocalServerPort
    private int port;
    @Autowired
    protected Checkpoints checkpoints;
    @Autowired
    protected HeldExecutor executor;
    @Autowired
    protected EntityManagerFactory entityManagerFactory;
    @Autowired
    private HikariDataSource pool;

    protected ShopClient shop;
    protected LogCapture log;

    @BeforeEach
    void openClientAndLog() {
        shop = new ShopClient(port);
        log = new LogCapture();
    }

    @AfterEach
    void releaseEverything() {
        checkpoints.reset();
        executor.reset();
        log.close();
    }

    /** A customer, in a unit of work of its own on the test's thread; returns the id. */
    protected long customer(String name, String region) {
        return Fixtures.customerWithOrders(entityManagerFactory.unwrap(SessionFactory.class), name, region, 0);
    }

    /** A customer with one order of 10.00, placed earlier (no background work); returns the order's id. */
    protected long orderOf(String name, String region) {
        long customer = Fixtures.customerWithOrders(entityManagerFactory.unwrap(SessionFactory.class), name, region, 1);
        return jdbc().queryForObject("select id from purchase_order where customer_id = ?", Long.class, customer);
    }

    /** The application's pool. */
    protected HikariDataSource pool() {
        return pool;
    }

    /** Plain JDBC on the application's pool, past Hibernate. */
    protected JdbcTemplate jdbc() {
        return new JdbcTemplate(pool);
    }

    /** How many receipts of this order are in the database (by their text: the broken shop's name no order). */
    protected long receiptsOf(long orderId) {
        return new JdbcTemplate(pool).queryForObject("select count(*) from receipt where message like ?", Long.class,
                Receipts.prefix(orderId) + "%");
    }

    /**
     * Pooled connections checked out once every request has ended: with open-in-view a request
     * holds its connection until then, a moment after its client got the response.
     */
    protected int activeConnections() throws InterruptedException {
        checkpoints.awaitRequestsEnded();
        return pool.getHikariPoolMXBean().getActiveConnections();
    }
}
