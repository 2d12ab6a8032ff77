package dev.sharedsession.workshop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A plausible wrong fix of an exercise, kept in the test tree in the exercise's package under
 * {@code wrongfix} and built as its starting point is. {@link ExercisesProveThemselvesTest}
 * runs the exercise's check against it: the verdict must be FAIL, and the check named here must
 * fail on an assertion whose one-line report contains {@link #fails()}. A wrong fix the check
 * lets pass is a check that lies.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WrongFix {

    /** What the attendee wrote, in a phrase: "the shared Session behind a lock, cleared each time". */
    String is();

    /** The method name of the check that catches it. */
    String caughtBy();

    /** A piece of that check's one-line report on it. */
    String fails();
}
