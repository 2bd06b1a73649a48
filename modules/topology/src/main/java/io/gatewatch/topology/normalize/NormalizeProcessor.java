package io.gatewatch.topology.normalize;

import io.gatewatch.avro.DeadLetter;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.SourceRef;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.model.InputHeaders;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Parsers;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns every input record into exactly one {@link TelemetryEvent} keyed by site, or one
 * {@link DeadLetter} that keeps the original bytes. Record timestamps become the event time read from
 * the line, so that windows downstream work in event time.
 */
public final class NormalizeProcessor implements Processor<byte[], byte[], String, SpecificRecord> {

    /** Lines are kept as evidence excerpts up to this length. */
    static final int EXCERPT_CHARS = 512;

    /** Formats tried, in order, when a record names none. */
    private static final List<String> AUTO_ORDER = List.of("nginx-error", "nginx-access");

    private final InputDecoder decoder;
    private final ZoneId defaultZone;
    private ProcessorContext<String, SpecificRecord> context;

    public NormalizeProcessor(int maxRecordBytes, ZoneId defaultZone) {
        this.decoder = new InputDecoder(maxRecordBytes);
        this.defaultZone = Objects.requireNonNull(defaultZone, "defaultZone");
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SourceRef source = sourceRef();
        DecodedInput input = decoder.decode(record.value());
        if (!input.isOk()) {
            deadLetter(record, source, "input", input.reason(), input.detail());
            return;
        }
        Headers headers = record.headers();
        String format = header(headers, InputHeaders.SOURCE);
        String host = header(headers, InputHeaders.HOST);
        String site = header(headers, InputHeaders.SITE);
        if (site == null && record.key() != null && record.key().length > 0) {
            site = new String(record.key(), StandardCharsets.UTF_8);
        }
        ZoneId zone = defaultZone;
        String zoneHeader = header(headers, InputHeaders.ZONE);
        if (zoneHeader != null) {
            try {
                zone = ZoneId.of(zoneHeader);
            } catch (DateTimeException e) {
                deadLetter(record, source, "input", DeadLetterReason.MALFORMED,
                        "header " + InputHeaders.ZONE + "='" + zoneHeader + "' is not a time zone");
                return;
            }
        }
        ParseContext parseContext = new ParseContext(zone, site, host);
        String text = input.text();
        ParseResult result;
        String parserName;
        if (format != null) {
            Optional<LineParser> parser = Parsers.forFormat(format);
            if (parser.isEmpty()) {
                deadLetter(record, source, format, DeadLetterReason.UNKNOWN_SOURCE,
                        "header " + InputHeaders.SOURCE + "='" + format + "' names no known format; known: "
                                + Parsers.formats());
                return;
            }
            parserName = format;
            result = parser.get().parse(text, parseContext);
        } else {
            parserName = "auto";
            result = autoDetect(text, parseContext);
        }
        if (!result.isEvent()) {
            deadLetter(record, source, parserName, result.reason(), result.detail());
            return;
        }
        TelemetryEvent event = new TelemetryEvent();
        event.setEventTime(Instant.ofEpochMilli(result.eventTimeMillis()));
        event.setSite(result.site());
        event.setHost(host);
        event.setSourceType(parserName.equals("auto") ? formatOf(result) : parserName);
        event.setSource(source);
        event.setExcerpt(text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS));
        event.setPayload(result.payload());
        String key = result.site() != null ? result.site() : (host != null ? "host:" + host : "unknown");
        context.forward(new Record<>(key, event, result.eventTimeMillis()));
    }

    private static ParseResult autoDetect(String text, ParseContext parseContext) {
        ParseResult last = null;
        for (String name : AUTO_ORDER) {
            LineParser parser = Parsers.forFormat(name).orElseThrow();
            if (!parser.startsEntry(text)) {
                continue;
            }
            last = parser.parse(text, parseContext);
            if (last.isEvent()) {
                return last;
            }
        }
        return last != null ? last : ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                "no " + InputHeaders.SOURCE + " header and the line matches none of " + AUTO_ORDER);
    }

    private static String formatOf(ParseResult result) {
        return switch (result.payload().getClass().getSimpleName()) {
            case "AccessEvent" -> "nginx-access";
            case "GatewayErrorEvent" -> "nginx-error";
            default -> "auto";
        };
    }

    private SourceRef sourceRef() {
        Optional<RecordMetadata> meta = context.recordMetadata();
        return meta.map(m -> new SourceRef(m.topic(), m.partition(), m.offset()))
                .orElseGet(() -> new SourceRef("unknown", -1, -1L));
    }

    private void deadLetter(Record<byte[], byte[]> record, SourceRef source, String parser,
                            DeadLetterReason reason, String detail) {
        DeadLetter letter = new DeadLetter();
        letter.setSource(source);
        letter.setRecordTimestamp(Instant.ofEpochMilli(record.timestamp()));
        letter.setKey(record.key() == null ? null : java.nio.ByteBuffer.wrap(record.key()));
        letter.setValue(record.value() == null ? null : java.nio.ByteBuffer.wrap(record.value()));
        letter.setHeaders(headerMap(record.headers()));
        letter.setParser(parser);
        letter.setReason(reason);
        letter.setDetail(detail);
        letter.setRejectedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()));
        String key = source.getTopic() + "-" + source.getPartition() + "@" + source.getOffset();
        context.forward(new Record<>(key, letter, record.timestamp()));
    }

    private static Map<String, String> headerMap(Headers headers) {
        Map<String, String> out = new LinkedHashMap<>();
        if (headers != null) {
            for (Header h : headers) {
                out.put(h.key(), h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header h = headers.lastHeader(name);
        if (h == null || h.value() == null || h.value().length == 0) {
            return null;
        }
        return new String(h.value(), StandardCharsets.UTF_8).trim();
    }
}
