package io.gatewatch.topology.correlate;

import io.gatewatch.avro.TelemetryEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The evidence store, with a deserialized copy of the evidence of sites whose incidents are being scored.
 * An open incident is re-scored up to once a second of event time, each time over its whole lookback:
 * reading and decoding that from RocksDB every time was most of the cost of scoring. The copy is made on
 * the first scoring, kept in step by every write (all go through here, and only the owning task writes),
 * and dropped when the site has no open incident; so it never holds anything the store does not.
 */
final class EvidenceCache {

    /** A storm of more events than this is scored from the store rather than held on the heap. */
    static final int MAX_EVENTS_PER_SITE = 20_000;

    private final WindowStore<String, TelemetryEvent> store;
    private final Map<String, SiteEvidence> bySite = new HashMap<>();

    EvidenceCache(WindowStore<String, TelemetryEvent> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    void put(String site, TelemetryEvent event, long timestamp) {
        store.put(site, event, timestamp);
        SiteEvidence cached = bySite.get(site);
        if (cached != null && !cached.add(timestamp, event)) {
            bySite.remove(site);
        }
    }

    /** The site's events with times in [from, to], oldest first, as the store would return them. */
    List<TelemetryEvent> fetch(String site, long from, long to) {
        SiteEvidence cached = bySite.get(site);
        if (cached == null || cached.from > from) {
            cached = load(site, from);
            if (cached == null) {
                return fetchFromStore(site, from, to);
            }
            bySite.put(site, cached);
        }
        return cached.between(from, to);
    }

    void forget(String site) {
        bySite.remove(site);
    }

    int cachedSites() {
        return bySite.size();
    }

    private SiteEvidence load(String site, long from) {
        SiteEvidence loaded = new SiteEvidence(from);
        try (WindowStoreIterator<TelemetryEvent> it = store.fetch(site, from, Long.MAX_VALUE)) {
            while (it.hasNext()) {
                KeyValue<Long, TelemetryEvent> kv = it.next();
                if (!loaded.add(kv.key, kv.value)) {
                    return null;
                }
            }
        }
        return loaded;
    }

    private List<TelemetryEvent> fetchFromStore(String site, long from, long to) {
        List<TelemetryEvent> events = new ArrayList<>();
        try (WindowStoreIterator<TelemetryEvent> it = store.fetch(site, from, to)) {
            while (it.hasNext()) {
                events.add(it.next().value);
            }
        }
        return events;
    }

    /** Events of one site from {@code from} on, in time order; equal times in the order they were written. */
    private static final class SiteEvidence {

        final long from;
        private long[] times = new long[16];
        private final List<TelemetryEvent> events = new ArrayList<>();

        SiteEvidence(long from) {
            this.from = from;
        }

        /** False when the site has more events than are held in memory. */
        boolean add(long time, TelemetryEvent event) {
            if (time < from) {
                return true;
            }
            int n = events.size();
            if (n >= MAX_EVENTS_PER_SITE) {
                return false;
            }
            if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
            }
            // after every event of the same or an earlier time; almost always at the end
            int at = n;
            while (at > 0 && times[at - 1] > time) {
                at--;
            }
            System.arraycopy(times, at, times, at + 1, n - at);
            times[at] = time;
            events.add(at, event);
            return true;
        }

        List<TelemetryEvent> between(long from, long to) {
            int start = firstAtOrAfter(from);
            int end = firstAtOrAfter(to == Long.MAX_VALUE ? to : to + 1);
            return new ArrayList<>(events.subList(start, Math.max(start, end)));
        }

        private int firstAtOrAfter(long time) {
            int lo = 0;
            int hi = events.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] < time) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
