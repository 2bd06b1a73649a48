package io.gatewatch.ship;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into {@link Line}s with their byte offsets, incrementally: bytes are fed as they
 * are read, complete lines come out at once, and a trailing partial line waits for its terminator (or
 * for {@link #finish()}). Memory is bounded: a line longer than {@code maxLineBytes} is emitted in
 * pieces of at most that size, so a runaway line can neither exhaust the heap nor produce a record the
 * broker refuses.
 */
public final class LineSplitter {

    /** Length of the fingerprint kept with each line. */
    public static final int TAIL_BYTES = 32;

    private final int maxLineBytes;
    private final Consumer<Line> out;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    /** Ring of the last raw bytes consumed, for fingerprints. */
    private final byte[] ring = new byte[TAIL_BYTES];
    private int ringFill;
    private int ringPos;
    private long offset;
    private long partialStart;
    private long lineNo;

    /**
     * @param startOffset offset in the file of the first byte that will be fed
     * @param firstLineNo number given to the first line
     */
    public LineSplitter(long startOffset, long firstLineNo, int maxLineBytes, Consumer<Line> out) {
        this(startOffset, firstLineNo, maxLineBytes, new byte[0], out);
    }

    /**
     * @param startOffset offset in the file of the first byte that will be fed
     * @param firstLineNo number given to the first line
     * @param precedingBytes the bytes of the file just before {@code startOffset}, if known (they seed
     *                    the fingerprints)
     */
    public LineSplitter(long startOffset, long firstLineNo, int maxLineBytes, byte[] precedingBytes,
                        Consumer<Line> out) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.out = out;
        this.offset = startOffset;
        this.partialStart = startOffset;
        this.lineNo = firstLineNo - 1;
        for (byte b : precedingBytes) {
            remember(b);
        }
    }

    /** Consumes {@code len} bytes of {@code buf} from {@code off}; emits every line they complete. */
    public void feed(byte[] buf, int off, int len) {
        int end = off + len;
        int from = off;
        for (int i = off; i < end; i++) {
            byte b = buf[i];
            remember(b);
            offset++;
            if (b == '\n') {
                partial.write(buf, from, i - from);
                emit(true);
                from = i + 1;
            } else if (partial.size() + (i + 1 - from) >= maxLineBytes) {
                partial.write(buf, from, i + 1 - from);
                emit(false);
                from = i + 1;
            }
        }
        partial.write(buf, from, end - from);
    }

    /** Emits the partial last line, if any (the stream has ended). */
    public void finish() {
        if (partial.size() > 0) {
            emit(false);
        }
    }

    /** Whether bytes of an unterminated line are held. */
    public boolean hasPartial() {
        return partial.size() > 0;
    }

    /** Offset where the held partial line starts (equals {@link #offset()} when none is held). */
    public long partialStart() {
        return partialStart;
    }

    /** Offset of the next byte to be fed. */
    public long offset() {
        return offset;
    }

    /** The last raw bytes fed, up to {@link #TAIL_BYTES}, oldest first. */
    public byte[] tail() {
        byte[] t = new byte[ringFill];
        int start = (ringPos - ringFill + TAIL_BYTES) % TAIL_BYTES;
        for (int i = 0; i < ringFill; i++) {
            t[i] = ring[(start + i) % TAIL_BYTES];
        }
        return t;
    }

    private void remember(byte b) {
        ring[ringPos] = b;
        ringPos = (ringPos + 1) % TAIL_BYTES;
        if (ringFill < TAIL_BYTES) {
            ringFill++;
        }
    }

    private void emit(boolean terminated) {
        byte[] bytes = partial.toByteArray();
        int len = bytes.length;
        if (terminated && len > 0 && bytes[len - 1] == '\r') {
            len--;
        }
        partial.reset();
        lineNo++;
        Line line = new Line(len == bytes.length ? bytes : Arrays.copyOf(bytes, len), partialStart, offset, lineNo,
                terminated, tail());
        partialStart = offset;
        out.accept(line);
    }
}
