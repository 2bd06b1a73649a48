package io.gatewatch.embedded.registry;

import io.gatewatch.model.Topics;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run the embedded registry.
 *
 * @param bootstrapServers the Kafka cluster that holds the store topic
 * @param host             address to bind; loopback by default because the registry has no auth
 * @param port             port to bind; 0 picks a free one
 * @param topic            the compacted store topic, {@code _schemas} as in Confluent's registry
 * @param timeout          limit for each store operation (topic creation, one write, the start-up read)
 */
public record EmbeddedSchemaRegistryConfig(String bootstrapServers, String host, int port, String topic,
        Duration timeout) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    public EmbeddedSchemaRegistryConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timeout, "timeout");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrapServers must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, got " + port);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** Loopback, a free port, topic {@code _schemas}, 30 s store timeout. */
    public static EmbeddedSchemaRegistryConfig of(String bootstrapServers) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, DEFAULT_HOST, 0, Topics.SCHEMAS, DEFAULT_TIMEOUT);
    }

    public EmbeddedSchemaRegistryConfig withHost(String newHost) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, newHost, port, topic, timeout);
    }

    public EmbeddedSchemaRegistryConfig withPort(int newPort) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, host, newPort, topic, timeout);
    }

    public EmbeddedSchemaRegistryConfig withTopic(String newTopic) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, host, port, newTopic, timeout);
    }

    public EmbeddedSchemaRegistryConfig withTimeout(Duration newTimeout) {
        return new EmbeddedSchemaRegistryConfig(bootstrapServers, host, port, topic, newTimeout);
    }
}
