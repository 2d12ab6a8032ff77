package dev.sharedsession.webload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;

/** What {@code ./lab queue} measured, as a table or as JSON, with the conditions it was measured under. */
record QueueReport(String database, int jobs, List<QueueLoad.Drain> drains, QueueLoad.Latency latency,
                   List<QueueLoad.Death> deaths, int killsMissed, QueueLoad.Receipts bursts, Duration took) {

    /** Every audit of the run: each count's backlog, the latency's orders, the bursts'. */
    private List<QueueLoad.Receipts> audits() {
        return Stream.concat(drains.stream().map(QueueLoad.Drain::receipts), Stream.of(latency.receipts(), bursts)).toList();
    }

    /** An order lost its receipt or got two. */
    boolean wrong() {
        return audits().stream().anyMatch(QueueLoad.Receipts::wrong);
    }

    /** The time from each death to each held job's receipt, in order. */
    private List<Duration> afterDeaths() {
        return deaths.stream().flatMap(death -> death.receiptAfter().stream()).sorted().toList();
    }

    private double medianSeconds() {
        List<Duration> sorted = afterDeaths();
        if (sorted.isEmpty()) {
            return 0;
        }
        int middle = sorted.size() / 2;
        long nanos = sorted.size() % 2 == 1 ? sorted.get(middle).toNanos()
                : (sorted.get(middle - 1).toNanos() + sorted.get(middle).toNanos()) / 2;
        return nanos / 1e9;
    }

    private static String heartbeat() {
        return "heartbeat " + QueueLoad.HEARTBEAT.toMillis() + " ms, a job dead after " + QueueLoad.MISSED_BEATS
                + " missed beats (" + QueueLoad.HEARTBEAT.multipliedBy(QueueLoad.MISSED_BEATS).toMillis() / 1000.0 + " s)";
    }

    String table() {
        StringBuilder text = new StringBuilder();
        text.append("The durable queue measured: the safe shop's receipts as db-scheduler jobs.  ").append(database)
                .append(", JDK ").append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs\n");
        text.append("Every JVM of the shop in the durable mode: 4 job threads, polls every 200 ms, ").append(heartbeat()).append(".\n\n");

        text.append("1. Jobs per second: N worker JVMs started, then stopped (SIGSTOP) while ").append(jobs)
                .append(" orders go in through a web application\n   that claims no job; then continued together (SIGCONT)."
                + " jobs/s: receipts issued between the 10th and the 90th percentile\n   of issued_at, over that span;"
                + " all s: from the SIGCONT to the last receipt.\n");
        text.append(String.format(Locale.ROOT, "%7s %7s %7s %7s %5s %5s %8s %9s %7s%n",
                "workers", "orders", "jobs", "one", "lost", "dup", "jobs/s", "10-90% s", "all s"));
        text.append(String.format(Locale.ROOT, "%7s %7s %7s %7s%n", "", "placed", "waiting", "receipt"));
        for (QueueLoad.Drain drain : drains) {
            QueueLoad.Receipts audit = drain.receipts();
            text.append(String.format(Locale.ROOT, "%7d %7d %7d %7d %5d %5d %8.0f %9.2f %7.2f%n", drain.workers(), drain.placed(),
                    drain.waiting(), audit.withOne(), audit.lost(), audit.duplicate(), drain.jobsPerSecond(),
                    drain.middleSeconds(), drain.allSeconds()));
        }

        text.append("\n2. Order to receipt: ").append(latency.rate()).append(" orders/s for ").append(latency.seconds())
                .append(" s, the web application and ").append(latency.workers())
                .append(latency.workers() == 1 ? " worker" : " workers").append(" claiming;\n")
                .append("   from the client's send of POST /orders to the receipt's issued_at (one machine, one clock).\n");
        text.append(String.format(Locale.ROOT, "%6s %7s %7s %5s %5s %8s %8s %8s%n",
                "orders", "placed", "one", "lost", "dup", "p50 ms", "p99 ms", "max ms"));
        text.append(String.format(Locale.ROOT, "%6s %7s %7s%n", "sent", "", "receipt"));
        Histogram micros = latency.micros();
        QueueLoad.Receipts timed = latency.receipts();
        text.append(String.format(Locale.ROOT, "%6d %7d %7d %5d %5d %8.1f %8.1f %8.1f%n", latency.sent(), timed.placed(),
                timed.withOne(), timed.lost(), timed.duplicate(), WebReport.millis(micros, 50), WebReport.millis(micros, 99),
                WebReport.millis(micros, 100)));

        text.append("\n3. A worker killed (SIGKILL) while it holds a claimed job: from its end to that job's receipt, written by"
                + " another JVM\n   (").append(heartbeat()).append("; every JVM looks for dead jobs every 2 beats).\n");
        if (deaths.isEmpty()) {
            text.append("   none").append(killsMissed > 0 ? ": every kill missed" : " asked for").append(".\n");
        } else {
            text.append(String.format(Locale.ROOT, "%5s  %-9s %9s  %s%n", "death", "worker", "jobs held", "receipt after s"));
            for (QueueLoad.Death death : deaths) {
                String after = death.receiptAfter().stream().map(each -> String.format(Locale.ROOT, "%.2f", each.toNanos() / 1e9))
                        .collect(Collectors.joining(", "));
                if (death.writtenBeforeDeath() > 0) {
                    after += (after.isEmpty() ? "" : "; ") + death.writtenBeforeDeath() + " written just before the death";
                }
                text.append(String.format(Locale.ROOT, "%5d  %-9s %9d  %s%n", death.number(), death.worker(), death.held().size(), after));
            }
            int measured = afterDeaths().size();
            text.append(String.format(Locale.ROOT, "median %.2f s over %d %s of %d %s; %d %s missed (the worker held no job at its end)"
                            + " and %s tried again.%n", medianSeconds(), measured, measured == 1 ? "job" : "jobs", deaths.size(),
                    deaths.size() == 1 ? "death" : "deaths", killsMissed, killsMissed == 1 ? "kill" : "kills",
                    killsMissed == 1 ? "was" : "were"));
        }
        text.append("   Orders placed in bursts meanwhile: ").append(bursts.placed()).append(".\n\n");

        long placed = audits().stream().mapToLong(QueueLoad.Receipts::placed).sum();
        long lost = audits().stream().mapToLong(QueueLoad.Receipts::lost).sum();
        long duplicate = audits().stream().mapToLong(QueueLoad.Receipts::duplicate).sum();
        text.append(wrong()
                ? "Of " + placed + " orders acknowledged, " + lost + " have no receipt and " + duplicate + " have two or more.\n"
                : "Every one of " + placed + " orders acknowledged has exactly one receipt: 0 lost, 0 duplicated.\n");
        text.append("Measurements of this run on this machine, not promises.\n");
        text.append(String.format(Locale.ROOT, "Took %.1f s; the web application and each worker in a JVM of its own.%n",
                took.toMillis() / 1000.0));
        return text.toString();
    }

    String json() {
        List<String> lines = new ArrayList<>();
        lines.add("  \"database\": " + WebReport.quote(database));
        lines.add("  \"jdk\": " + WebReport.quote(System.getProperty("java.version")));
        lines.add("  \"cpus\": " + Runtime.getRuntime().availableProcessors());
        lines.add("  \"heartbeatMillis\": " + QueueLoad.HEARTBEAT.toMillis() + ", \"missedHeartbeatsLimit\": " + QueueLoad.MISSED_BEATS);
        lines.add("  \"jobsPerCount\": " + jobs);
        lines.add("  \"drains\": [" + drains.stream().map(drain -> String.format(Locale.ROOT,
                "\n    {\"workers\": %d, \"ordersPlaced\": %d, \"jobsWaiting\": %d, %s, \"jobsPerSecond\": %.1f,"
                        + " \"percentile10To90Seconds\": %.3f, \"firstToLastSeconds\": %.3f}",
                drain.workers(), drain.placed(), drain.waiting(), receipts(drain.receipts()), drain.jobsPerSecond(),
                drain.middleSeconds(), drain.allSeconds())).collect(Collectors.joining(",")) + "\n  ]");
        Histogram micros = latency.micros();
        lines.add(String.format(Locale.ROOT, "  \"latency\": {\"ordersPerSecond\": %d, \"seconds\": %d, \"workers\": %d,"
                        + " \"ordersSent\": %d, %s, \"p50Millis\": %.1f, \"p99Millis\": %.1f, \"maxMillis\": %.1f}",
                latency.rate(), latency.seconds(), latency.workers(), latency.sent(), receipts(latency.receipts()),
                WebReport.millis(micros, 50), WebReport.millis(micros, 99), WebReport.millis(micros, 100)));
        lines.add("  \"deaths\": [" + deaths.stream().map(death -> String.format(Locale.ROOT,
                "\n    {\"death\": %d, \"worker\": %s, \"ordersHeld\": %s, \"receiptAfterSeconds\": [%s], \"writtenBeforeDeath\": %d}",
                death.number(), WebReport.quote(death.worker()), death.held(),
                death.receiptAfter().stream().map(each -> String.format(Locale.ROOT, "%.3f", each.toNanos() / 1e9))
                        .collect(Collectors.joining(", ")), death.writtenBeforeDeath())).collect(Collectors.joining(",")) + "\n  ]");
        lines.add(String.format(Locale.ROOT, "  \"medianDeathToReceiptSeconds\": %.3f", medianSeconds()));
        lines.add("  \"killsMissed\": " + killsMissed);
        lines.add("  \"bursts\": {" + receipts(bursts) + "}");
        lines.add("  \"wrong\": " + wrong());
        lines.add(String.format(Locale.ROOT, "  \"tookSeconds\": %.1f", took.toMillis() / 1000.0));
        return "{\n" + String.join(",\n", lines) + "\n}\n";
    }

    private static String receipts(QueueLoad.Receipts audit) {
        return "\"ordersAcknowledged\": " + audit.placed() + ", \"withOneReceipt\": " + audit.withOne() + ", \"lost\": "
                + audit.lost() + ", \"duplicate\": " + audit.duplicate();
    }
}
