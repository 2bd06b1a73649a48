package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.topology.GatewatchConfig;
import io.gatewatch.topology.GatewatchTopology;
import io.gatewatch.topology.remediate.RemediationTopology;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class TopologyInstancesTest {

    /** Gatewatch's repartition topics: the by-site one, and the remediation stage's two. */
    private static final String[] EXPECTED = {
        "bench-x1-" + GatewatchTopology.REPARTITION_BY_SITE + "-repartition",
        "bench-x1-" + RemediationTopology.REPARTITION_PROPOSALS + "-repartition",
        "bench-x1-" + RemediationTopology.REPARTITION_RESULTS + "-repartition"};

    @Test
    void aPhaseWaitsForTheRepartitionTopicsItsTopologyReads() {
        // "bench-shape-warmup" starts with "bench-shape-": only the topology tells whose topics are whose
        assertThat(TopologyInstances.repartitionTopicsOf("bench-shape", ShapeTopology.build(null).describe()))
                .containsExactly("bench-shape-" + ShapeTopology.BY_SITE + "-repartition");
        assertThat(TopologyInstances.repartitionTopicsOf("bench-floor", FloorTopology.build(null).describe())).isEmpty();
        // Gatewatch's own: the by-site repartition and the remediation stage's
        GatewatchConfig config = GatewatchConfig.defaults("mock://topology-instances-test");
        assertThat(TopologyInstances.repartitionTopicsOf("bench-x1", GatewatchTopology.build(config).describe()))
                .containsExactlyInAnyOrder(EXPECTED);
    }

    @Test
    void theFirstFetchClockReachesTheMainConsumerThroughKafkaStreamsConfig() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-x1");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        TopologyInstances.withFirstFetchClock(props, "bench-x1#clock");

        Map<String, Object> main = new StreamsConfig(props).getMainConsumerConfigs("bench-x1", "bench-x1-consumer", 0);

        assertThat(main.get(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG)).hasToString(FirstFetchClock.class.getName());
        assertThat(main.get(FirstFetchClock.CONFIG)).isEqualTo("bench-x1#clock");
        // the restore consumer does not mark the clock: restoring is not processing
        assertThat(new StreamsConfig(props).getRestoreConsumerConfigs("bench-x1-restore"))
                .doesNotContainKey(FirstFetchClock.CONFIG);
    }
}
