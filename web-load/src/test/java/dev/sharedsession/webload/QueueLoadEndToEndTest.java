package dev.sharedsession.webload;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code ./lab queue} end to end on H2, with tiny numbers: the durable shop's web application and a
 * worker JVM really started, the orders really placed over HTTP, the worker really killed. Asserts
 * the arithmetic that must hold (every order exactly one receipt, the counts adding up, the dead
 * worker's jobs done by another JVM), never a speed.
 */
class QueueLoadEndToEndTest {

    @Test
    @DisplayName("one worker drains 50 jobs, 10 orders are timed to their receipts, the worker killed holding a job:"
            + " every order has exactly one receipt and the dead worker's jobs got theirs after its death")
    void oneWorkerOnH2() throws Exception {
        WebCommand.Run run = WebCommand.run(QueueLoad.class, Duration.ofMinutes(4),
                "--workers", "1", "--jobs", "50", "--rate", "10", "--seconds", "1", "--deaths", "1", "--format", "json");

        assertThat(run.exitCode()).as("exit code; error output:%n%s", run.err()).isZero();
        JsonObject report = JsonParser.parseString(run.out()).getAsJsonObject();
        assertThat(report.get("wrong").getAsBoolean()).isFalse();

        JsonArray drains = report.getAsJsonArray("drains");
        assertThat(drains).hasSize(1);
        JsonObject drain = drains.get(0).getAsJsonObject();
        assertThat(drain.get("workers").getAsInt()).isEqualTo(1);
        assertThat(drain.get("ordersPlaced").getAsLong()).isEqualTo(50);
        assertThat(drain.get("jobsWaiting").getAsLong()).as("a job per order, none claimed before the worker went on").isEqualTo(50);
        exactlyOneReceiptEach(drain, 50);

        JsonObject latency = report.getAsJsonObject("latency");
        assertThat(latency.get("ordersSent").getAsLong()).isEqualTo(10);
        exactlyOneReceiptEach(latency, 10);

        JsonArray deaths = report.getAsJsonArray("deaths");
        assertThat(deaths).hasSize(1);
        JsonObject death = deaths.get(0).getAsJsonObject();
        assertThat(death.get("worker").getAsString()).isEqualTo("worker-1");
        int held = death.getAsJsonArray("ordersHeld").size();
        assertThat(held).as("the jobs it died holding").isPositive();
        JsonArray after = death.getAsJsonArray("receiptAfterSeconds");
        assertThat(after.size() + death.get("writtenBeforeDeath").getAsInt()).isEqualTo(held);
        for (JsonElement seconds : after) {
            assertThat(seconds.getAsDouble()).as("a receipt written after the death").isNotNegative();
        }
        JsonObject bursts = report.getAsJsonObject("bursts");
        exactlyOneReceiptEach(bursts, bursts.get("ordersAcknowledged").getAsLong());
    }

    private static void exactlyOneReceiptEach(JsonObject audit, long orders) {
        assertThat(audit.get("ordersAcknowledged").getAsLong()).isEqualTo(orders);
        assertThat(audit.get("withOneReceipt").getAsLong()).isEqualTo(orders);
        assertThat(audit.get("lost").getAsLong()).isZero();
        assertThat(audit.get("duplicate").getAsLong()).isZero();
    }
}
