package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.topology.GatewatchConfig;
import io.gatewatch.topology.GatewatchTopology;
import org.junit.jupiter.api.Test;

class TopologyInstancesTest {

    @Test
    void aPhaseWaitsForTheRepartitionTopicsItsTopologyReads() {
        // "bench-shape-warmup" starts with "bench-shape-": only the topology tells whose topics are whose
        assertThat(TopologyInstances.repartitionTopicsOf("bench-shape", ShapeTopology.build(null).describe()))
                .containsExactly("bench-shape-" + ShapeTopology.BY_SITE + "-repartition");
        assertThat(TopologyInstances.repartitionTopicsOf("bench-floor", FloorTopology.build(null).describe())).isEmpty();
        // Gatewatch's own: the by-site repartition and the remediation stage's
        GatewatchConfig config = GatewatchConfig.defaults("mock://topology-instances-test");
        assertThat(TopologyInstances.repartitionTopicsOf("bench-x1", GatewatchTopology.build(config).describe()))
                .contains("bench-x1-" + GatewatchTopology.REPARTITION_BY_SITE + "-repartition")
                .hasSizeGreaterThan(1)
                .allMatch(t -> t.startsWith("bench-x1-") && t.endsWith("-repartition"));
    }
}
