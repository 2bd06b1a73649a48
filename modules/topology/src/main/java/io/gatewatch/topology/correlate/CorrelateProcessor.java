package io.gatewatch.topology.correlate;

import io.gatewatch.avro.AccessCounts;
import io.gatewatch.avro.AccessCountsBatch;
import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.CdnEvent;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentEvent;
import io.gatewatch.avro.IncidentKind;
import io.gatewatch.avro.IncidentState;
import io.gatewatch.avro.IncidentTransition;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.avro.RemediationResult;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.topology.DetectionConfig;
import io.gatewatch.topology.remediate.CommandResults;
import io.gatewatch.topology.remediate.RemediationPolicy;
import io.gatewatch.topology.remediate.RemediationTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The multi-way temporal join: per site, access-log counters and the surrounding signals live in
 * window stores; when the gateway errors of the detection window cross both thresholds an incident
 * opens at once (no waiting for a window to close) and the signals of the lookback window are scored.
 * Stream-time punctuation resolves incidents after a quiet period; wall-clock punctuation resolves
 * those of sites that went silent, which stream time alone would leave open forever.
 */
public final class CorrelateProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    private static final Duration STREAM_TICK = Duration.ofSeconds(1);
    private static final Duration WALL_TICK = Duration.ofSeconds(10);
    private static final Duration KEEPER_TICK = Duration.ofSeconds(1);
    /** Re-scoring on every evidence line of a storm would be quadratic; once a second is enough. */
    private static final long RESCORE_INTERVAL_MS = 1000;
    private static final double CONFIDENCE_CHANGE = 0.05;
    static final int BASELINE_HALF_LIFE_S = 300;
    static final int BASELINE_SPAN_S = 900;
    static final long BASELINE_GAP_MS = 180_000;
    static final long CURRENT_RATE_SPAN_MS = 60_000;

    private final DetectionConfig detection;
    private final Attribution attribution;
    private final RemediationPolicy policy;
    private final Map<String, Long> lastScoredAt = new HashMap<>();

    private ProcessorContext<String, SpecificRecord> context;
    private TrafficLedger traffic;
    private TrafficLedger edgeTraffic;
    private EvidenceCache evidence;
    private IncidentStore incidents;
    private KeyValueStore<String, Long> lastSeen;
    private CommandResults commandResults;
    private SegmentKeeper segmentKeeper;

    public CorrelateProcessor(DetectionConfig detection, Attribution attribution, RemediationPolicy policy) {
        this.detection = Objects.requireNonNull(detection, "detection");
        this.attribution = Objects.requireNonNull(attribution, "attribution");
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        // init runs again when a corrupted task is revived with restored stores: nothing remembered survives
        lastScoredAt.clear();
        commandResults = null;
        this.traffic = new TrafficLedger(context.getStateStore(StoreNames.TRAFFIC));
        this.edgeTraffic = new TrafficLedger(context.getStateStore(StoreNames.EDGE_TRAFFIC));
        this.evidence = new EvidenceCache(context.getStateStore(StoreNames.EVIDENCE));
        this.incidents = new IncidentStore(context.getStateStore(StoreNames.INCIDENTS));
        this.lastSeen = context.getStateStore(StoreNames.LAST_SEEN);
        this.segmentKeeper = new SegmentKeeper(List.of(context.getStateStore(StoreNames.TRAFFIC),
                context.getStateStore(StoreNames.EDGE_TRAFFIC),
                context.getStateStore(RemediationTopology.COMMAND_RESULTS_STORE)),
                context.getStateStore(StoreNames.EVIDENCE));
        // at once: a task may be closed again within a second (a rebalance moving it between threads at start)
        segmentKeeper.keep(Math.max(0L, context.currentStreamTimeMs()));
        context.schedule(STREAM_TICK, PunctuationType.STREAM_TIME, this::onStreamTime);
        context.schedule(WALL_TICK, PunctuationType.WALL_CLOCK_TIME, this::onWallClock);
        // Soon after the task starts, even if it never gets a record (then it has no stream time: time 0 is
        // live in a store that has seen nothing, and expires once real records come), and then as stream time
        // moves on.
        context.schedule(KEEPER_TICK, PunctuationType.WALL_CLOCK_TIME,
                now -> segmentKeeper.keep(Math.max(0L, context.currentStreamTimeMs())));
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof RemediationCommand || record.value() instanceof RemediationResult) {
            foldCommandStatus(record.key(), record.value());
            return;
        }
        String site = record.key();
        if (record.value() instanceof AccessCountsBatch batch && site != null) {
            onAccess(site, batch);
            seen(site);
            return;
        }
        TelemetryEvent event = (TelemetryEvent) record.value();
        if (event == null || site == null) {
            return;
        }
        long ts = event.getEventTime().toEpochMilli();
        if (event.getPayload() instanceof AccessEvent access) {
            // an access line that did not go through AccessCountsProcessor (a topology built without it)
            onAccess(site, TrafficCounts.ZERO.plusStatus(access.getStatus()), ts);
        } else {
            evidence.put(site, event, ts);
            if (event.getPayload() instanceof CdnEvent cdn) {
                onEdge(site, cdn.getEdgeStatus(), ts);
            }
            rescoreOpen(site, ts, false);
        }
        proposeCommands(site, Instant.ofEpochMilli(ts));
        seen(site);
    }

    /**
     * Notes when a site with an open incident last sent anything, for {@link #onWallClock}: only such sites
     * are looked up there, and the record that opens an incident notes it, so the others need no write.
     */
    private void seen(String site) {
        if (incidents.hasOpen(site)) {
            lastSeen.put(site, context.currentSystemTimeMs());
        }
    }

    /**
     * One site's requests of one or more seconds, each second as if it had come on its own: counted, checked
     * against the thresholds if it holds the gateway error that ended the batch (AccessCountsProcessor sends
     * a batch on at every 502/504, so there is at most one), and its last line's time is when commands are
     * due. So how many seconds a batch holds, which depends on when it was sent, changes no outcome.
     */
    private void onAccess(String site, AccessCountsBatch batch) {
        for (AccessCounts c : batch.getSeconds()) {
            TrafficCounts counts = new TrafficCounts(c.getRequests(), c.getOk(), c.getServerErrors(), c.getBadGateway(),
                    c.getGatewayTimeout());
            long ts = c.getLastEventTime().toEpochMilli();
            traffic.add(site, c.getSecond().toEpochMilli(), counts);
            judge(site, counts, ts);
            proposeCommands(site, Instant.ofEpochMilli(ts));
        }
        traffic.flush(site);
    }

    /** One access line that did not go through AccessCountsProcessor (a topology built without it). */
    private void onAccess(String site, TrafficCounts counts, long ts) {
        traffic.add(site, ts - Math.floorMod(ts, 1000L), counts);
        judge(site, counts, ts);
        traffic.flush(site);
    }

    private void judge(String site, TrafficCounts counts, long ts) {
        // an open incident counts the requests served while it lasts; a gateway error of one kind is not
        // a request of the other kind's incident
        long other502 = counts.requests() - counts.gatewayTimeout();
        long other504 = counts.requests() - counts.badGateway();
        if (counts.badGateway() > 0) {
            onGatewayError(site, IncidentKind.BAD_GATEWAY, ts, windowCounts(site, ts), counts.badGateway(), other502);
        } else {
            countRequests(site, IncidentKind.BAD_GATEWAY, other502);
        }
        if (counts.gatewayTimeout() > 0) {
            onGatewayError(site, IncidentKind.GATEWAY_TIMEOUT, ts, windowCounts(site, ts), counts.gatewayTimeout(), other504);
        } else {
            countRequests(site, IncidentKind.GATEWAY_TIMEOUT, other504);
        }
    }

    /**
     * The CDN edge's view: its errors open an incident too, so that a failure the origin never sees
     * (the edge cannot reach it, or the edge itself fails) is not missed.
     */
    private void onEdge(String site, int status, long ts) {
        int asOrigin = status == 524 ? 504 : CdnRule.isEdgeError(status) && status != 504 ? 502 : status;
        edgeTraffic.add(site, ts - Math.floorMod(ts, 1000L), TrafficCounts.ZERO.plusStatus(asOrigin));
        edgeTraffic.flush(site);
        if (asOrigin == 502 || asOrigin == 504) {
            IncidentKind kind = asOrigin == 504 ? IncidentKind.GATEWAY_TIMEOUT : IncidentKind.BAD_GATEWAY;
            onGatewayError(site, kind, ts, sum(edgeTraffic, site, ts));
        }
    }

    private void countRequests(String site, IncidentKind kind, long requests) {
        if (requests <= 0) {
            return;
        }
        String key = IncidentIds.storeKey(site, kind);
        Incident incident = incidents.get(key);
        if (incident != null && incident.getState() != IncidentState.RESOLVED) {
            incident.setRequestCount(incident.getRequestCount() + requests);
            incidents.put(key, incident);
        }
    }

    private void onGatewayError(String site, IncidentKind kind, long ts, TrafficCounts window) {
        onGatewayError(site, kind, ts, window, 1, 1);
    }

    /** {@code errors} gateway errors among {@code requests} requests (both counted if an incident is open). */
    private void onGatewayError(String site, IncidentKind kind, long ts, TrafficCounts window, long errors,
                                long requests) {
        long windowErrors = window.errorsOf(kind);
        boolean crossed = windowErrors >= detection.minErrors()
                && windowErrors >= detection.minShare() * window.requests();
        String key = IncidentIds.storeKey(site, kind);
        Incident incident = incidents.get(key);
        Instant now = Instant.ofEpochMilli(ts);
        if (incident != null && incident.getState() != IncidentState.RESOLVED) {
            incident.setErrorCount(incident.getErrorCount() + errors);
            incident.setRequestCount(incident.getRequestCount() + requests);
            if (crossed && now.isAfter(incident.getLastErrorAt())) {
                incident.setLastErrorAt(now);
            }
            incidents.put(key, incident);
            return;
        }
        if (!crossed) {
            return;
        }
        if (incident != null && !now.isAfter(incident.getResolvedAt().plus(detection.holdPeriod()))) {
            reopen(key, incident, now, window);
        } else {
            open(key, site, kind, now, window);
        }
    }

    private void open(String key, String site, IncidentKind kind, Instant now, TrafficCounts window) {
        Instant firstError = firstErrorInWindow(site, kind, now.toEpochMilli());
        Incident incident = new Incident();
        incident.setIncidentId(IncidentIds.of(site, kind, now));
        incident.setSite(site);
        incident.setKind(kind);
        incident.setState(IncidentState.OPEN);
        incident.setOpenedAt(now);
        incident.setUpdatedAt(now);
        incident.setResolvedAt(null);
        incident.setFirstErrorAt(firstError);
        incident.setLastErrorAt(now);
        incident.setErrorCount(window.errorsOf(kind));
        incident.setRequestCount(window.requests());
        incident.setCommands(new ArrayList<>());
        incident.setReopenCount(0);
        incident.setVersion(1L);
        incident.setCorrelationId(null);
        score(incident, now.toEpochMilli());
        incidents.put(key, incident);
        emit(incident, IncidentTransition.OPENED, now);
    }

    private void reopen(String key, Incident incident, Instant now, TrafficCounts window) {
        incident.setState(IncidentState.OPEN);
        incident.setResolvedAt(null);
        incident.setLastErrorAt(now);
        incident.setUpdatedAt(now);
        incident.setErrorCount(incident.getErrorCount() + window.errorsOf(incident.getKind()));
        incident.setRequestCount(incident.getRequestCount() + window.requests());
        incident.setReopenCount(incident.getReopenCount() + 1);
        incident.setVersion(incident.getVersion() + 1);
        score(incident, now.toEpochMilli());
        incidents.put(key, incident);
        emit(incident, IncidentTransition.REOPENED, now);
    }

    /** Re-scores the site's open incidents when new evidence arrived; emits UPDATED if the ranking moved. */
    private void rescoreOpen(String site, long ts, boolean force) {
        for (IncidentKind kind : IncidentKind.values()) {
            String key = IncidentIds.storeKey(site, kind);
            Incident incident = incidents.get(key);
            if (incident == null || incident.getState() == IncidentState.RESOLVED) {
                continue;
            }
            Long last = lastScoredAt.get(key);
            if (!force && last != null && ts - last < RESCORE_INTERVAL_MS) {
                continue;
            }
            List<CauseAssessment> before = incident.getCauses();
            score(incident, ts);
            if (rankingMoved(before, incident.getCauses())) {
                Instant now = Instant.ofEpochMilli(Math.max(ts, incident.getUpdatedAt().toEpochMilli()));
                incident.setUpdatedAt(now);
                incident.setVersion(incident.getVersion() + 1);
                incidents.put(key, incident);
                emit(incident, IncidentTransition.UPDATED, now);
            } else {
                incidents.put(key, incident);
            }
        }
    }

    private void score(Incident incident, long nowMs) {
        long onset = incident.getFirstErrorAt().toEpochMilli();
        long from = onset - Math.max(detection.lookback().toMillis(), PluginRule.CHANGE_LOOKBACK.toMillis());
        List<TelemetryEvent> events = evidence.fetch(incident.getSite(), from, nowMs);
        String site = incident.getSite();
        // The rate around the onset, not at scoring time: re-scoring after the surge ended must still see it.
        long rateFrom = onset - detection.window().toMillis();
        long rateTo = Math.max(rateFrom + 1000, Math.min(nowMs, onset + CURRENT_RATE_SPAN_MS));
        TrafficCounts lastMinute = traffic.sum(site, rateFrom, rateTo);
        Signals signals = new Signals(site, incident.getKind(), incident.getFirstErrorAt(), detection.lookback(), events,
                windowCounts(site, nowMs), lastMinute.requests() / ((rateTo - rateFrom) / 1000.0),
                baselineRps(site, onset), sum(edgeTraffic, site, nowMs));
        List<CauseAssessment> ranked = attribution.rank(signals);
        incident.setCauses(ranked);
        incident.setCorrelationId(correlationId(ranked.get(0)));
        incident.setHosts(hostsOf(events));
        incident.setSummary(summary(incident));
        lastScoredAt.put(IncidentIds.storeKey(incident.getSite(), incident.getKind()), nowMs);
    }

    /**
     * Incidents of several sites with one root cause in a shared dependency get the same id: the
     * cause, the dependency, and the first input record that showed it (the same record fans out to
     * every dependent site).
     */
    static String correlationId(CauseAssessment top) {
        boolean shared = top.getCause() == io.gatewatch.avro.Cause.DATABASE_SLOW
                || top.getCause() == io.gatewatch.avro.Cause.CACHE_FAILURE
                || top.getCause() == io.gatewatch.avro.Cause.CDN_EDGE;
        if (!shared || top.getSubject() == null) {
            return null;
        }
        String first = top.getEvidence().stream().filter(e -> e.getSource() != null).findFirst()
                .map(e -> e.getSource().getTopic() + "-" + e.getSource().getPartition() + "@" + e.getSource().getOffset())
                .orElse("derived");
        return top.getCause() + ":" + top.getSubject() + ":" + first;
    }

    private static boolean rankingMoved(List<CauseAssessment> before, List<CauseAssessment> after) {
        if (before.isEmpty() || after.isEmpty() || before.size() != after.size()) {
            return true;
        }
        CauseAssessment b = before.get(0);
        CauseAssessment a = after.get(0);
        return b.getCause() != a.getCause()
                || Math.abs(b.getConfidence() - a.getConfidence()) >= CONFIDENCE_CHANGE;
    }

    /**
     * Marks the site's expired commands and sends what the remediation policy proposes to the remediation
     * stage. The incident records a command only when the stage has issued it and it comes back
     * ({@link #foldCommandStatus}), because the stage may hold it for approval or change the action.
     */
    private void proposeCommands(String site, Instant now) {
        for (IncidentKind kind : IncidentKind.values()) {
            String key = IncidentIds.storeKey(site, kind);
            Incident incident = incidents.get(key);
            if (incident == null) {
                continue;
            }
            Optional<IncidentTransition> expired = policy.expire(incident, now);
            if (expired.isPresent()) {
                commandsChanged(key, incident, expired.get(), now);
            }
            Optional<RemediationCommand> command = policy.propose(incident, now, commandResults());
            command.ifPresent(cmd -> context.forward(new Record<>(cmd.getCommandId(), cmd, now.toEpochMilli())));
        }
    }

    /** An issued command or an agent's result, keyed by site: folded into the incident it is for. */
    private void foldCommandStatus(String site, SpecificRecord update) {
        if (site == null) {
            return;
        }
        Instant at;
        String incidentId;
        if (update instanceof RemediationResult result) {
            commandResults().record(result);
            at = result.getFinishedAt();
            incidentId = result.getIncidentId();
        } else {
            RemediationCommand command = (RemediationCommand) update;
            at = command.getIssuedAt();
            incidentId = command.getIncidentId();
        }
        for (IncidentKind kind : IncidentKind.values()) {
            String key = IncidentIds.storeKey(site, kind);
            Incident incident = incidents.get(key);
            if (incident != null && incident.getIncidentId().equals(incidentId)) {
                Optional<IncidentTransition> transition = policy.fold(incident, update);
                if (transition.isPresent()) {
                    commandsChanged(key, incident, transition.get(), at);
                }
                return;
            }
        }
    }

    private void commandsChanged(String key, Incident incident, IncidentTransition transition, Instant at) {
        Instant when = at.isAfter(incident.getUpdatedAt()) ? at : incident.getUpdatedAt();
        incident.setUpdatedAt(when);
        incident.setVersion(incident.getVersion() + 1);
        incidents.put(key, incident);
        emit(incident, transition, when);
    }

    private CommandResults commandResults() {
        if (commandResults == null) {
            commandResults = CommandResults.in(context.getStateStore(RemediationTopology.COMMAND_RESULTS_STORE));
        }
        return commandResults;
    }

    private void onStreamTime(long streamTime) {
        Instant now = Instant.ofEpochMilli(streamTime);
        List<KeyValue<String, Incident>> all = new ArrayList<>();
        try (KeyValueIterator<String, Incident> it = incidents.all()) {
            while (it.hasNext()) {
                all.add(it.next());
            }
        }
        for (KeyValue<String, Incident> kv : all) {
            Incident incident = kv.value;
            if (incident.getState() == IncidentState.RESOLVED) {
                if (now.isAfter(incident.getResolvedAt().plus(detection.holdPeriod()))) {
                    incidents.delete(kv.key);
                    lastScoredAt.remove(kv.key);
                }
                continue;
            }
            Instant quietUntil = incident.getLastErrorAt().plus(detection.quietPeriod());
            if (!now.isBefore(quietUntil)) {
                resolve(kv.key, incident, quietUntil, "no gateway errors above the thresholds for "
                        + detection.quietPeriod().toSeconds() + "s");
            } else {
                proposeCommands(incident.getSite(), now);
            }
        }
    }

    private void onWallClock(long wallTime) {
        List<KeyValue<String, Incident>> open = new ArrayList<>();
        try (KeyValueIterator<String, Incident> it = incidents.all()) {
            while (it.hasNext()) {
                KeyValue<String, Incident> kv = it.next();
                if (kv.value.getState() != IncidentState.RESOLVED) {
                    open.add(kv);
                }
            }
        }
        for (KeyValue<String, Incident> kv : open) {
            Long seen = lastSeen.get(kv.value.getSite());
            if (seen != null && wallTime - seen >= detection.silentTimeout().toMillis()) {
                Instant at = kv.value.getLastErrorAt().plus(detection.quietPeriod());
                resolve(kv.key, kv.value, at, "site sent no telemetry for "
                        + detection.silentTimeout().toSeconds() + "s (wall clock)");
            }
        }
    }

    private void resolve(String key, Incident incident, Instant at, String why) {
        Instant resolvedAt = at.isBefore(incident.getUpdatedAt()) ? incident.getUpdatedAt() : at;
        incident.setState(IncidentState.RESOLVED);
        incident.setResolvedAt(resolvedAt);
        incident.setUpdatedAt(resolvedAt);
        incident.setVersion(incident.getVersion() + 1);
        incident.setSummary(summary(incident) + "; resolved: " + why);
        incidents.put(key, incident);
        // scored again only if it reopens, and then from the store
        evidence.forget(incident.getSite());
        emit(incident, IncidentTransition.RESOLVED, resolvedAt);
    }

    private void emit(Incident incident, IncidentTransition transition, Instant at) {
        Incident snapshot = Incident.newBuilder(incident).build();
        context.forward(new Record<>(snapshot.getIncidentId(), snapshot, at.toEpochMilli()));
        IncidentEvent event = new IncidentEvent(snapshot.getIncidentId() + "#" + snapshot.getVersion(),
                snapshot.getIncidentId(), snapshot.getSite(), snapshot.getKind(), transition, at, snapshot);
        context.forward(new Record<>(snapshot.getIncidentId(), event, at.toEpochMilli()));
    }

    /** Counters of the seconds that start within (ts - window, ts]: exactly window/1s buckets. */
    private TrafficCounts windowCounts(String site, long ts) {
        return sum(traffic, site, ts);
    }

    private TrafficCounts sum(TrafficLedger ledger, String site, long ts) {
        return ledger.sum(site, windowStart(ts), ts);
    }

    /**
     * EWMA of the per-second request rate before {@code before} (half-life {@link #BASELINE_HALF_LIFE_S}
     * seconds over {@link #BASELINE_SPAN_S}), computed from the counters so that it needs no state of its
     * own and is the same in every replay.
     */
    private double baselineRps(String site, long before) {
        // A surge ramps up for a while before the pool gives in; leave that ramp out of the baseline.
        long to = before - before % 1000 - BASELINE_GAP_MS;
        long from = to - BASELINE_SPAN_S * 1000L;
        double alpha = 1 - Math.exp(Math.log(0.5) / BASELINE_HALF_LIFE_S);
        double[] ewma = {-1};
        long[] expected = {from};
        traffic.forEach(site, from, to, (second, counts) -> {
            // seconds without a bucket had no requests
            for (; expected[0] < second; expected[0] += 1000) {
                ewma[0] = ewma[0] < 0 ? ewma[0] : (1 - alpha) * ewma[0];
            }
            ewma[0] = ewma[0] < 0 ? counts.requests() : alpha * counts.requests() + (1 - alpha) * ewma[0];
            expected[0] = second + 1000;
        });
        for (; expected[0] <= to && ewma[0] >= 0; expected[0] += 1000) {
            ewma[0] = (1 - alpha) * ewma[0];
        }
        return Math.max(0, ewma[0]);
    }

    private long windowStart(long ts) {
        return ts - detection.window().toMillis() + 1;
    }

    private Instant firstErrorInWindow(String site, IncidentKind kind, long ts) {
        long[] first = {Long.MAX_VALUE};
        traffic.forEach(site, windowStart(ts), ts, (second, counts) -> {
            if (first[0] == Long.MAX_VALUE && counts.errorsOf(kind) > 0) {
                first[0] = second;
            }
        });
        return Instant.ofEpochMilli(first[0] == Long.MAX_VALUE ? ts : first[0]);
    }

    private static List<String> hostsOf(List<TelemetryEvent> events) {
        List<String> hosts = new ArrayList<>();
        for (TelemetryEvent e : events) {
            if (e.getHost() != null && !hosts.contains(e.getHost())) {
                hosts.add(e.getHost());
            }
        }
        return hosts;
    }

    private static String summary(Incident incident) {
        CauseAssessment top = incident.getCauses().isEmpty() ? null : incident.getCauses().get(0);
        String what = incident.getKind() == IncidentKind.BAD_GATEWAY ? "502 Bad Gateway" : "504 Gateway Timeout";
        return String.format(Locale.ROOT, "%s on %s: %s", what, incident.getSite(),
                top == null ? "cause not yet known" : top.getCause() + " (" + top.getConfidence() + ") - "
                        + top.getSummary());
    }
}
