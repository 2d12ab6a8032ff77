package dev.sharedsession.guard;

import dev.sharedsession.guard.SessionGuard.Policy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.service.spi.EventListenerRegistry;
import org.hibernate.event.spi.EventType;

/**
 * Which factories are guarded, and how their Sessions start: the policy a Session opened on
 * the factory itself gets ({@code hibernate.session_guard}; OFF for a factory guarded only by
 * {@link SessionGuard#guard}, whose wrapper arms each Session it opens), and whether the open
 * site is recorded, and its {@link Refusals}. A factory is in here once its event listeners are
 * installed; it leaves on close ({@link SessionGuardIntegrator#disintegrate}).
 */
final class FactoryGuards {

    /** {@code refusals}: the factory's refusals and reports, counted and logged, for both routes. */
    record Config(Policy policy, boolean recordOpenSite, Refusals refusals) {
    }

    private static final Map<SessionFactoryImplementor, Config> CONFIGS = new ConcurrentHashMap<>();

    private FactoryGuards() {
    }

    static Config config(SessionFactoryImplementor factory) {
        return CONFIGS.get(factory);
    }

    /** From the property, while the factory is being built. */
    static void install(SessionFactoryImplementor factory, Policy policy, boolean recordOpenSite) {
        CONFIGS.computeIfAbsent(factory, f -> {
            registerListeners(f);
            return new Config(policy, recordOpenSite, new Refusals());
        });
    }

    /**
     * From {@link SessionGuard#guard}: the factory's own Sessions keep its configured policy (or
     * none); {@code recordOpenSite} is the factory's own setting, so both routes agree on it.
     */
    static Config ensure(SessionFactoryImplementor factory, boolean recordOpenSite) {
        return CONFIGS.computeIfAbsent(factory, f -> {
            registerListeners(f);
            return new Config(Policy.OFF, recordOpenSite, new Refusals());
        });
    }

    static void forget(SessionFactoryImplementor factory) {
        CONFIGS.remove(factory);
    }

    /** Prepended, so that a refused call stops before Hibernate's own listener does anything. */
    private static void registerListeners(SessionFactoryImplementor factory) {
        EventListenerRegistry registry = factory.getEventListenerRegistry();
        GuardListener guard = new GuardListener();
        registry.prependListeners(EventType.LOAD, guard);
        registry.prependListeners(EventType.INIT_COLLECTION, guard);
        registry.prependListeners(EventType.FLUSH, guard);
        registry.prependListeners(EventType.AUTO_FLUSH, guard);
        registry.prependListeners(EventType.PERSIST, guard);
        registry.prependListeners(EventType.MERGE, guard);
        registry.prependListeners(EventType.DELETE, guard);
        registry.prependListeners(EventType.REFRESH, guard);
        registry.prependListeners(EventType.LOCK, guard);
        registry.prependListeners(EventType.EVICT, guard);
        registry.prependListeners(EventType.CLEAR, guard);
        registry.prependListeners(EventType.DIRTY_CHECK, guard);
    }
}
