package io.gatewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatewatch run} in its own JVM: it becomes ready, serves metrics, and stops cleanly on SIGTERM. */
class RunCommandProcessTest {

    private static final Pattern HTTP = Pattern.compile("health and metrics on http://[^:]+:(\\d+)/");

    @Test
    void runsOnTheEmbeddedBrokerServesHealthAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.gatewatch.avro", "io.gatewatch.cli.Main", "run",
                "--embedded-kafka-port", "0", "--embedded-registry-port", "0", "--http-port", "0",
                "--http-host", "127.0.0.1", "--data-dir", dir.resolve("kafka").toString(),
                "--state-dir", dir.resolve("state").toString())
                // A file, not a pipe: the JDK closes a child's pipe when it exits, losing what its
                // shutdown hook printed.
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
        Path log = dir.resolve("run.log");
        try {
            int port = awaitPort(log, process);
            HttpClient http = HttpClient.newHttpClient();
            assertThat(get(http, port, "/health/live").statusCode()).isEqualTo(200);
            // a broker, a registry and an exactly-once topology on a shared 2-core CI machine
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            int ready = 0;
            while (System.nanoTime() < deadline && ready != 200) {
                ready = get(http, port, "/health/ready").statusCode();
                if (ready != 200) {
                    TimeUnit.MILLISECONDS.sleep(200);
                }
            }
            assertThat(ready).as(Files.readString(log)).isEqualTo(200);
            HttpResponse<String> metrics = get(http, port, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("kafka_stream").contains("jvm_memory_used_bytes");

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped within 60s after SIGTERM").isTrue();
            String output = Files.readString(log);
            // a clean stop logs no error and no stack trace (an INFO line may name a retried BindException)
            assertThat(output).contains("Kafka Streams PENDING_SHUTDOWN -> NOT_RUNNING").contains("Stopped.")
                    .doesNotContain(" ERROR ").doesNotContain("\tat ").doesNotContain("Exception in thread");
        } finally {
            process.destroyForcibly();
        }
    }

    private static int awaitPort(Path log, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline && process.isAlive()) {
            for (String line : Files.readAllLines(log)) {
                Matcher m = HTTP.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("gatewatch run did not report its HTTP port:\n" + Files.readString(log));
    }

    private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
