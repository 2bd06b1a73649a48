package io.gatewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No Docker engine runs here; docker-compose's own parser validates the file and resolves it. */
class DockerComposeFileTest {

    @Test
    void composeFileIsValidAndScalesGatewatch() throws Exception {
        Path file = Path.of("../../docker-compose.yml").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("docker-compose", "-f", file.toString(), "config").start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isZero();
        assertThat(out).contains("kafka:", "schema-registry:", "gatewatch:")
                .contains("KAFKA_PROCESS_ROLES: broker,controller")
                .contains("replicas: 3")
                .contains("--bootstrap-servers=kafka:9092")
                .contains("--schema-registry-url=http://schema-registry:8081");
    }
}
