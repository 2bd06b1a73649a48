package io.gatewatch.topology.correlate;

import io.gatewatch.avro.CacheEvent;
import io.gatewatch.avro.CacheEventKind;
import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.PhpErrorEvent;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The object cache (Redis) failing: refused connections, OOM, loading, MISCONF, read-only replica, timeouts. */
final class CacheRule implements CauseRule {

    @Override
    public Optional<CauseAssessment> assess(Signals s) {
        EvidenceItems items = new EvidenceItems();
        String cache = null;
        for (Signals.Matched<CacheEvent> m : s.recent(CacheEvent.class)) {
            CacheEventKind kind = m.payload().getKind();
            if (kind == CacheEventKind.STARTED || kind == CacheEventKind.OTHER) {
                continue;
            }
            items.add("cache." + kind.name().toLowerCase(Locale.ROOT), m.event());
            if (cache == null) {
                cache = m.payload().getCache() != null ? m.payload().getCache() : m.event().getHost();
            }
        }
        for (Signals.Matched<PhpErrorEvent> m : s.recent(PhpErrorEvent.class)) {
            String msg = m.payload().getMessage() == null ? "" : m.payload().getMessage();
            if (msg.contains("Redis") || msg.contains("redis")) {
                items.add("php.redis_error", m.event());
            }
        }
        if (items.isEmpty()) {
            return Optional.empty();
        }
        long strong = items.total() - items.count("cache.bgsave_failed") - items.count("cache.shutdown");
        double confidence = 0.35 + 0.5 * Assessments.saturation(strong, 5) + (items.count("cache.shutdown") > 0 ? 0.1 : 0);
        return Optional.of(Assessments.of(Cause.CACHE_FAILURE, confidence, items.items(), List.of(),
                "The object cache" + (cache == null ? "" : " " + cache) + " fails and PHP cannot serve without it",
                cache));
    }
}
