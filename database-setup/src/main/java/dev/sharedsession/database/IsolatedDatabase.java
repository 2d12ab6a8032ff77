package dev.sharedsession.database;

import java.util.Objects;

/**
 * The chosen database and nothing built on it: for a framework that makes its own pool and its own
 * Hibernate (Spring Boot's JPA auto-configuration), and only wants what {@link Database} gives every
 * run here, the {@code -Ddb} switch and a namespace of its own on a server.
 *
 * <pre>{@code
 * try (IsolatedDatabase place = IsolatedDatabase.open(Database.Settings.fromSystemProperties("web"))) {
 *     String url = place.settings().url();   // H2 in memory, or the server's URL into ss_<pid>_<n>
 *     ... a pool on url, a framework's EntityManagerFactory on the pool ...
 * }                                          // the schema (PostgreSQL) or database (MariaDB) is dropped
 * }</pre>
 *
 * On H2 the settings are returned as they are (a fresh in-memory database already). Close it after
 * the pool on it is closed.
 */
public final class IsolatedDatabase implements AutoCloseable {

    private final Database.Settings settings;
    private final ServerNamespace namespace;

    private IsolatedDatabase(Database.Settings settings, ServerNamespace namespace) {
        this.settings = settings;
        this.namespace = namespace;
    }

    /** On a server, creates a namespace of its own; on H2, nothing to create. */
    public static IsolatedDatabase open(Database.Settings settings) {
        Objects.requireNonNull(settings, "settings");
        if (!settings.engine().isServer() || ServerNamespace.isOurs(settings.url())) {
            return new IsolatedDatabase(settings, null);
        }
        ServerNamespace namespace = ServerNamespace.create(settings.engine(), settings);
        return new IsolatedDatabase(settings.withUrl(namespace.url()), namespace);
    }

    /** Where to connect: on a server, a URL into this run's own schema or database. */
    public Database.Settings settings() {
        return settings;
    }

    /** The namespace's name on a server ({@code ss_<pid>_<n>}), or null on H2. */
    public String namespace() {
        return namespace == null ? null : namespace.name();
    }

    /** Drops the namespace on a server; nothing on H2. */
    @Override
    public void close() {
        if (namespace != null) {
            namespace.close();
        }
    }
}
