package io.gatewatch.topology.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.avro.DeadLetterReason;
import java.util.Locale;

/**
 * Unwraps the JSON envelopes shippers send today — Filebeat ({@code message}, {@code host.name},
 * {@code event.dataset}, {@code log.file.path}), Vector ({@code message}, {@code host}, {@code file},
 * {@code source_type}) and Fluent Bit ({@code log}) — into the line they carry and what they say about
 * it. A JSON record that is none of these is a line in a JSON format of its own (CDN, Telegraf, nginx
 * {@code escape=json}) and passes through unchanged.
 */
final class EnvelopeDecoder {

    static final String RAW = "raw";
    static final String FILEBEAT = "filebeat";
    static final String VECTOR = "vector";
    static final String FLUENTBIT = "fluentbit";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The unwrapped entry, or why the record could not be unwrapped. */
    record Result(RawEntry entry, DeadLetterReason reason, String detail) {

        boolean isOk() {
            return entry != null;
        }
    }

    /**
     * @param text         the record value as text
     * @param declared     envelope named by the gatewatch.envelope header, or null to detect
     * @param headerFormat format from the headers, which wins over what an envelope says
     * @param headerHost   host from the headers, likewise
     * @param headerSite   site from the headers or key, likewise
     */
    Result decode(String text, String declared, String headerFormat, String headerHost, String headerSite) {
        String envelope = declared == null ? null : declared.toLowerCase(Locale.ROOT);
        if (envelope != null && !envelope.equals(RAW) && !envelope.equals(FILEBEAT) && !envelope.equals(VECTOR)
                && !envelope.equals(FLUENTBIT)) {
            return new Result(null, DeadLetterReason.BAD_ENVELOPE,
                    "header gatewatch.envelope='" + declared + "' is not one of raw, filebeat, vector, fluentbit");
        }
        boolean looksJson = !text.isEmpty() && text.charAt(0) == '{';
        if (RAW.equals(envelope) || (envelope == null && !looksJson)) {
            return ok(text, headerFormat, headerHost, headerSite, null, RAW);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            if (envelope != null) {
                return new Result(null, DeadLetterReason.BAD_ENVELOPE,
                        envelope + " envelope is not valid JSON: " + e.getOriginalMessage());
            }
            return ok(text, headerFormat, headerHost, headerSite, null, RAW);
        }
        if (root == null || !root.isObject()) {
            return envelope == null ? ok(text, headerFormat, headerHost, headerSite, null, RAW)
                    : new Result(null, DeadLetterReason.BAD_ENVELOPE, envelope + " envelope is not a JSON object");
        }
        String kind = envelope != null ? envelope : detect(root);
        if (kind == null) {
            return ok(text, headerFormat, headerHost, headerSite, null, RAW);
        }
        return switch (kind) {
            case FILEBEAT -> filebeat(root, headerFormat, headerHost, headerSite);
            case VECTOR -> vector(root, headerFormat, headerHost, headerSite);
            default -> fluentBit(root, headerFormat, headerHost, headerSite);
        };
    }

    private static String detect(JsonNode root) {
        JsonNode message = root.get("message");
        if (message != null && message.isTextual()) {
            if (root.has("@timestamp") && (root.has("agent") || root.has("ecs") || root.has("log")
                    || root.has("input") || root.has("fileset") || root.has("event"))) {
                return FILEBEAT;
            }
            if (root.has("source_type")) {
                return VECTOR;
            }
        }
        JsonNode log = root.get("log");
        if (log != null && log.isTextual() && !root.has("message")) {
            return FLUENTBIT;
        }
        return null;
    }

    private static Result filebeat(JsonNode root, String headerFormat, String headerHost, String headerSite) {
        String message = text(root, "message");
        if (message == null) {
            return missing(FILEBEAT, "message");
        }
        String path = text(root, "log", "file", "path");
        String format = first(headerFormat, SourceFormats.fromDataset(first(text(root, "event", "dataset"),
                text(root, "fileset", "name") == null ? null
                        : text(root, "event", "module") + "." + text(root, "fileset", "name"))),
                SourceFormats.fromPath(path));
        String host = first(headerHost, text(root, "host", "name"), text(root, "host", "hostname"),
                text(root, "agent", "hostname"));
        String site = first(headerSite, text(root, "fields", "site"), text(root, "labels", "site"),
                SourceFormats.siteFromPath(path));
        return ok(message, format, host, site, path, FILEBEAT);
    }

    private static Result vector(JsonNode root, String headerFormat, String headerHost, String headerSite) {
        String message = text(root, "message");
        if (message == null) {
            return missing(VECTOR, "message");
        }
        String path = first(text(root, "file"), text(root, "path"));
        String format = first(headerFormat, text(root, "gatewatch_source"), SourceFormats.fromPath(path));
        String host = first(headerHost, text(root, "host"), text(root, "hostname"));
        String site = first(headerSite, text(root, "site"), SourceFormats.siteFromPath(path));
        return ok(message, format, host, site, path, VECTOR);
    }

    private static Result fluentBit(JsonNode root, String headerFormat, String headerHost, String headerSite) {
        String message = text(root, "log");
        if (message == null) {
            return missing(FLUENTBIT, "log");
        }
        String path = first(text(root, "path"), text(root, "file"), text(root, "filename"));
        String format = first(headerFormat, text(root, "gatewatch_source"), SourceFormats.fromPath(path));
        String host = first(headerHost, text(root, "hostname"), text(root, "host"));
        String site = first(headerSite, text(root, "site"), SourceFormats.siteFromPath(path));
        return ok(message, format, host, site, path, FLUENTBIT);
    }

    private static Result ok(String text, String format, String host, String site, String file, String envelope) {
        // Shippers keep the newline of a line; parsers want the entry without it.
        String line = text;
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return new Result(new RawEntry(line.substring(0, end), format, host, site, file, envelope), null, null);
    }

    private static Result missing(String envelope, String field) {
        return new Result(null, DeadLetterReason.BAD_ENVELOPE,
                envelope + " envelope without a string field '" + field + "'");
    }

    private static String text(JsonNode root, String... path) {
        JsonNode node = root;
        for (String p : path) {
            if (node == null) {
                return null;
            }
            node = node.get(p);
        }
        return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
