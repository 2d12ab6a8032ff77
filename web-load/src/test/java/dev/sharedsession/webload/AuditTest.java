package dev.sharedsession.webload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The audit's judging, on made-up rows: what counts as lost, duplicate, ghost, silent. */
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
}
