package io.gatewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code gatewatch parse} on real captures, the nginx corpus, stdin and broken bytes. */
class ParseCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void parsesTheCapturedNginxErrorLogOfAStoppedPhpFpm() throws IOException {
        Path file = capture("results-502-stopped.txt", "nginx-error.log");
        CliRun run = CliRun.of("parse", "--format", "nginx-error", "--host", "web-1", file.toString());
        assertThat(run.exitCode).as(run.toString()).isZero();
        List<JsonNode> events = json(run.out);
        assertThat(events).hasSize(3);
        assertThat(json(run.err)).isEmpty();
        JsonNode first = events.get(0);
        assertThat(first.get("eventTime").asText()).isEqualTo("2026-11-25T09:11:55Z");
        assertThat(first.get("site").asText()).isEqualTo("shop.example.test");
        assertThat(first.get("host").asText()).isEqualTo("web-1");
        assertThat(first.get("format").asText()).isEqualTo("nginx-error");
        assertThat(first.get("lineNo").asInt()).isEqualTo(1);
        assertThat(first.get("event").asText()).isEqualTo("GatewayErrorEvent");
        assertThat(first.get("kind").asText()).isEqualTo("CONNECTION_REFUSED");
        assertThat(first.get("errno").asInt()).isEqualTo(111);
        assertThat(first.get("upstream").asText()).isEqualTo("fastcgi://127.0.0.1:9071");
        assertThat(events.get(1).get("kind").asText()).isEqualTo("SOCKET_MISSING");
        assertThat(events.get(1).get("level").asText()).isEqualTo("crit");
        assertThat(events).extracting(e -> e.get("lineNo").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void reassemblesTheMultiLineFastCgiStderrEntryOfTheFatalErrorCapture() throws IOException {
        Path file = capture("results-fatal.txt", "nginx-error.log");
        CliRun run = CliRun.of("parse", "--format", "nginx-error", file.toString());
        List<JsonNode> events = json(run.out);
        assertThat(events).as(run.toString()).hasSize(1);
        assertThat(events.get(0).get("kind").asText()).isEqualTo("FASTCGI_STDERR");
        assertThat(events.get(0).get("phpMessage").asText()).startsWith("PHP message: PHP Fatal error:")
                .contains("\nStack trace:\n#0 {main}\n").endsWith("on line 3");
        assertThat(events.get(0).get("request").asText()).isEqualTo("GET /fatal.php HTTP/1.1");
    }

    @Test
    void parsesAccessAndTimingLogsWithTheSiteGivenOnTheCommandLine() throws IOException {
        Path access = capture("results-504.txt", "nginx-access.log");
        CliRun run = CliRun.of("parse", "--format", "nginx-access", "--site", "shop.example.test", access.toString());
        List<JsonNode> events = json(run.out);
        assertThat(events).as(run.toString()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.get("site").asText()).isEqualTo("shop.example.test");
            assertThat(e.get("status").asInt()).isEqualTo(504);
            assertThat(e.get("host").isNull()).isTrue();
        });
        Path timing = capture("results-504.txt", "nginx-timing.log");
        JsonNode t = json(CliRun.of("parse", "--format", "nginx-access", timing.toString()).out).get(0);
        assertThat(t.get("requestTimeMs").asDouble()).isEqualTo(2002.0);
        assertThat(t.get("upstreamAddr").asText()).isEqualTo("127.0.0.1:9071");
    }

    @ParameterizedTest
    @ValueSource(strings = {"access.log", "test.log", "test-with-host.log"})
    void agreesWithFilebeatOnItsNginxAccessSamples(String name) throws IOException {
        Path sample = corpus("beats/filebeat/module/nginx/access/test/" + name);
        List<JsonNode> expected = expected(sample);
        CliRun run = CliRun.of("parse", "--format", "nginx-access", sample.toString());
        assertThat(run.exitCode).isZero();
        List<JsonNode> events = json(run.out);
        assertThat(json(run.err)).as(run.err).isEmpty();
        assertThat(events).hasSameSizeAs(expected);
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            JsonNode x = expected.get(i);
            assertThat(Instant.parse(e.get("eventTime").asText())).as("line %s", e.get("lineNo"))
                    .isEqualTo(Instant.parse(x.get("@timestamp").asText()));
            assertThat(e.get("status").asInt()).isEqualTo(x.get("http.response.status_code").asInt());
            if (x.has("http.request.method")) {
                assertThat(e.get("method").asText()).isEqualToIgnoringCase(x.get("http.request.method").asText());
            }
            assertThat(e.get("clientAddr").asText()).isEqualTo(x.path("source.address").asText(x.path("source.ip").asText()));
        }
    }

    @Test
    void agreesWithFilebeatOnItsNginxErrorSampleIncludingAnUnterminatedFastCgiEntry() throws IOException {
        Path sample = corpus("beats/filebeat/module/nginx/error/test/error.log");
        List<JsonNode> expected = expected(sample);
        // Filebeat's test runs with a -02:00 time zone; nginx error logs carry none
        CliRun run = CliRun.of("parse", "--format", "nginx-error", "--zone=-02:00", sample.toString());
        List<JsonNode> events = json(run.out);
        assertThat(json(run.err)).isEmpty();
        assertThat(events).hasSize(4).hasSameSizeAs(expected);
        for (int i = 0; i < events.size(); i++) {
            assertThat(Instant.parse(events.get(i).get("eventTime").asText()))
                    .isEqualTo(Instant.parse(expected.get(i).get("@timestamp").asText()));
            assertThat(events.get(i).get("level").asText()).isEqualTo(expected.get(i).get("log.level").asText());
        }
        assertThat(events).extracting(e -> e.get("lineNo").asInt()).containsExactly(1, 2, 3, 6);
        assertThat(events.get(2).get("kind").asText()).isEqualTo("FASTCGI_STDERR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"slowlog/test/mariadb-10.1.21.log", "slowlog/test/mariadb-10.2.12.log",
            "slowlog/test/mariadb-10.3.13.log", "slowlog/test/mariadb-explain.log", "slowlog/test/mysql-5.7.22.log",
            "slowlog/test/mysql-darwin-brew-5.7.10.log", "slowlog/test/mysql-debian-5.7.17.log",
            "slowlog/test/mysql-debian-5.7.19.log", "slowlog/test/mysql-ubuntu-5.5.53.log",
            "slowlog/test/mysql-ubuntu-8.0.15.log", "slowlog/test/percona-ubuntu-5.7.19.log",
            "slowlog/test/percona-ubuntu-8.0.15.log"})
    void turnsEveryEntryOfFilebeatsMysqlSlowLogSamplesIntoAnEventWithItsQueryTime(String name) throws IOException {
        Path sample = corpus("beats/filebeat/module/mysql/" + name);
        List<JsonNode> expected = expected(sample);
        CliRun run = CliRun.of("parse", "--format", "mysql-slow", sample.toString());
        assertThat(run.exitCode).isZero();
        assertThat(json(run.err)).as(run.err).isEmpty();
        List<JsonNode> events = json(run.out);
        // Filebeat drops the server's start banners; Gatewatch keeps them as STARTUP events (a restart
        // matters when a site fails), so those are compared apart
        List<JsonNode> queries = events.stream().filter(e -> e.get("kind").asText().equals("SLOW_QUERY")).toList();
        List<JsonNode> startups = events.stream().filter(e -> e.get("kind").asText().equals("STARTUP")).toList();
        assertThat(queries.size() + startups.size()).isEqualTo(events.size());
        assertThat(startups.isEmpty()).isEqualTo(!Files.readString(sample).contains("started with:"));
        assertThat(queries).hasSameSizeAs(expected);
        for (int i = 0; i < queries.size(); i++) {
            JsonNode e = queries.get(i);
            JsonNode x = expected.get(i);
            assertThat(Instant.parse(e.get("eventTime").asText())).as("entry at line %s", e.get("lineNo"))
                    .isEqualTo(Instant.parse(x.get("@timestamp").asText()));
            // Filebeat gives the query time in nanoseconds, converted through a float (153.883481 s
            // becomes 153883488000 ns in Percona's sample): equal to within that float's precision
            assertThat(e.get("queryTimeSec").asDouble()).as("entry at line %s", e.get("lineNo"))
                    .isCloseTo(x.get("event.duration").asLong() / 1e9, within(1e-5));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"error.log", "mariadb-10.4.8.log", "mysql-ubuntu-5.5.53-extented.log",
            "mysql-ubuntu-5.5.53.log", "mysql-ubuntu-8.0.15.log"})
    void turnsEveryEntryOfFilebeatsMysqlErrorLogSamplesIntoAnEvent(String name) throws IOException {
        Path sample = corpus("beats/filebeat/module/mysql/error/test/" + name);
        CliRun run = CliRun.of("parse", "--format", "mysql-error", sample.toString());
        assertThat(run.exitCode).isZero();
        assertThat(json(run.err)).as(run.err).isEmpty();
        List<JsonNode> events = json(run.out);
        long lines = Files.readAllLines(sample).stream().filter(l -> !l.isBlank()).count();
        assertThat(events).isNotEmpty().hasSizeLessThanOrEqualTo((int) lines);
        if (!Files.exists(sample.resolveSibling(name + "-expected.json"))) {
            return;  // mysql-ubuntu-5.5.53.log has no expected results in Filebeat's tree
        }
        // Known difference: MySQL writes "Version: '5.7.10'  socket: ..." on the line after "ready for
        // connections." without a timestamp of its own; Filebeat makes it an event, Gatewatch keeps it
        // with the line it continues.
        List<JsonNode> expected = expected(sample).stream()
                .filter(x -> !x.path("message").asText().startsWith("Version: '")).toList();
        assertThat(events).hasSameSizeAs(expected);
        for (int i = 0; i < events.size(); i++) {
            // MySQL 8's "[MY-013169] [Server]" prefix is Filebeat's message; Gatewatch keeps the text after it
            String message = events.get(i).get("message").asText().lines().findFirst().orElse("").strip();
            assertThat(message).as("entry at line %s", events.get(i).get("lineNo")).isNotEmpty();
            assertThat(expected.get(i).path("message").asText()).as("entry at line %s", events.get(i).get("lineNo"))
                    .contains(message);
        }
    }

    @Test
    void readsStandardInput() {
        String lines = String.join("\n", CaptureLines.section("results-502-stopped.txt", "nginx-access.log")) + "\n";
        CliRun run = withStdin(lines.getBytes(StandardCharsets.UTF_8), "parse", "--format", "nginx-access", "-");
        assertThat(run.exitCode).isZero();
        assertThat(json(run.out)).hasSize(3).allSatisfy(e -> assertThat(e.get("status").asInt()).isEqualTo(502));
    }

    @Test
    void invalidUtf8AndGarbageBecomeDeadLettersWithTheOriginalLine() throws IOException {
        String good = CaptureLines.section("results-502-stopped.txt", "nginx-access.log").get(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes((good + "\n").getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(new byte[] {'1', '.', '2', ' ', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFF, '\n'});
        bytes.writeBytes("this is not an access log line\n".getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes((good + "\n").getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("mixed.log");
        Files.write(file, bytes.toByteArray());

        CliRun run = CliRun.of("parse", "--format", "nginx-access", file.toString());
        assertThat(run.exitCode).isZero();
        assertThat(json(run.out)).extracting(e -> e.get("lineNo").asInt()).containsExactly(1, 4);
        List<JsonNode> letters = json(run.err);
        assertThat(letters).hasSize(2);
        JsonNode utf8 = letters.get(0);
        assertThat(utf8.get("lineNo").asInt()).isEqualTo(2);
        assertThat(utf8.get("reason").asText()).isEqualTo("INVALID_UTF8");
        assertThat(utf8.get("detail").asText()).contains("0xC3").contains("offset 4");
        assertThat(utf8.get("original").asText()).startsWith("1.2 ");
        assertThat(java.util.Base64.getDecoder().decode(utf8.get("originalBase64").asText()))
                .containsExactly('1', '.', '2', ' ', (byte) 0xC3, (byte) 0x28, ' ', (byte) 0xFF);
        JsonNode garbage = letters.get(1);
        assertThat(garbage.get("lineNo").asInt()).isEqualTo(3);
        assertThat(garbage.get("format").asText()).isEqualTo("nginx-access");
        assertThat(garbage.get("reason").asText()).isIn("UNRECOGNIZED", "MALFORMED");
        assertThat(garbage.get("detail").asText()).isNotBlank();
        assertThat(garbage.get("original").asText()).isEqualTo("this is not an access log line");
    }

    @Test
    void autoRecognisesEachEntrysFormat() throws IOException {
        List<String> lines = new ArrayList<>(CaptureLines.section("results-502-stopped.txt", "nginx-access.log"));
        lines.addAll(CaptureLines.section("results-fatal.txt", "nginx-error.log"));
        lines.addAll(CaptureLines.section("results-502-stopped.txt", "nginx-error.log"));
        lines.add("neither nginx nor anything else");
        Path file = dir.resolve("mixed.log");
        Files.write(file, lines);
        CliRun run = CliRun.of("parse", "--format", "auto", file.toString());
        assertThat(run.exitCode).isZero();
        List<JsonNode> events = json(run.out);
        assertThat(events).extracting(e -> e.get("format").asText()).containsExactly("nginx-access", "nginx-access",
                "nginx-access", "nginx-error", "nginx-error", "nginx-error", "nginx-error");
        assertThat(events.get(3).get("lineNo").asInt()).isEqualTo(4);
        assertThat(events.get(3).get("kind").asText()).isEqualTo("FASTCGI_STDERR");
        List<JsonNode> letters = json(run.err);
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).get("format").asText()).isEqualTo("auto");
        assertThat(letters.get(0).get("lineNo").asInt()).isEqualTo(lines.size());
    }

    @Test
    void aBadFormatNamesTheKnownOnesAndExits2() {
        CliRun run = CliRun.of("parse", "--format", "apache", "x.log");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.strip().lines()).hasSize(1);
        assertThat(run.err).contains("'apache'").contains("auto").contains("nginx-access").contains("nginx-error");
        assertThat(CliRun.of("parse", "--format", "nginx-access", "--zone", "Mars/Olympus", "x.log").exitCode).isEqualTo(2);
    }

    @Test
    void aMissingFileIsOneLineAndExit1() {
        CliRun run = CliRun.of("parse", "--format", "nginx-access", dir.resolve("nope.log").toString());
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err.strip().lines()).hasSize(1);
        assertThat(run.err).startsWith("gatewatch: ").contains("nope.log: no such file");
    }

    @Test
    void helpListsTheFormats() {
        CliRun run = CliRun.of("parse", "--help");
        assertThat(run.exitCode).isZero();
        assertThat(run.out).contains("auto, nginx-error, nginx-access");
    }

    private Path capture(String captureFile, String logName) throws IOException {
        Path file = dir.resolve(logName);
        Files.write(file, CaptureLines.section(captureFile, logName));
        return file;
    }

    private static Path corpus(String relative) {
        return CaptureLines.sharedDir().resolve("corpus").resolve(relative);
    }

    private static List<JsonNode> expected(Path sample) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(sample.resolveSibling(sample.getFileName() + "-expected.json").toFile()).forEach(out::add);
        return out;
    }

    private static List<JsonNode> json(String text) {
        return text.lines().filter(l -> l.startsWith("{")).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static CliRun withStdin(byte[] input, String... args) {
        InputStream old = System.in;
        try {
            System.setIn(new ByteArrayInputStream(input));
            return CliRun.of(args);
        } finally {
            System.setIn(old);
        }
    }
}
