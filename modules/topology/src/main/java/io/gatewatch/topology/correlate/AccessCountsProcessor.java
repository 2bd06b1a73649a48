package io.gatewatch.topology.correlate;

import io.gatewatch.avro.AccessCounts;
import io.gatewatch.avro.AccessCountsBatch;
import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.TelemetryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Reduces access lines to per-site, per-second {@link AccessCounts} before the by-site repartition, and sends
 * a site's seconds on together as one {@link AccessCountsBatch}: most sites serve a request or two a second,
 * so a record per site and second would still be a record per line. Everything else passes through.
 *
 * <p>Detection must not be delayed or skewed, so a site's pending counts are sent on, in order:
 * <ul>
 *   <li>with the line itself when it is a 502 or 504 (the line that may cross a threshold, counted together
 *       with every request before it);</li>
 *   <li>before any other event of the site;</li>
 *   <li>once a second of wall-clock, so that a live site's counts are at most a second late;</li>
 *   <li>at stream-time ticks ({@link #STREAM_TIME_FLUSH}), those whose first second is a tick or more
 *       behind stream time, or when a site's batch spans {@link #MAX_SECONDS} seconds, which bounds how
 *       late they are when data is replayed or caught up faster than real time (a younger batch is left to
 *       fill: every batch is a repartitioned record and a correlator write).</li>
 * </ul>
 * The pending counts live in a cached, changelogged store: the cache absorbs the per-line updates and writes
 * one changelog record per site per commit, and a crash loses no count (exactly-once). An in-memory copy of
 * the store's contents answers the per-line reads, as nothing else writes the store.
 */
public final class AccessCountsProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    static final Duration WALL_CLOCK_FLUSH = Duration.ofSeconds(1);
    static final Duration STREAM_TIME_FLUSH = Duration.ofSeconds(10);
    static final int MAX_SECONDS = 10;

    private final String storeName;
    private final Map<String, AccessCountsBatch> bySite = new HashMap<>();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccessCountsBatch> pending;

    public AccessCountsProcessor(String storeName) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.pending = context.getStateStore(storeName);
        // init runs again when a corrupted task is revived: the store was restored, so only it is to be trusted
        bySite.clear();
        try (KeyValueIterator<String, AccessCountsBatch> it = pending.all()) {
            it.forEachRemaining(kv -> bySite.put(kv.key, kv.value));
        }
        context.schedule(WALL_CLOCK_FLUSH, PunctuationType.WALL_CLOCK_TIME, now -> flushAll());
        context.schedule(STREAM_TIME_FLUSH, PunctuationType.STREAM_TIME, this::flushOlderThanATick);
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
            flush(site);
        }
        context.forward(record);
    }

    private void count(String site, int status, long eventTime) {
        long second = eventTime - Math.floorMod(eventTime, 1000L);
        AccessCountsBatch batch = bySite.get(site);
        if (batch == null) {
            batch = new AccessCountsBatch(new ArrayList<>(4), Instant.ofEpochMilli(eventTime));
            bySite.put(site, batch);
        }
        AccessCounts counts = secondOf(batch, second, eventTime);
        counts.setRequests(counts.getRequests() + 1);
        if (status >= 200 && status < 300) {
            counts.setOk(counts.getOk() + 1);
        } else if (status >= 500 && status < 600) {
            counts.setServerErrors(counts.getServerErrors() + 1);
        }
        if (eventTime > counts.getLastEventTime().toEpochMilli()) {
            counts.setLastEventTime(Instant.ofEpochMilli(eventTime));
        }
        if (eventTime > batch.getLastEventTime().toEpochMilli()) {
            batch.setLastEventTime(Instant.ofEpochMilli(eventTime));
        }
        if (status == 502 || status == 504) {
            if (status == 502) {
                counts.setBadGateway(counts.getBadGateway() + 1);
            } else {
                counts.setGatewayTimeout(counts.getGatewayTimeout() + 1);
            }
            // the gateway error is the last line of the batch and its own time is the incident's clock
            counts.setLastEventTime(Instant.ofEpochMilli(eventTime));
            batch.setLastEventTime(Instant.ofEpochMilli(eventTime));
            flush(site);
        } else if (batch.getSeconds().size() >= MAX_SECONDS) {
            flush(site);
        } else {
            pending.put(site, batch);
        }
    }

    /** The batch's entry for {@code second}, added if the batch has none; lines mostly arrive in order. */
    private static AccessCounts secondOf(AccessCountsBatch batch, long second, long eventTime) {
        List<AccessCounts> seconds = batch.getSeconds();
        for (int i = seconds.size() - 1; i >= 0; i--) {
            AccessCounts c = seconds.get(i);
            if (c.getSecond().toEpochMilli() == second) {
                return c;
            }
        }
        AccessCounts c = new AccessCounts(Instant.ofEpochMilli(second), Instant.ofEpochMilli(eventTime), 0L, 0L, 0L, 0L, 0L);
        seconds.add(c);
        return c;
    }

    private void flush(String site) {
        AccessCountsBatch batch = bySite.remove(site);
        if (batch == null) {
            return;
        }
        if (wasStored(batch)) {
            pending.delete(site);
        }
        context.forward(new Record<>(site, batch, batch.getLastEventTime().toEpochMilli()));
    }

    /**
     * Every line is stored except a gateway error, which goes on at once: a batch of that one line never
     * reached the store, and deleting it would only write a tombstone to the changelog.
     */
    private static boolean wasStored(AccessCountsBatch batch) {
        if (batch.getSeconds().size() > 1) {
            return true;
        }
        AccessCounts only = batch.getSeconds().get(0);
        return only.getRequests() > 1 || only.getBadGateway() + only.getGatewayTimeout() == 0;
    }

    private void flushOlderThanATick(long streamTime) {
        for (String site : new ArrayList<>(bySite.keySet())) {
            long first = bySite.get(site).getSeconds().get(0).getSecond().toEpochMilli();
            if (first + STREAM_TIME_FLUSH.toMillis() <= streamTime) {
                flush(site);
            }
        }
    }

    private void flushAll() {
        for (String site : new ArrayList<>(bySite.keySet())) {
            flush(site);
        }
    }
}
