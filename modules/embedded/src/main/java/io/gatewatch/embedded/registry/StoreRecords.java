package io.gatewatch.embedded.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatewatch.serde.CompatibilityLevel;
import io.gatewatch.serde.SchemaRegistryState;
import io.gatewatch.serde.Schemas;
import io.gatewatch.serde.StoredSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON records of the {@code _schemas} topic, in the layout Confluent's registry uses, so the
 * topic is readable by the usual tools and a Confluent-written topic can be replayed here.
 *
 * <pre>
 * {"keytype":"SCHEMA","subject":"s","version":1,"magic":1}
 *     -> {"subject":"s","version":1,"id":1,"schema":"...","deleted":false}
 * {"keytype":"CONFIG","subject":null,"magic":0}            -> {"compatibilityLevel":"BACKWARD"}
 * </pre>
 */
final class StoreRecords {

    private static final Logger LOG = LoggerFactory.getLogger(StoreRecords.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreRecords() {
    }

    static byte[] schemaKey(String subject, int version) {
        // field order is fixed: compaction compares key bytes, so a key must always render the same
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "SCHEMA");
        key.put("subject", Objects.requireNonNull(subject, "subject"));
        key.put("version", version);
        key.put("magic", 1);
        return bytes(key);
    }

    static byte[] schemaValue(StoredSchema stored) {
        ObjectNode value = JSON.createObjectNode();
        value.put("subject", stored.subject());
        value.put("version", stored.version());
        value.put("id", stored.id());
        value.put("schema", Schemas.canonical(stored.schema()));
        value.put("deleted", stored.deleted());
        return bytes(value);
    }

    /** @param subject null for the global level */
    static byte[] configKey(String subject) {
        ObjectNode key = JSON.createObjectNode();
        key.put("keytype", "CONFIG");
        if (subject == null) {
            key.putNull("subject");
        } else {
            key.put("subject", subject);
        }
        key.put("magic", 0);
        return bytes(key);
    }

    static byte[] configValue(CompatibilityLevel level) {
        ObjectNode value = JSON.createObjectNode();
        value.put("compatibilityLevel", Objects.requireNonNull(level, "level").name());
        return bytes(value);
    }

    /**
     * Applies one record of the topic to {@code state}. Record types this registry does not use
     * (NOOP, MODE, DELETE_SUBJECT ...) and damaged records are skipped with a log line rather than
     * failing the start: one bad record should not take every schema with it.
     */
    static void apply(SchemaRegistryState state, byte[] keyBytes, byte[] valueBytes) {
        JsonNode key;
        try {
            key = JSON.readTree(keyBytes);
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping schema store record with an unreadable key: {}", e.toString());
            return;
        }
        if (key == null || !key.isObject()) {
            LOG.warn("skipping schema store record whose key is not a JSON object");
            return;
        }
        String keytype = key.path("keytype").asText("");
        try {
            switch (keytype) {
                case "SCHEMA" -> applySchema(state, key, valueBytes);
                case "CONFIG" -> applyConfig(state, key, valueBytes);
                default -> LOG.debug("ignoring schema store record of type '{}'", keytype);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("skipping damaged schema store record {}: {}", key, e.toString());
        }
    }

    private static void applySchema(SchemaRegistryState state, JsonNode key, byte[] valueBytes) throws IOException {
        String subject = key.path("subject").asText();
        if (valueBytes == null) {
            state.forget(subject, key.path("version").asInt());
            return;
        }
        JsonNode value = JSON.readTree(valueBytes);
        String type = value.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            LOG.warn("ignoring {} schema {} version {}: the embedded registry serves Avro only", type, subject,
                    value.path("version").asInt());
            return;
        }
        state.apply(new StoredSchema(value.path("subject").asText(subject), value.path("version").asInt(),
                value.path("id").asInt(), Schemas.parse(value.path("schema").asText()),
                value.path("deleted").asBoolean(false)));
    }

    private static void applyConfig(SchemaRegistryState state, JsonNode key, byte[] valueBytes) throws IOException {
        JsonNode subjectNode = key.get("subject");
        String subject = subjectNode == null || subjectNode.isNull() ? null : subjectNode.asText();
        if (valueBytes == null) {
            if (subject == null) {
                state.setGlobalCompatibility(SchemaRegistryState.DEFAULT_COMPATIBILITY);
            } else {
                state.clearSubjectCompatibility(subject);
            }
            return;
        }
        JsonNode level = JSON.readTree(valueBytes).get("compatibilityLevel");
        if (level == null || level.isNull()) {
            return; // a config record about something else (Confluent also stores normalize, alias ...)
        }
        CompatibilityLevel parsed = CompatibilityLevel.parse(level.asText());
        if (subject == null) {
            state.setGlobalCompatibility(parsed);
        } else {
            state.setSubjectCompatibility(subject, parsed);
        }
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }
}
