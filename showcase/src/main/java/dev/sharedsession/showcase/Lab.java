package dev.sharedsession.showcase;

import dev.sharedsession.common.Database;
import dev.sharedsession.common.race.NaturalRuns;
import dev.sharedsession.common.race.PausePoints;
import dev.sharedsession.common.race.Tally;
import java.util.Map;

/**
 * {@code ./lab}: runs every scenario on both sides, naturally (real threads, nothing forced),
 * and prints how often each went wrong.
 */
public final class Lab {

    private static final int DEFAULT_RUNS = 10;

    private Lab() {
    }

    public static void main(String[] args) {
        int runs;
        try {
            runs = parseRuns(args);
        } catch (UsageException e) {
            System.err.println("lab: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (runs == 0) {
            return; // --help
        }
        try {
            System.exit(run(runs));
        } catch (RuntimeException e) {
            System.err.println("lab: " + e.getMessage());
            System.exit(1);
        }
    }

    static int parseRuns(String[] args) {
        int runs = DEFAULT_RUNS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "-h", "--help" -> {
                    System.out.println("""
                            usage: ./lab [--runs N]
                              Runs every scenario N times (default %d) on the broken side (one Session shared
                              between threads) and on the safe side (a Session per unit of work), with real
                              threads and nothing forced, and prints how often each went wrong.
                              -Ddb.url=... -Ddb.user=... -Ddb.password=... (in JAVA_TOOL_OPTIONS) select another database.""".formatted(DEFAULT_RUNS));
                    return 0;
                }
                case "--runs" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException("--runs needs a number, e.g. --runs 50");
                    }
                    runs = positive(args[++i]);
                }
                default -> throw new UsageException("unknown option '" + args[i] + "'; try ./lab --help");
            }
        }
        return runs;
    }

    private static int positive(String text) {
        try {
            int n = Integer.parseInt(text.trim());
            if (n >= 1 && n <= 100_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--runs takes a whole number from 1 to 100000, not '" + text + "'");
    }

    private static int run(int runs) {
        System.out.printf("Can I share a Hibernate Session between threads?  (Hibernate %s, JDK %s)%n",
                org.hibernate.Version.getVersionString(), Runtime.version());
        System.out.printf("Each scenario runs %d times per side with real threads, nothing forced.%n%n", runs);
        int brokenWrong = 0;
        int brokenRuns = 0;
        int safeWrong = 0;
        int safeRuns = 0;
        for (ScenarioPair scenario : Catalogue.ALL) {
            String label = "scenario-" + scenario.number();
            Tally broken = NaturalRuns.repeat(runs, PausePoints.DEFAULT_TIMEOUT, () -> Database.forTest(label), scenario.broken());
            Tally safe = NaturalRuns.repeat(runs, PausePoints.DEFAULT_TIMEOUT, () -> Database.forTest(label), scenario.safe());
            System.out.printf("%2d  %s%n", scenario.number(), scenario.title());
            print("broken (one Session shared)", broken);
            print("safe (a Session per unit of work)", safe);
            System.out.println();
            brokenWrong += broken.wentWrong();
            brokenRuns += broken.runs();
            safeWrong += safe.wentWrong();
            safeRuns += safe.runs();
        }
        System.out.printf("Verdict: sharing the Session went wrong in %d of %d runs; a Session per unit of work in %d of %d.%n",
                brokenWrong, brokenRuns, safeWrong, safeRuns);
        return safeWrong == 0 ? 0 : 1;
    }

    private static void print(String side, Tally tally) {
        System.out.printf("    %-34s %4d/%d went wrong%n", side, tally.wentWrong(), tally.runs());
        for (Map.Entry<String, Integer> outcome : tally.counts().entrySet()) {
            System.out.printf("        %5d  %s%n", outcome.getValue(), outcome.getKey());
        }
    }

    /** Bad command-line input: reported as one line, exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
