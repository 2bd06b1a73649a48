package io.gatewatch.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.embedded.kafka.EmbeddedKafka;
import io.gatewatch.embedded.kafka.EmbeddedKafkaConfig;
import io.gatewatch.model.InputHeaders;
import io.gatewatch.model.Topics;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipper against a real (embedded) broker: following, rotation, truncation, restarts. */
class ShipperBrokerTest {

    private static final String SITE = "shop.example.test";
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
        kafka.createTopics(List.of(new NewTopic("follow", 3, (short) 1), new NewTopic(Topics.LOGS, 3, (short) 1),
                new NewTopic(Topics.METRICS, 1, (short) 1), new NewTopic("once", 3, (short) 1),
                new NewTopic("locked", 1, (short) 1)));
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void followsTheFileThroughRenameRotationCopytruncateAndARestartExactlyOnce() throws Exception {
        Path log = dir.resolve("access.log");
        Path checkpoint = dir.resolve("state/access.checkpoint");
        ShipperConfig config = config(log, checkpoint, "follow").zone(ZoneId.of("Europe/Berlin")).build();
        List<String> lines = IntStream.rangeClosed(1, 16).mapToObj(ShipperBrokerTest::accessLine).toList();

        Running first = Running.start(config);
        append(log, lines.subList(0, 5));
        TopicRecords.awaitCommitted(kafka.bootstrapServers(), "follow", 5);

        // logrotate "create": rename, the writer still writes to the renamed file, then to a new one
        Files.move(log, dir.resolve("access.log.1"));
        append(dir.resolve("access.log.1"), lines.subList(5, 7));
        append(log, lines.subList(7, 10));
        TopicRecords.awaitCommitted(kafka.bootstrapServers(), "follow", 10);

        // logrotate "copytruncate"
        Files.copy(log, dir.resolve("access.log.2"), StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        append(log, lines.subList(10, 12));
        TopicRecords.awaitCommitted(kafka.bootstrapServers(), "follow", 12);

        first.stopAndAwait();
        Checkpoint saved = new CheckpointStore(checkpoint).load().orElseThrow();
        assertThat(saved.pending()).isNull();
        assertThat(saved.committed().fileKey()).isEqualTo(FileIdentity.keyOf(log).orElseThrow());
        assertThat(saved.committed().offset()).isEqualTo(Files.size(log));

        // written while the shipper is stopped; the restart resumes at the checkpoint
        append(log, lines.subList(12, 14));
        Running second = Running.start(config);
        append(log, lines.subList(14, 16));
        TopicRecords.awaitCommitted(kafka.bootstrapServers(), "follow", 16);
        second.stopAndAwait();

        List<ConsumerRecord<byte[], byte[]>> records = TopicRecords.readAll(kafka.bootstrapServers(), "follow", true);
        assertThat(TopicRecords.values(records)).containsExactlyElementsOf(lines);
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        assertThat(records).allSatisfy(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(SITE);
            assertThat(TopicRecords.header(r, InputHeaders.SOURCE)).isEqualTo("nginx-access");
            assertThat(TopicRecords.header(r, InputHeaders.HOST)).isEqualTo("web-1");
            assertThat(TopicRecords.header(r, InputHeaders.SITE)).isEqualTo(SITE);
            assertThat(TopicRecords.header(r, InputHeaders.ZONE)).isEqualTo("Europe/Berlin");
        });
        assertThat(TopicRecords.readAll(kafka.bootstrapServers(), "follow", false)).as("nothing sent twice, even aborted")
                .hasSize(16);
    }

    @Test
    void shipsAMultiLineEntryAsOneRecordToTheDefaultTopicWithoutAZoneHeader() throws Exception {
        Path log = dir.resolve("error.log");
        List<String> fatal = Captures.section("results-fatal.txt", "nginx-error.log");
        List<String> refused = Captures.section("results-502-stopped.txt", "nginx-error.log").stream()
                .filter(l -> !l.isBlank()).toList();
        List<String> all = new ArrayList<>(fatal);
        all.addAll(refused);
        append(log, all);
        ShipperConfig config = ShipperConfig.builder().file(log).checkpoint(dir.resolve("error.checkpoint"))
                .bootstrapServers(kafka.bootstrapServers()).source("nginx-error").site(SITE).host("web-2").build();
        assertThat(config.topic()).isEqualTo(Topics.LOGS);
        try (Shipper shipper = Shipper.open(config, true)) {
            shipper.runOnce();
            assertThat(shipper.entriesShipped()).isEqualTo(1 + refused.size());
        }
        List<ConsumerRecord<byte[], byte[]>> records = TopicRecords.readAll(kafka.bootstrapServers(), Topics.LOGS, true);
        List<String> expected = new ArrayList<>();
        expected.add(String.join("\n", fatal));
        expected.addAll(refused);
        assertThat(TopicRecords.values(records)).containsExactlyElementsOf(expected);
        assertThat(records).allSatisfy(r -> {
            assertThat(TopicRecords.header(r, InputHeaders.SOURCE)).isEqualTo("nginx-error");
            assertThat(TopicRecords.header(r, InputHeaders.HOST)).isEqualTo("web-2");
            assertThat(TopicRecords.header(r, InputHeaders.ZONE)).isNull();
        });
    }

    @Test
    void telegrafGoesToTheMetricsTopic() throws Exception {
        Path metrics = dir.resolve("telegraf.json");
        String sample = "{\"fields\":{\"usage_idle\":3.5},\"name\":\"cpu\",\"tags\":{\"host\":\"web-1\"},\"timestamp\":1795597920}";
        append(metrics, List.of(sample));
        ShipperConfig config = ShipperConfig.builder().file(metrics).checkpoint(dir.resolve("m.checkpoint"))
                .bootstrapServers(kafka.bootstrapServers()).source("telegraf").site(SITE).host("web-1").build();
        assertThat(config.topic()).isEqualTo(Topics.METRICS);
        try (Shipper shipper = Shipper.open(config, true)) {
            shipper.runOnce();
        }
        assertThat(TopicRecords.values(TopicRecords.readAll(kafka.bootstrapServers(), Topics.METRICS, true)))
                .containsExactly(sample);
    }

    @Test
    void oneShotRunsShipToTheEndIncludingAnUnterminatedLastLineAndResumeAfterIt() throws Exception {
        Path log = dir.resolve("once.log");
        Path checkpoint = dir.resolve("once.checkpoint");
        Files.writeString(log, accessLine(1) + "\n" + accessLine(2));
        ShipperConfig config = config(log, checkpoint, "once").build();
        try (Shipper shipper = Shipper.open(config, true)) {
            shipper.runOnce();
        }
        append(log, List.of("", accessLine(3)));
        try (Shipper shipper = Shipper.open(config, true)) {
            shipper.runOnce();
            assertThat(shipper.entriesShipped()).isEqualTo(1);
        }
        try (Shipper shipper = Shipper.open(config, true)) {
            shipper.runOnce();
            assertThat(shipper.entriesShipped()).isZero();
        }
        assertThat(TopicRecords.values(TopicRecords.readAll(kafka.bootstrapServers(), "once", true)))
                .containsExactly(accessLine(1), accessLine(2), accessLine(3));
    }

    @Test
    void failsInOneLineWhenTheBrokerTopicOrFileIsMissing() throws Exception {
        Path log = dir.resolve("x.log");
        append(log, List.of(accessLine(1)));
        ShipperConfig unreachable = config(log, dir.resolve("x.checkpoint"), "follow").bootstrapServers("127.0.0.1:1")
                .connectTimeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> Shipper.open(unreachable, true)).isInstanceOf(IllegalStateException.class)
                .hasMessage("cannot reach Kafka at 127.0.0.1:1 within 2s");
        ShipperConfig noTopic = config(log, dir.resolve("x.checkpoint"), "no-such-topic").build();
        assertThatThrownBy(() -> Shipper.open(noTopic, true)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("topic no-such-topic does not exist");
        ShipperConfig noFile = config(dir.resolve("missing.log"), dir.resolve("y.checkpoint"), "follow").build();
        assertThatThrownBy(() -> Shipper.open(noFile, true)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> config(log, dir.resolve("z"), "follow").kafkaProperty("acks", "1").build())
                .hasMessageContaining("'acks' is set by the shipper itself");
    }

    @Test
    void aSecondShipperOnTheSameCheckpointIsRefused() throws Exception {
        Path log = dir.resolve("locked.log");
        append(log, List.of(accessLine(1)));
        // a topic of its own: another test counts exactly what reaches "once"
        ShipperConfig config = config(log, dir.resolve("locked.checkpoint"), "locked").build();
        try (Shipper first = Shipper.open(config, true)) {
            assertThatThrownBy(() -> Shipper.open(config, true)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is in use by another shipper");
            first.runOnce();
        }
        try (Shipper again = Shipper.open(config, true)) {
            again.runOnce();
            assertThat(again.entriesShipped()).isZero();
        }
    }

    private static ShipperConfig.Builder config(Path log, Path checkpoint, String topic) {
        return ShipperConfig.builder().file(log).checkpoint(checkpoint).bootstrapServers(kafka.bootstrapServers())
                .topic(topic).source("nginx-access").site(SITE).host("web-1").pollInterval(Duration.ofMillis(20));
    }

    static String accessLine(int n) {
        return "127.0.0.1 - - [25/Nov/2026:09:11:55 +0000] \"GET /page/" + n + " HTTP/1.1\" 502 157 \"-\" \"curl/7.88.1\"";
    }

    static void append(Path file, List<String> lines) throws IOException {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        Files.writeString(file, sb, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** A shipper following its file on another thread. */
    private record Running(Shipper shipper, CompletableFuture<Void> done) {

        static Running start(ShipperConfig config) throws IOException {
            Shipper shipper = Shipper.open(config);
            CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
                try {
                    shipper.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            return new Running(shipper, done);
        }

        void stopAndAwait() throws Exception {
            shipper.stop();
            done.get(60, TimeUnit.SECONDS);
            shipper.close();
            Optional.ofNullable(shipper.checkpoint()).ifPresent(cp -> assertThat(cp.pending()).isNull());
        }
    }
}
