package dev.sharedsession.benchmarks;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The command line of {@code ./bench}, parsed by picocli (as {@code ./lab}'s is):
 * <pre>
 *   ./bench quick|full [--out DIR] [--threads 1,2,4,8]
 *   ./bench report RESULTS.json [--out DIR]
 *   ./bench --help
 * </pre>
 * Parsing only looks at the arguments; whether the files are there is checked when the command
 * runs (it depends on the directory it runs in). Every problem is one line that says what to do.
 */
public final class BenchArguments {

    public enum Command { RUN, REPORT, HELP }

    static final List<Integer> DEFAULT_THREADS = List.of(1, 2, 4, 8);
    static final int MAX_THREADS = 8;

    public static final String USAGE = String.join("\n",
            "usage: ./bench quick|full [--out DIR] [--threads LIST]",
            "       ./bench report RESULTS.json [--out DIR]",
            "       ./bench --help",
            "",
            "  quick            every benchmark, briefly (about 3 minutes on 2 cores); wide error bars",
            "  full             the profile of the committed report (under 20 minutes on 2 cores)",
            "  report FILE      regenerate report.md and the charts from a results.json of an earlier run",
            "  --out DIR        where results.json, report.md and the charts go",
            "                   (default: target/bench/<profile>/, or next to FILE for report)",
            "  --threads LIST   thread counts of the unit-of-work benchmark, comma separated, 1 to "
                    + MAX_THREADS + " (default 1,2,4,8)",
            "",
            "  ./bench full --out docs/benchmarks   regenerates the committed report");

    /** What the arguments asked for. {@code out} is null when the default applies. */
    public record Parsed(Command command, Profile profile, Path out, List<Integer> threads, Path results) {
    }

    /** Bad arguments; the message is the one line the command prints. */
    public static final class BadArguments extends Exception {
        private static final long serialVersionUID = 1L;

        BadArguments(String message) {
            super(message, null, false, false);
        }
    }

    /** The words and options as picocli reads them; what they mean is checked in {@link #parse}. */
    @CommandLine.Command(name = "./bench")
    static final class Line {
        @Parameters(index = "0", paramLabel = "quick|full|report")
        String first;

        @Parameters(index = "1..*", paramLabel = "RESULTS.json")
        List<String> rest = new ArrayList<>();

        @Option(names = "--out", paramLabel = "DIR")
        String out;

        @Option(names = "--threads", paramLabel = "LIST")
        String threads;
    }

    private BenchArguments() {
    }

    /** The one-line error {@code ./bench} would print for these arguments, or empty if they parse. */
    public static Optional<String> problemWith(String... args) {
        try {
            parse(args);
            return Optional.empty();
        } catch (BadArguments e) {
            return Optional.of(e.getMessage());
        }
    }

    public static Parsed parse(String... args) throws BadArguments {
        List<String> all = Arrays.asList(args);
        if (all.isEmpty()) {
            throw new BadArguments("bench: say which profile to run: ./bench quick or ./bench full (./bench --help for more)");
        }
        // --help anywhere wins, whatever else the line says.
        if (all.contains("--help") || all.contains("-h")) {
            return new Parsed(Command.HELP, null, null, DEFAULT_THREADS, null);
        }
        if (args[0].startsWith("-")) {
            throw new BadArguments("bench: say the profile first, then options: ./bench quick " + args[0] + " ... (./bench --help)");
        }
        Line line = read(args);
        Command command;
        Profile profile = null;
        Path results = null;
        List<String> rest = new ArrayList<>(line.rest);
        switch (line.first) {
            case "quick" -> {
                command = Command.RUN;
                profile = Profile.QUICK;
            }
            case "full" -> {
                command = Command.RUN;
                profile = Profile.FULL;
            }
            case "report" -> {
                command = Command.REPORT;
                if (rest.isEmpty()) {
                    throw new BadArguments("bench: report needs the results file: ./bench report target/bench/quick/results.json");
                }
                results = path(rest.remove(0), "results file");
            }
            default -> throw new BadArguments("bench: unknown profile '" + line.first + "'; use quick or full (./bench --help)");
        }
        if (!rest.isEmpty()) {
            throw new BadArguments("bench: unexpected argument '" + rest.get(0) + "' (./bench --help)");
        }
        Path out = line.out == null ? null : path(value(line.out, "--out"), "output directory");
        List<Integer> threads = DEFAULT_THREADS;
        if (line.threads != null) {
            if (command != Command.RUN) {
                throw new BadArguments("bench: --threads belongs to a run (quick or full), not to report");
            }
            threads = threads(value(line.threads, "--threads"));
        }
        return new Parsed(command, profile, out, threads, results);
    }

    /** picocli's reading of the line; its complaints become ./bench's one-line messages. */
    private static Line read(String... args) throws BadArguments {
        Line line = new Line();
        CommandLine commandLine = new CommandLine(line)
                .setOverwrittenOptionsAllowed(true) // --out a --out b: the last one counts
                .setExpandAtFiles(false);           // an argument that starts with @ is a path, not a file of arguments
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            String unmatched = e.getUnmatched().isEmpty() ? "?" : e.getUnmatched().get(0);
            throw new BadArguments(unmatched.startsWith("-")
                    ? "bench: unknown option '" + unmatched + "'; the options are --out DIR and --threads LIST (./bench --help)"
                    : "bench: unexpected argument '" + unmatched + "' (./bench --help)");
        } catch (CommandLine.MissingParameterException e) {
            throw new BadArguments("bench: " + missing(e.getMissing()) + " needs a value (./bench --help)");
        } catch (CommandLine.ParameterException e) {
            throw new BadArguments("bench: " + firstLine(e.getMessage()) + " (./bench --help)");
        }
        return line;
    }

    private static String missing(List<ArgSpec> specs) {
        return specs.stream().filter(ArgSpec::isOption).map(s -> ((OptionSpec) s).longestName())
                .findFirst().orElse("an option");
    }

    private static String firstLine(String message) {
        return message == null ? "bad command line" : message.lines().findFirst().orElse("bad command line");
    }

    /** An option's value; one that looks like an option means the value was left out. */
    private static String value(String text, String option) throws BadArguments {
        if (text.startsWith("--")) {
            throw new BadArguments("bench: " + option + " needs a value (./bench --help)");
        }
        return text;
    }

    private static Path path(String text, String what) throws BadArguments {
        try {
            if (text.isBlank()) {
                throw new InvalidPathException(text, "empty");
            }
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new BadArguments("bench: '" + text + "' is not a valid " + what + " path");
        }
    }

    private static List<Integer> threads(String text) throws BadArguments {
        List<Integer> counts = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int n;
            try {
                n = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new BadArguments("bench: --threads takes whole numbers separated by commas, like 1,2,4,8; got '" + text + "'");
            }
            if (n < 1 || n > MAX_THREADS) {
                throw new BadArguments("bench: thread count " + n + " is out of range; use 1 to " + MAX_THREADS
                        + " (the pool has " + BenchDatabase.POOL_SIZE + " connections)");
            }
            if (!counts.contains(n)) {
                counts.add(n);
            }
        }
        counts.sort(null);
        return List.copyOf(counts);
    }
}
