package dev.sharedsession.webload;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** What {@code ./lab web} prints: a table, Markdown or JSON, broken and safe side by side. */
final class WebReport {

    private final String database;
    private final List<Integer> clients;
    private final int requests;
    private final List<Side> sides;
    private final List<WebLoad.Step> steps;
    private final Duration took;

    WebReport(String database, List<Integer> clients, int requests, List<Side> sides, List<WebLoad.Step> steps, Duration took) {
        this.database = database;
        this.clients = clients;
        this.requests = requests;
        this.sides = sides;
        this.steps = steps;
        this.took = took;
    }

    /**
     * A step went wrong: a client misled (a receipt lost or doubled, a ghost, an address lost, a
     * reservation of stock for no order or missing, a promised receipt never written), a 5xx, no
     * answer, a failure nobody was told of.
     */
    static boolean wrong(WebLoad.Step step) {
        return step.audit().wrong() || step.load().serverErrors() > 0 || step.load().failed() > 0
                || step.audit().failuresLogged() > step.audit().failuresReported();
    }

    /** Whether a side that should go wrong nowhere (safe, durable) went wrong somewhere. */
    boolean safeWentWrong() {
        return steps.stream().anyMatch(step -> step.side() != Side.BROKEN && wrong(step));
    }

    private Optional<WebLoad.Step> step(Side side, int count) {
        return steps.stream().filter(step -> step.side() == side && step.clients() == count).findFirst();
    }

    static double millis(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private String header(int width) {
        List<String> words = sides.stream().map(Side::word).toList();
        String which = words.size() == 1 ? "the " + words.get(0) + " side"
                : String.join(", ", words.subList(0, words.size() - 1)) + " and " + words.get(words.size() - 1) + " side by side";
        return "The shop under load: " + which + ".  " + database + ", JDK " + System.getProperty("java.version")
                + ", " + Runtime.getRuntime().availableProcessors() + " CPUs\n"
                + "Each step: " + requests + " requests shared by N clients on loopback, one at a time each, after a warm-up;"
                + " then the database is audited.\n" + wrap("The mix: " + RequestKind.mix() + ".", width);
    }

    /** Breaks text after a comma or semicolon so that no line is longer than width (a word longer stays whole). */
    static String wrap(String text, int width) {
        StringBuilder lines = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String piece : text.split("(?<=[,;]) ")) {
            if (line.length() > 0 && line.length() + 1 + piece.length() > width) {
                lines.append(line).append('\n');
                line.setLength(0);
                line.append("  ");
            } else if (line.length() > 0) {
                line.append(' ');
            }
            line.append(piece);
        }
        return lines.append(line).append('\n').toString();
    }

    private static final String SIDE_COLUMNS = String.format(Locale.ROOT, "%7s %6s %6s %4s %6s %5s %4s %5s  %-9s",
            "req/s", "p50 ms", "p99 ms", "5xx", "orders", "lost", "dup", "ghost", "failures");
    private static final String SIDE_COLUMNS_2 = String.format(Locale.ROOT, "%7s %6s %6s %4s %6s %5s %4s %5s  %-9s",
            "", "", "", "", "acked", "", "", "", "told/seen");

    private static String cells(WebLoad.Step step) {
        LoadResult load = step.load();
        Audit.Counts audit = step.audit();
        Histogram all = load.allLatencies();
        return String.format(Locale.ROOT, "%7.0f %6.1f %6.1f %4d %6d %5d %4d %5d  %-9s", load.requestsPerSecond(),
                millis(all, 50), millis(all, 99), load.serverErrors(), audit.acknowledged(), audit.lost(),
                audit.duplicate(), audit.ghost(), audit.failuresReported() + "/" + audit.failuresLogged());
    }

    /** Traps 3 to 5, a section of their own below the first: what was judged, and how often it went wrong. */
    private static final String TRAP_COLUMNS = String.format(Locale.ROOT, "%-13s  %-27s  %-13s",
            "3: shipments", "4: orders of 500.00+", "5: receipt asked");
    private static final String TRAP_COLUMNS_2 = String.format(Locale.ROOT, "%6s %6s  %6s %6s %6s %6s  %6s %6s",
            "acked", "addr", "acked", "409", "ghost", "not 1", "202", "still");
    private static final String TRAP_COLUMNS_3 = String.format(Locale.ROOT, "%6s %6s  %6s %6s %6s %6s  %6s %6s",
            "", "lost", "", "", "resv", "resv", "", "none");

    private static String trapCells(WebLoad.Step step) {
        Audit.Traps traps = step.audit().traps();
        LoadResult.Tally large = step.load().kinds().get(RequestKind.LARGE_ORDER);
        return String.format(Locale.ROOT, "%6d %6d  %6d %6d %6d %6d  %6d %6d", traps.shipments(), traps.addressLost(),
                traps.largeAcknowledged(), large == null ? 0 : large.clientError(), traps.ghostReservations(),
                traps.largeWithoutOneReservation(), traps.receiptsAsked(), traps.receiptsAskedLost());
    }

    String table() {
        StringBuilder text = new StringBuilder(header(160)).append('\n');
        section(text, SIDE_COLUMNS, SIDE_COLUMNS_2, null, WebReport::cells, true);
        text.append('\n').append("Traps 3 to 5, the same steps: what the clients were told, and how often the database says otherwise.\n");
        section(text, TRAP_COLUMNS, TRAP_COLUMNS_2, TRAP_COLUMNS_3, WebReport::trapCells, false);
        text.append('\n').append(chart()).append('\n');
        for (Side side : sides) {
            text.append(verdict(side)).append('\n');
        }
        text.append(legend());
        text.append(String.format(Locale.ROOT, "Took %.1f s; each shop and each step's load in a JVM of its own.%n", took.toMillis() / 1000.0));
        return text.toString();
    }

    /** One section of the table: a column per side, a row per client count. */
    private void section(StringBuilder text, String columns1, String columns2, String columns3,
                         java.util.function.Function<WebLoad.Step, String> cells, boolean headings) {
        int width = columns1.length();
        StringBuilder heading = new StringBuilder("clients ");
        StringBuilder[] columns = {new StringBuilder("        "), new StringBuilder("        "), new StringBuilder("        ")};
        StringBuilder rule = new StringBuilder("────────");
        for (Side side : sides) {
            heading.append("│ ").append(fit(headings ? side.heading() : side.word(), width)).append(' ');
            columns[0].append("│ ").append(columns1).append(' ');
            columns[1].append("│ ").append(columns2).append(' ');
            if (columns3 != null) {
                columns[2].append("│ ").append(columns3).append(' ');
            }
            rule.append('┼').append("─".repeat(width + 2));
        }
        text.append(heading.toString().stripTrailing()).append('\n');
        for (StringBuilder line : columns) {
            if (line.toString().isBlank()) {
                continue;
            }
            text.append(line.toString().stripTrailing()).append('\n');
        }
        text.append(rule).append('\n');
        for (int count : clients) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%7d ", count));
            for (Side side : sides) {
                row.append("│ ").append(step(side, count).map(cells).orElse(fit("—", width))).append(' ');
            }
            text.append(row.toString().stripTrailing()).append('\n');
        }
    }

    private static String legend() {
        return "orders acked: POST /orders answered 2xx, each must have exactly one receipt; lost: none; dup: more than one;"
                + " ghost: a receipt for an order whose POST failed, or for no order at all;\n"
                + "failures told/seen: background failures written where GET /orders/{id} shows them / logged by the shop's"
                + " background threads.\n"
                + "3: shipments acked: answered 2xx, last address known; addr lost: the row ends at another address than the"
                + " last one a POST or PUT was answered 2xx for.\n"
                + "4: orders of 500.00+ acked; 409: refused by the credit limit; ghost resv: stock reserved for no order;"
                + " not 1 resv: an acked one with none or several.\n"
                + "5: POST /orders/{id}/receipt answered 202 (1 s or more after the order); still none: no receipt afterwards.\n"
                + "Measurements of this run on this machine, not promises.\n";
    }

    private static String fit(String text, int width) {
        return text.length() > width ? text.substring(0, width - 1) + "…" : text + " ".repeat(width - text.length());
    }

    /** Throughput and p99 against clients, as bars: one line per client count and side. */
    String chart() {
        double maxRate = steps.stream().mapToDouble(step -> step.load().requestsPerSecond()).max().orElse(1);
        double maxP99 = steps.stream().mapToDouble(step -> millis(step.load().allLatencies(), 99)).max().orElse(1);
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-18s%-42s%s%n", "clients  side", "throughput (requests/s)", "p99 (ms)"));
        for (int count : clients) {
            for (Side side : sides) {
                Optional<WebLoad.Step> step = step(side, count);
                if (step.isEmpty()) {
                    continue;
                }
                double rate = step.get().load().requestsPerSecond();
                double p99 = millis(step.get().load().allLatencies(), 99);
                text.append(String.format(Locale.ROOT, "%7s  %-8s %-32s %7.0f  %-20s %7.1f%n",
                        side == sides.get(0) ? String.valueOf(count) : "", side.word(), bar(rate, maxRate, 32), rate,
                        bar(p99, maxP99, 20), p99));
            }
        }
        return text.toString();
    }

    private static String bar(double value, double max, int width) {
        int cells = max <= 0 ? 0 : (int) Math.round(value / max * width);
        return "█".repeat(Math.max(value > 0 ? 1 : 0, cells));
    }

    private String verdict(Side side) {
        List<WebLoad.Step> mine = steps.stream().filter(step -> step.side() == side).toList();
        if (side != Side.DURABLE) {
            return audited(side, mine);
        }
        int killed = mine.stream().mapToInt(WebLoad.Step::workersKilled).sum();
        long runAgain = mine.stream().mapToLong(WebLoad.Step::jobsRunAgain).sum();
        return audited(side, mine) + " Worker JVMs killed (SIGKILL): " + killed + ", one per step; jobs they held, found"
                + " dead and run again by another JVM: " + runAgain + ".";
    }

    private static String audited(Side side, List<WebLoad.Step> mine) {
        long acked = mine.stream().mapToLong(step -> step.audit().acknowledged()).sum();
        long lost = mine.stream().mapToLong(step -> step.audit().lost()).sum();
        long silent = mine.stream().mapToLong(step -> step.audit().lostSilently()).sum();
        long duplicate = mine.stream().mapToLong(step -> step.audit().duplicate()).sum();
        long ghost = mine.stream().mapToLong(step -> step.audit().ghost()).sum();
        long serverErrors = mine.stream().mapToLong(step -> step.load().serverErrors()).sum();
        long noAnswer = mine.stream().mapToLong(step -> step.load().failed()).sum();
        long told = mine.stream().mapToLong(step -> step.audit().failuresReported()).sum();
        long seen = mine.stream().mapToLong(step -> step.audit().failuresLogged()).sum();
        long shipments = mine.stream().mapToLong(step -> step.audit().traps().shipments()).sum();
        long addressLost = mine.stream().mapToLong(step -> step.audit().traps().addressLost()).sum();
        long ghostReservations = mine.stream().mapToLong(step -> step.audit().traps().ghostReservations()).sum();
        long large = mine.stream().mapToLong(step -> step.audit().traps().largeAcknowledged()).sum();
        long largeWrong = mine.stream().mapToLong(step -> step.audit().traps().largeWithoutOneReservation()).sum();
        long asked = mine.stream().mapToLong(step -> step.audit().traps().receiptsAsked()).sum();
        long askedLost = mine.stream().mapToLong(step -> step.audit().traps().receiptsAskedLost()).sum();
        if (mine.stream().noneMatch(WebReport::wrong)) {
            return side.word() + ": every one of " + acked + " acknowledged orders has exactly one receipt; no ghost, no 5xx,"
                    + " no background failure" + (told > 0 ? " left untold (" + told + " told)" : "") + "; every one of "
                    + shipments + " shipments at its last acknowledged address; " + large + " large orders with one reservation"
                    + " each, none for an order that does not exist; every one of " + asked + " receipts asked for written.";
        }
        return side.word() + ": " + lost + " of " + acked + " acknowledged orders lost their receipt (" + silent
                + " with no failure recorded), " + duplicate + " got two or more, " + ghost + " ghost receipts; "
                + serverErrors + " answers 5xx" + (noAnswer > 0 ? ", " + noAnswer + " no answer" : "") + "; background failures "
                + told + " told, " + seen + " seen in the log; " + addressLost + " of " + shipments + " shipments at an older"
                + " address; " + ghostReservations + " stock reservations for no order, " + largeWrong + " of " + large
                + " large orders without exactly one; " + askedLost + " of " + asked + " receipts asked for (202) never written.";
    }

    String markdown() {
        StringBuilder text = new StringBuilder(header(Integer.MAX_VALUE).replace("\n", "\n\n"));
        StringBuilder heading = new StringBuilder("| clients |");
        StringBuilder rule = new StringBuilder("| ---: |");
        for (Side side : sides) {
            for (String column : List.of("req/s", "p50 ms", "p99 ms", "5xx", "orders acked", "lost", "dup", "ghost", "failures told/seen")) {
                heading.append(' ').append(side.word()).append(": ").append(column).append(" |");
                rule.append(" ---: |");
            }
        }
        text.append(heading).append('\n').append(rule).append('\n');
        for (int count : clients) {
            StringBuilder row = new StringBuilder("| " + count + " |");
            for (Side side : sides) {
                Optional<WebLoad.Step> step = step(side, count);
                if (step.isEmpty()) {
                    row.append(" — |".repeat(9));
                    continue;
                }
                for (String cell : cells(step.get()).trim().split("\\s+")) {
                    row.append(' ').append(cell).append(" |");
                }
            }
            text.append(row).append('\n');
        }
        text.append('\n');
        StringBuilder trapHeading = new StringBuilder("| clients |");
        StringBuilder trapRule = new StringBuilder("| ---: |");
        List<String> trapColumns = List.of("3: shipments acked", "3: addr lost", "4: 500.00+ acked", "4: 409", "4: ghost resv",
                "4: not 1 resv", "5: receipt asked 202", "5: still none");
        for (Side side : sides) {
            for (String column : trapColumns) {
                trapHeading.append(' ').append(side.word()).append(": ").append(column).append(" |");
                trapRule.append(" ---: |");
            }
        }
        text.append(trapHeading).append('\n').append(trapRule).append('\n');
        for (int count : clients) {
            StringBuilder row = new StringBuilder("| " + count + " |");
            for (Side side : sides) {
                Optional<WebLoad.Step> step = step(side, count);
                if (step.isEmpty()) {
                    row.append(" — |".repeat(trapColumns.size()));
                    continue;
                }
                for (String cell : trapCells(step.get()).trim().split("\\s+")) {
                    row.append(' ').append(cell).append(" |");
                }
            }
            text.append(row).append('\n');
        }
        text.append('\n');
        for (Side side : sides) {
            text.append("- **").append(side.heading()).append("** — ").append(verdict(side)).append('\n');
        }
        text.append('\n').append(legend().replace("\n", " ").strip()).append('\n');
        text.append(String.format(Locale.ROOT, "%nTook %.1f s.%n", took.toMillis() / 1000.0));
        return text.toString();
    }

    String json() {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"database\": ").append(quote(database)).append(",\n");
        json.append("  \"jdk\": ").append(quote(System.getProperty("java.version"))).append(",\n");
        json.append("  \"cpus\": ").append(Runtime.getRuntime().availableProcessors()).append(",\n");
        json.append("  \"requestsPerStep\": ").append(requests).append(",\n");
        json.append("  \"mix\": ").append(quote(RequestKind.mix())).append(",\n");
        json.append(String.format(Locale.ROOT, "  \"tookSeconds\": %.1f,%n", took.toMillis() / 1000.0));
        json.append("  \"safeWentWrong\": ").append(safeWentWrong()).append(",\n");
        json.append("  \"steps\": [");
        for (int i = 0; i < steps.size(); i++) {
            WebLoad.Step step = steps.get(i);
            LoadResult load = step.load();
            Audit.Counts audit = step.audit();
            Histogram all = load.allLatencies();
            LoadResult.Tally large = load.kinds().get(RequestKind.LARGE_ORDER);
            json.append(i == 0 ? "\n" : ",\n").append("    {\"side\": ").append(quote(step.side().word()))
                    .append(", \"clients\": ").append(step.clients())
                    .append(", \"requests\": ").append(load.requests())
                    .append(String.format(Locale.ROOT, ", \"seconds\": %.3f, \"requestsPerSecond\": %.1f, \"p50Ms\": %.2f, \"p99Ms\": %.2f, \"maxMs\": %.2f",
                            load.elapsedNanos() / 1e9, load.requestsPerSecond(), millis(all, 50), millis(all, 99),
                            all.getMaxValue() / 1000.0))
                    .append(", \"serverErrors\": ").append(load.serverErrors())
                    .append(", \"noAnswer\": ").append(load.failed())
                    .append(",\n     \"kinds\": {");
            boolean first = true;
            for (var entry : load.kinds().entrySet()) {
                LoadResult.Tally tally = entry.getValue();
                json.append(first ? "" : ", ").append(quote(entry.getKey().label())).append(": {\"2xx\": ").append(tally.ok())
                        .append(", \"4xx\": ").append(tally.clientError()).append(", \"5xx\": ").append(tally.serverError())
                        .append(", \"noAnswer\": ").append(tally.failed())
                        .append(String.format(Locale.ROOT, ", \"p50Ms\": %.2f, \"p99Ms\": %.2f}",
                                millis(tally.latencyMicros(), 50), millis(tally.latencyMicros(), 99)));
                first = false;
            }
            json.append("},\n     \"audit\": {\"ordersAcknowledged\": ").append(audit.acknowledged())
                    .append(", \"withOneReceipt\": ").append(audit.withOneReceipt())
                    .append(", \"lost\": ").append(audit.lost())
                    .append(", \"lostWithNoFailureRecorded\": ").append(audit.lostSilently())
                    .append(", \"duplicate\": ").append(audit.duplicate())
                    .append(", \"ghost\": ").append(audit.ghost())
                    .append(", \"ordersSavedThoughRefused\": ").append(audit.savedThoughRefused())
                    .append(", \"ordersAcknowledgedButMissing\": ").append(audit.missingOrders())
                    .append(", \"backgroundFailuresReported\": ").append(audit.failuresReported())
                    .append(", \"backgroundFailuresLogged\": ").append(audit.failuresLogged())
                    .append(", \"loyaltyPoints\": ").append(audit.loyaltyPoints())
                    .append(",\n       \"shipmentsJudged\": ").append(audit.traps().shipments())
                    .append(", \"shipmentsAddressLost\": ").append(audit.traps().addressLost())
                    .append(", \"largeOrdersAcknowledged\": ").append(audit.traps().largeAcknowledged())
                    .append(", \"largeOrdersRefused\": ").append(large == null ? 0 : large.clientError())
                    .append(", \"ghostReservations\": ").append(audit.traps().ghostReservations())
                    .append(", \"largeOrdersWithoutOneReservation\": ").append(audit.traps().largeWithoutOneReservation())
                    .append(", \"receiptsAsked\": ").append(audit.traps().receiptsAsked())
                    .append(", \"receiptsAskedStillMissing\": ").append(audit.traps().receiptsAskedLost())
                    .append("}, \"workersKilled\": ").append(step.workersKilled())
                    .append(", \"jobsRunAgain\": ").append(step.jobsRunAgain())
                    .append(", \"wentWrong\": ").append(wrong(step)).append('}');
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
