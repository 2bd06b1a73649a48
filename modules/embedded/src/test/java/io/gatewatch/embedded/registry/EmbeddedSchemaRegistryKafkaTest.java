package io.gatewatch.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.avro.Incident;
import io.gatewatch.embedded.kafka.EmbeddedKafka;
import io.gatewatch.embedded.kafka.EmbeddedKafkaConfig;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.AvroStringDeserializer;
import io.gatewatch.serde.AvroStringSerializer;
import io.gatewatch.serde.CompatibilityLevel;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.serde.SchemaRegistryException;
import io.gatewatch.serde.SerdeConfig;
import io.gatewatch.serde.SpecificAvroDeserializer;
import io.gatewatch.serde.SpecificAvroSerializer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry with its store in a real (embedded) broker. */
class EmbeddedSchemaRegistryKafkaTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void schemasLiveInACompactedSinglePartitionTopicAndSurviveARestart() throws Exception {
        int v1;
        int v2;
        int other;
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0)) {
            SchemaRegistryClient client = registry.newClient();
            v1 = client.register("a-value", TestSchemas.V1);
            v2 = client.register("a-value", TestSchemas.V2);
            other = client.register("b-value", TestSchemas.BREAKING);
            client.setCompatibility("a-value", CompatibilityLevel.FULL);
        }

        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(List.of(Topics.SCHEMAS)).allTopicNames()
                    .get().get(Topics.SCHEMAS);
            assertThat(description.partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.SCHEMAS);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }

        try (EmbeddedSchemaRegistry restarted = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0)) {
            SchemaRegistryClient client = restarted.newClient();
            assertThat(client.schemaById(v1)).isEqualTo(TestSchemas.V1);
            assertThat(client.register("a-value", TestSchemas.V2)).isEqualTo(v2);
            assertThat(client.idFor("b-value", TestSchemas.BREAKING)).isEqualTo(other);
            assertThat(client.versions("a-value")).containsExactly(1, 2);
            assertThat(client.compatibility("a-value")).isEqualTo(CompatibilityLevel.FULL);
            // ids continue after the highest one in the topic
            assertThat(client.register("c-value", TestSchemas.parse("\"long\""))).isEqualTo(other + 1);
        }

        List<JsonNode[]> records = readStore(Topics.SCHEMAS);
        assertThat(records).extracting(r -> r[0].get("keytype").asText())
                .containsExactly("SCHEMA", "SCHEMA", "SCHEMA", "CONFIG", "SCHEMA");
        JsonNode[] first = records.get(0);
        assertThat(first[0].toString()).isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"a-value\",\"version\":1,"
                + "\"magic\":1}");
        assertThat(first[1].get("id").asInt()).isEqualTo(v1);
        assertThat(first[1].get("deleted").asBoolean()).isFalse();
        assertThat(TestSchemas.parse(first[1].get("schema").asText())).isEqualTo(TestSchemas.V1);
    }

    @Test
    void incompatibleSchemaIsRejectedAndNotStored() {
        EmbeddedSchemaRegistryConfig config = EmbeddedSchemaRegistryConfig.of(kafka.bootstrapServers())
                .withTopic("_schemas-incompatible");
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(config)) {
            SchemaRegistryClient client = registry.newClient();
            client.register("s", TestSchemas.V1);

            assertThatThrownBy(() -> client.register("s", TestSchemas.BREAKING))
                    .isInstanceOfSatisfying(SchemaRegistryException.class,
                            e -> assertThat(e.httpStatus()).isEqualTo(409))
                    .hasMessageStartingWith("schema for subject s rejected as incompatible (BACKWARD)");

            RegistryHttp.Answer raw = new RegistryHttp(registry.url())
                    .post("/subjects/s/versions", RegistryHttp.schemaBody(TestSchemas.BREAKING_TEXT));
            assertThat(raw.status()).isEqualTo(409);
            assertThat(raw.json().get("error_code").asInt()).isEqualTo(409);
        }
        assertThat(readStore("_schemas-incompatible")).hasSize(1);
    }

    @Test
    void producerAndConsumerConfiguredByUrlRoundTripThroughTheBroker() {
        EmbeddedSchemaRegistryConfig config = EmbeddedSchemaRegistryConfig.of(kafka.bootstrapServers())
                .withTopic("_schemas-roundtrip");
        String topic = "registry-roundtrip-incidents";
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(config)) {
            Map<String, Object> serdeConfig = Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url());
            Incident incident = Incident.newBuilder()
                    .setIncidentId("shop/BAD_GATEWAY/1")
                    .setSite("shop.example.com")
                    .setKind(io.gatewatch.avro.IncidentKind.BAD_GATEWAY)
                    .setState(io.gatewatch.avro.IncidentState.OPEN)
                    .setOpenedAt(Instant.parse("2024-05-03T10:15:30Z"))
                    .setUpdatedAt(Instant.parse("2024-05-03T10:16:00Z"))
                    .setFirstErrorAt(Instant.parse("2024-05-03T10:15:28Z"))
                    .setLastErrorAt(Instant.parse("2024-05-03T10:15:59Z"))
                    .setErrorCount(12)
                    .setRequestCount(40)
                    .build();

            AvroStringSerializer keys = new AvroStringSerializer();
            keys.configure(serdeConfig, true);
            SpecificAvroSerializer<Incident> values = new SpecificAvroSerializer<>();
            values.configure(serdeConfig, false);
            try (KafkaProducer<String, Incident> producer = new KafkaProducer<>(
                    Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                            ProducerConfig.ACKS_CONFIG, "all"), keys, values)) {
                producer.send(new ProducerRecord<>(topic, incident.getIncidentId(), incident)).get();
                producer.send(new ProducerRecord<>(topic, "gone", null)).get();
            } catch (Exception e) {
                throw new AssertionError(e);
            }

            AvroStringDeserializer keyReader = new AvroStringDeserializer();
            keyReader.configure(serdeConfig, true);
            SpecificAvroDeserializer<Incident> valueReader = new SpecificAvroDeserializer<>(Incident.class);
            valueReader.configure(serdeConfig, false);
            List<ConsumerRecord<String, Incident>> records = new ArrayList<>();
            try (Consumer<String, Incident> consumer = new KafkaConsumer<>(consumerProps(), keyReader, valueReader)) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                long deadline = System.nanoTime() + TIMEOUT.toNanos();
                while (records.size() < 2) {
                    if (System.nanoTime() > deadline) {
                        fail("expected 2 records within %s, got %s", TIMEOUT, records);
                    }
                    consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                }
            }

            assertThat(records).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("shop/BAD_GATEWAY/1", "gone");
            assertThat(records).extracting(ConsumerRecord::value).containsExactlyInAnyOrder(incident, null);
            assertThat(registry.newClient().subjects())
                    .containsExactly(topic + "-key", topic + "-value");
        }
    }

    @Test
    void anExistingStoreTopicWithSeveralPartitionsIsRefused() {
        kafka.createTopics(List.of(new NewTopic("_schemas-partitioned", 3, (short) 1)));
        EmbeddedSchemaRegistryConfig config = EmbeddedSchemaRegistryConfig.of(kafka.bootstrapServers())
                .withTopic("_schemas-partitioned");

        assertThatThrownBy(() -> EmbeddedSchemaRegistry.start(config))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(50001))
                .hasMessageContaining("_schemas-partitioned has 3 partitions; it must have exactly 1");
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static Map<String, Object> consumerProps() {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    /** Every record of a store topic as parsed key and value (value null for tombstones). */
    private static List<JsonNode[]> readStore(String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<JsonNode[]> records = new ArrayList<>();
        try (Consumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(consumerProps(), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    fail("could not read %s up to offset %d within %s", topic, end, TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    records.add(new JsonNode[] {json(record.key()),
                        record.value() == null ? null : json(record.value())});
                }
            }
        }
        return records;
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return RegistryHttp.JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
