package io.gatewatch.topology.correlate;

import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.Evidence;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Root cause over symptom. A slow database holds workers and the pool saturates; a traffic spike
 * saturates the pool; a broken plugin crashes workers; memory pressure gets workers killed. When the
 * upstream cause is established, the symptom ranks below it, and its evidence is listed with the
 * root cause as supporting evidence.
 */
final class ChainResolver {

    /** root -> symptoms it explains */
    private static final Map<Cause, List<Cause>> CHAINS = new EnumMap<>(Cause.class);

    static {
        CHAINS.put(Cause.DATABASE_SLOW, List.of(Cause.PHP_FPM_SATURATED, Cause.PHP_FPM_WORKER_CRASH,
                Cause.HOST_RESOURCE_EXHAUSTION, Cause.UNKNOWN));
        CHAINS.put(Cause.TRAFFIC_SPIKE, List.of(Cause.PHP_FPM_SATURATED, Cause.HOST_RESOURCE_EXHAUSTION));
        CHAINS.put(Cause.PLUGIN_OR_THEME_FAULT, List.of(Cause.PHP_FPM_WORKER_CRASH, Cause.PHP_FPM_SATURATED));
        CHAINS.put(Cause.HOST_RESOURCE_EXHAUSTION, List.of(Cause.PHP_FPM_WORKER_CRASH, Cause.PHP_FPM_SATURATED));
        CHAINS.put(Cause.CACHE_FAILURE, List.of(Cause.PHP_FPM_WORKER_CRASH, Cause.PHP_FPM_SATURATED));
    }

    /** A root must be at least this sure to demote its symptoms. */
    static final double ROOT_THRESHOLD = 0.5;

    private ChainResolver() {
    }

    static List<CauseAssessment> resolve(List<CauseAssessment> found) {
        Map<Cause, CauseAssessment> byCause = new EnumMap<>(Cause.class);
        for (CauseAssessment a : found) {
            byCause.put(a.getCause(), a);
        }
        for (Map.Entry<Cause, List<Cause>> chain : CHAINS.entrySet()) {
            CauseAssessment root = byCause.get(chain.getKey());
            if (root == null || root.getConfidence() < ROOT_THRESHOLD) {
                continue;
            }
            for (Cause symptomCause : chain.getValue()) {
                CauseAssessment symptom = byCause.get(symptomCause);
                if (symptom == null || symptom == root) {
                    continue;
                }
                List<Evidence> evidence = new ArrayList<>(root.getEvidence());
                for (Evidence e : symptom.getEvidence()) {
                    if (evidence.stream().noneMatch(x -> x.getSignal().equals(e.getSignal()))) {
                        evidence.add(e);
                    }
                }
                root.setEvidence(evidence);
                double lifted = Math.max(root.getConfidence(), Math.min(0.97, symptom.getConfidence() + 0.05));
                root.setConfidence(Assessments.round(Math.min(0.97, lifted + 0.05)));
                symptom.setConfidence(Assessments.round(Math.min(symptom.getConfidence(), root.getConfidence() - 0.2)));
                symptom.setSummary(symptom.getSummary() + " - a consequence of " + root.getCause());
            }
        }
        return found;
    }
}
