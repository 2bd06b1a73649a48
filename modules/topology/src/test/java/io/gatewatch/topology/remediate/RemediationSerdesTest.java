package io.gatewatch.topology.remediate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.Action;
import io.gatewatch.avro.Cause;
import io.gatewatch.avro.CommandMode;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.avro.RemediationResult;
import io.gatewatch.avro.ResultStatus;
import io.gatewatch.avro.SourceRef;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.serde.SchemaRegistryClients;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/** The stage's store values and the correlator's mixed by-site input survive a round trip. */
class RemediationSerdesTest {

    private static final Instant T = Instant.parse("2026-11-25T09:02:32Z");
    private static final String TOPIC = "gatewatch-events-by-site-repartition";

    @Test
    void siteHistoryRoundTrips() {
        SiteHistory h = SiteHistory.EMPTY
                .plus(new SiteHistory.Entry("i/RESTART_PHP_FPM/1", "i/RESTART_PHP_FPM/1", "i", Action.RESTART_PHP_FPM,
                        CommandMode.EXECUTE, true, 1000, 601_000, ResultStatus.SUCCEEDED, 6000))
                .plus(new SiteHistory.Entry("j/NOTIFY/1", "j/RESTART_PHP_FPM/1", "j", Action.NOTIFY,
                        CommandMode.APPROVAL, false, 2000, 602_000, null, -1));
        SiteHistory.SiteHistorySerde serde = new SiteHistory.SiteHistorySerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", h))).isEqualTo(h);
        assertThat(h.since(1500).entries()).extracting(SiteHistory.Entry::commandId).containsExactly("j/NOTIFY/1");
    }

    @Test
    void inFlightRoundTrips() {
        InFlight f = new InFlight("shop.example.test", 601_000);
        InFlight.InFlightSerde serde = new InFlight.InFlightSerde();
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", f))).isEqualTo(f);
    }

    @Test
    void telemetryCommandsAndResultsShareTheBySiteTopicAndTelemetryKeepsItsWireFormat() {
        SchemaRegistryClient registry = SchemaRegistryClients.forUrl("mock://" + UUID.randomUUID());
        CorrelateInputSerde serde = new CorrelateInputSerde(registry);
        TelemetryEvent event = new TelemetryEvent(T, "shop.example.test", "web-1", "nginx-access",
                new SourceRef("gatewatch.logs", 0, 7L), "GET / 502",
                new AccessEvent(502, "GET", "/", "HTTP/1.1", 157L, "127.0.0.1", null, null, null, "shop.example.test", null, null,
                        null, null));
        RemediationCommand command = new RemediationCommand("i/RESTART_PHP_FPM/1", "i", "shop.example.test", "web-1",
                Action.RESTART_PHP_FPM, Map.of("site", "shop.example.test"), CommandMode.EXECUTE, 1, Cause.PHP_FPM_DOWN,
                T, T.plusSeconds(600), "why");
        RemediationResult result = new RemediationResult("i/RESTART_PHP_FPM/1", "i", "shop.example.test", "web-1",
                Action.RESTART_PHP_FPM, ResultStatus.SUCCEEDED, T, T.plusSeconds(5), 0, "", "agent-1");
        for (SpecificRecord value : List.of(event, command, result)) {
            byte[] bytes = serde.serializer().serialize(TOPIC, value);
            assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(value);
        }
        // telemetry is written exactly as the plain TelemetryEvent serde writes it, so records already in
        // the topic from before the fold-back stay readable
        byte[] plain = GatewatchSerdes.of(TelemetryEvent.class, registry, false).serializer().serialize(TOPIC, event);
        assertThat(serde.serializer().serialize(TOPIC, event)).isEqualTo(plain);
    }
}
