package dev.sharedsession.benchmarks;

import dev.sharedsession.database.Database;
import dev.sharedsession.database.Engine;
import java.math.BigDecimal;
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
 *   ./bench quick|full [--db h2,postgresql] [--db-url URL] [--db-user USER] [--rtt 0,0.2,1] [--threads 1,2,4,8] [--out DIR]
 *   ./bench report RESULTS.json [--out DIR]
 *   ./bench --help
 * </pre>
 * Parsing only looks at the arguments; whether the files are there is checked when the command
 * runs (it depends on the directory it runs in). Every problem is one line that says what to do.
 */
public final class BenchArguments {

    public enum Command { RUN, REPORT, HELP }

    static final int MAX_THREADS = 8;
    static final double MAX_RTT_MS = 100;

    public static final String USAGE = String.join("\n",
            "usage: ./bench quick|full [--db LIST] [--db-url URL] [--db-user USER] [--rtt LIST] [--threads LIST] [--out DIR]",
            "       ./bench report RESULTS.json [--out DIR]",
            "       ./bench --help",
            "",
            "  quick            every benchmark, briefly: RTT 0 and 1 ms (about 3.5 minutes on 2 cores for H2); wide error bars",
            "  full             the profile of the committed report: RTT 0, 0.2 and 1 ms, more forks and iterations",
            "                   (about 17.5 minutes on 2 cores for H2, 28 with --db h2,postgresql)",
            "  report FILE      regenerate report.md and the charts from a results.json of an earlier run",
            "  --db LIST        where the unit-of-work benchmark runs, comma separated: h2 (embedded, in memory),",
            "                   postgresql, mariadb (the local server, 127.0.0.1, database test); the other benchmarks",
            "                   run on the first. Default: the project's switch, -Ddb or DB, else h2",
            "  --db-url URL     another server, e.g. jdbc:postgresql://db.example/shop (or DB_URL)",
            "  --db-user USER   its user (or DB_USER; default postgres for PostgreSQL, root for MariaDB). The password",
            "                   comes from the environment variable DB_PASSWORD, never the command line",
            "  --rtt LIST       modelled network round-trip times in ms, comma separated, 0 to " + (int) MAX_RTT_MS
                    + ": every statement,",
            "                   commit and rollback waits that long (default: the profile's; the largest is the headline)",
            "  --threads LIST   thread counts of the unit-of-work benchmark, comma separated, 1 to " + MAX_THREADS,
            "                   (default: the profile's, 1,2,4,8 at the headline RTT)",
            "  --out DIR        where results.json, report.md and the charts go",
            "                   (default: target/bench/<profile>/, or next to FILE for report)",
            "",
            "  ./bench full --db h2,postgresql --out docs/benchmarks   regenerates the committed report");

    /**
     * What the arguments asked for. {@code out} is null when the default applies; so are
     * {@code threads} and {@code rtts} (the profile's) and {@code databases} (the project's switch).
     */
    public record Parsed(Command command, Profile profile, Path out, List<String> databases, List<String> rtts,
                         List<Integer> threads, Path results, String dbUrl, String dbUser) {
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

        /** The names of the three database options, for the line said when a server cannot be reached. */
        static final Database.Switches DATABASE_OPTIONS = new Database.Switches("--db", "--db-url", "--db-user");

        @Option(names = "--db", paramLabel = "LIST")
        String db;

        @Option(names = "--rtt", paramLabel = "LIST")
        String rtt;

        @Option(names = "--db-url", paramLabel = "JDBC-URL")
        String dbUrl;

        @Option(names = "--db-user", paramLabel = "USER")
        String dbUser;
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
        if (all.stream().anyMatch(a -> a.equals("--db-password") || a.startsWith("--db-password="))) {
            // Said before anything else, even --help, and without the value.
            throw new BadArguments("bench: --db-password would show the password to every user of this machine (ps);"
                    + " set the environment variable DB_PASSWORD instead");
        }
        // --help anywhere wins, whatever else the line says.
        if (all.contains("--help") || all.contains("-h")) {
            return new Parsed(Command.HELP, null, null, null, null, null, null, null, null);
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
        for (String[] option : new String[][] {{"--threads", line.threads}, {"--db", line.db}, {"--rtt", line.rtt},
                {"--db-url", line.dbUrl}, {"--db-user", line.dbUser}}) {
            if (option[1] != null && command != Command.RUN) {
                throw new BadArguments("bench: " + option[0] + " belongs to a run (quick or full), not to report");
            }
        }
        List<Integer> threads = line.threads == null ? null : threads(value(line.threads, "--threads"));
        List<String> databases = line.db == null ? null : databases(value(line.db, "--db"));
        List<String> rtts = line.rtt == null ? null : rtts(value(line.rtt, "--rtt"));
        String dbUrl = line.dbUrl == null ? null : value(line.dbUrl, "--db-url");
        if (dbUrl != null) {
            Engine server = Engine.ofUrl(dbUrl);
            if (!dbUrl.startsWith("jdbc:") || server == Engine.H2) {
                throw new BadArguments("bench: --db-url takes a server's JDBC URL, such as jdbc:postgresql://localhost/shop,"
                        + " not '" + dbUrl + "' (H2 always runs in memory)");
            }
            if (databases == null) {
                databases = List.of(server.word());
            } else if (!databases.contains(server.word())) {
                throw new BadArguments("bench: --db-url points at " + server.word() + ", which --db does not name");
            }
        }
        String dbUser = line.dbUser == null ? null : value(line.dbUser, "--db-user");
        return new Parsed(command, profile, out, databases, rtts, threads, results, dbUrl, dbUser);
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
                    ? "bench: unknown option '" + unmatched + "'; the options are --db, --db-url, --db-user, --rtt, --threads"
                            + " and --out (./bench --help)"
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

    /** Database names, as ./lab's --db takes them, each once, in the order given. */
    private static List<String> databases(String text) throws BadArguments {
        List<String> names = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            String word;
            try {
                word = Engine.named(part).word();
            } catch (IllegalArgumentException e) {
                throw new BadArguments("bench: --db: " + e.getMessage());
            }
            if (!names.contains(word)) {
                names.add(word);
            }
        }
        return List.copyOf(names);
    }

    /** Round-trip times in milliseconds, written as JMH's parameter takes them ("0", "0.2", "1"), each once, sorted. */
    private static List<String> rtts(String text) throws BadArguments {
        List<BigDecimal> values = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            BigDecimal ms;
            try {
                ms = new BigDecimal(part.trim());
            } catch (NumberFormatException e) {
                throw new BadArguments("bench: --rtt takes round-trip times in milliseconds separated by commas, like 0,0.2,1;"
                        + " got '" + text + "'");
            }
            if (ms.signum() < 0 || ms.compareTo(BigDecimal.valueOf(MAX_RTT_MS)) > 0) {
                throw new BadArguments("bench: round-trip time " + part.trim() + " ms is out of range; use 0 to "
                        + (int) MAX_RTT_MS + " ms");
            }
            if (values.stream().noneMatch(v -> v.compareTo(ms) == 0)) {
                values.add(ms);
            }
        }
        values.sort(null);
        return values.stream().map(v -> ModelledNetwork.format(v.doubleValue())).toList();
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
