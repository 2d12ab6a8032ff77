package dev.sharedsession.webload;

import dev.sharedsession.database.Database;
import picocli.CommandLine.Option;

/**
 * The database switches of {@code ./lab web} and {@code ./lab queue} (a picocli mixin): H2 by
 * default, or a server, its password from the environment only. Knows which database they choose
 * and how the report names it.
 */
final class DatabaseOptions {

    static final String H2_LABEL = "H2 " + org.h2.engine.Constants.VERSION + " in memory, over TCP on 127.0.0.1";

    @Option(names = "--db", paramLabel = "DATABASE",
            description = "h2 (default: in memory, served to the shop and the audit on 127.0.0.1), postgresql or mariadb "
                    + "(the local server; a schema or database of its own for each shop, dropped at the end). The password"
                    + " comes from the environment variable DB_PASSWORD, never the command line.")
    String db;

    @Option(names = "--db-url", paramLabel = "JDBC-URL", description = "Another server, e.g. jdbc:postgresql://db.example/shop.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (default: postgres for PostgreSQL, root for MariaDB).")
    String dbUser;

    @Option(names = "--db-password", paramLabel = "PASSWORD", hidden = true)
    String dbPassword;

    /** Refuses a password on the command line. */
    void check() {
        if (dbPassword != null) {
            throw new IllegalArgumentException("--db-password puts the password on the command line, where anyone on"
                    + " this machine can read it: set DB_PASSWORD instead");
        }
    }

    /** The database chosen, or exit code 2 saying why not ({@code command} names the caller in the message). */
    Database.Settings chosen(String command) {
        try {
            return Database.Settings.chosen(command, db, dbUrl, dbUser);
        } catch (IllegalArgumentException e) {
            throw new WebLoadFailure(2, e.getMessage());
        }
    }

    /** How the report names it: the server's product and version (a connection: exit code 2 if none), or H2's label. */
    static String label(Database.Settings chosen) {
        if (!chosen.engine().isServer()) {
            return H2_LABEL;
        }
        try {
            return Database.describeServer(chosen, WebLoad.DATABASE_OPTIONS);
        } catch (IllegalStateException e) {
            throw new WebLoadFailure(2, e.getMessage());
        }
    }
}
