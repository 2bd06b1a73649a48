package io.gatewatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.Action;
import io.gatewatch.avro.Cause;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentKind;
import io.gatewatch.avro.IncidentState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The public contract: documented, and with DESIGN.md's vocabulary. */
class ContractTest {

    private static List<Schema> schemas() throws IOException {
        Path dir = Path.of("../../schemas");
        List<Schema> out = new ArrayList<>();
        Schema.Parser parser = new Schema.Parser();
        try (Stream<Path> files = Files.list(dir)) {
            // parse dependencies first: retry until every file resolves
            List<Path> pending = new ArrayList<>(files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList());
            int guard = pending.size() * pending.size() + 1;
            while (!pending.isEmpty() && guard-- > 0) {
                Path p = pending.remove(0);
                try (InputStream in = Files.newInputStream(p)) {
                    out.add(parser.parse(in));
                } catch (org.apache.avro.SchemaParseException | org.apache.avro.AvroTypeException e) {
                    pending.add(p);
                    parser = rebuild(out);
                }
            }
            assertThat(pending).as("schemas that never resolved").isEmpty();
        }
        return out;
    }

    private static Schema.Parser rebuild(List<Schema> known) {
        Schema.Parser parser = new Schema.Parser();
        for (Schema s : known) {
            parser.parse(s.toString());
        }
        return parser;
    }

    @Test
    void everyRecordEnumAndFieldIsDocumented() throws IOException {
        List<Schema> all = schemas();
        assertThat(all).hasSizeGreaterThanOrEqualTo(30);
        for (Schema s : all) {
            assertThat(s.getDoc()).as(s.getFullName()).isNotBlank();
            if (s.getType() == Schema.Type.RECORD) {
                for (Schema.Field f : s.getFields()) {
                    assertThat(f.doc()).as(s.getName() + "." + f.name()).isNotBlank();
                }
            }
        }
    }

    @Test
    void vocabularyIsDesignsAndEnumsHaveDefaultsForEvolution() {
        assertThat(Cause.getClassSchema().getEnumSymbols()).containsExactly("PHP_FPM_DOWN", "PHP_FPM_WORKER_CRASH",
                "PHP_FPM_SATURATED", "TRAFFIC_SPIKE", "HOST_RESOURCE_EXHAUSTION", "DATABASE_SLOW", "PLUGIN_OR_THEME_FAULT",
                "CACHE_FAILURE", "CDN_EDGE", "UPSTREAM_HEADER_TOO_BIG", "UPSTREAM_UNREACHABLE", "UNKNOWN");
        assertThat(Action.getClassSchema().getEnumSymbols()).contains("RESTART_PHP_FPM", "RAISE_FPM_MAX_CHILDREN",
                "SCALE_OUT", "SCALE_UP", "NOTIFY", "DEACTIVATE_PLUGIN", "SWITCH_TO_DEFAULT_THEME", "PURGE_CACHE",
                "RESTART_CACHE", "PAUSE_CDN", "RAISE_FASTCGI_BUFFERS");
        assertThat(IncidentKind.getClassSchema().getEnumSymbols()).containsExactly("BAD_GATEWAY", "GATEWAY_TIMEOUT");
        assertThat(IncidentState.getClassSchema().getEnumSymbols()).containsExactly("OPEN", "MITIGATING", "RESOLVED");
        assertThat(Cause.getClassSchema().getEnumDefault()).isEqualTo("UNKNOWN");
        assertThat(Action.getClassSchema().getEnumDefault()).isEqualTo("NOTIFY");
    }

    @Test
    void evidenceNamesTopicPartitionOffsetTimeAndExcerpt() {
        Schema evidence = Incident.getClassSchema().getField("causes").schema().getElementType()
                .getField("evidence").schema().getElementType();
        Schema source = evidence.getField("source").schema().getTypes().get(1);
        assertThat(source.getFields()).extracting(Schema.Field::name).containsExactly("topic", "partition", "offset");
        assertThat(evidence.getField("eventTime")).isNotNull();
        assertThat(evidence.getField("excerpt")).isNotNull();
    }
}
