package io.gatewatch.bench;

import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.SourceRef;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.model.InputHeaders;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Parsers;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The pure part of the topology's normalize step for a raw line, bytes to {@link TelemetryEvent},
 * without Kafka Streams: check the bytes (empty, NUL, UTF-8) and decode them, read the
 * site/source/host/zone headers, take the raw-line path of the envelope decoder, build the
 * reassembly stream key, parse with the format's parser, and build the envelope (event time, site,
 * host, source reference, excerpt, payload) and its key.
 *
 * <p>It mirrors {@code io.gatewatch.topology.normalize.NormalizeProcessor} (commit 54e041d) and its
 * package-private {@code InputDecoder}; the topology keeps them package-private and bound to a
 * {@code ProcessorContext}, so the benchmark carries this copy. Not covered, because they need state
 * stores: the per-record {@code pending.get(streamKey)} on the reassembly store, the inventory
 * lookups of {@code SiteResolver.learn/sitesFor}, fan-out copies and {@code context.forward}. JSON
 * envelopes (Filebeat, Vector, Fluent Bit) are not measured either: the benchmark sends raw lines.
 */
public final class Normalizer {

    /** As NormalizeProcessor.EXCERPT_CHARS. */
    static final int EXCERPT_CHARS = 512;

    private final int maxBytes;
    private final ZoneId defaultZone;
    private final ThreadLocal<CharsetDecoder> decoders = ThreadLocal.withInitial(() ->
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));

    /** What came out for one record: the key and the event, or the reason it would be dead-lettered. */
    public record Normalized(String key, TelemetryEvent event, DeadLetterReason reason, String detail) {
    }

    public Normalizer(int maxBytes, ZoneId defaultZone) {
        this.maxBytes = maxBytes;
        this.defaultZone = defaultZone;
    }

    public Normalized normalize(byte[] value, Headers headers, String topic, int partition, long offset) {
        SourceRef source = new SourceRef(topic, partition, offset);
        // --- InputDecoder.decode
        if (value == null || value.length == 0) {
            return rejected(DeadLetterReason.EMPTY, "empty record value");
        }
        if (value.length > maxBytes) {
            return rejected(DeadLetterReason.TOO_LARGE, "record of " + value.length + " bytes exceeds " + maxBytes);
        }
        boolean ascii = true;
        for (int i = 0; i < value.length; i++) {
            byte b = value[i];
            if (b == 0) {
                return rejected(DeadLetterReason.NUL_BYTE, "NUL byte at offset " + i);
            }
            if (b < 0) {
                ascii = false;
            }
        }
        String text;
        if (ascii) {
            text = new String(value, StandardCharsets.US_ASCII);
        } else {
            try {
                CharBuffer chars = decoders.get().reset().decode(ByteBuffer.wrap(value));
                text = chars.toString();
            } catch (CharacterCodingException e) {
                return rejected(DeadLetterReason.INVALID_UTF8, "not valid UTF-8: " + e.getMessage());
            }
        }
        text = stripLineEnd(text);
        if (text.isBlank()) {
            return rejected(DeadLetterReason.EMPTY, "record holds only white space");
        }
        // --- NormalizeProcessor.process
        String site = header(headers, InputHeaders.SITE);
        String format = header(headers, InputHeaders.SOURCE);
        String host = header(headers, InputHeaders.HOST);
        // EnvelopeDecoder.decode, raw-line path: no envelope header and the text is not JSON
        if (header(headers, InputHeaders.ENVELOPE) != null || text.charAt(0) == '{') {
            return rejected(DeadLetterReason.BAD_ENVELOPE, "envelopes are not part of this benchmark");
        }
        ZoneId zone = defaultZone;
        String zoneHeader = header(headers, InputHeaders.ZONE);
        if (zoneHeader != null) {
            zone = ZoneId.of(zoneHeader);
        }
        LineParser parser = format == null ? null : Parsers.forFormat(format).orElse(null);
        if (parser == null) {
            return rejected(DeadLetterReason.UNKNOWN_SOURCE, "unknown format " + format);
        }
        // assemble(): the stream key is built for every record (the store lookup is not replicated)
        String streamKey = source.getTopic() + "-" + source.getPartition() + "|" + host + "|" + format + "|"
                + site + "|" + zone.getId();
        if (parser.mayContinue(text)) {
            // would be held back in the reassembly store until the next entry starts
            return new Normalized(streamKey, null, null, "held");
        }
        // emit()
        ParseContext parseContext = new ParseContext(zone, site, host);
        ParseResult result = parser.parse(text, parseContext);
        if (!result.isEvent()) {
            return rejected(result.reason(), result.detail());
        }
        TelemetryEvent event = new TelemetryEvent();
        event.setEventTime(Instant.ofEpochMilli(result.eventTimeMillis()));
        event.setSite(result.site());
        event.setHost(result.host() != null ? result.host() : host);
        event.setSourceType(format);
        event.setSource(source);
        event.setExcerpt(text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS));
        event.setPayload(result.payload());
        // SiteResolver.sitesFor without an inventory: the event's own site, else the host
        String key = event.getSite() != null ? event.getSite()
                : (event.getHost() != null ? "host:" + event.getHost() : "unknown");
        return new Normalized(key, event, null, null);
    }

    private static Normalized rejected(DeadLetterReason reason, String detail) {
        return new Normalized(null, null, reason, detail);
    }

    private static String stripLineEnd(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == s.length() ? s : s.substring(0, end);
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
