package io.gatewatch.topology.correlate;

import io.gatewatch.avro.CdnEvent;
import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Errors at the CDN edge (502, 520–524) while the origin answers normally: the origin's own access
 * log shows few errors, or the edge reports the origin's status as fine, or the errors come from a
 * few edge locations only.
 */
final class CdnRule implements CauseRule {

    @Override
    public Optional<CauseAssessment> assess(Signals s) {
        EvidenceItems items = new EvidenceItems();
        Map<String, Long> byColo = new HashMap<>();
        long edgeErrors = 0;
        long originFine = 0;
        String zone = null;
        for (Signals.Matched<CdnEvent> m : s.recent(CdnEvent.class)) {
            CdnEvent c = m.payload();
            if (!isEdgeError(c.getEdgeStatus())) {
                continue;
            }
            edgeErrors++;
            items.add("cdn.edge_" + c.getEdgeStatus(), m.event());
            if (c.getColo() != null) {
                byColo.merge(c.getColo(), 1L, Long::sum);
            }
            if (c.getOriginStatus() != null && c.getOriginStatus() >= 200 && c.getOriginStatus() < 500) {
                originFine++;
            }
            if (zone == null) {
                zone = c.getZone();
            }
        }
        if (edgeErrors == 0) {
            return Optional.empty();
        }
        double originErrorShare = s.window().requests() == 0 ? 0.0
                : (double) s.window().serverErrors() / s.window().requests();
        boolean originHealthy = s.window().requests() > 0 && originErrorShare < 0.05;
        long topColo = byColo.values().stream().mapToLong(Long::longValue).max().orElse(0);
        boolean concentrated = byColo.size() > 0 && byColo.size() <= 2 && topColo >= edgeErrors / 2;
        items.derived("access.origin_error_share", s.onset(), String.format(Locale.ROOT,
                "origin: %d of %d requests failed in the window", s.window().serverErrors(), s.window().requests()));
        double confidence = 0.3 + (originHealthy ? 0.35 : 0.0) + (originFine > 0 ? 0.15 : 0.0)
                + (concentrated ? 0.1 : 0.0) + 0.1 * Assessments.saturation(edgeErrors, 20);
        List<io.gatewatch.avro.Evidence> contrary = List.of();
        if (!originHealthy && s.window().requests() > 0) {
            EvidenceItems c = new EvidenceItems();
            c.derived("access.origin_errors", s.onset(), String.format(Locale.ROOT,
                    "the origin itself fails %.0f%% of requests", originErrorShare * 100));
            contrary = c.items();
            confidence -= 0.25;
        }
        return Optional.of(Assessments.of(Cause.CDN_EDGE, confidence, items.items(), contrary,
                "The CDN edge fails while the origin answers" + (concentrated ? " (in " + byColo.keySet() + ")" : ""),
                zone));
    }

    static boolean isEdgeError(int status) {
        return status == 502 || status == 504 || (status >= 520 && status <= 524) || status == 530;
    }
}
