package io.gatewatch.embedded.kafka;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** String clients against the embedded broker, and polling with a deadline instead of sleeps. */
final class TestClients {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(100);

    private TestClients() {
    }

    static Producer<String, String> producer(EmbeddedKafka kafka, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // Tests write to topics they just created: with several requests in flight a Kafka 4.3 broker can refuse the
        // first, append the second and then refuse the first's retries until it expires (KAFKA-15591).
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        props.putAll(overrides);
        return new KafkaProducer<>(props);
    }

    static Consumer<String, String> consumer(EmbeddedKafka kafka, Map<String, Object> overrides) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.putAll(overrides);
        return new KafkaConsumer<>(props);
    }

    static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} at the deadline. */
    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, TIMEOUT, condition);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after %s waiting for %s", timeout, what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Reads all partitions of {@code topic} from the start, without a consumer group. */
    static void assignFromBeginning(Consumer<String, String> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until {@code expected} records arrived; fails with what did arrive at the deadline. */
    static List<ConsumerRecord<String, String>> consume(Consumer<String, String> consumer, int expected) {
        Objects.requireNonNull(consumer, "consumer");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (records.size() < expected) {
            if (System.nanoTime() > deadline) {
                fail("expected %d records within %s but got %d: %s", expected, TIMEOUT, records.size(), records);
            }
            consumer.poll(POLL).forEach(records::add);
        }
        return records;
    }

    /**
     * Polls the assigned partitions until the position reaches the end offset (for read_committed:
     * the last stable offset) of each, and returns everything read on the way.
     */
    static List<ConsumerRecord<String, String>> consumeToEnd(Consumer<String, String> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), TIMEOUT);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey(), TIMEOUT) >= end.getValue())) {
            if (System.nanoTime() > deadline) {
                fail("did not reach end offsets %s within %s; read %s", ends, TIMEOUT, records);
            }
            consumer.poll(POLL).forEach(records::add);
        }
        return records;
    }

    static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
