package dev.sharedsession.workshop;

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
}
