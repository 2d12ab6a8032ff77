package dev.sharedsession.workshop;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * What a check runs against: the attendee's starting point (the default) or the solution, the
 * safe side. Chosen by the configuration parameter (or system property) {@code workshop.subject}:
 * {@code ./exercise check 4 --solution} and the self-proof set it to {@code solution}.
 */
public enum Subject {
    STARTING_POINT, SOLUTION;

    public static final String PARAMETER = "workshop.subject";

    static Subject parse(String value) {
        return switch (value) {
            case "starting-point" -> STARTING_POINT;
            case "solution" -> SOLUTION;
            default -> throw new IllegalArgumentException(PARAMETER + " must be starting-point or solution, not '" + value + "'");
        };
    }

    /** The value of {@link #PARAMETER} that selects this subject. */
    public String label() {
        return this == STARTING_POINT ? "starting-point" : "solution";
    }

    /** How a report names it: the starting point is what the attendee is changing. */
    public String words() {
        return this == STARTING_POINT ? "your code" : "the solution";
    }

    /** The starting point's object or the solution's, whichever this check runs against. */
    public <T> T pick(Supplier<? extends T> startingPoint, Supplier<? extends T> solution) {
        return this == STARTING_POINT ? startingPoint.get() : solution.get();
    }

    /**
     * The safe side's object seen through an exercise's interface: each call goes to the safe
     * object's public method of the same name and parameters, and what it throws is thrown as is
     * (a check compares endings word for word). The safe side's classes cannot implement the
     * workshop's interfaces: they come first and know nothing of the workshop. A method the safe
     * object lacks fails the first call, which the self-proof makes on every solution.
     */
    public static <T> T delegating(Class<T> exerciseInterface, Object safe) {
        Object proxy = Proxy.newProxyInstance(exerciseInterface.getClassLoader(), new Class<?>[] {exerciseInterface},
                (self, method, arguments) -> {
                    Method target = safe.getClass().getMethod(method.getName(), method.getParameterTypes());
                    try {
                        return target.invoke(safe, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return exerciseInterface.cast(proxy);
    }
}
