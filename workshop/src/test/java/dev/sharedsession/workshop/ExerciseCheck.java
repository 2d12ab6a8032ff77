package dev.sharedsession.workshop;

import dev.sharedsession.workshop.ExerciseArguments.Exercise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The glue every {@code ExerciseNNCheck} registers (static field, {@code @RegisterExtension}):
 * <ul>
 *   <li>gives test methods the {@link Subject} to run against;</li>
 *   <li>says whether the session guard was asked for ({@code workshop.guard=on}, set by
 *       {@code ./exercise check capstone --guard}); a check that builds its own SessionFactory
 *       turns it on there;</li>
 *   <li>if {@code workshop.report} names a file, writes the verdict there when the class is
 *       done: {@code PASS} or {@code FAIL} on the first line, then one paragraph per check, the
 *       failing assertion folded onto one line (or, for {@link Symptoms}, one line per symptom).
 *       {@code ./exercise check} prints that file.</li>
 * </ul>
 */
public final class ExerciseCheck implements BeforeAllCallback, ParameterResolver, TestWatcher, AfterAllCallback {

    public static final String REPORT = "workshop.report";
    public static final String GUARD = "workshop.guard";

    private final Exercise exercise;
    private final List<String> results = new ArrayList<>();
    private Subject subject = Subject.STARTING_POINT;
    private boolean guard;
    private int failed;

    /** The check of exercise {@code number}. */
    public ExerciseCheck(int number) {
        this(String.valueOf(number));
    }

    private ExerciseCheck(String name) {
        this.exercise = ExerciseArguments.named(name);
    }

    /** The capstone's check. */
    public static ExerciseCheck capstone() {
        return new ExerciseCheck(ExerciseArguments.CAPSTONE);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        subject = context.getConfigurationParameter(Subject.PARAMETER).map(Subject::parse).orElse(Subject.STARTING_POINT);
        guard = context.getConfigurationParameter(GUARD).map(ExerciseCheck::parseGuard).orElse(false);
        results.clear();
        failed = 0;
    }

    private static boolean parseGuard(String value) {
        return switch (value) {
            case "on" -> true;
            case "off", "" -> false;
            default -> throw new IllegalArgumentException(GUARD + " must be on or off, not '" + value + "'");
        };
    }

    /** Whether this run asked for the session guard. */
    public boolean guardOn() {
        return guard;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Subject.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return subject;
    }

    @Override
    public void testSuccessful(ExtensionContext context) {
        results.add("  ok    " + context.getDisplayName());
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed++;
        String why = cause instanceof Symptoms symptoms ? String.join("\n        ", symptoms.symptoms()) : oneParagraph(cause);
        results.add("  FAIL  " + context.getDisplayName() + "\n        " + why);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Optional<String> report = context.getConfigurationParameter(REPORT);
        if (report.isEmpty()) {
            return;
        }
        String verdict = failed == 0 && !results.isEmpty() ? "PASS" : "FAIL";
        String text = verdict + ": " + exercise.words() + " against " + subject.words() + (guard ? ", session guard on" : "") + ": "
                + (results.size() - failed) + " of " + results.size() + " checks passed\n"
                + String.join("\n", results) + "\n";
        try {
            Path file = Path.of(report.get());
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the exercise report " + report.get(), e);
        }
    }

    /**
     * The failure as one readable paragraph: its type if it is not an assertion, its message on
     * one line without the stack frames AssertJ pastes in when a future failed.
     */
    static String oneParagraph(Throwable cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage().lines()
                .filter(line -> !line.matches("\\s*(at |\\.\\.\\. \\d+ (more|common frames omitted)).*"))
                .collect(Collectors.joining(" ")).strip().replaceAll("\\s+", " ");
        String text = cause instanceof AssertionError ? message : cause.getClass().getName() + ": " + message;
        return text.length() > 900 ? text.substring(0, 897) + "..." : text;
    }
}
