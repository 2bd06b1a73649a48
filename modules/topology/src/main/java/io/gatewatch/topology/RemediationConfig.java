package io.gatewatch.topology;

import io.gatewatch.avro.CommandMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How commands are proposed and which guardrails hold them back (DESIGN.md, "Remediation, and its
 * guardrails"). Every key is read once by {@link #from(Map)}; a bad value fails there with the key's name.
 *
 * <table>
 *   <caption>remediation.* keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>remediation.mode</td><td>dry-run</td><td>execute, dry-run or approval; risky actions are always approval</td></tr>
 *   <tr><td>remediation.wait.first</td><td>30s</td><td>an incident must last this long before its first command</td></tr>
 *   <tr><td>remediation.command.ttl</td><td>10m</td><td>expiresAt = issuedAt + ttl; an unanswered command is over then</td></tr>
 *   <tr><td>remediation.cooldown</td><td>10m</td><td>at most one restart per site within this time</td></tr>
 *   <tr><td>remediation.max.actions.per.hour</td><td>3</td><td>automatic actions per site in any 60 minutes (0: every action needs approval)</td></tr>
 *   <tr><td>remediation.fleet.max.concurrent</td><td>10%</td><td>sites with an automatic command in flight at once: a share
 *       of the fleet ({@code 10%} or {@code 0.1}, at least one site) or a number of sites ({@code 5})</td></tr>
 *   <tr><td>remediation.verify.window</td><td>2m</td><td>after a command succeeded the gateway errors must be gone
 *       for the second half of this window, otherwise the ladder's next step is proposed</td></tr>
 *   <tr><td>remediation.recurrence.window</td><td>24h</td><td>restarts of one site counted for recurrence</td></tr>
 *   <tr><td>remediation.recurrence.max.restarts</td><td>3</td><td>once a site had this many restarts within the
 *       recurrence window, a further restart becomes NOTIFY "underlying resource problem"</td></tr>
 * </table>
 *
 * @param mode                  mode of actions that are not risky; risky ones are always APPROVAL
 * @param waitFirst             an incident must have lasted this long (event time) before a command is proposed,
 *                              because many 502 bursts heal by themselves within a minute
 * @param commandTtl            how long after issue an agent may still carry a command out
 * @param cooldown              at most one restart per site within this time
 * @param maxActionsPerHour     automatic (execute or dry-run) actions per site within any hour
 * @param fleetMaxConcurrent    sites that may have an automatic command in flight at once
 * @param verifyWindow          how long after a command succeeded the incident is checked before the next step
 * @param recurrenceWindow      restarts of one site within this time count towards recurrence
 * @param recurrenceMaxRestarts restarts within the recurrence window after which restarts turn into NOTIFY
 */
public record RemediationConfig(CommandMode mode, Duration waitFirst, Duration commandTtl, Duration cooldown,
                                int maxActionsPerHour, FleetLimit fleetMaxConcurrent, Duration verifyWindow,
                                Duration recurrenceWindow, int recurrenceMaxRestarts) {

    public RemediationConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(waitFirst, "waitFirst");
        Objects.requireNonNull(commandTtl, "commandTtl");
        Objects.requireNonNull(cooldown, "cooldown");
        Objects.requireNonNull(fleetMaxConcurrent, "fleetMaxConcurrent");
        Objects.requireNonNull(verifyWindow, "verifyWindow");
        Objects.requireNonNull(recurrenceWindow, "recurrenceWindow");
        if (waitFirst.isNegative()) {
            throw new IllegalArgumentException(GatewatchConfig.WAIT_FIRST + " must not be negative, got " + waitFirst);
        }
        positive(GatewatchConfig.COMMAND_TTL, commandTtl);
        if (cooldown.isNegative()) {
            throw new IllegalArgumentException(GatewatchConfig.COOLDOWN + " must not be negative, got " + cooldown);
        }
        if (maxActionsPerHour < 0) {
            throw new IllegalArgumentException(GatewatchConfig.MAX_ACTIONS_PER_HOUR
                    + " must be 0 (every action needs approval) or more, got " + maxActionsPerHour);
        }
        positive(GatewatchConfig.VERIFY_WINDOW, verifyWindow);
        positive(GatewatchConfig.RECURRENCE_WINDOW, recurrenceWindow);
        if (recurrenceMaxRestarts < 1) {
            throw new IllegalArgumentException(GatewatchConfig.RECURRENCE_MAX_RESTARTS + " must be at least 1, got "
                    + recurrenceMaxRestarts);
        }
    }

    /** Reads the remediation.* keys; absent ones take their defaults. Bad values name their key. */
    public static RemediationConfig from(Map<String, String> props) {
        RemediationConfig d = defaults();
        return new RemediationConfig(
                GatewatchConfig.mode(props, GatewatchConfig.MODE, d.mode()),
                GatewatchConfig.duration(props, GatewatchConfig.WAIT_FIRST, d.waitFirst()),
                GatewatchConfig.duration(props, GatewatchConfig.COMMAND_TTL, d.commandTtl()),
                GatewatchConfig.duration(props, GatewatchConfig.COOLDOWN, d.cooldown()),
                GatewatchConfig.integer(props, GatewatchConfig.MAX_ACTIONS_PER_HOUR, d.maxActionsPerHour()),
                FleetLimit.parse(GatewatchConfig.FLEET_MAX_CONCURRENT, props.get(GatewatchConfig.FLEET_MAX_CONCURRENT),
                        d.fleetMaxConcurrent()),
                GatewatchConfig.duration(props, GatewatchConfig.VERIFY_WINDOW, d.verifyWindow()),
                GatewatchConfig.duration(props, GatewatchConfig.RECURRENCE_WINDOW, d.recurrenceWindow()),
                GatewatchConfig.integer(props, GatewatchConfig.RECURRENCE_MAX_RESTARTS, d.recurrenceMaxRestarts()));
    }

    public static RemediationConfig defaults() {
        return new RemediationConfig(CommandMode.DRY_RUN, Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofMinutes(10), 3, FleetLimit.share(0.10), Duration.ofMinutes(2), Duration.ofHours(24), 3);
    }

    private static void positive(String key, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + d);
        }
    }

    /**
     * How many sites may have an automatic command in flight at once: either a share of the fleet (the
     * sites of the inventory, or the sites remediation has seen if that is larger), never less than one
     * site so that a small fleet can still heal, or an absolute number of sites.
     *
     * @param share    share of the fleet in (0, 1], or 0 when {@code sites} applies
     * @param sites    absolute number of sites, or 0 when {@code share} applies
     */
    public record FleetLimit(double share, int sites) {

        public FleetLimit {
            if ((share > 0) == (sites > 0)) {
                throw new IllegalArgumentException("a fleet limit is either a share or a number of sites");
            }
            if (share > 1 || sites < 0 || Double.isNaN(share)) {
                throw new IllegalArgumentException("fleet limit out of range: share " + share + ", sites " + sites);
            }
        }

        public static FleetLimit share(double share) {
            return new FleetLimit(share, 0);
        }

        public static FleetLimit sites(int sites) {
            return new FleetLimit(0, sites);
        }

        /** The limit for a fleet of {@code fleetSize} sites. */
        public int limit(int fleetSize) {
            if (sites > 0) {
                return sites;
            }
            return Math.max(1, (int) Math.floor(share * fleetSize + 1e-9));
        }

        /** {@code 10%}, {@code 0.1} (a share) or {@code 5} (sites). */
        static FleetLimit parse(String key, String value, FleetLimit fallback) {
            if (value == null || value.isBlank()) {
                return fallback;
            }
            String s = value.trim();
            String why = key + ": '" + value + "' is neither a share of the fleet (10% or 0.1, above 0 and at most 1)"
                    + " nor a number of sites (1 or more)";
            try {
                if (s.endsWith("%")) {
                    double pct = Double.parseDouble(s.substring(0, s.length() - 1).trim());
                    if (!(pct > 0 && pct <= 100)) {
                        throw new IllegalArgumentException(why);
                    }
                    return share(pct / 100.0);
                }
                if (s.contains(".")) {
                    double share = Double.parseDouble(s);
                    if (!(share > 0 && share <= 1)) {
                        throw new IllegalArgumentException(why);
                    }
                    return share(share);
                }
                int n = Integer.parseInt(s);
                if (n < 1) {
                    throw new IllegalArgumentException(why);
                }
                return sites(n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(why);
            }
        }

        @Override
        public String toString() {
            if (sites > 0) {
                return sites + (sites == 1 ? " site" : " sites");
            }
            return String.format(Locale.ROOT, "%s%% of the fleet", stripZeros(share * 100));
        }

        private static String stripZeros(double v) {
            String s = String.format(Locale.ROOT, "%.4f", v);
            s = s.replaceAll("0+$", "");
            return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
        }
    }
}
