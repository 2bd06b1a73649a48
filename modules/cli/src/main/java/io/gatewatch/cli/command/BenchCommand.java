package io.gatewatch.cli.command;

import io.gatewatch.bench.load.BenchReport;
import io.gatewatch.bench.load.LoadBenchOptions;
import io.gatewatch.bench.load.LoadBenchmark;
import io.gatewatch.cli.runtime.StreamsSettings;
import io.gatewatch.topology.rocksdb.RocksDBMemoryConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatewatch bench}: end-to-end throughput, detection latency and memory on the embedded broker. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Load benchmark: the topology's throughput, detection latency and memory vs the raw consumer limit.",
                "Measures the topology against the broker's own limit on the embedded broker, in one run:",
                "a plain consumer reading the input records (the raw limit) vs the topology processing them (exactly-once,",
                "RocksDB), one and two instances, the Kafka Streams floor (a read-only topology, same settings) and",
                "the dataflow's shape (Gatewatch's state writes and record movements without its parsing and attribution);",
                "detection latency with the topology live; heap, RocksDB memory and disk.",
                "Prints a table; --out writes the figures as JSON. The default run takes about 5 minutes on 2 cores."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--out", paramLabel = "FILE.json", description = "Write the figures as JSON.")
    Path out;

    @Option(names = "--sites", defaultValue = "1000", description = "Sites in the fleet (default: ${DEFAULT-VALUE}).")
    int sites;

    @Option(names = "--records", defaultValue = "1000000",
            description = "Input records of the throughput phases (default: ${DEFAULT-VALUE}).")
    long records;

    @Option(names = "--rate", defaultValue = "1000",
            description = "Lines per second of fleet time in the throughput data (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--incidents", paramLabel = "N",
            description = "Incidents injected into the throughput data (default: one per 25 sites).")
    Integer incidents;

    @Option(names = "--partitions", defaultValue = "6", description = "Partitions per topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Mixin
    StreamThreadOptions streamOptions;

    @Option(names = "--no-scale-out", description = "Skip the two-instance run.")
    boolean noScaleOut;

    @Option(names = "--no-warm-up", description = "Count the topology's first pass over the records (JIT still cold); "
            + "the same as --warm-up-passes 0.")
    boolean noWarmUp;

    @Option(names = "--warm-up-passes", paramLabel = "N",
            description = "At most N uncounted passes of the topology before the counted one; they end once the JIT "
                    + "takes under " + LoadBenchmark.WARM_JIT_PERCENT + " %% of the CPU (default: "
                    + LoadBenchOptions.DEFAULT_WARM_UP_PASSES + "; 0 is --no-warm-up).")
    Integer warmUpPasses;

    @Option(names = "--live-duration", defaultValue = "60s", paramLabel = "DURATION",
            description = "Length of the live (detection latency) phase (default: ${DEFAULT-VALUE}).")
    String liveDuration;

    @Option(names = "--live-rate", defaultValue = "1000",
            description = "Background lines per second during the live phase (default: ${DEFAULT-VALUE}).")
    double liveRate;

    @Option(names = "--live-incidents", defaultValue = "100",
            description = "Incident bursts during the live phase (default: ${DEFAULT-VALUE}).")
    int liveIncidents;

    @Option(names = "--rocksdb-memory", paramLabel = "SIZE",
            description = "RocksDB off-heap budget of the process (" + RocksDBMemoryConfig.BUDGET_BYTES + "; default: 128MiB).")
    String rocksdbMemory;

    @Option(names = "--compression", defaultValue = "lz4",
            description = "Compression of the input records as produced by shippers: none, gzip, snappy, lz4, zstd (default: ${DEFAULT-VALUE}).")
    String compression;

    @Option(names = "--seed", defaultValue = "502", description = "Workload seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--work-dir", paramLabel = "DIR",
            description = "Broker data and state directories (default: a temporary directory, removed afterwards).")
    Path workDir;

    @Option(names = "--timeout", defaultValue = "10m", paramLabel = "DURATION",
            description = "Longest any one phase may take (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--streams-property", paramLabel = "KEY=VALUE",
            description = "Override a Kafka Streams property of the topology instances, to try a setting "
                    + "(e.g. commit.interval.ms=200); the figures then no longer describe the production settings.")
    Map<String, String> streamsOverrides = new HashMap<>();

    @Mixin
    ConfigOptions configOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> props = configOptions.properties();
        RocksDBMemoryConfig memory;
        long cacheBytes;
        LoadBenchOptions options;
        try {
            cacheBytes = streamOptions.recordCacheBytes();
            if (rocksdbMemory != null) {
                props.put(RocksDBMemoryConfig.BUDGET_BYTES,
                        Long.toString(RocksDBMemoryConfig.parseSize("--rocksdb-memory", rocksdbMemory)));
            }
            memory = RocksDBMemoryConfig.from(props);
            if (!java.util.Set.of("none", "gzip", "snappy", "lz4", "zstd").contains(compression)) {
                throw new IllegalArgumentException("--compression must be one of none, gzip, snappy, lz4, zstd");
            }
            if (noWarmUp && warmUpPasses != null && warmUpPasses != 0) {
                throw new IllegalArgumentException("--no-warm-up and --warm-up-passes " + warmUpPasses
                        + " contradict each other: give one");
            }
            int passes = noWarmUp ? 0 : warmUpPasses != null ? warmUpPasses : LoadBenchOptions.DEFAULT_WARM_UP_PASSES;
            Map<String, String> topology = new HashMap<>(props);
            topology.keySet().removeIf(k -> k.startsWith("rocksdb."));
            options = new LoadBenchOptions(sites, records, rate, incidents != null ? incidents : sites / 25, partitions,
                    streamOptions.threads(), !noScaleOut, passes, duration("--live-duration", liveDuration),
                    liveRate, liveIncidents, compression, seed, workDir, duration("--timeout", timeout), topology);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        LoadBenchmark bench = new LoadBenchmark(options, (applicationId, bootstrap, stateDir, streamThreads) -> {
            Properties p = new StreamsSettings(applicationId, bootstrap, stateDir, streamThreads, 1, memory,
                    cacheBytes).toProperties();
            p.putAll(streamsOverrides);
            return p;
        }, System.err);
        BenchReport report = bench.run();
        if (!streamsOverrides.isEmpty()) {
            report.setting("streamsOverrides", streamsOverrides);
        }
        report.setting("rocksdbMemory", memory.toProperties());
        report.setting("recordCacheBytes", cacheBytes);
        String json = LoadBenchmark.toJson(report);
        if (out != null) {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(out, json);
        }
        System.out.println();
        System.out.print(report.table());
        if (out != null) {
            System.out.println("figures written to " + out);
        }
        System.out.flush();
        return 0;
    }

    /** 500ms, 30s, 5m, 1h or ISO-8601. */
    static Duration duration(String option, String value) {
        String s = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(java.util.Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not a duration (use 30s, 5m, 1h or PT30S)");
        }
    }
}
