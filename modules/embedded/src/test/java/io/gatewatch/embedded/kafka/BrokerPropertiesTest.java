package io.gatewatch.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerPropertiesTest {

    private static final Path DATA = Path.of("/data/kafka");

    @Test
    void internalTopicsFitASingleBroker() {
        Map<String, String> props = BrokerProperties.of(EmbeddedKafkaConfig.defaults(), DATA, 1111, 2222);

        assertThat(props).containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("num.partitions", "3");
    }

    @Test
    void wiresOneCombinedNodeOnLoopback() {
        Map<String, String> props = BrokerProperties.of(EmbeddedKafkaConfig.defaults(), DATA, 1111, 2222);

        assertThat(props).containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:2222")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:1111,CONTROLLER://127.0.0.1:2222")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:1111")
                .containsEntry("log.dirs", DATA.toString())
                .containsEntry("metadata.log.dir", DATA.toString());
    }

    @Test
    void userPropertiesOverrideTheDevBoxDefaults() {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.builder()
                .defaultPartitions(8)
                .brokerProperty("auto.create.topics.enable", "false")
                .brokerProperty("log.retention.hours", "2")
                .build();

        Map<String, String> props = BrokerProperties.of(config, DATA, 1111, 2222);

        assertThat(props).containsEntry("auto.create.topics.enable", "false")
                .containsEntry("log.retention.hours", "2")
                .containsEntry("num.partitions", "8");
    }
}
