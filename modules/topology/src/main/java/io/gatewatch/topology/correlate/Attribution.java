package io.gatewatch.topology.correlate;

import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.Evidence;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.avro.UpstreamErrorKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** Runs every cause rule over the signals and ranks what they find, best first. */
public final class Attribution {

    private final List<CauseRule> rules;

    public Attribution(List<CauseRule> rules) {
        this.rules = List.copyOf(Objects.requireNonNull(rules, "rules"));
    }

    /** The rules for the causes nginx and PHP-FPM name directly. */
    public static Attribution standard() {
        return new Attribution(List.of(
                new SignatureRule(Cause.PHP_FPM_DOWN,
                        Set.of(UpstreamErrorKind.CONNECTION_REFUSED, UpstreamErrorKind.SOCKET_MISSING,
                                UpstreamErrorKind.NO_LIVE_UPSTREAMS),
                        Set.of(FpmEventKind.EXITING),
                        "PHP-FPM is not accepting connections"),
                new SignatureRule(Cause.PHP_FPM_WORKER_CRASH,
                        Set.of(UpstreamErrorKind.CONNECTION_RESET, UpstreamErrorKind.PREMATURELY_CLOSED),
                        Set.of(FpmEventKind.CHILD_EXITED_SIGNAL, FpmEventKind.EXECUTION_TIMED_OUT),
                        "PHP-FPM workers die mid-request"),
                new SaturationRule(),
                new SignatureRule(Cause.UPSTREAM_HEADER_TOO_BIG,
                        Set.of(UpstreamErrorKind.HEADER_TOO_BIG), Set.of(),
                        "PHP sends response headers larger than nginx's FastCGI buffers"),
                new SignatureRule(Cause.UPSTREAM_UNREACHABLE,
                        Set.of(UpstreamErrorKind.NO_ROUTE_TO_HOST, UpstreamErrorKind.PERMISSION_DENIED,
                                UpstreamErrorKind.CONNECT_TIMED_OUT), Set.of(),
                        "nginx cannot reach the upstream (network, firewall or socket permissions)"),
                new TrafficSpikeRule(),
                new HostPressureRule(),
                new DatabaseRule(),
                new PluginRule(),
                new CacheRule(),
                new CdnRule()));
    }

    /** Ranked causes; UNKNOWN alone when no rule finds anything. */
    public List<CauseAssessment> rank(Signals signals) {
        List<CauseAssessment> found = new ArrayList<>();
        for (CauseRule rule : rules) {
            rule.assess(signals).ifPresent(found::add);
        }
        if (found.stream().allMatch(a -> a.getConfidence() < 0.3)) {
            found.add(unknown(signals));
        }
        ChainResolver.resolve(found);
        found.sort(Comparator.comparingDouble(CauseAssessment::getConfidence).reversed()
                .thenComparing(a -> a.getCause().name()));
        return found;
    }

    private static CauseAssessment unknown(Signals signals) {
        CauseAssessment a = new CauseAssessment();
        a.setCause(Cause.UNKNOWN);
        a.setConfidence(0.2);
        a.setEvidence(List.of(new Evidence("access.gateway_errors", null, signals.onset(), null,
                String.format(Locale.ROOT, "%d of %d requests failed in the detection window",
                        signals.window().errorsOf(signals.kind()), signals.window().requests()), 1L)));
        a.setContraryEvidence(List.of());
        a.setSummary("No known failure signature in the telemetry around the onset");
        return a;
    }
}
