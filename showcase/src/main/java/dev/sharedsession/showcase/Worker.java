package dev.sharedsession.showcase;

import dev.sharedsession.database.Database;
import dev.sharedsession.guard.SessionGuard;
import dev.sharedsession.race.NaturalRun;
import dev.sharedsession.race.NaturalRuns;
import dev.sharedsession.race.Outcome;
import dev.sharedsession.race.PausePoints;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The worker JVM: runs one side's scenarios, one run per command, and answers on stdout.
 * {@link WorkerProcess} is the other end. A JVM cannot stop a thread that spins inside the
 * database, but a process can be killed: that is why runs happen here and not in {@link Lab}.
 *
 * <p>The conversation, one tab-separated line each way:
 * <pre>
 *   parent: open NUMBER                             (get the scenario's database ready)
 *   worker: ready
 *   parent: run  NUMBER  MODE  THREADS  BACKSTOP-MILLIS
 *   worker: started                        (its database is ready; the run's clock starts)
 *   worker: result  0|1  LABEL             (1 if it went wrong)
 *   worker: error   MESSAGE                (cannot go on, e.g. the database is unreachable)
 * </pre>
 * Arguments: the side ({@code BROKEN}, {@code SAFE} or {@code GUARDED}), then optionally the
 * class of an extra scenario (see {@code --extra-scenario}).
 *
 * <p>The guarded side ({@code ./lab --guard}) runs the broken side's runs on databases whose
 * factory has the session guard on, {@code hibernate.session_guard=confined}: a setting of the
 * databases, not a system property, so the broken side's workers never see it. Each of its runs is
 * judged by a {@link GuardWatch}: stopped by the guard, or not. The safe side's databases have the
 * guard on as well ({@link #settingsFor}): the guard must never refuse a safe run.
 */
public final class Worker {

    private Worker() {
    }

    public static void main(String[] args) throws Exception {
        // stdout carries the conversation only; anything else printed (a library's log line)
        // goes to stderr, which the parent keeps in the worker's log file.
        PrintStream replies = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        System.setOut(System.err);
        // A run stuck in the database would keep this JVM alive after the parent is gone.
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));

        Side side = Side.valueOf(args[0]);
        List<ScenarioPair> catalogue = new ArrayList<>(Catalogue.ALL);
        if (args.length > 1) {
            catalogue.add(LabArguments.loadExtraScenario(args[1]));
        }
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (Databases databases = new Databases(side, replies);
             GuardWatch guard = side == Side.GUARDED ? GuardWatch.start() : null) {
            String line;
            while ((line = commands.readLine()) != null) {
                String[] field = line.split("\t");
                ScenarioPair scenario = Catalogue.find(catalogue, field[1]).orElseThrow();
                Database db = databases.forScenario(scenario);
                if (db == null) {
                    return; // cannot reach the database: said so on stdout
                }
                if (field[0].equals("open")) {
                    replies.println("ready");
                    continue;
                }
                LabArguments.Mode mode = LabArguments.Mode.valueOf(field[2]);
                int threads = Integer.parseInt(field[3]);
                Duration backstop = Duration.ofMillis(Long.parseLong(field[4]));
                NaturalRun run = mode == LabArguments.Mode.forced
                        ? scenario.run(side).forcedRun()
                        : scenario.run(side).naturalRun(threads);
                if (guard != null) {
                    guard.begin(db);
                }
                replies.println("started");
                // The parent cuts a run off at its limit; this backstop, later, only keeps a run
                // from waiting forever should the parent be unable to.
                Outcome outcome = NaturalRuns.runChecked(db, backstop, run);
                if (guard != null) {
                    outcome = guard.judge(outcome);
                }
                replies.println("result\t" + (outcome.wentWrong() ? 1 : 0) + "\t" + oneLine(outcome.label()));
                if (NaturalRuns.spoils(db, outcome)) {
                    databases.discard();
                }
            }
        }
    }

    /**
     * The settings of a side's database for one scenario. The broken side runs as an application
     * without the guard would. The guarded side is the broken side's runs under
     * {@code hibernate.session_guard=confined}; the safe side runs under it too, as its tests do, so
     * a false alarm of the guard would make a safe run go wrong and show in the safe column.
     * Scenarios 9 and 12 open a database of their own from these settings: guarded too.
     */
    static Database.Settings settingsFor(Side side, int scenario) {
        Database.Settings settings = Database.Settings.fromSystemProperties("lab_" + side.word() + "_" + scenario);
        return side == Side.BROKEN ? settings : settings.withHibernateSetting(SessionGuard.SETTING, "confined");
    }

    /**
     * One database per scenario, kept from run to run as {@code NaturalRuns.repeat} does, and
     * replaced when a run spoiled it.
     */
    private static final class Databases implements AutoCloseable {
        private final Side side;
        private final PrintStream replies;
        private Database db;
        private int scenario = -1;

        Databases(Side side, PrintStream replies) {
            this.side = side;
            this.replies = replies;
        }

        /** The scenario's database, opened if need be; null (and an error line sent) if it cannot be. */
        Database forScenario(ScenarioPair wanted) {
            if (db != null && scenario == wanted.number()) {
                return db;
            }
            discard();
            try {
                db = PausePoints.openDatabase(settingsFor(side, wanted.number()));
            } catch (RuntimeException e) {
                replies.println("error\t" + oneLine(Outcome.describe(e)));
                return null;
            }
            scenario = wanted.number();
            return db;
        }

        void discard() {
            if (db != null) {
                Database closing = db;
                db = null;
                closing.close();
            }
        }

        @Override
        public void close() {
            discard();
        }
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\t\\r\\n]+", " ");
    }
}
