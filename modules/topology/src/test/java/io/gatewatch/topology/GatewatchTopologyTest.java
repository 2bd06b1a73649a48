package io.gatewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.Action;
import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CommandMode;
import io.gatewatch.avro.DeadLetter;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.Evidence;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentEvent;
import io.gatewatch.avro.IncidentKind;
import io.gatewatch.avro.IncidentState;
import io.gatewatch.avro.IncidentTransition;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.model.InputHeaders;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.serde.SchemaRegistryClients;
import io.gatewatch.topology.correlate.StoreNames;
import io.gatewatch.topology.correlate.TrafficBlock;
import io.gatewatch.topology.correlate.TrafficCounts;
import io.gatewatch.topology.correlate.TrafficLedger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewatchTopologyTest {

    private static final String SITE = "shop.example.test";
    private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

    private SchemaRegistryClient registry;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> logs;
    private TestOutputTopic<String, Incident> incidents;
    private TestOutputTopic<String, IncidentEvent> events;
    private TestOutputTopic<String, RemediationCommand> commands;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private long offsetCounter;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    @BeforeEach
    void start() {
        String url = "mock://" + UUID.randomUUID();
        registry = SchemaRegistryClients.forUrl(url);
        GatewatchConfig config = GatewatchConfig.from(Map.of(GatewatchConfig.SCHEMA_REGISTRY_URL, url,
                GatewatchConfig.WAIT_FIRST, "30s", GatewatchConfig.QUIET_PERIOD, "60s"));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "gatewatch-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(GatewatchTopology.build(config, registry), props);
        logs = driver.createInputTopic(Topics.LOGS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        var key = GatewatchSerdes.stringKey(registry).deserializer();
        incidents = driver.createOutputTopic(Topics.INCIDENTS, key,
                GatewatchSerdes.of(Incident.class, registry, false).deserializer());
        events = driver.createOutputTopic(Topics.INCIDENT_EVENTS, key,
                GatewatchSerdes.of(IncidentEvent.class, registry, false).deserializer());
        commands = driver.createOutputTopic(Topics.REMEDIATION_COMMANDS, key,
                GatewatchSerdes.of(RemediationCommand.class, registry, false).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEADLETTER, key,
                GatewatchSerdes.of(DeadLetter.class, registry, false).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(String source, String line, Instant t) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(InputHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        headers.add(InputHeaders.HOST, "web-1".getBytes(StandardCharsets.UTF_8));
        headers.add(InputHeaders.SITE, SITE.getBytes(StandardCharsets.UTF_8));
        logs.pipeInput(new TestRecord<>(null, line.getBytes(StandardCharsets.UTF_8), headers, t));
        offsetCounter++;
    }

    /** {@code perSecond} requests each second in [from, to), of which {@code bad} are 502 with refused lines. */
    private void traffic(Instant from, Instant to, int perSecond, int bad) {
        int conn = 1;
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(1)) {
            for (int i = 0; i < perSecond; i++) {
                boolean fail = i < bad;
                if (fail) {
                    send("nginx-error", TestLines.refused(t, SITE, conn++), t);
                }
                send("nginx-access", TestLines.access(t, fail ? 502 : 200, "/p" + i), t);
            }
        }
    }

    @Test
    void accessCountsOfLateLinesAddToTheSecondTheyBelongTo() {
        // twelve quiet seconds: the first ten go on as one batch when it is full, the rest wait
        for (int s = 0; s < 12; s++) {
            send("nginx-access", TestLines.access(T0.plusSeconds(s), 200, "/"), T0.plusSeconds(s));
        }
        send("nginx-access", TestLines.access(T0.plusSeconds(12), 502, "/"), T0.plusSeconds(12));
        // late lines for seconds already counted, sent on by the next gateway error
        send("nginx-access", TestLines.access(T0.plusSeconds(5), 200, "/late"), T0.plusSeconds(5));
        send("nginx-access", TestLines.access(T0.plusSeconds(11), 404, "/late"), T0.plusSeconds(11));
        send("nginx-access", TestLines.access(T0.plusSeconds(12), 502, "/"), T0.plusSeconds(12));

        WindowStore<String, TrafficBlock> traffic = driver.getWindowStore(StoreNames.TRAFFIC);
        Map<Long, TrafficCounts> bySecond = new java.util.TreeMap<>();
        List<Long> blockStarts = new ArrayList<>();
        try (WindowStoreIterator<TrafficBlock> it = traffic.fetch(SITE, T0.minusSeconds(60), T0.plusSeconds(60))) {
            it.forEachRemaining(kv -> {
                blockStarts.add(kv.key);
                for (int i = 0; i < kv.value.span(); i++) {
                    if (kv.value.second(i) != null) {
                        bySecond.put((kv.key - T0.toEpochMilli()) / 1000 + i, kv.value.second(i));
                    }
                }
            });
        }
        // one record per block of seconds, each at the block's start
        assertThat(blockStarts).hasSize(2).allSatisfy(start -> assertThat(TrafficLedger.blockOf(start)).isEqualTo(start));
        assertThat(bySecond).hasSize(13);
        assertThat(bySecond.get(0L)).isEqualTo(new TrafficCounts(1, 1, 0, 0, 0));
        assertThat(bySecond.get(5L)).isEqualTo(new TrafficCounts(2, 2, 0, 0, 0));
        assertThat(bySecond.get(11L)).isEqualTo(new TrafficCounts(2, 1, 0, 0, 0));
        assertThat(bySecond.get(12L)).isEqualTo(new TrafficCounts(2, 0, 2, 2, 0));
    }

    @Test
    void fpmDownOpensAttributesRemediatesAndResolves() {
        traffic(T0, T0.plusSeconds(600), 5, 0);                       // ten healthy minutes
        Instant onset = T0.plusSeconds(600);
        traffic(onset, onset.plusSeconds(90), 5, 5);                  // FPM stopped
        traffic(onset.plusSeconds(90), onset.plusSeconds(300), 5, 0); // restarted

        List<IncidentEvent> lifecycle = events.readValuesToList();
        assertThat(lifecycle).extracting(IncidentEvent::getTransition)
                .startsWith(IncidentTransition.OPENED)
                .endsWith(IncidentTransition.RESOLVED);
        IncidentEvent opened = lifecycle.get(0);
        // 10 s window at 5 req/s: at onset 5 of 50 requests failed (10 %), one second later 10 of 50
        // (20 %) cross the share threshold, and the incident opens then, not at a window's end.
        assertThat(opened.getAt()).isEqualTo(onset.plusSeconds(1));
        assertThat(opened.getIncident().getKind()).isEqualTo(IncidentKind.BAD_GATEWAY);

        Map<String, Incident> latest = incidents.readKeyValuesToMap();
        assertThat(latest).hasSize(1);
        Incident incident = latest.values().iterator().next();
        assertThat(incident.getIncidentId()).isEqualTo(SITE + "/BAD_GATEWAY/20261125T091001Z");
        assertThat(incident.getState()).isEqualTo(IncidentState.RESOLVED);
        assertThat(incident.getResolvedAt()).isEqualTo(onset.plusSeconds(89).plusSeconds(60));
        assertThat(incident.getCauses().get(0).getCause()).isEqualTo(Cause.PHP_FPM_DOWN);
        assertThat(incident.getCauses().get(0).getConfidence()).isGreaterThan(0.7);
        Evidence first = incident.getCauses().get(0).getEvidence().get(0);
        assertThat(first.getSignal()).isEqualTo("nginx.upstream.connection_refused");
        assertThat(first.getSource().getTopic()).isEqualTo(Topics.LOGS);
        assertThat(first.getSource().getOffset()).isGreaterThan(0L);
        assertThat(first.getExcerpt()).contains("connect() failed (111: Connection refused)");
        assertThat(first.getHost()).isEqualTo("web-1");
        assertThat(first.getCount()).isGreaterThan(1L);

        List<RemediationCommand> cmds = commands.readValuesToList();
        assertThat(cmds).hasSize(1);
        RemediationCommand cmd = cmds.get(0);
        assertThat(cmd.getAction()).isEqualTo(Action.RESTART_PHP_FPM);
        assertThat(cmd.getCommandId()).isEqualTo(incident.getIncidentId() + "/RESTART_PHP_FPM/1");
        assertThat(cmd.getHost()).isEqualTo("web-1");
        assertThat(cmd.getMode()).isEqualTo(CommandMode.DRY_RUN);
        // Wait-first: not before the incident has lasted 30 s of event time.
        assertThat(cmd.getIssuedAt()).isEqualTo(opened.getAt().plusSeconds(30));
        assertThat(cmd.getExpiresAt()).isEqualTo(cmd.getIssuedAt().plus(Duration.ofMinutes(10)));
        assertThat(incident.getCommands()).extracting(c -> c.getCommandId()).containsExactly(cmd.getCommandId());
    }

    @Test
    void aStray502OnAQuietSiteAndABusySitesNoiseFloorOpenNothing() {
        traffic(T0, T0.plusSeconds(120), 1, 0);
        send("nginx-error", TestLines.refused(T0.plusSeconds(120), SITE, 1), T0.plusSeconds(120));
        send("nginx-access", TestLines.access(T0.plusSeconds(120), 502, "/"), T0.plusSeconds(120));
        traffic(T0.plusSeconds(121), T0.plusSeconds(200), 1, 0);
        // busy: 40 req/s with one 502 a second is 2.5 %, under the 20 % share
        traffic(T0.plusSeconds(200), T0.plusSeconds(320), 40, 1);

        assertThat(events.readValuesToList()).isEmpty();
        assertThat(commands.readValuesToList()).isEmpty();
    }

    @Test
    void connectionResetsAreAttributedToWorkerCrashNotFpmDown() {
        traffic(T0, T0.plusSeconds(60), 5, 0);
        Instant onset = T0.plusSeconds(60);
        int conn = 1;
        for (Instant t = onset; t.isBefore(onset.plusSeconds(40)); t = t.plusSeconds(1)) {
            for (int i = 0; i < 5; i++) {
                send("nginx-error", TestLines.reset(t, SITE, conn++), t);
                send("nginx-access", TestLines.access(t, 502, "/"), t);
            }
        }
        Incident incident = incidents.readValuesToList().stream().reduce((a, b) -> b).orElseThrow();
        assertThat(incident.getCauses()).extracting(c -> c.getCause()).first().isEqualTo(Cause.PHP_FPM_WORKER_CRASH);
        assertThat(incident.getCauses()).extracting(c -> c.getCause()).doesNotContain(Cause.PHP_FPM_DOWN);
    }

    @Test
    void aRecurrenceWithinTheHoldPeriodReopensTheSameIncident() {
        traffic(T0, T0.plusSeconds(120), 5, 0);
        Instant first = T0.plusSeconds(120);
        traffic(first, first.plusSeconds(40), 5, 5);
        traffic(first.plusSeconds(40), first.plusSeconds(200), 5, 0);   // resolves after the 60 s quiet period
        Instant second = first.plusSeconds(200);                        // well within the 10 min hold period
        traffic(second, second.plusSeconds(40), 5, 5);
        traffic(second.plusSeconds(40), second.plusSeconds(200), 5, 0);

        List<IncidentEvent> lifecycle = events.readValuesToList();
        assertThat(lifecycle).extracting(IncidentEvent::getTransition).filteredOn(t -> t != IncidentTransition.UPDATED)
                .containsExactly(IncidentTransition.OPENED, IncidentTransition.RESOLVED, IncidentTransition.REOPENED,
                        IncidentTransition.RESOLVED);
        assertThat(lifecycle).extracting(IncidentEvent::getIncidentId).containsOnly(lifecycle.get(0).getIncidentId());
        Incident last = incidents.readKeyValuesToMap().values().iterator().next();
        assertThat(last.getReopenCount()).isEqualTo(1);
        // one restart for the incident, not one per recurrence: the same deterministic command id
        assertThat(commands.readValuesToList()).extracting(RemediationCommand::getCommandId).doesNotHaveDuplicates();
    }

    @Test
    void anIncidentOfASiteThatFallsSilentResolvesOnWallClockTime() {
        traffic(T0, T0.plusSeconds(60), 5, 0);
        // a site without an open incident costs no write of when it was last seen
        assertThat(driver.<String, Long>getKeyValueStore(StoreNames.LAST_SEEN).get(SITE)).isNull();
        traffic(T0.plusSeconds(60), T0.plusSeconds(80), 5, 5);         // then nothing more arrives
        assertThat(driver.<String, Long>getKeyValueStore(StoreNames.LAST_SEEN).get(SITE)).isNotNull();
        assertThat(events.readValuesToList()).extracting(IncidentEvent::getTransition)
                .doesNotContain(IncidentTransition.RESOLVED);
        driver.advanceWallClockTime(Duration.ofMinutes(16));
        List<IncidentEvent> after = events.readValuesToList();
        assertThat(after).extracting(IncidentEvent::getTransition).contains(IncidentTransition.RESOLVED);
        assertThat(after.get(after.size() - 1).getIncident().getSummary()).contains("no telemetry");
    }

    private void sendAs(String source, String host, String site, String line, Instant t) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(InputHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        headers.add(InputHeaders.HOST, host.getBytes(StandardCharsets.UTF_8));
        if (site != null) {
            headers.add(InputHeaders.SITE, site.getBytes(StandardCharsets.UTF_8));
        }
        logs.pipeInput(new TestRecord<>(null, line.getBytes(StandardCharsets.UTF_8), headers, t));
    }

    private void siteTraffic(String site, Instant from, Instant to, int perSecond, int saturated) {
        int conn = 1;
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(1)) {
            for (int i = 0; i < perSecond; i++) {
                boolean fail = i < saturated;
                if (fail) {
                    sendAs("nginx-error", "web-1", null, TestLines.unavailable(t, site, conn++), t);
                }
                sendAs("nginx-access", "web-1", site, TestLines.access(t, fail ? 502 : 200, "/p" + i), t);
            }
        }
    }

    @Test
    void oneSlowDatabaseBehindTwoSitesGivesEachItsIncidentWithOneCorrelationId() {
        var inventory = driver.createInputTopic(Topics.INVENTORY, GatewatchSerdes.stringKey(registry).serializer(),
                GatewatchSerdes.of(io.gatewatch.avro.Site.class, registry, false).serializer());
        for (String[] s : new String[][] {{"shop.example.test", "db-1"}, {"blog.example.test", "db-1"},
                {"calm.example.test", "db-2"}}) {
            inventory.pipeInput(s[0], new io.gatewatch.avro.Site(s[0], List.of("web-1"), null, s[1], null, null, false, T0), T0);
        }
        Instant onset = T0.plusSeconds(300);
        for (String site : List.of("shop.example.test", "blog.example.test", "calm.example.test")) {
            siteTraffic(site, T0, onset.minusSeconds(60), 4, 0);
        }
        for (int i = 0; i < 8; i++) {   // lock waits pile up on db-1 from a minute before the 502s
            sendAs("mysql-slow", "db-1", null, TestLines.slowQuery(onset.minusSeconds(60 - i * 6), 14.0 + i, 13.5 + i), onset.minusSeconds(60 - i * 6));
        }
        siteTraffic("calm.example.test", onset.minusSeconds(60), onset.plusSeconds(240), 4, 0);
        for (String site : List.of("shop.example.test", "blog.example.test")) {
            siteTraffic(site, onset.minusSeconds(60), onset, 4, 0);
            siteTraffic(site, onset, onset.plusSeconds(60), 4, 4);
            siteTraffic(site, onset.plusSeconds(60), onset.plusSeconds(240), 4, 0);
        }

        Map<String, Incident> latest = incidents.readKeyValuesToMap();
        assertThat(latest.values()).extracting(Incident::getSite)
                .containsExactlyInAnyOrder("shop.example.test", "blog.example.test");
        assertThat(latest.values()).allSatisfy(i -> {
            assertThat(i.getCauses().get(0).getCause()).isEqualTo(Cause.DATABASE_SLOW);
            assertThat(i.getCauses().get(0).getSubject()).isEqualTo("db-1");
        });
        assertThat(latest.values()).extracting(Incident::getCorrelationId).doesNotContainNull().containsOnly(
                latest.values().iterator().next().getCorrelationId());
    }

    @Test
    void unreadableRecordsBecomeDeadLettersWithTheirBytesAndOffset() {
        send("nginx-access", TestLines.access(T0, 200, "/"), T0);
        byte[] invalid = {(byte) 0xC3, (byte) 0x28, 'x'};
        logs.pipeInput(new TestRecord<>(null, invalid, new RecordHeaders(), T0));
        send("nginx-error", "this is not an nginx line", T0);
        send("no-such-format", "whatever", T0);

        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).extracting(DeadLetter::getReason).containsExactly(DeadLetterReason.INVALID_UTF8,
                DeadLetterReason.UNRECOGNIZED, DeadLetterReason.UNKNOWN_SOURCE);
        DeadLetter utf8 = letters.get(0);
        assertThat(utf8.getSource().getTopic()).isEqualTo(Topics.LOGS);
        assertThat(utf8.getSource().getOffset()).isEqualTo(1L);
        byte[] kept = new byte[utf8.getValue().remaining()];
        utf8.getValue().get(kept);
        assertThat(kept).isEqualTo(invalid);
        assertThat(letters.get(1).getParser()).isEqualTo("nginx-error");
        assertThat(letters.get(2).getDetail()).contains("no-such-format").contains("nginx-access");
        assertThat(letters.get(1).getHeaders()).containsEntry(InputHeaders.HOST, "web-1");
    }

    @Test
    void everyProcessorAndInternalTopicIsNamed() {
        GatewatchConfig config = GatewatchConfig.defaults("mock://" + UUID.randomUUID());
        TopologyDescription description = GatewatchTopology.build(config).describe();
        String text = description.toString();
        assertThat(text).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        assertThat(text).contains(GatewatchTopology.NORMALIZE, GatewatchTopology.COUNT_ACCESS, GatewatchTopology.CORRELATE,
                GatewatchTopology.REPARTITION_BY_SITE + "-repartition");
        List<String> stores = description.subtopologies().stream()
                .flatMap(s -> s.nodes().stream())
                .filter(n -> n instanceof TopologyDescription.Processor)
                .flatMap(n -> ((TopologyDescription.Processor) n).stores().stream())
                .sorted().collect(Collectors.toList());
        assertThat(stores).containsExactly("access-counts-pending", "incident-command-results", "multiline-pending", "remediation-in-flight",
                "remediation-site-history", "site-edge-traffic", "site-evidence", "site-incidents", "site-last-seen",
                "site-traffic");
        assertThat(description.globalStores()).extracting(g -> g.source().topicSet().iterator().next(),
                g -> g.processor().stores().iterator().next()).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Topics.INVENTORY, "inventory"));
    }
}
