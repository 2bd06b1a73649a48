package io.gatewatch.parse.mysql;

/** Small, allocation-light helpers shared by the MySQL parsers. None of them throws for bad input. */
final class MysqlText {

    /** Messages and query texts are kept up to this many characters. */
    static final int MAX_MESSAGE_CHARS = 2048;

    private static final String ELLIPSIS = "…";

    private MysqlText() {
    }

    /** {@code s} cut to {@link #MAX_MESSAGE_CHARS}, never splitting a surrogate pair, marked with '…' when cut. */
    static String truncate(String s) {
        if (s.length() <= MAX_MESSAGE_CHARS) {
            return s;
        }
        int cut = MAX_MESSAGE_CHARS - ELLIPSIS.length();
        if (Character.isHighSurrogate(s.charAt(cut - 1))) {
            cut--;
        }
        return s.substring(0, cut) + ELLIPSIS;
    }

    /** A non-negative decimal such as {@code 2.000652}; null unless the whole text is one. */
    static Double decimal(String s) {
        if (s == null || s.isEmpty() || s.length() > 40) {
            return null;
        }
        boolean dot = false;
        boolean digit = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                if (dot) {
                    return null;
                }
                dot = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                return null;
            }
        }
        if (!digit) {
            return null;
        }
        try {
            double v = Double.parseDouble(s);
            return Double.isFinite(v) ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A non-negative whole number of at most 18 digits; null otherwise. */
    static Long whole(String s) {
        if (s == null || s.isEmpty() || s.length() > 18) {
            return null;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** A whole number that fits an int, or null. */
    static Integer smallWhole(String s) {
        Long v = whole(s);
        return v == null || v > Integer.MAX_VALUE ? null : v.intValue();
    }

    static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Removes trailing whitespace (spaces, tabs, CR, LF). */
    static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Value of a single-quoted field after {@code marker}, for example {@code user: 'x'}; null when absent. */
    static String quotedAfter(String s, String marker) {
        int at = s.indexOf(marker);
        if (at < 0) {
            return null;
        }
        int open = at + marker.length();
        if (open >= s.length() || s.charAt(open) != '\'') {
            return null;
        }
        int close = s.indexOf('\'', open + 1);
        return close < 0 ? null : emptyToNull(s.substring(open + 1, close));
    }
}
