package io.gatewatch.topology.correlate;

import io.gatewatch.avro.Evidence;
import io.gatewatch.avro.TelemetryEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects evidence per signal: the first matching line is kept as the excerpt and later ones only
 * counted, so that an incident with ten thousand refused connections stays a small record.
 */
final class EvidenceItems {

    private final Map<String, Evidence> bySignal = new LinkedHashMap<>();

    void add(String signal, TelemetryEvent event) {
        Evidence existing = bySignal.get(signal);
        if (existing != null) {
            existing.setCount(existing.getCount() + 1);
            return;
        }
        bySignal.put(signal, new Evidence(signal, event.getSource(), event.getEventTime(), event.getHost(),
                event.getExcerpt(), 1L));
    }

    /** A figure derived from counters rather than read from one line. */
    void derived(String signal, java.time.Instant at, String text) {
        bySignal.putIfAbsent(signal, new Evidence(signal, null, at, null, text, 1L));
    }

    void addAll(java.util.Collection<Evidence> items) {
        for (Evidence e : items) {
            bySignal.putIfAbsent(e.getSignal(), e);
        }
    }

    long count(String signal) {
        Evidence e = bySignal.get(signal);
        return e == null ? 0 : e.getCount();
    }

    boolean isEmpty() {
        return bySignal.isEmpty();
    }

    long total() {
        long n = 0;
        for (Evidence e : bySignal.values()) {
            n += e.getCount();
        }
        return n;
    }

    List<Evidence> items() {
        return new ArrayList<>(bySignal.values());
    }
}
