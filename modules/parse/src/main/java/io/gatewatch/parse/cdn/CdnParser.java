package io.gatewatch.parse.cdn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.avro.CdnEvent;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Timestamps;
import io.gatewatch.parse.json.JsonEntries;
import java.util.Locale;

/**
 * CDN edge request logs with Cloudflare Logpush field names, one JSON object per line:
 *
 * <pre>
 * {"EdgeStartTimestamp":"2026-11-25T09:11:55Z","ClientRequestHost":"shop.example.test","ClientRequestURI":"/",
 *  "EdgeResponseStatus":502,"OriginResponseStatus":0,"EdgeColoCode":"FRA","RayID":"8c1f2a3b4c5d6e7f"}
 * </pre>
 *
 * {@code EdgeStartTimestamp} is RFC 3339 or a Unix time in seconds, milliseconds or nanoseconds (Logpush's
 * {@code timestamp_format} rfc3339 / unix / unixnano), told apart by magnitude; {@code EdgeEndTimestamp}
 * stands in when the start is missing. {@code ClientRequestHost} (lower-cased, without a port) is the site.
 * {@code EdgeResponseStatus} is required.
 */
public final class CdnParser implements LineParser {

    public static final String FORMAT = "cdn";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public ParseResult parse(String entry, ParseContext context) {
        JsonEntries.Parsed parsed = JsonEntries.object(entry, "CDN (Cloudflare Logpush)");
        if (!parsed.ok()) {
            return parsed.rejection();
        }
        ObjectNode o = parsed.object();
        String timeField = o.hasNonNull("EdgeStartTimestamp") ? "EdgeStartTimestamp" : "EdgeEndTimestamp";
        JsonNode ts = o.get(timeField);
        if (ts == null || ts.isNull()) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "no EdgeStartTimestamp in CDN record");
        }
        long time = JsonEntries.time(ts, context.zone());
        if (time == Timestamps.INVALID) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, timeField + " " + JsonEntries.excerpt(ts)
                    + " is neither RFC 3339 nor a Unix time in seconds, milliseconds or nanoseconds");
        }
        JsonNode statusNode = o.get("EdgeResponseStatus");
        if (statusNode == null || statusNode.isNull()) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "no EdgeResponseStatus in CDN record");
        }
        Integer edge = JsonEntries.integer(o, "EdgeResponseStatus");
        if (edge == null || edge < 0 || edge > 999) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "EdgeResponseStatus " + JsonEntries.excerpt(statusNode) + " is not an HTTP status");
        }
        Integer origin = JsonEntries.integer(o, "OriginResponseStatus");
        CdnEvent event = new CdnEvent();
        event.setEdgeStatus(edge);
        event.setOriginStatus(origin != null && origin >= 0 && origin <= 999 ? origin : null);
        event.setColo(JsonEntries.text(o, "EdgeColoCode"));
        event.setRayId(JsonEntries.text(o, "RayID"));
        event.setUri(JsonEntries.text(o, "ClientRequestURI"));
        event.setZone(JsonEntries.text(o, "ZoneName"));
        String site = hostToSite(JsonEntries.text(o, "ClientRequestHost"));
        return ParseResult.event(time, site != null ? site : context.site(), event);
    }

    /** "Shop.Example.test:443" → "shop.example.test"; IPv6 literals keep their brackets. */
    static String hostToSite(String host) {
        if (host == null) {
            return null;
        }
        String h = host.strip().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(':') == colon && colon < h.length() - 1) {
            boolean port = true;
            for (int i = colon + 1; i < h.length(); i++) {
                port &= Character.isDigit(h.charAt(i));
            }
            if (port) {
                h = h.substring(0, colon);
            }
        } else if (h.startsWith("[") && h.contains("]:")) {
            h = h.substring(0, h.indexOf("]:") + 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.isEmpty() ? null : h;
    }
}
