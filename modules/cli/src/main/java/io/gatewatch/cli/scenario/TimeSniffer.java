package io.gatewatch.cli.scenario;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the timestamp of an entry in any of the scenario formats, only to merge files in time order.
 * Replay reading is not a hot path, so regular expressions are fine here; the topology itself uses
 * the parsers' own hand-written scanners.
 */
final class TimeSniffer {

    private static final Pattern NGINX_ERROR = Pattern.compile("^(\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2})");
    private static final Pattern NGINX_LOCAL = Pattern.compile("\\[(\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4})]");
    private static final Pattern BRACKET_DMY = Pattern.compile("^\\s*\\[(\\d{2}-[A-Z][a-z]{2}-\\d{4} \\d{2}:\\d{2}:\\d{2})(?:\\.\\d+)?(?: ([A-Za-z_/+\\-0-9]+))?]");
    private static final Pattern ISO = Pattern.compile("(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?)(Z|[+-]\\d{2}:?\\d{2})?");
    private static final Pattern MYSQL_OLD = Pattern.compile("^# Time: (\\d{6})\\s+(\\d{1,2}:\\d{2}:\\d{2})");
    private static final Pattern REDIS = Pattern.compile("^\\d+:[XCSM] (\\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2})");
    private static final Pattern JSON_EPOCH = Pattern.compile("\"timestamp\"\\s*:\\s*(\\d{9,19})");

    private static final DateTimeFormatter F_NGINX_ERROR = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter F_NGINX_LOCAL = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final DateTimeFormatter F_DMY = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter F_MYSQL_OLD = DateTimeFormatter.ofPattern("yyMMdd H:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter F_REDIS = DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss", Locale.ROOT);

    private TimeSniffer() {
    }

    static OptionalLong sniff(String text, ZoneId zone) {
        try {
            Matcher m = NGINX_ERROR.matcher(text);
            if (m.find()) {
                return local(LocalDateTime.parse(m.group(1), F_NGINX_ERROR), zone);
            }
            m = NGINX_LOCAL.matcher(text);
            if (m.find()) {
                return OptionalLong.of(OffsetDateTime.parse(m.group(1), F_NGINX_LOCAL).toInstant().toEpochMilli());
            }
            m = BRACKET_DMY.matcher(text);
            if (m.find()) {
                ZoneId z = zone;
                if (m.group(2) != null) {
                    try {
                        z = ZoneId.of(m.group(2));
                    } catch (RuntimeException e) {
                        z = zone;
                    }
                }
                return local(LocalDateTime.parse(m.group(1), F_DMY), z);
            }
            m = MYSQL_OLD.matcher(text);
            if (m.find()) {
                return local(LocalDateTime.parse(m.group(1) + " " + m.group(2), F_MYSQL_OLD), zone);
            }
            m = REDIS.matcher(text);
            if (m.find()) {
                return local(LocalDateTime.parse(m.group(1), F_REDIS), zone);
            }
            m = JSON_EPOCH.matcher(text);
            if (m.find()) {
                return OptionalLong.of(epochToMillis(Long.parseLong(m.group(1))));
            }
            m = ISO.matcher(text);
            if (m.find()) {
                String t = m.group(1).replace(' ', 'T');
                if (m.group(2) == null) {
                    return local(LocalDateTime.parse(t), zone);
                }
                String off = m.group(2);
                if (!off.equals("Z") && off.length() == 5) {
                    off = off.substring(0, 3) + ":" + off.substring(3);
                }
                return OptionalLong.of(OffsetDateTime.parse(t + off).toInstant().toEpochMilli());
            }
        } catch (DateTimeParseException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }

    /** Seconds, milliseconds, microseconds or nanoseconds since the epoch, told apart by magnitude. */
    static long epochToMillis(long v) {
        if (v < 100_000_000_000L) {
            return v * 1000L;
        }
        if (v < 100_000_000_000_000L) {
            return v;
        }
        if (v < 100_000_000_000_000_000L) {
            return v / 1000L;
        }
        return v / 1_000_000L;
    }

    private static OptionalLong local(LocalDateTime t, ZoneId zone) {
        Instant i = t.atZone(zone).toInstant();
        return OptionalLong.of(i.toEpochMilli());
    }
}
