package dev.sharedsession.testsupport.junit;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.Stage;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test method a fresh {@link Database} parameter (and a {@link Stage} on it, if asked
 * for) and closes both after the test, whatever
 * the test left behind (paused threads are released, leaked connections are reported and the
 * pool is closed). Use it directly with {@code @ExtendWith(FreshDatabase.class)} on plain
 * {@code @Test}s; {@link RaceTest} brings it along.
 */
public final class FreshDatabase implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FreshDatabase.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Database.class || type == Stage.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Stage.class ? stage(context) : database(context);
    }

    private static Database database(ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(context.getUniqueId() + "/db", key -> {
            String label = context.getRequiredTestClass().getSimpleName() + "_" + context.getRequiredTestMethod().getName();
            return PausePoints.testDatabase(label);
        }, Database.class);
    }

    private static Stage stage(ExtensionContext context) {
        return context.getStore(NAMESPACE).computeIfAbsent(context.getUniqueId() + "/stage",
                key -> new Stage(database(context)), Stage.class);
    }

    /** The stage first (its threads and executors end), then its database. */
    @Override
    public void afterEach(ExtensionContext context) {
        Stage stage = context.getStore(NAMESPACE).remove(context.getUniqueId() + "/stage", Stage.class);
        Database db = context.getStore(NAMESPACE).remove(context.getUniqueId() + "/db", Database.class);
        try {
            if (stage != null) {
                stage.close();
            }
        } finally {
            if (db != null) {
                db.close();
            }
        }
    }
}
