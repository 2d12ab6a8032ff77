package dev.sharedsession.race;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A unit of work of a named thread came to its end: an actor's body, or one task of a stage's
 * executor. A {@link Pause} or {@link Gap} that waits for that thread and was set up before the
 * unit began can then stop waiting: the thread will not get there any more.
 *
 * @param thread  the thread's name
 * @param began   when the unit began, as a {@link #moment()}
 * @param failure what the unit threw, or {@code null}: it ended normally, or (a task) the harness
 *                cannot tell (a {@code CompletableFuture} keeps its task's failure to itself)
 * @param task    a task of an executor, whose thread lives on for the next task; else an actor
 */
record Ending(String thread, long began, Throwable failure, boolean task) {

    private static final AtomicLong MOMENTS = new AtomicLong();

    /**
     * A point in the harness's own order of events: later calls return larger numbers, so "armed
     * before the unit began" is a comparison, whatever the threads and clocks.
     */
    static long moment() {
        return MOMENTS.incrementAndGet();
    }

    /** "'Alice' ended first, with IllegalStateException: ..." or "a task on 'background-worker' ended first". */
    String story() {
        String who = task ? "a task on '" + thread + "'" : "'" + thread + "'";
        if (failure != null) {
            return who + " ended first, with " + Outcome.describe(failure);
        }
        return who + " ended first" + (task ? "" : ", normally");
    }
}
