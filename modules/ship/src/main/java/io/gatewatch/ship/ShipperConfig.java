package io.gatewatch.ship;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a {@link Shipper} ships, where to, and its limits. Build with {@link #builder()}.
 *
 * @param file            the file to follow
 * @param source          its format ({@code gatewatch.source} header), for example {@code nginx-error}
 * @param site            site the lines belong to: the record key and the {@code gatewatch.site} header
 * @param host            host the file is on ({@code gatewatch.host})
 * @param zone            zone of the file's zone-less timestamps ({@code gatewatch.zone}); null: not sent
 * @param topic           topic to produce to
 * @param bootstrapServers Kafka
 * @param checkpoint      checkpoint file
 * @param kafkaProperties extra client settings (security and the like) for every Kafka client used
 * @param maxEntryLines   most physical lines in one entry
 * @param maxEntryBytes   most bytes in one entry, and in one record
 * @param flushTimeout    how long an entry that may still continue waits for more lines
 * @param pollInterval    how often the file is checked for news when idle
 * @param rotationGrace   how long a rotated file is still read while the new file stays empty
 * @param maxBatchEntries most entries in one transaction
 * @param maxBatchBytes   most bytes in one transaction
 * @param fromEnd         without a checkpoint, start at the end of the file instead of its beginning
 * @param connectTimeout  how long to wait for the broker at start
 */
public record ShipperConfig(Path file, String source, String site, String host, ZoneId zone, String topic,
                            String bootstrapServers, Path checkpoint, Map<String, String> kafkaProperties,
                            int maxEntryLines, int maxEntryBytes, Duration flushTimeout, Duration pollInterval,
                            Duration rotationGrace, int maxBatchEntries, long maxBatchBytes, boolean fromEnd,
                            Duration connectTimeout) {

    /** Settings the shipper's delivery guarantee depends on; they cannot be overridden. */
    public static final Set<String> MANAGED_PROPERTIES = Set.of("bootstrap.servers", "transactional.id",
            "enable.idempotence", "acks", "key.serializer", "value.serializer", "key.deserializer",
            "value.deserializer", "isolation.level", "enable.auto.commit", "group.id");

    /** Room for key, headers and batch framing next to an entry of the maximum size. */
    static final int RECORD_OVERHEAD = 16 * 1024;

    public ShipperConfig {
        Objects.requireNonNull(file, "file");
        requireText(source, "source");
        requireText(site, "site");
        requireText(host, "host");
        requireText(topic, "topic");
        requireText(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(checkpoint, "checkpoint");
        kafkaProperties = Map.copyOf(kafkaProperties);
        for (String key : kafkaProperties.keySet()) {
            if (MANAGED_PROPERTIES.contains(key)) {
                throw new IllegalArgumentException("Kafka property '" + key + "' is set by the shipper itself");
            }
        }
        if (maxEntryLines < 1 || maxEntryBytes < 1 || maxBatchEntries < 1 || maxBatchBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
        long maxRequest = Long.parseLong(kafkaProperties.getOrDefault("max.request.size", "1048576").trim());
        if (maxEntryBytes > maxRequest - RECORD_OVERHEAD) {
            throw new IllegalArgumentException("max entry bytes " + maxEntryBytes + " leave no room for the record "
                    + "overhead under max.request.size=" + maxRequest + "; at most " + (maxRequest - RECORD_OVERHEAD));
        }
        Objects.requireNonNull(flushTimeout, "flushTimeout");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(rotationGrace, "rotationGrace");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }

    /** This configuration with another rotation grace period. */
    public ShipperConfig withRotationGrace(Duration grace) {
        return new ShipperConfig(file, source, site, host, zone, topic, bootstrapServers, checkpoint, kafkaProperties,
                maxEntryLines, maxEntryBytes, flushTimeout, pollInterval, grace, maxBatchEntries, maxBatchBytes, fromEnd,
                connectTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where the checkpoint of {@code file} goes unless one is named: {@code .gatewatch/ship/<path>.checkpoint}. */
    public static Path defaultCheckpoint(Path file) {
        String abs = file.toAbsolutePath().normalize().toString();
        String name = abs.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+", "");
        if (name.length() > 120) {
            name = name.substring(name.length() - 100) + "-" + digest(abs).substring(0, 12);
        }
        return Path.of(".gatewatch", "ship", name + ".checkpoint");
    }

    /**
     * The {@code transactional.id} a new checkpoint gets: stable for this host, file, source and site,
     * so a restart fences whatever a killed predecessor left behind.
     */
    String defaultTransactionalId() {
        String identity = file.toAbsolutePath().normalize() + "\n" + source + "\n" + site + "\n"
                + checkpoint.toAbsolutePath().normalize();
        return "gatewatch-ship-" + host + "-" + digest(identity).substring(0, 16);
    }

    private static String digest(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void requireText(String s, String name) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    /** Builder with the defaults of {@code gatewatch ship}. */
    public static final class Builder {
        private Path file;
        private String source;
        private String site;
        private String host;
        private ZoneId zone;
        private String topic;
        private String bootstrapServers = "localhost:9092";
        private Path checkpoint;
        private final Map<String, String> kafkaProperties = new LinkedHashMap<>();
        private int maxEntryLines = 500;
        private int maxEntryBytes = 1_000_000;
        private Duration flushTimeout = Duration.ofSeconds(1);
        private Duration pollInterval = Duration.ofMillis(250);
        private Duration rotationGrace = Duration.ofSeconds(5);
        private int maxBatchEntries = 500;
        private long maxBatchBytes = 4L * 1024 * 1024;
        private boolean fromEnd;
        private Duration connectTimeout = Duration.ofSeconds(10);

        public Builder file(Path v) {
            file = v;
            return this;
        }

        public Builder source(String v) {
            source = v;
            return this;
        }

        public Builder site(String v) {
            site = v;
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder zone(ZoneId v) {
            zone = v;
            return this;
        }

        public Builder topic(String v) {
            topic = v;
            return this;
        }

        public Builder bootstrapServers(String v) {
            bootstrapServers = v;
            return this;
        }

        public Builder checkpoint(Path v) {
            checkpoint = v;
            return this;
        }

        public Builder kafkaProperty(String k, String v) {
            kafkaProperties.put(k, v);
            return this;
        }

        public Builder kafkaProperties(Map<String, String> v) {
            kafkaProperties.putAll(v);
            return this;
        }

        public Builder maxEntryLines(int v) {
            maxEntryLines = v;
            return this;
        }

        public Builder maxEntryBytes(int v) {
            maxEntryBytes = v;
            return this;
        }

        public Builder flushTimeout(Duration v) {
            flushTimeout = v;
            return this;
        }

        public Builder pollInterval(Duration v) {
            pollInterval = v;
            return this;
        }

        public Builder rotationGrace(Duration v) {
            rotationGrace = v;
            return this;
        }

        public Builder maxBatchEntries(int v) {
            maxBatchEntries = v;
            return this;
        }

        public Builder maxBatchBytes(long v) {
            maxBatchBytes = v;
            return this;
        }

        public Builder fromEnd(boolean v) {
            fromEnd = v;
            return this;
        }

        public Builder connectTimeout(Duration v) {
            connectTimeout = v;
            return this;
        }

        public ShipperConfig build() {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(source, "source");
            return new ShipperConfig(file, source, site, host, zone, topic != null ? topic : SourceTopics.topicFor(source),
                    bootstrapServers, checkpoint != null ? checkpoint : defaultCheckpoint(file), kafkaProperties,
                    maxEntryLines, maxEntryBytes, flushTimeout, pollInterval, rotationGrace, maxBatchEntries,
                    maxBatchBytes, fromEnd, connectTimeout);
        }
    }
}
