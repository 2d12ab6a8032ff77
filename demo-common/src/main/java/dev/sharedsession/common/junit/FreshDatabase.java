package dev.sharedsession.common.junit;

import dev.sharedsession.common.Database;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test method a fresh {@link Database} parameter and closes it after the test, whatever
 * the test left behind (paused threads are released, leaked connections are reported and the
 * pool is closed). Use it directly with {@code @ExtendWith(FreshDatabase.class)} on plain
 * {@code @Test}s; {@link RaceTest} brings it along.
 */
public final class FreshDatabase implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FreshDatabase.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Database.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        String label = context.getRequiredTestClass().getSimpleName() + "_" + context.getRequiredTestMethod().getName();
        Database db = Database.forTest(label);
        context.getStore(NAMESPACE).put(context.getUniqueId(), db);
        return db;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Database db = context.getStore(NAMESPACE).remove(context.getUniqueId(), Database.class);
        if (db != null) {
            db.close();
        }
    }
}
