package io.gatewatch.parse.mysql;

import io.gatewatch.parse.Timestamps;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The timestamp shapes MySQL, MariaDB and Percona write, read in place:
 * <ul>
 *   <li>{@code 2019-03-04T16:51:19.123456Z} / {@code …+08:00} (5.7+, error log and {@code # Time:});</li>
 *   <li>{@code 2019-10-02 12:54:27} and {@code 2021-07-06  7:29:32} (MariaDB 10.x / MySQL 5.6, no zone);</li>
 *   <li>{@code 161020 11:41:56} and {@code 191015  9:46:45} (MySQL 5.5 / MariaDB 5.5–10.1, no zone).</li>
 * </ul>
 * Zone-less times are read in the caller's zone. Nothing here throws for bad input.
 */
final class MysqlTime {

    private final long millis;
    private final int end;

    private MysqlTime(long millis, int end) {
        this.millis = millis;
        this.end = end;
    }

    long millis() {
        return millis;
    }

    /** Index just after the timestamp. */
    int end() {
        return end;
    }

    /** Reads a timestamp starting exactly at {@code from}; null when there is none. */
    static MysqlTime scan(String s, int from, ZoneId zone) {
        int n = s.length();
        if (n - from < 13) {
            return null;
        }
        int year;
        int month;
        int day;
        int pos;
        if (isDigits(s, from, 4) && s.charAt(from + 4) == '-') {
            // yyyy-MM-dd
            if (n - from < 16 || !isDigits(s, from + 5, 2) || s.charAt(from + 7) != '-' || !isDigits(s, from + 8, 2)) {
                return null;
            }
            year = digits(s, from, 4);
            month = digits(s, from + 5, 2);
            day = digits(s, from + 8, 2);
            pos = from + 10;
            if (s.charAt(pos) == 'T') {
                pos++;
            } else if (s.charAt(pos) == ' ') {
                while (pos < n && s.charAt(pos) == ' ') {
                    pos++;
                }
            } else {
                return null;
            }
        } else if (isDigits(s, from, 6) && s.charAt(from + 6) == ' ') {
            // yyMMdd, then one or two spaces (the hour is space-padded)
            year = 2000 + digits(s, from, 2);
            month = digits(s, from + 2, 2);
            day = digits(s, from + 4, 2);
            pos = from + 6;
            while (pos < n && s.charAt(pos) == ' ') {
                pos++;
            }
        } else {
            return null;
        }
        // H:mm:ss or HH:mm:ss
        int hourDigits = pos + 1 < n && isDigit(s.charAt(pos)) && isDigit(s.charAt(pos + 1)) ? 2 : 1;
        if (pos + hourDigits + 6 > n || !isDigits(s, pos, hourDigits) || s.charAt(pos + hourDigits) != ':') {
            return null;
        }
        int hour = digits(s, pos, hourDigits);
        pos += hourDigits + 1;
        if (!isDigits(s, pos, 2) || s.charAt(pos + 2) != ':' || !isDigits(s, pos + 3, 2)) {
            return null;
        }
        int minute = digits(s, pos, 2);
        int second = digits(s, pos + 3, 2);
        pos += 5;
        int nanos = 0;
        if (pos < n && s.charAt(pos) == '.') {
            int scale = 100_000_000;
            pos++;
            int start = pos;
            while (pos < n && isDigit(s.charAt(pos))) {
                if (scale > 0) {
                    nanos += (s.charAt(pos) - '0') * scale;
                    scale /= 10;
                }
                pos++;
            }
            if (pos == start) {
                return null;
            }
        }
        ZoneId z = zone;
        if (pos < n && (s.charAt(pos) == 'Z' || s.charAt(pos) == 'z')) {
            z = ZoneOffset.UTC;
            pos++;
        } else if (pos < n && (s.charAt(pos) == '+' || s.charAt(pos) == '-') && pos + 3 <= n && isDigits(s, pos + 1, 2)) {
            int sign = s.charAt(pos) == '-' ? -1 : 1;
            int oh = digits(s, pos + 1, 2);
            int om = 0;
            int after = pos + 3;
            if (after + 3 <= n && s.charAt(after) == ':' && isDigits(s, after + 1, 2)) {
                om = digits(s, after + 1, 2);
                after += 3;
            } else if (after + 2 <= n && isDigits(s, after, 2)) {
                om = digits(s, after, 2);
                after += 2;
            }
            if (oh > 18 || om > 59) {
                return null;
            }
            z = ZoneOffset.ofTotalSeconds(sign * (oh * 3600 + om * 60));
            pos = after;
        }
        long millis = toMillis(year, month, day, hour, minute, second, nanos, z);
        return millis == Timestamps.INVALID ? null : new MysqlTime(millis, pos);
    }

    /** Whether a line begins with a timestamp this class can read (an error-log entry start). */
    static boolean startsWithTime(String line) {
        return scan(line, 0, ZoneOffset.UTC) != null;
    }

    static long toMillis(int year, int month, int day, int hour, int minute, int second, int nanos, ZoneId zone) {
        if (year < 1970 || year > 9999 || hour > 23 || minute > 59 || second > 60) {
            return Timestamps.INVALID;
        }
        try {
            // A leap second (:60) is folded onto the next second, as MySQL itself cannot write one.
            LocalDateTime t = LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59), nanos);
            if (second == 60) {
                t = t.plusSeconds(1);
            }
            return t.atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            return Timestamps.INVALID;
        }
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isDigits(String s, int at, int count) {
        if (at < 0 || at + count > s.length()) {
            return false;
        }
        for (int i = at; i < at + count; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int digits(String s, int at, int count) {
        int v = 0;
        for (int i = at; i < at + count; i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }
}
