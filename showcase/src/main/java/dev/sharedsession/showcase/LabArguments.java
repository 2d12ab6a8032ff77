package dev.sharedsession.showcase;

import java.util.Optional;

/**
 * Placeholder for docs-check on branch {@code docs}: the real parse-only check of {@code ./lab}'s
 * arguments comes with the {@code lab} branch and replaces this file at merge.
 */
public final class LabArguments {

    private LabArguments() {
    }

    /** Empty if {@code ./lab args} parses; otherwise the one-line error. (Stub: accepts everything.) */
    public static Optional<String> problemWith(String... args) {
        return Optional.empty();
    }
}
