package dev.sharedsession.guard;

import dev.sharedsession.guard.SessionGuard.Policy;
import java.util.Locale;
import java.util.Map;
import org.hibernate.boot.Metadata;
import org.hibernate.boot.spi.BootstrapContext;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.integrator.spi.Integrator;
import org.hibernate.service.spi.SessionFactoryServiceRegistry;

/**
 * Found by Hibernate through {@code META-INF/services} in both bootstraps (native and JPA):
 * reads {@value SessionGuard#SETTING} and, unless it is absent or {@code off}, installs the
 * guard's event listeners and makes every Session of the factory guarded.
 */
public final class SessionGuardIntegrator implements Integrator {

    @Override
    public void integrate(Metadata metadata, BootstrapContext bootstrapContext, SessionFactoryImplementor factory) {
        Map<String, Object> settings = settings(factory);
        Policy policy = Policy.parse(settings.get(SessionGuard.SETTING));
        if (policy != Policy.OFF) {
            FactoryGuards.install(factory, policy, parseBoolean(settings.get(SessionGuard.OPEN_SITE_SETTING)));
        }
    }

    /** {@value SessionGuard#OPEN_SITE_SETTING} in the factory's settings. */
    static boolean recordsOpenSite(SessionFactoryImplementor factory) {
        return parseBoolean(settings(factory).get(SessionGuard.OPEN_SITE_SETTING));
    }

    private static Map<String, Object> settings(SessionFactoryImplementor factory) {
        return factory.getServiceRegistry().requireService(ConfigurationService.class).getSettings();
    }

    @Override
    public void disintegrate(SessionFactoryImplementor factory, SessionFactoryServiceRegistry serviceRegistry) {
        FactoryGuards.forget(factory);
    }

    static boolean parseBoolean(Object value) {
        if (value == null) {
            return false;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        return switch (text) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new IllegalArgumentException(
                    SessionGuard.OPEN_SITE_SETTING + "=" + value + ": expected true or false");
        };
    }
}
