package io.gatewatch.topology.correlate;

import io.gatewatch.avro.IncidentKind;
import io.gatewatch.avro.TelemetryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the correlator knows about one site around an incident's onset: the non-access events from
 * well before the onset (changes are looked for further back than failure signatures), the request
 * counters of the detection window, the request rate now and its baseline, and the CDN edge's view.
 *
 * @param site        the site
 * @param kind        502 or 504 incident
 * @param onset       when the burst started (first gateway error of the window)
 * @param lookback    how far before the onset failure signatures count
 * @param events      non-access events, event-time order, from up to the change lookback before onset
 * @param window      origin request counters of the detection window
 * @param currentRps  origin requests per second over the last minute
 * @param baselineRps EWMA of the origin request rate before the incident (0 when unknown)
 * @param edge        CDN edge counters of the detection window (zero when the site has no CDN logs)
 */
public record Signals(String site, IncidentKind kind, Instant onset, Duration lookback, List<TelemetryEvent> events,
                      TrafficCounts window, double currentRps, double baselineRps, TrafficCounts edge) {

    public Signals {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(onset, "onset");
        Objects.requireNonNull(lookback, "lookback");
        events = List.copyOf(events);
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(edge, "edge");
    }

    /** Convenience for tests and rules that need no rates. */
    public Signals(String site, IncidentKind kind, Instant onset, List<TelemetryEvent> events, TrafficCounts window) {
        this(site, kind, onset, Duration.ofMinutes(2), events, window, 0, 0, TrafficCounts.ZERO);
    }

    /** Events of a payload type from the failure-signature lookback on. */
    public <T> List<Matched<T>> recent(Class<T> type) {
        return since(type, onset.minus(lookback));
    }

    /** Events of a payload type at or after {@code from}. */
    public <T> List<Matched<T>> since(Class<T> type, Instant from) {
        List<Matched<T>> out = new ArrayList<>();
        for (TelemetryEvent e : events) {
            if (type.isInstance(e.getPayload()) && !e.getEventTime().isBefore(from)) {
                out.add(new Matched<>(e, type.cast(e.getPayload())));
            }
        }
        return out;
    }

    /** Ratio of the current request rate to the baseline; 1 when no baseline is known. */
    public double rateRatio() {
        return baselineRps <= 0 ? 1.0 : currentRps / baselineRps;
    }

    /** An event and its typed payload. */
    public record Matched<T>(TelemetryEvent event, T payload) {
    }
}
