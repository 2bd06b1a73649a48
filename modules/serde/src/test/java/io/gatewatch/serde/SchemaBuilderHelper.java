package io.gatewatch.serde;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.apache.avro.Schema;

/** Variants of the generated schemas, as other producers or earlier releases would have them. */
final class SchemaBuilderHelper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaBuilderHelper() {
    }

    static Schema siteWithout(String... fields) throws Exception {
        ObjectNode site = (ObjectNode) JSON.readTree(io.gatewatch.avro.Site.getClassSchema().toString());
        ArrayNode kept = JSON.createArrayNode();
        Set<String> dropped = Set.of(fields);
        site.withArray("fields").forEach(f -> {
            if (!dropped.contains(f.get("name").asText())) {
                kept.add(f);
            }
        });
        site.set("fields", kept);
        return new Schema.Parser().parse(site.toString());
    }

    /** A small record schema named {@code Probe}, with the given fields as Avro JSON. */
    static Schema probe(String fieldsJson) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"test\","
                + "\"fields\":[" + fieldsJson + "]}");
    }
}
