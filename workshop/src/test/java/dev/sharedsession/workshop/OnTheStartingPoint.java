package dev.sharedsession.workshop;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a check does when it runs against the starting point (under the session guard, as every
 * check runs), written next to the check.
 * {@link ExercisesProveThemselvesTest} runs every starting point and asserts it: a check that
 * {@link #fails()} must fail on an assertion whose one-line report contains that text, so the
 * starting point fails for the reason its exercise is about and no other. Every check method
 * carries this annotation.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnTheStartingPoint {

    /** A piece of the check's report on the starting point; the same on every database unless one below is given. */
    String fails() default "";

    /** The same on PostgreSQL, where its words differ. */
    String failsOnPostgresql() default "";

    /** The same on MariaDB, where its words differ. */
    String failsOnMariadb() default "";

    /** Why the check may pass on the starting point (then nothing is asserted of it). */
    String mayPass() default "";
}
