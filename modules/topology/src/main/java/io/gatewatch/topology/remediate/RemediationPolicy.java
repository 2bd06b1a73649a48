package io.gatewatch.topology.remediate;

import io.gatewatch.avro.Action;
import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.CommandMode;
import io.gatewatch.avro.CommandRef;
import io.gatewatch.avro.Evidence;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentState;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.topology.RemediationConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether an incident gets a command now, and builds it. The topology proposes; this policy
 * holds back until the incident has lasted {@code waitFirst}, issues one command per action and
 * attempt, and sends risky actions for approval whatever the configured mode.
 */
public final class RemediationPolicy {

    private final RemediationConfig config;

    public RemediationPolicy(RemediationConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public Optional<RemediationCommand> propose(Incident incident, Instant now) {
        if (incident.getState() == IncidentState.RESOLVED || incident.getCauses().isEmpty()) {
            return Optional.empty();
        }
        if (now.isBefore(incident.getOpenedAt().plus(config.waitFirst()))) {
            return Optional.empty();
        }
        CauseAssessment top = incident.getCauses().get(0);
        Action action = ActionCatalog.firstAction(top.getCause());
        for (CommandRef ref : incident.getCommands()) {
            if (ref.getAction() == action) {
                return Optional.empty();
            }
        }
        int attempt = 1;
        String commandId = incident.getIncidentId() + "/" + action.name() + "/" + attempt;
        RemediationCommand cmd = new RemediationCommand();
        cmd.setCommandId(commandId);
        cmd.setIncidentId(incident.getIncidentId());
        cmd.setSite(incident.getSite());
        cmd.setHost(mostCitedHost(top));
        cmd.setAction(action);
        cmd.setParameters(parameters(incident, top));
        cmd.setMode(ActionCatalog.isRisky(action) ? CommandMode.APPROVAL : config.mode());
        cmd.setAttempt(attempt);
        cmd.setCause(top.getCause());
        cmd.setIssuedAt(now);
        cmd.setExpiresAt(now.plus(config.commandTtl()));
        cmd.setReason(top.getSummary());
        return Optional.of(cmd);
    }

    private static Map<String, String> parameters(Incident incident, CauseAssessment top) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("site", incident.getSite());
        if (top.getCause() == Cause.PHP_FPM_DOWN || top.getCause() == Cause.PHP_FPM_WORKER_CRASH) {
            String host = mostCitedHost(top);
            if (host != null) {
                params.put("host", host);
            }
        }
        return params;
    }

    /** The host that most evidence of the top cause came from; commands act on one host. */
    static String mostCitedHost(CauseAssessment top) {
        Map<String, Long> counts = new HashMap<>();
        for (Evidence e : top.getEvidence()) {
            if (e.getHost() != null) {
                counts.merge(e.getHost(), e.getCount(), Long::sum);
            }
        }
        return counts.entrySet().stream()
                .max(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(null);
    }
}
