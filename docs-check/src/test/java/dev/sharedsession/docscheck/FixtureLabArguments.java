package dev.sharedsession.docscheck;

import java.util.Optional;

/** The fixture project's {@code ./lab} parser: accepts nothing or {@code --runs N}. */
public final class FixtureLabArguments {

    private FixtureLabArguments() {
    }

    public static Optional<String> problemWith(String... args) {
        if (args.length == 0 || args.length == 2 && args[0].equals("--runs") && args[1].matches("\\d+")) {
            return Optional.empty();
        }
        return Optional.of("unknown option '" + args[0] + "'; try ./lab --help");
    }
}
