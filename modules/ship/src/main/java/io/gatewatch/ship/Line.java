package io.gatewatch.ship;

import java.nio.charset.StandardCharsets;

/**
 * One physical line as read from a file or stream.
 *
 * @param bytes       the line's bytes without its terminator ({@code \n}, or {@code \r\n})
 * @param startOffset byte offset of the line's first byte in its file
 * @param endOffset   byte offset just past the line's terminator (where the next line starts)
 * @param lineNo      1-based number of the line among those read by this reader (not necessarily
 *                    the line number in the file when reading resumed from a checkpoint)
 * @param terminated  false for a last line without terminator, and for every piece of a line cut at
 *                    the maximum line length but the last
 * @param tail        up to {@link LineSplitter#TAIL_BYTES} raw bytes of the file ending at
 *                    {@code endOffset}: a fingerprint that tells whether a file still holds what was read
 */
public record Line(byte[] bytes, long startOffset, long endOffset, long lineNo, boolean terminated, byte[] tail) {

    /** The line as text; bytes that are not UTF-8 become U+FFFD (framing decisions only, never shipped). */
    public String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A line made from text, for callers that already hold decoded lines (offsets count UTF-8 bytes). */
    public static Line ofText(String text, long startOffset, long lineNo) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return new Line(b, startOffset, startOffset + b.length + 1, lineNo, true, new byte[0]);
    }
}
