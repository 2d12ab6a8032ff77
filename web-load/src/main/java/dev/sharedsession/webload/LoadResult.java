package dev.sharedsession.webload;

import java.io.PrintStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * What one run of the load generator saw, sent from its JVM to the command's as lines of text on
 * standard output: the time it took, per kind of request the answers by status class and a
 * latency histogram (HdrHistogram, compressed, Base64), and what the clients were told, which the
 * audit then looks for in the database: the ids of the orders the shop acknowledged (a 2xx to
 * {@code POST /orders}), those of them of 500.00 or more, each shipment's last address answered 2xx
 * (null: the last answer left it unknown, a 5xx or none), and the orders whose missing receipt a
 * {@code POST /orders/{id}/receipt} was answered 202 for.
 */
record LoadResult(long elapsedNanos, Map<RequestKind, Tally> kinds, List<Long> acknowledged, List<Long> large,
                  Map<Long, String> shipments, List<Long> receiptsAsked) {

    LoadResult(long elapsedNanos, Map<RequestKind, Tally> kinds, List<Long> acknowledged) {
        this(elapsedNanos, kinds, acknowledged, List.of(), Map.of(), List.of());
    }

    /** Latencies are recorded in microseconds, up to a minute, to three significant digits. */
    static Histogram newHistogram() {
        return new Histogram(60_000_000L, 3);
    }

    /** One kind of request: how many of each status class, and how long each took. */
    record Tally(long ok, long clientError, long serverError, long failed, Histogram latencyMicros) {
        long total() {
            return ok + clientError + serverError + failed;
        }
    }

    long requests() {
        return kinds.values().stream().mapToLong(Tally::total).sum();
    }

    long serverErrors() {
        return kinds.values().stream().mapToLong(Tally::serverError).sum();
    }

    /** Requests that got no answer at all: refused, reset, timed out. */
    long failed() {
        return kinds.values().stream().mapToLong(Tally::failed).sum();
    }

    /** Orders whose POST got anything but a 2xx: told the client it failed, or never answered. */
    long ordersRefused() {
        Tally orders = kinds.get(RequestKind.PLACE_ORDER);
        return orders == null ? 0 : orders.total() - orders.ok();
    }

    Histogram allLatencies() {
        Histogram all = newHistogram();
        kinds.values().forEach(tally -> all.add(tally.latencyMicros()));
        return all;
    }

    double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : requests() * 1e9 / elapsedNanos;
    }

    void write(PrintStream out) {
        out.println("elapsed-ns " + elapsedNanos);
        for (Map.Entry<RequestKind, Tally> entry : kinds.entrySet()) {
            Tally tally = entry.getValue();
            ByteBuffer buffer = ByteBuffer.allocate(tally.latencyMicros().getNeededByteBufferCapacity());
            int length = tally.latencyMicros().encodeIntoCompressedByteBuffer(buffer);
            byte[] bytes = new byte[length];
            buffer.flip();
            buffer.get(bytes);
            out.println("kind " + entry.getKey().name() + " " + tally.ok() + " " + tally.clientError() + " "
                    + tally.serverError() + " " + tally.failed() + " " + Base64.getEncoder().encodeToString(bytes));
        }
        writeIds(out, "acknowledged", acknowledged);
        writeIds(out, "large", large);
        writeIds(out, "receipt-asked", receiptsAsked);
        // The address URL-encoded, so that it is one word; "?" if unknown.
        shipments.forEach((order, address) -> out.println("shipment " + order + " "
                + (address == null ? "?" : URLEncoder.encode(address, StandardCharsets.UTF_8))));
        out.println("end");
    }

    private static void writeIds(PrintStream out, String word, List<Long> ids) {
        for (int from = 0; from < ids.size(); from += 200) {
            StringBuilder line = new StringBuilder(word);
            ids.subList(from, Math.min(ids.size(), from + 200)).forEach(id -> line.append(' ').append(id));
            out.println(line);
        }
    }

    private static void readIds(String[] words, List<Long> into) {
        for (int i = 1; i < words.length; i++) {
            into.add(Long.parseLong(words[i]));
        }
    }

    /** Reads what {@link #write} wrote; any other line is refused. */
    static LoadResult read(List<String> lines) {
        long elapsed = -1;
        Map<RequestKind, Tally> kinds = new EnumMap<>(RequestKind.class);
        List<Long> acknowledged = new ArrayList<>();
        List<Long> large = new ArrayList<>();
        List<Long> receiptsAsked = new ArrayList<>();
        Map<Long, String> shipments = new TreeMap<>();
        boolean ended = false;
        for (String line : lines) {
            String[] words = line.trim().split(" ");
            switch (words[0]) {
                case "elapsed-ns" -> elapsed = Long.parseLong(words[1]);
                case "kind" -> kinds.put(RequestKind.valueOf(words[1]), new Tally(Long.parseLong(words[2]),
                        Long.parseLong(words[3]), Long.parseLong(words[4]), Long.parseLong(words[5]), decode(words[6])));
                case "acknowledged" -> readIds(words, acknowledged);
                case "large" -> readIds(words, large);
                case "receipt-asked" -> readIds(words, receiptsAsked);
                case "shipment" -> shipments.put(Long.valueOf(words[1]),
                        "?".equals(words[2]) ? null : URLDecoder.decode(words[2], StandardCharsets.UTF_8));
                case "end" -> ended = true;
                default -> throw new IllegalArgumentException("not a line of the load generator's result: " + line);
            }
        }
        if (elapsed < 0 || !ended) {
            throw new IllegalArgumentException("the load generator's result is incomplete (" + lines.size() + " lines)");
        }
        return new LoadResult(elapsed, kinds, acknowledged, large, shipments, receiptsAsked);
    }

    private static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("a latency histogram that cannot be read: " + e.getMessage(), e);
        }
    }
}
