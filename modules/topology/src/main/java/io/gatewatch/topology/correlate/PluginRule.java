package io.gatewatch.topology.correlate;

import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.ChangeEvent;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.PhpErrorEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A plugin or theme that broke PHP: a change to it shortly before the onset, and fatal errors or
 * crashes in its code path. The slug is named so the command can deactivate exactly that plugin.
 */
final class PluginRule implements CauseRule {

    /** Changes are looked for this far before the onset. */
    static final Duration CHANGE_LOOKBACK = Duration.ofMinutes(30);

    /** Parameter naming the plugin or theme in commands. */
    static final String SLUG_PREFIX_PLUGIN = "plugin:";
    static final String SLUG_PREFIX_THEME = "theme:";

    @Override
    public Optional<CauseAssessment> assess(Signals s) {
        Map<String, EvidenceItems> bySlug = new HashMap<>();
        for (Signals.Matched<PhpErrorEvent> m : s.recent(PhpErrorEvent.class)) {
            PhpErrorEvent e = m.payload();
            if (!isFatal(e.getSeverity())) {
                continue;
            }
            String slug = e.getPluginSlug() != null ? SLUG_PREFIX_PLUGIN + e.getPluginSlug()
                    : e.getThemeSlug() != null ? SLUG_PREFIX_THEME + e.getThemeSlug() : null;
            if (slug != null) {
                bySlug.computeIfAbsent(slug, k -> new EvidenceItems()).add("php.fatal_in_" + kind(slug), m.event());
            }
        }
        for (Signals.Matched<GatewayErrorEvent> m : s.recent(GatewayErrorEvent.class)) {
            String slug = WordPressPaths.slugIn(m.payload().getPhpMessage());
            if (slug != null && m.payload().getPhpMessage().contains("Fatal")) {
                bySlug.computeIfAbsent(slug, k -> new EvidenceItems()).add("nginx.fastcgi_fatal_in_" + kind(slug), m.event());
            }
        }
        Map<String, EvidenceItems> changes = new HashMap<>();
        for (Signals.Matched<ChangeEvent> m : s.since(ChangeEvent.class, s.onset().minus(CHANGE_LOOKBACK))) {
            ChangeEvent c = m.payload();
            if (m.event().getEventTime().isAfter(s.onset()) || c.getSubject() == null) {
                continue;
            }
            String slug = switch (c.getType()) {
                case PLUGIN_ACTIVATED, PLUGIN_UPDATED -> SLUG_PREFIX_PLUGIN + c.getSubject();
                case THEME_SWITCHED, THEME_UPDATED -> SLUG_PREFIX_THEME + c.getSubject();
                default -> null;
            };
            if (slug != null) {
                changes.computeIfAbsent(slug, k -> new EvidenceItems()).add("change." + c.getType().name().toLowerCase(), m.event());
            }
        }
        long crashes = 0;
        EvidenceItems crashItems = new EvidenceItems();
        for (Signals.Matched<FpmEvent> m : s.recent(FpmEvent.class)) {
            if (m.payload().getKind() == FpmEventKind.CHILD_EXITED_SIGNAL) {
                crashItems.add("php-fpm.child_exited_on_signal", m.event());
                crashes++;
            }
        }
        String best = null;
        double bestScore = 0;
        for (String slug : union(bySlug, changes)) {
            long fatals = bySlug.containsKey(slug) ? bySlug.get(slug).total() : 0;
            boolean changed = changes.containsKey(slug);
            double score = (changed ? 0.4 : 0.0) + 0.35 * Assessments.saturation(fatals, 5)
                    + (changed && crashes > 0 && fatals == 0 ? 0.2 : 0.0) + (changed && fatals > 0 ? 0.15 : 0.0);
            if (!changed && fatals < 2) {
                continue;
            }
            if (changed && fatals == 0 && crashes == 0) {
                // A change alone, with no failure in its code path, is no evidence of a fault.
                continue;
            }
            if (score > bestScore) {
                bestScore = score;
                best = slug;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        EvidenceItems evidence = new EvidenceItems();
        if (changes.containsKey(best)) {
            evidence.addAll(changes.get(best).items());
        }
        if (bySlug.containsKey(best)) {
            evidence.addAll(bySlug.get(best).items());
        }
        if (changes.containsKey(best) && crashes > 0) {
            evidence.addAll(crashItems.items());
        }
        String what = best.startsWith(SLUG_PREFIX_THEME) ? "theme" : "plugin";
        String slug = best.substring(best.indexOf(':') + 1);
        return Optional.of(Assessments.of(Cause.PLUGIN_OR_THEME_FAULT, 0.3 + bestScore, evidence.items(), List.of(),
                "The " + what + " '" + slug + "' breaks PHP" + (changes.containsKey(best) ? " since it was changed" : ""),
                best));
    }

    private static String kind(String slug) {
        return slug.startsWith(SLUG_PREFIX_THEME) ? "theme" : "plugin";
    }

    private static boolean isFatal(String severity) {
        String s = severity == null ? "" : severity.toLowerCase(java.util.Locale.ROOT);
        return s.contains("fatal") || s.contains("parse");
    }

    private static java.util.Set<String> union(Map<String, ?> a, Map<String, ?> b) {
        java.util.Set<String> all = new java.util.TreeSet<>(a.keySet());
        all.addAll(b.keySet());
        return all;
    }
}
