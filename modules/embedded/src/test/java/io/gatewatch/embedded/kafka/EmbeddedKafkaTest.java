package io.gatewatch.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Clients against one shared broker: the settings a single node needs must really be in effect. */
class EmbeddedKafkaTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaTest.class);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
        LOG.info("Broker start-to-ready: {} ms", kafka.startupDuration().toMillis());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void listensOnLoopbackAndUsesAFormattedDataDir() {
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.brokerPort());
        assertThat(kafka.brokerPort()).isPositive().isNotEqualTo(kafka.controllerPort());
        assertThat(kafka.dataDir()).isDirectory();
        assertThat(kafka.dataDir().resolve("meta.properties")).isRegularFile();
        assertThat(kafka.startupDuration()).isPositive();
    }

    @Test
    void producedRecordsCanBeConsumed() throws Exception {
        kafka.createTopics("round-trip");
        List<String> sent = IntStream.range(0, 20).mapToObj(i -> "value-" + i).toList();
        try (Producer<String, String> producer = TestClients.producer(kafka, Map.of())) {
            for (String value : sent) {
                producer.send(new ProducerRecord<>("round-trip", value, value)).get(30, TimeUnit.SECONDS);
            }
        }
        try (Consumer<String, String> consumer = TestClients.consumer(kafka, Map.of())) {
            TestClients.assignFromBeginning(consumer, "round-trip");
            assertThat(TestClients.values(TestClients.consume(consumer, sent.size())))
                    .containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void createTopicsUsesTheDefaultPartitionCountAndIgnoresExistingTopics() throws Exception {
        kafka.createTopics("three-partitions");
        kafka.createTopics("three-partitions");
        kafka.createTopics(List.of(new NewTopic("one-partition", 1, (short) 1)));
        try (Admin admin = TestClients.admin(kafka)) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("three-partitions", "one-partition"))
                    .allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics.get("three-partitions").partitions()).hasSize(EmbeddedKafkaConfig.DEFAULT_PARTITIONS);
            assertThat(topics.get("one-partition").partitions()).hasSize(1);
        }
    }

    @Test
    void autoCreatedTopicsGetTheDefaultPartitionCount() throws Exception {
        try (Producer<String, String> producer = TestClients.producer(kafka, Map.of())) {
            producer.send(new ProducerRecord<>("auto-created", "k", "v")).get(30, TimeUnit.SECONDS);
            assertThat(producer.partitionsFor("auto-created")).hasSize(EmbeddedKafkaConfig.DEFAULT_PARTITIONS);
        }
    }

    /** Fails (the group never stabilises, commits time out) if __consumer_offsets wants RF 3. */
    @ParameterizedTest
    @ValueSource(strings = {"classic", "consumer"})
    void consumerGroupCommitsOffsets(String groupProtocol) throws Exception {
        String topic = "group-commit-" + groupProtocol;
        String group = "group-" + groupProtocol;
        kafka.createTopics(topic);
        try (Producer<String, String> producer = TestClients.producer(kafka, Map.of())) {
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>(topic, "key-" + i, "value-" + i));
            }
            producer.flush();
        }
        try (Consumer<String, String> consumer = TestClients.consumer(kafka, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol))) {
            consumer.subscribe(List.of(topic));
            assertThat(TestClients.consume(consumer, 6)).hasSize(6);
            consumer.commitSync();
        }
        try (Admin admin = TestClients.admin(kafka)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            assertThat(committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum()).isEqualTo(6);
        }
    }

    /** Fails (initTransactions times out) if the transaction state log wants RF 3 / min ISR 2. */
    @Test
    void transactionalProducerCommitsAndAbortedRecordsStayInvisible() throws Exception {
        String topic = "transactions";
        kafka.createTopics(topic);
        try (Producer<String, String> producer = TestClients.producer(kafka, Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "embedded-kafka-test-tx"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, "k", "committed-" + i));
            }
            producer.commitTransaction();
        }
        try (Consumer<String, String> consumer = TestClients.consumer(kafka, Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            TestClients.assignFromBeginning(consumer, topic);
            // one key, one partition: a visible aborted record would come first, before the committed ones
            assertThat(TestClients.values(TestClients.consume(consumer, 3)))
                    .containsExactly("committed-0", "committed-1", "committed-2");
        }
    }
}
