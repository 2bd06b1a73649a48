package io.gatewatch.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in the Schema Registry wire format, registering the record's
 * schema under {@code <topic>-key} or {@code <topic>-value} on first use.
 *
 * <p>Either construct it with a client, or use the no-argument constructor and
 * {@link #configure(Map, boolean)} with {@code schema.registry.url} (as Kafka does for serializer
 * class names in its configuration).
 */
public final class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    static {
        AvroTrust.install();
    }

    private final ConcurrentMap<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private volatile SchemaRegistryClient client;
    private volatile WriterSchemaIds ids;

    /** For instantiation by Kafka; {@link #configure(Map, boolean)} must follow. */
    public SpecificAvroSerializer() {
    }

    public SpecificAvroSerializer(SchemaRegistryClient client, boolean isKey) {
        this.client = Objects.requireNonNull(client, "client");
        this.ids = new WriterSchemaIds(client, isKey, true);
    }

    /** Reads {@code schema.registry.url} unless a client was given, and {@code auto.register.schemas}. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            client = SerdeConfig.client(configs);
        }
        ids = new WriterSchemaIds(client, isKey, SerdeConfig.autoRegister(configs));
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null; // tombstones stay tombstones
        }
        WriterSchemaIds known = ids;
        if (known == null) {
            throw new IllegalStateException("SpecificAvroSerializer is not configured: construct it with a "
                    + "SchemaRegistryClient or call configure() with " + SerdeConfig.SCHEMA_REGISTRY_URL);
        }
        Schema schema = data.getSchema();
        int id = known.idFor(topic, schema);
        try {
            return WireFormat.encode(id, data, writers.computeIfAbsent(schema, s -> writerFor(s, data)));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("could not encode " + schema.getFullName() + " for topic " + topic
                    + ": " + e.getMessage(), e);
        }
    }

    private DatumWriter<T> writerFor(Schema schema, T sample) {
        // the generated class's own model carries its logical-type conversions (timestamps as Instant)
        SpecificData model = sample instanceof SpecificRecordBase base
                ? base.getSpecificData() : SpecificData.getForSchema(schema);
        return new SpecificDatumWriter<>(schema, model);
    }
}
