package dev.sharedsession.workshop;

import java.util.List;

/**
 * A failed check that reports several symptoms at once, as the capstone's does: what the
 * shop's users and its log would see, one line each. The report prints them one per line;
 * as an assertion message they read as one sentence, separated by semicolons.
 */
public final class Symptoms extends AssertionError {

    private static final long serialVersionUID = 1L;
    /** A symptom longer than this is cut: the report stays readable, and the start says what happened. */
    private static final int LONGEST = 400;

    private final transient List<String> symptoms;

    public Symptoms(List<String> symptoms) {
        super(String.join("; ", symptoms.stream().map(Symptoms::cut).toList()));
        this.symptoms = symptoms.stream().map(Symptoms::cut).toList();
    }

    /** The symptoms, in the order they were found. */
    public List<String> symptoms() {
        return symptoms;
    }

    private static String cut(String symptom) {
        return symptom.length() > LONGEST ? symptom.substring(0, LONGEST - 3) + "..." : symptom;
    }
}
