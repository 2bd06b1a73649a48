package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TopologyInstancesTest {

    @Test
    void aPhaseWaitsForEveryRepartitionTopicOfItsApplicationAndNoOtherTopic() {
        List<String> topics = List.of(
                "gatewatch.logs",
                "bench-x1-events-by-site-repartition",
                "bench-x1-remediation-by-site-repartition",
                "bench-x1-site-evidence-changelog",
                "bench-x10-events-by-site-repartition",
                "bench-shape-shape-by-site-repartition");

        assertThat(TopologyInstances.repartitionTopicsOf("bench-x1", topics)).containsExactly(
                "bench-x1-events-by-site-repartition", "bench-x1-remediation-by-site-repartition");
        assertThat(TopologyInstances.repartitionTopicsOf("bench-shape", topics))
                .containsExactly("bench-shape-shape-by-site-repartition");
        assertThat(TopologyInstances.repartitionTopicsOf("bench-floor", topics)).isEmpty();
    }
}
