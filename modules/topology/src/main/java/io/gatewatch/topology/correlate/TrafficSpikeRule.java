package io.gatewatch.topology.correlate;

import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.MetricSample;
import io.gatewatch.avro.UpstreamErrorKind;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A request rate far above the site's baseline, with the pool saturating or the host under pressure.
 * When the pool saturates at a normal rate, the assessment is kept with a low confidence and the rate
 * as contrary evidence, so that a reader sees why it is not a spike.
 */
final class TrafficSpikeRule implements CauseRule {

    static final double SPIKE_FACTOR = 2.0;

    @Override
    public Optional<CauseAssessment> assess(Signals s) {
        EvidenceItems pressure = saturationEvidence(s);
        double ratio = s.rateRatio();
        String rate = String.format(Locale.ROOT, "request rate %.1f/s, baseline %.1f/s (x%.1f)", s.currentRps(),
                s.baselineRps(), ratio);
        EvidenceItems rateItem = new EvidenceItems();
        rateItem.derived("access.request_rate", s.onset(), rate);
        if (s.baselineRps() > 0 && ratio >= SPIKE_FACTOR) {
            double confidence = 0.45 + 0.2 * Math.min(1.0, (ratio - SPIKE_FACTOR) / SPIKE_FACTOR)
                    + (pressure.isEmpty() ? 0.0 : 0.3);
            List<io.gatewatch.avro.Evidence> evidence = rateItem.items();
            evidence.addAll(pressure.items());
            return Optional.of(Assessments.of(Cause.TRAFFIC_SPIKE, confidence, evidence, List.of(),
                    "Traffic far above the site's baseline: " + rate));
        }
        if (!pressure.isEmpty() && s.baselineRps() > 0) {
            return Optional.of(Assessments.of(Cause.TRAFFIC_SPIKE, 0.05, List.of(), rateItem.items(),
                    "Not a traffic spike: the pool saturates at a normal rate (" + rate + ")"));
        }
        return Optional.empty();
    }

    /** Pool saturation and host pressure: what a spike would cause. */
    static EvidenceItems saturationEvidence(Signals s) {
        EvidenceItems items = new EvidenceItems();
        for (Signals.Matched<GatewayErrorEvent> m : s.recent(GatewayErrorEvent.class)) {
            if (m.payload().getKind() == UpstreamErrorKind.RESOURCE_UNAVAILABLE) {
                items.add("nginx.upstream.resource_unavailable", m.event());
            }
        }
        for (Signals.Matched<FpmEvent> m : s.recent(FpmEvent.class)) {
            if (m.payload().getKind() == FpmEventKind.MAX_CHILDREN_REACHED || m.payload().getKind() == FpmEventKind.SEEMS_BUSY) {
                items.add("php-fpm." + m.payload().getKind().name().toLowerCase(Locale.ROOT), m.event());
            }
        }
        for (Signals.Matched<MetricSample> m : s.recent(MetricSample.class)) {
            if ("phpfpm".equals(m.payload().getName())) {
                Double queue = m.payload().getFields().get("listen_queue");
                Double reached = m.payload().getFields().get("max_children_reached");
                if ((queue != null && queue > 0) || (reached != null && reached > 0)) {
                    items.add("phpfpm.listen_queue", m.event());
                }
            }
        }
        return items;
    }
}
