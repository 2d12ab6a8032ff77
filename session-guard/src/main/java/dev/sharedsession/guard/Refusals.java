package dev.sharedsession.guard;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jboss.logging.Logger;

/**
 * One factory's refusals (and, under REPORT, reports): counted per call, and logged once per
 * call site. Code that swallows exceptions (a task whose {@code Future} nobody reads, a catch-all
 * in a scheduler) would otherwise lose the one message that says which threads shared the
 * Session; but a loop that shares a Session would log the same line hundreds of times, and hide
 * every other. So the first refusal of a call from a given line of the caller's code (the first
 * frame outside Hibernate, the JDK and the guard) is logged at WARN with its message; later ones
 * from there are only counted ({@link SessionGuard#counts}), and logged at DEBUG, with their
 * stack, when the logger is at DEBUG (the first one then carries its stack too). Through JBoss
 * Logging, Hibernate's own logging facade, so it goes wherever Hibernate's log goes; the logger
 * is {@code dev.sharedsession.guard.SessionGuard}.
 *
 * <p>It holds strings and counters only, no Session; it lives as long as its factory is guarded
 * ({@link FactoryGuards}). The sites are lines of code, so there are only as many as the
 * application has lines that share a Session.
 */
final class Refusals {

    private static final Logger LOG = Logger.getLogger(SessionGuard.class);

    /** Call ("Session.find") to how many times it was refused or reported. */
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    /** Call and caller's line, for each one logged at WARN already. */
    private final Set<String> sitesLogged = ConcurrentHashMap.newKeySet();

    /**
     * Counts {@code refused} under {@code call} and logs it, at WARN if it is the first of that call
     * from {@code site} (the caller's line: {@link CallSites#callerSite()}), else only at DEBUG.
     */
    <T extends SessionSharedAcrossThreadsException> T record(T refused, String call, String site) {
        counts.computeIfAbsent(call, c -> new LongAdder()).increment();
        if (sitesLogged.add(call + " at " + site)) {
            String line = refused.getMessage() + " [the first " + call + " refused or reported from "
                    + (site == null ? "this call site" : site) + "; any more from there are counted, not logged:"
                    + " SessionGuard.counts(sessionFactory)]";
            if (LOG.isDebugEnabled()) {
                LOG.warn(line, refused);
            } else {
                LOG.warn(line);
            }
        } else if (LOG.isDebugEnabled()) {
            LOG.debug(refused.getMessage(), refused);
        }
        return refused;
    }

    /** A snapshot: call to count, sorted by call, unmodifiable. */
    Map<String, Long> counts() {
        Map<String, Long> snapshot = new TreeMap<>();
        counts.forEach((call, count) -> snapshot.put(call, count.sum()));
        return Collections.unmodifiableMap(snapshot);
    }

    /**
     * Always logged at WARN, never folded into a count: a commit that rolled back because of a
     * refusal says that a transaction's work was lost, once per transaction.
     */
    static <T extends SessionSharedAcrossThreadsException> T logged(T refused) {
        if (LOG.isDebugEnabled()) {
            LOG.warn(refused.getMessage(), refused);
        } else {
            LOG.warn(refused.getMessage());
        }
        return refused;
    }
}
