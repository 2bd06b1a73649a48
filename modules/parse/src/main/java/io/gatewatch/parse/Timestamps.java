package io.gatewatch.parse;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Hand-written timestamp scanners for the log formats. They read digits in place instead of going
 * through DateTimeFormatter, which dominates parse time on access-log volume.
 */
public final class Timestamps {

    /** Marks a timestamp that could not be read. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    /** {@code yyyy/MM/dd HH:mm:ss} at {@code from}, in {@code zone} (nginx error log). */
    public static long nginxError(String s, int from, ZoneId zone) {
        if (s.length() < from + 19 || s.charAt(from + 4) != '/' || s.charAt(from + 7) != '/'
                || s.charAt(from + 10) != ' ' || s.charAt(from + 13) != ':' || s.charAt(from + 16) != ':') {
            return INVALID;
        }
        int year = digits(s, from, 4);
        int month = digits(s, from + 5, 2);
        int day = digits(s, from + 8, 2);
        int hour = digits(s, from + 11, 2);
        int minute = digits(s, from + 14, 2);
        int second = digits(s, from + 17, 2);
        return toEpochMillis(year, month, day, hour, minute, second, 0, zone);
    }

    /** {@code dd/MMM/yyyy:HH:mm:ss +zzzz} at {@code from} (nginx $time_local); the offset is in the text. */
    public static long nginxLocal(String s, int from) {
        if (s.length() < from + 26 || s.charAt(from + 2) != '/' || s.charAt(from + 6) != '/'
                || s.charAt(from + 11) != ':' || s.charAt(from + 20) != ' ') {
            return INVALID;
        }
        int day = digits(s, from, 2);
        int month = month(s, from + 3);
        int year = digits(s, from + 7, 4);
        int hour = digits(s, from + 12, 2);
        int minute = digits(s, from + 15, 2);
        int second = digits(s, from + 18, 2);
        char sign = s.charAt(from + 21);
        int oh = digits(s, from + 22, 2);
        int om = digits(s, from + 24, 2);
        if ((sign != '+' && sign != '-') || oh < 0 || om < 0 || oh > 18 || om > 59) {
            return INVALID;
        }
        int offsetSeconds = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        return toEpochMillis(year, month, day, hour, minute, second, offsetSeconds);
    }

    static long toEpochMillis(int year, int month, int day, int hour, int minute, int second,
                              int nanos, ZoneId zone) {
        if (!valid(year, month, day, hour, minute, second)) {
            return INVALID;
        }
        if (zone instanceof ZoneOffset offset) {
            return toEpochMillis(year, month, day, hour, minute, second, offset.getTotalSeconds());
        }
        // Region zones need the rules for that instant (DST); this path is the less common one.
        LocalDateTime local = LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        return local.atZone(zone).toInstant().toEpochMilli();
    }

    private static long toEpochMillis(int year, int month, int day, int hour, int minute, int second,
                                      int offsetSeconds) {
        if (!valid(year, month, day, hour, minute, second)) {
            return INVALID;
        }
        long epochDay = epochDay(year, month, day);
        long secs = epochDay * 86_400L + hour * 3600L + minute * 60L + second - offsetSeconds;
        return secs * 1000L;
    }

    private static boolean valid(int year, int month, int day, int hour, int minute, int second) {
        return year >= 1970 && year <= 9999 && month >= 1 && month <= 12 && day >= 1
                && day <= lengthOfMonth(year, month) && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59
                && second >= 0 && second <= 60;
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01, the same algorithm as {@link java.time.LocalDate#toEpochDay()}. */
    static long epochDay(int year, int month, int day) {
        long y = year;
        long m = month;
        long total = 365 * y;
        total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367 * m - 362) / 12;
        total += day - 1;
        if (m > 2) {
            total--;
            if (!(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
                total--;
            }
        }
        return total - 719_528L;
    }

    private static int month(String s, int at) {
        for (int i = 0; i < 12; i++) {
            if (s.regionMatches(at, MONTHS, i * 3, 3)) {
                return i + 1;
            }
        }
        return -1;
    }

    /** Reads {@code n} decimal digits; -1 when any is not a digit. */
    static int digits(String s, int at, int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(at + i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private Timestamps() {
    }
}
