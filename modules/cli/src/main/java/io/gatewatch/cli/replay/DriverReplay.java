package io.gatewatch.cli.replay;

import io.gatewatch.avro.DeadLetter;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentEvent;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.avro.Site;
import io.gatewatch.cli.inventory.InventoryFile;
import io.gatewatch.cli.scenario.InputLine;
import io.gatewatch.cli.scenario.Scenario;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.serde.SchemaRegistryClients;
import io.gatewatch.topology.GatewatchConfig;
import io.gatewatch.topology.GatewatchTopology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Replays a scenario through the topology with Kafka Streams' TopologyTestDriver: deterministic, no
 * broker, and no wall clock (wall-clock punctuation never fires, so results depend on event time only).
 */
public final class DriverReplay {

    private final GatewatchConfig config;

    public DriverReplay(GatewatchConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public ReplayResult run(Scenario scenario, ReplayListener listener) throws java.io.IOException {
        SchemaRegistryClient registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());
        Path stateDir = Files.createTempDirectory("gatewatch-replay-");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "gatewatch-replay");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        ReplayResult result = new ReplayResult();
        // The driver's wall clock starts at the scenario's first event and is never advanced.
        Instant start = scenario.lines().isEmpty() ? Instant.EPOCH
                : Instant.ofEpochMilli(scenario.lines().get(0).eventTime());
        try (TopologyTestDriver driver = new TopologyTestDriver(GatewatchTopology.build(config, registry), props, start)) {
            Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
            for (String topic : Topics.INPUTS) {
                inputs.put(topic, driver.createInputTopic(topic, Serdes.ByteArray().serializer(),
                        Serdes.ByteArray().serializer()));
            }
            Deserializer<String> keys = GatewatchSerdes.stringKey(registry).deserializer();
            TestOutputTopic<String, Incident> incidents = driver.createOutputTopic(Topics.INCIDENTS, keys,
                    GatewatchSerdes.of(Incident.class, registry, false).deserializer());
            TestOutputTopic<String, IncidentEvent> events = driver.createOutputTopic(Topics.INCIDENT_EVENTS, keys,
                    GatewatchSerdes.of(IncidentEvent.class, registry, false).deserializer());
            TestOutputTopic<String, RemediationCommand> commands = driver.createOutputTopic(
                    Topics.REMEDIATION_COMMANDS, keys,
                    GatewatchSerdes.of(RemediationCommand.class, registry, false).deserializer());
            TestOutputTopic<String, DeadLetter> deadLetters = driver.createOutputTopic(Topics.DEADLETTER, keys,
                    GatewatchSerdes.of(DeadLetter.class, registry, false).deserializer());
            TestInputTopic<String, Site> inventory = driver.createInputTopic(Topics.INVENTORY,
                    GatewatchSerdes.stringKey(registry).serializer(), GatewatchSerdes.of(Site.class, registry, false).serializer());
            for (Site site : InventoryFile.toSites(scenario.spec().inventory(), "scenario.json", start)) {
                inventory.pipeInput(site.getSite(), site, start);
            }
            long sent = 0;
            long total = scenario.lines().size();
            for (InputLine line : scenario.lines()) {
                TestInputTopic<byte[], byte[]> topic = inputs.get(line.topic());
                topic.pipeInput(new TestRecord<>(InputRecords.key(line), InputRecords.value(line),
                        InputRecords.headers(line, scenario.zone()), line.eventTime()));
                sent++;
                if (sent % 1000 == 0) {
                    listener.progress(sent, total);
                }
                drain(incidents, events, commands, deadLetters, result, listener);
            }
            listener.progress(sent, total);
            drain(incidents, events, commands, deadLetters, result, listener);
        } finally {
            deleteQuietly(stateDir);
        }
        return result;
    }

    private static void drain(TestOutputTopic<String, Incident> incidents, TestOutputTopic<String, IncidentEvent> events,
                              TestOutputTopic<String, RemediationCommand> commands,
                              TestOutputTopic<String, DeadLetter> deadLetters, ReplayResult result,
                              ReplayListener listener) {
        while (!incidents.isEmpty()) {
            result.incident(incidents.readValue());
        }
        while (!events.isEmpty()) {
            IncidentEvent e = events.readValue();
            result.event(e);
            listener.incidentEvent(e);
        }
        while (!commands.isEmpty()) {
            RemediationCommand c = commands.readValue();
            result.command(c);
            listener.command(c);
        }
        while (!deadLetters.isEmpty()) {
            result.deadLetter(deadLetters.readValue());
        }
    }

    static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            // A leftover temp directory is harmless.
        }
    }

    static String randomMockUrl() {
        return "mock://replay-" + UUID.randomUUID();
    }
}
