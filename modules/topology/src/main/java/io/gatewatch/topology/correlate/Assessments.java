package io.gatewatch.topology.correlate;

import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.Evidence;
import java.util.List;

/** Builds assessments with confidences clamped and rounded, so rankings are stable across replays. */
final class Assessments {

    private Assessments() {
    }

    static CauseAssessment of(Cause cause, double confidence, List<Evidence> evidence, List<Evidence> contrary,
                              String summary) {
        return of(cause, confidence, evidence, contrary, summary, null);
    }

    static CauseAssessment of(Cause cause, double confidence, List<Evidence> evidence, List<Evidence> contrary,
                              String summary, String subject) {
        CauseAssessment a = new CauseAssessment();
        a.setCause(cause);
        a.setConfidence(round(Math.max(0.01, Math.min(0.97, confidence))));
        a.setEvidence(List.copyOf(evidence));
        a.setContraryEvidence(List.copyOf(contrary));
        a.setSummary(summary);
        a.setSubject(subject);
        return a;
    }

    static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    /** 0 for n = 0, approaching 1 as n reaches {@code full}. */
    static double saturation(long n, long full) {
        return Math.min(1.0, (double) n / Math.max(1, full));
    }
}
