package dev.sharedsession.webload;

import java.util.List;

/**
 * The shops of spring-web-app under load: its two versions (the same class names, two packages),
 * and the safe one again in its durable mode.
 */
enum Side {
    BROKEN("broken", "dev.sharedsession.web.broken.ShopApplication",
            "broken — open-in-view on, the order entity handed to @Async"),
    SAFE("safe", "dev.sharedsession.web.safe.ShopApplication",
            "safe — an id handed over after the commit, a Session per task"),
    /** The safe shop in its durable mode, with worker JVMs of its own, one of them killed during each step. */
    DURABLE("durable", "dev.sharedsession.web.safe.ShopApplication",
            "durable — receipt jobs, 2 worker JVMs, one killed per step",
            "--spring.profiles.active=durable");

    private final String word;
    private final String mainClass;
    private final String heading;
    private final List<String> arguments;

    Side(String word, String mainClass, String heading, String... arguments) {
        this.word = word;
        this.mainClass = mainClass;
        this.heading = heading;
        this.arguments = List.of(arguments);
    }

    /** The web application's arguments beyond the server's address and port. */
    List<String> arguments() {
        return arguments;
    }

    String word() {
        return word;
    }

    String mainClass() {
        return mainClass;
    }

    String heading() {
        return heading;
    }
}
