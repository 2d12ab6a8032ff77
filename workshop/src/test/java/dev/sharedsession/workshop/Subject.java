package dev.sharedsession.workshop;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a check runs against: the attendee's starting point (the default), the solution (the
 * safe side), or a wrong fix kept in the test tree (a class annotated {@link WrongFix}, which the
 * self-proof runs to prove the check catches it). Chosen by the configuration parameter (or
 * system property) {@code workshop.subject}: {@code starting-point}, {@code solution}
 * ({@code ./exercise check 4 --solution}) or {@code wrong-fix:<class name>}.
 */
public record Subject(Kind kind, String wrongFix) {

    /** Which of the three. */
    public enum Kind { STARTING_POINT, SOLUTION, WRONG_FIX }

    public static final String PARAMETER = "workshop.subject";
    public static final Subject STARTING_POINT = new Subject(Kind.STARTING_POINT, "");
    public static final Subject SOLUTION = new Subject(Kind.SOLUTION, "");
    private static final String WRONG_FIX_PREFIX = "wrong-fix:";

    /** The wrong fix of that class (a {@link WrongFix}). */
    public static Subject wrongFix(Class<?> wrongFix) {
        return new Subject(Kind.WRONG_FIX, wrongFix.getName());
    }

    static Subject parse(String value) {
        if (value.startsWith(WRONG_FIX_PREFIX)) {
            return new Subject(Kind.WRONG_FIX, value.substring(WRONG_FIX_PREFIX.length()));
        }
        return switch (value) {
            case "starting-point" -> STARTING_POINT;
            case "solution" -> SOLUTION;
            default -> throw new IllegalArgumentException(PARAMETER + " must be starting-point, solution or "
                    + WRONG_FIX_PREFIX + "<class>, not '" + value + "'");
        };
    }

    /** The value of {@link #PARAMETER} that selects this subject. */
    public String label() {
        return switch (kind) {
            case STARTING_POINT -> "starting-point";
            case SOLUTION -> "solution";
            case WRONG_FIX -> WRONG_FIX_PREFIX + wrongFix;
        };
    }

    /** How a report names it: the starting point is what the attendee is changing. */
    public String words() {
        return switch (kind) {
            case STARTING_POINT -> "your code";
            case SOLUTION -> "the solution";
            case WRONG_FIX -> "the wrong fix " + wrongFix.substring(wrongFix.lastIndexOf('.') + 1);
        };
    }

    /**
     * The starting point's object, the solution's, or the wrong fix's, whichever this check runs
     * against. A wrong fix is built like the starting point: {@code arguments} are what the
     * starting point's constructor is given, and the wrong fix's one public constructor takes them.
     */
    public <T> T pick(Supplier<? extends T> startingPoint, Supplier<? extends T> solution, Object... arguments) {
        return switch (kind) {
            case STARTING_POINT -> startingPoint.get();
            case SOLUTION -> solution.get();
            case WRONG_FIX -> wrongFixBuilt(arguments);
        };
    }

    @SuppressWarnings("unchecked") // the check uses it as the exercise's interface: a wrong fix that is none fails at once
    private <T> T wrongFixBuilt(Object... arguments) {
        try {
            Constructor<?>[] constructors = Class.forName(wrongFix).getConstructors();
            if (constructors.length != 1) {
                throw new IllegalStateException("the wrong fix " + wrongFix + " needs exactly one public constructor, like its starting point");
            }
            return (T) constructors[0].newInstance(arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build the wrong fix " + wrongFix + " as its starting point is built", e);
        }
    }

    /**
     * The safe side's object seen through an exercise's interface: each call goes to the safe
     * object's public method of the same name and parameters, and what it throws is thrown as is
     * (a check compares endings word for word). The safe side's classes cannot implement the
     * workshop's interfaces: they come first and know nothing of the workshop. A method the safe
     * object lacks fails the first call, which the self-proof makes on every solution, unless it
     * is named in {@code nothingToEnd}: an end step of the exercise's shape (a {@code close()}, a
     * {@code commitBatch()}; no parameters, no result) that the safe object has no use for, since
     * each of its requests committed and closed its own Session. Such a call does nothing. A name
     * that is no such step of the interface, or that the safe object has after all, fails at once.
     */
    public static <T> T delegating(Class<T> exerciseInterface, Object safe, String... nothingToEnd) {
        Set<String> ends = Set.of(nothingToEnd);
        for (String end : ends) {
            requireEndStep(exerciseInterface, end);
            if (Arrays.stream(safe.getClass().getMethods()).anyMatch(m -> m.getName().equals(end) && m.getParameterCount() == 0)) {
                throw new IllegalArgumentException(safe.getClass().getSimpleName() + " has " + end
                        + "(): call it, do not skip it");
            }
        }
        Object proxy = Proxy.newProxyInstance(exerciseInterface.getClassLoader(), new Class<?>[] {exerciseInterface},
                (self, method, arguments) -> {
                    if (method.getParameterCount() == 0 && ends.contains(method.getName())) {
                        return null;
                    }
                    Method target = safe.getClass().getMethod(method.getName(), method.getParameterTypes());
                    try {
                        return target.invoke(safe, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return exerciseInterface.cast(proxy);
    }

    private static void requireEndStep(Class<?> exerciseInterface, String end) {
        try {
            if (exerciseInterface.getMethod(end).getReturnType() != void.class) {
                throw new IllegalArgumentException(exerciseInterface.getSimpleName() + "." + end + "() returns a result: it is no end step");
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(exerciseInterface.getSimpleName() + " has no " + end + "()", e);
        }
    }
}
