package dev.sharedsession.webload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The load generator's result crosses from its JVM as text: it must come back as it left. */
class LoadResultTest {

    @Test
    void whatTheLoadGeneratorWritesIsReadBackTheSame() {
        Histogram latency = LoadResult.newHistogram();
        latency.recordValue(1_500);
        latency.recordValue(40_000);
        Map<RequestKind, LoadResult.Tally> kinds = new EnumMap<>(RequestKind.class);
        kinds.put(RequestKind.PLACE_ORDER, new LoadResult.Tally(250, 1, 2, 3, latency));
        List<Long> acknowledged = LongStream.rangeClosed(1, 250).boxed().toList();
        LoadResult sent = new LoadResult(2_000_000_000L, kinds, acknowledged);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        sent.write(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        LoadResult read = LoadResult.read(bytes.toString(StandardCharsets.UTF_8).lines().toList());

        assertThat(read.acknowledged()).isEqualTo(acknowledged);
        assertThat(read.requests()).isEqualTo(256);
        assertThat(read.serverErrors()).isEqualTo(2);
        assertThat(read.failed()).isEqualTo(3);
        assertThat(read.ordersRefused()).isEqualTo(6);
        assertThat(read.requestsPerSecond()).isEqualTo(128.0);
        assertThat(read.allLatencies().getMaxValue()).isEqualTo(latency.getMaxValue());
        assertThat(read.allLatencies().getTotalCount()).isEqualTo(2);
    }

    @Test
    void whatTheClientsWereToldOfTrapsThreeToFiveIsReadBackTheSame() {
        Map<RequestKind, LoadResult.Tally> kinds = new EnumMap<>(RequestKind.class);
        kinds.put(RequestKind.SHIP, new LoadResult.Tally(2, 0, 0, 0, LoadResult.newHistogram()));
        Map<Long, String> shipments = new TreeMap<>();
        shipments.put(7L, "17 Mill Lane");
        shipments.put(9L, null);           // its last PUT got a 5xx: the address is not known
        shipments.put(11L, "Flat 2, 5 Ash Row & Co. 100%");
        LoadResult sent = new LoadResult(1_000L, kinds, List.of(7L, 9L, 11L, 12L), List.of(12L), shipments, List.of(7L, 11L));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        sent.write(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        LoadResult read = LoadResult.read(bytes.toString(StandardCharsets.UTF_8).lines().toList());

        assertThat(read.large()).containsExactly(12L);
        assertThat(read.receiptsAsked()).containsExactly(7L, 11L);
        assertThat(read.shipments()).isEqualTo(shipments);
    }

    @Test
    void aResultCutShortIsRefused() {
        assertThatThrownBy(() -> LoadResult.read(List.of("elapsed-ns 5"))).hasMessageContaining("incomplete");
    }
}
