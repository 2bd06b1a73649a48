package io.gatewatch.ship;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Finds out whether the transaction recorded as {@link Checkpoint.Pending} committed. Call only after
 * the shipper's producer ran {@code initTransactions()} with the same {@code transactional.id}: that
 * fences the predecessor and settles its transaction for good (an open one is aborted, one whose commit
 * had begun is completed). Then the transaction's last record is visible to a {@code read_committed}
 * consumer exactly when the transaction committed: the consumer either returns it at its offset, or
 * skips that offset as aborted data.
 */
final class InDoubtTransaction {

    enum Outcome { COMMITTED, ABORTED, UNKNOWN }

    private InDoubtTransaction() {
    }

    static Outcome resolve(Checkpoint.Pending pending, String bootstrapServers, Map<String, String> kafkaProperties,
                           Duration timeout) {
        Map<String, Object> props = new java.util.HashMap<>(kafkaProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        TopicPartition tp = new TopicPartition(pending.topic(), pending.partition());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(tp));
            long logStart = consumer.beginningOffsets(List.of(tp), timeout).get(tp);
            if (logStart > pending.offset()) {
                return Outcome.UNKNOWN; // deleted by retention meanwhile
            }
            consumer.seek(tp, pending.offset());
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.offset() == pending.offset()) {
                        return checksum(r.key(), r.value()) == pending.checksum() ? Outcome.COMMITTED : Outcome.UNKNOWN;
                    }
                    if (r.offset() > pending.offset()) {
                        return Outcome.ABORTED;
                    }
                }
                // read_committed skips aborted records (and the markers after them) without returning anything
                if (consumer.position(tp, timeout) > pending.offset()) {
                    return Outcome.ABORTED;
                }
            }
            throw new IllegalStateException("could not settle the shipper's last transaction within " + timeout
                    + ": " + tp + " offset " + pending.offset() + " stayed behind an open transaction");
        }
    }

    static long checksum(byte[] key, byte[] value) {
        CRC32C crc = new CRC32C();
        if (key != null) {
            crc.update(key);
        }
        crc.update(new byte[] {0});
        if (value != null) {
            crc.update(value);
        }
        return crc.getValue();
    }
}
