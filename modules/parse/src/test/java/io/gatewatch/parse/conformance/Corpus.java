package io.gatewatch.parse.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.Parsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the conformance corpus lives ({@code -Dgatewatch.corpus.dir}, else {@code ${gatewatch.shared.dir}/corpus})
 * and how its files are read and framed into entries.
 */
final class Corpus {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new YAMLMapper();

    private final Path root;

    Corpus(Path root) {
        this.root = root;
    }

    static Path locate() {
        String explicit = System.getProperty("gatewatch.corpus.dir");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        String shared = System.getProperty("gatewatch.shared.dir", "../../../shared");
        return Path.of(shared).resolve("corpus").toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path path(String relative) {
        return root.resolve(relative);
    }

    boolean exists(String relative) {
        return Files.exists(root.resolve(relative));
    }

    byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(root.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("corpus file " + root.resolve(relative), e);
        }
    }

    String text(String relative) {
        return new String(bytes(relative), StandardCharsets.UTF_8);
    }

    JsonNode json(String relative) {
        try {
            return JSON.readTree(bytes(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("corpus file " + root.resolve(relative), e);
        }
    }

    JsonNode yaml(String relative) {
        try {
            return YAML.readTree(bytes(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("corpus file " + root.resolve(relative), e);
        }
    }

    static LineParser parser(String format) {
        return Parsers.forFormat(format)
                .orElseThrow(() -> new AssertionError("no parser registered for format '" + format + "'"));
    }

    /** One entry: its text, the byte offset of its first line and the 0-based index of that line. */
    record Entry(String text, long offset, int line) {
    }

    /**
     * Joins physical lines into entries with {@code parser.startsEntry}, as a shipper's reader would: a
     * line that does not start an entry continues the previous one; the first line always starts one.
     * Blank lines between single-line entries are dropped.
     */
    static List<Entry> frame(LineParser parser, byte[] content) {
        List<Entry> entries = new ArrayList<>();
        StringBuilder current = null;
        long currentOffset = 0;
        int currentLine = 0;
        long offset = 0;
        int lineNo = 0;
        int start = 0;
        boolean multiLine = isMultiLine(parser);
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            String line = new String(content, start, end - start, StandardCharsets.UTF_8);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            boolean blank = line.isBlank();
            if (current == null || (parser.startsEntry(line) && !(blank && multiLine))) {
                if (current != null) {
                    entries.add(new Entry(current.toString(), currentOffset, currentLine));
                }
                current = null;
                if (!blank) {
                    current = new StringBuilder(line);
                    currentOffset = offset;
                    currentLine = lineNo;
                }
            } else {
                current.append('\n').append(line);
            }
            offset += end - start + 1;
            lineNo++;
            start = end + 1;
        }
        if (current != null) {
            entries.add(new Entry(current.toString(), currentOffset, currentLine));
        }
        return entries;
    }

    /** Formats whose startsEntry ever says no: there, blank lines belong to the entry they follow. */
    private static boolean isMultiLine(LineParser parser) {
        return !parser.startsEntry("a line that begins no entry of any multi-line format");
    }

    /** Every physical line (without its newline), for sources whose expectations are per line. */
    static List<String> lines(byte[] content) {
        String all = new String(content, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>(List.of(all.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        out.replaceAll(l -> l.endsWith("\r") ? l.substring(0, l.length() - 1) : l);
        return out;
    }
}
