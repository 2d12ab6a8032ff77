package dev.sharedsession.webload;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * The load generator, in a JVM of its own so that its threads, its garbage and its JIT do not
 * share a JVM with the shop it measures: {@code clients} threads, each sending one request at a
 * time (a closed loop: a client waits for its answer before the next), until {@code requests} were
 * sent between them or the time limit passed, whichever comes first. Loopback only: it refuses any
 * address but 127.0.0.1. Prints a {@link LoadResult} on standard output.
 *
 * <p>Arguments: {@code BASE-URL CLIENTS REQUESTS TIME-LIMIT-SECONDS SEED CUSTOMER-ID[,...] LIMIT-CUSTOMER-ID[,...]}.
 */
public final class LoadGenerator {

    private static final Pattern ORDER_ID = Pattern.compile("/orders/(\\d+)$");
    private static final Pattern BODY_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private LoadGenerator() {
    }

    public static void main(String[] args) {
        try {
            if (args.length != 7) {
                throw new IllegalArgumentException("usage: LoadGenerator BASE-URL CLIENTS REQUESTS TIME-LIMIT-SECONDS SEED"
                        + " CUSTOMER-ID[,...] LIMIT-CUSTOMER-ID[,...]");
            }
            URI base = URI.create(args[0]);
            if (!"127.0.0.1".equals(base.getHost())) {
                throw new IllegalArgumentException("the load goes to 127.0.0.1 only, not " + base.getHost());
            }
            List<Long> customers = Arrays.stream(args[5].split(",")).map(Long::valueOf).toList();
            List<Long> limitCustomers = Arrays.stream(args[6].split(",")).map(Long::valueOf).toList();
            LoadResult result = run(base, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                    Duration.ofSeconds(Long.parseLong(args[3])), Long.parseLong(args[4]), customers, limitCustomers);
            result.write(System.out);
            System.out.flush();
            System.exit(0);
        } catch (RuntimeException e) {
            System.err.println("load generator: " + e.getMessage());
            System.exit(1);
        }
    }

    /** One client's thread: its own random numbers, its own tallies, merged when all are done. */
    private static final class ClientThread extends Thread implements RequestKind.Client {
        private final URI base;
        private final HttpClient http;
        private final AtomicInteger remaining;
        private final long deadline;
        private final RandomGenerator random;
        private final List<Long> customers;
        private final List<Long> limitCustomers;
        private final List<Long> placed = new ArrayList<>();
        /** When each placed order was acknowledged (System.nanoTime), oldest first, until its receipt is asked for. */
        private final ArrayDeque<long[]> unasked = new ArrayDeque<>();
        private final List<Long> large = new ArrayList<>();
        private final List<Long> receiptsAsked = new ArrayList<>();
        private final Map<Long, String> shipments = new HashMap<>();
        private Long freshShipment;
        private int addresses;
        private final Map<RequestKind, long[]> counts = new EnumMap<>(RequestKind.class);
        private final Map<RequestKind, Histogram> latencies = new EnumMap<>(RequestKind.class);

        ClientThread(int number, URI base, HttpClient http, AtomicInteger remaining, long deadline, long seed, List<Long> customers,
                     List<Long> limitCustomers) {
            super("client-" + number);
            this.base = base;
            this.http = http;
            this.remaining = remaining;
            this.deadline = deadline;
            this.random = new SplittableRandom(seed * 31 + number);
            this.customers = customers;
            this.limitCustomers = limitCustomers;
            for (RequestKind kind : RequestKind.values()) {
                counts.put(kind, new long[4]);
                latencies.put(kind, LoadResult.newHistogram());
            }
        }

        @Override
        public RandomGenerator random() {
            return random;
        }

        @Override
        public List<Long> customers() {
            return customers;
        }

        @Override
        public List<Long> limitCustomers() {
            return limitCustomers;
        }

        @Override
        public List<Long> placed() {
            return placed;
        }

        @Override
        public Map<Long, String> shipments() {
            return shipments;
        }

        @Override
        public Long takeFreshShipment() {
            Long fresh = freshShipment;
            freshShipment = null;
            return fresh;
        }

        @Override
        public Long oldUnaskedOrder() {
            long[] oldest = unasked.peekFirst();
            if (oldest == null || System.nanoTime() - oldest[1] < RequestKind.RECEIPT_AFTER.toNanos()) {
                return null;
            }
            unasked.removeFirst();
            return oldest[0];
        }

        @Override
        public String nextAddress() {
            return ++addresses + " Mill Lane";
        }

        @Override
        public void run() {
            while (System.nanoTime() < deadline && remaining.getAndDecrement() > 0) {
                RequestKind kind = freshShipment != null ? RequestKind.CHANGE_ADDRESS : RequestKind.draw(random);
                Optional<RequestKind.Planned> planned = kind.request(base, this);
                if (planned.isEmpty()) {
                    kind = RequestKind.PLACE_ORDER;
                    planned = kind.request(base, this);
                }
                RequestKind.Planned sent = planned.orElseThrow();
                long started = System.nanoTime();
                int statusClass;
                try {
                    HttpResponse<String> response = http.send(sent.request(), HttpResponse.BodyHandlers.ofString());
                    int code = response.statusCode();
                    statusClass = code >= 200 && code < 300 ? 0 : code >= 500 ? 2 : 1;
                    if (statusClass == 0) {
                        answered(kind, sent, response);
                    }
                } catch (IOException e) {
                    statusClass = 3;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (statusClass >= 2 && kind == RequestKind.CHANGE_ADDRESS) {
                    // A 5xx or no answer: the new address may or may not have been committed.
                    shipments.put(sent.orderId(), null);
                }
                // 3xx counts with 4xx: neither is what the shop should answer. Columns: 2xx, 3xx/4xx, 5xx, no answer.
                counts.get(kind)[statusClass]++;
                latencies.get(kind).recordValue(Math.min(60_000_000L, Math.max(1, (System.nanoTime() - started) / 1_000)));
            }
        }

        /** What a 2xx tells the client: an order placed, a shipment and its address, a receipt promised. */
        private void answered(RequestKind kind, RequestKind.Planned sent, HttpResponse<String> response) {
            switch (kind) {
                case PLACE_ORDER, LARGE_ORDER -> orderId(response).ifPresent(id -> {
                    placed.add(id);
                    unasked.addLast(new long[] {id, System.nanoTime()});
                    if (kind == RequestKind.LARGE_ORDER) {
                        large.add(id);
                    }
                });
                case SHIP -> {
                    shipments.put(sent.orderId(), sent.address());
                    freshShipment = sent.orderId();
                }
                case CHANGE_ADDRESS -> shipments.put(sent.orderId(), sent.address());
                case ASK_RECEIPT -> receiptsAsked.add(sent.orderId());
                default -> {
                }
            }
        }
    }

    /** The id of the order a 2xx to {@code POST /orders} created: from its Location, or its body. */
    static Optional<Long> orderId(HttpResponse<String> response) {
        Optional<String> location = response.headers().firstValue("Location");
        Matcher matcher = location.map(ORDER_ID::matcher).filter(Matcher::find).orElse(null);
        if (matcher == null) {
            matcher = BODY_ID.matcher(response.body());
            if (!matcher.find()) {
                return Optional.empty();
            }
        }
        return Optional.of(Long.valueOf(matcher.group(1)));
    }

    static LoadResult run(URI base, int clients, int requests, Duration timeLimit, long seed, List<Long> customers,
                          List<Long> limitCustomers) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger remaining = new AtomicInteger(requests);
        long started = System.nanoTime();
        long deadline = started + timeLimit.toNanos();
        List<ClientThread> threads = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            threads.add(new ClientThread(i, base, http, remaining, deadline, seed, customers, limitCustomers));
        }
        threads.forEach(Thread::start);
        for (ClientThread thread : threads) {
            try {
                // A request in flight at the deadline may take its own timeout on top.
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000 + RequestKind.TIMEOUT.toMillis() + 1_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " still waiting for an answer after the time limit");
            }
        }
        long elapsed = System.nanoTime() - started;
        Map<RequestKind, LoadResult.Tally> kinds = new EnumMap<>(RequestKind.class);
        List<Long> acknowledged = new ArrayList<>();
        for (RequestKind kind : RequestKind.values()) {
            long[] sum = new long[4];
            Histogram latency = LoadResult.newHistogram();
            for (ClientThread thread : threads) {
                long[] counts = thread.counts.get(kind);
                for (int i = 0; i < 4; i++) {
                    sum[i] += counts[i];
                }
                latency.add(thread.latencies.get(kind));
            }
            kinds.put(kind, new LoadResult.Tally(sum[0], sum[1], sum[2], sum[3], latency));
        }
        List<Long> large = new ArrayList<>();
        List<Long> receiptsAsked = new ArrayList<>();
        Map<Long, String> shipments = new TreeMap<>();
        for (ClientThread thread : threads) {
            acknowledged.addAll(thread.placed);
            large.addAll(thread.large);
            receiptsAsked.addAll(thread.receiptsAsked);
            shipments.putAll(thread.shipments);
        }
        Collections.sort(acknowledged);
        Collections.sort(large);
        Collections.sort(receiptsAsked);
        return new LoadResult(elapsed, kinds, acknowledged, large, shipments, receiptsAsked);
    }
}
