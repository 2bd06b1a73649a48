package io.gatewatch.topology.remediate;

import io.gatewatch.avro.Action;
import io.gatewatch.avro.CommandMode;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.avro.RemediationResult;
import io.gatewatch.avro.ResultStatus;
import io.gatewatch.avro.Site;
import io.gatewatch.topology.GatewatchConfig;
import io.gatewatch.topology.RemediationConfig;
import io.gatewatch.topology.inventory.InventoryKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remediation stage: one task for the whole fleet (its inputs are single-partition topics keyed
 * {@code fleet}), because its guardrails span sites. The correlator proposes; this stage decides what is
 * issued, in which mode, and publishes it to {@code gatewatch.remediation.commands}.
 *
 * <p>Per proposal, in this order:
 * <ol>
 *   <li>a proposal id already decided is ignored (the correlator re-sends until the issued command comes
 *       back to it);</li>
 *   <li><b>recurrence</b>: a restart on a site that already had {@code recurrence.max.restarts} restarts
 *       within {@code recurrence.window} becomes NOTIFY, "underlying resource problem";</li>
 *   <li>risky actions are APPROVAL whatever was proposed;</li>
 *   <li>for an action that would run without an operator (EXECUTE, or DRY_RUN which previews EXECUTE),
 *       the <b>cooldown</b> (one restart per site per {@code cooldown}), the <b>hourly budget</b>
 *       ({@code max.actions.per.hour} automatic actions per site) and the <b>fleet limit</b>
 *       ({@code fleet.max.concurrent} sites with a command in flight) are checked. A command one of them
 *       holds is not dropped: in execute mode it is issued as APPROVAL, so an operator can still let it
 *       run; in dry-run mode it stays DRY_RUN (nothing may execute) and its reason says it would wait for
 *       approval. Either way the reason names the guardrail. If it expires unanswered, the correlator
 *       proposes the step again and it meets the guardrails afresh.</li>
 * </ol>
 * NOTIFY is never held: telling people is always allowed. A command is in flight from issue until an
 * agent reports it finished or until it expires; a result that arrives after expiry is recorded and
 * changes nothing else. Time is the proposals' issue time and the results' finish time (event time),
 * never the wall clock, so replays decide the same way every time.
 */
public final class RemediateProcessor implements Processor<String, SpecificRecord, String, RemediationCommand> {

    private static final Logger LOG = LoggerFactory.getLogger(RemediateProcessor.class);
    static final Duration HOUR = Duration.ofHours(1);
    private static final Duration PURGE_TICK = Duration.ofMinutes(1);
    private static final StringSerializer KEYS = new StringSerializer();

    private final RemediationConfig config;
    private final String historyStore;
    private final String inFlightStore;
    private final String inventoryStore;

    private ProcessorContext<String, RemediationCommand> context;
    private KeyValueStore<String, SiteHistory> history;
    private KeyValueStore<String, InFlight> inFlight;
    private KeyValueStore<String, Site> inventory;

    public RemediateProcessor(RemediationConfig config, String historyStore, String inFlightStore,
                              String inventoryStore) {
        this.config = Objects.requireNonNull(config, "config");
        this.historyStore = Objects.requireNonNull(historyStore, "historyStore");
        this.inFlightStore = Objects.requireNonNull(inFlightStore, "inFlightStore");
        this.inventoryStore = inventoryStore;
    }

    @Override
    public void init(ProcessorContext<String, RemediationCommand> context) {
        this.context = context;
        this.history = context.getStateStore(historyStore);
        this.inFlight = context.getStateStore(inFlightStore);
        this.inventory = inventoryStore == null ? null : context.getStateStore(inventoryStore);
        context.schedule(PURGE_TICK, PunctuationType.STREAM_TIME, this::purge);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof RemediationCommand proposal) {
            onProposal(proposal);
        } else if (record.value() instanceof RemediationResult result) {
            onResult(result);
        }
    }

    private void onProposal(RemediationCommand proposal) {
        String site = proposal.getSite();
        long now = proposal.getIssuedAt().toEpochMilli();
        SiteHistory past = history.get(site);
        SiteHistory h = past == null ? SiteHistory.EMPTY : past.since(now - memory().toMillis());
        if (h.byProposal(proposal.getCommandId()).isPresent()) {
            return;
        }
        Action action = proposal.getAction();
        String reason = proposal.getReason();
        int attempt = proposal.getAttempt();

        if (ActionCatalog.isRestart(action)) {
            long since = now - config.recurrenceWindow().toMillis();
            List<SiteHistory.Entry> restarts = h.entries().stream()
                    .filter(e -> e.issuedAt() > since && e.restarted()).toList();
            if (restarts.size() >= config.recurrenceMaxRestarts()) {
                reason = String.format("underlying resource problem: %s had %d restarts within %s (%s=%d), so %s is "
                                + "not run again and people are told instead; %s", site, restarts.size(),
                        human(config.recurrenceWindow()), GatewatchConfig.RECURRENCE_MAX_RESTARTS,
                        config.recurrenceMaxRestarts(), action, reason);
                action = Action.NOTIFY;
                attempt = 1 + (int) h.entries().stream()
                        .filter(e -> e.incidentId().equals(proposal.getIncidentId()) && e.action() == Action.NOTIFY)
                        .count();
                LOG.info("{}: recurrence escalation of {} to NOTIFY after {} restarts", site, proposal.getCommandId(),
                        restarts.size());
            }
        }

        CommandMode mode = proposal.getMode();
        if (ActionCatalog.isRisky(action)) {
            mode = CommandMode.APPROVAL;
            reason = "risky action, it waits for an operator's approval; " + reason;
        }
        boolean automatic = false;
        if (action != Action.NOTIFY && (mode == CommandMode.EXECUTE || mode == CommandMode.DRY_RUN)) {
            Optional<String> held = cooldown(h, proposal, action, now)
                    .or(() -> budget(h, site, now))
                    .or(() -> fleetLimit(site, now));
            if (held.isPresent()) {
                if (mode == CommandMode.EXECUTE) {
                    mode = CommandMode.APPROVAL;
                    reason = "held for approval by the " + held.get() + "; " + reason;
                } else {
                    reason = "dry run; in execute mode this would wait for approval, held by the " + held.get()
                            + "; " + reason;
                }
                LOG.info("{}: {} held by the {}", site, proposal.getCommandId(), held.get());
            } else {
                automatic = true;
            }
        }

        Instant issuedAt = proposal.getIssuedAt();
        Instant expiresAt = issuedAt.plus(config.commandTtl());
        String commandId = proposal.getIncidentId() + "/" + action.name() + "/" + attempt;
        RemediationCommand command = RemediationCommand.newBuilder(proposal)
                .setHost(ActionCatalog.runsOnHost(action) ? proposal.getHost() : null)
                .setParameters(action == proposal.getAction() ? proposal.getParameters()
                        : new java.util.LinkedHashMap<>(Map.of("site", site)))
                .setCommandId(commandId)
                .setAction(action)
                .setMode(mode)
                .setAttempt(attempt)
                .setIssuedAt(issuedAt)
                .setExpiresAt(expiresAt)
                .setReason(reason == null ? "" : reason)
                .build();
        history.put(site, h.plus(new SiteHistory.Entry(commandId, proposal.getCommandId(), proposal.getIncidentId(),
                action, mode, automatic, now, expiresAt.toEpochMilli(), null, -1)));
        if (automatic) {
            inFlight.put(commandId, new InFlight(site, expiresAt.toEpochMilli()));
        }
        context.forward(new Record<>(commandId, command, now));
    }

    /** One restart per site per cooldown; the ladder of one incident moving on after a step finished is exempt. */
    private Optional<String> cooldown(SiteHistory h, RemediationCommand proposal, Action action, long now) {
        if (!ActionCatalog.isRestart(action) || config.cooldown().isZero()) {
            return Optional.empty();
        }
        long since = now - config.cooldown().toMillis();
        for (SiteHistory.Entry e : h.entries()) {
            if (e.issuedAt() <= since || !e.restarted()) {
                continue;
            }
            boolean ladderMovesOn = e.incidentId().equals(proposal.getIncidentId()) && e.action() != action
                    && (e.status() == ResultStatus.SUCCEEDED || e.status() == ResultStatus.FAILED);
            if (!ladderMovesOn) {
                return Optional.of(String.format("cooldown: %s ran %s on %s at %s (%s); %s=%s allows one restart per "
                                + "site", e.commandId(), e.action(), proposal.getSite(), Instant.ofEpochMilli(e.issuedAt()),
                        e.status() == null ? "no result yet" : e.status().name(), GatewatchConfig.COOLDOWN,
                        human(config.cooldown())));
            }
        }
        return Optional.empty();
    }

    /** At most N automatic actions per site within any hour. */
    private Optional<String> budget(SiteHistory h, String site, long now) {
        long since = now - HOUR.toMillis();
        long used = h.entries().stream().filter(e -> e.automatic() && e.issuedAt() > since).count();
        if (used >= config.maxActionsPerHour()) {
            return Optional.of(String.format("hourly budget: %d automatic actions on %s within the last hour; %s=%d",
                    used, site, GatewatchConfig.MAX_ACTIONS_PER_HOUR, config.maxActionsPerHour()));
        }
        return Optional.empty();
    }

    /** At most a share (or a number) of the fleet's sites have an automatic command in flight at once. */
    private Optional<String> fleetLimit(String site, long now) {
        TreeSet<String> busy = new TreeSet<>();
        try (KeyValueIterator<String, InFlight> it = inFlight.all()) {
            while (it.hasNext()) {
                KeyValue<String, InFlight> kv = it.next();
                if (kv.value != null && kv.value.expiresAt() > now) {
                    busy.add(kv.value.site());
                }
            }
        }
        if (busy.contains(site)) {
            return Optional.empty();   // the site is already being acted on; it adds nothing to the fleet's count
        }
        int fleet = config.fleetMaxConcurrent().sites() > 0 ? 0 : fleetSize(site);
        int limit = config.fleetMaxConcurrent().limit(fleet);
        if (busy.size() >= limit) {
            List<String> some = new ArrayList<>(busy).subList(0, Math.min(busy.size(), 5));
            return Optional.of(String.format("fleet limit: %d site%s already ha%s a command in flight (%s%s); %s=%s%s",
                    busy.size(), busy.size() == 1 ? "" : "s", busy.size() == 1 ? "s" : "ve", String.join(", ", some),
                    busy.size() > some.size() ? ", ..." : "", GatewatchConfig.FLEET_MAX_CONCURRENT,
                    config.fleetMaxConcurrent(), fleet > 0 ? " of " + fleet + " sites, at most " + limit : ""));
        }
        return Optional.empty();
    }

    /** Sites of the inventory, or the sites remediation has seen recently if those are more. */
    private int fleetSize(String site) {
        TreeSet<String> sites = new TreeSet<>();
        sites.add(site);
        if (inventory != null) {
            try (KeyValueIterator<String, Site> it = inventory.prefixScan(InventoryKeys.site(""), KEYS)) {
                while (it.hasNext()) {
                    KeyValue<String, Site> kv = it.next();
                    if (kv.value != null) {
                        sites.add(kv.value.getSite());
                    }
                }
            }
        }
        try (KeyValueIterator<String, SiteHistory> it = history.all()) {
            while (it.hasNext()) {
                sites.add(it.next().key);
            }
        }
        return sites.size();
    }

    private void onResult(RemediationResult result) {
        String commandId = result.getCommandId();
        InFlight running = inFlight.get(commandId);
        if (result.getStatus() != ResultStatus.AWAITING_APPROVAL) {
            inFlight.delete(commandId);
        }
        String site = running != null ? running.site() : result.getSite();
        SiteHistory h = site == null ? null : history.get(site);
        if (h == null && result.getSite() != null && !result.getSite().equals(site)) {
            site = result.getSite();
            h = history.get(site);
        }
        if (h == null) {
            return;
        }
        Optional<SiteHistory.Entry> entry = h.byCommand(commandId);
        if (entry.isEmpty()) {
            return;
        }
        SiteHistory.Entry e = entry.get();
        if (result.getStatus() == ResultStatus.SKIPPED_DUPLICATE && e.status() != null) {
            return;   // the agent had already run it; keep what it reported then
        }
        history.put(site, h.replace(e.withStatus(result.getStatus(), result.getFinishedAt().toEpochMilli())));
    }

    /** Forgets expired in-flight commands and history older than any guardrail looks back. */
    private void purge(long streamTime) {
        List<String> expired = new ArrayList<>();
        try (KeyValueIterator<String, InFlight> it = inFlight.all()) {
            while (it.hasNext()) {
                KeyValue<String, InFlight> kv = it.next();
                if (kv.value == null || kv.value.expiresAt() <= streamTime) {
                    expired.add(kv.key);
                }
            }
        }
        expired.forEach(inFlight::delete);
        long cutoff = streamTime - memory().toMillis();
        List<KeyValue<String, SiteHistory>> changed = new ArrayList<>();
        try (KeyValueIterator<String, SiteHistory> it = history.all()) {
            while (it.hasNext()) {
                KeyValue<String, SiteHistory> kv = it.next();
                SiteHistory kept = kv.value.since(cutoff);
                if (kept.entries().size() != kv.value.entries().size()) {
                    changed.add(KeyValue.pair(kv.key, kept.entries().isEmpty() ? null : kept));
                }
            }
        }
        for (KeyValue<String, SiteHistory> kv : changed) {
            if (kv.value == null) {
                history.delete(kv.key);
            } else {
                history.put(kv.key, kv.value);
            }
        }
    }

    /** How far back any guardrail looks. */
    private Duration memory() {
        Duration d = config.recurrenceWindow();
        if (config.cooldown().compareTo(d) > 0) {
            d = config.cooldown();
        }
        return HOUR.compareTo(d) > 0 ? HOUR : d;
    }

    /** 90s, 10m, 24h, 1h30m. */
    static String human(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder out = new StringBuilder();
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long sec = s % 60;
        if (h > 0) {
            out.append(h).append('h');
        }
        if (m > 0) {
            out.append(m).append('m');
        }
        if (sec > 0) {
            out.append(sec).append('s');
        }
        return out.toString();
    }
}
