package dev.sharedsession.showcase;

/** The sides of every scenario: broken and safe, and with {@code --guard} the broken side under the session guard. */
enum Side {
    BROKEN("broken", "one Session shared"),
    /** The broken side's runs again, on databases with {@code hibernate.session_guard=confined} ({@code ./lab --guard}). */
    GUARDED("guarded", "the same, session guard on"),
    SAFE("safe", "a Session per unit of work");

    private final String word;
    private final String meaning;

    Side(String word, String meaning) {
        this.word = word;
        this.meaning = meaning;
    }

    String word() {
        return word;
    }

    String meaning() {
        return meaning;
    }

    /** The lesson whose runs this side runs: the guarded side runs the broken side's. */
    Side lesson() {
        return this == SAFE ? SAFE : BROKEN;
    }
}
