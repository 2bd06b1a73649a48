package io.gatewatch.ship;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Optional;

/**
 * Keeps a {@link Checkpoint} in a small JSON file. Every save writes a temporary file next to it,
 * forces it to disk and renames it over the old one, so a reader (or a restart after a crash or power
 * loss) sees either the old checkpoint or the new one, never a torn mix.
 */
public final class CheckpointStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    private final Path file;
    private final Path temp;

    public CheckpointStore(Path file) {
        this.file = file.toAbsolutePath();
        this.temp = this.file.resolveSibling(this.file.getFileName() + ".tmp");
    }

    public Path file() {
        return file;
    }

    /**
     * Takes the checkpoint for this process: an exclusive lock on {@code <checkpoint>.lock}, held until
     * the returned lock is closed or the process ends (however it ends). Two shippers on one checkpoint
     * would overwrite each other's progress; the second one fails here instead.
     */
    public AutoCloseable lock() {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try {
            Files.createDirectories(file.getParent());
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                throw new IllegalStateException("checkpoint " + file + " is in use by another shipper");
            }
            FileLock held = lock;
            return () -> {
                held.release();
                ch.close();
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock checkpoint " + lockFile + ": " + e.getMessage(), e);
        }
    }

    /** The stored checkpoint; empty if none was saved. A damaged file is an error, not a fresh start. */
    public Optional<Checkpoint> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        }
        try {
            JsonNode node = JSON.readTree(bytes);
            int version = node.path("version").asInt(-1);
            if (version != VERSION) {
                throw new IllegalStateException("checkpoint " + file + " has version " + version + ", expected " + VERSION);
            }
            Checkpoint.Pending pending = null;
            JsonNode p = node.get("pending");
            if (p != null && !p.isNull()) {
                pending = new Checkpoint.Pending(position(p.get("position")), text(p, "topic"),
                        p.get("partition").asInt(), p.get("offset").asLong(), p.get("checksum").asLong());
            }
            JsonNode c = node.get("committed");
            return Optional.of(new Checkpoint(text(node, "transactionalId"), node.path("path").asText(null),
                    c == null || c.isNull() ? null : position(c), pending));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("checkpoint " + file + " is damaged (" + e.getMessage()
                    + "); move it away to start over from the beginning of the file", e);
        }
    }

    /** Replaces the stored checkpoint atomically and durably. */
    public void save(Checkpoint checkpoint) {
        ObjectNode node = JSON.createObjectNode();
        node.put("version", VERSION);
        node.put("transactionalId", checkpoint.transactionalId());
        node.put("path", checkpoint.path());
        node.set("committed", checkpoint.committed() == null ? null : json(checkpoint.committed()));
        Checkpoint.Pending p = checkpoint.pending();
        if (p == null) {
            node.putNull("pending");
        } else {
            ObjectNode pn = node.putObject("pending");
            pn.set("position", json(p.position()));
            pn.put("topic", p.topic());
            pn.put("partition", p.partition());
            pn.put("offset", p.offset());
            pn.put("checksum", p.checksum());
        }
        try {
            Files.createDirectories(file.getParent());
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /** Makes the rename itself durable; not every platform can open a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }

    private static ObjectNode json(FilePosition pos) {
        ObjectNode n = JSON.createObjectNode();
        n.put("fileKey", pos.fileKey());
        n.put("offset", pos.offset());
        n.put("tail", pos.tailBase64());
        return n;
    }

    private static FilePosition position(JsonNode n) {
        return new FilePosition(text(n, "fileKey"), n.get("offset").asLong(),
                Base64.getDecoder().decode(n.path("tail").asText("")));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalStateException("missing '" + field + "'");
        }
        return v.asText();
    }
}
