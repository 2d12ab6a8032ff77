package dev.sharedsession.guard;

import dev.sharedsession.guard.FactoryGuards.Config;
import org.hibernate.engine.extension.spi.ExtensionIntegration;
import org.hibernate.engine.extension.spi.ExtensionIntegrationContext;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;

/**
 * Found by Hibernate through {@code META-INF/services}: Hibernate calls it inside the
 * constructor of every Session, on the opening thread, which is how the guard learns who
 * opened a Session without wrapping anything. Sessions of an unguarded factory get nothing;
 * stateless sessions are not guarded.
 */
public final class SessionGuardExtensionIntegration implements ExtensionIntegration<Ownership> {

    @Override
    public Class<Ownership> getExtensionType() {
        return Ownership.class;
    }

    @Override
    public Ownership createExtension(ExtensionIntegrationContext context) {
        SharedSessionContractImplementor session = context.getSession();
        if (!(session instanceof SessionImplementor)) {
            return null;
        }
        Config config = FactoryGuards.config(session.getFactory());
        return config == null ? null : new Ownership(session, config);
    }
}
