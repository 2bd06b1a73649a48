package io.gatewatch.bench;

import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.nginx.NginxAccessParser;
import io.gatewatch.parse.nginx.NginxErrorParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The lines the benchmarks parse: {@code synthetic} ({@link CorpusGenerator}, deterministic) or
 * {@code shared} (the real nginx lines in {@code shared/captures} and {@code shared/corpus}, repeated
 * to the same count). Either way every line is checked before measuring: the hand-written parser and
 * the regex baseline must produce equal events for it, so both sides of a comparison do the same work.
 */
public final class Corpus {

    /** Lines per benchmark invocation; {@code @OperationsPerInvocation} needs it as a constant. */
    public static final int LINES = 4096;

    public static final String SYNTHETIC = "synthetic";
    public static final String SHARED = "shared";

    public static final ParseContext CONTEXT = ParseContext.utc();

    private Corpus() {
    }

    public static List<String> access(String kind) {
        return switch (kind) {
            case SYNTHETIC -> CorpusGenerator.accessLines(LINES);
            case SHARED -> repeat(agreeing(sharedAccess(), new NginxAccessParser(), RegexAccessParser.grok(),
                    RegexAccessParser.tuned()), LINES);
            default -> throw new IllegalArgumentException("corpus is 'synthetic' or 'shared', not '" + kind + "'");
        };
    }

    public static List<String> errors(String kind) {
        return switch (kind) {
            case SYNTHETIC -> CorpusGenerator.errorEntries(LINES);
            case SHARED -> repeat(agreeing(sharedErrors(), new NginxErrorParser(), new RegexErrorParser()), LINES);
            default -> throw new IllegalArgumentException("corpus is 'synthetic' or 'shared', not '" + kind + "'");
        };
    }

    /**
     * Throws unless every baseline yields exactly the reference's event (event time and every field of
     * the payload) for every line; a benchmark that compared unequal work would be meaningless. The
     * site is not compared: which field names the site is policy that changes with the parsers, not
     * extraction work. When a parser is extended and a line's payload changes, update the baseline (or
     * measure anyway with {@code -Dgatewatch.bench.lenient=true}, which only warns).
     */
    public static void requireEquivalent(List<String> lines, LineParser reference, LineParser... baselines) {
        for (String line : lines) {
            ParseResult expected = reference.parse(line, CONTEXT);
            if (!expected.isEvent()) {
                throw new IllegalStateException(reference.format() + " rejects a corpus line (" + expected.detail()
                        + "): " + line);
            }
            for (LineParser baseline : baselines) {
                ParseResult actual = baseline.parse(line, CONTEXT);
                if (!same(expected, actual)) {
                    String message = baseline.format() + " disagrees with " + reference.format()
                            + "\n  line:     " + line + "\n  expected: " + expected + "\n  actual:   " + actual;
                    if (!Boolean.getBoolean("gatewatch.bench.lenient")) {
                        throw new IllegalStateException(message);
                    }
                    System.err.println("WARNING (lenient): " + message);
                }
            }
        }
    }

    static boolean same(ParseResult a, ParseResult b) {
        return a.isEvent() && b.isEvent() && a.eventTimeMillis() == b.eventTimeMillis()
                && a.payload().equals(b.payload());
    }

    /** The lines on which all parsers agree; the others are reported on stderr and left out. */
    private static List<String> agreeing(List<String> lines, LineParser reference, LineParser... baselines) {
        List<String> out = new ArrayList<>();
        int rejected = 0;
        int disagree = 0;
        for (String line : lines) {
            ParseResult expected = reference.parse(line, CONTEXT);
            if (!expected.isEvent()) {
                rejected++;
                continue;
            }
            boolean all = true;
            for (LineParser baseline : baselines) {
                all &= same(expected, baseline.parse(line, CONTEXT));
            }
            if (all) {
                out.add(line);
            } else {
                disagree++;
            }
        }
        System.err.printf("shared corpus (%s): %d entries, %d used, %d rejected by %s, %d where a regex baseline "
                + "differs (left out)%n", reference.format(), lines.size(), out.size(), rejected, reference.format(),
                disagree);
        if (out.isEmpty()) {
            throw new IllegalStateException("no usable " + reference.format() + " lines under " + sharedDir());
        }
        return out;
    }

    private static List<String> repeat(List<String> lines, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(lines.get(i % lines.size()));
        }
        return out;
    }

    // ---------------------------------------------------------------- shared/

    public static Path sharedDir() {
        String configured = System.getProperty("gatewatch.shared.dir");
        if (configured != null && Files.isDirectory(Path.of(configured))) {
            return Path.of(configured);
        }
        for (String candidate : new String[] {"../shared", "../../shared", "../../../shared", "/work/shared"}) {
            Path p = Path.of(candidate);
            if (Files.isDirectory(p.resolve("captures"))) {
                return p;
            }
        }
        throw new IllegalStateException("shared/ not found: pass -Dgatewatch.shared.dir=… (or use the synthetic corpus)");
    }

    static List<String> sharedAccess() {
        Path shared = sharedDir();
        List<String> out = new ArrayList<>();
        for (Path capture : files(shared.resolve("captures"), ".txt")) {
            out.addAll(section(capture, "nginx-access.log"));
            out.addAll(section(capture, "nginx-timing.log"));
        }
        for (Path log : files(shared.resolve("corpus/beats/filebeat/module/nginx/access/test"), ".log")) {
            out.addAll(plainLines(log));
        }
        out.addAll(plainLines(shared.resolve("corpus/found-in-the-wild/nginx-502-503-access-lines.txt")));
        return out;
    }

    static List<String> sharedErrors() {
        Path shared = sharedDir();
        NginxErrorParser parser = new NginxErrorParser();
        List<String> physical = new ArrayList<>();
        for (Path capture : files(shared.resolve("captures"), ".txt")) {
            physical.addAll(section(capture, "nginx-error.log"));
        }
        physical.addAll(plainLines(shared.resolve("corpus/beats/filebeat/module/nginx/error/test/error.log")));
        physical.addAll(plainLines(shared.resolve("corpus/found-in-the-wild/nginx-upstream-errors.txt")));
        // continuation lines (FastCGI stderr) join the entry before them
        List<String> entries = new ArrayList<>();
        for (String line : physical) {
            if (parser.startsEntry(line) || entries.isEmpty()) {
                entries.add(line);
            } else {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + "\n" + line);
            }
        }
        return entries;
    }

    /** The lines under {@code ---- logs/NAME} in a capture, up to the next {@code ----} or {@code ####}. */
    private static List<String> section(Path capture, String name) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : read(capture)) {
            if (line.startsWith("---- ") || line.startsWith("####")) {
                in = line.equals("---- logs/" + name);
                continue;
            }
            if (in && !line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    private static List<String> plainLines(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        return read(file).stream().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
