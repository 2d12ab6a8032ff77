package dev.sharedsession.race;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Counts the outcomes of repeated natural runs. */
public final class Tally {

    private final Map<Outcome, Integer> counts = new LinkedHashMap<>();

    public synchronized void add(Outcome outcome) {
        counts.merge(outcome, 1, Integer::sum);
    }

    public synchronized int runs() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    public synchronized int wentWrong() {
        return counts.entrySet().stream().filter(e -> e.getKey().wentWrong())
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** Runs a guard stopped before they did harm ({@link Outcome#stopped}): neither ok nor wrong. */
    public synchronized int stopped() {
        return counts.entrySet().stream().filter(e -> e.getKey().isStopped())
                .mapToInt(Map.Entry::getValue).sum();
    }

    /** The label of the commonest stop, if a guard ever stopped a run. */
    public synchronized Optional<String> commonestStop() {
        return counts.entrySet().stream().filter(e -> e.getKey().isStopped())
                .max(Map.Entry.comparingByValue())
                .map(e -> e.getKey().label());
    }

    /** Label to count, commonest first. */
    public synchronized Map<String, Integer> counts() {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<Outcome, Integer>comparingByValue(Comparator.reverseOrder()))
                .collect(Collectors.toMap(e -> e.getKey().label(), Map.Entry::getValue, Integer::sum, LinkedHashMap::new));
    }

    /** Each distinct outcome (label and whether it went wrong) to its count, commonest first. */
    public synchronized Map<Outcome, Integer> outcomes() {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<Outcome, Integer>comparingByValue(Comparator.reverseOrder()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, Integer::sum, LinkedHashMap::new));
    }

    /** The label of the commonest way it went wrong, if it ever did. */
    public synchronized Optional<String> commonestFailure() {
        return counts.entrySet().stream().filter(e -> e.getKey().wentWrong())
                .max(Map.Entry.comparingByValue())
                .map(e -> e.getKey().label());
    }

    @Override
    public synchronized String toString() {
        return wentWrong() + "/" + runs() + " went wrong " + counts();
    }
}
