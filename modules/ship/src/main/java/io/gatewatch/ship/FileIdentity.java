package io.gatewatch.ship;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * What identifies a file across renames: its file key (device and inode on Unix). A path that names
 * another file key than before has been rotated by rename; the same key with fewer bytes than were
 * read has been truncated (copytruncate).
 */
public final class FileIdentity {

    private FileIdentity() {
    }

    /** The file key of {@code path} (following symlinks), or empty if it does not exist. */
    public static Optional<String> keyOf(Path path) throws IOException {
        try {
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            return Optional.of(key(attrs));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    static String key(BasicFileAttributes attrs) {
        Object key = attrs.fileKey();
        // file systems without keys (rare on the servers this runs on): creation time is the best there is
        return key != null ? key.toString() : "created:" + attrs.creationTime().toMillis();
    }

    /** Regular files next to {@code path} (rotated copies such as {@code access.log.1}) whose key is {@code key}. */
    static Optional<Path> findSibling(Path path, String key) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (var files = Files.list(dir)) {
            for (Path candidate : (Iterable<Path>) files::iterator) {
                try {
                    BasicFileAttributes attrs = Files.readAttributes(candidate, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (attrs.isRegularFile() && key.equals(key(attrs))) {
                        return Optional.of(candidate);
                    }
                } catch (IOException e) {
                    // vanished or unreadable meanwhile: not the one
                }
            }
        }
        return Optional.empty();
    }
}
