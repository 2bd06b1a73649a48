package io.gatewatch.parse.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Timestamps;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Shared reading of the one-object-per-line JSON formats (CDN logs, Telegraf metrics, change events).
 * These are not the hot path, so Jackson's tree model and java.time are fine here.
 */
public final class JsonEntries {

    /** Latest instant accepted: 9999-12-31T23:59:59.999Z. */
    private static final long MAX_MILLIS = 253_402_300_799_999L;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();

    private JsonEntries() {
    }

    /** One parsed line: the object, or why there is none. */
    public record Parsed(ObjectNode object, ParseResult rejection) {

        public boolean ok() {
            return object != null;
        }
    }

    /** Reads {@code entry} as a single JSON object; {@code what} names the format in rejections. */
    public static Parsed object(String entry, String what) {
        String trimmed = entry.strip();
        if (trimmed.isEmpty()) {
            return new Parsed(null, ParseResult.reject(DeadLetterReason.EMPTY, "empty " + what + " record"));
        }
        if (trimmed.charAt(0) != '{') {
            return new Parsed(null, ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "not a " + what + " record: expected one JSON object per line"));
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(trimmed);
        } catch (JacksonException e) {
            return new Parsed(null, ParseResult.reject(DeadLetterReason.MALFORMED,
                    "invalid JSON in " + what + " record: " + firstLine(e.getOriginalMessage())));
        } catch (RuntimeException e) {
            return new Parsed(null, ParseResult.reject(DeadLetterReason.MALFORMED,
                    "unreadable JSON in " + what + " record: " + e.getClass().getSimpleName()));
        }
        if (!(node instanceof ObjectNode object)) {
            return new Parsed(null, ParseResult.reject(DeadLetterReason.MALFORMED,
                    what + " record is not a JSON object"));
        }
        return new Parsed(object, null);
    }

    /** A string field, or a number's text; null when absent, null, blank or a container. */
    public static String text(JsonNode object, String field) {
        JsonNode v = object.get(field);
        if (v == null || !(v.isTextual() || v.isNumber() || v.isBoolean())) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    /** A whole number field, or a string holding one; null when absent or not a whole number in int range. */
    public static Integer integer(JsonNode object, String field) {
        JsonNode v = object.get(field);
        if (v == null) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        if (v.isFloatingPointNumber()) {
            double d = v.doubleValue();
            return d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE ? (int) d : null;
        }
        if (v.isTextual()) {
            String s = v.asText().strip();
            if (s.isEmpty() || s.length() > 10) {
                return null;
            }
            try {
                return Integer.valueOf(s);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Event time from a JSON value: an RFC 3339 string (zone-less values in {@code zone}), or a Unix
     * time number (or string of digits) in seconds, milliseconds, microseconds or nanoseconds, told
     * apart by magnitude. {@link Timestamps#INVALID} when it is none of these.
     */
    public static long time(JsonNode v, ZoneId zone) {
        if (v == null || v.isNull()) {
            return Timestamps.INVALID;
        }
        if (v.isNumber()) {
            return numberToMillis(v.decimalValue());
        }
        if (v.isTextual()) {
            return textToMillis(v.asText().strip(), zone);
        }
        return Timestamps.INVALID;
    }

    static long numberToMillis(BigDecimal value) {
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Timestamps.INVALID;
        }
        double whole = Math.floor(value.doubleValue());
        long millis;
        if (whole < 1e11) {
            // seconds, possibly with a fraction
            millis = value.movePointRight(3).longValue();
        } else if (whole < 1e14) {
            millis = value.longValue();
        } else if (whole < 1e17) {
            millis = value.longValue() / 1_000L;
        } else {
            millis = value.longValue() / 1_000_000L;
        }
        return millis > MAX_MILLIS ? Timestamps.INVALID : millis;
    }

    static long textToMillis(String s, ZoneId zone) {
        if (s.isEmpty() || s.length() > 64) {
            return Timestamps.INVALID;
        }
        if (isDigitsOrDecimal(s)) {
            try {
                return numberToMillis(new BigDecimal(s));
            } catch (NumberFormatException e) {
                return Timestamps.INVALID;
            }
        }
        String iso = s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
        iso = iso.toUpperCase(Locale.ROOT);
        long millis;
        try {
            if (hasOffset(iso)) {
                millis = OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
            } else {
                millis = LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone).toInstant()
                        .toEpochMilli();
            }
        } catch (DateTimeException | ArithmeticException e) {
            return Timestamps.INVALID;
        }
        return millis < 0 || millis > MAX_MILLIS ? Timestamps.INVALID : millis;
    }

    /** Whether an ISO date-time ends with 'Z' or a '+hh:mm' / '-hh:mm' offset after its time part. */
    private static boolean hasOffset(String iso) {
        int t = iso.indexOf('T');
        if (t < 0) {
            return false;
        }
        return iso.endsWith("Z") || iso.indexOf('+', t) > 0 || iso.indexOf('-', t) > 0;
    }

    private static boolean isDigitsOrDecimal(String s) {
        int dots = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                dots++;
            } else if (c < '0' || c > '9') {
                return false;
            }
        }
        return dots <= 1 && s.length() > dots && s.length() <= 30;
    }

    /** A short, single-line excerpt of a value for rejection details. */
    public static String excerpt(JsonNode v) {
        String s = v == null ? "null" : v.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 197) + "..." : line;
    }
}
