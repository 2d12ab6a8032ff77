package dev.sharedsession.showcase;

import java.util.List;

/** Every scenario the showcase can run, in reading order. */
final class Catalogue {

    static final List<ScenarioPair> ALL = List.of(
            new ScenarioPair(4, "Background task after the request closed its Session",
                    dev.sharedsession.broken.Scenario04_BackgroundTaskAfterRequest::runNaturally,
                    dev.sharedsession.safe.Scenario04_BackgroundTaskAfterRequest::runNaturally));

    private Catalogue() {
    }
}
