package io.gatewatch.topology.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.gatewatch.avro.AccessCounts;
import io.gatewatch.avro.AccessCountsBatch;
import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.avro.TelemetryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessCountsProcessorTest {

    private static final long T0 = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();

    private MockProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccessCountsBatch> store;
    private AccessCountsProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.ACCESS_PENDING), Serdes.String(), new AccessCountsBatchSerde())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor = new AccessCountsProcessor(StoreNames.ACCESS_PENDING);
        processor.init(context);
    }

    @Test
    void aGatewayErrorGoesOnAtOnceWithTheRequestsBeforeIt() {
        access("a.test", 200, T0 + 10);
        access("a.test", 404, T0 + 20);
        access("a.test", 200, T0 + 1_030);
        assertThat(forwarded()).isEmpty();

        access("a.test", 502, T0 + 1_040);
        assertThat(forwarded()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("a.test");
            assertThat(r.timestamp()).isEqualTo(T0 + 1_040);
            AccessCountsBatch b = (AccessCountsBatch) r.value();
            assertThat(b.getLastEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 1_040));
            assertThat(b.getSeconds()).extracting(c -> c.getSecond().toEpochMilli() - T0, AccessCounts::getRequests,
                            AccessCounts::getOk, AccessCounts::getServerErrors, AccessCounts::getBadGateway)
                    .containsExactly(tuple(0L, 2L, 1L, 0L, 0L), tuple(1_000L, 2L, 1L, 1L, 1L));
            assertThat(b.getSeconds().get(1).getLastEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 1_040));
        });
        assertThat(store.get("a.test")).isNull();
        context.resetForwards();

        // nothing left pending for the site: the next 504 goes on alone
        access("a.test", 504, T0 + 1_050);
        assertThat(batches()).singleElement().satisfies(b -> {
            assertThat(b.getSeconds()).singleElement().satisfies(c -> {
                assertThat(c.getRequests()).isEqualTo(1L);
                assertThat(c.getGatewayTimeout()).isEqualTo(1L);
            });
        });
    }

    @Test
    void aSitesSecondsTravelTogetherUntilTheBatchIsFull() {
        for (int s = 0; s < AccessCountsProcessor.MAX_SECONDS - 1; s++) {
            access("a.test", 200, T0 + s * 1_000L + 100);
            access("b.test", 200, T0 + s * 1_000L + 200);
            access("a.test", 200, T0 + s * 1_000L + 300);
        }
        // a line late by a second joins the second it belongs to
        access("a.test", 404, T0 + 1_500);
        assertThat(forwarded()).isEmpty();
        assertThat(store.get("a.test").getSeconds()).hasSize(AccessCountsProcessor.MAX_SECONDS - 1);

        access("a.test", 200, T0 + (AccessCountsProcessor.MAX_SECONDS - 1) * 1_000L + 100);
        assertThat(forwarded()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("a.test");
            AccessCountsBatch b = (AccessCountsBatch) r.value();
            assertThat(b.getSeconds()).hasSize(AccessCountsProcessor.MAX_SECONDS);
            assertThat(b.getSeconds().stream().mapToLong(AccessCounts::getRequests).sum())
                    .isEqualTo(2L * (AccessCountsProcessor.MAX_SECONDS - 1) + 2);
            assertThat(b.getSeconds().get(1).getRequests()).isEqualTo(3L);
            assertThat(r.timestamp()).isEqualTo(T0 + (AccessCountsProcessor.MAX_SECONDS - 1) * 1_000L + 100);
        });
        assertThat(store.get("a.test")).isNull();
        assertThat(store.get("b.test").getSeconds()).hasSize(AccessCountsProcessor.MAX_SECONDS - 1);
    }

    @Test
    void anotherEventOfTheSiteFollowsItsPendingCounts() {
        access("a.test", 200, T0 + 100);
        access("b.test", 200, T0 + 150);
        FpmEvent maxChildren = new FpmEvent();
        maxChildren.setKind(FpmEventKind.MAX_CHILDREN_REACHED);
        TelemetryEvent fpm = event("a.test", T0 + 200, maxChildren);
        processor.process(new Record<>("a.test", fpm, T0 + 200));
        assertThat(forwarded()).extracting(r -> r.key() + ":" + r.value().getClass().getSimpleName())
                .containsExactly("a.test:AccessCountsBatch", "a.test:TelemetryEvent");
    }

    @Test
    void punctuationsSendPendingCounts() {
        access("a.test", 200, T0 + 100);
        access("b.test", 200, T0 + 150);
        access("b.test", 500, T0 + 160);
        assertThat(context.scheduledPunctuators()).extracting(CapturedPunctuator::getType, CapturedPunctuator::getInterval)
                .containsExactlyInAnyOrder(tuple(PunctuationType.WALL_CLOCK_TIME, Duration.ofSeconds(1)),
                        tuple(PunctuationType.STREAM_TIME, Duration.ofSeconds(10)));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0 + 5_000);
        assertThat(batches()).extracting(b -> b.getSeconds().get(0).getRequests(), b -> b.getSeconds().get(0).getServerErrors())
                .containsExactlyInAnyOrder(tuple(1L, 0L), tuple(2L, 1L));
        assertThat(store.approximateNumEntries()).isZero();
        context.resetForwards();
        context.scheduledPunctuators().get(1).getPunctuator().punctuate(T0 + 6_000);
        assertThat(forwarded()).isEmpty();

        // a stream-time tick sends the batches that began a tick or more before, and leaves younger ones to fill
        access("a.test", 200, T0 + 9_100);
        access("b.test", 200, T0 + 10_100);
        context.scheduledPunctuators().get(1).getPunctuator().punctuate(T0 + 18_999);
        assertThat(forwarded()).isEmpty();
        context.scheduledPunctuators().get(1).getPunctuator().punctuate(T0 + 19_000);
        assertThat(forwarded()).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo("a.test"));
        assertThat(store.get("b.test")).isNotNull();
        assertThat(store.get("a.test")).isNull();
    }

    @Test
    void aRestartedTaskSendsOnWhatItsStoreHeld() {
        access("a.test", 200, T0 + 100);
        access("a.test", 200, T0 + 1_100);
        // the task moves or the instance restarts: a new processor on the (restored) store
        AccessCountsProcessor next = new AccessCountsProcessor(StoreNames.ACCESS_PENDING);
        next.init(context);
        AccessEvent a = new AccessEvent();
        a.setStatus(502);
        next.process(new Record<>("a.test", event("a.test", T0 + 1_200, a), T0 + 1_200));
        assertThat(batches()).singleElement().satisfies(b -> assertThat(b.getSeconds())
                .extracting(AccessCounts::getRequests, AccessCounts::getBadGateway)
                .containsExactly(tuple(1L, 0L), tuple(2L, 1L)));
    }

    @Test
    void theWireLayoutRoundTripsReadsSingleSecondsAndRejectsOtherBytesWithTheTopic() {
        AccessCounts c = new AccessCounts(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 999), 7L, 5L, 1L, 1L, 0L);
        AccessCounts d = new AccessCounts(Instant.ofEpochMilli(T0 + 1_000), Instant.ofEpochMilli(T0 + 1_001), 1L, 1L, 0L, 0L, 0L);
        AccessCountsBatch batch = new AccessCountsBatch(new ArrayList<>(List.of(c, d)), Instant.ofEpochMilli(T0 + 1_001));
        AccessCountsBatchSerde serde = new AccessCountsBatchSerde();
        byte[] bytes = serde.serializer().serialize("t", batch);
        assertThat(bytes).hasSize(AccessCountsBatchSerde.HEADER + 2 * AccessCountsBatchSerde.ENTRY);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(batch);

        // what the repartition topic and changelog held before batches: one second per record
        byte[] single = new AccessCountsSerde().serializer().serialize("t", c);
        assertThat(single).hasSize(AccessCountsSerde.SIZE);
        assertThat(serde.deserializer().deserialize("t", single))
                .isEqualTo(new AccessCountsBatch(List.of(c), Instant.ofEpochMilli(T0 + 999)));

        assertThatThrownBy(() -> serde.deserializer().deserialize("events-by-site", new byte[] {1, 2, 3}))
                .hasMessageContaining("events-by-site").hasMessageContaining("3 bytes");
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 1);
        assertThatThrownBy(() -> serde.deserializer().deserialize("events-by-site", truncated))
                .hasMessageContaining("2 seconds do not fit");
    }

    private void access(String site, int status, long ts) {
        AccessEvent a = new AccessEvent();
        a.setStatus(status);
        processor.process(new Record<>(site, event(site, ts, a), ts));
    }

    private static TelemetryEvent event(String site, long ts, Object payload) {
        TelemetryEvent e = new TelemetryEvent();
        e.setEventTime(Instant.ofEpochMilli(ts));
        e.setSite(site);
        e.setSourceType("nginx-access");
        e.setExcerpt("line");
        e.setPayload(payload);
        return e;
    }

    private List<Record<String, SpecificRecord>> forwarded() {
        return context.forwarded().stream()
                .map(f -> new Record<String, SpecificRecord>(f.record().key(), f.record().value(), f.record().timestamp()))
                .toList();
    }

    private List<AccessCountsBatch> batches() {
        return forwarded().stream().map(r -> (AccessCountsBatch) r.value()).toList();
    }
}
