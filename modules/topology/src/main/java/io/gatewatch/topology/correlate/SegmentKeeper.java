package io.gatewatch.topology.correlate;

import io.gatewatch.avro.MetricSample;
import io.gatewatch.avro.SourceRef;
import io.gatewatch.avro.TelemetryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Keeps a live segment in each of the correlator's window stores. Under exactly-once, Kafka Streams 4.3 keeps a
 * store's committed changelog offset inside the store, and a segmented (window) store keeps it in its segments:
 * one with no segment, never written or with every segment expired, has no offset after a clean shutdown, and
 * the next start of its task declares the whole task corrupted, wipes every store of it and restores them
 * from their changelogs (ProcessorStateManager.initializeStoreOffsets). A store such as the CDN edge counters
 * of sites without a CDN is never written, so that happened on every restart, and on every move of a task
 * between stream threads. A record under {@link #KEY}, which is no site's or command's key, written at
 * most once per {@link #INTERVAL} of stream time (the correlator asks every wall-clock second), keeps a
 * segment alive; the windowed reads never ask for that key.
 */
final class SegmentKeeper {

    static final String KEY = "\u0000gatewatch-segment-keeper";
    static final Duration INTERVAL = Duration.ofMinutes(1);

    private final List<WindowStore<String, ?>> unique;
    private final WindowStore<String, TelemetryEvent> duplicates;
    private long lastKept = Long.MIN_VALUE;

    /**
     * @param unique     window stores without duplicates: a delete (a null put) opens the segment
     * @param duplicates the evidence store, which keeps duplicates and ignores deletes: it gets a marker event
     */
    SegmentKeeper(List<WindowStore<String, ?>> unique, WindowStore<String, TelemetryEvent> duplicates) {
        this.unique = List.copyOf(Objects.requireNonNull(unique, "unique"));
        this.duplicates = Objects.requireNonNull(duplicates, "duplicates");
    }

    /** Writes the keeper records at {@code streamTime} if the last were written an interval ago or never. */
    void keep(long streamTime) {
        if (lastKept != Long.MIN_VALUE && streamTime - lastKept < INTERVAL.toMillis()) {
            return;
        }
        lastKept = streamTime;
        for (WindowStore<String, ?> store : unique) {
            store.put(KEY, null, streamTime);
        }
        duplicates.put(KEY, marker(streamTime), streamTime);
    }

    static TelemetryEvent marker(long time) {
        return TelemetryEvent.newBuilder()
                .setEventTime(Instant.ofEpochMilli(time))
                .setSite(null)
                .setHost(null)
                .setSourceType("gatewatch")
                .setSource(new SourceRef("", -1, -1L))
                .setExcerpt("keeps a segment of the store alive")
                .setPayload(new MetricSample("gatewatch.segment-keeper", Map.of(), Map.of()))
                .build();
    }
}
