package io.gatewatch.bench.load;

import io.gatewatch.avro.Incident;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Detection latency, measured live: with the topology running and caught up, background telemetry is
 * produced at a realistic pace (each line when its event time comes, on the wall clock) and incident
 * bursts land on quiet sites at intervals. For each burst the clock starts just before the line that
 * makes the site's gateway errors cross both thresholds is handed to the producer, and stops when a
 * read_committed consumer of {@code gatewatch.incidents} (default settings) receives that site's
 * incident: shipper batching, broker, both sub-topologies with their exactly-once commits, and the
 * consumer's fetch are all inside the measurement.
 */
final class LiveLatencyRun {

    /** Time from the crossing line to the readable incident, per burst; and what was produced. */
    record Result(List<Double> latenciesMs, int bursts, int missed, long backgroundRecords, long burstRecords,
                  double seconds) {

        double percentile(double p) {
            if (latenciesMs.isEmpty()) {
                return Double.NaN;
            }
            double[] sorted = latenciesMs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int rank = (int) Math.ceil(p / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
        }

        double mean() {
            return latenciesMs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    private record Timed(InputRecord record, long seq, Integer crossingSite) {
    }

    private LiveLatencyRun() {
    }

    static Result run(BenchCluster cluster, SchemaRegistryClient registry, Workload background, List<Integer> sites,
                      LoadBenchOptions options, int minErrors, double minShare, Runnable onEachSecond) {
        Map<Integer, Long> sentNanos = new ConcurrentHashMap<>();
        Map<String, Integer> siteIndex = new HashMap<>();
        for (int s : sites) {
            siteIndex.put(background.fleet().site(s), s);
        }
        Map<Integer, Long> seenNanos = new ConcurrentHashMap<>();
        AtomicReference<Exception> readFailure = new AtomicReference<>();
        IncidentReader reader = new IncidentReader(cluster, registry, siteIndex, seenNanos, readFailure);
        reader.start();
        long wallStart = System.currentTimeMillis();
        long began = System.nanoTime();
        long durationMs = options.liveDuration().toMillis();
        long firstSecond = (wallStart / 1000 + 1) * 1000;
        long end = firstSecond + durationMs;
        // bursts spread evenly, none in the first or last 2 s
        int n = sites.size();
        long[] burstAt = new long[n];
        for (int i = 0; i < n; i++) {
            burstAt[i] = firstSecond + 2000 + (long) ((durationMs - 4000) * (i + 0.5) / n);
        }
        Workload.IncidentType[] types = Workload.IncidentType.values();
        PriorityQueue<Timed> queue = new PriorityQueue<>((a, b) -> a.record().timestamp() != b.record().timestamp()
                ? Long.compare(a.record().timestamp(), b.record().timestamp()) : Long.compare(a.seq(), b.seq()));
        Set<Integer> reserved = new HashSet<>(sites);
        long seq = 0;
        long backgroundRecords = 0;
        long burstRecords = 0;
        int nextBurst = 0;
        long nextSecond = firstSecond;
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                BulkLoad.producerProperties(cluster.bootstrapServers(), options.compression(), 5),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            while (true) {
                long now = System.currentTimeMillis();
                // generate a second ahead, and bursts a second before they start
                while (nextSecond < end && nextSecond <= now + 1000) {
                    if (options.liveRate() > 0) {
                        for (InputRecord r : background.second(nextSecond, reserved)) {
                            queue.add(new Timed(r, seq++, null));
                            backgroundRecords++;
                        }
                    }
                    nextSecond += 1000;
                    onEachSecond.run();
                }
                while (nextBurst < n && burstAt[nextBurst] <= now + 1000) {
                    int site = sites.get(nextBurst);
                    Workload.Burst burst = background.burst(site, types[nextBurst % types.length], burstAt[nextBurst], 8,
                            100, minErrors, minShare);
                    for (int i = 0; i < burst.records().size(); i++) {
                        queue.add(new Timed(burst.records().get(i), seq++, i == burst.crossing() ? site : null));
                        burstRecords++;
                    }
                    nextBurst++;
                }
                while (!queue.isEmpty() && queue.peek().record().timestamp() <= now) {
                    Timed t = queue.poll();
                    if (t.crossingSite() != null) {
                        sentNanos.put(t.crossingSite(), System.nanoTime());
                    }
                    producer.send(t.record().toProducerRecord(), (meta, error) -> {
                        if (error != null) {
                            sendFailure.compareAndSet(null, error);
                        }
                    });
                }
                if (sendFailure.get() != null) {
                    throw new IllegalStateException("producing live telemetry failed: " + sendFailure.get().getMessage(),
                            sendFailure.get());
                }
                if (queue.isEmpty() && nextSecond >= end && nextBurst >= n) {
                    break;
                }
                long wait = queue.isEmpty() ? 5 : Math.min(5, queue.peek().record().timestamp() - System.currentTimeMillis());
                if (wait > 0) {
                    TopologyInstances.sleep(wait);
                }
            }
            producer.flush();
        }
        // let the last bursts come through
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (seenNanos.size() < sentNanos.size() && System.nanoTime() < deadline && readFailure.get() == null) {
            TopologyInstances.sleep(20);
        }
        reader.close();
        if (readFailure.get() != null) {
            throw new IllegalStateException("reading incidents failed: " + readFailure.get().getMessage(), readFailure.get());
        }
        List<Double> latencies = new ArrayList<>();
        int missed = 0;
        for (Map.Entry<Integer, Long> sent : sentNanos.entrySet()) {
            Long seen = seenNanos.get(sent.getKey());
            if (seen == null) {
                missed++;
            } else {
                latencies.add(Math.max(0, seen - sent.getValue()) / 1e6);
            }
        }
        return new Result(latencies, n, missed + (n - sentNanos.size()), backgroundRecords, burstRecords,
                (System.nanoTime() - began) / 1e9);
    }

    /** Reads gatewatch.incidents from its end as another system would, noting when each burst site's incident shows. */
    private static final class IncidentReader implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Deserializer<Incident> values;
        private final Map<String, Integer> siteIndex;
        private final Map<Integer, Long> seenNanos;
        private final AtomicReference<Exception> failure;
        private final Thread thread;
        private volatile boolean running = true;

        IncidentReader(BenchCluster cluster, SchemaRegistryClient registry, Map<String, Integer> siteIndex,
                       Map<Integer, Long> seenNanos, AtomicReference<Exception> failure) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "gatewatch-bench-incident-reader");
            this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.values = GatewatchSerdes.of(Incident.class, registry, false).deserializer();
            this.siteIndex = siteIndex;
            this.seenNanos = seenNanos;
            this.failure = failure;
            List<TopicPartition> partitions = cluster.partitions(List.of(Topics.INCIDENTS));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before anything is produced
            this.thread = new Thread(this::loop, "bench-incident-reader");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void loop() {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        long at = System.nanoTime();
                        Incident incident = values.deserialize(r.topic(), r.headers(), r.value());
                        Integer site = incident == null ? null : siteIndex.get(incident.getSite());
                        if (site != null) {
                            seenNanos.putIfAbsent(site, at);
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                // closing
            } catch (Exception e) {
                failure.compareAndSet(null, e);
            }
        }

        @Override
        public void close() {
            running = false;
            consumer.wakeup();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
