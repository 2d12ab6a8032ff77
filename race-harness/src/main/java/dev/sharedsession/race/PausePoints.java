package dev.sharedsession.race;

import dev.sharedsession.database.Database;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;
import org.hibernate.event.spi.FlushEventListener;
import org.hibernate.event.spi.PostLoadEventListener;
import org.hibernate.event.spi.PreInsertEventListener;
import org.hibernate.event.spi.PreUpdateEventListener;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * Pause points inside Hibernate, for forcing an interleaving: stop one named thread at a
 * precise moment (just before a SQL statement, or inside an event listener) until another
 * thread has done its step.
 *
 * <pre>{@code
 * Pause beforeInsert = PausePoints.of(db).beforeStatement("background-worker", "insert into Receipt");
 * ... start the threads ...
 * beforeInsert.awaitReached();   // the worker is now stopped inside its flush
 * ... let the other thread act ...
 * beforeInsert.release();
 * }</pre>
 *
 * One instance belongs to one SessionFactory: {@link #openDatabase} wires it in as the
 * database's {@link Database.Instrumentation}. Unarmed, every hook is a cheap pass-through.
 */
public final class PausePoints implements Database.Instrumentation {

    private final Duration timeout;
    private final List<Pause> armed = new CopyOnWriteArrayList<>();

    public PausePoints(Duration timeout) {
        this.timeout = timeout;
    }

    /** A database with pause points wired in, every pause bounded by {@link Race#TIMEOUT}. */
    public static Database openDatabase(Database.Settings settings) {
        return openDatabase(settings, Race.TIMEOUT);
    }

    /** A database with pause points wired in, every pause bounded by {@code timeout}. */
    public static Database openDatabase(Database.Settings settings, Duration timeout) {
        return Database.open(settings, new PausePoints(timeout));
    }

    /** The database a test gets ({@link Database.Settings#fromSystemProperties}), with pause points. */
    public static Database testDatabase(String label) {
        return openDatabase(Database.Settings.fromSystemProperties(label));
    }

    /** The pause points wired into {@code db}; it must have been opened by {@link #openDatabase}. */
    public static PausePoints of(Database db) {
        return db.instrumentation(PausePoints.class).orElseThrow(() -> new IllegalStateException(
                "this database has no pause points: open it with PausePoints.openDatabase(settings)"));
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Stops {@code threadName} just before Hibernate prepares the first SQL statement that
     * contains {@code sqlFragment} (ignoring case).
     */
    public Pause beforeStatement(String threadName, String sqlFragment) {
        String fragment = sqlFragment.toLowerCase(Locale.ROOT);
        return arm(new Pause(Hook.BEFORE_STATEMENT, threadName, "'" + sqlFragment + "'",
                sql -> ((String) sql).toLowerCase(Locale.ROOT).contains(fragment), timeout));
    }

    /**
     * Stops {@code threadName} inside the event listener for {@code hook}, the first time it
     * fires for an entity of {@code entityType} (for {@link Hook#FLUSH}, which has no entity,
     * pass {@code Object.class}).
     */
    public Pause onEvent(Hook hook, String threadName, Class<?> entityType) {
        if (hook == Hook.BEFORE_STATEMENT) {
            throw new IllegalArgumentException("use beforeStatement(...) for SQL pause points");
        }
        return arm(new Pause(hook, threadName, entityType.getSimpleName(), entityType::isInstance, timeout));
    }

    private Pause arm(Pause pause) {
        armed.add(pause);
        return pause;
    }

    /** Lets every paused thread go: called when a test ends, whatever happened in it. */
    @Override
    public void release() {
        releaseAll();
    }

    public void releaseAll() {
        armed.forEach(Pause::release);
    }

    /** A unit of work of a stage's thread ended: each pause still waiting for that thread hears of it. */
    void ended(Ending ending) {
        for (Pause pause : armed) {
            pause.ended(ending);
        }
    }

    private void passing(Hook hook, Object subject) {
        for (Pause pause : armed) {
            pause.passing(hook, subject);
        }
    }

    /** The SQL hook, set as the factory's {@code hibernate.session_factory.statement_inspector}. */
    @Override
    public StatementInspector statementInspector() {
        return new PausingInspector(this);
    }

    /** Registers the event-listener hooks when the SessionFactory is built. */
    @Override
    public Integrator integrator() {
        return new Integrator() {
            @Override
            public void integrate(Metadata metadata, BootstrapContext context, SessionFactoryImplementor factory) {
                EventListenerRegistry listeners = factory.getEventListenerRegistry();
                listeners.appendListeners(EventType.PRE_INSERT, (PreInsertEventListener) event -> {
                    passing(Hook.PRE_INSERT, event.getEntity());
                    return false; // false = do not veto the insert
                });
                listeners.appendListeners(EventType.PRE_UPDATE, (PreUpdateEventListener) event -> {
                    passing(Hook.PRE_UPDATE, event.getEntity());
                    return false;
                });
                listeners.appendListeners(EventType.POST_LOAD,
                        (PostLoadEventListener) event -> passing(Hook.POST_LOAD, event.getEntity()));
                // Prepended, so the pause happens before Hibernate's own flush listener runs.
                listeners.prependListeners(EventType.FLUSH,
                        (FlushEventListener) event -> passing(Hook.FLUSH, event));
            }
        };
    }

    /** Serializable because StatementInspector is; it never actually travels. */
    private static final class PausingInspector implements StatementInspector {
        private static final long serialVersionUID = 1L;
        private final transient PausePoints points;

        PausingInspector(PausePoints points) {
            this.points = points;
        }

        @Override
        public String inspect(String sql) {
            points.passing(Hook.BEFORE_STATEMENT, sql);
            return sql;
        }
    }
}
