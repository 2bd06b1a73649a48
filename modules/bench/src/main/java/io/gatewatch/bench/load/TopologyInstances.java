package io.gatewatch.bench.load;

import io.gatewatch.model.Topics;
import io.gatewatch.topology.GatewatchConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * One or more Gatewatch topology instances sharing an application id, each with its own state
 * directory, as separate deployments would run them (here in one JVM, against one broker).
 */
final class TopologyInstances implements AutoCloseable {

    private static final Set<String> INPUT_TOPIC_TAGS = Set.of(Topics.LOGS, Topics.METRICS, Topics.CHANGES,
            Topics.LOGS.replace('.', '_'), Topics.METRICS.replace('.', '_'), Topics.CHANGES.replace('.', '_'));

    private final BenchCluster cluster;
    private final String applicationId;
    private final List<KafkaStreams> instances = new ArrayList<>();
    /** The application's repartition topics, as the broker names them. */
    private final List<String> repartitionTopics;
    private final AtomicLong firstRunningNanos = new AtomicLong();
    private final String clockId;
    private final FirstFetchClock.Mark<CpuAtStart> firstFetch;
    private final AtomicReference<SteadyStart> steadyStart = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param clocked whether the instances mark their first records fetched ({@link FirstFetchClock}); the mark
     *                takes a CPU snapshot on a stream thread, which a latency measurement should not have
     */
    TopologyInstances(BenchCluster cluster, GatewatchConfig config,
                      java.util.function.Function<GatewatchConfig, org.apache.kafka.streams.Topology> topology,
                      StreamsPropertiesFactory factory, String applicationId, List<Path> stateDirs, int threads,
                      boolean clocked) {
        this.cluster = cluster;
        this.applicationId = applicationId;
        this.clockId = clocked ? applicationId + "#" + UUID.randomUUID() : null;
        this.firstFetch = clocked ? FirstFetchClock.register(clockId, () -> new CpuAtStart(CpuByThread.snapshot(),
                MemorySampler.processCpuNanos(), streamThreadsCpuNanos())) : null;
        try {
            this.repartitionTopics = createInstances(config, topology, factory, stateDirs, threads);
        } catch (RuntimeException e) {
            if (clockId != null) {
                FirstFetchClock.unregister(clockId);
            }
            throw e;
        }
    }

    private List<String> createInstances(GatewatchConfig config,
                                         java.util.function.Function<GatewatchConfig, org.apache.kafka.streams.Topology> topology,
                                         StreamsPropertiesFactory factory, List<Path> stateDirs, int threads) {
        List<String> repartition = List.of();
        for (Path dir : stateDirs) {
            org.apache.kafka.streams.Topology built = topology.apply(config);
            repartition = repartitionTopicsOf(applicationId, built.describe());
            Properties props = factory.create(applicationId, cluster.bootstrapServers(), dir, threads);
            if (clockId != null) {
                withFirstFetchClock(props, clockId);
            }
            KafkaStreams streams = new KafkaStreams(built, props);
            streams.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            });
            streams.setStateListener((now, before) -> {
                if (now == KafkaStreams.State.RUNNING) {
                    firstRunningNanos.compareAndSet(0, System.nanoTime());
                }
            });
            instances.add(streams);
        }
        return repartition;
    }

    /** Installs {@link FirstFetchClock} on the main consumers configured by {@code props}, marking {@code clockId}. */
    static Properties withFirstFetchClock(Properties props, String clockId) {
        props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.INTERCEPTOR_CLASSES_CONFIG),
                FirstFetchClock.class.getName());
        props.put(StreamsConfig.mainConsumerPrefix(FirstFetchClock.CONFIG), clockId);
        return props;
    }

    String applicationId() {
        return applicationId;
    }

    int size() {
        return instances.size();
    }

    List<KafkaStreams> streams() {
        return instances;
    }

    void start() {
        instances.forEach(KafkaStreams::start);
    }

    /** CPU time of this application's stream threads so far (not the clients' network threads), in ns. */
    long streamThreadsCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String name = t.getName();
            if (name.startsWith(applicationId) && name.contains("-StreamThread-")) {
                long cpu = threads.getThreadCpuTime(t.getId());
                sum += Math.max(0, cpu);
            }
        }
        return sum;
    }

    /** When the first instance began processing (RUNNING), System.nanoTime; 0 before. */
    long firstRunningNanos() {
        return firstRunningNanos.get();
    }

    /** System.nanoTime when a main consumer of the application first returned records; 0 before that. */
    long firstFetchNanos() {
        return firstFetch == null ? 0 : firstFetch.nanos();
    }

    /** CPU used until a main consumer of the application first returned records; null before that. */
    CpuAtStart cpuAtFirstFetch() {
        return firstFetch == null ? null : firstFetch.taken();
    }

    /**
     * The first look at the application after it reported RUNNING (polled every 50 ms): when, the input offsets
     * committed by then, and the CPU used. Null until then.
     */
    SteadyStart steadyStart() {
        return steadyStart.get();
    }

    /** See {@link #steadyStart()}. */
    record SteadyStart(long nanos, long inputOffsetsCommitted, CpuAtStart cpu) {
    }

    /** CPU counters at the moment processing started. */
    record CpuAtStart(CpuByThread byThread, long processCpuNanos, long streamThreadCpuNanos) {
    }

    void checkHealthy() {
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("a stream thread failed: " + t, t);
        }
        for (KafkaStreams s : instances) {
            if (s.state() == KafkaStreams.State.ERROR || s.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("a topology instance stopped (" + s.state() + ")");
            }
        }
    }

    void awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (instances.stream().anyMatch(s -> s.state() != KafkaStreams.State.RUNNING)) {
            checkHealthy();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the topology did not reach RUNNING within " + timeout.toSeconds() + "s");
            }
            sleep(20);
        }
    }

    /**
     * Waits until the application has committed past every input record in {@code inputEnds} and past
     * every record that processing them put on its repartition topics: the whole topology, every
     * sub-topology, is done with them. Returns System.nanoTime when that was first seen (polled every
     * 50 ms, with exactly-once commits every 100 ms).
     */
    long awaitProcessed(Map<TopicPartition, Long> inputEnds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<TopicPartition> repartitionPartitions = null;
        while (true) {
            checkHealthy();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the topology did not process the input within " + timeout.toSeconds()
                        + "s (" + progress(inputEnds) + ")");
            }
            long asked = System.nanoTime();
            Map<TopicPartition, OffsetAndMetadata> committed = committed();
            if (steadyStart.get() == null && firstRunningNanos.get() != 0 && committed != null) {
                // the offsets are those of some moment of the round trip: its middle, with the CPU of its end
                long at = asked + (System.nanoTime() - asked) / 2;
                steadyStart.set(new SteadyStart(at, committedOf(committed, inputEnds),
                        new CpuAtStart(CpuByThread.snapshot(), MemorySampler.processCpuNanos(), streamThreadsCpuNanos())));
            }
            if (committed != null && reached(committed, inputEnds, 0)) {
                if (repartitionPartitions == null) {
                    // every repartition topic exists by now: the application created them before processing
                    repartitionPartitions = repartitionTopics.isEmpty() ? List.of() : cluster.partitions(repartitionTopics);
                }
                // once the inputs are committed, nothing more is written to the repartition topic for them
                Map<TopicPartition, Long> repartitionEnds = cluster.endOffsets(repartitionPartitions);
                Map<TopicPartition, OffsetAndMetadata> again = committed();
                // under exactly-once a partition ends with a commit marker the consumer never returns
                if (again != null && reached(again, repartitionEnds, 1)) {
                    return System.nanoTime();
                }
            }
            sleep(50);
        }
    }

    /**
     * The repartition topics a topology reads, as the broker names them for {@code applicationId}: taken from
     * the topology itself, since topic names alone cannot tell an application's topics from those of another
     * whose id starts with it.
     */
    static List<String> repartitionTopicsOf(String applicationId, TopologyDescription topology) {
        Set<String> out = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : topology.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(t -> t.endsWith("-repartition"))
                            .forEach(t -> out.add(applicationId + "-" + t));
                }
            }
        }
        return List.copyOf(out);
    }

    private Map<TopicPartition, OffsetAndMetadata> committed() {
        try {
            return cluster.admin().listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null; // the group may not exist yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Input offsets the application has committed, summed over the input partitions. */
    private static long committedOf(Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> inputEnds) {
        long sum = 0;
        for (TopicPartition tp : inputEnds.keySet()) {
            OffsetAndMetadata c = committed.get(tp);
            sum += c == null ? 0 : c.offset();
        }
        return sum;
    }

    private static boolean reached(Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> ends,
                                   long slack) {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (e.getValue() <= slack) {
                continue;
            }
            OffsetAndMetadata c = committed.get(e.getKey());
            if (c == null || c.offset() < e.getValue() - slack) {
                return false;
            }
        }
        return true;
    }

    private String progress(Map<TopicPartition, Long> inputEnds) {
        Map<TopicPartition, OffsetAndMetadata> committed = committed();
        long done = 0;
        long total = 0;
        for (Map.Entry<TopicPartition, Long> e : inputEnds.entrySet()) {
            total += e.getValue();
            OffsetAndMetadata c = committed == null ? null : committed.get(e.getKey());
            done += c == null ? 0 : Math.min(c.offset(), e.getValue());
        }
        return done + " of " + total + " input records committed";
    }

    /** Input records each instance's consumers have returned so far (consumer fetch metrics). */
    List<Long> inputRecordsConsumed() {
        List<Long> out = new ArrayList<>();
        for (KafkaStreams s : instances) {
            // Kafka 4 reports topic metrics under the topic's name and, deprecated, with '.' replaced by '_'
            long named = 0;
            long replaced = 0;
            for (Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
                MetricName m = e.getKey();
                String topic = m.tags().get("topic");
                if (topic == null || !m.name().equals("records-consumed-total")
                        || !m.group().equals("consumer-fetch-manager-metrics")
                        || m.tags().getOrDefault("client-id", "").contains("restore")) {
                    continue;
                }
                long value = ((Number) e.getValue().metricValue()).longValue();
                if (Topics.INPUTS.contains(topic)) {
                    named += value;
                } else if (INPUT_TOPIC_TAGS.contains(topic)) {
                    replaced += value;
                }
            }
            out.add(named > 0 ? named : replaced);
        }
        return out;
    }

    /**
     * Where the stream threads spend their time, averaged over threads (Kafka Streams' thread metrics,
     * over its last 30-60 s): poll, process, commit and punctuate ratios, commit latency, records per
     * poll and per process loop, and how long the thread was blocked on Kafka clients.
     */
    Map<String, Double> threadMetrics() {
        Map<String, Double> sums = new java.util.TreeMap<>();
        Map<String, Integer> counts = new HashMap<>();
        Set<String> wanted = Set.of("poll-ratio", "process-ratio", "commit-ratio", "punctuate-ratio", "commit-latency-avg",
                "commit-latency-max", "poll-records-avg", "process-records-avg", "blocked-time-ns-total", "commit-total",
                "poll-latency-avg", "process-latency-avg");
        for (KafkaStreams s : instances) {
            for (Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
                MetricName m = e.getKey();
                if (!(e.getValue().metricValue() instanceof Number n) || Double.isNaN(n.doubleValue())) {
                    continue;
                }
                String name = null;
                if (m.group().equals("stream-thread-metrics") && wanted.contains(m.name())) {
                    name = m.name();
                } else if (m.group().equals("consumer-fetch-manager-metrics") && m.tags().size() == 1
                        && m.tags().getOrDefault("client-id", "").endsWith("-consumer")
                        && !m.tags().get("client-id").endsWith("restore-consumer")
                        && (m.name().equals("fetch-latency-avg") || m.name().equals("fetch-latency-max")
                        || m.name().equals("fetch-size-avg") || m.name().equals("records-per-request-avg"))) {
                    name = "main-consumer-" + m.name();
                }
                if (name != null) {
                    sums.merge(name, n.doubleValue(), Double::sum);
                    counts.merge(name, 1, Integer::sum);
                }
            }
        }
        Map<String, Double> out = new java.util.TreeMap<>();
        sums.forEach((k, v) -> out.put(k, k.endsWith("-total") ? v : v / counts.get(k)));
        return out;
    }

    /** RocksDB figures as Kafka Streams reports them (its RocksDB property metrics), over all instances. */
    RocksDbFigures rocksDb() {
        long memtables = 0;
        long cacheUsage = 0;
        long cacheCapacity = 0;
        long tableReaders = 0;
        long sst = 0;
        Map<String, Boolean> stores = new HashMap<>();
        for (KafkaStreams s : instances) {
            for (Map.Entry<MetricName, ? extends Metric> e : s.metrics().entrySet()) {
                MetricName m = e.getKey();
                if (!m.group().equals("stream-state-metrics")) {
                    continue;
                }
                Object v = e.getValue().metricValue();
                if (!(v instanceof Number n)) {
                    continue;
                }
                long value = n.longValue();
                switch (m.name()) {
                    case "cur-size-all-mem-tables" -> {
                        memtables += value;
                        stores.put(m.tags().toString(), true);
                    }
                    case "block-cache-usage" -> cacheUsage = Math.max(cacheUsage, value);
                    case "block-cache-capacity" -> cacheCapacity = Math.max(cacheCapacity, value);
                    case "estimate-table-readers-mem" -> tableReaders += value;
                    case "total-sst-files-size" -> sst += value;
                    default -> {
                    }
                }
            }
        }
        return new RocksDbFigures(memtables, cacheUsage, cacheCapacity, tableReaders, sst, stores.size());
    }

    /**
     * @param memtableBytes     cur-size-all-mem-tables summed over stores
     * @param cacheUsageBytes   block-cache-usage (the shared cache: the same for every store)
     * @param cacheCapacityBytes block-cache-capacity
     * @param tableReaderBytes  estimate-table-readers-mem summed (index/filter memory outside the cache)
     * @param sstBytes          total-sst-files-size summed
     * @param stores            stores (tasks x stores) reporting
     */
    record RocksDbFigures(long memtableBytes, long cacheUsageBytes, long cacheCapacityBytes, long tableReaderBytes,
                          long sstBytes, int stores) {
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() {
        if (clockId != null) {
            FirstFetchClock.unregister(clockId);
        }
        // in parallel: each instance's close waits for its threads to commit and leave the group
        List<Thread> closing = new ArrayList<>();
        for (KafkaStreams s : instances) {
            Thread t = new Thread(() -> s.close(Duration.ofSeconds(60)), "bench-close-" + closing.size());
            t.start();
            closing.add(t);
        }
        for (Thread t : closing) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
