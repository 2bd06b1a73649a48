package io.gatewatch.topology.correlate;

import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.avro.MetricSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * CPU or memory pressure on the web host, or workers killed by the kernel (SIGKILL), without a
 * traffic spike to explain it.
 */
final class HostPressureRule implements CauseRule {

    static final double CPU_IDLE_BELOW = 10.0;
    static final double MEM_USED_ABOVE = 92.0;

    @Override
    public Optional<CauseAssessment> assess(Signals s) {
        EvidenceItems items = new EvidenceItems();
        for (Signals.Matched<MetricSample> m : s.recent(MetricSample.class)) {
            MetricSample sample = m.payload();
            if ("cpu".equals(sample.getName())) {
                Double idle = sample.getFields().get("usage_idle");
                if (idle != null && idle < CPU_IDLE_BELOW) {
                    items.add("host.cpu_idle_low", m.event());
                }
            } else if ("mem".equals(sample.getName())) {
                Double used = sample.getFields().get("used_percent");
                Double available = sample.getFields().get("available_percent");
                if ((used != null && used > MEM_USED_ABOVE) || (available != null && available < 100 - MEM_USED_ABOVE)) {
                    items.add("host.memory_high", m.event());
                }
            }
        }
        long killed = 0;
        for (Signals.Matched<FpmEvent> m : s.recent(FpmEvent.class)) {
            FpmEvent f = m.payload();
            if (f.getKind() == FpmEventKind.CHILD_EXITED_SIGNAL && f.getSignal() != null && f.getSignal() == 9) {
                items.add("php-fpm.child_killed_sigkill", m.event());
                killed++;
            }
        }
        boolean memory = items.count("host.memory_high") > 0;
        boolean cpu = items.count("host.cpu_idle_low") > 0;
        if (!memory && !cpu) {
            return Optional.empty();
        }
        double confidence = 0.45 + (memory ? 0.15 : 0.0) + (cpu ? 0.1 : 0.0) + (killed > 0 ? 0.2 : 0.0);
        List<io.gatewatch.avro.Evidence> contrary = new ArrayList<>();
        if (s.baselineRps() > 0 && s.rateRatio() >= TrafficSpikeRule.SPIKE_FACTOR) {
            EvidenceItems rate = new EvidenceItems();
            rate.derived("access.request_rate", s.onset(), String.format(Locale.ROOT,
                    "request rate %.1f/s is x%.1f the baseline: the pressure may come from traffic", s.currentRps(),
                    s.rateRatio()));
            contrary.addAll(rate.items());
            confidence -= 0.3;
        }
        String what = memory && killed > 0 ? "memory exhausted, the kernel kills PHP workers"
                : memory ? "memory nearly exhausted" : "CPU saturated";
        return Optional.of(Assessments.of(Cause.HOST_RESOURCE_EXHAUSTION, confidence, items.items(), contrary,
                "The web host is out of resources: " + what));
    }
}
