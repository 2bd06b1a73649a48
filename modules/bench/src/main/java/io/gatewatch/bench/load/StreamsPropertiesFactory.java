package io.gatewatch.bench.load;

import java.nio.file.Path;
import java.util.Properties;

/**
 * The Kafka Streams properties of one topology instance, as the production launcher builds them
 * ({@code gatewatch run}: exactly-once v2, the bounded RocksDB memory configuration), so the benchmark
 * measures what runs in production.
 */
@FunctionalInterface
public interface StreamsPropertiesFactory {

    Properties create(String applicationId, String bootstrapServers, Path stateDir, int threads);
}
