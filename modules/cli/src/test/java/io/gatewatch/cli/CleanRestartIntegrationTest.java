package io.gatewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.cli.runtime.LocalCluster;
import io.gatewatch.cli.runtime.StreamsSettings;
import io.gatewatch.cli.runtime.TopicSetup;
import io.gatewatch.model.InputHeaders;
import io.gatewatch.model.Topics;
import io.gatewatch.topology.GatewatchConfig;
import io.gatewatch.topology.GatewatchTopology;
import io.gatewatch.topology.correlate.StoreNames;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clean stop and start of an instance keeps its state: under exactly-once no task is declared corrupted,
 * so nothing is wiped and restored from the changelogs, even though the sites sent no CDN, error or FPM line
 * (so the edge-traffic and evidence window stores got no record of their own).
 */
class CleanRestartIntegrationTest {

    private static final DateTimeFormatter NGINX_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

    @Test
    void aCleanRestartRestoresNothingFromTheChangelogs(@TempDir Path dir) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(dir.resolve("kafka"), 0, 0);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            TopicSetup.ensure(admin, 2, (short) 1);
            String appId = "gatewatch-restart-test";
            GatewatchConfig config = GatewatchConfig.defaults(cluster.registryUrl());
            Properties props = new StreamsSettings(appId, cluster.bootstrapServers(), dir.resolve("state"), 1, 1)
                    .toProperties();

            // Kafka Streams logs a corrupted task at ERROR (TaskManager) before it wipes and revives it
            ch.qos.logback.classic.Logger streamsLog = (ch.qos.logback.classic.Logger)
                    org.slf4j.LoggerFactory.getLogger("org.apache.kafka.streams");
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
                    new ch.qos.logback.core.read.ListAppender<>();
            events.start();
            streamsLog.addAppender(events);
            streamsLog.setLevel(ch.qos.logback.classic.Level.WARN);

            Map<TopicPartition, Long> ends = produce(cluster.bootstrapServers(), T0, 300);
            try (KafkaStreams first = new KafkaStreams(GatewatchTopology.build(config), props)) {
                first.start();
                awaitCommitted(admin, appId, ends);
                first.close(Duration.ofSeconds(60));
            }

            Map<String, Long> restored = new ConcurrentHashMap<>();
            Map<String, Long> restoreStarts = new ConcurrentHashMap<>();
            try (KafkaStreams second = new KafkaStreams(GatewatchTopology.build(config), props)) {
                second.setGlobalStateRestoreListener(new StateRestoreListener() {
                    @Override
                    public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                        restoreStarts.merge(store, 1L, Long::sum);
                    }

                    @Override
                    public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long n) {
                        restored.merge(store, n, Long::sum);
                    }

                    @Override
                    public void onRestoreEnd(TopicPartition partition, String store, long total) {
                    }
                });
                second.start();
                // more traffic, processed to the end: every task of the restarted instance is running
                awaitCommitted(admin, appId, produce(cluster.bootstrapServers(), T0.plusSeconds(300), 20));
                second.close(Duration.ofSeconds(60));
            }
            // the global inventory store is rebuilt from its topic and the in-memory pending access counts from
            // their changelog at every start, by design; the tasks' persistent stores must not be
            restored.remove(StoreNames.INVENTORY);
            restored.remove(StoreNames.ACCESS_PENDING);
            assertThat(restored).as("records restored per store after a clean restart").isEmpty();
            assertThat(restoreStarts).as("the traffic store was checked against its changelog")
                    .containsKey(StoreNames.TRAFFIC);
            streamsLog.detachAppender(events);
            streamsLog.setLevel(null);
            // not even a task of a partition without records (its stores empty) is declared corrupted
            assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage)
                    .as(events.list.stream().map(ILoggingEvent::getFormattedMessage).toList().toString())
                    .noneMatch(m -> m.contains("TaskCorruptedException") || m.contains("are corrupted"));
        }
    }

    /** {@code seconds} seconds of two sites' access lines from {@code from}, two lines a second. */
    private static Map<TopicPartition, Long> produce(String bootstrap, Instant from, int seconds) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        // one request in flight: the input topic is new, see BrokerReplay (KAFKA-15591)
        Map<String, Object> p = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int s = 0; s < seconds; s++) {
                Instant t = from.plusSeconds(s);
                for (String site : new String[] {"a.example.test", "b.example.test"}) {
                    String line = "203.0.113.7 - - [" + NGINX_TIME.format(t) + "] \"GET /p" + s
                            + " HTTP/1.1\" 200 512 \"-\" \"curl/8.0\"";
                    RecordHeaders headers = new RecordHeaders();
                    headers.add(InputHeaders.SOURCE, "nginx-access".getBytes(StandardCharsets.UTF_8));
                    headers.add(InputHeaders.HOST, "web-1".getBytes(StandardCharsets.UTF_8));
                    headers.add(InputHeaders.SITE, site.getBytes(StandardCharsets.UTF_8));
                    producer.send(new ProducerRecord<>(Topics.LOGS, null, t.toEpochMilli(),
                            site.getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8), headers),
                            (meta, error) -> {
                                if (error != null) {
                                    failures.add(error);
                                } else if (meta != null) {
                                    synchronized (ends) {
                                        ends.merge(new TopicPartition(meta.topic(), meta.partition()), meta.offset() + 1,
                                                Math::max);
                                    }
                                }
                            });
                }
            }
            producer.flush();
        }
        assertThat(failures).as("every line written").isEmpty();
        return ends;
    }

    private static void awaitCommitted(Admin admin, String appId, Map<TopicPartition, Long> ends) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(appId).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            if (ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                    && committed.get(e.getKey()).offset() >= e.getValue())) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new AssertionError("the topology did not commit past " + ends + " within 180 s");
    }
}
