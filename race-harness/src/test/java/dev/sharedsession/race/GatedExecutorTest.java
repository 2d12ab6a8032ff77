package dev.sharedsession.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The gated executor decides when background work starts")
class GatedExecutorTest {

    @Test
    @DisplayName("a held task runs only once the gate opens, on a thread with the executor's name")
    void heldTasksRunAfterOpen() {
        StringBuilder order = new StringBuilder();
        try (GatedExecutor background = GatedExecutor.held("background-worker", 1)) {
            CompletableFuture<String> task = CompletableFuture.supplyAsync(() -> {
                synchronized (order) {
                    order.append("task;");
                }
                return Thread.currentThread().getName();
            }, background);
            synchronized (order) {
                order.append("caller;");
            }
            background.open();
            assertThat(task).succeedsWithin(Duration.ofSeconds(10)).isEqualTo("background-worker");
            background.awaitFinished(1);
        }
        assertThat(order).hasToString("caller;task;");
    }

    @Test
    @DisplayName("a held task whose gate never opens is dropped after the timeout, and closing the executor says so")
    void aHeldTaskTimesOut() {
        GatedExecutor background = GatedExecutor.held("background-worker", 1, Duration.ofMillis(200));
        CompletableFuture<Void> task = CompletableFuture.runAsync(() -> { }, background);
        background.awaitFinished(1);

        assertThat(task).isNotDone(); // the task body never ran: the gate's timeout ended it
        assertThat(background.dropped()).isEqualTo(1);
        assertThatThrownBy(background::close).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("1 background task(s) held at the gate were never run");
    }

    @Test
    @DisplayName("what a plain Runnable throws is kept, not lost: uncaught() returns it")
    void aPlainRunnablesFailureIsKept() {
        try (GatedExecutor background = GatedExecutor.running("background-worker", 1)) {
            background.execute(() -> {
                throw new IllegalStateException("the receipt printer is out of paper");
            });
            background.awaitFinished(1);

            assertThat(background.uncaught()).singleElement()
                    .isInstanceOf(IllegalStateException.class)
                    .hasFieldOrPropertyWithValue("message", "the receipt printer is out of paper");
        }
    }

    @Test
    @DisplayName("several threads are named background-worker, background-worker-2, ...")
    void severalThreadsAreNumbered() {
        try (GatedExecutor background = GatedExecutor.held("background-worker", 2)) {
            var first = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), background);
            var second = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), background);
            background.open();
            assertThat(List.of(first.join(), second.join()))
                    .containsExactlyInAnyOrder("background-worker", "background-worker-2");
        }
    }
}
