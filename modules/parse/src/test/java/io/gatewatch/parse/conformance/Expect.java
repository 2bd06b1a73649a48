package io.gatewatch.parse.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** Builds the expected field values of one entry in {@link Observed}'s canonical form. */
final class Expect {

    private static final DateTimeFormatter NGINX_LOCAL =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);
    private static final DateTimeFormatter NGINX_ERROR = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT);

    private final Map<String, Object> values = new LinkedHashMap<>();

    Map<String, Object> values() {
        return values;
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    Expect put(String field, Object value) {
        values.put(field, Observed.canonical(value));
        return this;
    }

    /** Puts {@code conv(node.at(path))} when the path exists and is not null. */
    Expect from(JsonNode node, String path, String field, Function<JsonNode, Object> conv) {
        JsonNode v = path.startsWith("/") ? node.at(path) : node.get(path);
        if (v != null && !v.isMissingNode() && !v.isNull()) {
            put(field, conv.apply(v));
        }
        return this;
    }

    static Object text(JsonNode v) {
        return v.asText();
    }

    static Object whole(JsonNode v) {
        if (v.isNumber()) {
            return v.asLong();
        }
        String s = v.asText().strip();
        try {
            return (long) Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return s;
        }
    }

    static Object decimal(JsonNode v) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        try {
            return Double.parseDouble(v.asText().strip());
        } catch (NumberFormatException e) {
            return v.asText();
        }
    }

    /** ISO-8601 with offset or Z ("2019-10-16T17:24:15.000-02:00"), to epoch ms. */
    static Object isoTime(JsonNode v) {
        return isoMillis(v.asText());
    }

    static long isoMillis(String s) {
        return OffsetDateTime.parse(s.strip()).toInstant().toEpochMilli();
    }

    static long nginxLocalMillis(String s) {
        return OffsetDateTime.parse(s, NGINX_LOCAL).toInstant().toEpochMilli();
    }

    static long nginxErrorMillis(String s, ZoneId zone) {
        return LocalDateTime.parse(s, NGINX_ERROR).atZone(zone).toInstant().toEpochMilli();
    }

    /** "MY-010926" → 10926. */
    static Object myCode(JsonNode v) {
        String s = v.asText();
        return s.startsWith("MY-") ? Long.parseLong(s.substring(3)) : s;
    }
}
