package io.gatewatch.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start failures must be exceptions that say what is wrong, never hangs or a dead JVM. */
class EmbeddedKafkaStartFailureTest {

    @Test
    void aRegularFileIsRejectedAsDataDirectory(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("not-a-directory"), "x");

        assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafkaConfig.persistent(file)))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a directory");
        assertThat(file).hasContent("x");
    }

    @Test
    void aDirectoryWithForeignContentIsRejected(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("somebody-elses"));
        Files.writeString(dir.resolve("notes.txt"), "keep me");

        assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafkaConfig.persistent(dir)))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("never formatted")
                .hasMessageContaining("notes.txt");
        assertThat(dir.resolve("notes.txt")).hasContent("keep me");
    }

    @Test
    void anOccupiedBrokerPortFailsFastNamingThePort(@TempDir Path tmp) throws IOException {
        Path dataDir = tmp.resolve("kafka-data");
        try (ServerSocket occupied = new ServerSocket()) {
            occupied.bind(new InetSocketAddress(InetAddress.getByName(EmbeddedKafka.HOST), 0));
            int port = occupied.getLocalPort();
            EmbeddedKafkaConfig config = EmbeddedKafkaConfig.builder()
                    .dataDir(dataDir)
                    .deleteDataDirOnClose(true)
                    .brokerPort(port)
                    .startupTimeout(Duration.ofSeconds(30))
                    .build();

            long startedAt = System.nanoTime();
            assertThatThrownBy(() -> EmbeddedKafka.start(config))
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("broker port 127.0.0.1:" + port + " is already in use")
                    .hasMessageContaining(dataDir.toString());
            assertThat(Duration.ofNanos(System.nanoTime() - startedAt)).isLessThan(Duration.ofSeconds(30));
        }
        // a failed start cleans up like close() would
        assertThat(dataDir).doesNotExist();
    }

    /**
     * A too-slow start must fail without interrupting Kafka (it would halt the JVM) and still stop
     * the server and delete its directory once Kafka's own startup returns.
     */
    @Test
    void aStartupTimeoutFailsAndCleansUpInTheBackground(@TempDir Path tmp) throws InterruptedException {
        Path dataDir = tmp.resolve("kafka-data");
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.builder()
                .dataDir(dataDir)
                .deleteDataDirOnClose(true)
                .startupTimeout(Duration.ofMillis(50))
                .build();

        assertThatThrownBy(() -> EmbeddedKafka.start(config))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("was not ready within PT0.05S")
                .hasMessageContaining(dataDir.toString());

        // the abandoned broker first finishes its start-up (cold JVM, shared CPU), then shuts down
        TestClients.await("abandoned broker's data dir to be deleted", Duration.ofSeconds(120),
                () -> Files.notExists(dataDir));
    }

    @Test
    void anInvalidBrokerPropertyIsReportedAsConfigurationError() {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.builder()
                .brokerProperty("log.segment.bytes", "12")
                .build();

        assertThatThrownBy(() -> EmbeddedKafka.start(config))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("Invalid embedded Kafka configuration")
                .hasMessageContaining("log.segment.bytes");
    }
}
