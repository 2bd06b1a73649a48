package io.gatewatch.topology.normalize;

import io.gatewatch.avro.DeadLetterReason;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.common.metrics.stats.Rate;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * A counter per dead-letter reason, registered with Kafka Streams' metrics so that it appears with
 * them (JMX, and {@code /metrics} through Micrometer's Kafka Streams binder) as
 * {@code gatewatch-normalize.dead-letters-total{reason=…}}.
 */
final class DeadLetterMetrics {

    static final String GROUP = "gatewatch-normalize";

    private final Map<DeadLetterReason, Sensor> sensors = new EnumMap<>(DeadLetterReason.class);

    DeadLetterMetrics(StreamsMetrics metrics, String taskId) {
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            String threadId = Thread.currentThread().getName();
            Sensor sensor = metrics.addSensor("gatewatch-dead-letters-" + reason.name() + "-" + taskId,
                    Sensor.RecordingLevel.INFO);
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("reason", reason.name());
            tags.put("task-id", taskId);
            tags.put("thread-id", threadId);
            sensor.add(new MetricName("dead-letters-total", GROUP, "Input records dead-lettered for this reason", tags),
                    new CumulativeCount());
            sensor.add(new MetricName("dead-letters-rate", GROUP, "Dead letters per second for this reason", tags),
                    new Rate());
            sensors.put(reason, sensor);
        }
    }

    void record(DeadLetterReason reason) {
        Sensor sensor = sensors.get(reason);
        if (sensor != null) {
            sensor.record();
        }
    }
}
