package io.gatewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatewatch.bench.load.LoadBenchmark;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gatewatch bench} on a tiny configuration: every phase runs on the embedded broker and the
 * JSON carries every figure with a sane value. Performance itself is never asserted.
 */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void aTinyRunMeasuresEveryPhaseAndWritesTheFigures() throws Exception {
        Path json = dir.resolve("bench.json");
        CliRun run = CliRun.of("bench", "--sites", "50", "--records", "4000", "--rate", "100", "--incidents", "2",
                "--live-duration", "12s", "--live-rate", "50", "--live-incidents", "5", "--rocksdb-memory", "32MiB",
                "--record-cache", "16MiB", "--warm-up-passes", "3", "--out", json.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("raw consumer (broker limit)").contains("topology, 1 instance")
                .contains("topology, 2 instances").contains("detection latency").contains("RocksDB:")
                .contains("Kafka Streams floor");

        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.path("rawRecordsPerSec").asDouble()).isPositive();
        assertThat(r.path("topologyRecordsPerSec").asDouble()).isPositive();
        assertThat(r.path("ratio").asDouble()).isPositive();
        assertThat(r.path("topologyMBPerSec").asDouble()).isPositive();

        JsonNode latency = r.path("detectionLatencyMs");
        // every injected burst is either measured or reported missed; on a loaded machine a few may be missed
        assertThat(latency.path("samples").asInt() + latency.path("missed").asInt()).isEqualTo(5);
        assertThat(latency.path("samples").asInt()).isPositive();
        assertThat(latency.path("p50").asDouble()).isPositive();
        assertThat(latency.path("p99").asDouble()).isGreaterThanOrEqualTo(latency.path("p50").asDouble());

        JsonNode memory = r.path("memory");
        assertThat(memory.path("heap").path("peakUsedBytes").asLong()).isPositive();
        JsonNode rocks = memory.path("rocksdb");
        assertThat(rocks.path("budgetBytes").asLong()).isEqualTo(32L << 20);
        assertThat(rocks.path("cacheCapacityBytes").asLong()).isEqualTo(32L << 20);
        assertThat(rocks.path("peakCacheUsageBytes").asLong()).isPositive();
        assertThat(rocks.path("stores").asInt()).isPositive();
        assertThat(rocks.has("withinBudget")).isTrue();
        assertThat(memory.path("stateDiskBytes").asLong()).isPositive();
        assertThat(memory.path("stateDiskBytesPer1000Sites").asLong()).isPositive();

        JsonNode instances = r.path("instances");
        assertThat(instances.size()).isEqualTo(2);
        assertThat(instances.get(0).path("count").asInt()).isEqualTo(1);
        assertThat(instances.get(1).path("count").asInt()).isEqualTo(2);
        assertThat(instances.get(1).path("perInstanceRecordsPerSec").size()).isEqualTo(2);
        assertThat(instances.get(1).path("totalRecordsPerSec").asDouble()).isPositive();
        long perInstance = 0;
        for (JsonNode n : instances.get(1).path("perInstanceRecords")) {
            perInstance += n.asLong();
        }
        // every input record was consumed by one of the two (a rebalance may hand a few to both)
        assertThat(perInstance).isGreaterThanOrEqualTo(4000);

        JsonNode workload = r.path("workload");
        assertThat(workload.path("records").asLong()).isEqualTo(4000);
        assertThat(workload.path("sites").asInt()).isEqualTo(50);
        assertThat(workload.path("mix").path("access").asLong()).isGreaterThan(workload.path("mix").path("error").asLong());
        assertThat(workload.path("incidentsInjected").asInt()).isEqualTo(2);
        assertThat(r.path("machine").path("cores").asInt()).isPositive();

        // Kafka Streams alone, read-only, on the same records: its rate and ratio to the raw consumer
        JsonNode floor = r.path("streamsFloor");
        assertThat(floor.path("recordsPerSec").asDouble()).isPositive();
        assertThat(floor.path("ratio").asDouble()).isEqualTo(
                Math.round(floor.path("recordsPerSec").asDouble() / r.path("rawRecordsPerSec").asDouble() * 1000) / 1000.0,
                org.assertj.core.data.Offset.offset(0.0015));
        // Gatewatch's dataflow without its work: counts per site and records moved by site, with their state writes
        JsonNode shape = r.path("dataflowShape");
        assertThat(shape.path("recordsPerSec").asDouble()).isPositive();
        assertThat(shape.path("ratio").asDouble()).isEqualTo(
                Math.round(shape.path("recordsPerSec").asDouble() / r.path("rawRecordsPerSec").asDouble() * 1000) / 1000.0,
                org.assertj.core.data.Offset.offset(0.0015));
        assertThat(shape.path("repartitionPerInputRecord").asDouble()).isBetween(0.01, 1.0);
        assertThat(shape.path("changelogPerInputRecord").asDouble()).isPositive();
        assertThat(shape.path("warmUpPassRecordsPerSec").asDouble()).isPositive();
        // each phase's rate is that of the input processed after RUNNING; the rate from the first fetch is kept too
        for (JsonNode phase : List.of(shape, floor, instances.get(0), instances.get(1))) {
            assertThat(phase.path("firstFetchSeen").asBoolean()).as("the first-fetch clock marked the phase").isTrue();
            assertThat(phase.path("rateWindow").asText()).isIn("after RUNNING", "from the first fetch");
            assertThat(phase.path("shareOfInputAfterRunning").asDouble(-1)).isBetween(0.0, 1.0);
            assertThat(phase.path("fromFirstFetchRecordsPerSec").asDouble()).isPositive();
        }
        // its own internal topics only, not those of its warm-up pass
        List<String> shapeTopics = new java.util.ArrayList<>();
        shape.path("offsetsByTopic").fieldNames().forEachRemaining(shapeTopics::add);
        assertThat(shapeTopics).containsExactlyInAnyOrder("shape-by-site-repartition", "shape-pending-changelog",
                "shape-windows-changelog");
        assertThat(run.out).contains("dataflow shape (no parsing, similar state writes)");
        assertThat(r.path("settings").path("recordCacheBytes").asLong()).isEqualTo(16L << 20);
        // warm-up passes until the JIT's share falls under the threshold, at most as many as asked; the first is the
        // cold JVM's
        double threshold = LoadBenchmark.WARM_JIT_PERCENT / 100.0;
        assertThat(r.path("settings").path("warmUpPassesMax").asInt()).isEqualTo(3);
        assertThat(r.path("settings").path("warmUpEndsBelowJitShare").asDouble()).isEqualTo(threshold);
        JsonNode passes = r.path("warmUpPasses");
        assertThat(passes.size()).isBetween(1, 3);
        for (int i = 0; i < passes.size(); i++) {
            double jit = passes.get(i).path("jitShareOfProcessCpu").asDouble(-1);
            assertThat(jit).isBetween(0.0, 1.0);
            assertThat(passes.get(i).path("recordsPerSec").asDouble()).isPositive();
            if (i < passes.size() - 1) {
                assertThat(jit).as("a pass after which the warm-up went on").isGreaterThanOrEqualTo(threshold);
            }
        }
        assertThat(r.path("firstPassColdJvm").path("recordsPerSec").asDouble())
                .isEqualTo(passes.get(0).path("recordsPerSec").asDouble());
        assertThat(run.out).contains("warm-up passes of the topology");
        // what the topology wrote to its internal topics: the by-site repartition and the stores' changelogs
        JsonNode internal = r.path("internalTopics");
        assertThat(internal.path("repartitionOffsets").asLong()).isPositive();
        assertThat(internal.path("changelogOffsets").asLong()).isPositive();
        assertThat(internal.path("repartitionPerInputRecord").asDouble())
                .isEqualTo(internal.path("repartitionOffsets").asDouble() / 4000, org.assertj.core.data.Offset.offset(0.001));
        assertThat(run.out).contains("written per input record");
        // without --threads, one stream thread per core
        assertThat(r.path("settings").path("threadsPerInstance").asInt()).isEqualTo(r.path("machine").path("cores").asInt());
    }

    @Test
    void badOptionsNameTheProblemWithExitCode2() {
        assertRejected("--sites must be at least 10", "--sites", "3");
        assertRejected("--rocksdb-memory", "--rocksdb-memory", "lots");
        assertRejected("--record-cache", "--record-cache", "-5MiB");
        assertRejected("--threads must be at least 1, got -1", "--threads", "-1");
        assertRejected("--warm-up-passes must not be negative, got -2", "--warm-up-passes", "-2");
        assertRejected("--no-warm-up and --warm-up-passes 4 contradict each other", "--no-warm-up", "--warm-up-passes", "4");
    }

    /** {@code gatewatch bench ARGS} exits with 2 and says {@code message} on stderr. */
    private static void assertRejected(String message, String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "bench";
        System.arraycopy(args, 0, command, 1, args.length);
        CliRun run = CliRun.of(command);
        assertThat(run.exitCode).as(run.toString()).isEqualTo(2);
        assertThat(run.err).contains(message);
    }
}
