package io.gatewatch.cli.scenario;

import io.gatewatch.parse.Parsers;
import io.gatewatch.ship.EntryFramer;
import io.gatewatch.ship.FramingRules;
import io.gatewatch.ship.Line;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins the physical lines of a file into entries. Most formats have one entry per line; nginx's
 * FastCGI stderr messages, PHP stack traces and slow-log entries span several. The rules are those of
 * {@code gatewatch ship} and {@code gatewatch parse} ({@link EntryFramer}); a whole file is at hand
 * here, so an entry always extends to the next one and no limit cuts it.
 */
final class EntryFraming {

    /** An entry and the 1-based line it starts on. */
    record Entry(String text, int lineNo) {
    }

    private EntryFraming() {
    }

    static List<Entry> frame(String format, List<String> lines) {
        List<Entry> entries = new ArrayList<>();
        FramingRules rules = FramingRules.of(format, Parsers.forFormat(format).orElse(null));
        EntryFramer framer = new EntryFramer(rules, Integer.MAX_VALUE, Integer.MAX_VALUE, false,
                e -> entries.add(new Entry(e.text(), (int) e.lineNo())));
        long offset = 0;
        for (int i = 0; i < lines.size(); i++) {
            Line line = Line.ofText(lines.get(i), offset, i + 1);
            offset = line.endOffset();
            framer.accept(line);
        }
        framer.flush();
        return entries;
    }
}
