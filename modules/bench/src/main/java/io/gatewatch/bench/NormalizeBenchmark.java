package io.gatewatch.bench;

import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.model.InputHeaders;
import io.gatewatch.model.Topics;
import io.gatewatch.parse.nginx.NginxAccessParser;
import io.gatewatch.parse.nginx.NginxErrorParser;
import io.gatewatch.serde.AvroStringSerde;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.InMemorySchemaRegistry;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The whole normalize step per input record: Kafka headers read, bytes checked (empty, NUL, UTF-8)
 * and decoded, the line parsed, the TelemetryEvent envelope and its key built ({@link Normalizer}).
 * {@code *ToWire} also serializes key and value as the topology does before repartitioning by site
 * (Schema Registry wire format, Avro binary), so the difference between the two is the cost of Avro
 * encoding. One operation is one record.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class NormalizeBenchmark {

    static final String TOPIC = Topics.LOGS;
    /** The repartition topic the serialized envelope goes to (any name: the registry is in memory). */
    static final String REPARTITION_TOPIC = "gatewatch-bench-normalized-repartition";

    @Param({Corpus.SYNTHETIC})
    public String corpus;

    private byte[][] access;
    private byte[][] errors;
    private Headers accessHeaders;
    private Headers errorHeaders;
    private Normalizer normalizer;
    private Serializer<String> keySerializer;
    private Serializer<TelemetryEvent> valueSerializer;
    private long offset;

    @Setup
    public void setUp() {
        access = bytes(Corpus.access(corpus));
        errors = bytes(Corpus.errors(corpus));
        accessHeaders = headers(NginxAccessParser.FORMAT);
        errorHeaders = headers(NginxErrorParser.FORMAT);
        normalizer = new Normalizer(1 << 20, ZoneOffset.UTC);
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        AvroStringSerde keys = GatewatchSerdes.stringKey(registry);
        keySerializer = keys.serializer();
        valueSerializer = GatewatchSerdes.of(TelemetryEvent.class, registry, false).serializer();
        // every record must come out as an event, or the benchmark would measure dead letters
        for (byte[] value : access) {
            require(normalizer.normalize(value, accessHeaders, TOPIC, 0, 0));
        }
        for (byte[] value : errors) {
            require(normalizer.normalize(value, errorHeaders, TOPIC, 0, 0));
        }
    }

    @Benchmark
    @OperationsPerInvocation(Corpus.LINES)
    public void access(Blackhole bh) {
        run(access, accessHeaders, bh);
    }

    @Benchmark
    @OperationsPerInvocation(Corpus.LINES)
    public void error(Blackhole bh) {
        run(errors, errorHeaders, bh);
    }

    @Benchmark
    @OperationsPerInvocation(Corpus.LINES)
    public void accessToWire(Blackhole bh) {
        runToWire(access, accessHeaders, bh);
    }

    @Benchmark
    @OperationsPerInvocation(Corpus.LINES)
    public void errorToWire(Blackhole bh) {
        runToWire(errors, errorHeaders, bh);
    }

    private void run(byte[][] values, Headers headers, Blackhole bh) {
        long o = offset;
        for (byte[] value : values) {
            bh.consume(normalizer.normalize(value, headers, TOPIC, 0, o++));
        }
        offset = o;
    }

    private void runToWire(byte[][] values, Headers headers, Blackhole bh) {
        long o = offset;
        for (byte[] value : values) {
            Normalizer.Normalized n = normalizer.normalize(value, headers, TOPIC, 0, o++);
            bh.consume(keySerializer.serialize(REPARTITION_TOPIC, n.key()));
            bh.consume(valueSerializer.serialize(REPARTITION_TOPIC, n.event()));
        }
        offset = o;
    }

    private static void require(Normalizer.Normalized n) {
        if (n.event() == null) {
            throw new IllegalStateException("normalize rejected a corpus record: " + n.reason() + " " + n.detail());
        }
    }

    private static byte[][] bytes(List<String> lines) {
        byte[][] out = new byte[lines.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = lines.get(i).getBytes(StandardCharsets.UTF_8);
        }
        return out;
    }

    private static Headers headers(String format) {
        RecordHeaders h = new RecordHeaders();
        h.add(InputHeaders.SOURCE, format.getBytes(StandardCharsets.UTF_8));
        h.add(InputHeaders.HOST, "web-1.example.test".getBytes(StandardCharsets.UTF_8));
        return h;
    }
}
