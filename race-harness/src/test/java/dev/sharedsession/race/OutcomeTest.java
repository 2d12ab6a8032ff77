package dev.sharedsession.race;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Outcomes are short labels that can be counted")
class OutcomeTest {

    @Test
    @DisplayName("wrappers are peeled off: the label names the exception that says what happened")
    void wrappersArePeeled() {
        Throwable wrapped = new ExecutionException(new CompletionException(
                new IllegalStateException("Session/EntityManager is closed")));
        assertThat(Outcome.describe(wrapped)).isEqualTo("IllegalStateException: Session/EntityManager is closed");
    }

    @Test
    @DisplayName("ids and object hashes are blanked, so the same failure on another row counts once")
    void idsAndHashesAreBlanked() {
        assertThat(Outcome.describe(new IllegalStateException(
                "org.hibernate.resource.jdbc.internal.LogicalConnectionManagedImpl@2324d89e is closed")))
                .isEqualTo("IllegalStateException: org.hibernate.resource.jdbc.internal.LogicalConnectionManagedImpl@… is closed");
        assertThat(Outcome.describe(new IllegalStateException("customer 42 has no orders")))
                .isEqualTo("IllegalStateException: customer # has no orders");
    }

    @Test
    @DisplayName("an exception without a message is labelled by its type")
    void typeOnly() {
        assertThat(Outcome.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    @DisplayName("a tally counts runs, counts what went wrong, and names the commonest failure")
    void tallyCounts() {
        Tally tally = new Tally();
        tally.add(Outcome.ok());
        tally.add(Outcome.wrong("rows lost"));
        tally.add(Outcome.failed(new IllegalStateException("closed")));
        tally.add(Outcome.failed(new IllegalStateException("closed")));

        assertThat(tally.runs()).isEqualTo(4);
        assertThat(tally.wentWrong()).isEqualTo(3);
        assertThat(tally.commonestFailure()).contains("IllegalStateException: closed");
        assertThat(tally.counts()).containsExactly(
                java.util.Map.entry("IllegalStateException: closed", 2),
                java.util.Map.entry("ok", 1),
                java.util.Map.entry("rows lost", 1));
    }

    @Test
    @DisplayName("a run a guard stopped is neither ok nor wrong: a tally counts it apart and names the commonest stop")
    void stoppedIsCountedApart() {
        Tally tally = new Tally();
        tally.add(Outcome.stopped("'Alice' in Session.beginTransaction"));
        tally.add(Outcome.stopped("'Alice' in Session.beginTransaction"));
        tally.add(Outcome.wrong("rows lost"));
        tally.add(Outcome.ok());

        assertThat(Outcome.stopped("'Alice' in Session.find").isStopped()).isTrue();
        assertThat(Outcome.stopped("'Alice' in Session.find").wentWrong()).isFalse();
        assertThat(Outcome.wrong("stopped: by hand").isStopped()).isFalse();
        assertThat(Outcome.ok().isStopped()).isFalse();
        assertThat(tally.runs()).isEqualTo(4);
        assertThat(tally.stopped()).isEqualTo(2);
        assertThat(tally.wentWrong()).isEqualTo(1);
        assertThat(tally.commonestStop()).contains("stopped: 'Alice' in Session.beginTransaction");
        assertThat(new Tally().commonestStop()).isEmpty();
    }
}
