package dev.sharedsession.showcase;

import dev.sharedsession.race.Tally;
import java.io.PrintStream;

/**
 * Where the run is, on stderr so that stdout (or {@code --output}) carries only the result: a
 * progress bar redrawn in place on a terminal, otherwise one line per scenario. Not final: the
 * docs' check ({@link LabBatch}) listens to it to time each scenario of a shared run.
 */
class Progress {

    private static final int WIDTH = 30;

    private final PrintStream err;
    private final boolean terminal;
    private int slices;
    private int slicesDone = -1;
    private String current = "";
    private long sliceStart;
    private long sliceEnd;
    private boolean drawn;

    Progress(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    void begin(int slices) {
        this.slices = slices;
    }

    /** Before the first run: the worker JVMs are starting. */
    void startingWorkers() {
        current = "starting a worker JVM per side";
        draw(0, "Hibernate's first bootstrap takes a few seconds");
    }

    void slice(ScenarioPair scenario, Side side, long startNanos, long endNanos) {
        slicesDone++;
        current = String.format("%2d %s, %s side", scenario.number(), scenario.name(), side.word());
        sliceStart = startNanos;
        sliceEnd = endNanos;
        draw(0, "starting");
    }

    void ran(Tally tally, int fixedRuns) {
        double within = fixedRuns > 0
                ? (double) tally.runs() / fixedRuns
                : (double) (System.nanoTime() - sliceStart) / Math.max(1, sliceEnd - sliceStart);
        draw(Math.min(1, within), tally.wentWrong() + "/" + tally.runs() + " went wrong");
    }

    void scenarioDone(Results.ScenarioResult result) {
        if (!terminal) {
            String guarded = result.guarded() == null ? "" : String.format(", guard on %d/%d stopped, %d went wrong",
                    result.guarded().stopped(), result.guarded().runs(), result.guarded().wentWrong());
            err.printf("lab: %2d %-17s broken %d/%d went wrong%s, safe %d/%d%n", result.scenario().number(),
                    result.scenario().name(), result.broken().wentWrong(), result.broken().runs(), guarded,
                    result.safe().wentWrong(), result.safe().runs());
        }
    }

    void end() {
        if (terminal && drawn) {
            err.print("\r\033[K");
            err.flush();
            drawn = false;
        }
    }

    private void draw(double withinSlice, String status) {
        if (!terminal) {
            return;
        }
        double fraction = Math.max(0, Math.min(1, (slicesDone + withinSlice) / Math.max(1, slices)));
        int filled = (int) Math.round(fraction * WIDTH);
        err.print("\r\033[K[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] "
                + String.format("%3d%%  ", Math.round(fraction * 100)) + current + ": " + status);
        err.flush();
        drawn = true;
    }
}
