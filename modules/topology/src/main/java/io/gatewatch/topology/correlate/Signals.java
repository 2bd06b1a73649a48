package io.gatewatch.topology.correlate;

import io.gatewatch.avro.IncidentKind;
import io.gatewatch.avro.TelemetryEvent;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the correlator knows about one site around an incident's onset: the non-access events of the
 * lookback window, in event-time order, and the request counters of the detection window.
 */
public record Signals(String site, IncidentKind kind, Instant onset, List<TelemetryEvent> events,
                      TrafficCounts window) {

    public Signals {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(onset, "onset");
        events = List.copyOf(events);
        Objects.requireNonNull(window, "window");
    }
}
