package io.gatewatch.parse;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hand-written scanners beside {@link Timestamps} for the PHP ({@code 25-Nov-2026 09:11:54[.123456]}),
 * Redis ({@code 25 Nov 2026 09:11:54.123}) and ISO-8601 / epoch forms (nginx JSON logs, Docker's
 * line prefix). All return {@link Timestamps#INVALID} for text they cannot read; none throws.
 */
public final class MoreTimestamps {

    public static final long INVALID = Timestamps.INVALID;

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";
    private static final int MAX_CACHED_ZONES = 256;
    private static final Map<String, ZoneId> ZONES = new ConcurrentHashMap<>();

    /**
     * Length of {@code dd-Mon-yyyy HH:mm:ss} with an optional fraction ({@code .123456}) at
     * {@code from}: the index just after it, or -1 when the text there has another shape.
     */
    public static int phpDateEnd(String s, int from) {
        if (s.length() < from + 20 || s.charAt(from + 2) != '-' || s.charAt(from + 6) != '-'
                || s.charAt(from + 11) != ' ' || s.charAt(from + 14) != ':' || s.charAt(from + 17) != ':'
                || !isDigit(s.charAt(from)) || !isDigit(s.charAt(from + 1)) || !isDigit(s.charAt(from + 7))
                || !isDigit(s.charAt(from + 12)) || !isDigit(s.charAt(from + 19))) {
            return -1;
        }
        int end = from + 20;
        if (end < s.length() && s.charAt(end) == '.') {
            int f = end + 1;
            while (f < s.length() && isDigit(s.charAt(f)) && f - end <= 9) {
                f++;
            }
            if (f == end + 1) {
                return -1;
            }
            end = f;
        }
        return end;
    }

    /**
     * {@code dd-Mon-yyyy HH:mm:ss[.fraction]} between {@code from} and {@code end} (as found by
     * {@link #phpDateEnd}), in {@code zone}: PHP-FPM's master log and slowlog, PHP's error_log.
     */
    public static long phpDate(String s, int from, int end, ZoneId zone) {
        if (end < 0) {
            return INVALID;
        }
        int day = Timestamps.digits(s, from, 2);
        int month = month(s, from + 3);
        int year = Timestamps.digits(s, from + 7, 4);
        int hour = Timestamps.digits(s, from + 12, 2);
        int minute = Timestamps.digits(s, from + 15, 2);
        int second = Timestamps.digits(s, from + 18, 2);
        int millis = end > from + 20 ? fractionMillis(s, from + 21, end) : 0;
        return epochMillis(year, month, day, hour, minute, second, millis, zone);
    }

    /**
     * {@code dd Mon yyyy HH:mm:ss.mmm} at {@code from} (Redis 5+): the index just after it, or -1.
     * The day may be written with one digit by some builds; Redis itself pads it.
     */
    public static int redisDateEnd(String s, int from) {
        if (s.length() < from + 24 || s.charAt(from + 2) != ' ' || s.charAt(from + 6) != ' '
                || s.charAt(from + 11) != ' ' || s.charAt(from + 14) != ':' || s.charAt(from + 17) != ':') {
            return -1;
        }
        int end = from + 20;
        if (s.charAt(end) == '.') {
            int f = end + 1;
            while (f < s.length() && isDigit(s.charAt(f)) && f - end <= 9) {
                f++;
            }
            end = f;
        }
        return end;
    }

    /** {@code dd Mon yyyy HH:mm:ss[.mmm]} between {@code from} and {@code end}, in {@code zone}. */
    public static long redisDate(String s, int from, int end, ZoneId zone) {
        if (end < 0) {
            return INVALID;
        }
        int day = Timestamps.digits(s, from, 2);
        int month = month(s, from + 3);
        int year = Timestamps.digits(s, from + 7, 4);
        int hour = Timestamps.digits(s, from + 12, 2);
        int minute = Timestamps.digits(s, from + 15, 2);
        int second = Timestamps.digits(s, from + 18, 2);
        int millis = end > from + 20 ? fractionMillis(s, from + 21, end) : 0;
        return epochMillis(year, month, day, hour, minute, second, millis, zone);
    }

    /**
     * ISO-8601 date-time {@code yyyy-MM-ddTHH:mm:ss[.fraction][Z|±HH:MM|±HHMM]} filling the whole of
     * {@code s} (a space may stand for the 'T'). Without an offset the time is read in {@code zone}.
     */
    public static long iso(String s, ZoneId zone) {
        int end = isoEnd(s, 0);
        if (end != s.length()) {
            return INVALID;
        }
        return isoAt(s, 0, end, zone);
    }

    /** Index just after an ISO-8601 date-time starting at {@code from}, or -1. */
    public static int isoEnd(String s, int from) {
        int n = s.length();
        if (n < from + 19 || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-'
                || (s.charAt(from + 10) != 'T' && s.charAt(from + 10) != ' ')
                || s.charAt(from + 13) != ':' || s.charAt(from + 16) != ':'
                || !isDigit(s.charAt(from)) || !isDigit(s.charAt(from + 18))) {
            return -1;
        }
        int pos = from + 19;
        if (pos < n && (s.charAt(pos) == '.' || s.charAt(pos) == ',')) {
            int f = pos + 1;
            while (f < n && isDigit(s.charAt(f)) && f - pos <= 9) {
                f++;
            }
            if (f == pos + 1) {
                return -1;
            }
            pos = f;
        }
        if (pos < n) {
            char c = s.charAt(pos);
            if (c == 'Z' || c == 'z') {
                pos++;
            } else if (c == '+' || c == '-') {
                if (n >= pos + 6 && s.charAt(pos + 3) == ':') {
                    pos += 6;
                } else if (n >= pos + 5 && isDigit(s.charAt(pos + 3)) && isDigit(s.charAt(pos + 4))) {
                    pos += 5;
                } else if (n >= pos + 3 && (n == pos + 3 || !isDigit(s.charAt(pos + 3)))) {
                    pos += 3;
                } else {
                    return -1;
                }
            }
        }
        return pos;
    }

    /** The ISO-8601 date-time between {@code from} and {@code end} (from {@link #isoEnd}). */
    public static long isoAt(String s, int from, int end, ZoneId zone) {
        if (end < 0) {
            return INVALID;
        }
        int year = Timestamps.digits(s, from, 4);
        int month = Timestamps.digits(s, from + 5, 2);
        int day = Timestamps.digits(s, from + 8, 2);
        int hour = Timestamps.digits(s, from + 11, 2);
        int minute = Timestamps.digits(s, from + 14, 2);
        int second = Timestamps.digits(s, from + 17, 2);
        int pos = from + 19;
        int millis = 0;
        if (pos < end && (s.charAt(pos) == '.' || s.charAt(pos) == ',')) {
            int f = pos + 1;
            while (f < end && isDigit(s.charAt(f))) {
                f++;
            }
            millis = fractionMillis(s, pos + 1, f);
            pos = f;
        }
        if (pos == end) {
            return epochMillis(year, month, day, hour, minute, second, millis, zone);
        }
        char c = s.charAt(pos);
        int offsetSeconds;
        if (c == 'Z' || c == 'z') {
            offsetSeconds = 0;
        } else {
            int oh = Timestamps.digits(s, pos + 1, 2);
            int om = end - pos >= 5 ? Timestamps.digits(s, end - 2, 2) : 0;
            if (oh < 0 || om < 0 || oh > 18 || om > 59) {
                return INVALID;
            }
            offsetSeconds = (c == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        }
        return epochMillisAtOffset(year, month, day, hour, minute, second, millis, offsetSeconds);
    }

    /**
     * Epoch seconds with an optional fraction ({@code 1795597915.123}, nginx {@code $msec}), or epoch
     * milliseconds when the integer part has 13 digits. {@link #INVALID} for anything else.
     */
    public static long epoch(String s) {
        int n = s.length();
        int i = 0;
        long whole = 0;
        while (i < n && isDigit(s.charAt(i)) && i < 16) {
            whole = whole * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == 0) {
            return INVALID;
        }
        int intDigits = i;
        int millis = 0;
        if (i < n && s.charAt(i) == '.') {
            int f = i + 1;
            while (f < n && isDigit(s.charAt(f))) {
                f++;
            }
            millis = f > i + 1 ? fractionMillis(s, i + 1, f) : 0;
            i = f;
        }
        if (i != n) {
            return INVALID;
        }
        if (intDigits == 10) {
            return whole * 1000L + millis;
        }
        if (intDigits == 13) {
            return whole;
        }
        return INVALID;
    }

    /**
     * Index just after a Docker/containerd RFC 3339 line prefix ({@code 2024-04-10T14:39:26.708084488Z })
     * that a container runtime put before the program's own line, or 0 when there is none.
     */
    public static int dockerPrefixEnd(String s) {
        if (s.length() < 21 || s.charAt(4) != '-' || s.charAt(10) != 'T' || !isDigit(s.charAt(0))) {
            return 0;
        }
        int end = isoEnd(s, 0);
        if (end < 20 || end >= s.length() || s.charAt(end) != ' ') {
            return 0;
        }
        char last = s.charAt(end - 1);
        // Only a prefix with an explicit zone: a zone-less ISO time at the start is some program's own format.
        if (last != 'Z' && last != 'z' && s.charAt(end - 6) != '+' && s.charAt(end - 6) != '-') {
            return 0;
        }
        return end + 1;
    }

    /**
     * A time zone named in a log line ({@code UTC}, {@code Europe/Berlin}, {@code EST}, {@code +01:00});
     * null when Java does not know it. Lookups are cached.
     */
    public static ZoneId zoneNamed(String name) {
        ZoneId cached = ZONES.get(name);
        if (cached != null) {
            return cached;
        }
        if (name.isEmpty() || name.length() > 64) {
            return null;
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(name, ZoneId.SHORT_IDS);
        } catch (DateTimeException e) {
            return null;
        }
        if (ZONES.size() < MAX_CACHED_ZONES) {
            ZONES.put(name, zone);
        }
        return zone;
    }

    /** Wall-clock fields in {@code zone}; fixed-offset zones (UTC among them) skip the rules lookup. */
    public static long epochMillis(int year, int month, int day, int hour, int minute, int second, int millis,
                                   ZoneId zone) {
        if (!valid(year, month, day, hour, minute, second) || millis < 0) {
            return INVALID;
        }
        ZoneRules rules = zone.getRules();
        if (rules.isFixedOffset()) {
            int offset = rules.getOffset(java.time.Instant.EPOCH).getTotalSeconds();
            return epochMillisAtOffset(year, month, day, hour, minute, second, millis, offset);
        }
        try {
            LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second == 60 ? 59 : second);
            long base = local.atZone(zone).toInstant().toEpochMilli();
            return base + (second == 60 ? 1000L : 0L) + millis;
        } catch (DateTimeException e) {
            return INVALID;
        }
    }

    private static long epochMillisAtOffset(int year, int month, int day, int hour, int minute, int second,
                                            int millis, int offsetSeconds) {
        if (!valid(year, month, day, hour, minute, second)) {
            return INVALID;
        }
        long secs = Timestamps.epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second
                - offsetSeconds;
        return secs * 1000L + millis;
    }

    /** The first three digits of a fraction, right-padded: "1" is 100 ms, "123456" is 123 ms. */
    private static int fractionMillis(String s, int from, int to) {
        int v = 0;
        for (int i = 0; i < 3; i++) {
            int at = from + i;
            int d = at < to ? s.charAt(at) - '0' : 0;
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static boolean valid(int year, int month, int day, int hour, int minute, int second) {
        if (year < 1970 || year > 9999 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23
                || minute < 0 || minute > 59 || second < 0 || second > 60) {
            return false;
        }
        int length = switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
        return day <= length;
    }

    private static int month(String s, int at) {
        for (int i = 0; i < 12; i++) {
            if (s.regionMatches(at, MONTHS, i * 3, 3)) {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private MoreTimestamps() {
    }
}
