package dev.sharedsession.guard;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The session guard's properties and the guard's own parsing of each, for the docs' check of
 * {@code ```properties} blocks. Here, in the guard's package, because the open-site flag's parsing
 * is package-private.
 */
public final class DocsGuardSettings {

    public static final Map<String, Consumer<String>> READERS = Map.of(
            SessionGuard.SETTING, SessionGuard.Policy::parse,
            SessionGuard.OPEN_SITE_SETTING, SessionGuardIntegrator::parseBoolean);

    private DocsGuardSettings() {
    }
}
