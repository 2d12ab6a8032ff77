package dev.sharedsession.workshop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sharedsession.database.Database;
import dev.sharedsession.guard.SessionGuard;
import dev.sharedsession.guard.SessionGuard.Policy;
import dev.sharedsession.race.Actor.ActorFailedException;
import dev.sharedsession.race.EndedFirstException;
import dev.sharedsession.race.PausePoints;
import dev.sharedsession.race.RaceTimeoutException;
import dev.sharedsession.workshop.ExerciseArguments.Exercise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hibernate.Session;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The glue every {@code ExerciseNNCheck} registers (static field, {@code @RegisterExtension}):
 * <ul>
 *   <li>gives test methods the {@link Subject} to run against;</li>
 *   <li>gives them a fresh {@link Database} with pause points, always under the session guard
 *       ({@code hibernate.session_guard=confined}): the workshop's rule is that no Session
 *       crosses a thread, and a fix that shares one behind a lock, or hands over an entity
 *       still bound to its Session, must fail even when the interleaving happens to come out
 *       right. It also counts Sessions ({@code hibernate.generate_statistics}), so a check can
 *       say whether any was left open; it is closed after the test;</li>
 *   <li>turns a thread of the check that failed, ended before the point the check waits for, or
 *       never got there, into a failed check (an {@link AssertionError} with the harness's own
 *       words): that is the code under check going wrong, e.g. the session guard refusing a
 *       call, not the check breaking; and fails a check that passed but left a Session of its
 *       database open;</li>
 *   <li>if {@code workshop.report} names a file, writes the verdict there when the class is
 *       done: {@code PASS} or {@code FAIL} on the first line, then one paragraph per check, the
 *       failing assertion folded onto one line (or, for {@link Symptoms}, one line per symptom).
 *       {@code ./exercise check} prints that file.</li>
 * </ul>
 */
public final class ExerciseCheck
        implements BeforeAllCallback, ParameterResolver, InvocationInterceptor, TestWatcher, AfterEachCallback, AfterAllCallback {

    public static final String REPORT = "workshop.report";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ExerciseCheck.class);

    private final Exercise exercise;
    private final List<String> results = new ArrayList<>();
    private Subject subject = Subject.STARTING_POINT;
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
        results.clear();
        failed = 0;
    }

    /**
     * A fresh database of the chosen engine ({@code -Ddb}), with pause points, the session guard
     * ({@code confined}) and Session statistics. Fails at once if the guard did not take: a pass
     * means something only if the guard watched.
     */
    public static Database guardedDatabase(String label) {
        Database db = PausePoints.openDatabase(Database.Settings.fromSystemProperties(label)
                .withHibernateSetting(SessionGuard.SETTING, "confined")
                .withHibernateSetting("hibernate.generate_statistics", true));
        try (Session session = db.sessionFactory().openSession()) {
            assertThat(SessionGuard.policy(session)).as("the session guard of the check's SessionFactory").isEqualTo(Policy.CONFINED);
        } catch (RuntimeException | AssertionError notGuarded) {
            db.close();
            throw notGuarded;
        }
        return db;
    }

    /** Sessions of {@code db}'s factory opened and not closed (statistics are on in every check's database). */
    public static long openSessions(Database db) {
        var statistics = db.sessionFactory().getStatistics();
        return statistics.getSessionOpenCount() - statistics.getSessionCloseCount();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Subject.class || type == Database.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (parameter.getParameter().getType() == Subject.class) {
            return subject;
        }
        return context.getStore(NAMESPACE).computeIfAbsent(context.getUniqueId(),
                key -> guardedDatabase(context.getRequiredTestClass().getSimpleName() + "_" + context.getRequiredTestMethod().getName()),
                Database.class);
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        try {
            invocation.proceed();
        } catch (EndedFirstException | RaceTimeoutException | ActorFailedException threadWentWrong) {
            throw new AssertionError(threadWentWrong.getMessage(), threadWentWrong);
        }
        // Every check, last: a Session left open keeps its persistence context, and a transaction
        // left open its connection, past the check's end.
        Database db = extensionContext.getStore(NAMESPACE).get(extensionContext.getUniqueId(), Database.class);
        if (db != null) {
            assertThat(openSessions(db)).as("Sessions left open when the check ended").isZero();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Database db = context.getStore(NAMESPACE).remove(context.getUniqueId(), Database.class);
        if (db != null) {
            db.close();
        }
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
        String text = verdict + ": " + exercise.words() + " against " + subject.words() + ", session guard on: "
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
