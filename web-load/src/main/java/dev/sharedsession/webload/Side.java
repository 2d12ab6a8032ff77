package dev.sharedsession.webload;

/** The two versions of the shop in spring-web-app: the same class names, two packages. */
enum Side {
    BROKEN("broken", "dev.sharedsession.web.broken.ShopApplication",
            "broken — open-in-view on, the order entity handed to @Async"),
    SAFE("safe", "dev.sharedsession.web.safe.ShopApplication",
            "safe — an id handed over after the commit, a Session per task");

    private final String word;
    private final String mainClass;
    private final String heading;

    Side(String word, String mainClass, String heading) {
        this.word = word;
        this.mainClass = mainClass;
        this.heading = heading;
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
