package io.gatewatch.topology;

import io.gatewatch.avro.CommandMode;
import java.time.Duration;
import java.util.Objects;

/**
 * How commands are proposed.
 *
 * @param mode       mode of actions that are not risky; risky ones are always APPROVAL
 * @param waitFirst  an incident must have lasted this long (event time) before a command is proposed,
 *                   because many 502 bursts heal by themselves within a minute
 * @param commandTtl how long after issue an agent may still carry a command out
 */
public record RemediationConfig(CommandMode mode, Duration waitFirst, Duration commandTtl) {

    public RemediationConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(waitFirst, "waitFirst");
        Objects.requireNonNull(commandTtl, "commandTtl");
        if (commandTtl.isNegative() || commandTtl.isZero()) {
            throw new IllegalArgumentException("remediation.command.ttl must be positive, got " + commandTtl);
        }
    }

    /** Reads the remediation.* keys; absent ones take their defaults. Bad values name their key. */
    public static RemediationConfig from(java.util.Map<String, String> props) {
        RemediationConfig d = defaults();
        return new RemediationConfig(
                GatewatchConfig.mode(props, GatewatchConfig.MODE, d.mode()),
                GatewatchConfig.duration(props, GatewatchConfig.WAIT_FIRST, d.waitFirst()),
                GatewatchConfig.duration(props, GatewatchConfig.COMMAND_TTL, d.commandTtl()));
    }

    public static RemediationConfig defaults() {
        return new RemediationConfig(CommandMode.DRY_RUN, Duration.ofSeconds(30), Duration.ofMinutes(10));
    }
}
