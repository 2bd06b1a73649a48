package io.gatewatch.topology.correlate;

import io.gatewatch.avro.AccessCounts;
import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.TelemetryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reduces access lines to per-site, per-second {@link AccessCounts} before the by-site repartition, so that
 * the bulk of the telemetry (access lines) crosses the repartition topic and reaches the correlator as one
 * small record per site and second instead of one Avro event per line. Everything else passes through.
 *
 * <p>Detection must not be delayed or skewed, so a site's pending counts are sent on, in order:
 * <ul>
 *   <li>with the line itself when it is a 502 or 504 (the line that may cross a threshold, counted together
 *       with every request before it);</li>
 *   <li>when a line of another second arrives for the site, and before any other event of the site;</li>
 *   <li>at least once a second of wall-clock and of stream time, so that quiet sites' counts arrive too.</li>
 * </ul>
 * The pending counts live in a cached, changelogged store: the cache absorbs the per-line updates and writes
 * one changelog record per site per commit, and a crash loses no count (exactly-once).
 */
public final class AccessCountsProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

    private final String storeName;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccessCounts> pending;

    public AccessCountsProcessor(String storeName) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.pending = context.getStateStore(storeName);
        context.schedule(FLUSH_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> flushAll());
        context.schedule(FLUSH_INTERVAL, PunctuationType.STREAM_TIME, now -> flushAll());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        String site = record.key();
        if (site != null && record.value() instanceof TelemetryEvent event
                && event.getPayload() instanceof AccessEvent access) {
            count(site, access.getStatus(), event.getEventTime().toEpochMilli());
            return;
        }
        if (site != null) {
            flush(site, pending.get(site), true);
        }
        context.forward(record);
    }

    private void count(String site, int status, long eventTime) {
        long second = eventTime - Math.floorMod(eventTime, 1000L);
        AccessCounts counts = pending.get(site);
        boolean stored = counts != null;
        if (counts != null && counts.getSecond().toEpochMilli() != second) {
            flush(site, counts, true);
            counts = null;
            stored = false;
        }
        if (counts == null) {
            counts = new AccessCounts(Instant.ofEpochMilli(second), Instant.ofEpochMilli(eventTime), 0L, 0L, 0L, 0L, 0L);
        }
        counts.setRequests(counts.getRequests() + 1);
        if (status >= 200 && status < 300) {
            counts.setOk(counts.getOk() + 1);
        } else if (status >= 500 && status < 600) {
            counts.setServerErrors(counts.getServerErrors() + 1);
        }
        if (eventTime > counts.getLastEventTime().toEpochMilli()) {
            counts.setLastEventTime(Instant.ofEpochMilli(eventTime));
        }
        if (status == 502 || status == 504) {
            if (status == 502) {
                counts.setBadGateway(counts.getBadGateway() + 1);
            } else {
                counts.setGatewayTimeout(counts.getGatewayTimeout() + 1);
            }
            // the gateway error is the last line of these counts and its own time is the incident's clock
            counts.setLastEventTime(Instant.ofEpochMilli(eventTime));
            flush(site, counts, stored);
        } else {
            pending.put(site, counts);
        }
    }

    private void flush(String site, AccessCounts counts, boolean stored) {
        if (counts == null) {
            return;
        }
        if (stored) {
            pending.delete(site);
        }
        context.forward(new Record<>(site, counts, counts.getLastEventTime().toEpochMilli()));
    }

    private void flushAll() {
        List<KeyValue<String, AccessCounts>> all = new ArrayList<>();
        try (KeyValueIterator<String, AccessCounts> it = pending.all()) {
            it.forEachRemaining(all::add);
        }
        for (KeyValue<String, AccessCounts> kv : all) {
            flush(kv.key, kv.value, true);
        }
    }
}
