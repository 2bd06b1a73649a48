package io.gatewatch.topology;

import io.gatewatch.avro.CommandMode;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The topology's configuration, parsed once from flat properties into typed values. Every bad value
 * fails here with the property's name, never later inside a stream thread.
 *
 * @param schemaRegistryUrl registry for the wire-format serdes; {@code mock://NAME} for an in-process one
 * @param defaultZone       zone of zone-less timestamps when a record does not name one
 * @param maxRecordBytes    larger input records are dead-lettered instead of parsed
 * @param maxEntryLines     a multi-line entry arriving line by line is parsed once it has this many lines
 * @param multilineFlush    ... or once no line followed it for this long
 * @param detection         incident thresholds and timing
 * @param remediation       command policy
 */
public record GatewatchConfig(String schemaRegistryUrl, ZoneId defaultZone, int maxRecordBytes,
                              int maxEntryLines, Duration multilineFlush,
                              DetectionConfig detection, RemediationConfig remediation) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String DEFAULT_ZONE = "input.default.zone";
    public static final String MAX_RECORD_BYTES = "input.max.record.bytes";
    public static final String MAX_ENTRY_LINES = "input.multiline.max.lines";
    public static final String MULTILINE_FLUSH = "input.multiline.flush";
    public static final String WINDOW = "detection.window";
    public static final String MIN_ERRORS = "detection.min.errors";
    public static final String MIN_SHARE = "detection.min.share";
    public static final String LOOKBACK = "detection.lookback";
    public static final String QUIET_PERIOD = "detection.quiet.period";
    public static final String HOLD_PERIOD = "detection.hold.period";
    public static final String SILENT_TIMEOUT = "detection.silent.timeout";
    public static final String GRACE = "detection.grace";
    public static final String MODE = "remediation.mode";
    public static final String WAIT_FIRST = "remediation.wait.first";
    public static final String COMMAND_TTL = "remediation.command.ttl";
    /** At most one restart per site within this time (default 10m). */
    public static final String COOLDOWN = "remediation.cooldown";
    /** Automatic actions per site within any hour (default 3; 0: every action needs approval). */
    public static final String MAX_ACTIONS_PER_HOUR = "remediation.max.actions.per.hour";
    /** Sites with an automatic command in flight at once: 10% / 0.1 of the fleet, or 5 sites (default 10%). */
    public static final String FLEET_MAX_CONCURRENT = "remediation.fleet.max.concurrent";
    /** After a command succeeded, how long before the incident is checked and the ladder moves on (default 2m). */
    public static final String VERIFY_WINDOW = "remediation.verify.window";
    /** Restarts of one site within this time count towards recurrence (default 24h). */
    public static final String RECURRENCE_WINDOW = "remediation.recurrence.window";
    /** After this many restarts of a site within the recurrence window, restarts become NOTIFY (default 3). */
    public static final String RECURRENCE_MAX_RESTARTS = "remediation.recurrence.max.restarts";

    public GatewatchConfig {
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(defaultZone, "defaultZone");
        Objects.requireNonNull(detection, "detection");
        Objects.requireNonNull(remediation, "remediation");
        if (maxRecordBytes < 1024) {
            throw new IllegalArgumentException(MAX_RECORD_BYTES + " must be at least 1024, got " + maxRecordBytes);
        }
        if (maxEntryLines < 1) {
            throw new IllegalArgumentException(MAX_ENTRY_LINES + " must be at least 1, got " + maxEntryLines);
        }
        Objects.requireNonNull(multilineFlush, "multilineFlush");
    }

    /** Reads the properties named by the constants above; absent ones take their defaults. */
    public static GatewatchConfig from(Map<String, String> props) {
        Objects.requireNonNull(props, "props");
        DetectionConfig d = DetectionConfig.defaults();
        String url = props.get(SCHEMA_REGISTRY_URL);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(SCHEMA_REGISTRY_URL + " is required (http://host:port, or mock://name for tests)");
        }
        DetectionConfig detection = new DetectionConfig(
                duration(props, WINDOW, d.window()),
                integer(props, MIN_ERRORS, d.minErrors()),
                decimal(props, MIN_SHARE, d.minShare()),
                duration(props, LOOKBACK, d.lookback()),
                duration(props, QUIET_PERIOD, d.quietPeriod()),
                duration(props, HOLD_PERIOD, d.holdPeriod()),
                duration(props, SILENT_TIMEOUT, d.silentTimeout()),
                duration(props, GRACE, d.grace()));
        RemediationConfig remediation = RemediationConfig.from(props);
        return new GatewatchConfig(url.trim(), zone(props, DEFAULT_ZONE, ZoneId.of("UTC")),
                integer(props, MAX_RECORD_BYTES, 1 << 20), integer(props, MAX_ENTRY_LINES, 500),
                duration(props, MULTILINE_FLUSH, Duration.ofSeconds(2)), detection, remediation);
    }

    public static GatewatchConfig defaults(String schemaRegistryUrl) {
        return from(Map.of(SCHEMA_REGISTRY_URL, schemaRegistryUrl));
    }

    public GatewatchConfig withDetection(DetectionConfig newDetection) {
        return new GatewatchConfig(schemaRegistryUrl, defaultZone, maxRecordBytes, maxEntryLines, multilineFlush,
                newDetection, remediation);
    }

    public GatewatchConfig withRemediation(RemediationConfig newRemediation) {
        return new GatewatchConfig(schemaRegistryUrl, defaultZone, maxRecordBytes, maxEntryLines, multilineFlush,
                detection, newRemediation);
    }

    /** Durations as ISO-8601 (PT30S) or a number with a unit: 500ms, 30s, 5m, 1h. */
    static Duration duration(Map<String, String> props, String key, Duration fallback) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt") || s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a duration (use 30s, 5m, 1h or PT30S)");
        }
    }

    static int integer(Map<String, String> props, String key, int fallback) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a whole number");
        }
    }

    static double decimal(Map<String, String> props, String key, double fallback) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a number");
        }
    }

    static ZoneId zone(Map<String, String> props, String key, ZoneId fallback) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return ZoneId.of(v.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a time zone (use UTC, +01:00 or Europe/Berlin)");
        }
    }

    static CommandMode mode(Map<String, String> props, String key, CommandMode fallback) {
        String v = props.get(key);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        String s = v.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return CommandMode.valueOf(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not one of execute, dry-run, approval");
        }
    }
}
