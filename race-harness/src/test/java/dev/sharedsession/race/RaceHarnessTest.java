package dev.sharedsession.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A race runs named threads, bounded by one deadline")
class RaceHarnessTest {

    @Test
    @DisplayName("each actor runs on a thread with its own name and hands back its value")
    void actorsRunOnNamedThreads() {
        try (Race race = Race.bounded()) {
            Actor<String> alice = race.start("Alice", () -> Thread.currentThread().getName());
            Actor<String> bob = race.start("Bob", () -> Thread.currentThread().getName());
            race.awaitAll();
            assertThat(alice.join()).isEqualTo("Alice");
            assertThat(bob.join()).isEqualTo("Bob");
            assertThat(alice.outcome()).isEqualTo(Outcome.ok());
        }
    }

    @Test
    @DisplayName("an actor's failure is kept: join() rethrows it as the cause, failure() and outcome() report it")
    void aFailureIsKept() {
        try (Race race = Race.bounded()) {
            Actor<Object> bob = race.run("Bob", () -> {
                throw new IllegalStateException("Bob broke it");
            });
            assertThatThrownBy(bob::join).hasMessageContaining("'Bob' failed")
                    .cause().isInstanceOf(IllegalStateException.class).hasMessage("Bob broke it");
            assertThat(bob.failure()).hasMessage("Bob broke it");
            assertThat(bob.outcome()).isEqualTo(Outcome.wrong("IllegalStateException: Bob broke it"));
        }
    }

    @Test
    @DisplayName("an actor stuck past the deadline is reported as a HANG, and interrupted when the race closes")
    void aStuckActorIsAHang() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Actor<Object> stuck;
        try (Race race = new Race(Duration.ofMillis(200))) {
            stuck = race.run("stuck", () -> {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            });
            assertThatThrownBy(stuck::join).isInstanceOf(RaceTimeoutException.class)
                    .hasMessage("HANG: 'stuck' did not finish within PT0.2S");
            assertThat(stuck.outcome()).isEqualTo(Outcome.hang("stuck"));
        }
        assertThat(interrupted.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("interrupted on close").isTrue();
    }
}
