package io.gatewatch.bench.load;

import io.gatewatch.model.Topics;
import io.gatewatch.topology.GatewatchConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A topology that reads the input topics and does nothing with the records, run with the same Streams
 * settings as Gatewatch's (exactly-once, commits, fetch sizes): what Kafka Streams itself costs per record on
 * this machine, the most any topology could reach, set beside the raw consumer and Gatewatch's topology.
 */
final class FloorTopology {

    static final String SOURCE = "floor-source";
    static final String DISCARD = "floor-discard";

    private FloorTopology() {
    }

    static Topology build(GatewatchConfig ignored) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(Topics.INPUTS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE))
                .process(Discard::new, Named.as(DISCARD));
        return builder.build();
    }

    private static final class Discard implements Processor<byte[], byte[], Void, Void> {
        @Override
        public void process(Record<byte[], byte[]> record) {
            // nothing: the floor is the cost of getting a record here and committing past it
        }
    }
}
