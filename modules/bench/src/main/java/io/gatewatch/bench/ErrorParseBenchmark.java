package io.gatewatch.bench;

import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.nginx.NginxErrorParser;
import java.util.concurrent.TimeUnit;
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
 * nginx error-log entries per second: the hand-written {@link NginxErrorParser} against a grok-style
 * NGINX_ERROR pattern with regex classification, on the same entries, filling the same
 * GatewayErrorEvent. One operation is one entry (a FastCGI stderr entry may span lines).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class ErrorParseBenchmark {

    @Param({Corpus.SYNTHETIC})
    public String corpus;

    private String[] entries;
    private final ParseContext context = Corpus.CONTEXT;
    private final NginxErrorParser handWritten = new NginxErrorParser();
    private final RegexErrorParser grok = new RegexErrorParser();

    @Setup
    public void setUp() {
        var list = Corpus.errors(corpus);
        Corpus.requireEquivalent(list, handWritten, grok);
        entries = list.toArray(String[]::new);
    }

    @Benchmark
    @OperationsPerInvocation(Corpus.LINES)
    public void handWritten(Blackhole bh) {
        for (String entry : entries) {
            bh.consume(handWritten.parse(entry, context));
        }
    }

    @Benchmark
    @OperationsPerInvocation(Corpus.LINES)
    public void grokRegex(Blackhole bh) {
        for (String entry : entries) {
            bh.consume(grok.parse(entry, context));
        }
    }
}
