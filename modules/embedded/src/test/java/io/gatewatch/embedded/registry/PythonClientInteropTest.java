package io.gatewatch.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatewatch.avro.Site;
import io.gatewatch.embedded.kafka.EmbeddedKafka;
import io.gatewatch.embedded.kafka.EmbeddedKafkaConfig;
import io.gatewatch.serde.AvroStringSerializer;
import io.gatewatch.serde.AvroStringDeserializer;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.serde.SpecificAvroDeserializer;
import io.gatewatch.serde.SpecificAvroSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded registry and our wire format against a client we did not write: Debian's
 * {@code python3-confluent-kafka} 1.7 with {@code AvroConsumer}, {@code AvroProducer} and
 * {@code CachedSchemaRegistryClient} (needs {@code python3-avro} and {@code python3-requests}).
 * The interpreter is {@code /usr/bin/python3}, or {@code -Dgatewatch.python=...}.
 */
class PythonClientInteropTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String FROM_JAVA = "interop-from-java";
    private static final String FROM_PYTHON = "interop-from-python";

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
        registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void pythonConfluentKafkaReadsOurRecordsAndUsesTheRegistry(@TempDir Path temp) throws Exception {
        SchemaRegistryClient client = registry.newClient();
        Site site = Site.newBuilder()
                .setSite("java.example.com")
                .setHosts(List.of("web-1", "web-2"))
                .setFpmPool("shop")
                .setUpdatedAt(Instant.parse("2024-05-03T10:15:30.123Z"))
                .build();
        try (KafkaProducer<String, Site> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new AvroStringSerializer(client, true), new SpecificAvroSerializer<Site>(client, false))) {
            producer.send(new ProducerRecord<>(FROM_JAVA, site.getSite(), site)).get();
        }

        List<JsonNode> lines = runPython(temp, FROM_JAVA, 1, FROM_PYTHON, Site.getClassSchema().toString());

        JsonNode consumed = check(lines, "consumed");
        assertThat(consumed.get("key").asText()).isEqualTo("java.example.com");
        assertThat(consumed.get("value").get("site").asText()).isEqualTo("java.example.com");
        assertThat(consumed.get("value").get("hosts")).hasSize(2);
        assertThat(consumed.get("value").get("fpmPool").asText()).isEqualTo("shop");
        assertThat(consumed.get("value").get("updatedAt").asText()).startsWith("2024-05-03 10:15:30.123");

        JsonNode api = check(lines, "registry");
        int first = api.get("first").asInt();
        assertThat(api.get("again").asInt()).isEqualTo(first);
        assertThat(api.get("second").asInt()).isNotEqualTo(first);
        assertThat(api.get("latest_id").asInt()).isEqualTo(api.get("second").asInt());
        assertThat(api.get("latest_version").asInt()).isEqualTo(2);
        assertThat(api.get("latest_fields").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(api.get("version_of_v1").asInt()).isEqualTo(1);
        assertThat(api.get("compatible_v2").asBoolean()).isTrue();
        assertThat(api.get("compatible_bad").asBoolean()).isFalse();
        assertThat(api.get("by_id_name").asText()).isEqualTo("py.PyProbe");
        assertThat(api.get("update").asText()).isEqualTo("FULL");
        assertThat(api.get("global_level").asText()).isEqualTo("BACKWARD");
        JsonNode incompatible = check(lines, "incompatible");
        assertThat(incompatible.get("rejected").asBoolean()).isTrue();
        assertThat(incompatible.get("message").asText()).contains("409");
        assertThat(check(lines, "produced").get("remaining").asInt()).isZero();

        ConsumerRecord<String, Site> fromPython = readOne(client);
        assertThat(fromPython.key()).isEqualTo("py.example.com");
        assertThat(fromPython.value().getSite()).isEqualTo("py.example.com");
        assertThat(fromPython.value().getHosts()).containsExactly("py-web-1");
        assertThat(fromPython.value().getLearned()).isTrue();
        assertThat(fromPython.value().getUpdatedAt()).isEqualTo(Instant.parse("2024-05-03T10:15:30Z"));
    }

    private static List<JsonNode> runPython(Path temp, String readTopic, int count, String writeTopic,
            String siteSchema) throws IOException, InterruptedException {
        Path script = temp.resolve("python_interop.py");
        Files.writeString(script, PythonInteropScript.SOURCE, StandardCharsets.UTF_8);
        Path output = temp.resolve("python.out");
        Process process = new ProcessBuilder(python(), script.toString(), kafka.bootstrapServers(), registry.url(),
                readTopic, Integer.toString(count), writeTopic, siteSchema)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("python client did not finish within %s; output:%n%s", TIMEOUT, Files.readString(output));
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            fail("python client failed with exit code %d (it needs Debian's python3-confluent-kafka, python3-avro "
                    + "and python3-requests); output:%n%s", process.exitValue(), text);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("{\"")) {
                lines.add(RegistryHttp.JSON.readTree(line));
            }
        }
        return lines;
    }

    private static JsonNode check(List<JsonNode> lines, String name) {
        return lines.stream().filter(l -> name.equals(l.path("check").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no '" + name + "' line from the python client in " + lines));
    }

    private static ConsumerRecord<String, Site> readOne(SchemaRegistryClient client) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, Site> consumer = new KafkaConsumer<>(props, new AvroStringDeserializer(client),
                new SpecificAvroDeserializer<>(client, Site.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(FROM_PYTHON, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(FROM_PYTHON, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Site> record : consumer.poll(Duration.ofMillis(100))) {
                    return record;
                }
            }
        }
        throw new AssertionError("no record from the python producer in " + FROM_PYTHON);
    }

    private static String python() {
        String configured = System.getProperty("gatewatch.python");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        // Debian's interpreter: that is where python3-confluent-kafka is installed, not in a pyenv
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }
}
