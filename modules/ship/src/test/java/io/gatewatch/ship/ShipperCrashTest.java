package io.gatewatch.ship;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.embedded.kafka.EmbeddedKafka;
import io.gatewatch.embedded.kafka.EmbeddedKafkaConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Kills the shipper's JVM without any clean-up and restarts it: every line must be in the topic once,
 * in order. Deterministic kills hit each point of a transaction's life (records acknowledged but
 * nothing saved; checkpoint marked pending; committed but checkpoint not updated; after everything);
 * random kills hit whatever the shipper was doing while lines kept coming.
 */
class ShipperCrashTest {

    private static final int BATCH = 10;
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    private Path childLog;
    private int children;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
        List<NewTopic> topics = new ArrayList<>();
        for (Shipper.Stage stage : Shipper.Stage.values()) {
            topics.add(new NewTopic(topic(stage), 3, (short) 1));
        }
        topics.add(new NewTopic("random-kills", 3, (short) 1));
        kafka.createTopics(topics);
    }

    @AfterAll
    static void stopBroker() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Shipper.Stage.class)
    void aKillAtAnyPointOfATransactionLosesAndDuplicatesNothing(Shipper.Stage stage) throws Exception {
        Path log = dir.resolve("access.log");
        Path checkpoint = dir.resolve("access.checkpoint");
        List<String> lines = lines(1, 30);
        ShipperBrokerTest.append(log, lines);

        // the second transaction (lines 11-20) is where the JVM dies
        Process child = shipper(log, checkpoint, topic(stage), "once", stage + ":2");
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output()).isEqualTo(ShipperProcess.HALT_STATUS);

        Checkpoint left = new CheckpointStore(checkpoint).load().orElseThrow();
        boolean inDoubt = stage == Shipper.Stage.PENDING_SAVED || stage == Shipper.Stage.COMMITTED;
        assertThat(left.pending() != null).as("pending transaction in the checkpoint").isEqualTo(inDoubt);
        int uncommittedBeforeRestart = TopicRecords.readAll(kafka.bootstrapServers(), topic(stage), false).size();
        assertThat(uncommittedBeforeRestart).as("records of the killed transaction are in the log").isEqualTo(20);

        ShipperBrokerTest.append(log, lines(31, 35));
        Process restarted = shipper(log, checkpoint, topic(stage), "once", null);
        assertThat(restarted.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(restarted.exitValue()).as(output()).isZero();
        if (stage == Shipper.Stage.PENDING_SAVED) {
            assertThat(output()).contains("The last transaction before the restart was aborted");
        } else if (stage == Shipper.Stage.COMMITTED) {
            assertThat(output()).contains("The last transaction before the restart committed");
        }

        List<ConsumerRecord<byte[], byte[]>> committed = TopicRecords.readAll(kafka.bootstrapServers(), topic(stage), true);
        assertThat(TopicRecords.values(committed)).containsExactlyElementsOf(lines(1, 35));
        // proof that the kill hit where it should: before the commit, the killed transaction's records
        // were written and then aborted (read_uncommitted sees them twice); after it, they were kept
        int written = TopicRecords.readAll(kafka.bootstrapServers(), topic(stage), false).size();
        boolean committedBeforeKill = stage == Shipper.Stage.COMMITTED || stage == Shipper.Stage.CHECKPOINTED;
        assertThat(written).isEqualTo(committedBeforeKill ? 35 : 45);
        assertThat(new CheckpointStore(checkpoint).load().orElseThrow().pending()).isNull();
    }

    @Test
    void randomKillsWhileLinesKeepComingLoseAndDuplicateNothing() throws Exception {
        Path log = dir.resolve("busy.log");
        Path checkpoint = dir.resolve("busy.checkpoint");
        Files.createFile(log);
        int next = 1;
        for (int round = 0; round < 3; round++) {
            Process child = shipper(log, checkpoint, "random-kills", "follow", null);
            awaitOutput("shipper started", child);
            int target = next + 300;
            int seenAtStart = TopicRecords.readAll(kafka.bootstrapServers(), "random-kills", true).size();
            // keep writing; kill once the shipper is visibly busy with the new lines
            while (next < target) {
                ShipperBrokerTest.append(log, lines(next, next + 24));
                next += 25;
                if (next >= target - 150
                        && TopicRecords.readAll(kafka.bootstrapServers(), "random-kills", true).size() > seenAtStart) {
                    break;
                }
            }
            child.destroyForcibly();
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            ShipperBrokerTest.append(log, lines(next, next + 24));
            next += 25;
        }
        Process last = shipper(log, checkpoint, "random-kills", "once", null);
        assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(last.exitValue()).as(output()).isZero();
        List<ConsumerRecord<byte[], byte[]>> records = TopicRecords.readAll(kafka.bootstrapServers(), "random-kills", true);
        assertThat(TopicRecords.values(records)).as("what the shippers said:\n%s", allOutput())
                .containsExactlyElementsOf(lines(1, next - 1));
    }

    private static String topic(Shipper.Stage stage) {
        return "crash-" + stage.name().toLowerCase();
    }

    private static List<String> lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(ShipperBrokerTest::accessLine).toList();
    }

    private Process shipper(Path log, Path checkpoint, String topic, String mode, String haltAt) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ShipperProcess.class.getName(), log.toString(),
                checkpoint.toString(), kafka.bootstrapServers(), topic, Integer.toString(BATCH), mode));
        if (haltAt != null) {
            cmd.add(haltAt);
        }
        // a file, not a pipe: what a killed child wrote must survive it
        childLog = dir.resolve("child-" + (++children) + ".log");
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(childLog.toFile()).start();
    }

    private String output() throws IOException {
        return childLog != null && Files.exists(childLog) ? Files.readString(childLog) : "";
    }

    private String allOutput() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= children; i++) {
            Path file = dir.resolve("child-" + i + ".log");
            sb.append("--- child ").append(i).append('\n').append(Files.exists(file) ? Files.readString(file) : "");
        }
        return sb.toString();
    }

    private void awaitOutput(String text, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!output().contains(text)) {
            if (!child.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("shipper did not start:\n" + output());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
