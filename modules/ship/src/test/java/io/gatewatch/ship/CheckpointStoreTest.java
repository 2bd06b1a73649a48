package io.gatewatch.ship;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsAndLeavesNoTemporaryFile() throws Exception {
        CheckpointStore store = new CheckpointStore(dir.resolve("sub/ship.checkpoint"));
        assertThat(store.load()).isEmpty();
        FilePosition committed = new FilePosition("(dev=1,ino=2)", 10, "tail\n".getBytes(StandardCharsets.UTF_8));
        FilePosition next = new FilePosition("(dev=1,ino=3)", 4, new byte[] {1, 2, 3});
        Checkpoint cp = new Checkpoint("gatewatch-ship-web-1-abc", "/var/log/x.log", committed,
                new Checkpoint.Pending(next, "gatewatch.logs", 2, 77, 123456789L));
        store.save(cp);
        assertThat(store.load()).contains(cp);
        store.save(cp.withCommitted(next));
        assertThat(store.load().orElseThrow().committed()).isEqualTo(next);
        assertThat(store.load().orElseThrow().pending()).isNull();
        try (var files = Files.list(dir.resolve("sub"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ship.checkpoint");
        }
    }

    @Test
    void aDamagedCheckpointIsAnErrorNotAFreshStart() throws Exception {
        Path file = dir.resolve("ship.checkpoint");
        Files.writeString(file, "{\"version\":1,\"transac");
        assertThatThrownBy(() -> new CheckpointStore(file).load()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("damaged");
    }
}
