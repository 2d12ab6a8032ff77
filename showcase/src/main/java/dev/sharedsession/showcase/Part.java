package dev.sharedsession.showcase;

/**
 * The two parts of the catalogue. The first is the lesson itself: one Session used by two threads.
 * The second is what people hit on the way to a Session per thread, once no Session is shared:
 * worth seeing, but not sharing, so {@code ./lab} counts it apart and its verdict does not claim it.
 * Which scenario is in which part is said once, in {@link Catalogue#ALL}.
 */
enum Part {
    ONE_SESSION_ON_TWO_THREADS("One Session on two threads",
            "the broken side puts one Session on two threads",
            ScenarioPair.ONE_SESSION_SHARED, ScenarioPair.A_SESSION_PER_UNIT_OF_WORK),
    PITFALLS_ON_THE_WAY("Pitfalls on the way to a Session per thread",
            "no Session on two threads; what still goes wrong once each thread has its own",
            null, null);

    private final String heading;
    private final String about;
    private final String brokenDoes;
    private final String safeDoes;

    Part(String heading, String about, String brokenDoes, String safeDoes) {
        this.heading = heading;
        this.about = about;
        this.brokenDoes = brokenDoes;
        this.safeDoes = safeDoes;
    }

    /** The part's name, as its section of the report and its verdict begin. */
    String heading() {
        return heading;
    }

    /** One short line saying what the part is. */
    String about() {
        return about;
    }

    /** A short name for the JSON report. */
    String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    /**
     * What {@code side} does in most of the part's scenarios, as its section heading says; null if
     * the part has no usual case and every row says what its sides do.
     */
    String usually(Side side) {
        return side.lesson() == Side.BROKEN ? brokenDoes : safeDoes;
    }

    /** The section heading: the part's name, what it is, and what its sides usually do. */
    String sectionHeading() {
        return heading + ": " + about + (brokenDoes == null ? "; each row says what its sides do"
                : "; broken: " + brokenDoes + ", safe: " + safeDoes + " (a row that differs says so)");
    }
}
