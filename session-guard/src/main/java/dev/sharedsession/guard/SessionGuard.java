package dev.sharedsession.guard;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import jakarta.persistence.EntityManager;

/**
 * Makes a Session used from a second thread fail at once, with a message that names both
 * threads and the call, instead of corrupting the persistence context and, later, the data.
 *
 * <h2>Installing it</h2>
 * <ul>
 * <li><b>(a) One property</b>, with this module on the class path:
 *     {@code hibernate.session_guard=confined} (or {@code exclusive}, {@code report}, {@code off}), in
 *     {@code hibernate.properties}, {@code persistence.xml}, {@code StandardServiceRegistryBuilder.applySetting}
 *     or {@code HibernatePersistenceConfiguration.property}: the native and the JPA bootstrap
 *     alike. Every Session of that factory is guarded, however it was opened
 *     ({@code openSession}, {@code withOptions()}, {@code getCurrentSession}, {@code createEntityManager},
 *     {@code inTransaction}).</li>
 * <li><b>(b) Wrapping</b>: {@code SessionFactory factory = SessionGuard.guard(built);} Sessions
 *     opened through the returned factory are guarded views: every method call is checked.</li>
 * </ul>
 * {@code hibernate.session_guard.open_site=true} also records where each Session was opened (a
 * stack trace per Session: off by default) and puts it in every violation.
 *
 * <h2>Policies</h2>
 * <ul>
 * <li>{@link Policy#CONFINED} (the default): only the thread that opened the Session may use it.
 *     Code that truly passes a Session on says so: {@link #handOff(EntityManager, Thread)}, or
 *     {@link #release(EntityManager)} on the giving thread and {@link #adopt(EntityManager)} on
 *     the receiving one (for an executor, whose thread is not known in advance).</li>
 * <li>{@link Policy#EXCLUSIVE}: any thread, never two at once (EF Core's rule): a thread
 *     <em>enters</em> the Session at the start of a call with a compare-and-set of the owner
 *     field and leaves at the end, re-entrantly; a second thread arriving meanwhile is refused.
 *     Sequential use from different threads is allowed.</li>
 * <li>{@link Policy#REPORT}: a canary for production. It checks exactly what CONFINED checks,
 *     by CONFINED's rule (CONFINED is the default and the policy people run, so a report says
 *     which calls switching to it would refuse, and the hand-off calls that satisfy CONFINED
 *     satisfy it too), but it never throws: it counts and logs the call, which goes on as if
 *     unguarded.</li>
 * <li>{@link Policy#OFF}: nothing is installed, nothing is checked.</li>
 * </ul>
 *
 * <h2>What it refused</h2>
 * {@link #counts(SessionFactory)}: how many calls each factory's guard refused (under REPORT:
 * reported), per call. The log says each call from each line of the caller's code once, at WARN
 * on the logger {@code dev.sharedsession.guard.SessionGuard}; the rest are only counted (and
 * logged at DEBUG, with their stacks, when that logger is at DEBUG).
 *
 * <h2>How it hooks into Hibernate, and why this way</h2>
 * Hibernate offers no hook at "any method of the Session was called", so (a) combines the
 * hooks it does offer, each at a place where Hibernate is about to touch the persistence
 * context or the database:
 * <ol>
 * <li>a per-Session {@code Extension} ({@link SessionGuardExtensionIntegration}, service-loaded,
 *     Hibernate 7.4's incubating {@code ExtensionIntegration} SPI): Hibernate creates it inside
 *     the Session's constructor, on the opening thread, so the owner is known without wrapping
 *     anything, and {@code getExtension} finds it again in one map lookup. The same object is
 *     then registered as the Session's {@code SessionEventListener} (every JDBC statement
 *     prepared and executed, connection acquisition, flush, auto-flush, dirty check, close) and
 *     as an observer of its transaction coordinator (begin, before commit, after completion);</li>
 * <li>factory-wide event listeners ({@link SessionGuardIntegrator}, service-loaded), prepended
 *     to Hibernate's own: load (with {@code IMMEDIATE_LOAD}, a lazy proxy being initialized),
 *     collection initialization, flush, auto-flush, persist, merge, remove, refresh, lock,
 *     detach, clear, dirty check. These catch what never passes through a Session method: lazy
 *     loading through an entity or collection, on whatever thread touches it.</li>
 * </ol>
 * So (a) stops every call that would read or change the persistence context through an event,
 * and every call that would talk to the database, before it does. It cannot see calls that
 * do neither (no hook fires): {@code contains}, {@code getFlushMode}/{@code setFlushMode},
 * {@code setCacheMode}, {@code setDefaultReadOnly}, {@code enableFilter}, {@code getTransaction},
 * {@code Transaction.isActive}/{@code setRollbackOnly}, the creation of a query (its execution is
 * caught); a rollback by another thread is reported only after it happened (Hibernate has no hook
 * before it); and a thread touching a Session another thread closed gets Hibernate's own "Session
 * is closed" (no hook runs after close). Under EXCLUSIVE, (a) knows that a thread is "inside" only
 * during a flush, an auto-flush, a dirty check, a connection acquisition or a statement; two
 * threads' event-level calls (two {@code find}s) between those are not seen as overlapping.
 *
 * <p>(b) closes those gaps for Sessions it opens: the view is a {@link java.lang.reflect.Proxy}
 * over the Session's public interfaces, and every call of the Session, of the Transaction it
 * returns and of the queries it creates goes through one handler that checks before calling and,
 * under EXCLUSIVE, leaves after; only {@code cancelQuery()} and {@code isOpen()}, which another
 * thread may call, pass through unchecked. It installs (a)'s listeners on the factory as well, because an
 * entity's lazy proxy holds the real Session, not the view. What (b) does not make guarded:
 * Sessions opened on the raw factory (unless the property is set too), objects other than the
 * Transaction and queries that a Session hands out ({@code byId(...)}, {@code getCriteriaBuilder()}:
 * their database work is still caught by (a)'s hooks), and rows of a {@code stream()} or
 * {@code scroll()} read on another thread after the statement ran. Stateless sessions are not
 * guarded by either.
 *
 * <p>The cost on the hot path: a volatile read of one field compared with
 * {@code Thread.currentThread()}; under EXCLUSIVE one compare-and-set per outermost call. No
 * allocation unless a violation is thrown; the call is named (a stack walk) only then. A view of
 * (b) adds a reflective call per method.
 */
public final class SessionGuard {

    /** The one property: {@code confined}, {@code exclusive}, {@code report} or {@code off} (the default when absent). */
    public static final String SETTING = "hibernate.session_guard";

    /** {@code true}: record where each Session was opened and show it in every violation. */
    public static final String OPEN_SITE_SETTING = "hibernate.session_guard.open_site";

    /** Every setting the guard reads: {@value #SETTING} and {@value #OPEN_SITE_SETTING}. */
    public static final List<String> SETTINGS = List.of(SETTING, OPEN_SITE_SETTING);

    /** Which threads may use a Session. */
    public enum Policy {
        /** Only the thread that opened the Session, until it hands the Session off. */
        CONFINED,
        /** Any thread, one at a time. */
        EXCLUSIVE,
        /** CONFINED's rule, but a call it would refuse is only counted and logged, and goes on. */
        REPORT,
        /** No checks. */
        OFF;

        /** The value of {@value SessionGuard#SETTING}: absent or blank means OFF; anything unknown fails. */
        public static Policy parse(Object value) {
            if (value == null || value.toString().isBlank()) {
                return OFF;
            }
            String text = value.toString().trim().toLowerCase(Locale.ROOT);
            return switch (text) {
                case "confined" -> CONFINED;
                case "exclusive" -> EXCLUSIVE;
                case "report" -> REPORT;
                case "off", "false", "none" -> OFF;
                default -> throw new IllegalArgumentException(
                        SETTING + "=" + value + ": expected confined, exclusive, report or off");
            };
        }
    }

    private SessionGuard() {
    }

    /**
     * Checks one of the guard's {@link #SETTINGS} the way the guard reads it when a factory is built,
     * so that an application can check its configuration at start-up, or a tool a properties file,
     * and fail with the guard's own message before anything is built. {@code null} (the setting
     * left out) and a blank value are valid: they mean the default. The open-site flag is checked
     * even though the guard reads it only when its policy is not off.
     *
     * @throws IllegalArgumentException with the guard's message ({@code hibernate.session_guard=sometimes:
     *         expected confined, exclusive, report or off}) if the guard would refuse {@code value}, or naming the
     *         guard's settings if {@code name} is not one of them (a misspelt key is otherwise ignored)
     */
    public static void checkSetting(String name, Object value) {
        Objects.requireNonNull(name, "name");
        switch (name) {
            case SETTING -> Policy.parse(value);
            case OPEN_SITE_SETTING -> SessionGuardIntegrator.parseBoolean(value);
            default -> throw new IllegalArgumentException(
                    name + " is not a setting of the session guard (it reads " + String.join(", ", SETTINGS) + ")");
        }
    }

    /** {@link #guard(SessionFactory, Policy)} with {@link Policy#CONFINED}. */
    public static SessionFactory guard(SessionFactory factory) {
        return guard(factory, Policy.CONFINED);
    }

    /**
     * A factory whose Sessions (from {@code openSession}, {@code withOptions().openSession()},
     * {@code getCurrentSession}, {@code createEntityManager}, {@code inSession}, {@code inTransaction},
     * {@code fromSession}, {@code fromTransaction}, {@code runInTransaction}, {@code callInTransaction})
     * are guarded views under {@code policy}. {@link Policy#OFF} returns {@code factory} itself.
     * {@code openStatelessSession()} returns the stateless session itself: neither route guards one.
     * {@value #OPEN_SITE_SETTING} is read from the factory's settings, as the property route reads it.
     * The returned object also implements the raw factory's other interfaces
     * ({@code SessionFactoryImplementor}, {@code EntityManagerFactory}).
     */
    public static SessionFactory guard(SessionFactory factory, Policy policy) {
        Objects.requireNonNull(factory, "factory");
        Objects.requireNonNull(policy, "policy");
        SessionFactory raw = GuardedViews.raw(factory);
        if (policy == Policy.OFF) {
            return raw;
        }
        SessionFactoryImplementor implementor = raw.unwrap(SessionFactoryImplementor.class);
        // open_site is the factory's setting, whichever route guards it
        FactoryGuards.ensure(implementor, SessionGuardIntegrator.recordsOpenSite(implementor));
        return GuardedViews.factory(implementor, policy);
    }

    /**
     * CONFINED (and REPORT): the owner gives {@code session} to {@code to}; from now on only {@code to} may
     * use it (and may hand it on, or back). Must be called on the owning thread. Does nothing
     * under EXCLUSIVE (any thread may take its turn) or when the Session is not guarded, so the
     * call can stay in code that runs without the guard.
     *
     * @throws SessionSharedAcrossThreadsException if the calling thread does not own the Session
     *         (under REPORT: reported instead, and the owner stays)
     */
    public static void handOff(EntityManager session, Thread to) {
        Ownership ownership = ownership(session);
        if (ownership != null) {
            ownership.handOff(to);
        }
    }

    /**
     * CONFINED (and REPORT): the owner lets go of {@code session} without knowing which thread takes it next
     * (a task for an executor); until some thread {@link #adopt adopts} it, no thread may use it.
     */
    public static void release(EntityManager session) {
        Ownership ownership = ownership(session);
        if (ownership != null) {
            ownership.release();
        }
    }

    /** CONFINED (and REPORT): the calling thread takes a Session its owner {@link #release released}. */
    public static void adopt(EntityManager session) {
        Ownership ownership = ownership(session);
        if (ownership != null) {
            ownership.adopt();
        }
    }

    /**
     * How many calls the guard refused on Sessions of {@code factory} (under {@link Policy#REPORT}:
     * reported), per call, by either route, since the factory was built: {@code Session.find},
     * {@code Query.getResultList}, {@code Transaction.commit}, {@code lazy loading of Customer.orders},
     * {@code lazy loading of Region} (a lazy proxy: per entity, not per id), as the messages name
     * them. A snapshot, sorted by call, that cannot be changed; empty if the factory is not guarded
     * or is closed. {@code factory} may be a guarded one ({@link #guard}) or the factory it wraps.
     */
    public static Map<String, Long> counts(SessionFactory factory) {
        Objects.requireNonNull(factory, "factory");
        FactoryGuards.Config config = FactoryGuards.config(
                GuardedViews.raw(factory).unwrap(SessionFactoryImplementor.class));
        return config == null ? Map.of() : config.refusals().counts();
    }

    /** The policy that guards {@code session}: {@link Policy#OFF} if none does. */
    public static Policy policy(EntityManager session) {
        Ownership ownership = ownership(session);
        return ownership == null ? Policy.OFF : ownership.policy();
    }

    /** The guard of a Session or of a view of one, without making a call that would be checked. */
    private static Ownership ownership(EntityManager session) {
        Objects.requireNonNull(session, "session");
        if (GuardedViews.handlerOf(session) instanceof GuardedViews.SessionHandler handler) {
            return handler.ownership;
        }
        if (session instanceof SharedSessionContractImplementor implementor) {
            return Ownership.of(implementor);
        }
        return Ownership.of(session.unwrap(SharedSessionContractImplementor.class));
    }
}
