package io.gatewatch.cli.command;

import io.gatewatch.avro.IncidentEvent;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.cli.output.ConsoleReporter;
import io.gatewatch.cli.output.Progress;
import io.gatewatch.cli.replay.BrokerReplay;
import io.gatewatch.cli.replay.ExpectationCheck;
import io.gatewatch.cli.replay.ReplayListener;
import io.gatewatch.cli.replay.ReplayResult;
import io.gatewatch.cli.runtime.LocalCluster;
import io.gatewatch.cli.scenario.BuiltInScenarios;
import io.gatewatch.cli.scenario.Scenario;
import io.gatewatch.cli.scenario.ScenarioReader;
import io.gatewatch.topology.GatewatchConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatewatch demo}: everything on this machine, one command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Replays built-in failure scenarios through the topology on an embedded broker.",
                "Starts an embedded Kafka broker (KRaft) and schema registry, runs the topology, replays the built-in",
                "scenarios and prints incidents and remediation commands as they appear."})
public final class DemoCommand implements Callable<Integer> {

    /** A short tour of the failure modes: PHP-FPM down, a broken plugin, a slow database. */
    static final List<String> TOUR = List.of("fpm-down-single-site", "plugin-update-crash", "db-lock-wait-saturation");

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Replay this built-in scenario (repeatable; default: " + "fpm-down-single-site, plugin-update-crash, db-lock-wait-saturation).")
    List<String> only;

    @Option(names = "--all", description = "Replay every built-in scenario.")
    boolean all;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Keep the broker's data here (default: a temporary directory).")
    Path dataDir;

    @Option(names = {"-v", "--verbose"}, description = "Also print UPDATED transitions.")
    boolean verbose;

    @Mixin
    ConfigOptions configOptions;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        List<Path> dirs = new ArrayList<>();
        List<Path> builtIn = BuiltInScenarios.list();
        List<String> wanted = all ? null : (only != null ? only : TOUR);
        for (Path dir : builtIn) {
            if (wanted == null || wanted.contains(dir.getFileName().toString())) {
                dirs.add(dir);
            }
        }
        if (wanted != null && dirs.size() < wanted.size()) {
            List<String> names = builtIn.stream().map(d -> d.getFileName().toString()).toList();
            throw new IllegalArgumentException("no built-in scenario named " + wanted.stream()
                    .filter(w -> !names.contains(w)).toList() + "; built in: " + names);
        }
        long t0 = System.nanoTime();
        out.println("Starting embedded Kafka (KRaft, single node) and schema registry ...");
        try (LocalCluster cluster = LocalCluster.start(dataDir, 0, 0)) {
            out.printf(Locale.ROOT, "  Kafka %s, schema registry %s (%.1fs)%n", cluster.bootstrapServers(),
                    cluster.registryUrl(), seconds(t0));
            GatewatchConfig config = configOptions.load(cluster.registryUrl());
            out.println("  topology: exactly_once_v2, RocksDB stores, remediation mode "
                    + config.remediation().mode() + " (risky actions wait for approval)");
            Progress progress = new Progress(out, System.console() != null);
            ConsoleReporter reporter = new ConsoleReporter(out, verbose);
            int passed = 0;
            for (Path dir : dirs) {
                Scenario scenario = ScenarioReader.read(dir);
                out.printf(Locale.ROOT, "%nScenario %s: %s%n", scenario.name(), scenario.spec().description());
                progress.reset();
                ReplayResult result = new BrokerReplay(cluster.bootstrapServers(), config).run(scenario,
                        new ReplayListener() {
                            @Override
                            public void incidentEvent(IncidentEvent event) {
                                progress.interrupt();
                                reporter.incidentEvent(event);
                            }

                            @Override
                            public void command(RemediationCommand command) {
                                progress.interrupt();
                                reporter.command(command);
                            }

                            @Override
                            public void progress(long sent, long total) {
                                progress.update("produced", sent, total);
                            }
                        });
                List<String> diffs = ExpectationCheck.differences(scenario.spec(), result);
                out.printf(Locale.ROOT, "  %d entries, %d incidents, %d commands, %d dead letters%n",
                        scenario.lines().size(), result.incidents().size(), result.commands().size(),
                        result.deadLetters().size());
                if (diffs.isEmpty()) {
                    passed++;
                    out.println("  matches what the scenario expects");
                } else {
                    out.println("  differs from what the scenario expects: " + String.join("; ", diffs));
                }
            }
            out.printf(Locale.ROOT, "%nDemo done in %.1fs: %d of %d scenarios as expected.%n", seconds(t0), passed,
                    dirs.size());
        }
        return 0;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
