package dev.sharedsession.webload;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * The kinds of request the load sends, each with its share of the mix, between them reaching the
 * shop's five traps. A trap added to the shop later (a new endpoint, a new way to place an order)
 * becomes one more constant here; what a 2xx tells the client is kept by the load generator
 * ({@code LoadGenerator.ClientThread#answered}) and passed on in {@link LoadResult}, and the
 * audit's checks ({@link Audit}) say what it must leave in the database.
 */
enum RequestKind {

    /** Places an order of 1.00 to 99.99; a 2xx must leave exactly one receipt (traps 1 and 2). */
    PLACE_ORDER("POST /orders", 6) {
        @Override
        Optional<Planned> request(URI base, Client client) {
            long customer = client.customers().get(client.random().nextInt(client.customers().size()));
            return Optional.of(order(base, customer, 100 + client.random().nextInt(9_900)));
        }
    },

    /**
     * Places an order of 550.00 to 800.00 for one of the few customers kept for the credit limit
     * (trap 4): a customer's first is accepted, any second takes the total over 1,000.00 and is
     * refused (409). A 2xx must leave one receipt and one stock reservation; a 409 none.
     */
    LARGE_ORDER("POST /orders 550+", 1) {
        @Override
        Optional<Planned> request(URI base, Client client) {
            long customer = client.limitCustomers().get(client.random().nextInt(client.limitCustomers().size()));
            return Optional.of(order(base, customer, 55_000 + client.random().nextInt(25_001)));
        }
    },

    /** Reads back one of the client's own orders: receipt text, "pending", or why it failed. */
    READ_ORDER("GET /orders/{id}", 3) {
        @Override
        Optional<Planned> request(URI base, Client client) {
            List<Long> placed = client.placed();
            if (placed.isEmpty()) {
                return Optional.empty();
            }
            long id = placed.get(client.random().nextInt(placed.size()));
            return Optional.of(new Planned(HttpRequest.newBuilder(base.resolve("/orders/" + id)).timeout(TIMEOUT).GET().build(),
                    id, null));
        }
    },

    /** The shop's counters: a read of every table, while the background work writes them. */
    STATS("GET /stats", 1) {
        @Override
        Optional<Planned> request(URI base, Client client) {
            return Optional.of(new Planned(HttpRequest.newBuilder(base.resolve("/stats")).timeout(TIMEOUT).GET().build(), -1, null));
        }
    },

    /**
     * Asks for a shipment of one of the client's acknowledged orders that has none yet (trap 3). On
     * a 201 the client's very next request changes its address ({@link #CHANGE_ADDRESS}), while the
     * carrier's estimate may still be running in the background.
     */
    SHIP("POST /orders/{id}/shipment", 2) {
        @Override
        Optional<Planned> request(URI base, Client client) {
            List<Long> unshipped = client.placed().stream().filter(id -> !client.shipments().containsKey(id)).toList();
            if (unshipped.isEmpty()) {
                return Optional.empty();
            }
            long id = unshipped.get(client.random().nextInt(unshipped.size()));
            return Optional.of(address(base, id, client.nextAddress(), false));
        }
    },

    /**
     * Changes a shipment's address: the one just created (right after its 201), or else one of the
     * client's shipments at random, long after (a control: late changes never meet the estimate).
     */
    CHANGE_ADDRESS("PUT /orders/{id}/shipment", 1) {
        @Override
        Optional<Planned> request(URI base, Client client) {
            Long id = client.takeFreshShipment();
            if (id == null) {
                List<Long> shipped = List.copyOf(client.shipments().keySet());
                if (shipped.isEmpty()) {
                    return Optional.empty();
                }
                id = shipped.get(client.random().nextInt(shipped.size()));
            }
            return Optional.of(address(base, id, client.nextAddress(), true));
        }
    },

    /**
     * Asks the shop to write the receipt one of the client's orders lacks (trap 5), for an order
     * placed at least {@link #RECEIPT_AFTER} ago and not asked for before: by then its own receipt
     * was written, or lost for good. The shop writes one only if the order has none; a 202 promises
     * that afterwards the order has its receipt.
     */
    ASK_RECEIPT("POST /orders/{id}/receipt", 1) {
        @Override
        Optional<Planned> request(URI base, Client client) {
            Long id = client.oldUnaskedOrder();
            if (id == null) {
                return Optional.empty();
            }
            return Optional.of(new Planned(HttpRequest.newBuilder(base.resolve("/orders/" + id + "/receipt")).timeout(TIMEOUT)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), id, null));
        }
    };

    /** How old an order must be before the load asks for its missing receipt. */
    static final Duration RECEIPT_AFTER = Duration.ofSeconds(1);

    /** A request to send, the order it is about ({@code -1}: none) and the address it sends, if any. */
    record Planned(HttpRequest request, long orderId, String address) {
    }

    /** {@code POST /orders} for {@code customer}, {@code amountCents} cents. */
    static Planned order(URI base, long customer, long amountCents) {
        String body = "{\"customerId\": " + customer + ", \"amountCents\": " + amountCents + "}";
        return new Planned(HttpRequest.newBuilder(base.resolve("/orders")).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), -1, null);
    }

    private static Planned address(URI base, long orderId, String address, boolean change) {
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.ofString("{\"address\": \"" + address + "\"}");
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve("/orders/" + orderId + "/shipment")).timeout(TIMEOUT)
                .header("Content-Type", "application/json");
        return new Planned((change ? builder.PUT(body) : builder.POST(body)).build(), orderId, address);
    }

    /** How long one request may take before it counts as an error (the load is bounded in time too). */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String label;
    private final int weight;

    RequestKind(String label, int weight) {
        this.label = label;
        this.weight = weight;
    }

    /**
     * What one client knows: its random numbers, the customers to order for, the orders it placed,
     * its shipments and the last address the shop acknowledged for each.
     */
    interface Client {
        RandomGenerator random();

        List<Long> customers();

        /** The few customers kept for the credit limit (trap 4). */
        List<Long> limitCustomers();

        List<Long> placed();

        /** Shipments by order id: the last address answered 2xx, or null if the last answer left it unknown. */
        Map<Long, String> shipments();

        /** The shipment created by the last request, once: its address is changed right away. */
        Long takeFreshShipment();

        /** An order placed at least {@link #RECEIPT_AFTER} ago whose receipt was not asked for yet, marked asked; or null. */
        Long oldUnaskedOrder();

        /** An address this client has not sent before: "17 Mill Lane". */
        String nextAddress();
    }

    /** The request to send, or empty if this kind has nothing to ask yet (then an order is placed instead). */
    abstract Optional<Planned> request(URI base, Client client);

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
        return text.append("; each shipment's 201 followed at once by a PUT of its address").toString();
    }
}
