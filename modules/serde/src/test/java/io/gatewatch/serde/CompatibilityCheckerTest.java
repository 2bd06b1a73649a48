package io.gatewatch.serde;

import static io.gatewatch.serde.SchemaBuilderHelper.probe;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.avro.Site;
import io.gatewatch.serde.CompatibilityChecker.Prior;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityCheckerTest {

    private static final Schema V1 = probe("{\"name\":\"a\",\"type\":\"string\"}");
    private static final Schema WITH_DEFAULT = probe(
            "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\",\"default\":0}");
    private static final Schema WITHOUT_DEFAULT = probe(
            "{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"int\"}");
    private static final Schema RETYPED = probe("{\"name\":\"a\",\"type\":\"int\"}");
    private static final Schema EMPTY = probe("");

    @Test
    void addingAFieldWithADefaultIsBackwardCompatible() {
        assertThat(check(CompatibilityLevel.BACKWARD, WITH_DEFAULT, V1)).isEmpty();
        assertThat(check(CompatibilityLevel.FULL, WITH_DEFAULT, V1)).isEmpty();
    }

    @Test
    void addingAFieldWithoutADefaultIsNotBackwardCompatible() {
        assertThat(check(CompatibilityLevel.BACKWARD, WITHOUT_DEFAULT, V1))
                .singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("b")
                .contains("new schema cannot read data written with version 1");
        // old readers simply ignore the new field
        assertThat(check(CompatibilityLevel.FORWARD, WITHOUT_DEFAULT, V1)).isEmpty();
    }

    @Test
    void removingAFieldWithoutADefaultBreaksOldReaders() {
        assertThat(check(CompatibilityLevel.BACKWARD, EMPTY, V1)).isEmpty();
        assertThat(check(CompatibilityLevel.FORWARD, EMPTY, V1))
                .singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("version 1 cannot read data written with the new schema");
        assertThat(check(CompatibilityLevel.FULL, EMPTY, V1)).hasSize(1);
    }

    @Test
    void changingAFieldTypeIsRejected() {
        assertThat(check(CompatibilityLevel.BACKWARD, RETYPED, V1))
                .singleElement().asString().contains("TYPE_MISMATCH").contains("/fields/0/type");
        assertThat(check(CompatibilityLevel.FULL, RETYPED, V1)).hasSize(2);
    }

    @Test
    void noneAcceptsAnything() {
        assertThat(check(CompatibilityLevel.NONE, RETYPED, V1)).isEmpty();
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersionOthersOnlyTheLatest() {
        // v1 {a: string}, v2 {} (backward-compatible), candidate {a: int = 0}: reads v2 data, not v1 data
        Schema candidate = probe("{\"name\":\"a\",\"type\":\"int\",\"default\":0}");
        List<Prior> priors = List.of(new Prior(1, V1), new Prior(2, EMPTY));

        assertThat(CompatibilityChecker.incompatibilities(CompatibilityLevel.BACKWARD, candidate, priors)).isEmpty();
        assertThat(CompatibilityChecker.incompatibilities(CompatibilityLevel.BACKWARD_TRANSITIVE, candidate, priors))
                .singleElement().asString().contains("TYPE_MISMATCH").contains("version 1");
    }

    @Test
    void aFirstVersionIsAlwaysCompatible() {
        assertThat(CompatibilityChecker.isCompatible(CompatibilityLevel.FULL_TRANSITIVE, RETYPED, List.of())).isTrue();
    }

    @Test
    void generatedSchemasAreCompatibleWithThemselvesUnderEveryLevel() {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(check(level, Site.getClassSchema(), Site.getClassSchema())).as(level.name()).isEmpty();
        }
    }

    @Test
    void levelsParseCaseInsensitivelyAndRejectOthersWithTheRegistryErrorCode() {
        assertThat(CompatibilityLevel.parse("full_transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThatThrownBy(() -> CompatibilityLevel.parse("SIDEWAYS"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(422);
                    assertThat(e.errorCode()).isEqualTo(42203);
                })
                .hasMessageContaining("SIDEWAYS")
                .hasMessageContaining("backward_transitive");
    }

    private static List<String> check(CompatibilityLevel level, Schema candidate, Schema previous) {
        return CompatibilityChecker.incompatibilities(level, candidate, List.of(new Prior(1, previous)));
    }
}
