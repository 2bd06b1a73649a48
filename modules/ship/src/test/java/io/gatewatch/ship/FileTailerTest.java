package io.gatewatch.ship;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.parse.Parsers;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tailer alone, polled by hand: every rotation case is deterministic. */
class FileTailerTest {

    @TempDir
    Path dir;

    private final List<FileTailer.TailedEntry> out = new ArrayList<>();

    @Test
    void readsAppendedLinesAndWaitsForAnUnterminatedOne() throws IOException {
        Path log = dir.resolve("access.log");
        append(log, "one\ntwo\nthr");
        try (FileTailer t = tailer(log, Duration.ZERO)) {
            t.open(null, false);
            drain(t);
            assertThat(texts()).containsExactly("one", "two");
            append(log, "ee\n");
            drain(t);
            assertThat(texts()).containsExactly("one", "two", "three");
            assertThat(out.get(2).after().offset()).isEqualTo(Files.size(log));
            assertThat(out.get(2).after().fileKey()).isEqualTo(FileIdentity.keyOf(log).orElseThrow());
        }
    }

    @Test
    void followsRotationByRenameFinishingTheOldFileFirst() throws IOException {
        Path log = dir.resolve("access.log");
        append(log, "a1\na2\n");
        try (FileTailer t = tailer(log, Duration.ofHours(1))) {
            t.open(null, false);
            drain(t);
            String oldKey = FileIdentity.keyOf(log).orElseThrow();
            Files.move(log, dir.resolve("access.log.1"));
            append(dir.resolve("access.log.1"), "a3 late write to the renamed file\n");
            Files.createFile(log);
            drain(t);
            // the new file is empty and the old one not idle for the grace period: stay on the old one
            assertThat(texts()).containsExactly("a1", "a2", "a3 late write to the renamed file");
            append(log, "b1\n");
            drain(t);
            append(log, "b2\n");
            drain(t);
            assertThat(texts()).containsExactly("a1", "a2", "a3 late write to the renamed file", "b1", "b2");
            assertThat(out.get(2).after().fileKey()).isEqualTo(oldKey);
            assertThat(out.get(4).after().fileKey()).isNotEqualTo(oldKey);
            assertThat(out.get(4).after().offset()).isEqualTo(6);
        }
    }

    @Test
    void switchesToAnEmptyNewFileOnceTheOldOneIsIdle() throws IOException {
        Path log = dir.resolve("error.log");
        append(log, "x\n");
        try (FileTailer t = tailer(log, Duration.ZERO)) {
            t.open(null, false);
            drain(t);
            Files.move(log, dir.resolve("error.log.1"));
            Files.createFile(log);
            assertThat(t.poll()).as("switched").isTrue();
            append(dir.resolve("error.log.1"), "lost: written to the old file after the switch\n");
            append(log, "y\n");
            drain(t);
            assertThat(texts()).containsExactly("x", "y");
        }
    }

    @Test
    void restartsAtZeroAfterCopytruncate() throws IOException {
        Path log = dir.resolve("access.log");
        append(log, "first line that is long enough\nsecond\n");
        try (FileTailer t = tailer(log, Duration.ZERO)) {
            t.open(null, false);
            drain(t);
            copyTruncate(log);
            append(log, "after\n");
            drain(t);
            assertThat(texts()).containsExactly("first line that is long enough", "second", "after");
            assertThat(out.get(2).after().offset()).isEqualTo(6);
        }
    }

    @Test
    void noticesCopytruncateEvenWhenTheFileGrewPastTheOldPositionMeanwhile() throws IOException {
        Path log = dir.resolve("access.log");
        append(log, "old-1\nold-2\n");
        try (FileTailer t = tailer(log, Duration.ZERO)) {
            t.open(null, false);
            drain(t);
            copyTruncate(log);
            append(log, "new line number one\nnew line number two\n");
            drain(t);
            assertThat(texts()).containsExactly("old-1", "old-2", "new line number one", "new line number two");
        }
    }

    @Test
    void resumesAtACheckpointAndDetectsFilesChangedWhileStopped() throws IOException {
        Path log = dir.resolve("access.log");
        append(log, "l1\nl2\n");
        FilePosition after1;
        try (FileTailer t = tailer(log, Duration.ZERO)) {
            t.open(null, false);
            drain(t);
            after1 = out.get(0).after();
        }
        out.clear();
        append(log, "l3\n");
        try (FileTailer t = tailer(log, Duration.ZERO)) {
            t.open(after1, false);
            drain(t);
            assertThat(texts()).containsExactly("l2", "l3");
        }

        // rotated while stopped: finish the renamed file from the checkpoint, then the new one from 0
        out.clear();
        Files.move(log, dir.resolve("access.log.1"));
        append(log, "n1\n");
        try (FileTailer t = tailer(log, Duration.ZERO)) {
            t.open(after1, false);
            drain(t);
            assertThat(texts()).containsExactly("l2", "l3", "n1");
        }

        // truncated and rewritten while stopped: the fingerprint no longer matches, read from 0
        out.clear();
        FilePosition afterN1 = FilePosition.after(FileIdentity.keyOf(log).orElseThrow(),
                new Entry(List.of(new Line("n1".getBytes(StandardCharsets.UTF_8), 0, 3, 1, true,
                        "n1\n".getBytes(StandardCharsets.UTF_8))), false));
        copyTruncate(log);
        append(log, "m1\nm2\n");
        try (FileTailer t = tailer(log, Duration.ZERO)) {
            t.open(afterN1, false);
            drain(t);
            assertThat(texts()).containsExactly("m1", "m2");
        }
    }

    @Test
    void startsAtTheEndWhenAskedAndWaitsForAMissingFile() throws IOException {
        Path log = dir.resolve("later.log");
        try (FileTailer t = tailer(log, Duration.ZERO)) {
            t.open(null, true);
            assertThat(t.poll()).isFalse();
            append(log, "appeared\n");
            drain(t);
            assertThat(texts()).containsExactly("appeared");
        }
        out.clear();
        try (FileTailer t = tailer(log, Duration.ZERO)) {
            t.open(null, true);
            append(log, "new\n");
            drain(t);
            assertThat(texts()).containsExactly("new");
        }
    }

    @Test
    void reassemblesMultiLineEntriesAndFlushesOnDemand() throws IOException {
        Path log = dir.resolve("error.log");
        List<String> fatal = Captures.section("results-fatal.txt", "nginx-error.log");
        List<String> refused = Captures.section("results-502-stopped.txt", "nginx-error.log");
        append(log, String.join("\n", fatal) + "\n" + refused.get(0) + "\n");
        try (FileTailer t = new FileTailer(log, FramingRules.of("nginx-error", Parsers.forFormat("nginx-error").orElseThrow()),
                500, 1_000_000, Duration.ZERO, 1 << 20, out::add)) {
            t.open(null, false);
            drain(t);
            assertThat(texts()).containsExactly(String.join("\n", fatal), refused.get(0));
            assertThat(t.hasPendingEntry()).isFalse();
            append(log, "2026/11/25 09:11:25 [error] 1#1: *1 FastCGI sent in stderr: \"PHP message: part one\n");
            drain(t);
            assertThat(t.hasPendingEntry()).isTrue();
            t.flushPendingEntry();
            assertThat(out).hasSize(3);
        }
    }

    private FileTailer tailer(Path log, Duration grace) {
        return new FileTailer(log, FramingRules.of("nginx-access", Parsers.forFormat("nginx-access").orElse(null)), 500,
                1_000_000, grace, 1 << 20, out::add);
    }

    private List<String> texts() {
        return out.stream().map(e -> e.entry().text()).toList();
    }

    private static void drain(FileTailer t) throws IOException {
        for (int i = 0; i < 100 && t.poll(); i++) {
            // until nothing more happens
        }
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void copyTruncate(Path file) throws IOException {
        Files.copy(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
    }
}
