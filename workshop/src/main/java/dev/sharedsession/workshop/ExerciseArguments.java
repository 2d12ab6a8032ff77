package dev.sharedsession.workshop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The command line of {@code ./exercise}, the list of exercises, and their hints and solutions.
 *
 * <p>Uses nothing but the JDK and is one file, so that {@code ./exercise} can run it as a source
 * program ({@code java ExerciseArguments.java ...}) before anything is built: bad input, the
 * list, a hint and a solution are answered in a second, not after a Maven build. For
 * {@code check} it prints one line the script acts on
 * ({@code CHECK 04 dev.sharedsession.workshop.exercise04.Exercise04Check starting-point exercise 4});
 * everything else it answers itself.
 *
 * <p>Hints and solutions are kept off the pages attendees work from: each exercise's
 * solution page ({@code docs/workshop/solutions/...}) holds a numbered "Hints" section, which
 * {@code ./exercise hint} hands out one at a time, and a "Solution" section, which only
 * {@code ./exercise solution} prints. Which hints an attendee has seen is remembered in
 * {@code workshop/target/exercise-hints/} (git ignores {@code target/}).
 */
public final class ExerciseArguments {

    /** What {@code ./exercise} calls the capstone: {@code ./exercise check capstone}. */
    public static final String CAPSTONE = "capstone";

    /** Where the hints an attendee has seen are remembered, relative to the repository root. */
    public static final String HINT_STATE = "workshop/target/exercise-hints";

    /**
     * One exercise: its name on the command line (the number of the scenario it comes from, or
     * {@code capstone}), its docs page's slug, its title, and the file the attendee changes.
     */
    public record Exercise(String name, String slug, String title, String startingPoint) {

        static Exercise numbered(int number, String slug, String title, String startingPoint) {
            return new Exercise(String.valueOf(number), slug, title, startingPoint);
        }

        public boolean isCapstone() {
            return name.equals(CAPSTONE);
        }

        /** In the package and file names: two digits ({@code 04}), or {@code capstone}. */
        public String id() {
            return isCapstone() ? CAPSTONE : String.format(Locale.ROOT, "%02d", Integer.parseInt(name));
        }

        /** How messages name it: "exercise 4", "the capstone". */
        public String words() {
            return isCapstone() ? "the capstone" : "exercise " + name;
        }

        /** The JUnit class that checks it (test sources; not picked up by surefire's default includes). */
        public String checkClass() {
            return isCapstone() ? "dev.sharedsession.workshop.capstone.CapstoneCheck"
                    : "dev.sharedsession.workshop.exercise" + id() + ".Exercise" + id() + "Check";
        }

        /** Its page, relative to the repository root: the situation, the file, the command, the failure. */
        public String page() {
            return "docs/workshop/" + fileName();
        }

        /** Its hints and its solution, relative to the repository root: never on the page above. */
        public String solutionPage() {
            return "docs/workshop/solutions/" + fileName();
        }

        private String fileName() {
            return isCapstone() ? "capstone.md" : "exercise-" + id() + "-" + slug + ".md";
        }

        /** The package the attendee works in, relative to the repository root. */
        public String folder() {
            return "workshop/src/main/java/dev/sharedsession/workshop/" + (isCapstone() ? CAPSTONE : "exercise" + id()) + "/";
        }

        /** The file the attendee changes (for the capstone: the folder, whose files all may change). */
        public String startingPointFile() {
            return isCapstone() ? folder() : folder() + startingPoint + ".java";
        }
    }

    /**
     * The exercises, in workshop order: each core exercise first, then the one to go on with
     * if it is done early (see docs/workshop/README.md). Numbered after the scenario they come from.
     */
    public static final List<Exercise> EXERCISES = List.of(
            Exercise.numbered(4, "background-task", "A background task after the request closed its Session", "CheckoutWithReceipt"),
            Exercise.numbered(5, "pass-ids", "An entity handed to another thread: a bonus that never arrives", "BonusCredit"),
            Exercise.numbered(2, "one-transaction-two-owners", "One transaction, two owners: a transfer that loses money", "SmallBank"),
            Exercise.numbered(13, "failed-statement", "One failed request, everyone's batch", "AccountDesk"),
            Exercise.numbered(6, "lost-update", "Lost update with a Session per thread", "PageCounter"),
            Exercise.numbered(7, "stale-cache", "A catalogue Session that never forgets: stale stock", "ProductPages"),
            Exercise.numbered(9, "current-session-pool", "The current Session of a pool thread outlives its task", "ReceiptImport"),
            Exercise.numbered(10, "swallowed-failure", "A background failure nobody hears of", "CheckoutDesk"),
            Exercise.numbered(12, "pool-starvation", "Background work that starves the requests of connections", "MonthlyStatements"),
            new Exercise(CAPSTONE, CAPSTONE, "The lamp shop: find the shared Sessions from their symptoms", ""));

    /** What {@code ./exercise} was asked to do; {@code hint} is the hint asked for by number, if any. */
    public record Command(String verb, Optional<Exercise> exercise, boolean solution, OptionalInt hint) {

        static Command of(String verb) {
            return new Command(verb, Optional.empty(), false, OptionalInt.empty());
        }

        static Command of(String verb, Exercise exercise) {
            return new Command(verb, Optional.of(exercise), false, OptionalInt.empty());
        }
    }

    private static final String USAGE = "run ./exercise --help for the commands";

    private ExerciseArguments() {
    }

    /**
     * Empty if the arguments parse; otherwise the one-line error {@code ./exercise} prints (the
     * docs checker calls this for every {@code ./exercise} command written in the docs).
     */
    public static Optional<String> problemWith(String... args) {
        try {
            parse(args);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The exercise a check class belongs to: its report names it. */
    public static Exercise named(String name) {
        return exercise(name);
    }

    /** The command, or {@link IllegalArgumentException} with the one-line error. */
    public static Command parse(String... args) {
        if (args.length == 0) {
            return Command.of("help");
        }
        String verb = args[0];
        switch (verb) {
            case "--help", "-h", "help" -> {
                expectNoMore(args, 1, verb);
                return Command.of("help");
            }
            case "list" -> {
                expectNoMore(args, 1, verb);
                return Command.of("list");
            }
            case "solution" -> {
                Exercise exercise = exercise(needExercise(args, verb));
                expectNoMore(args, 2, verb);
                return Command.of("solution", exercise);
            }
            case "hint" -> {
                Exercise exercise = exercise(needExercise(args, verb));
                expectNoMore(args, 3, verb);
                OptionalInt which = args.length == 3 ? OptionalInt.of(hintNumber(args[2], exercise)) : OptionalInt.empty();
                return new Command("hint", Optional.of(exercise), false, which);
            }
            case "check" -> {
                Exercise exercise = exercise(needExercise(args, verb));
                boolean solution = false;
                for (int i = 2; i < args.length; i++) {
                    if (!args[i].equals("--solution")) {
                        // No --guard: every check runs under the session guard.
                        throw new IllegalArgumentException("unknown option '" + args[i] + "' for check: the one option is --solution"
                                + " (every check runs under the session guard); " + USAGE);
                    }
                    solution = true;
                }
                return new Command("check", Optional.of(exercise), solution, OptionalInt.empty());
            }
            default -> throw new IllegalArgumentException("unknown command '" + verb + "': use list, check, hint, solution or --help");
        }
    }

    private static String needExercise(String[] args, String verb) {
        if (args.length < 2) {
            throw new IllegalArgumentException("'" + verb + "' needs an exercise, e.g. ./exercise " + verb + " 4 (./exercise list shows them)");
        }
        return args[1];
    }

    private static void expectNoMore(String[] args, int count, String verb) {
        if (args.length > count) {
            String takes = switch (count) {
                case 1 -> "no arguments";
                case 2 -> "one exercise";
                default -> "an exercise and a hint number";
            };
            throw new IllegalArgumentException("'" + verb + "' takes " + takes + " but got '"
                    + String.join(" ", List.of(args).subList(1, args.length)) + "'; " + USAGE);
        }
    }

    private static int hintNumber(String text, Exercise exercise) {
        try {
            int number = Integer.parseInt(text);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + text + "' is not a hint number: ./exercise hint " + exercise.name()
                + " gives the next hint, ./exercise hint " + exercise.name() + " 1 the first");
    }

    private static Exercise exercise(String text) {
        if (text.equalsIgnoreCase(CAPSTONE)) {
            return EXERCISES.get(EXERCISES.size() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an exercise; the exercises are " + names());
        }
        return EXERCISES.stream().filter(e -> e.name().equals(String.valueOf(number))).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("there is no exercise " + number + "; the exercises are " + names()));
    }

    private static String names() {
        List<String> numbers = new ArrayList<>();
        EXERCISES.stream().filter(e -> !e.isCapstone()).forEach(e -> numbers.add(e.name()));
        return String.join(", ", numbers) + " and the capstone (./exercise list)";
    }

    /** The help text. */
    public static String help() {
        return """
                ./exercise: the workshop's exercises, each checked by one command.

                  ./exercise list                      the exercises, the file to change in each, their pages
                  ./exercise check 4                   run exercise 4's check against your code: PASS or FAIL, exit 0 or 1
                  ./exercise check 4 --solution        run the same check against the solution
                  ./exercise hint 4                    the next hint of exercise 4 you have not seen, weakest first
                  ./exercise hint 4 2                  exercise 4's second hint (again)
                  ./exercise solution 4                the answer to exercise 4: try the hints first
                  ./exercise --help                    this text

                Every check runs under the session guard: a Session used by a thread other than
                the one that opened it fails the check. A check compiles what changed since the
                last one (the first builds the project: a minute or two), then runs. The hints you have seen are remembered in
                workshop/target/exercise-hints/ (delete it to start over).
                Bad input: one line on standard error, exit 2.
                Pages: docs/workshop/README.md""";
    }

    /** The list of exercises. */
    public static String list() {
        StringBuilder text = new StringBuilder();
        for (Exercise e : EXERCISES) {
            if (e.isCapstone()) {
                text.append(String.format(Locale.ROOT, "%ncapstone  %s%n    change: any file in %s but Shop.java and Mailer.java%n    page:   %s%n",
                        e.title(), e.folder(), e.page()));
            } else {
                text.append(String.format(Locale.ROOT, "%2s  %s%n    change: %s%n    page:   %s%n",
                        e.name(), e.title(), e.startingPointFile(), e.page()));
            }
        }
        return text.toString().stripTrailing();
    }

    /** The numbered hints of the "Hints" section of the exercise's solution page, read from {@code root}. */
    public static List<String> hints(Exercise exercise, Path root) throws IOException {
        List<String> hints = new ArrayList<>();
        StringBuilder current = null;
        for (String line : section(exercise, root, "hints").lines().toList()) {
            if (line.matches("\\d+\\. .*")) {
                if (current != null) {
                    hints.add(current.toString().strip());
                }
                current = new StringBuilder(line.substring(line.indexOf(". ") + 2)).append('\n');
            } else if (current != null) {
                current.append(line.strip().isEmpty() ? "\n" : line.strip() + "\n");
            }
        }
        if (current != null) {
            hints.add(current.toString().strip());
        }
        return hints;
    }

    /** The "Solution" section of the exercise's solution page, read from {@code root}. */
    public static String solution(Exercise exercise, Path root) throws IOException {
        return section(exercise, root, "solution");
    }

    /** The text under the page's {@code ## <name>} heading, up to the next {@code ## }. */
    private static String section(Exercise exercise, Path root, String name) throws IOException {
        StringBuilder text = new StringBuilder();
        boolean inside = false;
        for (String line : Files.readAllLines(root.resolve(exercise.solutionPage()))) {
            if (line.startsWith("## ")) {
                inside = line.substring(3).strip().toLowerCase(Locale.ROOT).equals(name);
                continue;
            }
            if (inside) {
                text.append(line).append('\n');
            }
        }
        return text.toString().strip();
    }

    /**
     * The answer to {@code ./exercise hint}: hint {@code which}, or the first one not yet seen,
     * with what to type next. Remembers the highest hint seen in {@code state}.
     *
     * @throws IllegalArgumentException if {@code which} is beyond the last hint
     */
    public static String hint(Exercise exercise, OptionalInt which, Path root, Path state) throws IOException {
        List<String> hints = hints(exercise, root);
        Path seenFile = state.resolve(exercise.id());
        int seen = seen(seenFile);
        String again = "./exercise hint " + exercise.name();
        if (which.isPresent() && which.getAsInt() > hints.size()) {
            throw new IllegalArgumentException(exercise.words() + " has " + hints.size() + " hints: " + again + " 1 to "
                    + again + " " + hints.size() + " show them");
        }
        if (which.isEmpty() && seen >= hints.size()) {
            return "You have seen all " + hints.size() + " hints of " + exercise.words() + ". Again: " + again + " 1 (to "
                    + hints.size() + "). The answer: ./exercise solution " + exercise.name() + ".";
        }
        int number = which.orElse(seen + 1);
        if (number > seen) {
            Files.createDirectories(state);
            Files.writeString(seenFile, number + "\n");
            seen = number;
        }
        String next = seen < hints.size()
                ? "Next: " + again + " (" + (hints.size() - seen) + " left)."
                : "That was the last hint. The answer: ./exercise solution " + exercise.name() + ".";
        return capitalized(exercise.words()) + ", hint " + number + " of " + hints.size() + ":\n\n"
                + hints.get(number - 1).indent(2) + "\n" + next + " Again: " + again + " " + number + ".";
    }

    /** The highest hint seen, from its file; a missing or unreadable file counts as none. */
    private static int seen(Path seenFile) throws IOException {
        if (!Files.isRegularFile(seenFile)) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(Files.readString(seenFile).strip()));
        } catch (NumberFormatException unreadable) {
            return 0;
        }
    }

    private static String capitalized(String words) {
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** Run by {@code ./exercise} as a source program, from the repository root. */
    public static void main(String[] args) throws IOException {
        Command command;
        try {
            command = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("exercise: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path root = Path.of(".");
        try {
            switch (command.verb()) {
                case "help" -> System.out.println(help());
                case "list" -> System.out.println(list());
                case "hint" -> System.out.println(hint(command.exercise().orElseThrow(), command.hint(), root, root.resolve(HINT_STATE)));
                case "solution" -> {
                    Exercise e = command.exercise().orElseThrow();
                    System.out.println("THIS IS THE ANSWER to " + e.words() + " (" + e.title() + "), from " + e.solutionPage()
                            + ".\nStuck, not done? ./exercise hint " + e.name() + " gives one hint at a time.\n");
                    System.out.println(solution(e, root));
                }
                default -> {
                    Exercise e = command.exercise().orElseThrow();
                    System.out.println("CHECK " + e.id() + " " + e.checkClass() + " "
                            + (command.solution() ? "solution" : "starting-point") + " " + e.words());
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("exercise: " + e.getMessage());
            System.exit(2);
        } catch (NoSuchFileException missing) {
            System.err.println("exercise: " + missing.getFile() + " is missing; run ./exercise from the repository's root, in a complete clone");
            System.exit(1);
        }
    }
}
