package io.gatewatch.embedded.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The broker settings of the embedded single node: the fixed KRaft wiring plus defaults that fit a
 * developer machine, overridable through {@link EmbeddedKafkaConfig#brokerProperties()}.
 */
final class BrokerProperties {

    static final int NODE_ID = 1;
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private static final String MIB_8 = Integer.toString(8 * 1024 * 1024);
    private static final String MIB_1 = Integer.toString(1024 * 1024);

    private BrokerProperties() {
    }

    static Map<String, String> of(EmbeddedKafkaConfig config, Path dataDir, int brokerPort, int controllerPort) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(dataDir, "dataDir");
        Map<String, String> props = new LinkedHashMap<>();
        props.putAll(devBoxDefaults());
        props.put("num.partitions", Integer.toString(config.defaultPartitions()));
        props.putAll(config.brokerProperties());
        // wiring last: EmbeddedKafkaConfig already rejects these keys, this just makes it certain
        props.putAll(wiring(dataDir, brokerPort, controllerPort));
        return props;
    }

    private static Map<String, String> wiring(Path dataDir, int brokerPort, int controllerPort) {
        String host = EmbeddedKafka.HOST;
        Map<String, String> props = new LinkedHashMap<>();
        // combined mode: one JVM-local node is both the only broker and the only controller
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // a static quorum keeps the controller address out of the formatted metadata, see KraftStorage
        props.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        props.put("listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        props.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
        props.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", BROKER_LISTENER);
        props.put("log.dirs", dataDir.toString());
        props.put("metadata.log.dir", dataDir.toString());
        return props;
    }

    private static Map<String, String> devBoxDefaults() {
        Map<String, String> props = new LinkedHashMap<>();
        // Kafka's internal topics default to RF 3 / min ISR 2. With one broker they cannot be
        // created, and clients do not fail: consumer groups sit in REBALANCING and transactional
        // (exactly_once_v2) producers wait forever.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        // 50 partitions each would only slow down coordinator loading on a laptop
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.num.partitions", "5");
        // the first consumer/streams member should get its assignment at once, not after 3 s
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("group.streams.initial.rebalance.delay.ms", "0");
        // small segments and indexes keep disk and mmap use low for many small topics;
        // 1 MiB is the floor Kafka 4 accepts for log.segment.bytes, 8 MiB avoids file churn
        props.put("log.segment.bytes", MIB_8);
        props.put("offsets.topic.segment.bytes", MIB_8);
        props.put("transaction.state.log.segment.bytes", MIB_8);
        props.put("share.coordinator.state.topic.segment.bytes", MIB_8);
        props.put("log.index.size.max.bytes", MIB_1);
        // the cleaner (needed for compacted changelogs) allocates this on the heap: 128 MiB by default
        props.put("log.cleaner.dedupe.buffer.size", MIB_8);
        // Replays, the demo and the tests produce lines with their own (scenario) event times, which are
        // soon older than the default 7 days: time-based retention would delete those segments, even the
        // active one, minutes after start. Size bounds the disk instead, per partition.
        props.put("log.retention.ms", "-1");
        props.put("log.retention.bytes", Long.toString(1L << 30));
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        // Kept on for convenience (ad-hoc consumers, console tools). Gatewatch itself creates its
        // topics explicitly so partition counts and configs never depend on this.
        props.put("auto.create.topics.enable", "true");
        return props;
    }
}
