package io.gatewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.embedded.kafka.EmbeddedKafka;
import io.gatewatch.embedded.kafka.EmbeddedKafkaConfig;
import io.gatewatch.model.InputHeaders;
import io.gatewatch.model.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatewatch ship} end to end on the embedded broker, in-process and (for SIGTERM) in its own JVM. */
class ShipCommandTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
        kafka.createTopics(List.of(new NewTopic(Topics.LOGS, 3, (short) 1), new NewTopic("sigterm", 1, (short) 1)));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void onceShipsACapturedErrorLogWithHeadersAndKeyAndResumesFromTheCheckpoint() throws Exception {
        Path log = dir.resolve("error.log");
        List<String> lines = new ArrayList<>(CaptureLines.section("results-fatal.txt", "nginx-error.log"));
        lines.addAll(CaptureLines.section("results-502-stopped.txt", "nginx-error.log"));
        Files.write(log, lines);
        Path checkpoint = dir.resolve("error.checkpoint");
        String[] args = {"ship", "--file", log.toString(), "--source", "nginx-error", "--site", "shop.example.test",
                "--host", "web-1", "--zone", "Europe/Berlin", "--bootstrap-servers", kafka.bootstrapServers(),
                "--checkpoint", checkpoint.toString(), "--once"};
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("Shipped 4 entries");

        List<ConsumerRecord<byte[], byte[]>> records = readAll(Topics.LOGS);
        assertThat(records).hasSize(4);
        assertThat(value(records.get(0))).isEqualTo(String.join("\n", lines.subList(0, 4)));
        assertThat(records).allSatisfy(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("shop.example.test");
            assertThat(header(r, InputHeaders.SOURCE)).isEqualTo("nginx-error");
            assertThat(header(r, InputHeaders.HOST)).isEqualTo("web-1");
            assertThat(header(r, InputHeaders.SITE)).isEqualTo("shop.example.test");
            assertThat(header(r, InputHeaders.ZONE)).isEqualTo("Europe/Berlin");
        });
        JsonNode saved = new ObjectMapper().readTree(checkpoint.toFile());
        assertThat(saved.get("committed").get("offset").asLong()).isEqualTo(Files.size(log));
        assertThat(saved.get("pending").isNull()).isTrue();

        Files.writeString(log, lines.get(4) + "\n", StandardOpenOption.APPEND);
        CliRun again = CliRun.of(args);
        assertThat(again.out).contains("Shipped 1 entries");
        assertThat(readAll(Topics.LOGS)).hasSize(5);
    }

    @Test
    void badArgumentsExit2AndRuntimeFailuresExit1InOneLine() {
        CliRun badSource = CliRun.of("ship", "--file", "x.log", "--source", "apache", "--site", "s", "--host", "h");
        assertThat(badSource.exitCode).isEqualTo(2);
        assertThat(badSource.err.strip().lines()).hasSize(1);
        assertThat(badSource.err).contains("'apache'").contains("nginx-error");

        CliRun badZone = CliRun.of("ship", "--file", "x.log", "--source", "nginx-error", "--site", "s", "--host", "h",
                "--zone", "Nowhere/Land");
        assertThat(badZone.exitCode).isEqualTo(2);
        CliRun managed = CliRun.of("ship", "--file", "x.log", "--source", "nginx-error", "--site", "s", "--host", "h",
                "-X", "acks=0");
        assertThat(managed.exitCode).isEqualTo(2);
        assertThat(managed.err).contains("'acks' is set by the shipper itself");
        CliRun tooBig = CliRun.of("ship", "--file", "x.log", "--source", "nginx-error", "--site", "s", "--host", "h",
                "--max-entry-bytes", "5000000");
        assertThat(tooBig.exitCode).isEqualTo(2);
        assertThat(tooBig.err).contains("max.request.size");
        assertThat(CliRun.of("ship", "--help").exitCode).isZero();
        CliRun missingSite = CliRun.of("ship", "--file", "x.log", "--source", "nginx-error", "--host", "h");
        assertThat(missingSite.exitCode).isEqualTo(2);

        CliRun missingFile = CliRun.of("ship", "--file", dir.resolve("nope.log").toString(), "--source", "nginx-error",
                "--site", "s", "--host", "h", "--bootstrap-servers", kafka.bootstrapServers(), "--checkpoint",
                dir.resolve("c").toString(), "--once");
        assertThat(missingFile.exitCode).isEqualTo(1);
        assertThat(missingFile.err.strip().lines().filter(l -> l.startsWith("gatewatch:"))).hasSize(1);
        assertThat(missingFile.err).contains("nope.log");

        CliRun unreachable = CliRun.of("ship", "--file", "x.log", "--source", "nginx-error", "--site", "s", "--host", "h",
                "--bootstrap-servers", "127.0.0.1:1", "--checkpoint", dir.resolve("d").toString());
        assertThat(unreachable.exitCode).isEqualTo(1);
        assertThat(unreachable.err).contains("cannot reach Kafka at 127.0.0.1:1");
    }

    @Test
    void sigtermShipsWhatWasReadIncludingAnUnfinishedEntryAndWritesTheCheckpoint() throws Exception {
        Path log = dir.resolve("error.log");
        Path checkpoint = dir.resolve("sigterm.checkpoint");
        List<String> refused = CaptureLines.section("results-502-stopped.txt", "nginx-error.log");
        Files.write(log, refused.subList(0, 1));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = dir.resolve("ship.log");
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.gatewatch.avro", "io.gatewatch.cli.Main", "ship",
                "--file", log.toString(), "--source", "nginx-error", "--site", "shop.example.test", "--host", "web-1",
                "--bootstrap-servers", kafka.bootstrapServers(), "--topic", "sigterm", "--checkpoint",
                checkpoint.toString(), "--flush-timeout", "1h")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            awaitRecords("sigterm", 1, process, output);
            // an entry that may still continue: only the flush timeout (1h here) or the stop sends it
            String unfinished = "2026/11/25 09:12:00 [error] 22132#22132: *40 FastCGI sent in stderr: \"PHP message: "
                    + "PHP Fatal error:  Allowed memory size exhausted";
            Files.writeString(log, refused.get(1) + "\n" + unfinished + "\n", StandardOpenOption.APPEND);
            awaitRecords("sigterm", 2, process, output);

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(Files.readString(output)).contains("Stopped after 3 entries");
            assertThat(readAll("sigterm")).extracting(ShipCommandTest::value)
                    .containsExactly(refused.get(0), refused.get(1), unfinished);
            JsonNode saved = new ObjectMapper().readTree(checkpoint.toFile());
            assertThat(saved.get("pending").isNull()).isTrue();
            assertThat(saved.get("committed").get("offset").asLong()).isEqualTo(Files.size(log));
        } finally {
            process.destroyForcibly();
        }
    }

    private static void awaitRecords(String topic, int n, Process process, Path output) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (readAll(topic).size() < n) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("expected " + n + " records in " + topic + "; shipper said:\n"
                        + Files.readString(output));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey(), TIMEOUT) >= e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("did not reach the end of " + topic);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
            return out;
        }
    }

    private static String value(ConsumerRecord<byte[], byte[]> r) {
        return new String(r.value(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
