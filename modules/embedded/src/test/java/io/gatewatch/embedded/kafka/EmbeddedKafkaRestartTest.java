package io.gatewatch.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lifecycle across broker instances, so each test starts its own (unlike the shared-broker tests). */
class EmbeddedKafkaRestartTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaRestartTest.class);

    @Test
    void restartOnTheSameDataDirectoryKeepsTopicsAndRecords(@TempDir Path tmp) throws Exception {
        Path dataDir = tmp.resolve("kafka-data");
        List<String> sent = List.of("first", "second", "third");

        try (EmbeddedKafka first = EmbeddedKafka.start(EmbeddedKafkaConfig.persistent(dataDir))) {
            LOG.info("Fresh persistent broker start-to-ready: {} ms", first.startupDuration().toMillis());
            first.createTopics("kept");
            try (Producer<String, String> producer = TestClients.producer(first, Map.of())) {
                for (String value : sent) {
                    producer.send(new ProducerRecord<>("kept", "same-key", value)).get(30, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(dataDir.resolve("meta.properties")).isRegularFile();

        // other ports on purpose: the static quorum must not have baked the old ones into the data
        List<Integer> ports = FreePorts.pick(2);
        EmbeddedKafkaConfig again = EmbeddedKafkaConfig.persistent(dataDir).toBuilder()
                .brokerPort(ports.get(0))
                .controllerPort(ports.get(1))
                .build();
        try (EmbeddedKafka second = EmbeddedKafka.start(again)) {
            LOG.info("Restarted broker start-to-ready: {} ms", second.startupDuration().toMillis());
            assertThat(second.bootstrapServers()).isEqualTo("127.0.0.1:" + ports.get(0));
            assertThat(second.controllerPort()).isEqualTo(ports.get(1));
            second.createTopics("kept"); // exists already: must be a no-op, not an error
            try (Consumer<String, String> consumer = TestClients.consumer(second, Map.of())) {
                TestClients.assignFromBeginning(consumer, "kept");
                assertThat(TestClients.values(TestClients.consumeToEnd(consumer))).containsExactlyElementsOf(sent);
            }
        }
        assertThat(dataDir).isDirectory();
    }

    @Test
    void tempDataDirectoryIsDeletedOnCloseAndCloseIsIdempotent() {
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults());
        Path dataDir = kafka.dataDir();
        assertThat(dataDir).isDirectory();

        kafka.close();
        kafka.close();

        assertThat(dataDir).doesNotExist();
        assertThatThrownBy(() -> kafka.createTopics("too-late"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
