package io.gatewatch.bench;

import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.nginx.NginxAccessParser;
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
 * nginx access lines per second: the hand-written {@link NginxAccessParser} against the grok-style
 * and the tuned {@code java.util.regex} baselines, on the same lines, filling the same AccessEvent.
 * One operation is one line.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AccessParseBenchmark {

    @Param({Corpus.SYNTHETIC})
    public String corpus;

    private String[] lines;
    private final ParseContext context = Corpus.CONTEXT;
    private final NginxAccessParser handWritten = new NginxAccessParser();
    private final RegexAccessParser grok = RegexAccessParser.grok();
    private final RegexAccessParser tuned = RegexAccessParser.tuned();

    @Setup
    public void setUp() {
        var list = Corpus.access(corpus);
        Corpus.requireEquivalent(list, handWritten, grok, tuned);
        lines = list.toArray(String[]::new);
    }

    @Benchmark
    @OperationsPerInvocation(Corpus.LINES)
    public void handWritten(Blackhole bh) {
        for (String line : lines) {
            bh.consume(handWritten.parse(line, context));
        }
    }

    @Benchmark
    @OperationsPerInvocation(Corpus.LINES)
    public void grokRegex(Blackhole bh) {
        for (String line : lines) {
            bh.consume(grok.parse(line, context));
        }
    }

    @Benchmark
    @OperationsPerInvocation(Corpus.LINES)
    public void tunedRegex(Blackhole bh) {
        for (String line : lines) {
            bh.consume(tuned.parse(line, context));
        }
    }
}
