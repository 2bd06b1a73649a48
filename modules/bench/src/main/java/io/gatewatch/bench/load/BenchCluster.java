package io.gatewatch.bench.load;

import io.gatewatch.avro.Site;
import io.gatewatch.embedded.kafka.EmbeddedKafka;
import io.gatewatch.embedded.kafka.EmbeddedKafkaConfig;
import io.gatewatch.embedded.registry.EmbeddedSchemaRegistry;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.TopicConfig;

/** The embedded single-node KRaft broker and schema registry of a run, with Gatewatch's topics. */
final class BenchCluster implements AutoCloseable {

    private static final List<String> TOPICS = List.of(Topics.LOGS, Topics.METRICS, Topics.CHANGES, Topics.INVENTORY,
            Topics.INCIDENTS, Topics.INCIDENT_EVENTS, Topics.REMEDIATION_COMMANDS, Topics.REMEDIATION_RESULTS,
            Topics.DEADLETTER);

    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;
    private final Admin admin;

    private BenchCluster(EmbeddedKafka kafka, EmbeddedSchemaRegistry registry, Admin admin) {
        this.kafka = kafka;
        this.registry = registry;
        this.admin = admin;
    }

    static BenchCluster start(Path dataDir, int partitions) {
        EmbeddedKafkaConfig.Builder config = EmbeddedKafkaConfig.builder().defaultPartitions(partitions)
                // Kafka's own default (the embedded broker's is 0): instances started together join one
                // generation and share the tasks from the start, as a deployment's replicas do
                .brokerProperty("group.initial.rebalance.delay.ms", "3000")
                .brokerProperty("group.streams.initial.rebalance.delay.ms", "3000");
        if (dataDir != null) {
            config.dataDir(dataDir).deleteDataDirOnClose(true);
        }
        EmbeddedKafka kafka = EmbeddedKafka.start(config.build());
        EmbeddedSchemaRegistry registry = null;
        try {
            registry = EmbeddedSchemaRegistry.start(kafka.bootstrapServers(), 0);
            Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
            BenchCluster cluster = new BenchCluster(kafka, registry, admin);
            cluster.createTopics(partitions);
            return cluster;
        } catch (RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            kafka.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String registryUrl() {
        return registry.url();
    }

    SchemaRegistryClient registryClient() {
        return registry.newClient();
    }

    Admin admin() {
        return admin;
    }

    private void createTopics(int partitions) {
        List<NewTopic> topics = new ArrayList<>();
        for (String name : TOPICS) {
            NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.of((short) 1));
            if (Topics.COMPACTED.contains(name)) {
                topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            }
            topics.add(topic);
        }
        get(admin.createTopics(topics).all(), "create topics");
    }

    void publishInventory(List<Site> sites) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        // a just-created topic: one request in flight (KAFKA-15591, see BulkLoad)
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        SchemaRegistryClient client = registryClient();
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, Site> producer = new KafkaProducer<>(p, GatewatchSerdes.stringKey(client).serializer(),
                GatewatchSerdes.of(Site.class, client, false).serializer())) {
            for (Site site : sites) {
                producer.send(new ProducerRecord<>(Topics.INVENTORY, site.getSite(), site), (meta, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not publish the fleet's inventory: " + failure.get(), failure.get());
        }
    }

    List<TopicPartition> partitions(Collection<String> topics) {
        List<TopicPartition> out = new ArrayList<>();
        get(admin.describeTopics(topics).allTopicNames(), "describe topics").forEach((name, d) -> {
            for (TopicPartitionInfo p : d.partitions()) {
                out.add(new TopicPartition(name, p.partition()));
            }
        });
        return out;
    }

    /** Latest offsets as a read_committed consumer sees them (after the last transaction marker). */
    Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, Long> out = new HashMap<>();
        if (request.isEmpty()) {
            return out;
        }
        get(admin.listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all(), "list offsets")
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    static <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not " + what + ": the broker did not answer within 60s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while trying to " + what, e);
        }
    }

    @Override
    public void close() {
        admin.close();
        registry.close();
        kafka.close();
    }
}
