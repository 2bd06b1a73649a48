package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.model.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShapeTopologyTest {

    private static final long T0 = 1_795_597_200_000L; // 2026-11-25T09:00:00Z

    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "shape-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(ShapeTopology.build(null), props);
        input = driver.createInputTopic(Topics.LOGS, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void accessLinesAreCountedInTheStoreAndMoveOnTenAtATime() {
        for (int i = 0; i < ShapeTopology.LINES_PER_BATCH - 1; i++) {
            pipe(InputRecord.access("a.example", "web1", "GET / 200 #" + i, T0 + i));
        }
        KeyValueStore<String, byte[]> pending = driver.getKeyValueStore(ShapeTopology.PENDING);
        assertThat(lines(pending.get("a.example"))).isEqualTo(ShapeTopology.LINES_PER_BATCH - 1);
        assertThat(moved()).isEmpty();

        pipe(InputRecord.access("a.example", "web1", "GET / 200 #9", T0 + 9));

        assertThat(pending.get("a.example")).isNull();
        List<KeyValue<String, byte[]>> moved = moved();
        assertThat(moved).hasSize(1);
        assertThat(moved.get(0).key).isEqualTo("a.example");
        assertThat(lines(moved.get(0).value)).isEqualTo(ShapeTopology.LINES_PER_BATCH);
    }

    @Test
    void anotherLineOfTheSiteMovesItsPendingCountFirstAndHostLinesMoveByHost() {
        pipe(InputRecord.access("a.example", "web1", "GET / 200", T0));
        pipe(InputRecord.access("a.example", "web1", "GET / 502", T0 + 1));
        pipe(new InputRecord(InputRecord.Kind.ERROR, Topics.LOGS, "a.example", "upstream prematurely closed",
                "nginx-error", "web1", "a.example", T0 + 2));
        pipe(InputRecord.fpm("web1", "WARNING: [pool www] server reached pm.max_children", T0 + 3));
        pipe(InputRecord.metric("db1", "{\"name\":\"mysql\"}", T0 + 4));

        List<KeyValue<String, byte[]>> moved = moved();
        assertThat(moved).extracting(kv -> kv.key).containsExactly("a.example", "a.example", "web1", "db1");
        assertThat(lines(moved.get(0).value)).isEqualTo(2);
        assertThat(new String(moved.get(1).value, StandardCharsets.UTF_8)).isEqualTo("upstream prematurely closed");
        assertThat(driver.getKeyValueStore(ShapeTopology.PENDING).get("a.example")).isNull();
        // the metric has neither site nor host header: it moves by its record key
        assertThat(new String(moved.get(3).value, StandardCharsets.UTF_8)).isEqualTo("{\"name\":\"mysql\"}");
    }

    private void pipe(InputRecord record) {
        var r = record.toProducerRecord();
        input.pipeInput(new TestRecord<>(r.key(), r.value(), r.headers(), r.timestamp()));
    }

    /** What crossed the repartition, in the order written: the window store holds one entry per moved record. */
    private List<KeyValue<String, byte[]>> moved() {
        WindowStore<String, byte[]> windows = driver.getWindowStore(ShapeTopology.WINDOWS);
        List<KeyValue<Long, KeyValue<String, byte[]>>> all = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, byte[]> it = windows.all()) {
            it.forEachRemaining(kv -> all.add(KeyValue.pair(kv.key.window().start(), KeyValue.pair(kv.key.key(), kv.value))));
        }
        all.sort((a, b) -> Long.compare(a.key, b.key));
        return all.stream().map(kv -> kv.value).toList();
    }

    private static int lines(byte[] counts) {
        return ByteBuffer.wrap(counts).getInt(0);
    }
}
