package io.gatewatch.embedded.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Formats the data directory for KRaft, the in-process equivalent of {@code kafka-storage.sh format}.
 *
 * <p>The quorum is static ({@code controller.quorum.voters}, kraft.version 0), so no controller
 * address is baked into the formatted metadata: a persistent directory can be restarted on
 * different ports.
 */
final class KraftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);

    private KraftStorage() {
    }

    /** Formats {@code dir} unless an earlier run already did; returns whether it formatted. */
    static boolean formatIfNeeded(DataDirectory dir, KafkaConfig config) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(config, "config");
        if (dir.isFormatted()) {
            LOG.debug("Reusing formatted Kafka data directory {}", dir.path());
            return false;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            new Formatter()
                    // the formatter talks to System.out by default; keep it in our log instead
                    .setPrintStream(printStream)
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(config.logDirs())
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setControllerListenerName(config.controllerListenerNames().get(0))
                    .setUnstableFeatureVersionsEnabled(false)
                    .run();
        } catch (Exception e) {
            throw new EmbeddedKafkaException("Could not format Kafka data directory " + dir.path() + ": " + e, e);
        }
        LOG.debug("Formatted Kafka data directory {}: {}", dir.path(),
                output.toString(StandardCharsets.UTF_8).strip());
        return true;
    }
}
