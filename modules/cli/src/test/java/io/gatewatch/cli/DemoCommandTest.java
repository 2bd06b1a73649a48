package io.gatewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoCommandTest {

    @Test
    void theDemoPrintsTheFpmDownIncidentAndItsRestartCommand() {
        CliRun run = CliRun.of("demo");
        assertThat(run.exitCode).as(run.toString()).isZero();
        assertThat(run.out)
                .contains("OPENED")
                .contains("BAD_GATEWAY shop.example.test")
                .contains("cause    PHP_FPM_DOWN")
                .contains("connect() failed (111: Connection refused)")
                .contains("COMMAND")
                .contains("RESTART_PHP_FPM on shop.example.test host web-1 [DRY_RUN]")
                .contains("RESOLVED")
                .containsPattern("(\\d+) of \\1 scenarios as expected");
        // the healthy neighbour on the same host gets no incident
        assertThat(run.out).doesNotContain("BAD_GATEWAY blog.example.test").doesNotContain("on blog.example.test");
    }
}
