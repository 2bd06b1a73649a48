package io.gatewatch.parse.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.avro.ChangeEvent;
import io.gatewatch.avro.ChangeType;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Timestamps;
import io.gatewatch.parse.json.JsonEntries;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Change events, one JSON object per line:
 *
 * <pre>
 * {"time":"2026-11-25T09:10:02Z","site":"shop.example.test","host":"web-1","type":"PLUGIN_UPDATED",
 *  "subject":"fast-checkout","version":"2.3.1","actor":"wp-admin"}
 * </pre>
 *
 * {@code time} (RFC 3339, or a Unix time) and {@code type} are required; {@code type} must be one of
 * {@link ChangeType}'s symbols (case-insensitive), anything else is rejected as MALFORMED with the list.
 */
public final class ChangeParser implements LineParser {

    public static final String FORMAT = "change";

    private static final String ALLOWED = Arrays.stream(ChangeType.values()).map(Enum::name)
            .collect(Collectors.joining(", "));

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public ParseResult parse(String entry, ParseContext context) {
        JsonEntries.Parsed parsed = JsonEntries.object(entry, "change event");
        if (!parsed.ok()) {
            return parsed.rejection();
        }
        ObjectNode o = parsed.object();
        JsonNode timeNode = o.get("time");
        if (timeNode == null || timeNode.isNull()) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "change event without \"time\"");
        }
        long time = JsonEntries.time(timeNode, context.zone());
        if (time == Timestamps.INVALID) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "change event \"time\" " + JsonEntries.excerpt(timeNode) + " is not an RFC 3339 time");
        }
        JsonNode typeNode = o.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "change event without a \"type\" string; allowed types: " + ALLOWED);
        }
        ChangeType type = type(typeNode.asText());
        if (type == null) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "unknown change type " + JsonEntries.excerpt(typeNode) + "; allowed types: " + ALLOWED);
        }
        ChangeEvent event = new ChangeEvent();
        event.setType(type);
        event.setSubject(JsonEntries.text(o, "subject"));
        event.setVersion(JsonEntries.text(o, "version"));
        event.setActor(JsonEntries.text(o, "actor"));
        String site = JsonEntries.text(o, "site");
        String host = JsonEntries.text(o, "host");
        return ParseResult.event(time, site != null ? site : context.site(), host, event);
    }

    private static ChangeType type(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        for (ChangeType t : ChangeType.values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }
}
