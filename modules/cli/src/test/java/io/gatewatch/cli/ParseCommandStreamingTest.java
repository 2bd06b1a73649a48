package io.gatewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatewatch parse} streams: a file several times larger than its heap goes through. */
class ParseCommandStreamingTest {

    @Test
    void parsesAFileMuchLargerThanTheHeap(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big-access.log");
        int lines = 400_000;
        String line = CaptureLines.section("results-504.txt", "nginx-access.log").get(0);
        try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                w.write(line);
                w.write('\n');
            }
        }
        assertThat(Files.size(big)).isGreaterThan(30L * 1024 * 1024);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx24m", "-cp", System.getProperty("java.class.path"),
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.gatewatch.avro", "io.gatewatch.cli.Main", "parse",
                "--format", "nginx-access", big.toString())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        long count = countLines(p.getInputStream());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("err.txt"))).isZero();
        assertThat(count).isEqualTo(lines);
        assertThat(Files.readString(dir.resolve("err.txt"))).isEmpty();
    }

    private static long countLines(InputStream in) throws IOException {
        byte[] buf = new byte[1 << 16];
        long n = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            for (int i = 0; i < r; i++) {
                if (buf[i] == '\n') {
                    n++;
                }
            }
        }
        return n;
    }
}
