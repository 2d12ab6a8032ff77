package dev.sharedsession.webload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The audit's judging, on made-up rows: what counts as lost, duplicate, ghost, silent; and traps 3 to 5. */
class AuditTest {

    private static String receipt(long order) {
        return "order " + order + ": 25.00 for Customer 1 in North";
    }

    @Test
    @DisplayName("an acknowledged order with one receipt is fine, with none it is lost, with two a duplicate")
    void lostAndDuplicate() {
        Audit.Rows rows = new Audit.Rows(List.of(1L, 2L, 3L), List.of(receipt(1), receipt(3), receipt(3)), List.of(), 3);

        Audit.Counts counts = Audit.classify(List.of(1L, 2L, 3L), rows, 0);

        assertThat(counts.acknowledged()).isEqualTo(3);
        assertThat(counts.withOneReceipt()).isEqualTo(1);
        assertThat(counts.lost()).isEqualTo(1);
        assertThat(counts.lostSilently()).isEqualTo(1);
        assertThat(counts.duplicate()).isEqualTo(1);
        assertThat(counts.ghost()).isZero();
        assertThat(counts.withOneReceipt() + counts.lost() + counts.duplicate()).isEqualTo(counts.acknowledged());
        assertThat(counts.wrong()).isTrue();
    }

    @Test
    @DisplayName("a receipt for an order whose POST failed, or for no order, is a ghost; the order saved anyway is counted")
    void ghosts() {
        // Order 2's POST got a 5xx but its transaction committed, and its receipt was written; order 9 does not exist.
        Audit.Rows rows = new Audit.Rows(List.of(1L, 2L), List.of(receipt(1), receipt(2), receipt(9), "not a receipt"),
                List.of(), 0);

        Audit.Counts counts = Audit.classify(List.of(1L), rows, 0);

        assertThat(counts.ghost()).isEqualTo(3);
        assertThat(counts.savedThoughRefused()).isEqualTo(1);
        assertThat(counts.withOneReceipt()).isEqualTo(1);
        assertThat(counts.missingOrders()).isZero();
    }

    @Test
    @DisplayName("a lost receipt with its failure recorded is lost but not silent; reported and logged failures are kept apart")
    void reportedFailures() {
        Audit.Rows rows = new Audit.Rows(List.of(1L, 2L, 3L), List.of(receipt(3)),
                List.of(new Audit.FailureRow(1, "receipt"), new Audit.FailureRow(2, "loyalty")), 0);

        Audit.Counts counts = Audit.classify(List.of(1L, 2L, 3L), rows, 5);

        assertThat(counts.lost()).isEqualTo(2);
        assertThat(counts.lostSilently()).as("order 2's recorded failure is its loyalty point's, not its receipt's").isEqualTo(1);
        assertThat(counts.failuresReported()).isEqualTo(2);
        assertThat(counts.failuresLogged()).isEqualTo(5);
    }

    @Test
    @DisplayName("an acknowledged order with no row is missing; a clean database is not wrong")
    void missingAndClean() {
        Audit.Counts missing = Audit.classify(List.of(1L, 2L), new Audit.Rows(List.of(1L), List.of(receipt(1), receipt(2)), List.of(), 0), 0);
        assertThat(missing.missingOrders()).isEqualTo(1);
        assertThat(missing.wrong()).isTrue();

        Audit.Counts clean = Audit.classify(List.of(1L, 2L), new Audit.Rows(List.of(1L, 2L), List.of(receipt(2), receipt(1)), List.of(), 2), 0);
        assertThat(clean.wrong()).isFalse();
        assertThat(clean.withOneReceipt()).isEqualTo(2);
    }

    @Test
    @DisplayName("one step's counts are the audit after it less the audit before it")
    void stepDelta() {
        Audit.Counts before = Audit.classify(List.of(1L), new Audit.Rows(List.of(1L), List.of(), List.of(), 0), 1);
        Audit.Counts after = Audit.classify(List.of(1L, 2L, 3L),
                new Audit.Rows(List.of(1L, 2L, 3L), List.of(receipt(2), receipt(4)), List.of(), 1), 3);

        Audit.Counts step = after.minus(before);

        assertThat(step.acknowledged()).isEqualTo(2);
        assertThat(step.lost()).isEqualTo(1);
        assertThat(step.withOneReceipt()).isEqualTo(1);
        assertThat(step.ghost()).isEqualTo(1);
        assertThat(step.failuresLogged()).isEqualTo(2);
    }

    private static Audit.Told told(List<Long> acknowledged, List<Long> large, Map<Long, String> shipments, List<Long> asked) {
        return new Audit.Told(new HashSet<>(acknowledged), new HashSet<>(large), new HashMap<>(shipments), new HashSet<>(asked));
    }

    @Test
    @DisplayName("trap 3: a shipment whose row holds another address than the last one acknowledged lost its address;"
            + " one whose last answer is unknown is not judged")
    void addressLost() {
        Map<Long, String> acked = new HashMap<>();
        acked.put(1L, "2 Mill Lane");       // the PUT's address, and the row has it
        acked.put(2L, "4 Mill Lane");       // the PUT's address; the estimate's merge wrote the POST's back
        acked.put(3L, "6 Mill Lane");       // acknowledged, and no row at all
        acked.put(4L, null);                // the last PUT got a 5xx: whatever the row says is not wrong
        Audit.Rows rows = new Audit.Rows(List.of(1L, 2L, 3L, 4L), List.of(receipt(1), receipt(2), receipt(3), receipt(4)),
                List.of(), 0, List.of(), Map.of(1L, "2 Mill Lane", 2L, "3 Mill Lane", 4L, "7 Mill Lane"));

        Audit.Counts counts = Audit.classify(told(List.of(1L, 2L, 3L, 4L), List.of(), acked, List.of()), rows, 0);

        assertThat(counts.traps().shipments()).isEqualTo(3);
        assertThat(counts.traps().addressLost()).isEqualTo(2);
        assertThat(counts.lost()).isZero();
        assertThat(counts.wrong()).isTrue();
    }

    @Test
    @DisplayName("trap 4: a reservation for an order that does not exist is a ghost; an acked large order needs exactly one")
    void reservations() {
        // 10 and 11 acknowledged large orders; 12's POST got a 409 and rolled back, but its stock was reserved.
        Audit.Rows rows = new Audit.Rows(List.of(10L, 11L, 13L), List.of(receipt(10), receipt(11), receipt(13)), List.of(), 0,
                List.of(10L, 12L, 12L, 13L), Map.of());

        Audit.Counts counts = Audit.classify(told(List.of(10L, 11L, 13L), List.of(10L, 11L, 13L), Map.of(), List.of()), rows, 0);

        assertThat(counts.traps().largeAcknowledged()).isEqualTo(3);
        assertThat(counts.traps().ghostReservations()).isEqualTo(2);
        assertThat(counts.traps().largeWithoutOneReservation()).as("11 has none").isEqualTo(1);
        assertThat(counts.wrong()).isTrue();

        Audit.Counts doubled = Audit.classify(told(List.of(10L), List.of(10L), Map.of(), List.of()),
                new Audit.Rows(List.of(10L), List.of(receipt(10)), List.of(), 0, List.of(10L, 10L), Map.of()), 0);
        assertThat(doubled.traps().largeWithoutOneReservation()).isEqualTo(1);
        assertThat(doubled.traps().ghostReservations()).isZero();
    }

    @Test
    @DisplayName("trap 5: an order whose receipt a 202 promised and that has none is lost for that kind too;"
            + " one that had its receipt already is fine")
    void receiptsAsked() {
        // 20 had its receipt before it was asked for (the endpoint writes nothing then); 21 had none, and still has none.
        Audit.Rows rows = new Audit.Rows(List.of(20L, 21L, 22L), List.of(receipt(20), receipt(22)), List.of(), 0);

        Audit.Counts counts = Audit.classify(told(List.of(20L, 21L, 22L), List.of(), Map.of(), List.of(20L, 21L)), rows, 0);

        assertThat(counts.traps().receiptsAsked()).isEqualTo(2);
        assertThat(counts.traps().receiptsAskedLost()).isEqualTo(1);
        assertThat(counts.lost()).as("21 is lost for POST /orders too").isEqualTo(1);
        assertThat(counts.traps().wrong()).isTrue();
    }

    @Test
    @DisplayName("traps 3 to 5 with everything as told is not wrong, and a step's trap counts are after less before")
    void trapsCleanAndDelta() {
        Audit.Told clients = told(List.of(1L, 2L), List.of(2L), Map.of(1L, "9 Mill Lane"), List.of(1L));
        Audit.Rows clean = new Audit.Rows(List.of(1L, 2L), List.of(receipt(1), receipt(2)), List.of(), 2,
                List.of(2L), Map.of(1L, "9 Mill Lane"));
        Audit.Counts before = Audit.classify(clients, clean, 0);
        assertThat(before.wrong()).isFalse();
        assertThat(before.traps()).isEqualTo(new Audit.Traps(1, 0, 1, 0, 0, 1, 0));

        Audit.Rows later = new Audit.Rows(List.of(1L, 2L), List.of(receipt(1), receipt(2)), List.of(), 2,
                List.of(2L, 5L), Map.of(1L, "8 Mill Lane"));
        Audit.Counts step = Audit.classify(clients, later, 0).minus(before);
        assertThat(step.traps()).isEqualTo(new Audit.Traps(0, 1, 0, 1, 0, 0, 0));
    }
}
