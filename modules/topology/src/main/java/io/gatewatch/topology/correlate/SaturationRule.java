package io.gatewatch.topology.correlate;

import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import java.util.List;
import java.util.Optional;

/**
 * The PHP-FPM pool is full: nginx gets "Resource temporarily unavailable", FPM reports
 * max_children reached or a busy pool, the status page shows a listen queue. On its own this is the
 * cause; behind a slow database or a traffic spike it is a symptom ({@link ChainResolver}).
 */
final class SaturationRule implements CauseRule {

    @Override
    public Optional<CauseAssessment> assess(Signals s) {
        EvidenceItems items = TrafficSpikeRule.saturationEvidence(s);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        boolean nginxSaw = items.count("nginx.upstream.resource_unavailable") > 0;
        boolean fpmSaw = items.total() > items.count("nginx.upstream.resource_unavailable");
        double confidence = 0.4 + (nginxSaw ? 0.2 : 0.0) + (fpmSaw ? 0.2 : 0.0)
                + 0.1 * Assessments.saturation(items.total(), 10);
        return Optional.of(Assessments.of(Cause.PHP_FPM_SATURATED, confidence, items.items(), List.of(),
                "The PHP-FPM pool is full and new requests are refused or queue"));
    }
}
