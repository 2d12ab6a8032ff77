package dev.sharedsession.workshop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The command line of {@code ./exercise}, and the list of exercises.
 *
 * <p>Uses nothing but the JDK, so that {@code ./exercise} can run this one file as a source
 * program ({@code java ExerciseArguments.java ...}) before anything is built: bad input is
 * answered in a second, not after a Maven build. For {@code check} it prints one line the script
 * acts on ({@code CHECK 04 dev.sharedsession.workshop.exercise04.Exercise04Check starting-point});
 * everything else it answers itself.
 */
public final class ExerciseArguments {

    /** One exercise: the scenario number it comes from, its docs page, its title. */
    public record Exercise(int number, String slug, String title, String startingPoint) {

        /** Two digits, as in the package and the file names. */
        public String id() {
            return String.format(Locale.ROOT, "%02d", number);
        }

        /** The JUnit class that checks it (test sources; not picked up by surefire's default includes). */
        public String checkClass() {
            return "dev.sharedsession.workshop.exercise" + id() + ".Exercise" + id() + "Check";
        }

        /** Its page, relative to the repository root. */
        public String page() {
            return "docs/workshop/exercise-" + id() + "-" + slug + ".md";
        }

        /** The file the attendee changes, relative to the repository root. */
        public String startingPointFile() {
            return "workshop/src/main/java/dev/sharedsession/workshop/exercise" + id() + "/" + startingPoint + ".java";
        }
    }

    /** The exercises, in workshop order; numbered after the scenario they come from. */
    public static final List<Exercise> EXERCISES = List.of(
            new Exercise(4, "background-task", "A background task after the request closed its Session", "CheckoutWithReceipt"),
            new Exercise(5, "pass-ids", "An entity handed to another thread: a bonus that never arrives", "BonusCredit"),
            new Exercise(6, "lost-update", "Lost update with a Session per thread", "PageCounter"),
            new Exercise(10, "swallowed-failure", "A background failure nobody hears of", "CheckoutDesk"),
            new Exercise(12, "pool-starvation", "Background work that starves the requests of connections", "MonthlyStatements"));

    /** What {@code ./exercise} was asked to do. */
    public record Command(String verb, Optional<Exercise> exercise, boolean solution) {
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

    /** The command, or {@link IllegalArgumentException} with the one-line error. */
    public static Command parse(String... args) {
        if (args.length == 0) {
            return new Command("help", Optional.empty(), false);
        }
        String verb = args[0];
        switch (verb) {
            case "--help", "-h", "help" -> {
                expectCount(args, 1, verb);
                return new Command("help", Optional.empty(), false);
            }
            case "list" -> {
                expectCount(args, 1, verb);
                return new Command("list", Optional.empty(), false);
            }
            case "hint" -> {
                expectCount(args, 2, verb);
                return new Command("hint", Optional.of(exercise(args[1])), false);
            }
            case "check" -> {
                if (args.length < 2) {
                    throw new IllegalArgumentException("check needs an exercise number, e.g. ./exercise check 4 (./exercise list shows them)");
                }
                boolean solution = false;
                for (int i = 2; i < args.length; i++) {
                    if (!args[i].equals("--solution")) {
                        throw new IllegalArgumentException("unknown option '" + args[i] + "' for check: the only one is --solution; " + USAGE);
                    }
                    solution = true;
                }
                return new Command("check", Optional.of(exercise(args[1])), solution);
            }
            default -> throw new IllegalArgumentException("unknown command '" + verb + "': use list, check, hint or --help");
        }
    }

    private static void expectCount(String[] args, int count, String verb) {
        if (args.length > count) {
            throw new IllegalArgumentException("'" + verb + "' takes " + (count == 1 ? "no arguments" : "one exercise number")
                    + " but got '" + String.join(" ", List.of(args).subList(count, args.length)) + "'; " + USAGE);
        }
        if (args.length < count) {
            throw new IllegalArgumentException("'" + verb + "' needs an exercise number, e.g. ./exercise " + verb + " 4");
        }
    }

    private static Exercise exercise(String text) {
        int number;
        try {
            number = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an exercise number; the exercises are " + numbers());
        }
        return EXERCISES.stream().filter(e -> e.number() == number).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("there is no exercise " + number + "; the exercises are " + numbers()));
    }

    private static String numbers() {
        List<String> numbers = new ArrayList<>();
        EXERCISES.forEach(e -> numbers.add(String.valueOf(e.number())));
        return String.join(", ", numbers) + " (./exercise list)";
    }

    /** The help text. */
    public static String help() {
        return """
                ./exercise: the workshop's exercises, each checked by one command.

                  ./exercise list                 the exercises, their pages and the file to change
                  ./exercise check 4              run exercise 4's check against your code: PASS or FAIL, exit 0 or 1
                  ./exercise check 4 --solution   run the same check against the solution (the safe side)
                  ./exercise hint 4               the hints of exercise 4, weakest first
                  ./exercise --help               this text

                The first check builds what it needs (a minute or two); later ones take about half a minute.
                Bad input: one line on standard error, exit 2.
                Pages: docs/workshop/README.md""";
    }

    /** The list of exercises. */
    public static String list() {
        StringBuilder text = new StringBuilder();
        for (Exercise e : EXERCISES) {
            text.append(String.format(Locale.ROOT, "%2d  %s%n    change: %s%n    page:   %s%n",
                    e.number(), e.title(), e.startingPointFile(), e.page()));
        }
        return text.toString().stripTrailing();
    }

    /** The "Hints" section of the exercise's page, read from {@code root}. */
    public static String hints(Exercise exercise, Path root) throws IOException {
        List<String> lines = Files.readAllLines(root.resolve(exercise.page()));
        StringBuilder text = new StringBuilder();
        boolean inHints = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inHints = line.toLowerCase(Locale.ROOT).startsWith("## hints");
                continue;
            }
            if (inHints) {
                text.append(line).append('\n');
            }
        }
        return text.toString().strip();
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
        switch (command.verb()) {
            case "help" -> System.out.println(help());
            case "list" -> System.out.println(list());
            case "hint" -> {
                Exercise e = command.exercise().orElseThrow();
                System.out.println("Exercise " + e.number() + ": " + e.title() + " (" + e.page() + ")\n");
                try {
                    System.out.println(hints(e, Path.of(".")));
                } catch (NoSuchFileException missing) {
                    System.err.println("exercise: " + e.page() + " is missing; run ./exercise from the repository's root, in a complete clone");
                    System.exit(1);
                }
            }
            default -> {
                Exercise e = command.exercise().orElseThrow();
                System.out.println("CHECK " + e.id() + " " + e.checkClass() + " "
                        + (command.solution() ? "solution" : "starting-point"));
            }
        }
    }
}
