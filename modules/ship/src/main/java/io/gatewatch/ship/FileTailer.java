package io.gatewatch.ship;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one file path the way {@code tail -F} does and turns what is appended into {@link Entry
 * entries}, each with the {@link FilePosition} just past it.
 *
 * <ul>
 *   <li><b>Rotation by rename</b> ({@code access.log} becomes {@code access.log.1} and a new
 *   {@code access.log} appears): the renamed file stays open and is read to its end, then the new file
 *   is read from offset 0. The switch happens once the new file has data (a writer such as nginx writes
 *   to the new file only after it reopened, so by then the old one is complete) or the old file has
 *   been idle for the rotation grace period.</li>
 *   <li><b>Copytruncate</b> (the file is copied, then truncated in place): noticed when the file is
 *   shorter than what was read, or when the bytes just before the read position are no longer those
 *   that were read (the file was truncated and has grown past the old position already). Reading
 *   restarts at 0. Lines appended between the last read and the truncation are in the copy only; that
 *   window is inherent to copytruncate.</li>
 *   <li><b>Restart</b>: {@link #open(FilePosition)} resumes at a checkpoint. If the path now names
 *   another file, the checkpoint's file is looked for among the path's siblings (it was rotated while
 *   the shipper was down), finished, and then the new file is read from 0.</li>
 * </ul>
 *
 * <p>Not thread-safe: one thread polls.
 */
public final class FileTailer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(FileTailer.class);
    private static final int CHUNK = 64 * 1024;

    private final Path path;
    private final int maxLineBytes;
    private final EntryFramer framer;
    private final Consumer<TailedEntry> out;
    private final Duration rotationGrace;
    private final long maxBytesPerPoll;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);

    private FileChannel channel;
    private Path channelPath;
    private String key;
    private long readPos;
    private LineSplitter splitter;
    /** The open file is a rotated one found at start-up; switch to the path as soon as it is read. */
    private boolean draining;
    private long lastGrowthNanos = System.nanoTime();

    /** An entry and where reading resumes after it. */
    public record TailedEntry(Entry entry, FilePosition after) {
    }

    /**
     * @param rotationGrace   how long a rotated file must have been idle before an empty new file is
     *                        switched to; zero switches at once (one-shot runs)
     * @param maxBytesPerPoll how much one {@link #poll()} reads at most, so the caller ships in between
     */
    public FileTailer(Path path, FramingRules rules, int maxEntryLines, int maxEntryBytes, Duration rotationGrace,
                      long maxBytesPerPoll, Consumer<TailedEntry> out) {
        this.path = path.toAbsolutePath();
        this.maxLineBytes = maxEntryBytes;
        this.rotationGrace = rotationGrace;
        this.maxBytesPerPoll = maxBytesPerPoll;
        this.out = out;
        this.framer = new EntryFramer(rules, maxEntryLines, maxEntryBytes, true,
                entry -> this.out.accept(new TailedEntry(entry, FilePosition.after(key, entry))));
    }

    public Path path() {
        return path;
    }

    /**
     * Positions the tailer. {@code resume} null starts at the beginning ({@code fromEnd} false) or the
     * end of the file; otherwise reading resumes at {@code resume}, as described in the class doc.
     * A path that does not exist yet is waited for by {@link #poll()}.
     */
    public void open(FilePosition resume, boolean fromEnd) throws IOException {
        Optional<String> current = FileIdentity.keyOf(path);
        if (resume == null) {
            if (current.isPresent() && openAt(path, fromEnd ? -1 : 0, null)) {
                LOG.info("Shipping {} from {} (offset {})", path, fromEnd ? "its end" : "the beginning", readPos);
            }
            return;
        }
        if (current.isPresent() && current.get().equals(resume.fileKey())) {
            if (openAt(path, resume.offset(), resume.tail())) {
                LOG.info("Resuming {} at offset {}", path, resume.offset());
            } else {
                LOG.warn("{} is shorter than the checkpoint or no longer holds what was read at offset {}: it was "
                        + "truncated or replaced while the shipper was stopped; reading it from the beginning",
                        path, resume.offset());
                openAt(path, 0, null);
            }
            return;
        }
        Optional<Path> rotated = FileIdentity.findSibling(path, resume.fileKey());
        if (rotated.isPresent() && openAt(rotated.get(), resume.offset(), resume.tail())) {
            draining = true;
            LOG.info("{} was rotated while the shipper was stopped: finishing {} from offset {}, then {} from the "
                    + "beginning", path, rotated.get(), resume.offset(), path);
            return;
        }
        if (rotated.isPresent()) {
            closeChannel();
        }
        LOG.warn("The file of the checkpoint ({}, offset {}) is no longer next to {}; reading {} from the beginning",
                resume.fileKey(), resume.offset(), path, path);
        if (current.isPresent()) {
            openAt(path, 0, null);
        }
    }

    /**
     * Reads what is available (at most {@code maxBytesPerPoll}), follows rotation and truncation, and
     * hands complete entries to the consumer. Returns whether anything happened that may make another
     * poll productive at once (bytes read, file switched).
     */
    public boolean poll() throws IOException {
        if (channel == null) {
            Optional<String> current = FileIdentity.keyOf(path);
            if (current.isEmpty() || !openAt(path, 0, null)) {
                return false;
            }
            LOG.info("{} appeared; shipping it from the beginning", path);
        }
        if (checkTruncated()) {
            return true;
        }
        long read = readAvailable(maxBytesPerPoll);
        if (read > 0) {
            return true;
        }
        return followRotation();
    }

    /** Where the open file's reading starts, right after {@link #open}; empty if no file is open. */
    public Optional<FilePosition> openedAt() {
        if (channel == null) {
            return Optional.empty();
        }
        byte[] tail = splitter.tail();
        return Optional.of(new FilePosition(key, splitter.partialStart(), tail.length <= splitter.partialStart()
                ? tail : new byte[0]));
    }

    /** Whether a multi-line entry is being assembled. */
    public boolean hasPendingEntry() {
        return framer.hasPending();
    }

    /** {@link System#nanoTime()} of the last line added to the entry being assembled. */
    public long pendingSinceNanos() {
        return framer.lastLineNanos();
    }

    /** Sends the entry being assembled as it is (flush timeout, shutdown). */
    public void flushPendingEntry() {
        framer.flush();
    }

    /**
     * The input ends here (one-shot run): a last line without terminator counts as a line, and the
     * entry being assembled is complete.
     */
    public void endOfInput() {
        if (splitter != null) {
            splitter.finish();
        }
        framer.flush();
    }

    /** Whether the watched path currently exists or a file is open. */
    public boolean hasFile() {
        return channel != null;
    }

    @Override
    public void close() {
        closeChannel();
    }

    private boolean checkTruncated() throws IOException {
        long size = channel.size();
        if (size < readPos) {
            LOG.info("{} was truncated ({} bytes, {} had been read): reading it from the beginning", channelPath, size,
                    readPos);
        } else if (size > readPos && !stillHolds(channel, readPos, splitter.tail())) {
            LOG.info("{} was truncated and written again past offset {}: reading it from the beginning", channelPath,
                    readPos);
        } else {
            return false;
        }
        splitter.finish();
        framer.flush();
        readPos = 0;
        splitter = newSplitter(0, new byte[0]);
        return true;
    }

    private long readAvailable(long limit) throws IOException {
        long total = 0;
        while (total < limit) {
            buffer.clear();
            int n = channel.read(buffer, readPos);
            if (n <= 0) {
                break;
            }
            readPos += n;
            total += n;
            splitter.feed(buffer.array(), 0, n);
        }
        if (total > 0) {
            lastGrowthNanos = System.nanoTime();
        }
        return total;
    }

    /** At the end of the open file: switches to the path's new file if it was rotated. */
    private boolean followRotation() throws IOException {
        Optional<String> now = FileIdentity.keyOf(path);
        if (now.isEmpty() || now.get().equals(key)) {
            return false; // not rotated, or renamed away and no new file yet: keep reading the old one
        }
        if (!draining) {
            long newSize;
            try (FileChannel probe = FileChannel.open(path, StandardOpenOption.READ)) {
                newSize = probe.size();
            } catch (NoSuchFileException e) {
                return false;
            }
            boolean idle = System.nanoTime() - lastGrowthNanos >= rotationGrace.toNanos();
            if (newSize == 0 && !idle) {
                return false;
            }
        }
        // finish the old file: whatever was appended before the writer moved on, a poll's worth at a time
        draining = true;
        if (readAvailable(maxBytesPerPoll) > 0) {
            return true;
        }
        splitter.finish();
        framer.flush();
        Path old = channelPath;
        long oldSize = readPos;
        closeChannel();
        draining = false;
        if (openAt(path, 0, null)) {
            LOG.info("{} was rotated: finished the old file ({}, {} bytes), now reading the new one", path, old,
                    oldSize);
        }
        return true;
    }

    /**
     * Opens {@code file} at {@code offset} ({@code -1}: its end). With {@code expectedTail}, the file must
     * hold those bytes just before {@code offset}; returns false (nothing open) otherwise or if the file
     * vanished.
     */
    private boolean openAt(Path file, long offset, byte[] expectedTail) throws IOException {
        closeChannel();
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return false;
        }
        try {
            String k = FileIdentity.keyOf(file).orElse(null);
            long size = ch.size();
            long at = offset < 0 ? size : offset;
            byte[] tail = expectedTail;
            if (tail == null) {
                tail = readTail(ch, at);
            } else if (size < at || !stillHolds(ch, at, tail)) {
                ch.close();
                return false;
            }
            if (k == null) {
                ch.close();
                return false;
            }
            channel = ch;
            channelPath = file;
            key = k;
            readPos = at;
            splitter = newSplitter(at, tail);
            lastGrowthNanos = System.nanoTime();
            return true;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private LineSplitter newSplitter(long offset, byte[] preceding) {
        return new LineSplitter(offset, 1, maxLineBytes, preceding, framer::accept);
    }

    private static byte[] readTail(FileChannel ch, long at) throws IOException {
        int n = (int) Math.min(LineSplitter.TAIL_BYTES, at);
        ByteBuffer buf = ByteBuffer.allocate(n);
        long pos = at - n;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos + buf.position());
            if (r <= 0) {
                break;
            }
        }
        return Arrays.copyOf(buf.array(), buf.position());
    }

    /** Whether the file holds {@code tail} just before {@code at}. */
    private static boolean stillHolds(FileChannel ch, long at, byte[] tail) throws IOException {
        if (tail.length == 0) {
            return true;
        }
        if (at < tail.length) {
            return false;
        }
        ByteBuffer buf = ByteBuffer.allocate(tail.length);
        while (buf.hasRemaining()) {
            int r = ch.read(buf, at - tail.length + buf.position());
            if (r <= 0) {
                return false;
            }
        }
        return Arrays.equals(buf.array(), tail);
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {}: {}", channelPath, e.toString());
            }
        }
        channel = null;
        channelPath = null;
    }
}
