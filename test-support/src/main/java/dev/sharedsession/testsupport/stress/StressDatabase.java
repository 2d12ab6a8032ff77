package dev.sharedsession.testsupport.stress;

import dev.sharedsession.database.Database;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;

/**
 * The one database of a jcstress fork. Building a SessionFactory takes far longer than a sample,
 * so every sample of a forked JVM shares this one (each sample works on rows of its own, and
 * closes its Sessions in the arbiter); it is closed when the fork exits, which on a server also
 * drops its schema or database.
 *
 * <p>It is the database {@code -Ddb} chooses in the fork: the build passes {@code -Ddb=${stress.db}},
 * which is H2 unless a report asks for a server ({@code -Dstress.db=postgresql}).
 */
public final class StressDatabase {

    private static volatile Database database;

    private StressDatabase() {
    }

    public static Database get() {
        Database db = database;
        if (db == null) {
            synchronized (StressDatabase.class) {
                db = database;
                if (db == null) {
                    db = PausePoints.openDatabase(Database.Settings.fromSystemProperties("stress").withPoolSize(16));
                    database = db;
                    Database closing = db;
                    Runtime.getRuntime().addShutdownHook(new Thread(closing::close, "stress-database-close"));
                }
            }
        }
        return db;
    }

    /**
     * An actor's ending as a short outcome token: {@code ok}, or the simple name of what it threw
     * (wrappers peeled off), e.g. {@code AssertionFailure}, {@code IllegalStateException}.
     */
    public static String token(Throwable failure) {
        return failure == null ? "ok" : Outcome.peel(failure).getClass().getSimpleName();
    }
}
