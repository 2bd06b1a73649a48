package io.gatewatch.serde;

import io.gatewatch.avro.Action;
import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CauseAssessment;
import io.gatewatch.avro.CommandMode;
import io.gatewatch.avro.CommandRef;
import io.gatewatch.avro.Evidence;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentKind;
import io.gatewatch.avro.IncidentState;
import io.gatewatch.avro.MetricSample;
import io.gatewatch.avro.Site;
import io.gatewatch.avro.SourceRef;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.avro.UpstreamErrorKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Records exercising nesting, unions, arrays, maps, enums and timestamps. */
final class SampleRecords {

    static final Instant T0 = Instant.parse("2024-05-03T10:15:30.123Z");

    private SampleRecords() {
    }

    static SourceRef source(long offset) {
        return SourceRef.newBuilder().setTopic("gatewatch.logs").setPartition(2).setOffset(offset).build();
    }

    static Incident incident() {
        Evidence refused = Evidence.newBuilder()
                .setSignal("nginx.upstream.connection_refused")
                .setSource(source(41))
                .setEventTime(T0)
                .setHost("web-1")
                .setExcerpt("connect() to unix:/run/php/php8.2-fpm.sock failed (111: Connection refused)")
                .setCount(17)
                .build();
        Evidence derived = Evidence.newBuilder()
                .setSignal("access.5xx_share")
                .setEventTime(T0.plusSeconds(5))
                .setExcerpt("62% of requests answered 502 in the last minute")
                .build();
        CauseAssessment down = CauseAssessment.newBuilder()
                .setCause(Cause.PHP_FPM_DOWN)
                .setConfidence(0.91)
                .setEvidence(List.of(refused, derived))
                .setContraryEvidence(List.of())
                .setSummary("PHP-FPM on web-1 refuses connections")
                .build();
        CauseAssessment spike = CauseAssessment.newBuilder()
                .setCause(Cause.TRAFFIC_SPIKE)
                .setConfidence(0.12)
                .setContraryEvidence(List.of(derived))
                .build();
        return Incident.newBuilder()
                .setIncidentId("shop.example.com/BAD_GATEWAY/1714731330123")
                .setSite("shop.example.com")
                .setKind(IncidentKind.BAD_GATEWAY)
                .setState(IncidentState.OPEN)
                .setOpenedAt(T0)
                .setUpdatedAt(T0.plusSeconds(30))
                .setFirstErrorAt(T0.minusSeconds(2))
                .setLastErrorAt(T0.plusSeconds(29))
                .setErrorCount(312)
                .setRequestCount(505)
                .setHosts(List.of("web-1", "web-2"))
                .setCauses(List.of(down, spike))
                .setCorrelationId("db-cluster-1")
                .setReopenCount(1)
                .setVersion(7)
                .setCommands(List.of(CommandRef.newBuilder()
                        .setCommandId("cmd-1")
                        .setAction(Action.RESTART_PHP_FPM)
                        .setMode(CommandMode.DRY_RUN)
                        .setIssuedAt(T0.plusSeconds(31))
                        .build()))
                .setSummary("502s on shop.example.com: PHP-FPM down on web-1")
                .build();
    }

    static TelemetryEvent gatewayError() {
        return TelemetryEvent.newBuilder()
                .setEventTime(T0)
                .setSite("shop.example.com")
                .setHost("web-1")
                .setSourceType("nginx-error")
                .setSource(source(99))
                .setExcerpt("2024/05/03 10:15:30 [error] 812#812: *4417 connect() failed (111: Connection refused)")
                .setPayload(GatewayErrorEvent.newBuilder()
                        .setLevel("error")
                        .setPid(812)
                        .setConnection(4417L)
                        .setKind(UpstreamErrorKind.CONNECTION_REFUSED)
                        .setErrno(111)
                        .setMessage("connect() to unix:/run/php/php8.2-fpm.sock failed")
                        .setUpstream("fastcgi://unix:/run/php/php8.2-fpm.sock:")
                        .setHostHeader("shop.example.com")
                        .build())
                .build();
    }

    static TelemetryEvent metric() {
        return TelemetryEvent.newBuilder()
                .setEventTime(T0)
                .setSite(null)
                .setHost("db-1")
                .setSourceType("telegraf")
                .setSource(source(7))
                .setExcerpt("{\"name\":\"mysql\"}")
                .setPayload(MetricSample.newBuilder()
                        .setName("mysql")
                        .setTags(Map.of("host", "db-1", "server", "127.0.0.1:3306"))
                        .setFields(Map.of("threads_running", 42.0, "slow_queries", 3.0))
                        .build())
                .build();
    }

    static Site site() {
        return Site.newBuilder()
                .setSite("shop.example.com")
                .setHosts(List.of("web-1", "web-2"))
                .setFpmPool("shop")
                .setDatabase("db-cluster-1")
                .setLearned(true)
                .setUpdatedAt(T0)
                .build();
    }
}
