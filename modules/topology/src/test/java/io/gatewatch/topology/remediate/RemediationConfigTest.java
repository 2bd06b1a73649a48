package io.gatewatch.topology.remediate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.avro.CommandMode;
import io.gatewatch.topology.GatewatchConfig;
import io.gatewatch.topology.RemediationConfig;
import io.gatewatch.topology.RemediationConfig.FleetLimit;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The remediation.* keys: defaults, accepted spellings, and errors that name the key. */
class RemediationConfigTest {

    private static RemediationConfig parse(String key, String value) {
        return RemediationConfig.from(Map.of(key, value));
    }

    @Test
    void defaultsAreTheDocumentedOnes() {
        RemediationConfig d = RemediationConfig.from(Map.of());
        assertThat(d).isEqualTo(RemediationConfig.defaults());
        assertThat(d.mode()).isEqualTo(CommandMode.DRY_RUN);
        assertThat(d.waitFirst()).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.commandTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.cooldown()).isEqualTo(Duration.ofMinutes(10));
        assertThat(d.maxActionsPerHour()).isEqualTo(3);
        assertThat(d.fleetMaxConcurrent()).isEqualTo(FleetLimit.share(0.10));
        assertThat(d.verifyWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.recurrenceWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(d.recurrenceMaxRestarts()).isEqualTo(3);
    }

    @Test
    void everyKeyIsRead() {
        RemediationConfig c = RemediationConfig.from(Map.of(
                GatewatchConfig.MODE, "execute",
                GatewatchConfig.COOLDOWN, "15m",
                GatewatchConfig.MAX_ACTIONS_PER_HOUR, "5",
                GatewatchConfig.FLEET_MAX_CONCURRENT, "4",
                GatewatchConfig.VERIFY_WINDOW, "90s",
                GatewatchConfig.RECURRENCE_WINDOW, "12h",
                GatewatchConfig.RECURRENCE_MAX_RESTARTS, "2"));
        assertThat(c.mode()).isEqualTo(CommandMode.EXECUTE);
        assertThat(c.cooldown()).isEqualTo(Duration.ofMinutes(15));
        assertThat(c.maxActionsPerHour()).isEqualTo(5);
        assertThat(c.fleetMaxConcurrent()).isEqualTo(FleetLimit.sites(4));
        assertThat(c.verifyWindow()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.recurrenceWindow()).isEqualTo(Duration.ofHours(12));
        assertThat(c.recurrenceMaxRestarts()).isEqualTo(2);
        assertThat(GatewatchConfig.from(Map.of(GatewatchConfig.SCHEMA_REGISTRY_URL, "mock://x",
                GatewatchConfig.COOLDOWN, "15m")).remediation().cooldown()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theFleetLimitIsAShareOrANumberOfSites() {
        assertThat(parse(GatewatchConfig.FLEET_MAX_CONCURRENT, "25%").fleetMaxConcurrent()).isEqualTo(FleetLimit.share(0.25));
        assertThat(parse(GatewatchConfig.FLEET_MAX_CONCURRENT, "0.25").fleetMaxConcurrent()).isEqualTo(FleetLimit.share(0.25));
        assertThat(parse(GatewatchConfig.FLEET_MAX_CONCURRENT, "3").fleetMaxConcurrent()).isEqualTo(FleetLimit.sites(3));
        assertThat(FleetLimit.share(0.10).limit(200)).isEqualTo(20);
        assertThat(FleetLimit.share(0.10).limit(25)).isEqualTo(2);
        assertThat(FleetLimit.share(0.10).limit(3)).as("a small fleet can still act on one site").isEqualTo(1);
        assertThat(FleetLimit.share(0.30).limit(10)).isEqualTo(3);
        assertThat(FleetLimit.sites(3).limit(1000)).isEqualTo(3);
        assertThat(FleetLimit.share(0.10)).hasToString("10% of the fleet");
        assertThat(FleetLimit.sites(1)).hasToString("1 site");
    }

    @Test
    void badValuesNameTheirKey() {
        for (String bad : new String[] {"0", "0%", "150%", "1.5", "-2", "lots", "0.0"}) {
            assertThatThrownBy(() -> parse(GatewatchConfig.FLEET_MAX_CONCURRENT, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("remediation.fleet.max.concurrent: '" + bad + "'");
        }
        assertThatThrownBy(() -> parse(GatewatchConfig.COOLDOWN, "soon"))
                .hasMessageStartingWith("remediation.cooldown: 'soon' is not a duration");
        assertThatThrownBy(() -> parse(GatewatchConfig.COOLDOWN, "-1m"))
                .hasMessage("remediation.cooldown must not be negative, got PT-1M");
        assertThatThrownBy(() -> parse(GatewatchConfig.MAX_ACTIONS_PER_HOUR, "-1"))
                .hasMessageStartingWith("remediation.max.actions.per.hour must be 0");
        assertThatThrownBy(() -> parse(GatewatchConfig.MAX_ACTIONS_PER_HOUR, "three"))
                .hasMessage("remediation.max.actions.per.hour: 'three' is not a whole number");
        assertThatThrownBy(() -> parse(GatewatchConfig.VERIFY_WINDOW, "0s"))
                .hasMessage("remediation.verify.window must be positive, got PT0S");
        assertThatThrownBy(() -> parse(GatewatchConfig.RECURRENCE_WINDOW, "0m"))
                .hasMessage("remediation.recurrence.window must be positive, got PT0S");
        assertThatThrownBy(() -> parse(GatewatchConfig.RECURRENCE_MAX_RESTARTS, "0"))
                .hasMessage("remediation.recurrence.max.restarts must be at least 1, got 0");
        assertThatThrownBy(() -> parse(GatewatchConfig.COMMAND_TTL, "0s"))
                .hasMessage("remediation.command.ttl must be positive, got PT0S");
        assertThatThrownBy(() -> parse(GatewatchConfig.WAIT_FIRST, "-5s"))
                .hasMessage("remediation.wait.first must not be negative, got PT-5S");
        assertThatThrownBy(() -> parse(GatewatchConfig.MODE, "yolo"))
                .hasMessage("remediation.mode: 'yolo' is not one of execute, dry-run, approval");
    }
}
