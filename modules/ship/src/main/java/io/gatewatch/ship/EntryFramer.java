package io.gatewatch.ship;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Groups physical lines into {@link Entry entries} as they stream in, per {@link FramingRules}. An
 * entry goes out when the next entry starts, when its format says it is complete ({@code eager}),
 * when it reaches the line or byte limit, or when the owner calls {@link #flush()} (flush timeout, end
 * of input, rotation). Blank lines between entries are dropped. Only the entry being assembled is held,
 * and it is bounded by the limits.
 */
public final class EntryFramer {

    private final FramingRules rules;
    private final int maxLines;
    private final int maxBytes;
    private final boolean eager;
    private final Consumer<Entry> out;
    private final List<Line> current = new ArrayList<>();
    private long currentBytes;
    private boolean sawQuery;
    private long lastLineNanos;

    /**
     * @param maxLines most physical lines in one entry
     * @param maxBytes most bytes in one entry (lines joined with '\n')
     * @param eager    send an entry as soon as its format says it is complete; false keeps it until
     *                 the next entry starts or {@link #flush()} (whole-file framing)
     */
    public EntryFramer(FramingRules rules, int maxLines, int maxBytes, boolean eager, Consumer<Entry> out) {
        if (maxLines < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("entry limits must be positive: " + maxLines + " lines, " + maxBytes + " bytes");
        }
        this.rules = rules;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.eager = eager;
        this.out = out;
    }

    public void accept(Line line) {
        lastLineNanos = System.nanoTime();
        String text = line.text();
        boolean blank = text.isBlank();
        if (blank && rules.blankSeparates()) {
            emit(false);
            return;
        }
        boolean starts = current.isEmpty() || rules.startsEntry(text, sawQuery);
        if (starts && !current.isEmpty() && rules.joinsEntries() && rules.joinsNext(currentText(), text)) {
            // the header held so far introduces this entry: sent alone it would be an incomplete entry
            starts = false;
        }
        if (starts) {
            emit(false);
            if (blank) {
                return;
            }
        } else if (blank && rules.dropsBlankLines()) {
            return;
        } else if (currentBytes + 1 + line.bytes().length > maxBytes) {
            emit(true);
        }
        add(line);
        if ("mysql-slow".equals(rules.format()) && !text.startsWith("#")) {
            sawQuery = true;
        }
        if (current.size() >= maxLines || currentBytes >= maxBytes) {
            emit(true);
        } else if (eager && rules.certainlyComplete(currentText())) {
            emit(false);
        }
    }

    /** Sends the entry being assembled, if any, as it is. */
    public void flush() {
        emit(true);
    }

    /** Whether an entry is being assembled. */
    public boolean hasPending() {
        return !current.isEmpty();
    }

    /** {@link System#nanoTime()} when the last line was accepted. */
    public long lastLineNanos() {
        return lastLineNanos;
    }

    /** Forgets the entry being assembled (its lines will be read again). */
    public void discard() {
        current.clear();
        currentBytes = 0;
        sawQuery = false;
    }

    private void add(Line line) {
        currentBytes += (current.isEmpty() ? 0 : 1) + line.bytes().length;
        current.add(line);
    }

    private String currentText() {
        return current.size() == 1 ? current.get(0).text() : new Entry(current, false).text();
    }

    private void emit(boolean forced) {
        if (current.isEmpty()) {
            return;
        }
        List<Line> lines = List.copyOf(current);
        discard();
        if (lines.stream().allMatch(l -> l.text().isBlank())) {
            return;
        }
        out.accept(new Entry(lines, forced));
    }
}
