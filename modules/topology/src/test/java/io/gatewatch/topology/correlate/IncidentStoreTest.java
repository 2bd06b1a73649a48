package io.gatewatch.topology.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentKind;
import io.gatewatch.avro.IncidentState;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClients;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IncidentStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private KeyValueStore<String, Incident> store;

    @BeforeEach
    void setUp() {
        MockProcessorContext<String, Incident> context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.INCIDENTS), Serdes.String(),
                        GatewatchSerdes.of(Incident.class, SchemaRegistryClients.forUrl("mock://" + UUID.randomUUID()), false))
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
    }

    @Test
    void knowsWhichSitesHaveAnOpenIncidentThroughWritesAndRestarts() {
        IncidentStore incidents = new IncidentStore(store);
        String badGateway = IncidentIds.storeKey("a.test", IncidentKind.BAD_GATEWAY);
        String timeout = IncidentIds.storeKey("a.test", IncidentKind.GATEWAY_TIMEOUT);
        assertThat(incidents.hasOpen("a.test")).isFalse();

        incidents.put(badGateway, incident("a.test", IncidentKind.BAD_GATEWAY, IncidentState.OPEN));
        incidents.put(timeout, incident("a.test", IncidentKind.GATEWAY_TIMEOUT, IncidentState.OPEN));
        incidents.put(IncidentIds.storeKey("b.test", IncidentKind.BAD_GATEWAY),
                incident("b.test", IncidentKind.BAD_GATEWAY, IncidentState.RESOLVED));
        assertThat(incidents.hasOpen("a.test")).isTrue();
        assertThat(incidents.hasOpen("b.test")).isFalse();
        // a restarted task learns the same from the store
        assertThat(new IncidentStore(store).hasOpen("a.test")).isTrue();
        assertThat(new IncidentStore(store).hasOpen("b.test")).isFalse();

        // one of two resolving leaves the site open; both, and it is not
        incidents.put(badGateway, incident("a.test", IncidentKind.BAD_GATEWAY, IncidentState.RESOLVED));
        assertThat(incidents.hasOpen("a.test")).isTrue();
        incidents.put(badGateway, incident("a.test", IncidentKind.BAD_GATEWAY, IncidentState.OPEN));
        incidents.put(badGateway, incident("a.test", IncidentKind.BAD_GATEWAY, IncidentState.OPEN));
        incidents.delete(timeout);
        assertThat(incidents.hasOpen("a.test")).isTrue();
        incidents.put(badGateway, incident("a.test", IncidentKind.BAD_GATEWAY, IncidentState.RESOLVED));
        assertThat(incidents.hasOpen("a.test")).isFalse();
        assertThat(new IncidentStore(store).hasOpen("a.test")).isFalse();
        assertThat(incidents.get(badGateway).getState()).isEqualTo(IncidentState.RESOLVED);
        assertThat(incidents.get(timeout)).isNull();
    }

    private static Incident incident(String site, IncidentKind kind, IncidentState state) {
        Incident i = new Incident();
        i.setIncidentId(IncidentIds.of(site, kind, T0));
        i.setSite(site);
        i.setKind(kind);
        i.setState(state);
        i.setOpenedAt(T0);
        i.setUpdatedAt(T0);
        i.setResolvedAt(state == IncidentState.RESOLVED ? T0.plusSeconds(60) : null);
        i.setFirstErrorAt(T0);
        i.setLastErrorAt(T0);
        i.setErrorCount(10);
        i.setRequestCount(20);
        i.setHosts(List.of("web-1"));
        i.setCauses(List.of());
        i.setCommands(new ArrayList<>());
        i.setSummary("502 Bad Gateway on " + site);
        i.setReopenCount(0);
        i.setVersion(1L);
        return i;
    }
}
