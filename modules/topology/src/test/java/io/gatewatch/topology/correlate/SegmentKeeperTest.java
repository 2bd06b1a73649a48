package io.gatewatch.topology.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClients;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

class SegmentKeeperTest {

    @Test
    void writesAtMostOncePerIntervalAndItsMarkerEncodes() {
        MockProcessorContext<String, Object> context = new MockProcessorContext<>();
        Serde<TelemetryEvent> serde = GatewatchSerdes.of(TelemetryEvent.class,
                SchemaRegistryClients.forUrl("mock://" + UUID.randomUUID()), false);
        WindowStore<String, TelemetryEvent> evidence = Stores.windowStoreBuilder(Stores.inMemoryWindowStore(
                StoreNames.EVIDENCE, Duration.ofHours(1), Duration.ofMillis(1), true), Serdes.String(), serde)
                .withLoggingDisabled().build();
        evidence.init(context.getStateStoreContext(), evidence);
        WindowStore<String, TrafficBlock> traffic = Stores.windowStoreBuilder(Stores.inMemoryWindowStore(
                StoreNames.TRAFFIC, Duration.ofHours(1), Duration.ofSeconds(10), false), Serdes.String(), new TrafficBlockSerde())
                .withLoggingDisabled().build();
        traffic.init(context.getStateStoreContext(), traffic);
        SegmentKeeper keeper = new SegmentKeeper(List.of(traffic), evidence);

        keeper.keep(0);
        keeper.keep(30_000);
        keeper.keep(61_000);
        try (WindowStoreIterator<TelemetryEvent> it = evidence.fetch(SegmentKeeper.KEY, 0, 120_000)) {
            assertThat(it).toIterable().extracting(kv -> kv.key).containsExactly(0L, 61_000L);
        }
        // the marker goes through the evidence store's serde (Avro, registry), as the changelog needs
        TelemetryEvent marker = SegmentKeeper.marker(61_000);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", marker))).isEqualTo(marker);
        assertThat(SegmentKeeper.KEY).doesNotContain(".").startsWith("\u0000");
    }
}
