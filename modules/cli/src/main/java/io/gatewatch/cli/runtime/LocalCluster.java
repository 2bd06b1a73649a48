package io.gatewatch.cli.runtime;

import io.gatewatch.embedded.kafka.EmbeddedKafka;
import io.gatewatch.embedded.kafka.EmbeddedKafkaConfig;
import io.gatewatch.embedded.registry.EmbeddedSchemaRegistry;
import java.nio.file.Path;

/**
 * The one-command local mode: a real single-node KRaft broker and the embedded schema registry that
 * keeps its schemas in that broker's {@code _schemas} topic.
 */
public final class LocalCluster implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;

    private LocalCluster(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        this.kafka = kafka;
        this.registry = registry;
    }

    /** Starts both; {@code dataDir} null means a temporary directory removed on close. */
    public static LocalCluster start(Path dataDir, int brokerPort, int registryPort) {
        EmbeddedKafkaConfig.Builder config = EmbeddedKafkaConfig.builder().brokerPort(brokerPort);
        if (dataDir != null) {
            config.dataDir(dataDir).deleteDataDirOnClose(false);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(config.build());
        try {
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), registryPort);
            return new LocalCluster(kafka, registry);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
    }
}
