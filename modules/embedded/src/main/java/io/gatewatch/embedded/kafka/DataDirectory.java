package io.gatewatch.embedded.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory the broker keeps its partitions and KRaft metadata log in: creates or checks it
 * before Kafka sees it, and removes it on close when asked to.
 *
 * <p>Checking up front matters in-process: when Kafka itself finds its only log directory
 * unusable at runtime it halts the JVM ({@code Exit.halt}), which would take the application or
 * the test runner down with it.
 */
final class DataDirectory {

    /** Written by the KRaft storage formatter; its presence means "formatted, reuse as is". */
    static final String META_PROPERTIES = "meta.properties";

    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    private final Path path;
    private final boolean deleteOnClose;

    private DataDirectory(Path path, boolean deleteOnClose) {
        this.path = Objects.requireNonNull(path, "path");
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * Creates a fresh temp directory, or checks (and if missing creates) the configured one.
     *
     * @throws EmbeddedKafkaException naming the directory and what is wrong with it
     */
    static DataDirectory prepare(EmbeddedKafkaConfig config) {
        Objects.requireNonNull(config, "config");
        if (config.dataDir().isEmpty()) {
            try {
                return new DataDirectory(Files.createTempDirectory("gatewatch-kafka-"), config.deleteDataDirOnClose());
            } catch (IOException e) {
                throw new EmbeddedKafkaException("Could not create a temp directory for the embedded Kafka broker", e);
            }
        }
        Path path = config.dataDir().get().toAbsolutePath().normalize();
        checkUsable(path);
        return new DataDirectory(path, config.deleteDataDirOnClose());
    }

    private static void checkUsable(Path path) {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw unusable(path, "it exists but is not a directory", null);
        }
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw unusable(path, "it could not be created (" + e + ")", e);
        }
        if (!Files.exists(path.resolve(META_PROPERTIES))) {
            List<String> strangers = entries(path);
            if (!strangers.isEmpty()) {
                // Kafka would read any subdirectory as a partition and fail later, far less clearly
                throw unusable(path, "it is not empty but was never formatted as a Kafka data directory (no "
                        + META_PROPERTIES + "); found " + strangers
                        + ". Use an empty or missing directory, or one an earlier embedded broker wrote", null);
            }
        }
        probeWritable(path);
    }

    private static List<String> entries(Path path) {
        try (Stream<Path> children = Files.list(path)) {
            return children.map(child -> child.getFileName().toString()).sorted().limit(5)
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw unusable(path, "it could not be listed (" + e + ")", e);
        }
    }

    private static void probeWritable(Path path) {
        // Files.isWritable is true for root even on a read-only mount; only a real write tells
        try {
            Files.delete(Files.createTempFile(path, ".write-probe", ".tmp"));
        } catch (IOException e) {
            throw unusable(path, "it is not writable (" + e + ")", e);
        }
    }

    private static EmbeddedKafkaException unusable(Path path, String reason, Throwable cause) {
        return new EmbeddedKafkaException("Kafka data directory " + path + " is unusable: " + reason, cause);
    }

    Path path() {
        return path;
    }

    boolean isFormatted() {
        return Files.exists(path.resolve(META_PROPERTIES));
    }

    /** Deletes the directory if this run owns its lifetime; failures are logged, not thrown. */
    void deleteIfRequested() {
        if (!deleteOnClose || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> tree = Files.walk(path)) {
            // children before parents
            for (Path entry : (Iterable<Path>) tree.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(entry);
            }
            LOG.debug("Deleted Kafka data directory {}", path);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete Kafka data directory {}: {}", path, e.toString());
        }
    }
}
