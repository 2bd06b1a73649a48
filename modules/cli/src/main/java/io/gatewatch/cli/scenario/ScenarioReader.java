package io.gatewatch.cli.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.model.Topics;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Parsers;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Reads a scenario directory (SCENARIOS.md) into the entries a shipper would have produced, merged
 * by event time. Malformed scenarios fail with a message that names the file and line.
 */
public final class ScenarioReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ScenarioReader() {
    }

    public static Scenario read(Path dir) {
        Objects.requireNonNull(dir, "dir");
        Path specFile = dir.resolve("scenario.json");
        if (!Files.isRegularFile(specFile)) {
            throw new ScenarioException(specFile + ": missing; a scenario directory needs a scenario.json");
        }
        ScenarioSpec spec;
        try {
            spec = JSON.readValue(Files.readAllBytes(specFile), ScenarioSpec.class);
        } catch (JsonProcessingException e) {
            throw new ScenarioException(specFile + ":" + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ScenarioException(specFile + ": " + e.getMessage(), e);
        }
        if (spec.name() == null || spec.name().isBlank()) {
            throw new ScenarioException(specFile + ": \"name\" is required");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(spec.timezone() == null ? "UTC" : spec.timezone());
        } catch (DateTimeException e) {
            throw new ScenarioException(specFile + ": \"timezone\": '" + spec.timezone() + "' is not a time zone");
        }
        List<List<InputLine>> files = new ArrayList<>();
        for (SourceFile source : sourceFiles(dir)) {
            files.add(readFile(dir, source, zone));
        }
        return new Scenario(dir, spec, zone, merge(files));
    }

    /**
     * Merges the files by event time the way shippers interleave them: each file keeps its own order
     * (a line written late stays late), and among the files' next lines the earliest goes first, ties
     * broken by file order, so replays are deterministic.
     */
    static List<InputLine> merge(List<List<InputLine>> files) {
        int total = 0;
        for (List<InputLine> f : files) {
            total += f.size();
        }
        List<InputLine> out = new ArrayList<>(total);
        java.util.PriorityQueue<int[]> heads = new java.util.PriorityQueue<>(
                Comparator.<int[]>comparingLong(h -> files.get(h[0]).get(h[1]).eventTime()).thenComparingInt(h -> h[0]));
        for (int i = 0; i < files.size(); i++) {
            if (!files.get(i).isEmpty()) {
                heads.add(new int[] {i, 0});
            }
        }
        while (!heads.isEmpty()) {
            int[] h = heads.poll();
            List<InputLine> file = files.get(h[0]);
            out.add(file.get(h[1]));
            if (h[1] + 1 < file.size()) {
                heads.add(new int[] {h[0], h[1] + 1});
            }
        }
        return out;
    }

    /** A telemetry file of the layout, with what its path says about it. */
    record SourceFile(Path path, String topic, String format, String host, String site) {
    }

    static List<SourceFile> sourceFiles(Path dir) {
        List<SourceFile> out = new ArrayList<>();
        addJsonl(out, dir.resolve("metrics.jsonl"), Topics.METRICS, "telegraf");
        addJsonl(out, dir.resolve("changes.jsonl"), Topics.CHANGES, "change");
        addJsonl(out, dir.resolve("cdn.jsonl"), Topics.LOGS, "cdn");
        Path logs = dir.resolve("logs");
        if (!Files.isDirectory(logs)) {
            return out;
        }
        try (Stream<Path> walk = Files.walk(logs)) {
            walk.filter(Files::isRegularFile).sorted().forEach(p -> {
                Path rel = logs.relativize(p);
                String name = p.getFileName().toString();
                String host = rel.getName(0).toString();
                String site = rel.getNameCount() == 3 ? rel.getName(1).toString() : null;
                String format = formatOf(name);
                if (format == null || rel.getNameCount() < 2 || rel.getNameCount() > 3) {
                    throw new ScenarioException(p + ": not part of the scenario layout (see SCENARIOS.md)");
                }
                out.add(new SourceFile(p, Topics.LOGS, format, host, site));
            });
        } catch (IOException e) {
            throw new ScenarioException(logs + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static void addJsonl(List<SourceFile> out, Path path, String topic, String format) {
        if (Files.isRegularFile(path)) {
            out.add(new SourceFile(path, topic, format, null, null));
        }
    }

    static String formatOf(String fileName) {
        return switch (fileName) {
            case "nginx-error.log" -> "nginx-error";
            case "nginx-access.log" -> "nginx-access";
            case "php-fpm.log" -> "php-fpm";
            case "php-fpm-slow.log" -> "php-fpm-slow";
            case "php-error.log" -> "php-error";
            case "redis.log" -> "redis";
            case "mysql-slow.log" -> "mysql-slow";
            case "mysql-error.log" -> "mysql-error";
            default -> null;
        };
    }

    private static List<InputLine> readFile(Path dir, SourceFile source, ZoneId zone) {
        String rel = dir.relativize(source.path()).toString();
        List<String> physical;
        try {
            physical = Files.readAllLines(source.path(), StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            // Not valid UTF-8: read it as bytes-preserving Latin-1 so the topology can dead-letter those lines.
            try {
                physical = Files.readAllLines(source.path(), StandardCharsets.ISO_8859_1);
            } catch (IOException ex) {
                throw new ScenarioException(rel + ": " + ex.getMessage(), ex);
            }
        } catch (IOException e) {
            throw new ScenarioException(rel + ": " + e.getMessage(), e);
        }
        LineParser parser = Parsers.forFormat(source.format()).orElse(null);
        ParseContext context = new ParseContext(zone, source.site(), source.host());
        List<InputLine> out = new ArrayList<>();
        long lastTime = Long.MIN_VALUE;
        for (EntryFraming.Entry entry : EntryFraming.frame(source.format(), physical)) {
            long time = timeOf(parser, entry.text(), context, zone);
            if (time == Long.MIN_VALUE) {
                time = lastTime;
            }
            if (time == Long.MIN_VALUE) {
                time = 0L;
            }
            lastTime = time;
            out.add(new InputLine(source.topic(), source.format(), source.host(), source.site(), entry.text(), time,
                    rel, entry.lineNo()));
        }
        return out;
    }

    private static long timeOf(LineParser parser, String text, ParseContext context, ZoneId zone) {
        if (parser != null) {
            ParseResult r = parser.parse(text, context);
            if (r.isEvent()) {
                return r.eventTimeMillis();
            }
        }
        OptionalLong sniffed = TimeSniffer.sniff(text, zone);
        return sniffed.isPresent() ? sniffed.getAsLong() : Long.MIN_VALUE;
    }
}
