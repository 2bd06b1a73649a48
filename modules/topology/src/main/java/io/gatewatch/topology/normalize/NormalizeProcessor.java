package io.gatewatch.topology.normalize;

import io.gatewatch.avro.DeadLetter;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.Site;
import io.gatewatch.avro.SourceRef;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.model.InputHeaders;
import io.gatewatch.model.Topics;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Parsers;
import io.gatewatch.topology.inventory.Inventory;
import io.gatewatch.topology.inventory.SiteResolver;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns every input record into typed {@link TelemetryEvent}s keyed by site, or one {@link DeadLetter}
 * that keeps the original bytes, source offset and reason: nothing is dropped silently. Shipper JSON
 * envelopes are unwrapped; multi-line entries that arrive one line per record are reassembled per
 * source stream in a changelogged store; host- and dependency-scoped events are fanned out to the
 * sites the inventory connects them to; hosts serving a site are learned from the lines. Record
 * timestamps become the event time read from the line, so that windows downstream work in event time.
 */
public final class NormalizeProcessor implements Processor<byte[], byte[], String, SpecificRecord> {

    /** Lines are kept as evidence excerpts up to this length. */
    static final int EXCERPT_CHARS = 512;
    private static final Duration TICK = Duration.ofSeconds(1);
    /** Learned hosts are announced once per processor even while the global store catches up. */
    private static final int LEARNED_MEMORY = 10_000;

    private final NormalizeSettings settings;
    private final InputDecoder decoder;
    private final EnvelopeDecoder envelopes = new EnvelopeDecoder();
    private final Set<String> learned = new HashSet<>();
    /** The reassembly store's keys, so that records of streams with nothing open need no store lookup. */
    private final OpenStreams openStreams = new OpenStreams();
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, PendingEntry> pending;
    private SiteResolver resolver;
    private DeadLetterMetrics metrics;

    public NormalizeProcessor(NormalizeSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.decoder = new InputDecoder(settings.maxRecordBytes());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.pending = context.getStateStore(settings.pendingStore());
        // init runs again when a corrupted task is revived with restored stores: only they are to be trusted
        openStreams.clear();
        try (KeyValueIterator<String, PendingEntry> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<String, PendingEntry> kv = it.next();
                openStreams.add(kv.value.entry().format(), kv.key);
            }
        }
        this.resolver = new SiteResolver(new Inventory(context.getStateStore(settings.inventoryStore())));
        this.metrics = new DeadLetterMetrics(context.metrics(), context.taskId().toString());
        context.schedule(TICK, PunctuationType.WALL_CLOCK_TIME, now -> flushOlder(now, true));
        context.schedule(TICK, PunctuationType.STREAM_TIME, now -> flushOlder(now, false));
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
        String site = header(headers, InputHeaders.SITE);
        if (site == null && record.key() != null && record.key().length > 0) {
            site = new String(record.key(), StandardCharsets.UTF_8);
        }
        String format = header(headers, InputHeaders.SOURCE);
        if (format == null) {
            format = defaultFormat(source.getTopic());
        }
        EnvelopeDecoder.Result unwrapped = envelopes.decode(input.text(), header(headers, InputHeaders.ENVELOPE),
                format, header(headers, InputHeaders.HOST), site);
        if (!unwrapped.isOk()) {
            deadLetter(record, source, "envelope", unwrapped.reason(), unwrapped.detail());
            return;
        }
        RawEntry entry = unwrapped.entry();
        ZoneId zone = settings.defaultZone();
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
        LineParser parser = null;
        if (entry.format() != null) {
            Optional<LineParser> found = Parsers.forFormat(entry.format());
            if (found.isEmpty()) {
                deadLetter(record, source, entry.format(), DeadLetterReason.UNKNOWN_SOURCE,
                        "format '" + entry.format() + "' is not known; known: " + Parsers.formats());
                return;
            }
            parser = found.get();
        }
        assemble(record, source, entry, parser, zone);
    }

    /** Joins continuation lines to the entry they belong to; parses entries once complete. */
    private void assemble(Record<byte[], byte[]> record, SourceRef source, RawEntry entry, LineParser parser, ZoneId zone) {
        // Most records are access lines, whose format never holds an entry back: they skip building a key.
        String key = openStreams.anyOf(entry.format()) ? streamKey(source, entry, zone) : null;
        PendingEntry open = key != null && openStreams.contains(entry.format(), key) ? pending.get(key) : null;
        String line = entry.text();
        if (open != null) {
            if (parser != null && (!parser.startsEntry(line) || parser.joinsNext(open.entry().text(), line))) {
                PendingEntry grown = open.append(line);
                if (grown.lines() >= settings.maxEntryLines()
                        || grown.entry().text().length() >= settings.maxRecordBytes()
                        || !parser.mayContinue(grown.entry().text())) {
                    close(key, entry.format());
                    emit(grown, zone, null);
                } else {
                    pending.put(key, grown);
                }
                return;
            }
            close(key, entry.format());
            emit(open, zone, null);
        }
        // A line that starts no entry while none is open is parsed as it is: the parser names what is wrong.
        PendingEntry fresh = new PendingEntry(entry, source, record.timestamp(), context.currentSystemTimeMs(), 1);
        if (parser != null && parser.mayContinue(line)) {
            if (key == null) {
                key = streamKey(source, entry, zone);
            }
            pending.put(key, fresh);
            openStreams.add(entry.format(), key);
        } else {
            emit(fresh, zone, record);
        }
    }

    private void flushOlder(long now, boolean wallClock) {
        if (openStreams.isEmpty()) {
            return;
        }
        List<KeyValue<String, PendingEntry>> due = new ArrayList<>();
        long timeout = settings.flushTimeout().toMillis();
        try (KeyValueIterator<String, PendingEntry> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<String, PendingEntry> kv = it.next();
                long since = wallClock ? kv.value.bufferedAtWall() : kv.value.recordTime();
                if (now - since >= timeout) {
                    due.add(kv);
                }
            }
        }
        for (KeyValue<String, PendingEntry> kv : due) {
            close(kv.key, kv.value.entry().format());
            emit(kv.value, zoneOf(kv.key), null);
        }
    }

    private void close(String key, String format) {
        pending.delete(key);
        openStreams.remove(format, key);
    }

    /**
     * Parses a complete entry and forwards its events. {@code original} is the record when the entry is
     * exactly one record (its bytes go to a dead letter as they were); null for a reassembled entry.
     */
    private void emit(PendingEntry p, ZoneId zone, Record<byte[], byte[]> original) {
        RawEntry entry = p.entry();
        ParseContext parseContext = new ParseContext(zone, entry.site(), entry.host());
        String parserName = entry.format() == null ? "auto" : entry.format();
        ParseResult result = entry.format() == null
                ? AutoDetect.parse(entry.text(), parseContext)
                : Parsers.forFormat(entry.format()).orElseThrow().parse(entry.text(), parseContext);
        if (!result.isEvent()) {
            if (original != null) {
                deadLetter(original, p.source(), parserName, result.reason(), result.detail());
            } else {
                deadLetter(p, parserName, result.reason(), result.detail());
            }
            return;
        }
        TelemetryEvent event = new TelemetryEvent();
        event.setEventTime(Instant.ofEpochMilli(result.eventTimeMillis()));
        event.setSite(result.site());
        event.setHost(result.host() != null ? result.host() : entry.host());
        event.setSourceType(entry.format() != null ? entry.format() : AutoDetect.formatOf(entry.text()));
        event.setSource(p.source());
        String text = entry.text();
        event.setExcerpt(text.length() <= EXCERPT_CHARS ? text : text.substring(0, EXCERPT_CHARS));
        event.setPayload(result.payload());
        long ts = result.eventTimeMillis();
        resolver.learn(event).ifPresent(site -> announce(site, ts));
        List<String> sites = resolver.sitesFor(event);
        if (sites.isEmpty()) {
            String key = event.getHost() != null ? "host:" + event.getHost() : "unknown";
            context.forward(new Record<>(key, event, ts));
            return;
        }
        for (String site : sites) {
            TelemetryEvent copy = sites.size() == 1 && site.equals(event.getSite()) ? event
                    : TelemetryEvent.newBuilder(event).setSite(site).build();
            context.forward(new Record<>(site, copy, ts));
        }
    }

    private void announce(Site site, long ts) {
        String id = site.getSite() + "|" + String.join(",", site.getHosts());
        if (learned.contains(id)) {
            return;
        }
        if (learned.size() >= LEARNED_MEMORY) {
            learned.clear();
        }
        learned.add(id);
        context.forward(new Record<>(site.getSite(), site, ts));
    }

    private static String defaultFormat(String topic) {
        if (Topics.METRICS.equals(topic)) {
            return "telegraf";
        }
        if (Topics.CHANGES.equals(topic)) {
            return "change";
        }
        return null;
    }

    /** One reassembly stream per source partition, host, format and file (or site). */
    private static String streamKey(SourceRef source, RawEntry entry, ZoneId zone) {
        return source.getTopic() + "-" + source.getPartition() + "|" + entry.host() + "|" + entry.format() + "|"
                + (entry.file() != null ? entry.file() : entry.site()) + "|" + zone.getId();
    }

    private static ZoneId zoneOf(String streamKey) {
        return ZoneId.of(streamKey.substring(streamKey.lastIndexOf('|') + 1));
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
        letter.setKey(record.key() == null ? null : ByteBuffer.wrap(record.key()));
        letter.setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()));
        letter.setHeaders(headerMap(record.headers()));
        forwardDeadLetter(letter, parser, reason, detail, record.timestamp());
    }

    /** A reassembled entry has no single original record: its joined text is kept instead. */
    private void deadLetter(PendingEntry p, String parser, DeadLetterReason reason, String detail) {
        DeadLetter letter = new DeadLetter();
        letter.setSource(p.source());
        letter.setRecordTimestamp(Instant.ofEpochMilli(p.recordTime()));
        letter.setKey(p.entry().site() == null ? null
                : ByteBuffer.wrap(p.entry().site().getBytes(StandardCharsets.UTF_8)));
        letter.setValue(ByteBuffer.wrap(p.entry().text().getBytes(StandardCharsets.UTF_8)));
        Map<String, String> headers = new LinkedHashMap<>();
        if (p.entry().host() != null) {
            headers.put(InputHeaders.HOST, p.entry().host());
        }
        if (p.entry().format() != null) {
            headers.put(InputHeaders.SOURCE, p.entry().format());
        }
        headers.put("gatewatch.lines", Integer.toString(p.lines()));
        letter.setHeaders(headers);
        forwardDeadLetter(letter, parser, reason, detail + " (entry of " + p.lines() + " lines)", p.recordTime());
    }

    private void forwardDeadLetter(DeadLetter letter, String parser, DeadLetterReason reason, String detail, long ts) {
        letter.setParser(parser);
        letter.setReason(reason);
        letter.setDetail(detail);
        letter.setRejectedAt(Instant.ofEpochMilli(context.currentSystemTimeMs()));
        metrics.record(reason);
        SourceRef s = letter.getSource();
        context.forward(new Record<>(s.getTopic() + "-" + s.getPartition() + "@" + s.getOffset(), letter, ts));
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
        String v = new String(h.value(), StandardCharsets.UTF_8).trim();
        return v.isEmpty() ? null : v;
    }
}
