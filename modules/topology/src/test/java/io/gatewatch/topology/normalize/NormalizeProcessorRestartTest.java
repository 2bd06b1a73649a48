package io.gatewatch.topology.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.DeadLetter;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.Site;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.model.InputHeaders;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClients;
import io.gatewatch.topology.correlate.StoreNames;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/** A processor started on a store that holds an open entry (a restart, a task moved) carries on with it. */
class NormalizeProcessorRestartTest {

    private static final long T0 = Instant.parse("2026-11-25T09:11:25Z").toEpochMilli();
    private static final NormalizeSettings SETTINGS = new NormalizeSettings(ZoneId.of("UTC"), 4096, 50,
            Duration.ofSeconds(2), StoreNames.PENDING_ENTRIES, StoreNames.INVENTORY);

    private final MockProcessorContext<String, SpecificRecord> context = new MockProcessorContext<>();
    private long offset;

    @Test
    void aRestartedProcessorJoinsContinuationLinesToTheEntryItsStoreHolds() {
        KeyValueStore<String, PendingEntry> pending = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.PENDING_ENTRIES), Serdes.String(), new PendingEntrySerde())
                .withLoggingDisabled().build();
        KeyValueStore<String, Site> inventory = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.INVENTORY),
                        Serdes.String(), GatewatchSerdes.of(Site.class,
                                SchemaRegistryClients.forUrl("mock://" + UUID.randomUUID()), false))
                .withLoggingDisabled().build();
        pending.init(context.getStateStoreContext(), pending);
        inventory.init(context.getStateStoreContext(), inventory);
        context.addStateStore(pending);
        context.addStateStore(inventory);

        NormalizeProcessor before = new NormalizeProcessor(SETTINGS);
        before.init(context);
        send(before, "2026/11/25 09:11:25 [error] 22132#22132: *11 FastCGI sent in stderr: \"PHP message: PHP Fatal "
                + "error:  Uncaught Error: Call to undefined function f() in /var/www/html/wp-content/plugins/x/cart.php:3");
        assertThat(events()).as("held back: the entry may continue").isEmpty();
        assertThat(pending.approximateNumEntries()).isEqualTo(1);

        NormalizeProcessor after = new NormalizeProcessor(SETTINGS);
        after.init(context);
        send(after, "Stack trace:");
        send(after, "#0 {main}");
        send(after, "  thrown in /var/www/html/wp-content/plugins/x/cart.php on line 3\" while reading response header "
                + "from upstream, client: 127.0.0.1, server: shop.example.test, request: \"GET / HTTP/1.1\", upstream: "
                + "\"fastcgi://127.0.0.1:9071\", host: \"shop.example.test\"");

        List<Object> out = context.forwarded().stream().map(f -> (Object) f.record().value()).toList();
        assertThat(out).noneMatch(DeadLetter.class::isInstance);
        assertThat(events()).singleElement().satisfies(event -> {
            assertThat(((GatewayErrorEvent) event.getPayload()).getPhpMessage())
                    .contains("Uncaught Error").contains("Stack trace:\n#0 {main}");
            assertThat(event.getSource().getOffset()).as("evidence points at the first line").isZero();
        });
        assertThat(pending.approximateNumEntries()).isZero();
    }

    private void send(NormalizeProcessor processor, String line) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(InputHeaders.SOURCE, "nginx-error".getBytes(StandardCharsets.UTF_8));
        headers.add(InputHeaders.HOST, "web-1".getBytes(StandardCharsets.UTF_8));
        context.setRecordMetadata(Topics.LOGS, 0, offset++);
        context.setCurrentSystemTimeMs(T0);
        processor.process(new Record<>(null, line.getBytes(StandardCharsets.UTF_8), T0, headers));
    }

    private List<TelemetryEvent> events() {
        return context.forwarded().stream().map(f -> f.record().value()).filter(TelemetryEvent.class::isInstance)
                .map(TelemetryEvent.class::cast).toList();
    }
}
