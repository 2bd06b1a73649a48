package io.gatewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void checkPassesTheBuiltInScenario() {
        CliRun run = CliRun.of("replay", "--check", CliRun.scenario("fpm-down-single-site").toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out).contains("PASS fpm-down-single-site").contains("1 passed, 0 failed");
    }

    @Test
    void writesTheFilesTheContractNames(@TempDir Path out) throws IOException {
        CliRun run = CliRun.of("replay", CliRun.scenario("fpm-down-single-site").toString(), "--out", out.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();

        List<String> incidents = Files.readAllLines(out.resolve("incidents.jsonl"));
        assertThat(incidents).hasSize(1);
        JsonNode incident = JSON.readTree(incidents.get(0));
        assertThat(incident.get("site").asText()).isEqualTo("shop.example.test");
        assertThat(incident.get("kind").asText()).isEqualTo("BAD_GATEWAY");
        assertThat(incident.get("state").asText()).isEqualTo("RESOLVED");
        assertThat(incident.get("openedAt").asText()).startsWith("2026-11-25T09:12:0");
        assertThat(incident.get("resolvedAt").asText()).startsWith("2026-11-25T09:1");
        JsonNode top = incident.get("causes").get(0);
        assertThat(top.get("cause").asText()).isEqualTo("PHP_FPM_DOWN");
        assertThat(top.get("confidence").asDouble()).isBetween(0.5, 1.0);
        JsonNode evidence = top.get("evidence").get(0);
        assertThat(evidence.get("source").get("topic").asText()).isEqualTo("gatewatch.logs");
        assertThat(evidence.get("excerpt").asText()).contains("Connection refused");

        List<String> commands = Files.readAllLines(out.resolve("commands.jsonl"));
        assertThat(commands).hasSize(1);
        JsonNode command = JSON.readTree(commands.get(0));
        assertThat(command.get("action").asText()).isEqualTo("RESTART_PHP_FPM");
        assertThat(command.get("host").asText()).isEqualTo("web-1");
        assertThat(command.get("commandId").asText()).isEqualTo(incident.get("incidentId").asText() + "/RESTART_PHP_FPM/1");
        assertThat(command.get("mode").asText()).isEqualTo("DRY_RUN");

        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("incidents").asInt()).isEqualTo(1);
        assertThat(summary.get("commands").asInt()).isEqualTo(1);
        assertThat(summary.get("linesRead").get("logs/web-1/nginx-error.log").asInt()).isGreaterThan(100);
        assertThat(Files.exists(out.resolve("deadletter.jsonl"))).isTrue();
    }

    @Test
    void aMalformedScenarioNamesTheFileAndLine(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("scenario.json"), "{\n  \"name\": \"broken\",\n  \"timezone\": UTC\n}\n");
        CliRun run = CliRun.of("replay", dir.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.exitCode).isNotZero();
        assertThat(run.err).contains("scenario.json:3");
    }

    @Test
    void aFileOutsideTheLayoutIsNamed(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("scenario.json"), "{\"name\": \"x\", \"timezone\": \"UTC\"}");
        Files.createDirectories(dir.resolve("logs/web-1"));
        Files.writeString(dir.resolve("logs/web-1/apache.log"), "x\n");
        CliRun run = CliRun.of("replay", dir.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.exitCode).isNotZero();
        assertThat(run.err).contains("apache.log").contains("layout");
    }
}
