package io.gatewatch.ship;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A place in a file: which file (its {@link FileIdentity key}), how far, and the bytes just before that
 * offset, so a file that was truncated and has grown again, or a new file that reuses an inode, is not
 * mistaken for the one that was read.
 *
 * @param fileKey file key of the file
 * @param offset  byte offset
 * @param tail    the up to {@link LineSplitter#TAIL_BYTES} bytes of the file that end at {@code offset}
 */
public record FilePosition(String fileKey, long offset, byte[] tail) {

    public FilePosition {
        Objects.requireNonNull(fileKey, "fileKey");
        tail = tail == null ? new byte[0] : tail.clone();
        if (offset < 0 || tail.length > offset) {
            throw new IllegalArgumentException("bad position " + offset + " with " + tail.length + " tail bytes");
        }
    }

    public static FilePosition start(String fileKey) {
        return new FilePosition(fileKey, 0, new byte[0]);
    }

    /** Where reading resumes after {@code entry}, read from the file with {@code fileKey}. */
    public static FilePosition after(String fileKey, Entry entry) {
        return new FilePosition(fileKey, entry.endOffset(), entry.last().tail());
    }

    public String tailBase64() {
        return Base64.getEncoder().encodeToString(tail);
    }

    @Override
    public byte[] tail() {
        return tail.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FilePosition p && p.fileKey.equals(fileKey) && p.offset == offset
                && Arrays.equals(p.tail, tail);
    }

    @Override
    public int hashCode() {
        return Objects.hash(fileKey, offset, Arrays.hashCode(tail));
    }

    @Override
    public String toString() {
        return fileKey + "@" + offset;
    }
}
