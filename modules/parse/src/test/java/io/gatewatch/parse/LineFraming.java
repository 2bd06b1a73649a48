package io.gatewatch.parse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Frames physical lines into entries the way the normalizer does it with {@link LineParser#startsEntry}
 * and {@link LineParser#mayContinue}: a line that starts no entry joins the open one; an entry is closed
 * as soon as the parser says it cannot continue, or when the next entry starts.
 */
public final class LineFraming {

    public static List<String> frame(LineParser parser, List<String> lines) {
        List<String> out = new ArrayList<>();
        String open = null;
        for (String line : lines) {
            if (open != null) {
                if (!parser.startsEntry(line)) {
                    open = open + "\n" + line;
                    if (!parser.mayContinue(open)) {
                        out.add(open);
                        open = null;
                    }
                    continue;
                }
                out.add(open);
                open = null;
            }
            if (parser.mayContinue(line)) {
                open = line;
            } else {
                out.add(line);
            }
        }
        if (open != null) {
            out.add(open);
        }
        return out;
    }

    /** Lines of a test resource next to the test classes, blank lines included. */
    public static List<String> resourceLines(String name) {
        try (InputStream in = LineFraming.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return lines(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of a file under the shared directory ({@code corpus/…}), blank lines included. */
    public static List<String> sharedLines(String relative) {
        Path file = SharedFiles.sharedDir().resolve(relative);
        try {
            return lines(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("shared file " + file + " not readable; set -Dgatewatch.shared.dir", e);
        }
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private LineFraming() {
    }
}
