package io.gatewatch.serde;

import static io.gatewatch.serde.SchemaBuilderHelper.probe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

    private static final Schema V1 = probe("{\"name\":\"a\",\"type\":\"string\"}");
    private static final Schema V2 = probe(
            "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    private static final Schema BREAKING = probe(
            "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"c\",\"type\":\"long\"}");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();

    @Test
    void registeringIsIdempotentAndVersionsAccumulate() {
        int first = registry.register("s", V1);
        assertThat(registry.register("s", probe("{\"name\":\"a\", \"type\": \"string\"}"))).isEqualTo(first);
        int second = registry.register("s", V2);

        assertThat(second).isNotEqualTo(first);
        assertThat(registry.versions("s")).containsExactly(1, 2);
        assertThat(registry.latest("s")).isEqualTo(new RegisteredSchema("s", 2, second, V2));
        assertThat(registry.schemaById(first)).isEqualTo(V1);
        assertThat(registry.idFor("s", V1)).isEqualTo(first);
    }

    @Test
    void theSameSchemaUnderAnotherSubjectKeepsItsGlobalId() {
        int id = registry.register("a-value", V1);

        assertThat(registry.register("b-value", V1)).isEqualTo(id);
        assertThat(registry.subjects()).containsExactly("a-value", "b-value");
    }

    @Test
    void incompatibleSchemaIsRejectedWithLevelAndReason() {
        registry.register("s", V1);

        assertThat(registry.isCompatible("s", BREAKING)).isFalse();
        assertThat(registry.isCompatible("s", V2)).isTrue();
        assertThat(registry.isCompatible("new-subject", BREAKING)).isTrue();
        assertThatThrownBy(() -> registry.register("s", BREAKING))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.isIncompatible()).isTrue();
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.registryMessage()).startsWith(
                            "Schema being registered is incompatible with an earlier schema for subject \"s\"");
                })
                .hasMessageStartingWith("schema for subject s rejected as incompatible (BACKWARD): ")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(registry.versions("s")).containsExactly(1);
    }

    @Test
    void subjectLevelOverridesTheGlobalOne() {
        registry.register("s", V1);
        registry.setCompatibility("s", CompatibilityLevel.NONE);

        assertThat(registry.compatibility("s")).isEqualTo(CompatibilityLevel.NONE);
        assertThat(registry.compatibility("other")).isEqualTo(CompatibilityLevel.BACKWARD);
        assertThat(registry.register("s", BREAKING)).isPositive();

        registry.setGlobalCompatibility(CompatibilityLevel.FULL);
        assertThat(registry.globalCompatibility()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(registry.compatibility("other")).isEqualTo(CompatibilityLevel.FULL);
    }

    @Test
    void unknownThingsAreNotFoundWithConfluentErrorCodes() {
        registry.register("s", V1);

        assertThatThrownBy(() -> registry.schemaById(99))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403))
                .hasMessage("Schema 99 not found");
        assertThatThrownBy(() -> registry.idFor("nope", V1))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40401))
                .hasMessage("Subject 'nope' not found.");
        assertThatThrownBy(() -> registry.idFor("s", V2))
                .isInstanceOfSatisfying(SchemaRegistryException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(40403));
    }

    @Test
    void mockUrlsWithTheSameNameShareOneRegistry() {
        String scope = "shared-" + System.nanoTime();
        try {
            SchemaRegistryClient one = SchemaRegistryClients.forUrl("mock://" + scope);
            SchemaRegistryClient two = SchemaRegistryClients.forUrl("mock://" + scope);
            SchemaRegistryClient other = SchemaRegistryClients.forUrl("mock://" + scope + "-other");

            one.register("s", V1);

            assertThat(two).isSameAs(one);
            assertThat(two.subjects()).containsExactly("s");
            assertThat(other.subjects()).isEmpty();

            InMemorySchemaRegistry.dropScope(scope);
            assertThat(SchemaRegistryClients.forUrl("mock://" + scope).subjects()).isEmpty();
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
            InMemorySchemaRegistry.dropScope(scope + "-other");
        }
    }

    @Test
    void httpUrlsGiveARestClientSharedPerUrl() {
        SchemaRegistryClient rest = SchemaRegistryClients.forUrl("http://127.0.0.1:1,http://127.0.0.1:2/");

        assertThat(rest).isInstanceOf(RestSchemaRegistryClient.class)
                .isSameAs(SchemaRegistryClients.forUrl("http://127.0.0.1:1,http://127.0.0.1:2/"));
        assertThat(((RestSchemaRegistryClient) rest).urls())
                .containsExactly("http://127.0.0.1:1", "http://127.0.0.1:2");
        assertThatThrownBy(() -> SchemaRegistryClients.forUrl("localhost:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://");
    }
}
