package io.gatewatch.embedded.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How to run the embedded single-node KRaft broker.
 *
 * <p>Typical use:
 * <pre>{@code
 * // tests: throw-away data in a temp dir, free ports, 3 partitions per topic
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults())) { ... }
 *
 * // local mode: data survives restarts, fixed broker port
 * EmbeddedKafkaConfig config = EmbeddedKafkaConfig.persistent(Path.of("/var/lib/gatewatch/kafka"))
 *         .toBuilder()
 *         .brokerPort(9092)
 *         .brokerProperty("log.retention.hours", "24")
 *         .build();
 * }</pre>
 *
 * @param dataDir where Kafka keeps its log and metadata; empty means a fresh temp directory
 * @param deleteDataDirOnClose whether {@link EmbeddedKafka#close()} removes {@code dataDir}
 * @param brokerPort client listener port on 127.0.0.1; 0 picks a free one
 * @param controllerPort KRaft controller listener port on 127.0.0.1; 0 picks a free one
 * @param defaultPartitions {@code num.partitions}: partitions of auto-created topics and of
 *     {@link EmbeddedKafka#createTopics(String...)}. Defaults to 3, not Kafka's 1, so that tests
 *     and local runs exercise more than one stream task / consumer assignment the way a real
 *     deployment does.
 * @param startupTimeout how long {@link EmbeddedKafka#start} waits for the broker to serve
 * @param brokerProperties extra broker settings; they override this module's dev-box defaults,
 *     but may not touch the listeners, roles, node id or directories (see {@link #RESERVED_KEYS})
 */
public record EmbeddedKafkaConfig(
        Optional<Path> dataDir,
        boolean deleteDataDirOnClose,
        int brokerPort,
        int controllerPort,
        int defaultPartitions,
        Duration startupTimeout,
        Map<String, String> brokerProperties) {

    public static final int DEFAULT_PARTITIONS = 3;
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Broker settings that {@link EmbeddedKafka} derives itself; overriding them would break the
     * single-node wiring (listeners must match the voters, the data dir must be the formatted one).
     */
    public static final Set<String> RESERVED_KEYS = Set.of(
            "process.roles",
            "node.id",
            "broker.id",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "controller.listener.names",
            "inter.broker.listener.name",
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers",
            "log.dir",
            "log.dirs",
            "metadata.log.dir");

    public EmbeddedKafkaConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(brokerProperties, "brokerProperties");
        checkPort(brokerPort, "brokerPort");
        checkPort(controllerPort, "controllerPort");
        if (brokerPort != 0 && brokerPort == controllerPort) {
            throw new IllegalArgumentException("brokerPort and controllerPort must differ, both are " + brokerPort);
        }
        if (defaultPartitions < 1) {
            throw new IllegalArgumentException("defaultPartitions must be at least 1, got " + defaultPartitions);
        }
        if (startupTimeout.isNegative() || startupTimeout.isZero()) {
            throw new IllegalArgumentException("startupTimeout must be positive, got " + startupTimeout);
        }
        Set<String> clashes = new TreeSet<>(brokerProperties.keySet());
        clashes.retainAll(RESERVED_KEYS);
        if (!clashes.isEmpty()) {
            throw new IllegalArgumentException("brokerProperties may not set " + clashes
                    + ": the embedded broker manages these itself");
        }
        if (brokerProperties.containsKey("num.partitions")) {
            throw new IllegalArgumentException("set num.partitions with defaultPartitions, not brokerProperties");
        }
        // Map.copyOf rejects null keys and values, which Kafka's config parser would choke on later
        brokerProperties = Map.copyOf(brokerProperties);
    }

    /** A throw-away broker: temp data dir deleted on close, free ports, 3 default partitions. */
    public static EmbeddedKafkaConfig defaults() {
        return builder().build();
    }

    /**
     * A broker whose data lives in {@code dataDir} and is kept on close, so a later start on the
     * same directory sees the same topics and records.
     */
    public static EmbeddedKafkaConfig persistent(Path dataDir) {
        return builder().dataDir(dataDir).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.dataDir = dataDir.orElse(null);
        // only an explicit choice is carried over; otherwise defaults().toBuilder().dataDir(dir)
        // would inherit "delete on close" from the temp-dir default and wipe a persistent directory
        builder.deleteDataDirOnClose = deleteDataDirOnClose == dataDir.isEmpty() ? null : deleteDataDirOnClose;
        builder.brokerPort = brokerPort;
        builder.controllerPort = controllerPort;
        builder.defaultPartitions = defaultPartitions;
        builder.startupTimeout = startupTimeout;
        builder.brokerProperties.putAll(brokerProperties);
        return builder;
    }

    private static void checkPort(int port, String name) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(name + " must be 0 (pick a free port) or 1-65535, got " + port);
        }
    }

    /** Collects settings; {@link #build()} validates them. */
    public static final class Builder {
        private Path dataDir;
        private Boolean deleteDataDirOnClose;
        private int brokerPort;
        private int controllerPort;
        private int defaultPartitions = DEFAULT_PARTITIONS;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Keeps Kafka's data in {@code dataDir} (created if missing, reused without reformatting
         * if it already holds a formatted broker). Unless {@link #deleteDataDirOnClose(boolean)}
         * says otherwise, the directory is kept on close.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
            return this;
        }

        /** Overrides the default: delete a temp dir, keep a given one. */
        public Builder deleteDataDirOnClose(boolean deleteDataDirOnClose) {
            this.deleteDataDirOnClose = deleteDataDirOnClose;
            return this;
        }

        public Builder brokerPort(int brokerPort) {
            this.brokerPort = brokerPort;
            return this;
        }

        public Builder controllerPort(int controllerPort) {
            this.controllerPort = controllerPort;
            return this;
        }

        public Builder defaultPartitions(int defaultPartitions) {
            this.defaultPartitions = defaultPartitions;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout, "startupTimeout");
            return this;
        }

        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder brokerProperties(Map<String, String> properties) {
            Objects.requireNonNull(properties, "properties").forEach(this::brokerProperty);
            return this;
        }

        public EmbeddedKafkaConfig build() {
            boolean delete = deleteDataDirOnClose != null ? deleteDataDirOnClose : dataDir == null;
            return new EmbeddedKafkaConfig(Optional.ofNullable(dataDir), delete, brokerPort, controllerPort,
                    defaultPartitions, startupTimeout, brokerProperties);
        }
    }
}
