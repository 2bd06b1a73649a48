package io.gatewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.cli.replay.BrokerReplay;
import io.gatewatch.cli.replay.DriverReplay;
import io.gatewatch.cli.replay.ReplayListener;
import io.gatewatch.cli.replay.ReplayResult;
import io.gatewatch.cli.runtime.LocalCluster;
import io.gatewatch.cli.scenario.InputLine;
import io.gatewatch.cli.scenario.Scenario;
import io.gatewatch.cli.scenario.ScenarioReader;
import io.gatewatch.topology.GatewatchConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The topology on a real KRaft broker with the embedded registry, read back by our code and by Confluent's Python client. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerReplayIntegrationTest {

    private static LocalCluster cluster;
    private static ReplayResult brokerResult;

    @BeforeAll
    static void startCluster() {
        cluster = LocalCluster.start(null, 0, 0);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theBrokerGivesTheSameIncidentsAndCommandsAsTheDriver() throws IOException {
        Scenario scenario = ScenarioReader.read(CliRun.scenario("fpm-down-single-site"));
        GatewatchConfig onBroker = GatewatchConfig.defaults(cluster.registryUrl());
        brokerResult = new BrokerReplay(cluster.bootstrapServers(), onBroker).run(scenario, ReplayListener.NONE);
        ReplayResult driverResult = new DriverReplay(GatewatchConfig.defaults("mock://" + UUID.randomUUID()))
                .run(scenario, ReplayListener.NONE);

        assertThat(brokerResult.incidents()).isNotEmpty();
        assertThat(summaries(brokerResult)).isEqualTo(summaries(driverResult));
        assertThat(commands(brokerResult)).isEqualTo(commands(driverResult));
        Incident incident = brokerResult.incidents().iterator().next();
        assertThat(incident.getCauses().get(0).getCause().name()).isEqualTo("PHP_FPM_DOWN");
        assertThat(incident.getCauses().get(0).getEvidence().get(0).getSource().getTopic()).isEqualTo("gatewatch.logs");
    }

    @Test
    @Order(2)
    void confluentsPythonAvroConsumerReadsTheIncidents() throws Exception {
        assertThat(brokerResult).as("the broker replay ran first").isNotNull();
        Incident expected = brokerResult.incidents().iterator().next();
        // to files, not pipes: librdkafka's logging must never fill a pipe nobody reads while we wait
        Path out = Files.createTempFile("python-consumer", ".out");
        Path err = Files.createTempFile("python-consumer", ".err");
        Process python = new ProcessBuilder("/usr/bin/python3", "src/test/python/consume_incidents.py",
                cluster.bootstrapServers(), cluster.registryUrl(), "1")
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        boolean finished = python.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            python.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertThat(finished).as("python consumer finished; stderr: %s", stderr).isTrue();
        assertThat(python.exitValue()).as(stdout + stderr).isZero();

        JsonNode read = new ObjectMapper().readTree(stdout.strip().lines().reduce((a, b) -> b).orElseThrow());
        assertThat(read.get("key").asText()).isEqualTo(expected.getIncidentId());
        assertThat(read.get("incidentId").asText()).isEqualTo(expected.getIncidentId());
        assertThat(read.get("site").asText()).isEqualTo("shop.example.test");
        assertThat(read.get("kind").asText()).isEqualTo("BAD_GATEWAY");
        assertThat(read.get("state").asText()).isEqualTo(expected.getState().name());
        assertThat(read.get("topCause").asText()).isEqualTo("PHP_FPM_DOWN");
        assertThat(read.get("confidence").asDouble()).isEqualTo(expected.getCauses().get(0).getConfidence());
        assertThat(read.get("evidenceTopic").asText()).isEqualTo("gatewatch.logs");
        assertThat(read.get("evidenceExcerpt").asText()).contains("Connection refused");
        // python-avro turns timestamp-millis into a datetime: the same instant, printed its way
        assertThat(read.get("openedAt").asText()).startsWith(expected.getOpenedAt().toString().substring(0, 10));
    }

    @Test
    @Order(3)
    void aLineTheBrokerDoesNotTakeFailsTheReplayByNameInsteadOfReplayingWithoutIt() throws IOException {
        Scenario read = ScenarioReader.read(CliRun.scenario("fpm-down-single-site"));
        List<InputLine> lines = new ArrayList<>(read.lines());
        InputLine first = lines.get(0);
        // larger than the producer's max.request.size (1 MiB): the send fails in its callback
        lines.add(new InputLine(first.topic(), first.format(), first.host(), first.site(), "x".repeat(2 << 20),
                first.eventTime(), first.file(), first.lineNo()));
        Scenario scenario = new Scenario(read.dir(), read.spec(), read.zone(), lines);

        assertThatThrownBy(() -> new BrokerReplay(cluster.bootstrapServers(),
                GatewatchConfig.defaults(cluster.registryUrl())).run(scenario, ReplayListener.NONE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("could not write the input lines of scenario '" + scenario.name() + "'")
                .hasMessageContaining("RecordTooLargeException");
    }

    private static List<String> summaries(ReplayResult r) {
        List<String> out = new ArrayList<>();
        for (Incident i : r.incidents()) {
            out.add(i.getIncidentId() + " " + i.getState() + " " + i.getOpenedAt() + " " + i.getResolvedAt() + " "
                    + i.getCauses().stream().map(c -> c.getCause() + ":" + c.getConfidence()).collect(Collectors.joining(",")));
        }
        return out;
    }

    private static List<String> commands(ReplayResult r) {
        List<String> out = new ArrayList<>();
        for (RemediationCommand c : r.commands()) {
            out.add(c.getCommandId() + " " + c.getAction() + " " + c.getHost() + " " + c.getMode() + " " + c.getIssuedAt());
        }
        return out;
    }
}
