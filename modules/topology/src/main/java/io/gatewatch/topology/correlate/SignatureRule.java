package io.gatewatch.topology.correlate;

import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.avro.UpstreamErrorKind;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A cause recognised by the upstream-failure signatures nginx writes, supported by PHP-FPM master-log
 * entries. Confidence grows with the share of the site's upstream errors that carry the signature
 * and with how many there are, so one refused connection among many resets does not win.
 */
public final class SignatureRule implements CauseRule {

    private final Cause cause;
    private final Set<UpstreamErrorKind> signatures;
    private final Set<FpmEventKind> fpmSupport;
    private final String summary;

    public SignatureRule(Cause cause, Set<UpstreamErrorKind> signatures, Set<FpmEventKind> fpmSupport,
                         String summary) {
        this.cause = Objects.requireNonNull(cause, "cause");
        this.signatures = Set.copyOf(signatures);
        this.fpmSupport = Set.copyOf(fpmSupport);
        this.summary = Objects.requireNonNull(summary, "summary");
    }

    @Override
    public Optional<CauseAssessment> assess(Signals signals) {
        EvidenceItems support = new EvidenceItems();
        EvidenceItems fpm = new EvidenceItems();
        long upstreamErrors = 0;
        java.time.Instant from = signals.onset().minus(signals.lookback());
        for (TelemetryEvent event : signals.events()) {
            if (event.getEventTime().isBefore(from)) {
                continue;
            }
            Object payload = event.getPayload();
            if (payload instanceof GatewayErrorEvent g) {
                if (g.getKind() != UpstreamErrorKind.OTHER) {
                    upstreamErrors++;
                }
                if (signatures.contains(g.getKind())) {
                    support.add("nginx.upstream." + g.getKind().name().toLowerCase(Locale.ROOT), event);
                }
            } else if (payload instanceof FpmEvent f && fpmSupport.contains(f.getKind())) {
                fpm.add("php-fpm." + f.getKind().name().toLowerCase(Locale.ROOT), event);
            }
        }
        if (support.isEmpty()) {
            return Optional.empty();
        }
        double share = (double) support.total() / Math.max(1, upstreamErrors);
        double volume = Math.min(1.0, support.total() / 5.0);
        double confidence = 0.35 + 0.45 * share * (0.5 + 0.5 * volume) + (fpm.isEmpty() ? 0.0 : 0.15);
        List<io.gatewatch.avro.Evidence> evidence = support.items();
        evidence.addAll(fpm.items());
        CauseAssessment a = new CauseAssessment();
        a.setCause(cause);
        a.setConfidence(round(Math.min(0.97, confidence)));
        a.setEvidence(evidence);
        a.setContraryEvidence(List.of());
        a.setSummary(String.format(Locale.ROOT, "%s (%d of %d upstream errors)", summary, support.total(),
                upstreamErrors));
        return Optional.of(a);
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }
}
