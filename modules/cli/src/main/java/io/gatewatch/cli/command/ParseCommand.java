package io.gatewatch.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.cli.output.AvroJson;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Parsers;
import io.gatewatch.ship.Entry;
import io.gatewatch.ship.EntryFramer;
import io.gatewatch.ship.FramingRules;
import io.gatewatch.ship.LineSplitter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gatewatch parse}: runs a log file (or stdin) through a parser, as the topology would, and prints
 * what it makes of each entry. Streams: memory does not grow with the input.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = {"Parses a log file (or - for stdin) with one of Gatewatch's parsers.",
                "Prints one JSON object per event on stdout and one per rejected entry (dead letter) on stderr.",
                "Multi-line entries (FastCGI stderr, stack traces, slow-log entries) are reassembled first."})
public final class ParseCommand implements Callable<Integer> {

    /** As the shipper and the topology bound them. */
    static final int MAX_ENTRY_LINES = 500;
    static final int MAX_ENTRY_BYTES = 1_000_000;
    private static final String AUTO = "auto";
    /** Tried first by the built-in detection (most specific shapes first); other formats follow. */
    private static final List<String> DETECTION_ORDER = List.of("nginx-error", "php-fpm-slow", "php-fpm",
            "php-error", "redis", "mysql-slow", "mysql-error", "nginx-access", "cdn", "telegraf", "change");

    @Option(names = "--format", required = true, paramLabel = "FORMAT", completionCandidates = KnownFormats.class,
            description = "Format of the input: ${COMPLETION-CANDIDATES}. auto recognises each entry's format.")
    String format;

    @Option(names = "--zone", defaultValue = "UTC", paramLabel = "ZONE",
            description = "Time zone of timestamps written without one (default: ${DEFAULT-VALUE}).")
    String zone;

    @Option(names = "--site", paramLabel = "SITE", description = "Site the lines belong to, when they do not name one.")
    String site;

    @Option(names = "--host", paramLabel = "HOST", description = "Host the lines were written on.")
    String host;

    @Parameters(index = "0", paramLabel = "FILE|-", description = "Log file, or - for standard input.")
    String input;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private LineParser parser;
    private ParseContext context;
    private Writer out;
    private Writer err;

    @Override
    public Integer call() throws IOException {
        List<String> known = knownFormats();
        Optional<LineParser> named = Parsers.forFormat(format);
        if (named.isEmpty() && !AUTO.equals(format)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--format '" + format + "' is not a known format; known: " + String.join(", ", known));
        }
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--zone '" + zone + "' is not a time zone");
        }
        parser = named.orElseGet(() -> new Detecting(candidates()));
        context = new ParseContext(zoneId, site, host);
        out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        err = new BufferedWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), 1 << 16);
        try (InputStream in = open()) {
            EntryFramer framer = new EntryFramer(FramingRules.of(format, parser), MAX_ENTRY_LINES, MAX_ENTRY_BYTES,
                    true, this::handle);
            LineSplitter splitter = new LineSplitter(0, 1, MAX_ENTRY_BYTES, framer::accept);
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                splitter.feed(buf, 0, n);
                out.flush();
                err.flush();
            }
            splitter.finish();
            framer.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            out.flush();
            err.flush();
        }
        return 0;
    }

    private InputStream open() throws IOException {
        if ("-".equals(input)) {
            return new NonClosing(System.in);
        }
        Path path = Path.of(input);
        try {
            if (Files.isDirectory(path)) {
                throw new IllegalStateException(input + ": is a directory");
            }
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(input + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IllegalStateException(input + ": permission denied");
        }
    }

    private void handle(Entry entry) {
        byte[] bytes = entry.bytes();
        int bad = firstBadByte(bytes);
        if (bad >= 0) {
            deadLetter(entry, format, DeadLetterReason.INVALID_UTF8,
                    String.format("not valid UTF-8: byte 0x%02X at offset %d of the entry", bytes[bad] & 0xff, bad), true);
            return;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            deadLetter(entry, format, DeadLetterReason.NUL_BYTE, "NUL byte at offset " + nul + " of the entry", true);
            return;
        }
        ParseResult result = parser.parse(text, context);
        if (!result.isEvent()) {
            deadLetter(entry, format, result.reason(), result.detail(), false);
            return;
        }
        String detected = AUTO.equals(format) ? detectedFormat(text, result) : format;
        ObjectNode node = AvroJson.MAPPER.createObjectNode();
        node.put("eventTime", Instant.ofEpochMilli(result.eventTimeMillis()).toString());
        node.put("site", result.site() != null ? result.site() : site);
        node.put("host", result.host() != null ? result.host() : host);
        node.put("format", detected);
        node.put("lineNo", entry.lineNo());
        node.put("event", result.payload().getSchema().getName());
        for (Map.Entry<String, JsonNode> f : AvroJson.toJson(result.payload()).properties()) {
            node.set(node.has(f.getKey()) ? "payload." + f.getKey() : f.getKey(), f.getValue());
        }
        write(out, node);
    }

    private void deadLetter(Entry entry, String parserName, DeadLetterReason reason, String detail, boolean bytes) {
        ObjectNode node = AvroJson.MAPPER.createObjectNode();
        node.put("lineNo", entry.lineNo());
        node.put("format", parserName);
        node.put("reason", reason.name());
        node.put("detail", detail);
        node.put("original", entry.text());
        if (bytes) {
            node.put("originalBase64", Base64.getEncoder().encodeToString(entry.bytes()));
        }
        write(err, node);
    }

    private static void write(Writer w, ObjectNode node) {
        try {
            w.write(node.toString());
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The format that produced {@code result} in auto mode: the first format whose parser recognises the
     * entry's start and makes the same event of it.
     */
    private String detectedFormat(String text, ParseResult result) {
        if (parser instanceof Detecting d) {
            return d.lastFormat;
        }
        String first = firstLine(text);
        for (String name : candidates()) {
            LineParser p = Parsers.forFormat(name).orElseThrow();
            if (p.startsEntry(first)) {
                ParseResult r = p.parse(text, context);
                if (r.isEvent() && r.payload().equals(result.payload())) {
                    return name;
                }
            }
        }
        return AUTO;
    }

    /** Registered formats (auto excluded), most specific shapes first. */
    private static List<String> candidates() {
        Set<String> ordered = new LinkedHashSet<>();
        for (String name : DETECTION_ORDER) {
            if (Parsers.forFormat(name).isPresent()) {
                ordered.add(name);
            }
        }
        ordered.addAll(Parsers.formats());
        ordered.remove(AUTO);
        return List.copyOf(ordered);
    }

    static List<String> knownFormats() {
        List<String> known = new ArrayList<>();
        known.add(AUTO);
        Parsers.formats().stream().filter(f -> !AUTO.equals(f)).forEach(known::add);
        return known;
    }

    private static String firstLine(String text) {
        for (String line : text.split("\n", -1)) {
            if (!line.isBlank()) {
                return line;
            }
        }
        return "";
    }

    /** Offset of the first byte that is not UTF-8, or -1 when all are. */
    static int firstBadByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult r = decoder.decode(in, CharBuffer.allocate(bytes.length), true);
        return r.isError() ? in.position() : -1;
    }

    /**
     * Detection when no {@code auto} parser is registered: every format whose parser recognises the
     * line's start is tried in turn, the first event wins; its multi-line rules frame the entry.
     */
    private static final class Detecting implements LineParser {
        private final List<String> formats;
        String lastFormat = AUTO;

        Detecting(List<String> formats) {
            this.formats = formats;
        }

        @Override
        public String format() {
            return AUTO;
        }

        @Override
        public boolean startsEntry(String line) {
            return recognising(line).isPresent();
        }

        @Override
        public boolean mayContinue(String entry) {
            return recognising(firstLine(entry)).map(p -> p.mayContinue(entry)).orElse(false);
        }

        @Override
        public ParseResult parse(String entry, ParseContext context) {
            String first = firstLine(entry);
            ParseResult firstRejection = null;
            for (String name : formats) {
                LineParser p = Parsers.forFormat(name).orElseThrow();
                if (!p.startsEntry(first)) {
                    continue;
                }
                ParseResult r = p.parse(entry, context);
                if (r.isEvent()) {
                    lastFormat = name;
                    return r;
                }
                firstRejection = firstRejection == null ? r : firstRejection;
            }
            return firstRejection != null ? firstRejection : ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "the entry has the shape of none of " + formats);
        }

        private Optional<LineParser> recognising(String line) {
            return formats.stream().map(n -> Parsers.forFormat(n).orElseThrow()).filter(p -> p.startsEntry(line))
                    .findFirst();
        }
    }

    /** The formats for help texts: auto and every registered parser, as they are at run time. */
    static final class KnownFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return knownFormats().iterator();
        }
    }

    /** Standard input must stay open for whoever runs us in-process. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // leave System.in open
        }
    }
}
