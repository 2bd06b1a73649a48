package io.gatewatch.bench.load;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces the throughput phase's records, as a fleet of shippers would, before anything reads them:
 * the raw consumer and the topology then read the same records from the log.
 */
final class BulkLoad {

    /** What was produced. */
    record Result(long records, long bytes, Map<InputRecord.Kind, Long> byKind, long firstEventMillis,
                  long lastEventMillis, double seconds) {
    }

    private BulkLoad() {
    }

    static Properties producerProperties(String bootstrapServers, String compression, int lingerMs) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        return p;
    }

    /** Produces {@code records} records from {@code workload}, second after second from {@code startMillis}. */
    static Result produce(String bootstrapServers, String compression, Workload workload, long startMillis, long records,
                          LongConsumer progress) {
        Map<InputRecord.Kind, Long> byKind = new EnumMap<>(InputRecord.Kind.class);
        long sent = 0;
        long bytes = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        AtomicReference<Exception> failure = new AtomicReference<>();
        long began = System.nanoTime();
        Properties properties = producerProperties(bootstrapServers, compression, 20);
        // The input topics were just created: one request in flight, so that a first request refused before its
        // partition is led cannot be overtaken and then lost (KAFKA-15591, fixed in Kafka 4.5; see BrokerReplay).
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (long second = startMillis; sent < records; second += 1000) {
                List<InputRecord> batch = workload.second(second, Set.of());
                for (InputRecord r : batch) {
                    if (sent >= records) {
                        break;
                    }
                    var record = r.toProducerRecord();
                    producer.send(record, (meta, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                    });
                    sent++;
                    bytes += record.value().length + (record.key() == null ? 0 : record.key().length);
                    byKind.merge(r.kind(), 1L, Long::sum);
                    first = Math.min(first, r.timestamp());
                    last = Math.max(last, r.timestamp());
                    if (sent % 50_000 == 0) {
                        progress.accept(sent);
                    }
                }
                if (failure.get() != null) {
                    break;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the workload failed: " + failure.get().getMessage(), failure.get());
        }
        return new Result(sent, bytes, byKind, first, last, (System.nanoTime() - began) / 1e9);
    }
}
