package dev.sharedsession.database;

import java.util.Locale;

/**
 * The three databases the catalogue runs on, chosen with one switch: {@code -Ddb=h2|postgresql|mariadb}
 * (or the environment variable {@code DB}). H2 is embedded and needs nothing; the other two are
 * servers, by default the local ones this project's machines run.
 */
public enum Engine {
    /** Embedded, in memory, in the test's own JVM: the default everywhere. */
    H2("h2", null, "sa", "jdbc:h2:"),
    /** A PostgreSQL server: each database of ours is a schema of its own in {@code test}. */
    POSTGRESQL("postgresql", "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "jdbc:postgresql:"),
    /** A MariaDB (or MySQL) server: each database of ours is a database of its own. */
    MARIADB("mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "root", "jdbc:mariadb:");

    private final String word;
    private final String defaultUrl;
    private final String defaultUser;
    private final String urlPrefix;

    Engine(String word, String defaultUrl, String defaultUser, String urlPrefix) {
        this.word = word;
        this.defaultUrl = defaultUrl;
        this.defaultUser = defaultUser;
        this.urlPrefix = urlPrefix;
    }

    /** The name the switch takes: {@code h2}, {@code postgresql}, {@code mariadb}. */
    public String word() {
        return word;
    }

    /** Where the server is unless {@code db.url} says otherwise; null for H2 (a fresh one in memory). */
    public String defaultUrl() {
        return defaultUrl;
    }

    public String defaultUser() {
        return defaultUser;
    }

    /** Whether this database is a server reached over a connection, not embedded. */
    public boolean isServer() {
        return this != H2;
    }

    /** {@code h2}, {@code postgresql} or {@code mariadb}; anything else is refused with what to type. */
    public static Engine named(String word) {
        String wanted = word.trim().toLowerCase(Locale.ROOT);
        for (Engine engine : values()) {
            if (engine.word.equals(wanted)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("unknown database '" + word + "': choose h2, postgresql or mariadb");
    }

    /** The engine a JDBC URL points at ({@code jdbc:mysql:} counts as MariaDB); H2 if none matches. */
    public static Engine ofUrl(String url) {
        if (url.startsWith("jdbc:mysql:")) {
            return MARIADB;
        }
        for (Engine engine : values()) {
            if (url.startsWith(engine.urlPrefix)) {
                return engine;
            }
        }
        return H2;
    }
}
