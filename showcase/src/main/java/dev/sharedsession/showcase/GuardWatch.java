package dev.sharedsession.showcase;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import dev.sharedsession.database.Database;
import dev.sharedsession.guard.SessionGuard;
import dev.sharedsession.guard.SessionSharedAcrossThreadsException;
import dev.sharedsession.race.EndedFirstException;
import dev.sharedsession.race.Outcome;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * How {@code ./lab --guard} judges a run of the broken side under the session guard: it hears
 * every refusal the guard makes during the run, where the guard logs it (logger
 * {@code dev.sharedsession.guard.SessionGuard}; the guard logs before it throws, on the refused
 * thread, so nothing a run swallows is missed), and it reads every row of the database at the
 * first refusal, before the exception leaves the guard. After the run:
 * <ul>
 * <li>no refusal: the guard never stepped in, and the run's own outcome stands;</li>
 * <li>a refusal, every row as it was at the first refusal, no pooled connection left checked out,
 *     and nothing else went wrong: {@link Outcome#stopped stopped}, not wrong;</li>
 * <li>otherwise it went wrong: a row changed after the guard stepped in, or the run's own
 *     judgement (a corruption it found, an exception that is not the guard's) stands, its label
 *     saying that the guard had stopped a call too ("the guard stopped 'Alice' in Session.find,
 *     then ...").</li>
 * </ul>
 * So "stopped, and no row changed" is counted from the runs, not assumed: it is the claim the
 * {@code guard-proof} module proves for each forced run, checked here on every run.
 */
final class GuardWatch implements AutoCloseable {

    private final Logger logger = (Logger) LoggerFactory.getLogger(SessionGuard.class);
    private final Level levelBefore = logger.getLevel();
    private final boolean additiveBefore = logger.isAdditive();
    private final Listener listener = new Listener();

    private Database db;
    private final List<SessionSharedAcrossThreadsException> refusals = new ArrayList<>();
    private Map<String, List<String>> rowsAtFirstRefusal;
    private RuntimeException unreadable;

    private GuardWatch() {
        listener.setContext(logger.getLoggerContext());
        listener.start();
        logger.addAppender(listener);
        logger.setLevel(Level.DEBUG);  // DEBUG: the guard attaches its exception to the log event
        logger.setAdditive(false);     // counted here, not printed
    }

    static GuardWatch start() {
        return new GuardWatch();
    }

    /** A run on {@code db} starts: nothing heard yet. */
    synchronized void begin(Database runDatabase) {
        db = runDatabase;
        refusals.clear();
        rowsAtFirstRefusal = null;
        unreadable = null;
    }

    /** The run's {@code outcome}, judged as above. */
    Outcome judge(Outcome outcome) {
        SessionSharedAcrossThreadsException first;
        Map<String, List<String>> before;
        synchronized (this) {
            if (refusals.isEmpty()) {
                return outcome;
            }
            first = refusals.get(0);
            before = rowsAtFirstRefusal;
            if (unreadable != null) {
                return Outcome.failed(unreadable);
            }
        }
        if (Results.isHang(outcome)) {
            return outcome;
        }
        // Numbers blanked as in every label ('request-#'), so that one stop counts as one outcome.
        String where = ("'" + first.offendingThread() + "' in " + first.call()).replaceAll("\\b\\d+\\b", "#");
        if (!rows(db).equals(before)) {
            return Outcome.wrong(Results.CHANGED_AFTER_A_STOP + where);
        }
        int leaked = db.activeConnections();
        if (leaked > 0) {
            return Outcome.wrong("left " + leaked + " pooled connection(s) checked out");
        }
        Throwable failure = outcome.failure();
        boolean theGuards = failure instanceof SessionSharedAcrossThreadsException || failure instanceof EndedFirstException;
        if (outcome.wentWrong() && !theGuards) {
            // Wrong all the same, and said in full: the run's own label alone hid the refusal. In
            // scenario 5 the refused task ends with Hibernate's NullPointerException instead: the
            // request closed the Session meanwhile, and the lazy collection's finally block
            // (AbstractPersistentCollection.withTemporarySessionIfNeeded) reads the Session it no
            // longer has, replacing the guard's exception.
            return new Outcome(Results.WRONG_AFTER_A_STOP + where + ", then " + outcome.label(), true, failure);
        }
        return Outcome.stopped(where);
    }

    private synchronized void heard(SessionSharedAcrossThreadsException refused) {
        if (db == null) {
            return;
        }
        if (refusals.isEmpty()) {
            // On the refused thread, before the guard throws: the database as the guard found it.
            try {
                rowsAtFirstRefusal = rows(db);
            } catch (RuntimeException e) {
                unreadable = e;
            }
        }
        refusals.add(refused);
    }

    /**
     * Every row of every table of {@code db}, read through plain JDBC (not through Hibernate, so
     * the check does not depend on what Hibernate believes): table name to its rows, each row its
     * columns joined, sorted.
     */
    static Map<String, List<String>> rows(Database db) {
        try (Connection connection = db.dataSource().getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet found = meta.getTables(connection.getCatalog(), connection.getSchema(), "%", new String[] {"TABLE"})) {
                while (found.next()) {
                    tables.add(found.getString("TABLE_NAME"));
                }
            }
            Map<String, List<String>> rows = new TreeMap<>();
            for (String table : tables) {
                try (Statement statement = connection.createStatement();
                     ResultSet read = statement.executeQuery("select * from " + table)) {
                    int columns = read.getMetaData().getColumnCount();
                    List<String> lines = new ArrayList<>();
                    while (read.next()) {
                        StringJoiner row = new StringJoiner("|");
                        for (int c = 1; c <= columns; c++) {
                            row.add(String.valueOf(read.getObject(c)));
                        }
                        lines.add(row.toString());
                    }
                    Collections.sort(lines);
                    rows.put(table, lines);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the rows of " + db.settings() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        logger.detachAppender(listener);
        logger.setLevel(levelBefore);
        logger.setAdditive(additiveBefore);
        listener.stop();
    }

    /** The appender on the guard's logger: each refusal, as the exception itself. */
    private final class Listener extends AppenderBase<ILoggingEvent> {
        @Override
        protected void append(ILoggingEvent event) {
            IThrowableProxy proxy = event.getThrowableProxy();
            if (proxy instanceof ThrowableProxy thrown && thrown.getThrowable() instanceof SessionSharedAcrossThreadsException refused) {
                heard(refused);
            }
        }
    }
}
