package io.gatewatch.bench.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatewatch.avro.Incident;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.topology.GatewatchConfig;
import io.gatewatch.topology.GatewatchTopology;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.Topology;

/**
 * {@code gatewatch bench}: throughput, detection latency and memory of the topology against the
 * broker's own limit, on the embedded broker, in one run.
 *
 * <ol>
 *   <li>Load: a fleet's telemetry (access lines mostly; error-log, PHP-FPM, slow-log and Telegraf lines;
 *       incidents injected) is produced to the input topics before anything reads it.</li>
 *   <li>Raw limit: a plain consumer reads those records end to end (best of three reads).</li>
 *   <li>Topology, one instance: the production topology and Streams settings (exactly-once v2, RocksDB
 *       with the bounded-memory config) process the same records to the end; memory is sampled.</li>
 *   <li>Floor: a topology that only reads the records, with the same settings: what Kafka Streams itself
 *       reaches here, between the raw consumer and Gatewatch's topology.</li>
 *   <li>Dataflow shape: Gatewatch's state writes and record movements without its parsing and attribution
 *       ({@link ShapeTopology}): how much of the gap below the floor is the dataflow, how much Gatewatch's code.</li>
 *   <li>Topology, two instances sharing an application id: the same records again, from scratch.</li>
 *   <li>Live: the one-instance application is resumed, caught up, and fed telemetry at a realistic pace
 *       with incident bursts; detection latency per burst.</li>
 * </ol>
 */
public final class LoadBenchmark {

    private static final double MIB = 1024.0 * 1024.0;
    /**
     * Warm-up passes end when the JIT compilers take less than this share of the process's CPU in the pass's
     * measured window (after RUNNING, {@link RateWindow}), or after {@link LoadBenchOptions#warmUpPasses()}: after
     * one pass of a million records they still took a quarter of it during the measured pass, and a fifth after
     * three, so the figure was that of a JVM still warming up; over whole passes the share levelled off at about
     * 7 % (what each new Kafka Streams instance compiles at start-up), within the window it falls lower.
     */
    public static final int WARM_JIT_PERCENT = 8;
    static final double WARM_JIT_SHARE = WARM_JIT_PERCENT / 100.0;

    private final LoadBenchOptions options;
    private final StreamsPropertiesFactory factory;
    private final PrintStream log;

    private final Function<GatewatchConfig, Topology> topology;

    public LoadBenchmark(LoadBenchOptions options, StreamsPropertiesFactory factory, PrintStream log) {
        this(options, factory, log, GatewatchTopology::build);
    }

    /** With another topology in place of Gatewatch's, to measure what a part of it costs. */
    LoadBenchmark(LoadBenchOptions options, StreamsPropertiesFactory factory, PrintStream log,
                  Function<GatewatchConfig, Topology> topology) {
        this.options = options;
        this.factory = factory;
        this.log = log;
        this.topology = topology;
    }

    /** Runs every phase and returns the report. */
    public BenchReport run() throws IOException {
        long runStarted = System.nanoTime();
        Path work = options.workDir() != null ? Files.createDirectories(options.workDir())
                : Files.createTempDirectory("gatewatch-bench-");
        String runId = UUID.randomUUID().toString().substring(0, 8);
        try {
            return run(work, runId, runStarted);
        } finally {
            deleteQuietly(work.resolve("state"));
            if (options.workDir() == null) {
                deleteQuietly(work);
            }
        }
    }

    private BenchReport run(Path work, String runId, long runStarted) throws IOException {
        BenchReport report = new BenchReport(options);
        String loadAtStart = Machine.loadAverage();
        say("starting the embedded broker (%d partitions per topic) and schema registry", options.partitions());
        try (BenchCluster cluster = BenchCluster.start(work.resolve("kafka"), options.partitions())) {
            Map<String, String> topologyProps = new HashMap<>(options.topologyConfig());
            topologyProps.put(GatewatchConfig.SCHEMA_REGISTRY_URL, cluster.registryUrl());
            GatewatchConfig config = GatewatchConfig.from(topologyProps);
            SchemaRegistryClient registry = cluster.registryClient();

            // 1. the workload
            Fleet fleet = new Fleet(options.sites(), options.seed());
            Workload workload = new Workload(fleet, options.seed() + 1, options.rate());
            long metricsPerSec = Math.round(fleet.hosts() * 0.2 + fleet.size() / 30.0 + fleet.databases() * 0.1);
            long spanSeconds = Math.max(10, (long) Math.ceil(options.records() / (options.rate() + metricsPerSec)));
            long start = (System.currentTimeMillis() / 1000 - spanSeconds - 60) * 1000;
            Set<Integer> bulkSites = injectIncidents(workload, fleet, start, spanSeconds);
            List<Integer> liveSites = fleet.quietestFirst(bulkSites).subList(0, options.liveIncidents());
            cluster.publishInventory(fleet.inventory(Instant.ofEpochMilli(start)));
            say("producing %,d records: %,d sites, %d incidents, %d s of fleet time at %,.0f lines/s", options.records(),
                    options.sites(), options.incidents(), spanSeconds, options.rate());
            BulkLoad.Result load = BulkLoad.produce(cluster.bootstrapServers(), options.compression(), workload, start,
                    options.records(), n -> say("  %,d produced", n));
            say("  done in %.1f s (%,.0f records/s, %.1f MiB)", load.seconds(), load.records() / load.seconds(),
                    load.bytes() / MIB);
            report.workload(load, fleet, bulkSites.size());

            List<TopicPartition> inputs = cluster.partitions(Topics.INPUTS);
            Map<TopicPartition, Long> inputEnds = cluster.endOffsets(inputs);

            // 2. the raw limit
            say("raw consumer: reading the %,d records end to end (three times, the fastest counts)", load.records());
            RawConsumerRun.Result raw = null;
            for (int i = 0; i < 3; i++) {
                RawConsumerRun.Result r = RawConsumerRun.run(cluster.bootstrapServers(), inputs, inputEnds, options.timeout());
                say("  %.2f s: %,.0f records/s, %.1f MiB/s", r.seconds(), r.recordsPerSec(), r.megabytesPerSec());
                raw = raw == null || r.seconds() < raw.seconds() ? r : raw;
            }
            report.raw(raw);

            // 3. one instance: warm-up passes bring the JVM to where hours of service would (the JIT compiles the
            // broker's, Kafka Streams' and Gatewatch's code over several passes); the pass after them counts
            if (options.warmUpPasses() > 0) {
                for (int pass = 1; ; pass++) {
                    String warm = "gatewatch-bench-" + runId + "-warmup" + pass;
                    say("topology, 1 instance, warm-up pass %d (not counted): processing the records to the end", pass);
                    Path dir = work.resolve("state").resolve("warmup" + pass);
                    Phase w = process(cluster, config, warm, List.of(dir), inputEnds, load, raw, false);
                    double jitShare = jitShare(w.cpuGroups());
                    report.warmUp(w.seconds(), load.records() / w.seconds(), w.cpuGroups(), load.records(), jitShare);
                    deleteQuietly(dir);
                    say("  JIT compilation: %.0f%% of the process's CPU in this pass", 100 * jitShare);
                    if (jitShare < WARM_JIT_SHARE || pass == options.warmUpPasses()) {
                        break;
                    }
                }
            }
            String app1 = "gatewatch-bench-" + runId + "-x1";
            Path state1 = work.resolve("state").resolve("x1");
            say("topology, 1 instance (%d stream thread%s): processing the same records to the end", options.threads(),
                    options.threads() == 1 ? "" : "s");
            Phase one = process(cluster, config, app1, List.of(state1), inputEnds, load, raw, true);
            report.instances(1, load, one.seconds(), one.consumed(), one.peaks().coresBusy());
            report.window(1, one.window(), one.firstFetchSeen(), load.records() / one.fromFetchSeconds());
            report.cpu(1, one.streamThreadCpuSeconds(), one.processCpuSeconds(), load.records());
            report.cpuByThread(1, one.cpuGroups(), load.records());
            report.threadMetrics(1, one.thread());
            report.memory(one.peaks(), one.heapBefore(), one.heapAfter(), one.rocks());
            long stateBytes = directorySize(state1);
            long changelogBytes = changelogBytes(cluster, app1);
            report.disk(stateBytes, changelogBytes, options.sites());
            report.internalTopics(internalTopicOffsets(cluster, app1), load.records());
            say("  state on disk %.1f MiB (%.1f MiB per 1,000 sites); changelogs %.1f MiB", stateBytes / MIB,
                    stateBytes / MIB * 1000 / options.sites(), changelogBytes / MIB);
            Map<String, Integer> detected = incidentsBySite(cluster, registry);
            int found = 0;
            for (int s : bulkSites) {
                found += detected.containsKey(fleet.site(s)) ? 1 : 0;
            }
            int others = (int) detected.keySet().stream().filter(site -> bulkSites.stream()
                    .noneMatch(s -> fleet.site(s).equals(site))).count();
            report.detection(bulkSites.size(), found, others);
            say("  incidents: %d of %d injected detected, %d elsewhere", found, bulkSites.size(), others);

            // the floor: Kafka Streams alone, same settings, a topology that only reads
            say("Kafka Streams floor, 1 instance: the same records through a topology that only reads them");
            Phase floor = process(cluster, config, FloorTopology::build, "gatewatch-bench-" + runId + "-floor",
                    List.of(work.resolve("state").resolve("floor")), inputEnds, load, raw, false);
            report.floor(load, floor.seconds(), floor.streamThreadCpuSeconds(), floor.window(), floor.firstFetchSeen(),
                    load.records() / floor.fromFetchSeconds());
            deleteQuietly(work.resolve("state").resolve("floor"));

            // the dataflow's shape: Gatewatch's state writes and record movements without its work. Its code paths
            // are new to the JIT here, so, like the topology, it gets a warm-up pass before the one that counts.
            say("dataflow shape, 1 instance, warm-up pass (not counted): counts in a cached store, repartition by site,"
                    + " a window-store write per moved record; no parsing");
            // (no application id of a run may start with another's followed by '-': topics are found by that prefix)
            Phase shapeWarmUp = shapePass(cluster, config, work, "gatewatch-bench-" + runId + "-shapewarm",
                    inputEnds, load, raw);
            say("dataflow shape, 1 instance: the same records");
            String shapeApp = "gatewatch-bench-" + runId + "-shape";
            Phase shape = shapePass(cluster, config, work, shapeApp, inputEnds, load, raw);
            report.shape(load, shape.seconds(), shape.streamThreadCpuSeconds(), shape.processCpuSeconds(),
                    internalTopicOffsets(cluster, shapeApp), load.records() / shapeWarmUp.seconds(), shape.window(),
                    shape.firstFetchSeen(), load.records() / shape.fromFetchSeconds());

            // 4. two instances
            if (options.scaleOut()) {
                String app2 = "gatewatch-bench-" + runId + "-x2";
                say("topology, 2 instances sharing application id %s: the same records from scratch", app2);
                List<Path> dirs = List.of(work.resolve("state").resolve("x2-a"), work.resolve("state").resolve("x2-b"));
                Phase two = process(cluster, config, app2, dirs, inputEnds, load, raw, false);
                say("  per instance %s", perInstance(two.consumed(), two.seconds()));
                report.instances(2, load, two.seconds(), two.consumed(), two.peaks().coresBusy());
                report.window(2, two.window(), two.firstFetchSeen(), load.records() / two.fromFetchSeconds());
                report.cpu(2, two.streamThreadCpuSeconds(), two.processCpuSeconds(), load.records());
                report.cpuByThread(2, two.cpuGroups(), load.records());
                report.threadMetrics(2, two.thread());
                dirs.forEach(LoadBenchmark::deleteQuietly);
            }

            // 5. live
            say("live: resuming %s; %d s of telemetry at %,.0f lines/s with %d incident bursts", app1,
                    options.liveDuration().toSeconds(), options.liveRate(), options.liveIncidents());
            try (TopologyInstances resumed = new TopologyInstances(cluster, config, topology, factory, app1,
                    List.of(state1), options.threads(), false)) {
                resumed.start();
                resumed.awaitRunning(options.timeout());
                resumed.awaitProcessed(cluster.endOffsets(inputs), options.timeout());
                MemorySampler sampler = new MemorySampler(resumed::rocksDb);
                Workload background = new Workload(fleet, options.seed() + 2, Math.max(options.liveRate(), 1));
                LiveLatencyRun.Result live = LiveLatencyRun.run(cluster, registry, background, liveSites, options,
                        config.detection().minErrors(), config.detection().minShare(), resumed::checkHealthy);
                long lastSent = System.nanoTime();
                long caughtUp = resumed.awaitProcessed(cluster.endOffsets(inputs), options.timeout());
                MemorySampler.Peaks peaks = sampler.stop();
                report.live(live, (caughtUp - lastSent) / 1e9, peaks);
                say("  detection latency p50 %.0f ms, p99 %.0f ms, max %.0f ms over %d incidents (%d missed); "
                                + "caught up %.2f s after the last line", live.percentile(50), live.percentile(99),
                        live.percentile(100), live.latenciesMs().size(), live.missed(), (caughtUp - lastSent) / 1e9);
            }
        }
        report.machine(Machine.describe(loadAtStart));
        report.totalSeconds((System.nanoTime() - runStarted) / 1e9);
        return report;
    }

    /** The JIT compiler threads' share of the process's CPU in a phase ({@link CpuByThread#since} groups). */
    static double jitShare(Map<String, Double> cpuGroups) {
        double total = cpuGroups.getOrDefault("process total", 0.0);
        return total <= 0 ? 0 : Math.min(1, cpuGroups.getOrDefault("JIT", 0.0) / total);
    }

    /**
     * What one throughput phase measured. {@code seconds} is the time the whole input takes at the rate of
     * {@code window}; the CPU figures are those of that window, scaled likewise to the whole input.
     * {@code fromFetchSeconds} is the time from the first records fetched (if seen) to the end.
     */
    private record Phase(double seconds, double fromFetchSeconds, RateWindow window, boolean firstFetchSeen,
                         List<Long> consumed,
                         double streamThreadCpuSeconds, double processCpuSeconds,
                         Map<String, Double> cpuGroups, Map<String, Double> thread, MemorySampler.Peaks peaks,
                         long heapBefore, long heapAfter, TopologyInstances.RocksDbFigures rocks) {
    }

    /**
     * Runs instances of a fresh application over the input to its end and measures it: the rate, and the CPU,
     * of the input processed after it reported RUNNING ({@link RateWindow}), and the rate from its first records
     * fetched ({@link FirstFetchClock}), both to the application having committed every input and repartitioned
     * record.
     */
    private Phase process(BenchCluster cluster, GatewatchConfig config, String applicationId, List<Path> stateDirs,
                          Map<TopicPartition, Long> inputEnds, BulkLoad.Result load, RawConsumerRun.Result raw,
                          boolean heap) {
        return process(cluster, config, topology, applicationId, stateDirs, inputEnds, load, raw, heap);
    }

    private Phase process(BenchCluster cluster, GatewatchConfig config, Function<GatewatchConfig, Topology> topology,
                          String applicationId, List<Path> stateDirs, Map<TopicPartition, Long> inputEnds,
                          BulkLoad.Result load, RawConsumerRun.Result raw, boolean heap) {
        long heapBefore = heap ? MemorySampler.liveHeapAfterGc() : 0;
        try (TopologyInstances instances = new TopologyInstances(cluster, config, topology, factory, applicationId,
                stateDirs, options.threads(), true)) {
            MemorySampler sampler = new MemorySampler(instances::rocksDb);
            long started = System.nanoTime();
            long processCpu = MemorySampler.processCpuNanos();
            CpuByThread cpuByThread = CpuByThread.snapshot();
            instances.start();
            long done = instances.awaitProcessed(inputEnds, options.timeout());
            MemorySampler.Peaks peaks = sampler.stop();
            // the rate, and the CPU per record, are those of the input processed after RUNNING (RateWindow)
            TopologyInstances.CpuAtStart atFetch = instances.cpuAtFirstFetch();
            long from = atFetch != null ? instances.firstFetchNanos() : started;
            double fromFetchSeconds = (done - from) / 1e9;
            TopologyInstances.SteadyStart steady = instances.steadyStart();
            RateWindow window = RateWindow.of(from, steady == null ? null : steady.nanos(),
                    steady == null ? 0 : steady.inputOffsetsCommitted(),
                    inputEnds.values().stream().mapToLong(Long::longValue).sum());
            TopologyInstances.CpuAtStart atStart = window.afterRunning() ? steady.cpu() : atFetch;
            double seconds = window.inputSeconds(done);
            Map<String, Double> cpuGroups = new LinkedHashMap<>();
            (atStart != null ? atStart.byThread() : cpuByThread).since(applicationId)
                    .forEach((g, sec) -> cpuGroups.put(g, window.toWholeInput(sec)));
            double threadCpu = window.toWholeInput((instances.streamThreadsCpuNanos()
                    - (atStart != null ? atStart.streamThreadCpuNanos() : 0)) / 1e9);
            double processSeconds = window.toWholeInput((MemorySampler.processCpuNanos()
                    - (atStart != null ? atStart.processCpuNanos() : processCpu)) / 1e9);
            List<Long> consumed = instances.inputRecordsConsumed();
            Map<String, Double> thread = instances.threadMetrics();
            long heapAfter = heap ? MemorySampler.liveHeapAfterGc() : 0;
            TopologyInstances.RocksDbFigures rocks = instances.rocksDb();
            say("  %,.0f records/s %s (%.0f%% of the input, %.2f s), %.1f MiB/s, %.1f%% of raw; from the first"
                            + " records fetched %,.0f records/s (%.2f s, start-up rebalances included); CPU per record"
                            + " in the same window: stream thread%s %.1f us, whole process %.1f us",
                    load.records() / seconds, window.afterRunning() ? "after RUNNING" : "from the first fetch",
                    100 * window.share(), window.windowSeconds(done), load.bytes() / seconds / MIB,
                    100.0 * load.records() / seconds / raw.recordsPerSec(), load.records() / fromFetchSeconds,
                    fromFetchSeconds, stateDirs.size() * options.threads() > 1 ? "s" : "",
                    threadCpu * 1e6 / load.records(), processSeconds * 1e6 / load.records());
            StringBuilder groups = new StringBuilder();
            cpuGroups.forEach((g, sec) -> groups.append(String.format("%s %.1f, ", g, sec * 1e6 / load.records())));
            say("  CPU us/record by thread group: %s", groups.substring(0, Math.max(0, groups.length() - 2)));
            return new Phase(seconds, fromFetchSeconds, window, atFetch != null, consumed, threadCpu, processSeconds,
                    cpuGroups, thread, peaks, heapBefore, heapAfter, rocks);
        }
    }

    /** One pass of {@link ShapeTopology} over the input, its state removed after. */
    private Phase shapePass(BenchCluster cluster, GatewatchConfig config, Path work, String applicationId,
                            Map<TopicPartition, Long> inputEnds, BulkLoad.Result load, RawConsumerRun.Result raw) {
        Path dir = work.resolve("state").resolve(applicationId);
        try {
            return process(cluster, config, ShapeTopology::build, applicationId, List.of(dir), inputEnds, load, raw,
                    false);
        } finally {
            deleteQuietly(dir);
        }
    }

    /** Incidents spread over the data, each on its own site from the quieter half of the fleet. */
    private Set<Integer> injectIncidents(Workload workload, Fleet fleet, long start, long spanSeconds) {
        Set<Integer> sites = new HashSet<>();
        int k = options.incidents();
        if (k == 0) {
            return sites;
        }
        List<Integer> quiet = fleet.quietestFirst(Set.of());
        // the live bursts take the very quietest sites; bulk incidents come from the rest of the quieter half
        List<Integer> candidates = quiet.subList(options.liveIncidents(), Math.max(options.liveIncidents() + k,
                quiet.size() / 2));
        long duration = Math.max(5, Math.min(90, spanSeconds / 3)) * 1000;
        long lead = Math.min(60, spanSeconds / 5) * 1000;
        long room = Math.max(1000, spanSeconds * 1000 - lead - duration);
        Workload.IncidentType[] types = Workload.IncidentType.values();
        for (int i = 0; i < k; i++) {
            int site = candidates.get((int) ((long) i * candidates.size() / k));
            sites.add(site);
            long at = start + lead + room * i / k;
            workload.addIncident(new Workload.Incident(site, types[i % types.length], at, at + duration));
        }
        return sites;
    }

    private static String perInstance(List<Long> consumed, double seconds) {
        List<String> out = new ArrayList<>();
        for (long c : consumed) {
            out.add(String.format("%,.0f/s", c / seconds));
        }
        return String.join(" + ", out);
    }

    /** Distinct incidents per site in gatewatch.incidents (read_committed, start to end). */
    private static Map<String, Integer> incidentsBySite(BenchCluster cluster, SchemaRegistryClient registry) {
        List<TopicPartition> partitions = cluster.partitions(List.of(Topics.INCIDENTS));
        Map<TopicPartition, Long> ends = cluster.endOffsets(partitions);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Deserializer<Incident> values = GatewatchSerdes.of(Incident.class, registry, false).deserializer();
        Map<String, Set<String>> ids = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Incident i = values.deserialize(r.topic(), r.headers(), r.value());
                    if (i != null) {
                        ids.computeIfAbsent(i.getSite(), s -> new HashSet<>()).add(i.getIncidentId());
                    }
                }
            }
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        ids.forEach((site, set) -> out.put(site, set.size()));
        return out;
    }

    private static long changelogBytes(BenchCluster cluster, String applicationId) {
        try {
            Map<Integer, Map<String, LogDirDescription>> dirs = BenchCluster.get(
                    cluster.admin().describeLogDirs(List.of(1)).allDescriptions(), "describe log dirs");
            long sum = 0;
            for (Map<String, LogDirDescription> byDir : dirs.values()) {
                for (LogDirDescription d : byDir.values()) {
                    for (var e : d.replicaInfos().entrySet()) {
                        String topic = e.getKey().topic();
                        if (topic.startsWith(applicationId + "-") && topic.endsWith("-changelog")) {
                            sum += e.getValue().size();
                        }
                    }
                }
            }
            return sum;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /**
     * What the application wrote to each of its internal topics (named without the application id): the sum
     * of its partitions' end offsets, so the commit markers of its transactions are counted too. Empty if the
     * broker could not say.
     */
    private static Map<String, Long> internalTopicOffsets(BenchCluster cluster, String applicationId) {
        Map<String, Long> out = new java.util.TreeMap<>();
        try {
            List<String> topics = BenchCluster.get(cluster.admin().listTopics().names(), "list topics").stream()
                    .filter(t -> t.startsWith(applicationId + "-")).toList();
            cluster.endOffsets(cluster.partitions(topics)).forEach((tp, end) ->
                    out.merge(tp.topic().substring(applicationId.length() + 1), end, Long::sum));
        } catch (RuntimeException e) {
            out.clear();
        }
        return out;
    }

    static long directorySize(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    private void say(String format, Object... args) {
        log.println("bench: " + String.format(format, args));
        log.flush();
    }

    /** JSON of a report, as written by --out. */
    public static String toJson(BenchReport report) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report.toMap()) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
