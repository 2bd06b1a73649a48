package io.gatewatch.parse.telegraf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.MetricSample;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Timestamps;
import io.gatewatch.parse.json.JsonEntries;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Telegraf's {@code json} output serializer, one metric per line:
 *
 * <pre>
 * {"name":"phpfpm","tags":{"host":"web-1","pool":"shop"},"fields":{"listen_queue":12,"active_processes":20},"timestamp":1795597915}
 * </pre>
 *
 * <ul>
 *   <li>{@code timestamp} is in the unit of {@code json_timestamp_units} (1s, 1ms, 1us, 1ns), told apart by
 *       magnitude; an RFC 3339 string ({@code json_timestamp_format}) is read too.</li>
 *   <li>Fields keep Telegraf's own names ({@code cpu} usage_idle, {@code mem} used_percent, {@code nginx} active,
 *       {@code phpfpm} listen_queue, {@code mysql} threads_connected, {@code redis} used_memory …). Numbers are
 *       kept, booleans become 1/0, strings and nulls are dropped (they are not samples).</li>
 *   <li>The host is {@code tags.host}; the site is {@code tags.site}, else {@code tags.server_name}.</li>
 *   <li>The batch form ({@code {"metrics":[…]}}) holds several metrics in one record and is rejected with a
 *       hint to set {@code use_batch_format = false}.</li>
 * </ul>
 */
public final class TelegrafParser implements LineParser {

    public static final String FORMAT = "telegraf";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public ParseResult parse(String entry, ParseContext context) {
        JsonEntries.Parsed parsed = JsonEntries.object(entry, "Telegraf JSON");
        if (!parsed.ok()) {
            return parsed.rejection();
        }
        ObjectNode o = parsed.object();
        if (!o.has("name") && o.get("metrics") != null && o.get("metrics").isArray()) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "Telegraf batch format ({\"metrics\":[…]}) holds several metrics in one record;"
                            + " set use_batch_format = false in the json serializer");
        }
        JsonNode nameNode = o.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isBlank()) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "Telegraf metric without a \"name\" (measurement) string");
        }
        JsonNode fieldsNode = o.get("fields");
        if (!(fieldsNode instanceof ObjectNode fieldsObject)) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "Telegraf metric '" + nameNode.asText() + "' without a \"fields\" object");
        }
        JsonNode ts = o.get("timestamp");
        if (ts == null || ts.isNull()) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "Telegraf metric '" + nameNode.asText() + "' without a \"timestamp\"");
        }
        long time = JsonEntries.time(ts, context.zone());
        if (time == Timestamps.INVALID) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "timestamp " + JsonEntries.excerpt(ts)
                    + " is not a Unix time in s/ms/us/ns (json_timestamp_units) nor an RFC 3339 time");
        }
        JsonNode tagsNode = o.get("tags");
        if (tagsNode != null && !tagsNode.isNull() && !tagsNode.isObject()) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "Telegraf \"tags\" is not an object");
        }
        Map<String, String> tags = new LinkedHashMap<>();
        if (tagsNode != null) {
            for (Map.Entry<String, JsonNode> tag : tagsNode.properties()) {
                JsonNode v = tag.getValue();
                if (v.isTextual() || v.isNumber() || v.isBoolean()) {
                    tags.put(tag.getKey(), v.asText());
                }
            }
        }
        Map<String, Double> fields = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : fieldsObject.properties()) {
            JsonNode v = field.getValue();
            if (v.isNumber()) {
                double d = v.doubleValue();
                if (Double.isFinite(d)) {
                    fields.put(field.getKey(), d);
                }
            } else if (v.isBoolean()) {
                fields.put(field.getKey(), v.booleanValue() ? 1.0 : 0.0);
            }
        }
        MetricSample sample = new MetricSample();
        sample.setName(nameNode.asText());
        sample.setTags(tags);
        sample.setFields(fields);
        String host = blankToNull(tags.get("host"));
        String site = blankToNull(tags.get("site"));
        if (site == null) {
            site = blankToNull(tags.get("server_name"));
        }
        return ParseResult.event(time, site != null ? site : context.site(), host, sample);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
