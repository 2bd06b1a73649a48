package io.gatewatch.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What one load-benchmark run does.
 *
 * @param sites           sites in the fleet
 * @param records         input records of the throughput phase
 * @param rate            event-time rate of the throughput data (log lines per second of fleet time); with
 *                        {@code records} it sets how much fleet time the data covers
 * @param incidents       incidents injected into the throughput data
 * @param partitions      partitions of the input and output topics
 * @param threads         stream threads per topology instance
 * @param scaleOut        also run two instances sharing one application id
 * @param warmUpPasses    at most this many uncounted passes of the topology over the records before the counted
 *                        one, so that it measures a warmed-up JVM (as a service that has been up for hours) like
 *                        the raw consumer; they end early once the JIT has settled; 0 counts the first pass
 * @param liveDuration    how long the live phase produces at {@code liveRate}
 * @param liveRate        lines per second of the live phase (wall clock), besides the incident bursts
 * @param liveIncidents   incident bursts injected during the live phase, each on its own quiet site
 * @param compression     producer compression of the input records, as a shipper would set it
 * @param seed            the workload is deterministic for a seed
 * @param workDir         broker data and state directories; null for a temporary directory
 * @param timeout         longest any one phase may take
 * @param topologyConfig  topology settings (GatewatchConfig keys); the registry URL is added
 */
public record LoadBenchOptions(int sites, long records, double rate, int incidents, int partitions, int threads,
                               boolean scaleOut, int warmUpPasses, Duration liveDuration, double liveRate, int liveIncidents,
                               String compression, long seed, Path workDir, Duration timeout,
                               Map<String, String> topologyConfig) {

    public static final int DEFAULT_SITES = 1000;
    public static final long DEFAULT_RECORDS = 1_000_000;
    public static final double DEFAULT_RATE = 1000;
    public static final int DEFAULT_PARTITIONS = 6;
    public static final Duration DEFAULT_LIVE_DURATION = Duration.ofSeconds(60);
    public static final double DEFAULT_LIVE_RATE = 1000;
    public static final int DEFAULT_LIVE_INCIDENTS = 100;
    /**
     * On 2 cores the JIT's share of the CPU fell pass by pass to a plateau of 7 % (41, 33, 24, 15, 12, 9, 7, 7 %)
     * and the topology's rate rose with it (160k records/s in the third pass, 211-215k in the seventh and eighth).
     */
    public static final int DEFAULT_WARM_UP_PASSES = 8;

    public LoadBenchOptions {
        Objects.requireNonNull(liveDuration, "liveDuration");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(timeout, "timeout");
        topologyConfig = Map.copyOf(Objects.requireNonNull(topologyConfig, "topologyConfig"));
        if (sites < 10) {
            throw new IllegalArgumentException("--sites must be at least 10, got " + sites);
        }
        if (records < 1000) {
            throw new IllegalArgumentException("--records must be at least 1000, got " + records);
        }
        if (!(rate >= 10)) {
            throw new IllegalArgumentException("--rate must be at least 10 lines/s, got " + rate);
        }
        if (incidents < 0) {
            throw new IllegalArgumentException("--incidents must not be negative, got " + incidents);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("--partitions must be at least 1, got " + partitions);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (warmUpPasses < 0) {
            throw new IllegalArgumentException("--warm-up-passes must not be negative, got " + warmUpPasses);
        }
        if (liveDuration.toMillis() < 5_000) {
            throw new IllegalArgumentException("--live-duration must be at least 5s, got " + liveDuration.toSeconds() + "s");
        }
        if (!(liveRate >= 0)) {
            throw new IllegalArgumentException("--live-rate must not be negative, got " + liveRate);
        }
        if (liveIncidents < 1) {
            throw new IllegalArgumentException("--live-incidents must be at least 1, got " + liveIncidents);
        }
        if (incidents + liveIncidents > sites / 2) {
            throw new IllegalArgumentException("--incidents + --live-incidents (" + (incidents + liveIncidents)
                    + ") must leave at least half of the " + sites + " sites without an incident");
        }
        if (timeout.toSeconds() < 10) {
            throw new IllegalArgumentException("--timeout must be at least 10s");
        }
    }

    /** The default run: 1,000 sites, 1,000,000 records, 40 incidents; 60 s live with 100 incident bursts. */
    public static LoadBenchOptions defaults() {
        return new LoadBenchOptions(DEFAULT_SITES, DEFAULT_RECORDS, DEFAULT_RATE, DEFAULT_SITES / 25, DEFAULT_PARTITIONS,
                1, true, DEFAULT_WARM_UP_PASSES, DEFAULT_LIVE_DURATION, DEFAULT_LIVE_RATE, DEFAULT_LIVE_INCIDENTS, "lz4", 502L, null,
                Duration.ofMinutes(10), Map.of());
    }
}
