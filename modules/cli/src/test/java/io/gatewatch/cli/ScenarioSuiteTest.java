package io.gatewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.Incident;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.cli.replay.BrokerReplay;
import io.gatewatch.cli.replay.DriverReplay;
import io.gatewatch.cli.replay.ExpectationCheck;
import io.gatewatch.cli.replay.ReplayListener;
import io.gatewatch.cli.replay.ReplayResult;
import io.gatewatch.cli.runtime.LocalCluster;
import io.gatewatch.cli.scenario.Scenario;
import io.gatewatch.cli.scenario.ScenarioReader;
import io.gatewatch.topology.GatewatchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's scenario suite: every scenario passes its own expectations, and going through a
 * real broker gives the same incidents and commands as the test driver.
 */
class ScenarioSuiteTest {

    static List<Path> suite() throws IOException {
        try (Stream<Path> dirs = Files.list(Path.of("../../scenarios").toAbsolutePath().normalize())) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("scenario.json"))).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void everyScenarioMeetsItsExpectations() throws IOException {
        List<Path> suite = suite();
        assertThat(suite).hasSizeGreaterThanOrEqualTo(20);
        List<String> failures = new ArrayList<>();
        int rightTopCause = 0;
        int incidentsExpected = 0;
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-34s %-16s %-26s %s%n", "scenario",
                "kind", "top cause", "onset->open (event time)"));
        for (Path dir : suite) {
            Scenario scenario = ScenarioReader.read(dir);
            ReplayResult result = new DriverReplay(GatewatchConfig.defaults("mock://" + UUID.randomUUID()))
                    .run(scenario, ReplayListener.NONE);
            List<String> diffs = ExpectationCheck.differences(scenario.spec(), result);
            if (!diffs.isEmpty()) {
                failures.add(scenario.name() + ": " + String.join("; ", diffs));
            }
            var expected = scenario.spec().expect().incidents() == null ? List.<io.gatewatch.cli.scenario.ScenarioSpec.ExpectedIncident>of()
                    : scenario.spec().expect().incidents();
            for (var e : expected) {
                incidentsExpected++;
                for (Incident i : result.incidents()) {
                    if (i.getSite().equals(e.site()) && i.getKind().name().equals(e.kind())) {
                        String top = i.getCauses().get(0).getCause().name();
                        if (top.equals(e.topCause())) {
                            rightTopCause++;
                        }
                        table.append(String.format(Locale.ROOT, "%-34s %-16s %-26s %ds%n", scenario.name(), e.kind(), top,
                                Duration.between(i.getFirstErrorAt(), i.getOpenedAt()).toSeconds()));
                    }
                }
            }
        }
        System.out.print(table);
        System.out.printf(Locale.ROOT, "top cause right for %d of %d expected incidents; %d of %d scenarios pass%n",
                rightTopCause, incidentsExpected, suite.size() - failures.size(), suite.size());
        assertThat(failures).isEmpty();
    }

    @Test
    void theBrokerGivesTheSameIncidentsAndCommandsAsTheDriverForTheWholeSuite() throws IOException {
        try (LocalCluster cluster = LocalCluster.start(null, 0, 0)) {
            for (Path dir : suite()) {
                Scenario scenario = ScenarioReader.read(dir);
                ReplayResult driver = new DriverReplay(GatewatchConfig.defaults("mock://" + UUID.randomUUID()))
                        .run(scenario, ReplayListener.NONE);
                ReplayResult broker = new BrokerReplay(cluster.bootstrapServers(),
                        GatewatchConfig.defaults(cluster.registryUrl())).run(scenario, ReplayListener.NONE);
                assertThat(incidents(broker)).as(scenario.name()).isEqualTo(incidents(driver));
                assertThat(commands(broker)).as(scenario.name()).isEqualTo(commands(driver));
            }
        }
    }

    static List<String> incidents(ReplayResult r) {
        List<String> out = new ArrayList<>();
        for (Incident i : r.incidents()) {
            out.add(i.getIncidentId() + " " + i.getState() + " " + i.getOpenedAt() + " " + i.getResolvedAt() + " "
                    + i.getCauses().stream().map(c -> c.getCause() + ":" + c.getConfidence()).collect(Collectors.joining(",")));
        }
        out.sort(null);
        return out;
    }

    static List<String> commands(ReplayResult r) {
        List<String> out = new ArrayList<>();
        for (RemediationCommand c : r.commands()) {
            out.add(c.getCommandId() + " " + c.getAction() + " " + c.getHost() + " " + c.getMode() + " " + c.getIssuedAt());
        }
        out.sort(null);
        return out;
    }
}
