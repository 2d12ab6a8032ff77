package dev.sharedsession.workshop.exercise06;

/** Exercise 6's shape: what the check calls, on your starting point and on the solution. */
public interface HitCounter {

    /** One visit: adds one hit to the page counter, in a unit of work of its own. Returns the hits after it. */
    long hit(long counterId);
}
