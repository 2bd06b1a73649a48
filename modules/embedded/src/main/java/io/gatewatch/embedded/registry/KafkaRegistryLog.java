package io.gatewatch.embedded.registry;

import io.gatewatch.serde.RegistryErrors;
import io.gatewatch.serde.SchemaRegistryException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's records in a compacted single-partition Kafka topic.
 *
 * <p>One partition keeps a total order, which the replay relies on. Writes wait for acks=all with
 * an idempotent producer, so a schema id the registry answered with is on the broker before the
 * client can write a record that refers to it.
 */
final class KafkaRegistryLog implements RegistryLog {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRegistryLog.class);
    private static final Duration POLL = Duration.ofMillis(200);

    private final String bootstrapServers;
    private final String topic;
    private final Duration timeout;
    private final KafkaProducer<byte[], byte[]> producer;

    private KafkaRegistryLog(String bootstrapServers, String topic, Duration timeout) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.timeout = timeout;
        this.producer = new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Creates the topic if needed (compacted, 1 partition, replication factor 1) and opens the log. */
    static KafkaRegistryLog open(String bootstrapServers, String topic, Duration timeout) {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timeout, "timeout");
        ensureTopic(bootstrapServers, topic, timeout);
        return new KafkaRegistryLog(bootstrapServers, topic, timeout);
    }

    @Override
    public void append(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        try {
            RecordMetadata written = producer.send(new ProducerRecord<>(topic, 0, key, value))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("schema store record written to {}-{}@{}", topic, written.partition(), written.offset());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.storeError("interrupted while writing to topic " + topic, e);
        } catch (ExecutionException e) {
            throw RegistryErrors.storeError("could not write to topic " + topic + " on " + bootstrapServers,
                    e.getCause());
        } catch (TimeoutException e) {
            throw RegistryErrors.storeError("no acknowledgement from topic " + topic + " on " + bootstrapServers
                    + " within " + timeout, e);
        } catch (RuntimeException e) {
            throw RegistryErrors.storeError("could not write to topic " + topic + " on " + bootstrapServers, e);
        }
    }

    @Override
    public void replay(BiConsumer<byte[], byte[]> handler) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            long deadline = System.nanoTime() + timeout.toNanos();
            // compaction leaves gaps in offsets, so the loop ends on the position, not a record count
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    throw RegistryErrors.storeError("could not read topic " + topic + " up to offset " + end
                            + " within " + timeout + " (stopped at " + consumer.position(partition) + ")", null);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() < end) {
                        handler.accept(record.key(), record.value());
                    }
                }
            }
        } catch (SchemaRegistryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw RegistryErrors.storeError("could not read topic " + topic + " on " + bootstrapServers, e);
        }
    }

    @Override
    public String describe() {
        return "topic " + topic + " on " + bootstrapServers;
    }

    @Override
    public void close() {
        producer.close(timeout);
    }

    private static void ensureTopic(String bootstrapServers, String topic, Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "gatewatch-schema-registry-admin");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        try (Admin admin = Admin.create(props)) {
            NewTopic wanted = new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            try {
                admin.createTopics(List.of(wanted)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                LOG.info("created schema store topic {} (compacted, 1 partition)", topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                checkExisting(admin, topic, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryErrors.storeError("interrupted while preparing topic " + topic, e);
        } catch (ExecutionException e) {
            throw RegistryErrors.storeError("could not create topic " + topic + " on " + bootstrapServers,
                    e.getCause());
        } catch (TimeoutException e) {
            throw RegistryErrors.storeError("Kafka at " + bootstrapServers + " did not answer within " + timeout
                    + " while preparing topic " + topic, e);
        }
    }

    /** A topic someone else created must still have one partition; compaction is advised, not required. */
    private static void checkExisting(Admin admin, String topic, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        if (description.partitions().size() != 1) {
            throw RegistryErrors.storeError("schema store topic " + topic + " has "
                    + description.partitions().size() + " partitions; it must have exactly 1 so that "
                    + "registrations keep their order", null);
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG) == null
                ? "" : config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            LOG.warn("schema store topic {} has cleanup.policy={}; with deletion, old schemas would be lost "
                    + "after the retention period", topic, policy);
        }
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "gatewatch-schema-registry-store");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int millis = (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        // delivery.timeout.ms must be >= linger.ms + request.timeout.ms
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        return props;
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "gatewatch-schema-registry-reader");
        // assign(), no group: nothing to commit, nothing left behind on the broker
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE));
        return props;
    }
}
