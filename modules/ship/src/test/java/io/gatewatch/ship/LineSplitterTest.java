package io.gatewatch.ship;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTest {

    private final List<Line> lines = new ArrayList<>();

    @Test
    void cutsLinesWithOffsetsAcrossChunksAndKeepsThePartialLastLine() {
        LineSplitter s = new LineSplitter(100, 1, 1000, lines::add);
        feed(s, "ab");
        feed(s, "c\r\nde\n\nf");
        assertThat(lines).extracting(Line::text).containsExactly("abc", "de", "");
        assertThat(lines).extracting(Line::startOffset).containsExactly(100L, 105L, 108L);
        assertThat(lines).extracting(Line::endOffset).containsExactly(105L, 108L, 109L);
        assertThat(lines).extracting(Line::lineNo).containsExactly(1L, 2L, 3L);
        assertThat(s.hasPartial()).isTrue();
        assertThat(s.partialStart()).isEqualTo(109);
        s.finish();
        assertThat(lines.get(3).text()).isEqualTo("f");
        assertThat(lines.get(3).terminated()).isFalse();
        assertThat(lines.get(3).endOffset()).isEqualTo(110);
    }

    @Test
    void cutsOverlongLinesIntoBoundedPieces() {
        LineSplitter s = new LineSplitter(0, 1, 4, lines::add);
        feed(s, "abcdefghij\nxy\n");
        assertThat(lines).extracting(Line::text).containsExactly("abcd", "efgh", "ij", "xy");
        assertThat(lines).extracting(Line::terminated).containsExactly(false, false, true, true);
        assertThat(lines.get(2).endOffset()).isEqualTo(11);
    }

    @Test
    void fingerprintsAreTheRawBytesEndingAtEachLine() {
        LineSplitter s = new LineSplitter(0, 1, 1000, "xyz".getBytes(StandardCharsets.UTF_8), lines::add);
        feed(s, "12\n" + "a".repeat(40) + "\n");
        assertThat(new String(lines.get(0).tail(), StandardCharsets.UTF_8)).isEqualTo("xyz12\n");
        assertThat(lines.get(1).tail()).hasSize(LineSplitter.TAIL_BYTES);
        assertThat(new String(lines.get(1).tail(), StandardCharsets.UTF_8)).isEqualTo("a".repeat(31) + "\n");
    }

    @Test
    void keepsInvalidUtf8BytesAsTheyAre() {
        LineSplitter s = new LineSplitter(0, 1, 1000, lines::add);
        byte[] bad = {'o', 'k', (byte) 0xff, (byte) 0xfe, '\n'};
        s.feed(bad, 0, bad.length);
        assertThat(lines.get(0).bytes()).containsExactly('o', 'k', (byte) 0xff, (byte) 0xfe);
        assertThat(lines.get(0).text()).startsWith("ok").contains("\uFFFD");
    }

    private static void feed(LineSplitter s, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.feed(b, 0, b.length);
    }
}
