package io.gatewatch.topology.remediate;

import io.gatewatch.avro.Action;
import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.CommandMode;
import io.gatewatch.avro.CommandRef;
import io.gatewatch.avro.Evidence;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentState;
import io.gatewatch.avro.IncidentTransition;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.avro.RemediationResult;
import io.gatewatch.avro.ResultStatus;
import io.gatewatch.topology.RemediationConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * The incident's side of remediation, run inside the correlator's task where the incident lives.
 *
 * <ul>
 *   <li><b>Wait first</b>: nothing is proposed until the incident has lasted {@code wait.first} (event time)
 *       with its gateway errors still above the detection thresholds within the last detection window;
 *       a burst that healed by itself meanwhile gets no command.</li>
 *   <li><b>The ladder</b>: the first step of the top cause's ladder ({@link ActionCatalog#ladder}); then,
 *       when a step <b>succeeded</b> but the gateway errors were still above the detection thresholds in the
 *       second half of the {@code verify.window} that follows its finish (or came back later while the
 *       incident is still open), or when a step <b>failed</b>, the next step. Nothing follows a dry run
 *       (nothing ran, so there is nothing to verify), an operator's rejection, or a ladder's last step.</li>
 *   <li><b>Expiry</b>: a command unanswered when it expires ({@code command.ttl}) is marked SKIPPED_EXPIRED and
 *       its step is proposed again (attempt + 1), so that a command the guardrails held for approval is
 *       re-evaluated; a result reported after expiry is recorded and triggers nothing.</li>
 *   <li><b>Fold-back</b>: issued commands and agents' results update the incident's {@code commands}; the
 *       incident is MITIGATING while an EXECUTE command runs or after the latest command succeeded.</li>
 * </ul>
 *
 * Command ids are {@code incidentId/ACTION/attempt}, attempt counting the commands of that action for the
 * incident (RemediationCommand.attempt). The policy only proposes, in the configured mode; the
 * remediation stage ({@link RemediateProcessor}) decides the final mode (risky actions, guardrails) and
 * issues. A proposal is sent again if its command has not come back within {@link #RESEND_AFTER} of
 * stream time; the stage ignores ids it already decided. Host-level actions name the host most of the
 * cause's evidence came from; parameters taken from data (slugs, server names) must match strict patterns.
 */
public final class RemediationPolicy {

    /** A proposal whose issued command has not come back by then is sent again (stream time). */
    static final long RESEND_AFTER_MS = 30_000;
    static final Duration RESEND_AFTER = Duration.ofMillis(RESEND_AFTER_MS);
    private static final int MAX_PENDING = 10_000;

    private final RemediationConfig config;
    private final Duration errorWindow;
    /** Proposals sent and not yet seen back, by incident id. Only saves resending; lost on restart, harmlessly. */
    private final Map<String, Pending> pending = new HashMap<>();

    private record Pending(RemediationCommand command, int commandsSeen, long sentAt) {
    }

    private record Step(Action action, String reason) {
    }

    /**
     * @param config      remediation settings
     * @param errorWindow the detection window: an incident whose last gateway error above the thresholds is
     *                    older than this has stopped failing for now
     */
    public RemediationPolicy(RemediationConfig config, Duration errorWindow) {
        this.config = Objects.requireNonNull(config, "config");
        this.errorWindow = Objects.requireNonNull(errorWindow, "errorWindow");
    }

    public RemediationConfig config() {
        return config;
    }

    /** The command to propose for {@code incident} at {@code now}, if any. */
    public Optional<RemediationCommand> propose(Incident incident, Instant now, CommandResults results) {
        String id = incident.getIncidentId();
        if (incident.getState() == IncidentState.RESOLVED || incident.getCauses().isEmpty()) {
            pending.remove(id);
            return Optional.empty();
        }
        Pending sent = pending.get(id);
        if (sent != null) {
            if (incident.getCommands().size() > sent.commandsSeen()) {
                pending.remove(id);
            } else if (now.toEpochMilli() - sent.sentAt() < RESEND_AFTER_MS) {
                return Optional.empty();
            } else {
                pending.put(id, new Pending(sent.command(), sent.commandsSeen(), now.toEpochMilli()));
                return Optional.of(sent.command());
            }
        }
        Optional<Step> step = nextStep(incident, now, results);
        if (step.isEmpty()) {
            return Optional.empty();
        }
        RemediationCommand command = build(incident, step.get(), now);
        if (pending.size() >= MAX_PENDING) {
            forgetOld(now.toEpochMilli());
        }
        pending.put(id, new Pending(command, incident.getCommands().size(), now.toEpochMilli()));
        return Optional.of(command);
    }

    private Optional<Step> nextStep(Incident incident, Instant now, CommandResults results) {
        CauseAssessment top = incident.getCauses().get(0);
        List<Action> ladder = ActionCatalog.ladder(top.getCause(), top.getSubject());
        List<CommandRef> commands = incident.getCommands();
        if (commands.isEmpty()) {
            if (now.isBefore(incident.getOpenedAt().plus(config.waitFirst()))
                    || !now.isBefore(incident.getLastErrorAt().plus(errorWindow))) {
                return Optional.empty();   // not lasted long enough, or it healed by itself meanwhile
            }
            return Optional.of(new Step(ladder.get(0), top.getSummary()));
        }
        CommandRef latest = latest(commands);
        Instant expiresAt = latest.getIssuedAt().plus(config.commandTtl());
        ResultStatus status = latest.getStatus();
        if (status == null || status == ResultStatus.AWAITING_APPROVAL) {
            if (now.isBefore(expiresAt)) {
                return Optional.empty();
            }
            return Optional.of(again(latest, expiresAt));
        }
        switch (status) {
            case SKIPPED_EXPIRED:
                return Optional.of(again(latest, expiresAt));
            case FAILED: {
                Optional<RemediationResult> result = results.latest(latest.getCommandId());
                if (result.isPresent() && result.get().getFinishedAt().isAfter(expiresAt)) {
                    return Optional.empty();
                }
                String output = result.map(r -> r.getOutput() == null || r.getOutput().isBlank() ? ""
                        : ": " + abbreviate(r.getOutput().strip(), 160)).orElse("");
                return escalate(incident, ladder, top.getCause(), latest.getCommandId() + " failed" + output);
            }
            case SUCCEEDED: {
                Optional<RemediationResult> result = results.latest(latest.getCommandId());
                if (result.isEmpty()) {
                    return Optional.empty();   // finish time no longer known: nothing to verify against
                }
                Instant finished = result.get().getFinishedAt();
                if (finished.isAfter(expiresAt)) {
                    return Optional.empty();   // ran after it had expired: recorded, but nothing follows from it
                }
                Instant verifyAt = finished.plus(config.verifyWindow());
                if (now.isBefore(verifyAt)) {
                    return Optional.empty();
                }
                Instant settled = finished.plus(config.verifyWindow().dividedBy(2));
                if (!incident.getLastErrorAt().isAfter(settled)) {
                    return Optional.empty();   // verified: the errors stopped
                }
                return escalate(incident, ladder, top.getCause(), String.format(
                        "%s succeeded at %s but gateway errors were still above the thresholds at %s, within the "
                                + "%s verification window", latest.getCommandId(), finished,
                        incident.getLastErrorAt(), RemediateProcessor.human(config.verifyWindow())));
            }
            default:
                // WOULD_RUN: a dry run changed nothing that could be verified; REJECTED: an operator
                // declined, automation stops for this incident; SKIPPED_DUPLICATE: it had run before.
                return Optional.empty();
        }
    }

    private static Step again(CommandRef latest, Instant expiresAt) {
        return new Step(latest.getAction(), latest.getCommandId() + " expired at " + expiresAt
                + " without being carried out; proposed again");
    }

    /** The ladder's step after the furthest one already issued for the incident. */
    private static Optional<Step> escalate(Incident incident, List<Action> ladder, Cause cause, String why) {
        int furthest = -1;
        for (CommandRef c : incident.getCommands()) {
            furthest = Math.max(furthest, ladder.indexOf(c.getAction()));
        }
        if (furthest + 1 >= ladder.size()) {
            return Optional.empty();
        }
        Action next = ladder.get(furthest + 1);
        return Optional.of(new Step(next, why + "; next step of the " + cause + " ladder: " + next));
    }

    private RemediationCommand build(Incident incident, Step step, Instant now) {
        CauseAssessment top = incident.getCauses().get(0);
        Action action = step.action();
        Map<String, String> params = parameters(incident, top, action);
        String reason = step.reason() == null ? "" : step.reason();
        if (action == Action.DEACTIVATE_PLUGIN && !params.containsKey("plugin")) {
            reason = "no valid plugin slug to deactivate (" + top.getSubject() + "), so people are told instead; "
                    + reason;
            action = Action.NOTIFY;
            params = parameters(incident, top, action);
        }
        Action chosen = action;
        int attempt = 1 + (int) incident.getCommands().stream().filter(c -> c.getAction() == chosen).count();
        RemediationCommand cmd = new RemediationCommand();
        cmd.setCommandId(incident.getIncidentId() + "/" + action.name() + "/" + attempt);
        cmd.setIncidentId(incident.getIncidentId());
        cmd.setSite(incident.getSite());
        cmd.setHost(ActionCatalog.runsOnHost(chosen) ? host(top) : null);
        cmd.setAction(action);
        cmd.setParameters(params);
        cmd.setMode(config.mode());   // the remediation stage decides the final mode (risky actions, guardrails)
        cmd.setAttempt(attempt);
        cmd.setCause(top.getCause());
        cmd.setIssuedAt(now);
        cmd.setExpiresAt(now.plus(config.commandTtl()));
        cmd.setReason(reason);
        return cmd;
    }

    /**
     * Marks the incident's unanswered commands that expired by {@code now} as SKIPPED_EXPIRED.
     *
     * @return the transition to emit when something changed
     */
    public Optional<IncidentTransition> expire(Incident incident, Instant now) {
        if (incident.getState() == IncidentState.RESOLVED) {
            return Optional.empty();
        }
        boolean changed = false;
        List<CommandRef> refs = new ArrayList<>(incident.getCommands().size());
        for (CommandRef c : incident.getCommands()) {
            boolean open = c.getStatus() == null || c.getStatus() == ResultStatus.AWAITING_APPROVAL;
            if (open && !now.isBefore(c.getIssuedAt().plus(config.commandTtl()))) {
                refs.add(new CommandRef(c.getCommandId(), c.getAction(), c.getMode(), c.getIssuedAt(),
                        ResultStatus.SKIPPED_EXPIRED));
                changed = true;
            } else {
                refs.add(c);
            }
        }
        if (!changed) {
            return Optional.empty();
        }
        incident.setCommands(refs);
        return Optional.of(settleState(incident));
    }

    /**
     * Folds an issued command or an agent's result into the incident's {@code commands}.
     *
     * @return the transition to emit (MITIGATING when remediation started), or empty when nothing changed
     */
    public Optional<IncidentTransition> fold(Incident incident, SpecificRecord update) {
        List<CommandRef> refs = new ArrayList<>(incident.getCommands());
        if (update instanceof RemediationCommand c) {
            if (!c.getIncidentId().equals(incident.getIncidentId())) {
                return Optional.empty();
            }
            int i = indexOf(refs, c.getCommandId());
            ResultStatus known = i >= 0 ? refs.get(i).getStatus() : null;
            CommandRef ref = new CommandRef(c.getCommandId(), c.getAction(), c.getMode(), c.getIssuedAt(), known);
            if (i >= 0 && refs.get(i).equals(ref)) {
                return Optional.empty();
            }
            if (i >= 0) {
                refs.remove(i);
            }
            insertByIssue(refs, ref);
        } else if (update instanceof RemediationResult r) {
            if (!r.getIncidentId().equals(incident.getIncidentId())) {
                return Optional.empty();
            }
            int i = indexOf(refs, r.getCommandId());
            if (i < 0) {
                // the result came back before the command did (different topics): keep it, the command fills in
                insertByIssue(refs, new CommandRef(r.getCommandId(), r.getAction(), modeOf(r.getStatus()),
                        r.getStartedAt(), r.getStatus()));
            } else {
                CommandRef known = refs.get(i);
                if (known.getStatus() == r.getStatus()
                        || (r.getStatus() == ResultStatus.SKIPPED_DUPLICATE && known.getStatus() != null)) {
                    return Optional.empty();
                }
                refs.set(i, new CommandRef(known.getCommandId(), known.getAction(), known.getMode(),
                        known.getIssuedAt(), r.getStatus()));
            }
        } else {
            return Optional.empty();
        }
        incident.setCommands(refs);
        return Optional.of(settleState(incident));
    }

    /** MITIGATING while an EXECUTE command runs or after the latest command succeeded; OPEN otherwise. */
    private static IncidentTransition settleState(Incident incident) {
        if (incident.getState() == IncidentState.RESOLVED) {
            return IncidentTransition.UPDATED;
        }
        List<CommandRef> refs = incident.getCommands();
        boolean running = refs.stream().anyMatch(c -> c.getMode() == CommandMode.EXECUTE && c.getStatus() == null);
        boolean applied = !refs.isEmpty() && latest(refs).getStatus() == ResultStatus.SUCCEEDED;
        boolean mitigating = running || applied;
        if (mitigating && incident.getState() == IncidentState.OPEN) {
            incident.setState(IncidentState.MITIGATING);
            return IncidentTransition.MITIGATING;
        }
        if (!mitigating && incident.getState() == IncidentState.MITIGATING) {
            incident.setState(IncidentState.OPEN);
        }
        return IncidentTransition.UPDATED;
    }

    private static CommandRef latest(List<CommandRef> refs) {
        CommandRef latest = refs.get(0);
        for (CommandRef c : refs) {
            if (!c.getIssuedAt().isBefore(latest.getIssuedAt())) {
                latest = c;
            }
        }
        return latest;
    }

    private static int indexOf(List<CommandRef> refs, String commandId) {
        for (int i = 0; i < refs.size(); i++) {
            if (refs.get(i).getCommandId().equals(commandId)) {
                return i;
            }
        }
        return -1;
    }

    private static void insertByIssue(List<CommandRef> refs, CommandRef ref) {
        int at = refs.size();
        while (at > 0 && refs.get(at - 1).getIssuedAt().isAfter(ref.getIssuedAt())) {
            at--;
        }
        refs.add(at, ref);
    }

    private static CommandMode modeOf(ResultStatus status) {
        return switch (status) {
            case WOULD_RUN -> CommandMode.DRY_RUN;
            case AWAITING_APPROVAL, REJECTED -> CommandMode.APPROVAL;
            default -> CommandMode.EXECUTE;
        };
    }

    private void forgetOld(long nowMs) {
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            if (nowMs - it.next().sentAt() > RESEND_AFTER_MS * 10) {
                it.remove();
            }
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /**
     * The action's parameters, each from data and so only when it matches a strict pattern: the host most
     * evidence came from for host-level actions, and for the others the target the cause names
     * ({@code CauseAssessment.subject}): the plugin or theme slug, the cache, the database, the CDN zone.
     */
    static Map<String, String> parameters(Incident incident, CauseAssessment top, Action action) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("site", incident.getSite());
        String subject = top.getSubject();
        switch (action) {
            case RESTART_PHP_FPM, RESTART_NGINX, RAISE_FPM_MAX_CHILDREN, RAISE_FASTCGI_BUFFERS, SCALE_UP ->
                    putIfValid(params, "host", host(top), NAME);
            case DEACTIVATE_PLUGIN -> putIfValid(params, "plugin", after(subject, ActionCatalog.PLUGIN_PREFIX), SLUG);
            case SWITCH_TO_DEFAULT_THEME -> putIfValid(params, "theme", after(subject, ActionCatalog.THEME_PREFIX), SLUG);
            case RESTART_CACHE, PURGE_CACHE -> putIfValid(params, "cache", subject, NAME);
            case KILL_SLOW_QUERIES -> putIfValid(params, "database", subject, NAME);
            case PAUSE_CDN -> putIfValid(params, "cdnZone", subject, NAME);
            default -> {
            }
        }
        return params;
    }

    /** WordPress plugin and theme slugs. */
    static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    /** Host names, server names with a port, CDN zone names. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,252}");

    private static void putIfValid(Map<String, String> params, String key, String value, Pattern pattern) {
        if (value != null && pattern.matcher(value).matches()) {
            params.put(key, value);
        }
    }

    private static String after(String subject, String prefix) {
        return subject != null && subject.startsWith(prefix) ? subject.substring(prefix.length()) : null;
    }

    /** The host a host-level action runs on, when it is a valid host name. */
    private static String host(CauseAssessment top) {
        String host = mostCitedHost(top);
        return host != null && NAME.matcher(host).matches() ? host : null;
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
