package io.gatewatch.topology.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.TelemetryEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EvidenceCacheTest {

    private static final long T0 = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();

    private WindowStore<String, TelemetryEvent> store;
    private EvidenceCache cache;

    @BeforeEach
    void setUp() {
        MockProcessorContext<String, TelemetryEvent> context = new MockProcessorContext<>();
        store = Stores.windowStoreBuilder(Stores.inMemoryWindowStore(StoreNames.EVIDENCE, Duration.ofHours(2),
                        Duration.ofMillis(1), true), Serdes.String(), excerptSerde())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        cache = new EvidenceCache(store);
    }

    @Test
    void answersAsTheStoreDoesBeforeAndAfterItHoldsACopy() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 200; i++) {
            // out of order by up to 5 s, with repeated times
            long ts = T0 + i * 500L - random.nextInt(5) * 1000L;
            cache.put(i % 3 == 0 ? "b.test" : "a.test", event("e" + i), ts);
            if (i == 100) {
                assertThat(excerpts(cache.fetch("a.test", T0 + 10_000, T0 + 40_000)))
                        .isEqualTo(fromStore("a.test", T0 + 10_000, T0 + 40_000));
                assertThat(cache.cachedSites()).isEqualTo(1);
            }
        }
        // writes after the copy was made are in it, in the store's order
        for (long[] range : new long[][] {{T0 + 10_000, T0 + 40_000}, {T0 + 20_000, T0 + 20_000}, {T0 + 12_345, T0 + 99_000},
                {T0 + 90_000, T0 + 120_000}}) {
            assertThat(excerpts(cache.fetch("a.test", range[0], range[1])))
                    .isEqualTo(fromStore("a.test", range[0], range[1])).isNotEmpty();
        }
        // an earlier start than the copy has is read again from the store
        assertThat(excerpts(cache.fetch("a.test", T0 - 10_000, T0 + 5_000))).isEqualTo(fromStore("a.test", T0 - 10_000, T0 + 5_000))
                .isNotEmpty();
        assertThat(excerpts(cache.fetch("b.test", T0, T0 + 100_000))).isEqualTo(fromStore("b.test", T0, T0 + 100_000));
        assertThat(cache.cachedSites()).isEqualTo(2);

        cache.forget("a.test");
        assertThat(cache.cachedSites()).isEqualTo(1);
        assertThat(excerpts(cache.fetch("a.test", T0, T0 + 100_000))).isEqualTo(fromStore("a.test", T0, T0 + 100_000));
    }

    @Test
    void aSiteWithMoreEventsThanItHoldsIsReadFromTheStore() {
        for (int i = 0; i < EvidenceCache.MAX_EVENTS_PER_SITE + 10; i++) {
            cache.put("storm.test", event("e" + i), T0 + i);
        }
        assertThat(cache.fetch("storm.test", T0, T0 + 2 * EvidenceCache.MAX_EVENTS_PER_SITE))
                .hasSize(EvidenceCache.MAX_EVENTS_PER_SITE + 10);
        assertThat(cache.cachedSites()).isZero();

        // a copy that grows past the limit is dropped, and the store answers
        cache.fetch("storm.test", T0 + EvidenceCache.MAX_EVENTS_PER_SITE, Long.MAX_VALUE);
        assertThat(cache.cachedSites()).isOne();
        for (int i = 0; i < EvidenceCache.MAX_EVENTS_PER_SITE; i++) {
            cache.put("storm.test", event("more" + i), T0 + 100_000 + i);
        }
        assertThat(cache.cachedSites()).isZero();
        assertThat(excerpts(cache.fetch("storm.test", T0 + 100_000, T0 + 100_000 + 5)))
                .containsExactly("more0", "more1", "more2", "more3", "more4", "more5");
    }

    private List<String> fromStore(String site, long from, long to) {
        List<String> out = new ArrayList<>();
        try (WindowStoreIterator<TelemetryEvent> it = store.fetch(site, from, to)) {
            it.forEachRemaining(kv -> out.add(kv.value.getExcerpt()));
        }
        return out;
    }

    private static List<String> excerpts(List<TelemetryEvent> events) {
        return events.stream().map(TelemetryEvent::getExcerpt).toList();
    }

    private static TelemetryEvent event(String excerpt) {
        TelemetryEvent e = new TelemetryEvent();
        e.setEventTime(Instant.ofEpochMilli(T0));
        e.setSourceType("nginx-error");
        e.setExcerpt(excerpt);
        return e;
    }

    /** Enough of an event to tell events apart in a unit test; the topology stores them as Avro. */
    private static Serde<TelemetryEvent> excerptSerde() {
        Serializer<TelemetryEvent> ser = (topic, e) -> e.getExcerpt().getBytes(StandardCharsets.UTF_8);
        Deserializer<TelemetryEvent> de = (topic, b) -> event(new String(b, StandardCharsets.UTF_8));
        return Serdes.serdeFrom(ser, de);
    }
}
