package io.gatewatch.topology.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;

class OpenStreamsTest {

    @Test
    void aFormatHasOpenStreamsUntilItsLastOneCloses() {
        OpenStreams open = new OpenStreams();
        assertThat(open.isEmpty()).isTrue();
        open.add("nginx-error", "a");
        open.add("nginx-error", "b");
        open.add("mysql-slow", "c");

        assertThat(open.anyOf("nginx-error")).isTrue();
        assertThat(open.anyOf("nginx-access")).isFalse();
        assertThat(open.contains("nginx-error", "a")).isTrue();
        assertThat(open.contains("mysql-slow", "a")).as("a key counts only under its own format").isFalse();

        open.remove("nginx-error", "a");
        assertThat(open.anyOf("nginx-error")).isTrue();
        open.remove("nginx-error", "b");
        assertThat(open.anyOf("nginx-error")).isFalse();
        open.remove("mysql-slow", "unknown");
        assertThat(open.anyOf("mysql-slow")).isTrue();
        open.remove("mysql-slow", "c");
        assertThat(open.isEmpty()).isTrue();
    }

    @Test
    void linesWithoutAFormatHaveNoOpenStreamAndCannotOpenOne() {
        OpenStreams open = new OpenStreams();
        open.add("nginx-error", "k");
        assertThat(open.anyOf(null)).isFalse();
        assertThat(open.contains(null, "k")).isFalse();
        assertThatNullPointerException().isThrownBy(() -> open.add(null, "k")).withMessage("format");
        open.clear();
        assertThat(open.anyOf("nginx-error")).isFalse();
    }
}
