package dev.sharedsession.showcase;

/** The two sides of every scenario. */
enum Side {
    BROKEN("broken", "one Session shared"),
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
}
