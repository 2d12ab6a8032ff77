package dev.sharedsession.showcase;

import dev.sharedsession.database.Database;
import dev.sharedsession.database.Engine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code ./lab} was asked to do: the command line, parsed by picocli and checked. Parsing
 * never runs anything and never touches a database, so {@link #problemWith(String...)} can
 * vouch for every {@code ./lab ...} command written in the docs.
 */
@Command(name = "./lab", mixinStandardHelpOptions = true, sortOptions = false,
        versionProvider = LabArguments.Version.class,
        usageHelpAutoWidth = true,
        description = {
            "Runs every scenario (or the ones you name) on the broken side and on the safe side, and prints "
                + "side by side how often each went wrong and how, in the catalogue's two parts, each with a "
                + "verdict of its own: one Session on two threads (the broken side shares one Session, the safe "
                + "side gives each unit of work its own), and pitfalls on the way to a Session per thread (no "
                + "Session on two threads; each row says what its sides do).",
            "",
            "By default with real threads and nothing forced (natural mode), within a time budget "
                + "shared fairly by every scenario and side. Each side runs in a worker JVM of its "
                + "own, so a run stuck inside the database is cut off after --run-limit, counted "
                + "as HANG, and the next run goes on in a fresh worker.",
            ""},
        parameterListHeading = "%nScenarios:%n",
        optionListHeading = "%nOptions:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the safe side never went wrong",
            "1:the run could not be done (output file unwritable, a worker JVM failed)",
            "2:bad command line, or a database that cannot be reached",
            "3:the safe side went wrong at least once (a bug in the fix: please report it)"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./lab                              every scenario, both sides, about a minute",
            "  ./lab --list                       what the scenarios are",
            "  ./lab 4 6 --runs 50                scenarios 4 and 6, 50 runs per side",
            "  ./lab --scenario 1,2 --budget 2m   scenarios 1 and 2 for about two minutes",
            "  ./lab --guard -m forced -n 1       the broken side under the session guard too",
            "  ./lab --format json --output lab.json",
            "  ./lab web                          the web application under load, both sides (./lab web --help)"})
public final class LabArguments {

    static final Duration DEFAULT_BUDGET = Duration.ofSeconds(65);
    static final Duration DEFAULT_RUN_LIMIT = Duration.ofSeconds(10);
    static final int MAX_RUNS = 100_000;
    static final int MAX_THREADS = 64;
    /** picocli's words for {@code --guard=VALUE}, said more plainly in {@link #parse}. */
    private static final Pattern GUARD_WITH_A_VALUE = Pattern.compile(
            "option '--guard' should be specified without '(.*)' parameter|Invalid value for option '--guard': '(.*)' is not a boolean");

    enum Mode { natural, forced }

    enum Format { table, markdown, json }

    @Parameters(paramLabel = "SCENARIO", arity = "0..*", split = ",",
            description = "Scenario numbers or short names (see --list); default: all.")
    private List<String> positional = new ArrayList<>();

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Option(names = {"-s", "--scenario"}, paramLabel = "N[,N...]", split = ",",
            description = "Scenarios to run, by number or short name, e.g. --scenario 1,4,6.")
    private List<String> scenarioOption = new ArrayList<>();

    @Option(names = {"-n", "--runs"}, paramLabel = "N",
            description = "Runs per scenario and side, instead of a time budget (1 to " + MAX_RUNS + ").")
    private Integer runs;

    @Option(names = {"-b", "--budget"}, paramLabel = "TIME", converter = DurationConverter.class,
            description = "Time for all runs together, shared fairly by scenario and side, at least "
                    + Lab.MIN_RUNS + " runs each while the budget allows (default: 65s; e.g. 90s, 5m).")
    private Duration budget;

    @Option(names = {"-t", "--threads"}, paramLabel = "N",
            description = "Threads per natural run, for scenarios whose cast is not fixed (1 to "
                    + MAX_THREADS + "; default: each scenario's own).")
    private Integer threads;

    @Option(names = {"-m", "--mode"}, paramLabel = "MODE", defaultValue = "natural",
            description = "natural: real threads, nothing forced (default). "
                    + "forced: the headline interleaving of each scenario, made to happen.")
    Mode mode;

    @Option(names = "--guard",
            description = "Also run the broken side with the session guard on (hibernate.session_guard=confined on "
                    + "that side's databases only), as a third column: how many runs the guard stopped, every row as "
                    + "it was when it stepped in, and how many went wrong all the same.")
    boolean guard;

    @Option(names = "--run-limit", paramLabel = "TIME", converter = DurationConverter.class,
            defaultValue = "10s",
            description = "A run still going after this long is cut off and counted as HANG (default: ${DEFAULT-VALUE}).")
    Duration runLimit;

    /** The names of the three database options below, for the line said when a server cannot be reached. */
    static final Database.Switches DATABASE_OPTIONS = new Database.Switches("--db", "--db-url", "--db-user");

    @Option(names = "--db", paramLabel = "DATABASE",
            description = "h2 (default: a fresh embedded in-memory database per scenario), postgresql or mariadb "
                    + "(the local server, 127.0.0.1, database test; --db-url for another). "
                    + "A password comes from the environment variable DB_PASSWORD, never the command line.")
    String db;

    @Option(names = "--db-url", paramLabel = "JDBC-URL",
            description = "Another server, e.g. jdbc:postgresql://db.example/shop or jdbc:h2:tcp://localhost/~/lab.")
    String dbUrl;

    @Option(names = "--db-user", paramLabel = "USER", description = "Database user (default: postgres for PostgreSQL, root for MariaDB).")
    String dbUser;

    /** What the report's header says of the database; set by {@link Lab} once it has reached it. */
    String databaseLabel;

    /** Refused with a reason: a password on the command line is readable by every user of the machine. */
    @Option(names = "--db-password", paramLabel = "PASSWORD", hidden = true)
    String dbPassword;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), markdown or json.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the result to FILE instead of the terminal.")
    Path output;

    // For tests: one more scenario, a Supplier<ScenarioPair> class on the class path (such as
    // one that never finishes, to prove a stuck run is cut off). The worker JVMs get it too.
    @Option(names = "--extra-scenario", hidden = true)
    String extraScenario;

    private List<ScenarioPair> catalogue = Catalogue.ALL;
    private List<ScenarioPair> selected = List.of();
    private CommandLine commandLine;

    private LabArguments() {
    }

    /** Parses and checks {@code args}; a problem is thrown as a {@link UsageException}, one line. */
    static LabArguments parse(String... args) {
        LabArguments parsed = new LabArguments();
        CommandLine commandLine = new CommandLine(parsed).setCaseInsensitiveEnumValuesAllowed(true);
        parsed.commandLine = commandLine;
        try {
            commandLine.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            Matcher guardValue = GUARD_WITH_A_VALUE.matcher(firstLine(e.getMessage()));
            if (guardValue.matches()) {
                throw new UsageException("--guard takes no value: it always runs with hibernate.session_guard=confined;"
                        + " leave out '=" + (guardValue.group(1) != null ? guardValue.group(1) : guardValue.group(2)) + "'");
            }
            throw new UsageException(firstLine(e.getMessage()));
        }
        if (parsed.helpRequested()) {
            return parsed;
        }
        parsed.check();
        return parsed;
    }

    /**
     * The one line {@code ./lab} would print for {@code args} (without the "lab: " prefix), or
     * empty if they parse. Nothing runs and no database is opened.
     */
    public static Optional<String> problemWith(String... args) {
        try {
            parse(args);
            return Optional.empty();
        } catch (UsageException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void check() {
        if (runs != null && (runs < 1 || runs > MAX_RUNS)) {
            throw new UsageException("--runs takes a whole number from 1 to " + MAX_RUNS + ", not " + runs);
        }
        if (threads != null && (threads < 1 || threads > MAX_THREADS)) {
            throw new UsageException("--threads takes a whole number from 1 to " + MAX_THREADS + ", not " + threads);
        }
        if (runs != null && budget != null) {
            throw new UsageException("give either --runs or --budget, not both");
        }
        if (budget != null && budget.isZero()) {
            throw new UsageException("--budget must be more than 0, e.g. --budget 60s");
        }
        if (runLimit.isZero()) {
            throw new UsageException("--run-limit must be more than 0, e.g. --run-limit 10s");
        }
        if (dbPassword != null) {
            throw new UsageException("--db-password would show the password to every user of this machine (ps);"
                    + " set the environment variable DB_PASSWORD instead");
        }
        if (db != null) {
            try {
                db = Engine.named(db).word();
            } catch (IllegalArgumentException e) {
                throw new UsageException("--db: " + e.getMessage());
            }
        }
        if (dbUrl != null && !dbUrl.startsWith("jdbc:")) {
            throw new UsageException("--db-url takes a JDBC URL such as jdbc:postgresql://localhost/shop, not '" + dbUrl + "'");
        }
        if (extraScenario != null) {
            List<ScenarioPair> more = new ArrayList<>(Catalogue.ALL);
            more.add(loadExtraScenario(extraScenario));
            catalogue = List.copyOf(more);
        }
        selected = select();
    }

    private List<ScenarioPair> select() {
        List<String> wanted = new ArrayList<>(positional);
        wanted.addAll(scenarioOption);
        if (wanted.isEmpty()) {
            return Catalogue.ALL;
        }
        Set<ScenarioPair> chosen = new LinkedHashSet<>();
        for (String each : wanted) {
            if (each.isBlank()) {
                continue;
            }
            chosen.add(Catalogue.find(catalogue, each).orElseThrow(() -> new UsageException(guard && isPolicy(each)
                    ? "--guard takes no value: it always runs with hibernate.session_guard=confined; '" + each
                            + "' is not a scenario (./lab --list)"
                    : "no scenario '" + each + "'; scenarios are 1 to " + Catalogue.ALL.size()
                            + " or their short names (./lab --list)")));
        }
        if (chosen.isEmpty()) {
            throw new UsageException("no scenario named; leave them out to run all (./lab --list)");
        }
        return List.copyOf(chosen);
    }

    /** A word someone might give {@code --guard}, taking it for the guard's policy. */
    private static boolean isPolicy(String word) {
        return List.of("confined", "exclusive", "off", "on", "true").contains(word.trim().toLowerCase(java.util.Locale.ROOT));
    }

    @SuppressWarnings("unchecked")
    static ScenarioPair loadExtraScenario(String className) {
        try {
            Object supplier = Class.forName(className).getDeclaredConstructor().newInstance();
            return ((Supplier<ScenarioPair>) supplier).get();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new UsageException("--extra-scenario needs a Supplier<ScenarioPair> class on the class path, not '"
                    + className + "' (" + e + ")");
        }
    }

    boolean helpRequested() {
        return commandLine.isUsageHelpRequested();
    }

    boolean versionRequested() {
        return commandLine.isVersionHelpRequested();
    }

    CommandLine commandLine() {
        return commandLine;
    }

    List<ScenarioPair> catalogue() {
        return catalogue;
    }

    /** The scenarios to run, in catalogue order of mention. */
    List<ScenarioPair> selected() {
        return selected;
    }

    /** The sides to run, in the order of the report's columns: broken, guarded (with {@code --guard}), safe. */
    List<Side> sides() {
        return guard ? List.of(Side.BROKEN, Side.GUARDED, Side.SAFE) : List.of(Side.BROKEN, Side.SAFE);
    }

    /** Runs per side if fixed; empty when the time budget decides. */
    Optional<Integer> runs() {
        return Optional.ofNullable(runs);
    }

    Duration budget() {
        return budget == null ? DEFAULT_BUDGET : budget;
    }

    Optional<Integer> threads() {
        return Optional.ofNullable(threads);
    }

    private static String firstLine(String message) {
        return message == null ? "bad command line" : message.lines().findFirst().orElse("bad command line");
    }

    /** Bad command-line input: reported as one line and exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** "90s", "2m", "1500ms", "1m30s" or a plain number of seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern PART = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

        @Override
        public Duration convert(String text) {
            String value = text.trim().toLowerCase(java.util.Locale.ROOT);
            Matcher part = PART.matcher(value);
            Duration total = Duration.ZERO;
            int at = 0;
            while (at < value.length() && part.find(at) && part.start() == at) {
                long amount = Long.parseLong(part.group(1));
                String unit = part.group(2) == null ? "s" : part.group(2);
                total = total.plus(switch (unit) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofSeconds(amount);
                });
                at = part.end();
            }
            if (value.isEmpty() || at != value.length()) {
                throw new CommandLine.TypeConversionException(
                        "'" + text + "' is not a length of time; write it like 90s, 2m, 1m30s or 500ms");
            }
            return total;
        }
    }

    /** {@code ./lab --version}. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Lab.class.getPackage().getImplementationVersion();
            return new String[] {
                "lab " + (version == null ? "(development build)" : version)
                    + ", Hibernate " + org.hibernate.Version.getVersionString()
                    + ", JDK " + Runtime.version()};
        }
    }
}
