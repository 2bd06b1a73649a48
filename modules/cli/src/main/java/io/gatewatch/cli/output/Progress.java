package io.gatewatch.cli.output;

import java.io.PrintStream;
import java.util.Locale;

/** A compact progress display: a redrawn bar on a terminal, a line per quarter otherwise (CI logs). */
public final class Progress {

    private final PrintStream out;
    private final boolean terminal;
    private int lastQuarter = -1;
    private boolean barShown;

    public Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public synchronized void update(String label, long done, long total) {
        if (total <= 0) {
            return;
        }
        int percent = (int) (done * 100 / total);
        if (terminal) {
            int filled = percent / 5;
            out.printf(Locale.ROOT, "\r  %s [%s%s] %3d%% %d/%d", label, "#".repeat(filled), " ".repeat(20 - filled),
                    percent, done, total);
            barShown = true;
            if (done >= total) {
                out.println();
                barShown = false;
            }
        } else {
            int quarter = percent / 25;
            if (quarter > lastQuarter) {
                lastQuarter = quarter;
                out.printf(Locale.ROOT, "  %s %d%% (%d/%d)%n", label, percent, done, total);
            }
        }
        out.flush();
    }

    /** Ends a half-drawn bar so that other output starts on its own line. */
    public synchronized void interrupt() {
        if (barShown) {
            out.println();
            barShown = false;
        }
    }

    public synchronized void reset() {
        lastQuarter = -1;
    }
}
