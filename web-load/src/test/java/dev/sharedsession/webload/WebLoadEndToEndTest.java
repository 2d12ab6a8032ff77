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
 * {@code ./lab web} end to end on H2, with tiny numbers: every shop really started on 127.0.0.1 (the durable one with its worker JVMs),
 * the load really sent from JVMs of their own, the database really audited. Asserts the audit's
 * arithmetic and that the safe side misled no client; the numbers measured are not asserted.
 */
class WebLoadEndToEndTest {

    @Test
    @DisplayName("every side under 1 and 2 clients: every acknowledged order counted once; the safe and durable sides lost, doubled"
            + " and ghosted nothing, and no trap of 3 to 5 went wrong on them, though a durable worker JVM was killed in each step")
    void everySideOnH2() throws Exception {
        WebCommand.Run run = WebCommand.run(Duration.ofMinutes(4), "--clients", "1,2", "--requests", "20", "--format", "json");

        assertThat(run.exitCode()).as("exit code; error output:%n%s", run.err()).isZero();
        JsonObject report = JsonParser.parseString(run.out()).getAsJsonObject();
        assertThat(report.get("safeWentWrong").getAsBoolean()).isFalse();
        JsonArray steps = report.getAsJsonArray("steps");
        assertThat(steps).hasSize(6);
        for (JsonElement element : steps) {
            JsonObject step = element.getAsJsonObject();
            JsonObject audit = step.getAsJsonObject("audit");
            JsonObject kinds = step.getAsJsonObject("kinds");
            long ordersOk = kinds.getAsJsonObject("POST /orders").get("2xx").getAsLong()
                    + kinds.getAsJsonObject("POST /orders 550+").get("2xx").getAsLong();
            String side = step.get("side").getAsString() + " at " + step.get("clients").getAsInt();
            assertThat(step.get("requests").getAsLong()).as(side).isEqualTo(20);
            assertThat(audit.get("ordersAcknowledged").getAsLong()).as(side).isEqualTo(ordersOk);
            assertThat(audit.get("largeOrdersAcknowledged").getAsLong()).as(side)
                    .isEqualTo(kinds.getAsJsonObject("POST /orders 550+").get("2xx").getAsLong());
            assertThat(audit.get("shipmentsAddressLost").getAsLong()).as(side).isLessThanOrEqualTo(audit.get("shipmentsJudged").getAsLong());
            assertThat(audit.get("receiptsAskedStillMissing").getAsLong()).as(side).isLessThanOrEqualTo(audit.get("receiptsAsked").getAsLong());
            assertThat(audit.get("withOneReceipt").getAsLong() + audit.get("lost").getAsLong() + audit.get("duplicate").getAsLong())
                    .as(side).isEqualTo(audit.get("ordersAcknowledged").getAsLong());
            assertThat(audit.get("lostWithNoFailureRecorded").getAsLong()).as(side).isLessThanOrEqualTo(audit.get("lost").getAsLong());
            assertThat(step.get("workersKilled").getAsInt()).as(side).isEqualTo(step.get("side").getAsString().equals("durable") ? 1 : 0);
            if (!step.get("side").getAsString().equals("broken")) {
                assertThat(audit.get("lost").getAsLong()).as(side).isZero();
                assertThat(audit.get("duplicate").getAsLong()).as(side).isZero();
                assertThat(audit.get("ghost").getAsLong()).as(side).isZero();
                assertThat(audit.get("ordersAcknowledgedButMissing").getAsLong()).as(side).isZero();
                assertThat(step.get("serverErrors").getAsLong()).as(side).isZero();
                assertThat(audit.get("withOneReceipt").getAsLong()).as(side).isPositive();
                assertThat(audit.get("shipmentsAddressLost").getAsLong()).as(side).isZero();
                assertThat(audit.get("ghostReservations").getAsLong()).as(side).isZero();
                assertThat(audit.get("largeOrdersWithoutOneReservation").getAsLong()).as(side).isZero();
                assertThat(audit.get("receiptsAskedStillMissing").getAsLong()).as(side).isZero();
            }
        }
    }
}
