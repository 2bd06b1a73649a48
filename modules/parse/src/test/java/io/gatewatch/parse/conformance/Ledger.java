package io.gatewatch.parse.conformance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Collects the comparison of every corpus entry with Gatewatch's result, classifies each field difference
 * as explained (a {@link KnownDifferences.Known} rule) or unexplained, and prints the per-source table.
 */
final class Ledger {

    /** One field of one entry that differs. {@code known} is null when nothing explains it. */
    record Diff(String source, String where, String field, Object expected, Object actual, Observed observed,
                KnownDifferences.Known known) {

        String line() {
            return source + " " + where + ": " + field + " expected <" + expected + "> but Gatewatch has <" + actual
                    + ">" + (known == null ? "" : "  [" + known.id() + "]");
        }
    }

    static final class Stats {
        int entries;
        int matched;
        int explained;
        int unexplained;
        int outOfScope;
        final Map<String, Integer> outOfScopeReasons = new TreeMap<>();
    }

    private final KnownDifferences known;
    private final Map<String, Stats> sources = new LinkedHashMap<>();
    private final List<Diff> diffs = new ArrayList<>();

    Ledger(KnownDifferences known) {
        this.known = known;
    }

    private Stats stats(String source) {
        return sources.computeIfAbsent(source, s -> new Stats());
    }

    /** Compares the expected field values of one entry with what Gatewatch made of it. */
    void compare(String source, String where, Map<String, Object> expected, Observed observed) {
        Stats s = stats(source);
        s.entries++;
        List<Diff> found = new ArrayList<>();
        if (!observed.isEvent()) {
            found.add(diff(source, where, "(event)", "an event with " + expected.keySet(), observed.describe(), observed));
        } else {
            for (Map.Entry<String, Object> e : expected.entrySet()) {
                Object actual = observed.get(e.getKey());
                if (!same(e.getKey(), e.getValue(), actual)) {
                    found.add(diff(source, where, e.getKey(), e.getValue(), actual, observed));
                }
            }
        }
        record(s, found);
    }

    /**
     * An entry the source has no expectation for. Gatewatch's result is checked against the rule that
     * explains why (for example "Beats drops the start banner"), or must at least be an event.
     */
    void unexpected(String source, String where, Observed observed, String whatSourceDid) {
        Stats s = stats(source);
        s.entries++;
        List<Diff> found = new ArrayList<>();
        found.add(diff(source, where, "(no expectation)", whatSourceDid, observed.describe(), observed));
        record(s, found);
    }

    /** An entry whose source gives no expected values: it must become an event. */
    void parseOnly(String source, String where, Observed observed) {
        Stats s = stats(source);
        s.entries++;
        List<Diff> found = new ArrayList<>();
        if (!observed.isEvent()) {
            found.add(diff(source, where, "(event)", "an event", observed.describe(), observed));
        }
        record(s, found);
    }

    /** An expected entry Gatewatch has no entry for at all (framing differs). */
    void missing(String source, String where, String what) {
        Stats s = stats(source);
        s.entries++;
        record(s, List.of(diff(source, where, "(entry)", what, "no entry starts here", null)));
    }

    void outOfScope(String source, String reason) {
        Stats s = stats(source);
        s.outOfScope++;
        s.outOfScopeReasons.merge(reason, 1, Integer::sum);
    }

    private Diff diff(String source, String where, String field, Object expected, Object actual, Observed observed) {
        Diff d = new Diff(source, where, field, expected, actual, observed, null);
        return new Diff(source, where, field, expected, actual, observed, known.explain(d));
    }

    private void record(Stats s, List<Diff> found) {
        diffs.addAll(found);
        if (found.isEmpty()) {
            s.matched++;
        } else if (found.stream().allMatch(d -> d.known() != null)) {
            s.explained++;
        } else {
            s.unexplained++;
        }
    }

    static boolean same(String field, Object expected, Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Number e && actual instanceof Number a) {
            if (e instanceof Long && a instanceof Long) {
                return e.longValue() == a.longValue();
            }
            double tolerance = switch (field) {
                // Beats' event.duration is Query_time in ns through a float: 178.306017 s -> 178306016000 ns
                // (a float32 round trip: relative error up to ~6e-8).
                case "queryTimeSec", "lockTimeSec" -> Math.max(2e-6, Math.abs(e.doubleValue()) * 1e-7);
                default -> Math.max(1e-9, Math.abs(e.doubleValue()) * 1e-12);
            };
            return Math.abs(e.doubleValue() - a.doubleValue()) <= tolerance;
        }
        return Objects.equals(expected.toString(), actual.toString());
    }

    List<Diff> unexplained() {
        return diffs.stream().filter(d -> d.known() == null).toList();
    }

    List<Diff> all() {
        return diffs;
    }

    Map<String, Stats> sources() {
        return sources;
    }

    String table() {
        StringBuilder out = new StringBuilder();
        int width = sources.keySet().stream().mapToInt(String::length).max().orElse(10) + 2;
        out.append(String.format("%-" + width + "s %7s %7s %10s %11s %12s%n", "source", "entries", "matched",
                "mismatched", "unexplained", "out-of-scope"));
        int[] totals = new int[5];
        for (Map.Entry<String, Stats> e : sources.entrySet()) {
            Stats s = e.getValue();
            out.append(String.format("%-" + width + "s %7d %7d %10d %11d %12d%n", e.getKey(), s.entries, s.matched,
                    s.explained + s.unexplained, s.unexplained, s.outOfScope));
            totals[0] += s.entries;
            totals[1] += s.matched;
            totals[2] += s.explained + s.unexplained;
            totals[3] += s.unexplained;
            totals[4] += s.outOfScope;
        }
        out.append(String.format("%-" + width + "s %7d %7d %10d %11d %12d%n", "TOTAL", totals[0], totals[1], totals[2],
                totals[3], totals[4]));
        return out.toString();
    }

    String outOfScopeSummary() {
        StringBuilder out = new StringBuilder();
        sources.forEach((source, s) -> s.outOfScopeReasons.forEach((reason, n) ->
                out.append(String.format("  %-44s %3d  %s%n", source, n, reason))));
        return out.toString();
    }

    String explainedSummary() {
        Map<String, List<Diff>> byRule = new TreeMap<>();
        for (Diff d : diffs) {
            if (d.known() != null) {
                byRule.computeIfAbsent(d.known().id(), k -> new ArrayList<>()).add(d);
            }
        }
        StringBuilder out = new StringBuilder();
        for (KnownDifferences.Known k : known.all()) {
            List<Diff> hits = byRule.getOrDefault(k.id(), List.of());
            out.append(String.format("  %-34s %-16s %4d  %s%n", k.id(), k.kind(), hits.size(), k.why()));
            if (!hits.isEmpty()) {
                out.append("      e.g. ").append(hits.get(0).line()).append('\n');
            }
        }
        return out.toString();
    }
}
