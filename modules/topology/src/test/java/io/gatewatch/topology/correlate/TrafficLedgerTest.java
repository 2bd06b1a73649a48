package io.gatewatch.topology.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrafficLedgerTest {

    private static final long T0 = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();

    private WindowStore<String, TrafficBlock> store;
    private TrafficLedger ledger;

    @BeforeEach
    void setUp() {
        MockProcessorContext<String, TrafficBlock> context = new MockProcessorContext<>();
        store = Stores.windowStoreBuilder(Stores.inMemoryWindowStore(StoreNames.TRAFFIC, Duration.ofHours(2),
                        Duration.ofSeconds(TrafficLedger.BLOCK_SECONDS), false), Serdes.String(), new TrafficBlockSerde())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        ledger = new TrafficLedger(store);
    }

    @Test
    void answersAsPerSecondCountersWouldThroughLateSecondsFlushesAndRestarts() {
        SplittableRandom random = new SplittableRandom(11);
        Map<String, TreeMap<Long, TrafficCounts>> expected = Map.of("a.test", new TreeMap<>(), "b.test", new TreeMap<>());
        for (int i = 0; i < 3_000; i++) {
            String site = random.nextInt(3) == 0 ? "b.test" : "a.test";
            // mostly in order, some seconds late by up to 40 s
            long second = T0 + (i / 10) * 1_000L - (random.nextInt(20) == 0 ? random.nextInt(40) * 1_000L : 0);
            TrafficCounts counts = TrafficCounts.ZERO.plusStatus(random.nextInt(10) == 0 ? 502 : 200);
            ledger.add(site, second, counts);
            expected.get(site).merge(second, counts, TrafficCounts::plus);
            if (random.nextInt(7) == 0) {
                ledger.flush(site);
            }
            if (i % 500 == 250) {
                checkAgainst(expected, ledger, i);
            }
            if (i % 1_000 == 555) {
                // (mid-block: the restarted ledger must read what the block already holds)
                // what a restarted task sees: only what was flushed, so flush first as a batch's end does
                ledger.flush("a.test");
                ledger.flush("b.test");
                ledger = new TrafficLedger(store);
                checkAgainst(expected, ledger, i);
            }
        }
        checkAgainst(expected, ledger, -1);
        ledger.flush("a.test");
        ledger.flush("b.test");
        checkAgainst(expected, new TrafficLedger(store), -1);
    }

    @Test
    void aBlockIsOneStoredRecordWrittenAtFlush() {
        for (int s = 0; s < TrafficLedger.BLOCK_SECONDS; s++) {
            ledger.add("a.test", T0 + s * 1_000L, new TrafficCounts(2, 2, 0, 0, 0));
        }
        assertThat(stored("a.test")).isEmpty();
        assertThat(ledger.sum("a.test", T0, T0 + 60_000)).isEqualTo(new TrafficCounts(20, 20, 0, 0, 0));

        ledger.flush("a.test");
        assertThat(stored("a.test")).singleElement().satisfies(kv -> {
            assertThat(kv.key).isEqualTo(T0);
            assertThat(kv.value.span()).isEqualTo(TrafficLedger.BLOCK_SECONDS);
        });
        // the next block replaces the held one, which is written if it changed
        ledger.add("a.test", T0 + 3_000, new TrafficCounts(1, 0, 1, 1, 0));
        ledger.add("a.test", T0 + 12_000, new TrafficCounts(1, 1, 0, 0, 0));
        assertThat(stored("a.test")).hasSize(1);
        ledger.flush("a.test");
        assertThat(stored("a.test")).extracting(kv -> kv.key).containsExactly(T0, T0 + 10_000);
        assertThat(stored("a.test").get(0).value.second(3)).isEqualTo(new TrafficCounts(3, 2, 1, 1, 0));
        assertThat(ledger.heldSites()).isEqualTo(1);
    }

    @Test
    void singleSecondRecordsFromBeforeBlocksAreReadAndMergedIntoTheirBlock() {
        // as the one-second windows of earlier releases left them in the store and changelog
        store.put("a.test", TrafficBlock.single(new TrafficCounts(5, 5, 0, 0, 0)), T0 + 7_000);
        store.put("a.test", TrafficBlock.single(new TrafficCounts(1, 0, 1, 1, 0)), T0 + 3_000);
        store.put("a.test", TrafficBlock.single(new TrafficCounts(2, 2, 0, 0, 0)), T0 + 12_000);
        store.put("a.test", new TrafficBlock(new TrafficCounts[] {new TrafficCounts(4, 4, 0, 0, 0), null, null, null, null,
                null, null, null, null, null}), T0);

        List<Long> seconds = new ArrayList<>();
        ledger.forEach("a.test", T0 + 1, T0 + 20_000, (second, counts) -> seconds.add(second));
        assertThat(seconds).containsExactly(T0 + 3_000, T0 + 7_000, T0 + 12_000);
        assertThat(ledger.sum("a.test", T0, T0 + 9_999)).isEqualTo(new TrafficCounts(10, 9, 1, 1, 0));

        ledger.add("a.test", T0 + 7_000, new TrafficCounts(1, 1, 0, 0, 0));
        ledger.flush("a.test");
        assertThat(stored("a.test")).extracting(kv -> kv.key).containsExactly(T0, T0 + 12_000);
        TrafficBlock block = stored("a.test").get(0).value;
        assertThat(block.second(0)).isEqualTo(new TrafficCounts(4, 4, 0, 0, 0));
        assertThat(block.second(3)).isEqualTo(new TrafficCounts(1, 0, 1, 1, 0));
        assertThat(block.second(7)).isEqualTo(new TrafficCounts(6, 6, 0, 0, 0));
        assertThat(new TrafficLedger(store).sum("a.test", T0, T0 + 20_000)).isEqualTo(new TrafficCounts(13, 12, 1, 1, 0));
    }

    @Test
    void theWireLayoutRoundTripsReadsSingleSecondsAndRejectsOtherBytesWithTheTopic() {
        TrafficBlockSerde serde = new TrafficBlockSerde();
        TrafficCounts[] seconds = new TrafficCounts[TrafficLedger.BLOCK_SECONDS];
        seconds[0] = new TrafficCounts(3, 1, 2, 1, 1);
        seconds[9] = new TrafficCounts(Long.MAX_VALUE, 0, 0, 0, 7);
        TrafficBlock block = new TrafficBlock(seconds);
        byte[] bytes = serde.serializer().serialize("t", block);
        assertThat(bytes).hasSize(3 + 2 * 41);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(block);

        byte[] v1 = ByteBuffer.allocate(41).put((byte) 1).putLong(9).putLong(8).putLong(1).putLong(1).putLong(0).array();
        assertThat(serde.deserializer().deserialize("t", v1)).isEqualTo(TrafficBlock.single(new TrafficCounts(9, 8, 1, 1, 0)));

        assertThatThrownBy(() -> serde.deserializer().deserialize("gw-site-traffic-changelog", new byte[] {9, 1, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("gw-site-traffic-changelog")
                .hasMessageContaining("version 9");
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", truncated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("bytes long");
        byte[] repeated = bytes.clone();
        repeated[3 + 41] = 0;
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", repeated))
                .isInstanceOf(SerializationException.class).hasMessageContaining("repeated");
    }

    private void checkAgainst(Map<String, TreeMap<Long, TrafficCounts>> expected, TrafficLedger l, int step) {
        for (var e : expected.entrySet()) {
            for (long[] range : new long[][] {{T0, T0 + 400_000}, {T0 + 12_345, T0 + 40_000}, {T0 + 95_000, T0 + 99_999},
                    {T0 + 250_000, T0 + 300_000}}) {
                List<Map.Entry<Long, TrafficCounts>> actual = new ArrayList<>();
                l.forEach(e.getKey(), range[0], range[1], (second, counts) -> actual.add(Map.entry(second, counts)));
                assertThat(actual).as("%s in [%d, %d] at step %d", e.getKey(), range[0] - T0, range[1] - T0, step)
                        .containsExactlyElementsOf(e.getValue().subMap(range[0], true, range[1], true).entrySet()
                                .stream().map(x -> Map.entry(x.getKey(), x.getValue())).toList());
            }
        }
    }

    private List<KeyValue<Long, TrafficBlock>> stored(String site) {
        List<KeyValue<Long, TrafficBlock>> out = new ArrayList<>();
        try (WindowStoreIterator<TrafficBlock> it = store.fetch(site, T0 - 60_000, T0 + 600_000)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }
}
