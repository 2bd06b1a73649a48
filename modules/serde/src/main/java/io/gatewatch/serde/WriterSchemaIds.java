package io.gatewatch.serde;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The schema id a serializer writes for a topic, found once per topic and schema.
 *
 * <p>The hot path is two map reads that end in an identity comparison: records of a generated
 * class all share the class's schema object.
 */
final class WriterSchemaIds {

    private final SchemaRegistryClient client;
    private final boolean isKey;
    private final boolean autoRegister;
    // per topic, by schema: Schema caches its hash and equals starts with ==, so this stays cheap
    private final ConcurrentMap<String, ConcurrentMap<Schema, Integer>> byTopic = new ConcurrentHashMap<>();

    WriterSchemaIds(SchemaRegistryClient client, boolean isKey, boolean autoRegister) {
        this.client = Objects.requireNonNull(client, "client");
        this.isKey = isKey;
        this.autoRegister = autoRegister;
    }

    int idFor(String topic, Schema schema) {
        ConcurrentMap<Schema, Integer> known = byTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>());
        Integer cached = known.get(schema);
        if (cached != null) {
            return cached;
        }
        String subject = TopicNameStrategy.subject(topic, isKey);
        int id;
        try {
            id = autoRegister ? client.register(subject, schema) : client.idFor(subject, schema);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("could not " + (autoRegister ? "register" : "look up") + " schema "
                    + schema.getFullName() + " under subject " + subject + ": " + e.getMessage(), e);
        }
        known.put(schema, id);
        return id;
    }
}
