package io.gatewatch.bench.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The broker's own limit on these records: one plain {@link KafkaConsumer} with default settings
 * reading every input partition from the beginning to the end as fast as it can, counting records and
 * key+value bytes, and doing nothing else. This is what {@code kafka-consumer-perf-test} measures.
 */
final class RawConsumerRun {

    record Result(long records, long bytes, double seconds) {
        double recordsPerSec() {
            return records / seconds;
        }

        double megabytesPerSec() {
            return bytes / seconds / (1024.0 * 1024.0);
        }
    }

    private RawConsumerRun() {
    }

    static Result run(String bootstrapServers, List<TopicPartition> partitions, Map<TopicPartition, Long> ends,
                      Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "gatewatch-bench-raw");
        long target = ends.values().stream().mapToLong(Long::longValue).sum();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long records = 0;
            long bytes = 0;
            long began = System.nanoTime();
            long deadline = began + timeout.toNanos();
            while (records < target) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    bytes += (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the raw consumer read " + records + " of " + target
                            + " records within " + timeout.toSeconds() + "s");
                }
            }
            return new Result(records, bytes, (System.nanoTime() - began) / 1e9);
        }
    }
}
