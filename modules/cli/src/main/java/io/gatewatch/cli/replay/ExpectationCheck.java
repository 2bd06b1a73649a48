package io.gatewatch.cli.replay;

import io.gatewatch.avro.Incident;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.cli.scenario.ScenarioSpec;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Compares a replay with a scenario's {@code expect}; every difference becomes one readable sentence. */
public final class ExpectationCheck {

    private ExpectationCheck() {
    }

    public static List<String> differences(ScenarioSpec spec, ReplayResult result) {
        List<String> diffs = new ArrayList<>();
        ScenarioSpec.Expect expect = spec.expect();
        if (expect == null) {
            diffs.add("scenario.json has no \"expect\"");
            return diffs;
        }
        List<Incident> unmatched = new ArrayList<>(result.incidents());
        List<ScenarioSpec.ExpectedIncident> wanted = expect.incidents() == null ? List.of() : expect.incidents();
        for (ScenarioSpec.ExpectedIncident e : wanted) {
            Incident match = null;
            for (Incident i : unmatched) {
                if (i.getSite().equals(e.site()) && i.getKind().name().equals(e.kind())) {
                    match = i;
                    break;
                }
            }
            if (match == null) {
                diffs.add("missing incident " + e.kind() + " on " + e.site());
                continue;
            }
            unmatched.remove(match);
            String top = match.getCauses().isEmpty() ? "none" : match.getCauses().get(0).getCause().name();
            if (e.topCause() != null && !e.topCause().equals(top)) {
                diffs.add(e.site() + " " + e.kind() + ": top cause " + top + ", expected " + e.topCause());
            }
            if (e.openedBetween() != null && e.openedBetween().size() == 2) {
                try {
                    Instant from = Instant.parse(e.openedBetween().get(0));
                    Instant to = Instant.parse(e.openedBetween().get(1));
                    if (match.getOpenedAt().isBefore(from) || match.getOpenedAt().isAfter(to)) {
                        diffs.add(e.site() + " " + e.kind() + ": opened at " + match.getOpenedAt() + ", expected within "
                                + from + ".." + to);
                    }
                } catch (DateTimeParseException ex) {
                    diffs.add("expect.openedBetween of " + e.site() + " is not ISO-8601: " + e.openedBetween());
                }
            }
        }
        for (Incident extra : unmatched) {
            diffs.add("unexpected incident " + extra.getKind() + " on " + extra.getSite() + " opened "
                    + extra.getOpenedAt() + " (false alarm)");
        }
        Set<String> expectedActions = new TreeSet<>();
        if (expect.actions() != null) {
            expect.actions().forEach(a -> expectedActions.add(a.site() + " " + a.action()));
        }
        Set<String> actual = new TreeSet<>();
        for (RemediationCommand c : result.commands()) {
            actual.add(c.getSite() + " " + c.getAction().name());
        }
        for (String a : expectedActions) {
            if (!actual.contains(a)) {
                diffs.add("missing action " + a);
            }
        }
        for (String a : actual) {
            if (!expectedActions.contains(a)) {
                diffs.add("unexpected action " + a);
            }
        }
        return diffs;
    }
}
