package io.gatewatch.cli.command;

import io.gatewatch.cli.replay.BrokerReplay;
import io.gatewatch.cli.replay.DriverReplay;
import io.gatewatch.cli.replay.ExpectationCheck;
import io.gatewatch.cli.replay.ReplayListener;
import io.gatewatch.cli.replay.ReplayOutput;
import io.gatewatch.cli.replay.ReplayResult;
import io.gatewatch.cli.runtime.LocalCluster;
import io.gatewatch.cli.scenario.Scenario;
import io.gatewatch.cli.scenario.ScenarioException;
import io.gatewatch.cli.scenario.ScenarioReader;
import io.gatewatch.topology.GatewatchConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gatewatch replay}: a scenario directory through the topology (SCENARIOS.md). */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replays scenario directories through the topology, in event time.",
                "Without --broker it uses Kafka Streams' TopologyTestDriver; with --broker an embedded broker."})
public final class ReplayCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "SCENARIO_DIR", description = "Scenario directories.")
    List<Path> scenarios;

    @Option(names = "--out", paramLabel = "OUT_DIR",
            description = "Write incidents.jsonl, commands.jsonl, deadletter.jsonl and summary.json here "
                    + "(one sub-directory per scenario when several are given).")
    Path out;

    @Option(names = "--broker", description = "Go through an embedded Kafka broker instead of the test driver.")
    boolean broker;

    @Option(names = "--check", description = "Compare with each scenario's expect; print PASS/FAIL lines and a total.")
    boolean check;

    @Mixin
    ConfigOptions configOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!check && out == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out OUT_DIR is required unless --check is given");
        }
        PrintStream stdout = System.out;
        int passed = 0;
        int failed = 0;
        LocalCluster cluster = broker ? LocalCluster.start(null, 0, 0) : null;
        try {
            for (Path dir : scenarios) {
                Scenario scenario;
                try {
                    scenario = ScenarioReader.read(dir);
                } catch (ScenarioException e) {
                    if (!check) {
                        throw e;
                    }
                    stdout.println("FAIL " + dir.getFileName() + ": " + e.getMessage());
                    failed++;
                    continue;
                }
                ReplayResult result;
                if (cluster != null) {
                    GatewatchConfig config = configOptions.load(cluster.registryUrl());
                    result = new BrokerReplay(cluster.bootstrapServers(), config).run(scenario, ReplayListener.NONE);
                } else {
                    GatewatchConfig config = configOptions.load("mock://replay-" + UUID.randomUUID());
                    result = new DriverReplay(config).run(scenario, ReplayListener.NONE);
                }
                if (out != null) {
                    Path target = scenarios.size() == 1 ? out : out.resolve(scenario.name());
                    ReplayOutput.write(target, scenario, result);
                }
                if (check) {
                    List<String> diffs = ExpectationCheck.differences(scenario.spec(), result);
                    if (diffs.isEmpty()) {
                        stdout.println("PASS " + scenario.name());
                        passed++;
                    } else {
                        stdout.println("FAIL " + scenario.name() + ": " + String.join("; ", diffs));
                        failed++;
                    }
                } else {
                    stdout.printf("%s: %d incidents, %d commands, %d dead letters -> %s%n", scenario.name(),
                            result.incidents().size(), result.commands().size(), result.deadLetters().size(), out);
                }
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
        if (check) {
            stdout.println(passed + " passed, " + failed + " failed");
            return failed == 0 ? 0 : 1;
        }
        return 0;
    }
}
