package io.gatewatch.bench.load;

import io.gatewatch.model.InputHeaders;
import io.gatewatch.model.Topics;
import io.gatewatch.parse.nginx.NginxAccessParser;
import io.gatewatch.topology.GatewatchConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Gatewatch's dataflow without Gatewatch's work: state writes and record movements like the topology's, and
 * nothing else. Access lines are counted per site in a cached, changelogged store (one put per line, as in
 * Gatewatch: under exactly-once a commit must not pass a line whose count is only in memory) and go on ten
 * lines at a time as one small record (Gatewatch's batches hold up to ten seconds of a site, about ten lines at
 * the benchmark's rate of a line per site and second); every other line goes on as it is, keyed by its site
 * (after the site's pending count) or else by its host; both cross a repartition, where each record is written
 * to a changelogged window store, as the correlator writes a traffic block or an evidence event. No decoding,
 * parsing, Avro, site resolution or attribution, and none of the topology's punctuators, branches, remediation
 * stage or other stores: set between the Kafka Streams floor and Gatewatch's topology, it shows how much of the
 * distance below the floor is the dataflow itself and how much is Gatewatch's code, leaning to the dataflow's
 * side, as it makes fewer stores and nodes than the topology.
 */
final class ShapeTopology {

    static final String SOURCE = "shape-source";
    static final String REDUCE = "shape-reduce";
    static final String BY_SITE = "shape-by-site";
    static final String WRITE = "shape-write";
    static final String PENDING = "shape-pending";
    static final String WINDOWS = "shape-windows";
    /** Access lines per forwarded count record. */
    static final int LINES_PER_BATCH = 10;
    /** A count record: lines, then the time of the last one. */
    static final int COUNTS_BYTES = 16;

    private ShapeTopology() {
    }

    static Topology build(GatewatchConfig ignored) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(PENDING),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(WINDOWS, Duration.ofHours(1), Duration.ofSeconds(10), false),
                Serdes.String(), Serdes.ByteArray()));
        builder.stream(Topics.INPUTS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE))
                .process(Reduce::new, Named.as(REDUCE), PENDING)
                .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(BY_SITE))
                .process(Write::new, Named.as(WRITE), WINDOWS);
        return builder.build();
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * Counts access lines per site as Gatewatch does: a map answers the reads, the cached store takes one put
     * per line so that a commit never passes a line whose count is only in memory.
     */
    private static final class Reduce implements Processor<byte[], byte[], String, byte[]> {
        /** Per site: lines counted, time of the last. */
        private final Map<String, long[]> counted = new HashMap<>();
        private ProcessorContext<String, byte[]> context;
        private KeyValueStore<String, byte[]> pending;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            this.context = context;
            this.pending = context.getStateStore(PENDING);
            counted.clear();
            try (KeyValueIterator<String, byte[]> it = pending.all()) {
                it.forEachRemaining(kv -> {
                    ByteBuffer b = ByteBuffer.wrap(kv.value);
                    counted.put(kv.key, new long[] {b.getInt(0), b.getLong(8)});
                });
            }
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            Headers headers = record.headers();
            String site = header(headers, InputHeaders.SITE);
            String key = site != null ? site : header(headers, InputHeaders.HOST);
            if (key == null && record.key() != null) {
                key = new String(record.key(), StandardCharsets.UTF_8);
            }
            if (key == null) {
                return;
            }
            if (site != null && NginxAccessParser.FORMAT.equals(header(headers, InputHeaders.SOURCE))) {
                long[] c = counted.computeIfAbsent(site, s -> new long[2]);
                c[0]++;
                c[1] = Math.max(c[1], record.timestamp());
                if (c[0] >= LINES_PER_BATCH) {
                    flush(site);
                } else {
                    pending.put(site, counts(c));
                }
                return;
            }
            if (site != null) {
                flush(site);
            }
            context.forward(new Record<>(key, record.value(), record.timestamp()));
        }

        private void flush(String site) {
            long[] c = counted.remove(site);
            if (c == null) {
                return;
            }
            pending.delete(site);
            context.forward(new Record<>(site, counts(c), c[1]));
        }

        private static byte[] counts(long[] c) {
            return ByteBuffer.allocate(COUNTS_BYTES).putInt(0, (int) c[0]).putLong(8, c[1]).array();
        }
    }

    /** The correlator's side: one window-store write per moved record, as a traffic block or an evidence event. */
    private static final class Write implements Processor<String, byte[], Void, Void> {
        private WindowStore<String, byte[]> windows;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            this.windows = context.getStateStore(WINDOWS);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            windows.put(record.key(), record.value(), record.timestamp());
        }
    }
}
