package dev.sharedsession.showcase;

/**
 * The sides of every scenario: broken and safe, and with {@code --guard} the broken side under the
 * session guard. What a side does depends on the scenario's part ({@link Part#usually}) and on the
 * scenario itself ({@link ScenarioPair#does}).
 */
enum Side {
    BROKEN("broken"),
    /** The broken side's runs again, on databases with {@code hibernate.session_guard=confined} ({@code ./lab --guard}). */
    GUARDED("guarded"),
    SAFE("safe");

    private final String word;

    Side(String word) {
        this.word = word;
    }

    String word() {
        return word;
    }

    /** The lesson whose runs this side runs: the guarded side runs the broken side's. */
    Side lesson() {
        return this == SAFE ? SAFE : BROKEN;
    }
}
