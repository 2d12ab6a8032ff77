package dev.sharedsession.webload;

import dev.sharedsession.database.Database;
import dev.sharedsession.database.IsolatedDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.h2.tools.Server;

/**
 * Where each side's shop keeps its data, reachable from two JVMs at once: the shop's, which writes,
 * and this one, whose audit reads. On H2 (the default) an H2 TCP server in this JVM, bound to
 * 127.0.0.1, holds one in-memory database per side; on PostgreSQL or MariaDB each side gets a
 * schema or database of its own ({@link IsolatedDatabase}), dropped at the end. The shop JVM is
 * given the URL and user by environment (DB_URL, DB_USER) and the password too (DB_PASSWORD),
 * never on its command line; a URL into a namespace of ours makes it create none of its own.
 */
final class ShopPlace implements AutoCloseable {

    /**
     * The customers the load orders for: inserted once the shop has created its tables. A thousand,
     * so that the shop's credit limit (ShopRules: 1,000.00 per customer) refuses none of a default
     * run's orders (about one order of 50.00 on average per customer and side): the load measures
     * the background work, not the limit.
     */
    static final List<Long> CUSTOMERS = LongStream.rangeClosed(900_001, 901_000).boxed().toList();

    /**
     * A few more, kept for the credit limit (trap 4): only {@link RequestKind#LARGE_ORDER} orders for
     * them, 550.00 to 800.00, so that each accepts one and refuses (409) every one after it.
     */
    static final List<Long> LIMIT_CUSTOMERS = LongStream.rangeClosed(901_001, 901_040).boxed().toList();

    private final Database.Settings chosen;
    private final Server h2;
    private final List<IsolatedDatabase> namespaces = new ArrayList<>();

    private ShopPlace(Database.Settings chosen, Server h2) {
        this.chosen = chosen;
        this.h2 = h2;
    }

    /** {@code chosen} is the database switch's answer: H2 in memory, or a server. */
    static ShopPlace open(Database.Settings chosen) {
        if (chosen.engine().isServer() || !chosen.url().startsWith("jdbc:h2:mem:")) {
            return new ShopPlace(chosen, null);
        }
        // H2's servers listen on every address unless told otherwise: loopback only.
        System.setProperty("h2.bindAddress", "127.0.0.1");
        try {
            Server server = Server.createTcpServer("-tcpPort", String.valueOf(freePort()), "-ifNotExists").start();
            return new ShopPlace(chosen, server);
        } catch (SQLException e) {
            throw new WebLoadFailure(1, "cannot start H2's TCP server on 127.0.0.1: " + e.getMessage());
        }
    }

    /** A port of 127.0.0.1 that nothing listens on right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new WebLoadFailure(1, "cannot find a free port on 127.0.0.1: " + e.getMessage());
        }
    }

    /** A fresh database for one side's shop. */
    Database.Settings forSide(Side side) {
        return fresh(side.word());
    }

    /** A fresh database; on H2, {@code name} (letters, digits, _) tells it from the others of this run. */
    Database.Settings fresh(String name) {
        if (h2 != null) {
            return chosen.withUrl("jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/mem:shop_" + name
                    + "_" + ProcessHandle.current().pid() + ";DB_CLOSE_DELAY=-1");
        }
        if (!chosen.engine().isServer()) {
            return chosen;
        }
        IsolatedDatabase namespace = IsolatedDatabase.open(chosen);
        namespaces.add(namespace);
        return namespace.settings();
    }

    /** The load's customers (those kept for the credit limit too), two regions, in the tables the shop created. */
    static void seed(Database.Settings settings) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.url(), settings.user(), settings.password())) {
            try (PreparedStatement region = connection.prepareStatement("insert into region (id, label) values (?, ?)")) {
                for (long id : List.of(900_001L, 900_002L)) {
                    region.setLong(1, id);
                    region.setString(2, id == 900_001L ? "North" : "South");
                    region.executeUpdate();
                }
            }
            try (PreparedStatement customer = connection.prepareStatement(
                    "insert into customer (id, full_name, region_id) values (?, ?, ?)")) {
                for (long id : LongStream.concat(CUSTOMERS.stream().mapToLong(Long::longValue),
                        LIMIT_CUSTOMERS.stream().mapToLong(Long::longValue)).toArray()) {
                    customer.setLong(1, id);
                    customer.setString(2, "Customer " + (id - 900_000));
                    customer.setLong(3, id % 2 == 0 ? 900_002L : 900_001L);
                    customer.addBatch();
                }
                customer.executeBatch();
            }
        }
    }

    /** Drops the namespaces on a server, stops the H2 server. */
    @Override
    public void close() {
        namespaces.forEach(IsolatedDatabase::close);
        if (h2 != null) {
            h2.stop();
        }
    }
}
