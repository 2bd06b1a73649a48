package io.gatewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CliErrorsTest {

    @Test
    void aWrongFlagIsOneLineAndExit2() {
        CliRun run = CliRun.of("demo", "--no-such-flag");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err.strip().lines()).hasSize(1);
        assertThat(run.err).contains("--no-such-flag").contains("gatewatch demo --help");
    }

    @Test
    void anUnreachableBrokerIsOneLineAndNonZero() {
        CliRun run = CliRun.of("run", "--bootstrap-servers", "127.0.0.1:1", "--schema-registry-url",
                "http://127.0.0.1:1", "--http-port", "0");
        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err.strip().lines().filter(l -> l.startsWith("gatewatch:"))).hasSize(1);
        assertThat(run.err).contains("cannot reach Kafka at 127.0.0.1:1");
    }

    @Test
    void aBadCacheSizeIsNamedBeforeAnythingStarts() {
        CliRun run = CliRun.of("run", "--record-cache", "lots", "--bootstrap-servers", "127.0.0.1:1",
                "--schema-registry-url", "http://127.0.0.1:1", "--http-port", "0");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--record-cache").contains("lots").doesNotContain("cannot reach Kafka");
    }

    @Test
    void aThreadCountBelowOneIsNamedBeforeAnythingStarts() {
        CliRun run = CliRun.of("run", "--threads", "0", "--bootstrap-servers", "127.0.0.1:1",
                "--schema-registry-url", "http://127.0.0.1:1", "--http-port", "0");
        assertThat(run.exitCode).isEqualTo(2);
        assertThat(run.err).contains("--threads must be at least 1, got 0").doesNotContain("cannot reach Kafka");
    }

    @Test
    void aBadSettingNamesTheKey() {
        CliRun run = CliRun.of("replay", "--check", "--set", "detection.window=soon", CliRun.scenario("fpm-down-single-site").toString());
        assertThat(run.exitCode).isNotZero();
        assertThat(run.err).contains("detection.window").contains("soon");
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"demo", "run", "replay"}) {
            CliRun run = CliRun.of(cmd, "--help");
            assertThat(run.exitCode).as(cmd).isZero();
        }
    }
}
