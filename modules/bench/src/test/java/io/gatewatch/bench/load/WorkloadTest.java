package io.gatewatch.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.model.Topics;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.Parsers;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    private static final long T0 = 1_795_597_200_000L; // 2026-11-25T09:00:00Z

    @Test
    void everyGeneratedLineParsesAsAnEventWithItsOwnTime() {
        Fleet fleet = new Fleet(200, 1);
        Workload workload = new Workload(fleet, 2, 400);
        for (Workload.IncidentType type : Workload.IncidentType.values()) {
            workload.addIncident(new Workload.Incident(type.ordinal() * 7, type, T0 + 20_000, T0 + 50_000));
        }
        Map<InputRecord.Kind, Integer> kinds = new EnumMap<>(InputRecord.Kind.class);
        Set<String> rejected = new HashSet<>();
        int records = 0;
        for (int s = 0; s < 60; s++) {
            List<InputRecord> second = workload.second(T0 + s * 1000L, Set.of());
            for (InputRecord r : second) {
                records++;
                kinds.merge(r.kind(), 1, Integer::sum);
                String format = r.format() != null ? r.format() : Topics.METRICS.equals(r.topic()) ? "telegraf" : null;
                LineParser parser = Parsers.forFormat(format).orElseThrow();
                ParseResult result = parser.parse(r.value(), new ParseContext(ZoneOffset.UTC, r.site(), r.host()));
                if (!result.isEvent()) {
                    rejected.add(format + ": " + result.reason() + " " + result.detail() + " <- " + r.value());
                } else {
                    assertThat(result.eventTimeMillis() / 1000).as(r.value()).isEqualTo(r.timestamp() / 1000);
                }
                assertThat(parser.mayContinue(r.value())).as("complete entry: " + r.value()).isFalse();
            }
        }
        assertThat(rejected).isEmpty();
        assertThat(records).isGreaterThan(60 * 400);
        assertThat(kinds.get(InputRecord.Kind.ACCESS)).isGreaterThan(records * 8 / 10);
        assertThat(kinds).containsKeys(InputRecord.Kind.values());
    }

    @Test
    void aBurstCrossesTheThresholdsAtTheFifthFailingRequest() {
        Workload workload = new Workload(new Fleet(50, 1), 2, 100);
        Workload.Burst burst = workload.burst(3, Workload.IncidentType.PHP_FPM_DOWN, T0, 8, 100, 5, 0.2);
        InputRecord crossing = burst.records().get(burst.crossing());
        assertThat(crossing.kind()).isEqualTo(InputRecord.Kind.ACCESS);
        assertThat(crossing.value()).contains("\" 502 ");
        long failingBefore = burst.records().subList(0, burst.crossing() + 1).stream()
                .filter(r -> r.kind() == InputRecord.Kind.ACCESS && r.value().contains("\" 502 ")).count();
        assertThat(failingBefore).isEqualTo(5);
    }
}
