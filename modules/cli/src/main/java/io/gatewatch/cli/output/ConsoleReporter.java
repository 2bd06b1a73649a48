package io.gatewatch.cli.output;

import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.Evidence;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentEvent;
import io.gatewatch.avro.IncidentTransition;
import io.gatewatch.avro.RemediationCommand;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/** Prints incidents and commands as a person wants to see them in a terminal. */
public final class ConsoleReporter {

    private final PrintStream out;
    private final boolean verbose;

    public ConsoleReporter(PrintStream out, boolean verbose) {
        this.out = Objects.requireNonNull(out, "out");
        this.verbose = verbose;
    }

    public synchronized void incidentEvent(IncidentEvent event) {
        Incident i = event.getIncident();
        IncidentTransition t = event.getTransition();
        if (t == IncidentTransition.UPDATED && !verbose) {
            return;
        }
        CauseAssessment top = i.getCauses().isEmpty() ? null : i.getCauses().get(0);
        out.printf(Locale.ROOT, "%-9s %s  %s %s%n", t, event.getAt(), i.getKind(), i.getSite());
        out.printf(Locale.ROOT, "          incident %s  state %s  errors %d of %d requests%n",
                i.getIncidentId(), i.getState(), i.getErrorCount(), i.getRequestCount());
        if (top != null && t != IncidentTransition.RESOLVED) {
            out.printf(Locale.ROOT, "          cause    %s (confidence %.2f): %s%n", top.getCause(),
                    top.getConfidence(), top.getSummary());
            int shown = 0;
            for (Evidence e : top.getEvidence()) {
                if (shown++ == 3) {
                    break;
                }
                String src = e.getSource() == null ? "derived"
                        : e.getSource().getTopic() + "/" + e.getSource().getPartition() + "@" + e.getSource().getOffset();
                out.printf(Locale.ROOT, "          evidence %s x%d [%s] %s%n", e.getSignal(), e.getCount(), src,
                        abbreviate(e.getExcerpt(), 110));
            }
            for (int k = 1; k < i.getCauses().size() && k < 3; k++) {
                CauseAssessment alt = i.getCauses().get(k);
                out.printf(Locale.ROOT, "          also     %s (%.2f)%n", alt.getCause(), alt.getConfidence());
            }
        }
        if (t == IncidentTransition.RESOLVED) {
            out.printf(Locale.ROOT, "          resolved at %s after %ds%n", i.getResolvedAt(),
                    i.getResolvedAt().getEpochSecond() - i.getOpenedAt().getEpochSecond());
        }
        out.flush();
    }

    public synchronized void command(RemediationCommand c) {
        out.printf(Locale.ROOT, "COMMAND   %s  %s on %s%s [%s] id %s%n", c.getIssuedAt(), c.getAction(), c.getSite(),
                c.getHost() == null ? "" : " host " + c.getHost(), c.getMode(), c.getCommandId());
        out.flush();
    }

    private static String abbreviate(String s, int max) {
        String oneLine = s.replace('\n', ' ');
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }
}
