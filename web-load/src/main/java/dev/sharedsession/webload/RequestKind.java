package dev.sharedsession.webload;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The kinds of request the load sends, each with its share of the mix. A trap added to the shop
 * later (a new endpoint, a new way to place an order) becomes one more constant here, and the
 * audit's checks ({@link Audit}) say what it must leave in the database; nothing else changes.
 */
enum RequestKind {

    /** Places an order; the one kind the audit follows: a 2xx must leave exactly one receipt. */
    PLACE_ORDER("POST /orders", 6) {
        @Override
        Optional<HttpRequest> request(URI base, Client client) {
            long customer = client.customers().get(client.random().nextInt(client.customers().size()));
            long amountCents = 100 + client.random().nextInt(9_900);
            String body = "{\"customerId\": " + customer + ", \"amountCents\": " + amountCents + "}";
            return Optional.of(HttpRequest.newBuilder(base.resolve("/orders")).timeout(TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }
    },

    /** Reads back one of the client's own orders: receipt text, "pending", or why it failed. */
    READ_ORDER("GET /orders/{id}", 3) {
        @Override
        Optional<HttpRequest> request(URI base, Client client) {
            List<Long> placed = client.placed();
            if (placed.isEmpty()) {
                return Optional.empty();
            }
            long id = placed.get(client.random().nextInt(placed.size()));
            return Optional.of(HttpRequest.newBuilder(base.resolve("/orders/" + id)).timeout(TIMEOUT).GET().build());
        }
    },

    /** The shop's counters: a read of every table, while the background work writes them. */
    STATS("GET /stats", 1) {
        @Override
        Optional<HttpRequest> request(URI base, Client client) {
            return Optional.of(HttpRequest.newBuilder(base.resolve("/stats")).timeout(TIMEOUT).GET().build());
        }
    };

    /** How long one request may take before it counts as an error (the load is bounded in time too). */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String label;
    private final int weight;

    RequestKind(String label, int weight) {
        this.label = label;
        this.weight = weight;
    }

    /** What one client knows: its random numbers, the customers to order for, the orders it placed. */
    interface Client {
        RandomGenerator random();

        List<Long> customers();

        List<Long> placed();
    }

    /** The request to send, or empty if this kind has nothing to ask yet (then an order is placed instead). */
    abstract Optional<HttpRequest> request(URI base, Client client);

    String label() {
        return label;
    }

    /** The next kind of request, drawn by the mix's weights. */
    static RequestKind draw(RandomGenerator random) {
        int total = 0;
        for (RequestKind kind : values()) {
            total += kind.weight;
        }
        int pick = random.nextInt(total);
        for (RequestKind kind : values()) {
            pick -= kind.weight;
            if (pick < 0) {
                return kind;
            }
        }
        throw new AssertionError("weights");
    }

    /** The mix as the report says it: "POST /orders 60%, ...". */
    static String mix() {
        int total = 0;
        for (RequestKind kind : values()) {
            total += kind.weight;
        }
        StringBuilder text = new StringBuilder();
        for (RequestKind kind : values()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(kind.label).append(' ').append(Math.round(100.0 * kind.weight / total)).append('%');
        }
        return text.toString();
    }
}
