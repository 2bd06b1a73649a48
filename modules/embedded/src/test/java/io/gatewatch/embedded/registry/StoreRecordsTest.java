package io.gatewatch.embedded.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.serde.CompatibilityLevel;
import io.gatewatch.serde.SchemaRegistryState;
import io.gatewatch.serde.StoredSchema;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StoreRecordsTest {

    @Test
    void recordsUseConfluentsLayout() {
        StoredSchema stored = new StoredSchema("s", 3, 7, TestSchemas.V1, false);

        assertThat(text(StoreRecords.schemaKey("s", 3)))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":3,\"magic\":1}");
        assertThat(text(StoreRecords.schemaValue(stored))).isEqualTo("{\"subject\":\"s\",\"version\":3,\"id\":7,"
                + "\"schema\":" + quoted(TestSchemas.V1.toString()) + ",\"deleted\":false}");
        assertThat(text(StoreRecords.configKey(null)))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(text(StoreRecords.configValue(CompatibilityLevel.FULL)))
                .isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
    }

    @Test
    void replayAppliesSchemasConfigsAndTombstonesAndSkipsTheRest() {
        SchemaRegistryState state = new SchemaRegistryState();

        StoreRecords.apply(state, StoreRecords.schemaKey("s", 1),
                StoreRecords.schemaValue(new StoredSchema("s", 1, 4, TestSchemas.V1, false)));
        StoreRecords.apply(state, StoreRecords.configKey("s"), StoreRecords.configValue(CompatibilityLevel.NONE));
        StoreRecords.apply(state, StoreRecords.configKey(null), StoreRecords.configValue(CompatibilityLevel.FULL));
        StoreRecords.apply(state, bytes("{\"keytype\":\"NOOP\",\"magic\":0}"), null);
        StoreRecords.apply(state, bytes("not json"), bytes("{}"));
        StoreRecords.apply(state, StoreRecords.schemaKey("s", 2), bytes("{\"broken\":"));

        assertThat(state.schemaById(4)).isEqualTo(TestSchemas.V1);
        assertThat(state.versions("s", false)).containsExactly(1);
        assertThat(state.effectiveCompatibility("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(state.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);

        StoreRecords.apply(state, StoreRecords.configKey("s"), null);
        StoreRecords.apply(state, StoreRecords.schemaKey("s", 1), null);

        assertThat(state.effectiveCompatibility("s")).isEqualTo(CompatibilityLevel.FULL);
        assertThat(state.subjects(true)).isEmpty();
        assertThat(state.maxId()).isEqualTo(4);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String quoted(String text) {
        return RegistryHttp.JSON.createObjectNode().put("x", text).get("x").toString();
    }
}
