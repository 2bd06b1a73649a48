package io.gatewatch.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * Throughput per CPU-second of the benchmark JVM (benchmark thread, GC and JIT threads together),
 * next to JMH's per wall-clock second. On a 2-core machine shared with builds and tests, other
 * processes take the core away for part of an iteration and the wall-clock score drops with them;
 * operations per CPU-second stay put, and they are what "lines per second per core" means.
 *
 * <p>Reports {@code cpu.ops} (operations per CPU-second) and {@code cpu.cores} (CPU-seconds the JVM
 * used per wall-clock second: 1.0 is the benchmark thread alone, more is GC and JIT on the other core,
 * less means the machine took the core away).
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuStart;
    private long wallStart;

    @Override
    public String getDescription() {
        return "operations per CPU-second of the benchmark JVM (robust to other load on the machine)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuStart = os.getProcessCpuTime();
        wallStart = System.nanoTime();
    }

    @Override
    public List<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                 IterationResult result) {
        long cpu = os.getProcessCpuTime() - cpuStart;
        long wall = System.nanoTime() - wallStart;
        if (cpu <= 0 || wall <= 0) {
            return List.of();
        }
        // the primary score is operations per output time unit; scale it to operations in this iteration
        double perSecond = result.getPrimaryResult().getScore()
                / (benchmarkParams.getTimeUnit().toNanos(1) / (double) TimeUnit.SECONDS.toNanos(1));
        double ops = perSecond * wall / 1e9;
        return List.of(
                new ScalarResult("cpu.ops", ops / (cpu / 1e9), "ops/cpu-s", AggregationPolicy.AVG),
                new ScalarResult("cpu.cores", cpu / (double) wall, "cores", AggregationPolicy.AVG));
    }
}
