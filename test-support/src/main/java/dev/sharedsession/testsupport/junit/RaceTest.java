package dev.sharedsession.testsupport.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test that runs a race. It is repeated {@code -Drace.repetitions} times (default 3; the
 * reliability check is {@code -Drace.repetitions=1000}), each repetition on a fresh
 * {@link dev.sharedsession.database.Database} injected as a parameter and closed afterwards.
 */
@Documented
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@TestTemplate
@ExtendWith(RaceTestExtension.class)
public @interface RaceTest {
}
