package io.gatewatch.topology.correlate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.avro.AccessCounts;
import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.avro.TelemetryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessCountsProcessorTest {

    private static final long T0 = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();

    private MockProcessorContext<String, SpecificRecord> context;
    private AccessCountsProcessor processor;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        KeyValueStore<String, AccessCounts> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(StoreNames.ACCESS_PENDING), Serdes.String(), new AccessCountsSerde())
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
        access("a.test", 200, T0 + 30);
        assertThat(forwarded()).isEmpty();

        access("a.test", 502, T0 + 40);
        assertThat(forwarded()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("a.test");
            assertThat(r.timestamp()).isEqualTo(T0 + 40);
            AccessCounts c = (AccessCounts) r.value();
            assertThat(c.getSecond()).isEqualTo(Instant.ofEpochMilli(T0));
            assertThat(c.getLastEventTime()).isEqualTo(Instant.ofEpochMilli(T0 + 40));
            assertThat(List.of(c.getRequests(), c.getOk(), c.getServerErrors(), c.getBadGateway(), c.getGatewayTimeout()))
                    .containsExactly(4L, 2L, 1L, 1L, 0L);
        });
        context.resetForwards();

        // nothing left pending for the site: the next 504 goes on alone
        access("a.test", 504, T0 + 50);
        assertThat(counts()).singleElement().satisfies(c -> {
            assertThat(c.getRequests()).isEqualTo(1L);
            assertThat(c.getGatewayTimeout()).isEqualTo(1L);
        });
    }

    @Test
    void aNewSecondSendsThePreviousOnePerSite() {
        access("a.test", 200, T0 + 100);
        access("b.test", 200, T0 + 200);
        access("a.test", 200, T0 + 900);
        access("a.test", 301, T0 + 1_100);
        assertThat(forwarded()).singleElement().satisfies(r -> {
            assertThat(r.key()).isEqualTo("a.test");
            assertThat(((AccessCounts) r.value()).getRequests()).isEqualTo(2L);
            assertThat(r.timestamp()).isEqualTo(T0 + 900);
        });
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
                .containsExactly("a.test:AccessCounts", "a.test:TelemetryEvent");
    }

    @Test
    void punctuationsSendEveryPendingCount() {
        access("a.test", 200, T0 + 100);
        access("b.test", 200, T0 + 150);
        access("b.test", 500, T0 + 160);
        assertThat(context.scheduledPunctuators()).extracting(CapturedPunctuator::getInterval)
                .containsOnly(Duration.ofSeconds(1));
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(T0 + 5_000);
        assertThat(counts()).extracting(AccessCounts::getRequests, AccessCounts::getServerErrors)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1L, 0L),
                        org.assertj.core.groups.Tuple.tuple(2L, 1L));
        context.resetForwards();
        context.scheduledPunctuators().get(1).getPunctuator().punctuate(T0 + 6_000);
        assertThat(forwarded()).isEmpty();
    }

    @Test
    void theWireLayoutRoundTripsAndRejectsOtherBytesWithTheTopic() {
        AccessCounts c = new AccessCounts(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 999), 7L, 5L, 1L, 1L, 0L);
        AccessCountsSerde serde = new AccessCountsSerde();
        byte[] bytes = serde.serializer().serialize("t", c);
        assertThat(bytes).hasSize(AccessCountsSerde.SIZE);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(c);
        assertThatThrownBy(() -> serde.deserializer().deserialize("events-by-site", new byte[] {1, 2, 3}))
                .hasMessageContaining("events-by-site").hasMessageContaining("57 bytes");
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

    private List<AccessCounts> counts() {
        return forwarded().stream().map(r -> (AccessCounts) r.value()).toList();
    }
}
