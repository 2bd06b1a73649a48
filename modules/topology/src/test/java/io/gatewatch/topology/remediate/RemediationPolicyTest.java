package io.gatewatch.topology.remediate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.Action;
import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.CommandMode;
import io.gatewatch.avro.CommandRef;
import io.gatewatch.avro.Evidence;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentKind;
import io.gatewatch.avro.IncidentState;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.avro.RemediationResult;
import io.gatewatch.avro.ResultStatus;
import io.gatewatch.topology.RemediationConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** What the policy proposes for an incident, without a topology around it. */
class RemediationPolicyTest {

    private static final Instant OPENED = Instant.parse("2026-11-25T09:12:02Z");

    private static Incident incident(Cause cause, String subject) {
        CauseAssessment top = new CauseAssessment(cause, 0.9,
                List.of(new Evidence("php.fatal", null, OPENED, "web-1", "PHP Fatal error", 3L)), List.of(),
                "summary of " + cause, subject);
        Incident i = new Incident();
        i.setIncidentId("shop.example.test/BAD_GATEWAY/20261125T091202Z");
        i.setSite("shop.example.test");
        i.setKind(IncidentKind.BAD_GATEWAY);
        i.setState(IncidentState.OPEN);
        i.setOpenedAt(OPENED);
        i.setUpdatedAt(OPENED);
        i.setFirstErrorAt(OPENED.minusSeconds(2));
        i.setLastErrorAt(OPENED.plusSeconds(40));
        i.setErrorCount(100);
        i.setRequestCount(100);
        i.setHosts(List.of("web-1"));
        i.setCauses(List.of(top));
        i.setCommands(new ArrayList<>());
        return i;
    }

    private Optional<RemediationCommand> proposeAt(Incident incident, int secondsAfterOpening) {
        // a fresh policy each time: a policy does not propose again for an incident it is waiting on
        RemediationPolicy policy = new RemediationPolicy(RemediationConfig.defaults(), Duration.ofSeconds(10));
        return policy.propose(incident, OPENED.plusSeconds(secondsAfterOpening), new CommandResults() {
            @Override
            public void record(RemediationResult result) {
            }

            @Override
            public Optional<RemediationResult> latest(String commandId) {
                return Optional.empty();
            }
        });
    }

    @Test
    void aThemeFaultSwitchesToTheDefaultThemeAndAPluginFaultDeactivatesThePlugin() {
        RemediationCommand theme = proposeAt(incident(Cause.PLUGIN_OR_THEME_FAULT, "theme:twentytwelve-child"), 31)
                .orElseThrow();
        assertThat(theme.getAction()).isEqualTo(Action.SWITCH_TO_DEFAULT_THEME);
        assertThat(theme.getParameters()).containsEntry("theme", "twentytwelve-child");

        RemediationCommand plugin = proposeAt(incident(Cause.PLUGIN_OR_THEME_FAULT, "plugin:woocommerce"), 31)
                .orElseThrow();
        assertThat(plugin.getAction()).isEqualTo(Action.DEACTIVATE_PLUGIN);
        assertThat(plugin.getParameters()).isEqualTo(Map.of("site", "shop.example.test", "plugin", "woocommerce"));
        assertThat(plugin.getCommandId()).isEqualTo("shop.example.test/BAD_GATEWAY/20261125T091202Z/DEACTIVATE_PLUGIN/1");
    }

    @Test
    void parametersFromDataMustMatchStrictPatterns() {
        RemediationCommand bad = proposeAt(incident(Cause.PLUGIN_OR_THEME_FAULT, "plugin:x; rm -rf /"), 31)
                .orElseThrow();
        assertThat(bad.getAction()).isEqualTo(Action.NOTIFY);
        assertThat(bad.getParameters()).containsOnlyKeys("site");
        assertThat(bad.getReason()).startsWith("no valid plugin slug to deactivate");

        RemediationCommand cache = proposeAt(incident(Cause.CACHE_FAILURE, "redis-1:6379"), 31).orElseThrow();
        assertThat(cache.getAction()).isEqualTo(Action.RESTART_CACHE);
        assertThat(cache.getParameters()).containsEntry("cache", "redis-1:6379");
        RemediationCommand evil = proposeAt(incident(Cause.CACHE_FAILURE, "$(reboot)"), 31).orElseThrow();
        assertThat(evil.getParameters()).containsOnlyKeys("site");
    }

    @Test
    void aSuccessReportedAfterTheCommandExpiredIsRecordedButNothingFollowsFromIt() {
        Instant issued = OPENED.plusSeconds(30);
        Function<Duration, Optional<RemediationCommand>> nextWhenFinishedAfter = took -> {
            Incident incident = incident(Cause.PHP_FPM_DOWN, null);
            String id = incident.getIncidentId() + "/RESTART_PHP_FPM/1";
            incident.setCommands(new ArrayList<>(List.of(new CommandRef(id, Action.RESTART_PHP_FPM,
                    CommandMode.EXECUTE, issued, ResultStatus.SUCCEEDED))));
            Instant finished = issued.plus(took);
            incident.setLastErrorAt(finished.plusSeconds(300));   // the errors go on
            RemediationResult result = new RemediationResult(id, incident.getIncidentId(), incident.getSite(), "web-1",
                    Action.RESTART_PHP_FPM, ResultStatus.SUCCEEDED, finished.minusSeconds(1), finished, 0, "", "agent");
            RemediationPolicy policy = new RemediationPolicy(RemediationConfig.defaults(), Duration.ofSeconds(10));
            return policy.propose(incident, finished.plusSeconds(300), new CommandResults() {
                @Override
                public void record(RemediationResult r) {
                }

                @Override
                public Optional<RemediationResult> latest(String commandId) {
                    return Optional.of(result);
                }
            });
        };
        // finished within its 10 minutes: verified, not enough, next step
        assertThat(nextWhenFinishedAfter.apply(Duration.ofSeconds(5))).map(RemediationCommand::getAction)
                .contains(Action.RESTART_NGINX);
        // finished after it had expired: the agent should have skipped it; nothing is built on it
        assertThat(nextWhenFinishedAfter.apply(Duration.ofMinutes(11))).isEmpty();
    }

    @Test
    void nothingBeforeTheIncidentHasLastedWaitFirstNorAfterItHealedMeanwhile() {
        Incident incident = incident(Cause.PHP_FPM_DOWN, null);
        assertThat(proposeAt(incident, 29)).isEmpty();
        assertThat(proposeAt(incident, 30)).isPresent();
        Incident healed = incident(Cause.PHP_FPM_DOWN, null);
        healed.setLastErrorAt(OPENED.plusSeconds(15));
        assertThat(proposeAt(healed, 30)).isEmpty();   // the last error above the thresholds is 15 s old
    }
}
