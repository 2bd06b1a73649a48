package io.gatewatch.cli.replay;

import io.gatewatch.avro.DeadLetter;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentEvent;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.cli.inventory.InventoryFile;
import io.gatewatch.cli.inventory.InventoryPublisher;
import io.gatewatch.cli.runtime.StreamsSettings;
import io.gatewatch.cli.runtime.TopicSetup;
import io.gatewatch.cli.scenario.InputLine;
import io.gatewatch.cli.scenario.Scenario;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.serde.SchemaRegistryClients;
import io.gatewatch.topology.GatewatchConfig;
import io.gatewatch.topology.GatewatchTopology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Replays a scenario through a real broker: produces its entries as a shipper would, runs the same
 * topology under Kafka Streams with exactly-once, and reads the outputs back with a read_committed
 * consumer. Entries go to one partition in time order, as the driver replay sees them, so both
 * replays give the same incidents and commands. The broker is the replay's own: its topics are reset
 * before each scenario.
 */
public final class BrokerReplay {

    private static final Duration PROCESS_TIMEOUT = Duration.ofMinutes(5);

    private final String bootstrapServers;
    private final GatewatchConfig config;

    public BrokerReplay(String bootstrapServers, GatewatchConfig config) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.config = Objects.requireNonNull(config, "config");
    }

    public ReplayResult run(Scenario scenario, ReplayListener listener) throws IOException {
        String appId = "gatewatch-replay-" + UUID.randomUUID().toString().substring(0, 8);
        Path stateDir = Files.createTempDirectory("gatewatch-streams-");
        SchemaRegistryClient registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());
        ReplayResult result = new ReplayResult();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            TopicSetup.reset(admin);
            TopicSetup.ensure(admin, 3, (short) 1);
            Instant first = scenario.lines().isEmpty() ? Instant.EPOCH : Instant.ofEpochMilli(scenario.lines().get(0).eventTime());
            // Before the topology starts, so that the global inventory store bootstraps with it.
            InventoryPublisher.publish(bootstrapServers, registry,
                    InventoryFile.toSites(scenario.spec().inventory(), "scenario.json", first));
            // Every input is in the topics before the topology starts, and tasks wait for lagging input
            // partitions (task idling), so the order across logs, metrics and changes follows event time
            // as in the driver replay, not how produce and fetch happened to interleave.
            Map<TopicPartition, Long> inputEnds = produce(scenario, listener);
            Properties streamsProps = new StreamsSettings(appId, bootstrapServers, stateDir, 1, 1).toProperties();
            streamsProps.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, 0L);
            try (KafkaStreams streams = new KafkaStreams(GatewatchTopology.build(config, registry), streamsProps);
                 OutputReader reader = new OutputReader(bootstrapServers, registry, result, listener)) {
                reader.start();
                streams.start();
                awaitProcessed(admin, appId, inputEnds);
                reader.awaitCaughtUp(admin, PROCESS_TIMEOUT);
                streams.close(Duration.ofSeconds(30));
            }
        } finally {
            DriverReplay.deleteQuietly(stateDir);
        }
        return result;
    }

    private Map<TopicPartition, Long> produce(Scenario scenario, ReplayListener listener) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // The input topics may have just been created. With several requests in flight, a broker before Kafka 4.5
        // can reject the first one (its partition not yet led), append the second, and then refuse every retry of
        // the first as out of sequence until it expires: its lines are lost (KAFKA-15591). One at a time cannot
        // be overtaken.
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        Map<TopicPartition, Long> ends = new HashMap<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            long sent = 0;
            long total = scenario.lines().size();
            for (InputLine line : scenario.lines()) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(line.topic(), 0, line.eventTime(),
                        InputRecords.key(line), InputRecords.value(line), InputRecords.headers(line, scenario.zone()));
                producer.send(record, (meta, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else if (meta != null) {
                        synchronized (ends) {
                            ends.merge(new TopicPartition(meta.topic(), meta.partition()), meta.offset() + 1, Math::max);
                        }
                    }
                });
                if (++sent % 1000 == 0) {
                    listener.progress(sent, total);
                }
            }
            producer.flush();
            listener.progress(sent, total);
        }
        if (failure.get() != null) {
            // a replay missing some of its lines would report another scenario's outcome as this one's
            throw new IllegalStateException("could not write the input lines of scenario '" + scenario.name()
                    + "' to the broker: " + failure.get(), failure.get());
        }
        return ends;
    }

    /** Waits until the application has committed past every produced input and every repartitioned record. */
    private static void awaitProcessed(Admin admin, String appId, Map<TopicPartition, Long> inputEnds) {
        long deadline = System.nanoTime() + PROCESS_TIMEOUT.toNanos();
        String repartition = appId + "-" + GatewatchTopology.REPARTITION_BY_SITE + "-repartition";
        while (System.nanoTime() < deadline) {
            try {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(appId)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                Map<TopicPartition, Long> targets = new HashMap<>(inputEnds);
                targets.putAll(endOffsets(admin, repartitionPartitions(committed, repartition)));
                if (reached(committed, targets, repartition) && committed.keySet().stream().anyMatch(tp -> tp.topic().equals(repartition))) {
                    return;
                }
                Thread.sleep(100);
            } catch (ExecutionException | TimeoutException e) {
                // The group may not exist yet right after start; keep polling until the deadline.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the topology", e);
            }
        }
        throw new IllegalStateException("the topology did not process the replay within " + PROCESS_TIMEOUT.toSeconds() + "s");
    }

    private static Collection<TopicPartition> repartitionPartitions(Map<TopicPartition, OffsetAndMetadata> committed,
                                                                   String topic) {
        List<TopicPartition> out = new ArrayList<>();
        for (TopicPartition tp : committed.keySet()) {
            if (tp.topic().equals(topic)) {
                out.add(tp);
            }
        }
        return out;
    }

    private static boolean reached(Map<TopicPartition, OffsetAndMetadata> committed, Map<TopicPartition, Long> targets,
                                   String repartition) {
        for (Map.Entry<TopicPartition, Long> t : targets.entrySet()) {
            OffsetAndMetadata c = committed.get(t.getKey());
            // A transactionally written topic (the repartition) ends with a commit marker, so the committed
            // offset may trail its end by one; the inputs are written without transactions and must be reached.
            long slack = t.getKey().topic().equals(repartition) ? 1 : 0;
            if (t.getValue() > 0 && (c == null || c.offset() < t.getValue() - slack)) {
                return false;
            }
        }
        return true;
    }

    static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<TopicPartition> partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartition tp : partitions) {
            request.put(tp, OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        if (request.isEmpty()) {
            return out;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info = admin.listOffsets(request,
                new org.apache.kafka.clients.admin.ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .all().get(10, TimeUnit.SECONDS);
        info.forEach((tp, i) -> out.put(tp, i.offset()));
        return out;
    }

    /** Reads the output topics on its own thread and hands records to the result and the listener. */
    static final class OutputReader implements AutoCloseable {

        private static final List<String> OUTPUTS = List.of(Topics.INCIDENTS, Topics.INCIDENT_EVENTS,
                Topics.REMEDIATION_COMMANDS, Topics.DEADLETTER);

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Map<String, Deserializer<? extends SpecificRecord>> values = new HashMap<>();
        private final ReplayResult result;
        private final ReplayListener listener;
        private final Thread thread;
        private final Map<TopicPartition, Long> positions = new HashMap<>();
        private final List<TopicPartition> assigned = new ArrayList<>();
        private volatile boolean running = true;
        private volatile RuntimeException failure;

        OutputReader(String bootstrapServers, SchemaRegistryClient registry, ReplayResult result,
                     ReplayListener listener) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            values.put(Topics.INCIDENTS, GatewatchSerdes.of(Incident.class, registry, false).deserializer());
            values.put(Topics.INCIDENT_EVENTS, GatewatchSerdes.of(IncidentEvent.class, registry, false).deserializer());
            values.put(Topics.REMEDIATION_COMMANDS,
                    GatewatchSerdes.of(RemediationCommand.class, registry, false).deserializer());
            values.put(Topics.DEADLETTER, GatewatchSerdes.of(DeadLetter.class, registry, false).deserializer());
            this.result = result;
            this.listener = listener;
            this.thread = new Thread(this::loop, "gatewatch-output-reader");
            this.thread.setDaemon(true);
        }

        void start() {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : OUTPUTS) {
                partitions.addAll(partitionsOf(topic));
            }
            assigned.addAll(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            thread.start();
        }

        /** A topic created just before may not be in the metadata yet: ask again until it is. */
        private List<TopicPartition> partitionsOf(String topic) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                List<TopicPartition> found = new ArrayList<>();
                consumer.partitionsFor(topic, Duration.ofSeconds(5))
                        .forEach(pi -> found.add(new TopicPartition(pi.topic(), pi.partition())));
                if (!found.isEmpty()) {
                    return found;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("output topic " + topic + " has no partitions after 30 s");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for topic " + topic, e);
                }
            }
        }

        private void loop() {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        deliver(r);
                    }
                    synchronized (positions) {
                        for (TopicPartition tp : assigned) {
                            positions.put(tp, consumer.position(tp));
                        }
                    }
                }
            } catch (RuntimeException e) {
                failure = e;
            }
        }

        private void deliver(ConsumerRecord<byte[], byte[]> r) {
            SpecificRecord value = values.get(r.topic()).deserialize(r.topic(), r.headers(), r.value());
            if (value instanceof Incident i) {
                result.incident(i);
            } else if (value instanceof IncidentEvent e) {
                result.event(e);
                listener.incidentEvent(e);
            } else if (value instanceof RemediationCommand c) {
                result.command(c);
                listener.command(c);
            } else if (value instanceof DeadLetter d) {
                result.deadLetter(d);
            }
        }

        void awaitCaughtUp(Admin admin, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                Map<TopicPartition, Long> ends = endOffsets(admin, assigned);
                while (System.nanoTime() < deadline) {
                    if (failure != null) {
                        throw new IllegalStateException("reading the outputs failed: " + failure.getMessage(), failure);
                    }
                    boolean done = true;
                    synchronized (positions) {
                        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
                            Long pos = positions.get(e.getKey());
                            if (pos == null || pos < e.getValue()) {
                                done = false;
                                break;
                            }
                        }
                    }
                    if (done) {
                        return;
                    }
                    Thread.sleep(50);
                }
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("could not read output end offsets: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            throw new IllegalStateException("outputs were not read within " + timeout.toSeconds() + "s");
        }

        @Override
        public void close() {
            running = false;
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
