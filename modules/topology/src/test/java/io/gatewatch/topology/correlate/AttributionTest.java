package io.gatewatch.topology.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.CacheEvent;
import io.gatewatch.avro.CacheEventKind;
import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.CdnEvent;
import io.gatewatch.avro.ChangeEvent;
import io.gatewatch.avro.ChangeType;
import io.gatewatch.avro.DatabaseEvent;
import io.gatewatch.avro.DatabaseEventKind;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.IncidentKind;
import io.gatewatch.avro.MetricSample;
import io.gatewatch.avro.PhpErrorEvent;
import io.gatewatch.avro.SourceRef;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.avro.UpstreamErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** Each cause from the signals that point to it, and the chains where one cause explains another. */
class AttributionTest {

    private static final Instant ONSET = Instant.parse("2026-11-25T09:12:00Z");
    private final Attribution attribution = Attribution.standard();
    private final List<TelemetryEvent> events = new ArrayList<>();
    private long offset;
    private TrafficCounts window = new TrafficCounts(100, 40, 60, 60, 0);
    private double current = 5;
    private double baseline = 5;
    private TrafficCounts edge = TrafficCounts.ZERO;

    private void at(int secondsFromOnset, SpecificRecord payload) {
        events.add(new TelemetryEvent(ONSET.plusSeconds(secondsFromOnset), "shop.example.test", "web-1", "test",
                new SourceRef("gatewatch.logs", 0, offset++), payload.toString(), payload));
    }

    private void nginx(int t, UpstreamErrorKind kind, int times) {
        for (int i = 0; i < times; i++) {
            at(t, new GatewayErrorEvent("error", 1, 1L, kind, null, kind.name(), null, "shop.example.test", null, null,
                    null, null, null));
        }
    }

    private FpmEvent fpm(FpmEventKind kind, String pool, Integer signal, String message) {
        return new FpmEvent(kind, "WARNING", pool, 123, signal, null, null, 20, null, message);
    }

    private DatabaseEvent slowQuery(double queryTime, double lockTime) {
        return new DatabaseEvent(DatabaseEventKind.SLOW_QUERY, "db-1", queryTime, lockTime, 0L, 1L, "wp", "wp", null,
                "UPDATE wp_options SET option_value = 1");
    }

    private List<CauseAssessment> rank() {
        return attribution.rank(new Signals("shop.example.test", IncidentKind.BAD_GATEWAY, ONSET, Duration.ofMinutes(2),
                events, window, current, baseline, edge));
    }

    private static Cause top(List<CauseAssessment> ranked) {
        return ranked.get(0).getCause();
    }

    @Test
    void refusedConnectionsAndExitingFpmAreFpmDown() {
        nginx(0, UpstreamErrorKind.CONNECTION_REFUSED, 10);
        at(-1, fpm(FpmEventKind.EXITING, null, null, "exiting, bye-bye!"));
        List<CauseAssessment> ranked = rank();
        assertThat(top(ranked)).isEqualTo(Cause.PHP_FPM_DOWN);
        assertThat(ranked.get(0).getEvidence()).extracting(e -> e.getSignal())
                .contains("nginx.upstream.connection_refused", "php-fpm.exiting");
    }

    @Test
    void signaturesOfHeaderAndReachabilityProblems() {
        nginx(0, UpstreamErrorKind.HEADER_TOO_BIG, 8);
        assertThat(top(rank())).isEqualTo(Cause.UPSTREAM_HEADER_TOO_BIG);
        events.clear();
        nginx(0, UpstreamErrorKind.PERMISSION_DENIED, 8);
        assertThat(top(rank())).isEqualTo(Cause.UPSTREAM_UNREACHABLE);
    }

    @Test
    void aFullPoolAtNormalTrafficIsSaturationAndSaysItIsNoSpike() {
        nginx(0, UpstreamErrorKind.RESOURCE_UNAVAILABLE, 10);
        at(-5, fpm(FpmEventKind.MAX_CHILDREN_REACHED, "shop", null, "server reached pm.max_children setting (20)"));
        List<CauseAssessment> ranked = rank();
        assertThat(top(ranked)).isEqualTo(Cause.PHP_FPM_SATURATED);
        CauseAssessment spike = ranked.stream().filter(a -> a.getCause() == Cause.TRAFFIC_SPIKE).findFirst().orElseThrow();
        assertThat(spike.getConfidence()).isLessThan(0.2);
        assertThat(spike.getContraryEvidence()).extracting(e -> e.getExcerpt()).anyMatch(t -> t.contains("baseline"));
    }

    @Test
    void aSpikeThatSaturatesThePoolIsATrafficSpike() {
        nginx(0, UpstreamErrorKind.RESOURCE_UNAVAILABLE, 10);
        at(-5, fpm(FpmEventKind.MAX_CHILDREN_REACHED, "shop", null, "server reached pm.max_children setting (20)"));
        current = 40;
        baseline = 6;
        List<CauseAssessment> ranked = rank();
        assertThat(top(ranked)).isEqualTo(Cause.TRAFFIC_SPIKE);
        CauseAssessment saturated = ranked.stream().filter(a -> a.getCause() == Cause.PHP_FPM_SATURATED).findFirst().orElseThrow();
        assertThat(saturated.getConfidence()).isLessThan(ranked.get(0).getConfidence());
        assertThat(ranked.get(0).getEvidence()).extracting(e -> e.getSignal()).contains("access.request_rate",
                "php-fpm.max_children_reached");
    }

    @Test
    void aSlowDatabaseBehindASaturatedPoolIsTheDatabase() {
        for (int i = 0; i < 6; i++) {
            at(-60 + i * 5, slowQuery(14.0, 13.5));
        }
        nginx(0, UpstreamErrorKind.RESOURCE_UNAVAILABLE, 10);
        at(-5, fpm(FpmEventKind.MAX_CHILDREN_REACHED, "shop", null, "server reached pm.max_children setting (20)"));
        List<CauseAssessment> ranked = rank();
        assertThat(top(ranked)).isEqualTo(Cause.DATABASE_SLOW);
        assertThat(ranked.get(0).getSubject()).isEqualTo("db-1");
        assertThat(ranked.get(0).getEvidence()).extracting(e -> e.getSignal())
                .contains("db.slow_query", "nginx.upstream.resource_unavailable");
        assertThat(ranked.get(1).getCause()).isEqualTo(Cause.PHP_FPM_SATURATED);
    }

    @Test
    void shortQueriesAreNoDatabaseProblem() {
        for (int i = 0; i < 6; i++) {
            at(-60 + i * 5, slowQuery(0.3, 0.0));
        }
        nginx(0, UpstreamErrorKind.CONNECTION_REFUSED, 10);
        assertThat(rank()).extracting(CauseAssessment::getCause).doesNotContain(Cause.DATABASE_SLOW);
    }

    @Test
    void aPluginUpdateFollowedByFatalsInItsCodeIsThePluginAndNamesIt() {
        at(-120, new ChangeEvent(ChangeType.PLUGIN_UPDATED, "fast-checkout", "2.3.1", "wp-admin"));
        at(-200, new ChangeEvent(ChangeType.PLUGIN_UPDATED, "other-plugin", "1.0", "wp-admin"));
        for (int i = 0; i < 6; i++) {
            at(i, new PhpErrorEvent("PHP Fatal error", "Uncaught Error: Call to undefined function fc_total()",
                    "/var/www/shop/wp-content/plugins/fast-checkout/includes/cart.php", 42, "fast-checkout", null));
        }
        nginx(0, UpstreamErrorKind.CONNECTION_RESET, 6);
        at(1, fpm(FpmEventKind.CHILD_EXITED_SIGNAL, "shop", 11, "child 1 exited on signal 11 (SIGSEGV)"));
        List<CauseAssessment> ranked = rank();
        assertThat(top(ranked)).isEqualTo(Cause.PLUGIN_OR_THEME_FAULT);
        assertThat(ranked.get(0).getSubject()).isEqualTo("plugin:fast-checkout");
        assertThat(ranked.get(0).getSummary()).contains("fast-checkout");
        CauseAssessment crash = ranked.stream().filter(a -> a.getCause() == Cause.PHP_FPM_WORKER_CRASH).findFirst().orElseThrow();
        assertThat(crash.getConfidence()).isLessThan(ranked.get(0).getConfidence());
    }

    @Test
    void anUpdateWithoutFailuresInItsCodeBlamesNoPlugin() {
        at(-120, new ChangeEvent(ChangeType.PLUGIN_UPDATED, "fast-checkout", "2.3.1", "wp-admin"));
        nginx(0, UpstreamErrorKind.CONNECTION_REFUSED, 10);
        assertThat(rank()).extracting(CauseAssessment::getCause).doesNotContain(Cause.PLUGIN_OR_THEME_FAULT);
    }

    @Test
    void memoryPressureWithKilledWorkersIsHostExhaustion() {
        at(-30, new MetricSample("mem", Map.of("host", "web-1"), Map.of("used_percent", 97.5)));
        for (int i = 0; i < 4; i++) {
            at(-10 + i, fpm(FpmEventKind.CHILD_EXITED_SIGNAL, "shop", 9, "child exited on signal 9 (SIGKILL)"));
        }
        nginx(0, UpstreamErrorKind.PREMATURELY_CLOSED, 8);
        List<CauseAssessment> ranked = rank();
        assertThat(top(ranked)).isEqualTo(Cause.HOST_RESOURCE_EXHAUSTION);
        assertThat(ranked.get(0).getEvidence()).extracting(e -> e.getSignal())
                .contains("host.memory_high", "php-fpm.child_killed_sigkill");
    }

    @Test
    void redisFailuresAreTheCache() {
        for (int i = 0; i < 5; i++) {
            at(-5 + i, new CacheEvent(CacheEventKind.CONNECTION_REFUSED, "redis-1", "Connection refused"));
        }
        nginx(0, UpstreamErrorKind.FASTCGI_STDERR, 3);
        List<CauseAssessment> ranked = rank();
        assertThat(top(ranked)).isEqualTo(Cause.CACHE_FAILURE);
        assertThat(ranked.get(0).getSubject()).isEqualTo("redis-1");
    }

    @Test
    void edgeErrorsWhileTheOriginIsHealthyAreTheCdn() {
        window = new TrafficCounts(200, 198, 0, 0, 0);
        edge = new TrafficCounts(100, 40, 60, 60, 0);
        for (int i = 0; i < 20; i++) {
            at(i, new CdnEvent(522, 0, i % 2 == 0 ? "FRA" : "AMS", "ray" + i, "/", "zone-1"));
        }
        List<CauseAssessment> ranked = rank();
        assertThat(top(ranked)).isEqualTo(Cause.CDN_EDGE);
        assertThat(ranked.get(0).getConfidence()).isGreaterThan(0.6);
    }

    @Test
    void nothingKnownIsUnknown() {
        nginx(0, UpstreamErrorKind.OTHER, 3);
        assertThat(top(rank())).isEqualTo(Cause.UNKNOWN);
    }

    @Test
    void signaturesLongBeforeTheOnsetDoNotCount() {
        nginx(-600, UpstreamErrorKind.CONNECTION_REFUSED, 10);
        assertThat(top(rank())).isEqualTo(Cause.UNKNOWN);
    }
}
