package io.gatewatch.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaConfigTest {

    @Test
    void defaultsAreAThrowAwayBrokerOnFreePorts() {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.defaults();

        assertThat(config.dataDir()).isEmpty();
        assertThat(config.deleteDataDirOnClose()).isTrue();
        assertThat(config.brokerPort()).isZero();
        assertThat(config.controllerPort()).isZero();
        assertThat(config.defaultPartitions()).isEqualTo(3);
        assertThat(config.startupTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.brokerProperties()).isEmpty();
    }

    @Test
    void aGivenDataDirectoryIsKeptUnlessToldOtherwise() {
        Path dir = Path.of("/var/lib/gatewatch/kafka");

        assertThat(EmbeddedKafkaConfig.persistent(dir).dataDir()).contains(dir);
        assertThat(EmbeddedKafkaConfig.persistent(dir).deleteDataDirOnClose()).isFalse();
        assertThat(EmbeddedKafkaConfig.builder().dataDir(dir).deleteDataDirOnClose(true).build()
                .deleteDataDirOnClose()).isTrue();
    }

    @Test
    void toBuilderRoundTrips() {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.builder()
                .dataDir(Path.of("data"))
                .brokerPort(19092)
                .controllerPort(19093)
                .defaultPartitions(6)
                .startupTimeout(Duration.ofSeconds(5))
                .brokerProperty("log.retention.hours", "1")
                .build();

        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void aDataDirectoryAddedViaToBuilderIsNotDeletedOnClose() {
        Path dir = Path.of("/var/lib/gatewatch/kafka");

        assertThat(EmbeddedKafkaConfig.defaults().toBuilder().dataDir(dir).build().deleteDataDirOnClose()).isFalse();
        EmbeddedKafkaConfig wipedOnClose = EmbeddedKafkaConfig.builder().dataDir(dir).deleteDataDirOnClose(true).build();
        assertThat(wipedOnClose.toBuilder().build().deleteDataDirOnClose()).isTrue();
    }

    @Test
    void brokerPropertiesAreCopiedAndImmutable() {
        Map<String, String> props = new HashMap<>(Map.of("log.retention.hours", "1"));
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.builder().brokerProperties(props).build();
        props.put("log.retention.hours", "2");

        assertThat(config.brokerProperties()).containsExactly(Map.entry("log.retention.hours", "1"));
        assertThatThrownBy(() -> config.brokerProperties().put("x", "y"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void theSingleNodeWiringCannotBeOverridden() {
        assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().brokerProperty("listeners", "PLAINTEXT://:9092").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().brokerProperty("log.dirs", "/tmp/x").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("log.dirs");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().brokerProperty("num.partitions", "7").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defaultPartitions");
    }

    @Test
    void nonsenseValuesAreRejected() {
        assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().brokerPort(70_000).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brokerPort");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().brokerPort(9092).controllerPort(9092).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().defaultPartitions(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("defaultPartitions");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().startupTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startupTimeout");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.builder().brokerProperty("k", null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("value");
    }
}
