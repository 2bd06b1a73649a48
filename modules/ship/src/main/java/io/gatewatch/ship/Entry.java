package io.gatewatch.ship;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One log entry: one or more physical lines that belong together (an nginx FastCGI stderr message, a
 * PHP stack trace, a slow-log entry).
 *
 * @param lines     the physical lines, in order
 * @param forced    true when the entry was cut by a limit (lines, bytes) or a flush timeout rather than
 *                  ended by the next entry or by its own format
 */
public record Entry(List<Line> lines, boolean forced) {

    public Entry {
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("an entry has at least one line");
        }
    }

    /** The lines' bytes joined with {@code \n}: what is shipped, byte for byte as in the file. */
    public byte[] bytes() {
        if (lines.size() == 1) {
            return lines.get(0).bytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(byteLength());
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.write('\n');
            }
            out.writeBytes(lines.get(i).bytes());
        }
        return out.toByteArray();
    }

    /** The entry as text (U+FFFD for bytes that are not UTF-8). */
    public String text() {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    /** Length of {@link #bytes()}. */
    public int byteLength() {
        int n = lines.size() - 1;
        for (Line l : lines) {
            n += l.bytes().length;
        }
        return n;
    }

    public Line first() {
        return lines.get(0);
    }

    public Line last() {
        return lines.get(lines.size() - 1);
    }

    /** 1-based number of the entry's first line. */
    public long lineNo() {
        return first().lineNo();
    }

    /** Offset in the file just past the entry's last line: where reading resumes after it. */
    public long endOffset() {
        return last().endOffset();
    }
}
