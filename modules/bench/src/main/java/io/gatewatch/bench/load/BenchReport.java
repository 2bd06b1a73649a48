package io.gatewatch.bench.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run: the JSON written by {@code --out} and the table printed on stdout. */
public final class BenchReport {

    private static final double MIB = 1024.0 * 1024.0;

    private final LoadBenchOptions options;
    private final Map<String, Object> workload = new LinkedHashMap<>();
    private final Map<String, Object> memory = new LinkedHashMap<>();
    private final List<Map<String, Object>> instances = new ArrayList<>();
    private final Map<String, Object> latency = new LinkedHashMap<>();
    private final Map<String, Object> live = new LinkedHashMap<>();
    private Map<String, Object> machine = Map.of();
    private final Map<String, Object> extraSettings = new LinkedHashMap<>();
    private long records;
    private long bytes;
    private double rawRecordsPerSec;
    private double rawMBPerSec;
    private double rawSeconds;
    private double totalSeconds;

    BenchReport(LoadBenchOptions options) {
        this.options = options;
    }

    void workload(BulkLoad.Result load, Fleet fleet, int incidents) {
        records = load.records();
        bytes = load.bytes();
        workload.put("sites", fleet.size());
        workload.put("hosts", fleet.hosts());
        workload.put("databases", fleet.databases());
        workload.put("records", load.records());
        workload.put("bytes", load.bytes());
        workload.put("averageRecordBytes", load.records() == 0 ? 0 : load.bytes() / load.records());
        Map<String, Object> mix = new LinkedHashMap<>();
        load.byKind().forEach((k, v) -> mix.put(k.name().toLowerCase(Locale.ROOT), v));
        workload.put("mix", mix);
        workload.put("fleetSeconds", (load.lastEventMillis() - load.firstEventMillis()) / 1000);
        workload.put("incidentsInjected", incidents);
        workload.put("partitions", options.partitions());
        workload.put("compression", options.compression());
        workload.put("produceSeconds", round(load.seconds(), 2));
    }

    void raw(RawConsumerRun.Result raw) {
        rawRecordsPerSec = raw.recordsPerSec();
        rawMBPerSec = raw.megabytesPerSec();
        rawSeconds = raw.seconds();
    }

    void instances(int count, BulkLoad.Result load, double seconds, List<Long> consumed, double coresBusy) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", count);
        m.put("seconds", round(seconds, 2));
        m.put("totalRecordsPerSec", round(load.records() / seconds, 0));
        m.put("totalMBPerSec", round(load.bytes() / seconds / MIB, 2));
        m.put("ratio", round(load.records() / seconds / rawRecordsPerSec, 3));
        List<Object> per = new ArrayList<>();
        for (long c : consumed) {
            per.add(round(c / seconds, 0));
        }
        m.put("perInstanceRecordsPerSec", per);
        m.put("perInstanceRecords", consumed);
        m.put("coresBusy", round(coresBusy, 2));
        instances.add(m);
    }

    void cpu(int count, double streamThreadSeconds, double processSeconds, long records) {
        for (Map<String, Object> i : instances) {
            if (((Integer) i.get("count")) == count) {
                i.put("streamThreadCpuMicrosPerRecord", round(streamThreadSeconds * 1e6 / records, 1));
                i.put("processCpuMicrosPerRecord", round(processSeconds * 1e6 / records, 1));
            }
        }
    }

    private final Map<String, Object> warmUp = new LinkedHashMap<>();
    private final List<Map<String, Object>> warmUpPasses = new ArrayList<>();
    private final Map<String, Object> floor = new LinkedHashMap<>();
    private final Map<String, Object> shape = new LinkedHashMap<>();
    /** What the one-instance run wrote to its internal topics. */
    private final Map<String, Object> internal = new LinkedHashMap<>();

    /**
     * How a phase's rate was measured: over the input processed after the application reported RUNNING, or, if
     * it was done before that was seen, over all of it from the first fetch ({@link RateWindow}); and the rate
     * from the first records fetched, start-up rebalances included.
     */
    private static void window(Map<String, Object> m, RateWindow window, boolean firstFetchSeen,
                               double fromFirstFetchRecordsPerSec) {
        m.put("rateWindow", window.afterRunning() ? "after RUNNING" : "from the first fetch");
        m.put("shareOfInputAfterRunning", window.afterRunning() ? round(window.share(), 3) : 0.0);
        m.put("firstFetchSeen", firstFetchSeen);
        m.put("fromFirstFetchRecordsPerSec", round(fromFirstFetchRecordsPerSec, 0));
    }

    void window(int count, RateWindow window, boolean firstFetchSeen, double fromFirstFetchRecordsPerSec) {
        for (Map<String, Object> i : instances) {
            if (((Integer) i.get("count")) == count) {
                window(i, window, firstFetchSeen, fromFirstFetchRecordsPerSec);
            }
        }
    }

    /** A reference topology's rate, its ratio to the raw consumer and its stream threads' CPU per record. */
    private void rate(Map<String, Object> m, BulkLoad.Result load, double seconds, double streamThreadSeconds) {
        m.put("seconds", round(seconds, 2));
        m.put("recordsPerSec", round(load.records() / seconds, 0));
        m.put("ratio", round(load.records() / seconds / rawRecordsPerSec, 3));
        m.put("streamThreadCpuMicrosPerRecord", round(streamThreadSeconds * 1e6 / load.records(), 1));
    }

    void floor(BulkLoad.Result load, double seconds, double streamThreadSeconds, RateWindow rateWindow,
               boolean firstFetchSeen, double fromFirstFetchRecordsPerSec) {
        rate(floor, load, seconds, streamThreadSeconds);
        window(floor, rateWindow, firstFetchSeen, fromFirstFetchRecordsPerSec);
    }

    void shape(BulkLoad.Result load, double seconds, double streamThreadSeconds, double processSeconds,
               Map<String, Long> offsetsByTopic, double warmUpRecordsPerSec, RateWindow rateWindow,
               boolean firstFetchSeen, double fromFirstFetchRecordsPerSec) {
        rate(shape, load, seconds, streamThreadSeconds);
        shape.put("processCpuMicrosPerRecord", round(processSeconds * 1e6 / load.records(), 1));
        perInputRecord(shape, offsetsByTopic, load.records());
        shape.put("warmUpPassRecordsPerSec", round(warmUpRecordsPerSec, 0));
        window(shape, rateWindow, firstFetchSeen, fromFirstFetchRecordsPerSec);
    }

    /** One warm-up pass, in order; the first is also reported on its own, as the cold JVM's figure. */
    void warmUp(double seconds, double recordsPerSec, Map<String, Double> cpu, long records, double jitShare) {
        Map<String, Object> pass = new LinkedHashMap<>();
        pass.put("seconds", round(seconds, 2));
        pass.put("recordsPerSec", round(recordsPerSec, 0));
        pass.put("ratio", round(recordsPerSec / rawRecordsPerSec, 3));
        pass.put("jitShareOfProcessCpu", round(jitShare, 3));
        Map<String, Object> m = new LinkedHashMap<>();
        cpu.forEach((k, v) -> m.put(k, round(v * 1e6 / records, 1)));
        pass.put("cpuMicrosPerRecordByThreadGroup", m);
        if (warmUp.isEmpty()) {
            warmUp.putAll(pass);
        }
        warmUpPasses.add(pass);
    }

    void cpuByThread(int count, Map<String, Double> seconds, long records) {
        for (Map<String, Object> i : instances) {
            if (((Integer) i.get("count")) == count) {
                Map<String, Object> m = new LinkedHashMap<>();
                seconds.forEach((k, v) -> m.put(k, round(v * 1e6 / records, 1)));
                i.put("cpuMicrosPerRecordByThreadGroup", m);
            }
        }
    }

    void threadMetrics(int count, Map<String, Double> metrics) {
        for (Map<String, Object> i : instances) {
            if (((Integer) i.get("count")) == count) {
                Map<String, Object> m = new LinkedHashMap<>();
                metrics.forEach((k, v) -> m.put(k, round(v, 3)));
                // Kafka Streams' windowed thread metrics (last 30-60 s): a short phase includes idle time after it
                i.put("streamThreadMetrics", m);
            }
        }
    }

    void memory(MemorySampler.Peaks peaks, long heapBefore, long heapAfter, TopologyInstances.RocksDbFigures rocks) {
        Map<String, Object> heap = new LinkedHashMap<>();
        heap.put("maxBytes", Runtime.getRuntime().maxMemory());
        heap.put("peakUsedBytes", peaks.heapBytes());
        heap.put("liveAfterGcBytes", heapAfter);
        heap.put("liveBeforeTopologyBytes", heapBefore);
        heap.put("topologyLiveBytes", Math.max(0, heapAfter - heapBefore));
        heap.put("note", "one JVM holds the broker, the registry, the clients and the topology; topologyLiveBytes is "
                + "the live heap (after full GCs) with the caught-up instance open minus the same before it started");
        memory.put("heap", heap);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("budgetBytes", peaks.budgetBytes());
        r.put("peakCacheUsageBytes", peaks.rocksCacheBytes());
        r.put("peakPinnedBytes", peaks.rocksPinnedBytes());
        r.put("peakMemtableBytes", peaks.memtableBytes());
        r.put("peakTableReaderBytes", peaks.tableReaderBytes());
        r.put("cacheCapacityBytes", rocks.cacheCapacityBytes());
        r.put("stores", peaks.stores());
        r.put("withinBudget", peaks.budgetBytes() > 0 && peaks.rocksCacheBytes() + peaks.tableReaderBytes() <= peaks.budgetBytes());
        r.put("note", "one LRU cache shared by every store holds data, index and filter blocks and, through the shared "
                + "write-buffer manager, the memtables; peakCacheUsageBytes is its peak (memtables included)");
        memory.put("rocksdb", r);
    }

    void disk(long stateBytes, long changelogBytes, int sites) {
        memory.put("stateDiskBytes", stateBytes);
        memory.put("stateDiskBytesPer1000Sites", Math.round(stateBytes * 1000.0 / sites));
        memory.put("changelogBytes", changelogBytes);
        memory.put("changelogBytesPer1000Sites", changelogBytes < 0 ? -1 : Math.round(changelogBytes * 1000.0 / sites));
    }

    /** End offsets (records plus commit markers) of each internal topic; none known gives -1 figures. */
    void internalTopics(Map<String, Long> offsetsByTopic, long inputRecords) {
        internal.put("repartitionOffsets", sumOf(offsetsByTopic, "-repartition"));
        internal.put("changelogOffsets", sumOf(offsetsByTopic, "-changelog"));
        perInputRecord(internal, offsetsByTopic, inputRecords);
    }

    /** Records written to repartition and changelog topics per input record, and the offsets they come from. */
    private static void perInputRecord(Map<String, Object> m, Map<String, Long> offsetsByTopic, long inputRecords) {
        long repartition = sumOf(offsetsByTopic, "-repartition");
        long changelog = sumOf(offsetsByTopic, "-changelog");
        m.put("repartitionPerInputRecord", repartition < 0 ? -1 : round((double) repartition / inputRecords, 3));
        m.put("changelogPerInputRecord", changelog < 0 ? -1 : round((double) changelog / inputRecords, 3));
        m.put("offsetsByTopic", offsetsByTopic);
    }

    private static long sumOf(Map<String, Long> offsetsByTopic, String suffix) {
        if (offsetsByTopic.isEmpty()) {
            return -1;
        }
        return offsetsByTopic.entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).mapToLong(Map.Entry::getValue).sum();
    }

    void detection(int injected, int detected, int elsewhere) {
        workload.put("incidentsDetected", detected);
        workload.put("incidentsElsewhere", elsewhere);
    }

    void live(LiveLatencyRun.Result result, double caughtUpSeconds, MemorySampler.Peaks peaks) {
        latency.put("p50", round(result.percentile(50), 1));
        latency.put("p90", round(result.percentile(90), 1));
        latency.put("p99", round(result.percentile(99), 1));
        latency.put("max", round(result.percentile(100), 1));
        latency.put("mean", round(result.mean(), 1));
        latency.put("samples", result.latenciesMs().size());
        latency.put("missed", result.missed());
        live.put("seconds", round(result.seconds(), 1));
        live.put("backgroundRecords", result.backgroundRecords());
        live.put("burstRecords", result.burstRecords());
        live.put("recordsPerSec", round((result.backgroundRecords() + result.burstRecords()) / result.seconds(), 0));
        live.put("caughtUpSecondsAfterLastLine", round(caughtUpSeconds, 2));
        live.put("coresBusy", round(peaks.coresBusy(), 2));
        live.put("peakRocksCacheUsageBytes", peaks.rocksCacheBytes());
        @SuppressWarnings("unchecked")
        Map<String, Object> rocks = (Map<String, Object>) memory.get("rocksdb");
        if (rocks != null) {
            long peak = Math.max(((Number) rocks.get("peakCacheUsageBytes")).longValue(), peaks.rocksCacheBytes());
            rocks.put("peakCacheUsageBytes", peak);
            rocks.put("peakMemtableBytes", Math.max(((Number) rocks.get("peakMemtableBytes")).longValue(), peaks.memtableBytes()));
            long budget = ((Number) rocks.get("budgetBytes")).longValue();
            rocks.put("withinBudget", budget > 0 && peak + ((Number) rocks.get("peakTableReaderBytes")).longValue() <= budget);
        }
    }

    /** A setting the caller applied beyond the options (e.g. Streams property overrides). */
    public void setting(String key, Object value) {
        extraSettings.put(key, value);
    }

    void machine(Map<String, Object> machine) {
        this.machine = machine;
    }

    void totalSeconds(double seconds) {
        this.totalSeconds = seconds;
    }

    double ratio() {
        return instances.isEmpty() ? Double.NaN : ((Number) instances.get(0).get("ratio")).doubleValue();
    }

    /** The JSON document. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> one = instances.isEmpty() ? Map.of() : instances.get(0);
        m.put("rawRecordsPerSec", round(rawRecordsPerSec, 0));
        m.put("rawMBPerSec", round(rawMBPerSec, 2));
        m.put("rawSeconds", round(rawSeconds, 2));
        m.put("topologyRecordsPerSec", one.get("totalRecordsPerSec"));
        m.put("topologyMBPerSec", one.get("totalMBPerSec"));
        m.put("ratio", one.get("ratio"));
        m.put("detectionLatencyMs", latency);
        m.put("memory", memory);
        m.put("instances", instances);
        m.put("live", live);
        if (!shape.isEmpty()) {
            m.put("dataflowShape", shape);
        }
        if (!floor.isEmpty()) {
            m.put("streamsFloor", floor);
        }
        if (!internal.isEmpty()) {
            m.put("internalTopics", internal);
        }
        if (!warmUp.isEmpty()) {
            m.put("firstPassColdJvm", warmUp);
            m.put("warmUpPasses", warmUpPasses);
        }
        m.put("workload", workload);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("threadsPerInstance", options.threads());
        settings.put("warmUpPassesMax", options.warmUpPasses());
        settings.put("warmUpEndsBelowJitShare", LoadBenchmark.WARM_JIT_SHARE);
        settings.put("processingGuarantee", "exactly_once_v2");
        settings.put("rate", options.rate());
        settings.put("liveRate", options.liveRate());
        settings.put("liveDurationSeconds", options.liveDuration().toSeconds());
        settings.put("liveIncidents", options.liveIncidents());
        settings.put("seed", options.seed());
        settings.put("topologyConfig", options.topologyConfig());
        settings.putAll(extraSettings);
        m.put("settings", settings);
        m.put("machine", machine);
        m.put("totalSeconds", round(totalSeconds, 1));
        return m;
    }

    /** The table for stdout. */
    public String table() {
        StringBuilder b = new StringBuilder();
        Map<String, Object> one = instances.isEmpty() ? Map.of() : instances.get(0);
        String fmt = "%-44s %16s %12s %10s%n";
        b.append(String.format(Locale.ROOT, "Gatewatch load benchmark: %,d records (%.1f MiB), %,d sites, %s partitions, %s%n",
                records, bytes / MIB, options.sites(), options.partitions(), machine.getOrDefault("cpu", "?")
                        + " x" + machine.getOrDefault("cores", "?")));
        b.append(String.format(Locale.ROOT, fmt, "", "records/s", "MiB/s", "vs raw"));
        b.append(String.format(Locale.ROOT, fmt, "raw consumer (broker limit)", num(rawRecordsPerSec), dec(rawMBPerSec), "1.00"));
        if (!floor.isEmpty()) {
            b.append(String.format(Locale.ROOT, fmt, "Kafka Streams floor (read-only topology)", num(floor.get("recordsPerSec")),
                    "", String.format(Locale.ROOT, "%.2f", ((Number) floor.get("ratio")).doubleValue())));
        }
        if (!shape.isEmpty()) {
            b.append(String.format(Locale.ROOT, fmt, "dataflow shape (no parsing, similar state writes)",
                    num(shape.get("recordsPerSec")), "",
                    String.format(Locale.ROOT, "%.2f", ((Number) shape.get("ratio")).doubleValue())));
        }
        for (Map<String, Object> i : instances) {
            int count = (int) i.get("count");
            b.append(String.format(Locale.ROOT, fmt, "topology, " + count + " instance" + (count == 1 ? "" : "s")
                            + " (exactly-once, RocksDB)", num(i.get("totalRecordsPerSec")), dec(i.get("totalMBPerSec")),
                    String.format(Locale.ROOT, "%.2f", ((Number) i.get("ratio")).doubleValue())));
            if (count > 1) {
                @SuppressWarnings("unchecked")
                List<Object> per = (List<Object>) i.get("perInstanceRecordsPerSec");
                for (int k = 0; k < per.size(); k++) {
                    b.append(String.format(Locale.ROOT, fmt, "  instance " + (k + 1), num(per.get(k)), "", ""));
                }
            }
        }
        for (Map<String, Object> i : instances) {
            if (((Integer) i.get("count")) == 1 && i.containsKey("streamThreadCpuMicrosPerRecord")) {
                b.append(String.format(Locale.ROOT, "CPU per record (1 instance): stream thread %s us, whole process %s us"
                                + " (broker, clients, JIT and GC included)%n",
                        num(i.get("streamThreadCpuMicrosPerRecord")), num(i.get("processCpuMicrosPerRecord"))));
            }
        }
        if (!warmUp.isEmpty()) {
            StringBuilder rates = new StringBuilder();
            StringBuilder jit = new StringBuilder();
            for (Map<String, Object> pass : warmUpPasses) {
                rates.append(rates.length() == 0 ? "" : ", ").append(num(pass.get("recordsPerSec")));
                jit.append(jit.length() == 0 ? "" : ", ")
                        .append(Math.round(100 * ((Number) pass.get("jitShareOfProcessCpu")).doubleValue())).append('%');
            }
            b.append(String.format(Locale.ROOT, "warm-up passes of the topology (not counted above): %s records/s;"
                    + " JIT %s of the process's CPU%n", rates, jit));
        }
        if (!latency.isEmpty()) {
            b.append(String.format(Locale.ROOT, "detection latency (%d live incidents%s): p50 %s ms, p99 %s ms, max %s ms%n",
                    (int) latency.get("samples"), ((int) latency.get("missed")) > 0 ? ", " + latency.get("missed") + " missed" : "",
                    num(latency.get("p50")), num(latency.get("p99")), num(latency.get("max"))));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> heap = (Map<String, Object>) memory.getOrDefault("heap", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> rocks = (Map<String, Object>) memory.getOrDefault("rocksdb", Map.of());
        if (!heap.isEmpty()) {
            b.append(String.format(Locale.ROOT, "heap: %s MiB peak in use (whole JVM incl. broker), topology live %s MiB%n",
                    mib(heap.get("peakUsedBytes")), mib(heap.get("topologyLiveBytes"))));
        }
        if (!rocks.isEmpty()) {
            b.append(String.format(Locale.ROOT, "RocksDB: %s MiB peak of a %s MiB budget (memtables %s MiB peak, %s stores) %s%n",
                    mib(rocks.get("peakCacheUsageBytes")), mib(rocks.get("budgetBytes")), mib(rocks.get("peakMemtableBytes")),
                    rocks.get("stores"), Boolean.TRUE.equals(rocks.get("withinBudget")) ? "within budget" : "OVER BUDGET"));
        }
        if (memory.containsKey("stateDiskBytes")) {
            b.append(String.format(Locale.ROOT, "state on disk: %s MiB per 1,000 sites (changelogs %s MiB per 1,000 sites)%n",
                    mib(memory.get("stateDiskBytesPer1000Sites")), mib(memory.get("changelogBytesPer1000Sites"))));
        }
        if (!internal.isEmpty()) {
            b.append(String.format(Locale.ROOT, "written per input record (1 instance, commit markers included): "
                    + "repartition %s, changelogs %s%n", internal.get("repartitionPerInputRecord"),
                    internal.get("changelogPerInputRecord")));
        }
        b.append(String.format(Locale.ROOT, "machine: %s, %s cores, %.1f GiB; load average %s at start, %s at end%n",
                machine.getOrDefault("cpu", "?"), machine.getOrDefault("cores", "?"),
                ((Number) machine.getOrDefault("memoryBytes", 0L)).doubleValue() / (1L << 30),
                machine.getOrDefault("loadAverageAtStart", "?"), machine.getOrDefault("loadAverageAtEnd", "?")));
        if (workload.containsKey("incidentsDetected")) {
            b.append(String.format(Locale.ROOT, "incidents in the throughput data: %s of %s detected%n",
                    workload.get("incidentsDetected"), workload.get("incidentsInjected")));
        }
        return b.toString();
    }

    private static String num(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%,.0f", n.doubleValue()) : "-";
    }

    private static String dec(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : "";
    }

    private static String mib(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.1f", n.doubleValue() / MIB) : "-";
    }

    private static double round(double v, int places) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, places);
        return Math.round(v * f) / f;
    }
}
