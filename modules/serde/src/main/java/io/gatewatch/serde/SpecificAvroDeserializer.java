package io.gatewatch.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads records in the Schema Registry wire format into generated Avro classes.
 *
 * <p>The writer schema comes from the registry by the id in each record; Avro's schema resolution
 * then maps it onto the reader class's schema, so records written with an older or newer
 * compatible schema still decode. Readers are built once per writer id.
 *
 * <p>Without a target class the class is chosen by the writer schema's full name, which is what
 * Confluent's {@code specific.avro.reader=true} does.
 */
public final class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    static {
        AvroTrust.install();
    }

    private final Class<T> type;
    private final ConcurrentMap<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private volatile SchemaRegistryClient client;

    /** For instantiation by Kafka; the class follows from each writer schema's name. */
    public SpecificAvroDeserializer() {
        this.type = null;
    }

    /** {@link #configure(Map, boolean)} must follow. */
    public SpecificAvroDeserializer(Class<T> type) {
        this.type = Objects.requireNonNull(type, "type");
    }

    public SpecificAvroDeserializer(SchemaRegistryClient client, Class<T> type) {
        this.client = Objects.requireNonNull(client, "client");
        this.type = Objects.requireNonNull(type, "type");
    }

    /** Reads {@code schema.registry.url} unless a client was given. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            client = SerdeConfig.client(configs);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, data);
        DatumReader<T> reader = readers.get(id);
        if (reader == null) {
            // not computeIfAbsent: the registry call must not block other ids' readers
            reader = readerFor(topic, id);
            DatumReader<T> raced = readers.putIfAbsent(id, reader);
            reader = raced != null ? raced : reader;
        }
        try {
            return reader.read(null, WireFormat.decoder(data));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("could not decode Avro record from topic " + topic
                    + " written with schema id " + id + ": " + e, e);
        }
    }

    private DatumReader<T> readerFor(String topic, int id) {
        SchemaRegistryClient registry = client;
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroDeserializer is not configured: construct it with a "
                    + "SchemaRegistryClient or call configure() with " + SerdeConfig.SCHEMA_REGISTRY_URL);
        }
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("could not fetch writer schema id " + id + " for a record from topic "
                    + topic + ": " + e.getMessage(), e);
        }
        Class<?> target = type != null ? type : SpecificData.get().getClass(writer);
        if (target == null || !SpecificRecord.class.isAssignableFrom(target)) {
            throw new SerializationException("no generated Avro class for " + writer.getFullName()
                    + " (schema id " + id + ", topic " + topic + ") on the classpath");
        }
        SpecificData model = SpecificData.getForClass(target);
        Schema readerSchema = model.getSchema(target);
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("record from topic " + topic + " written with schema id " + id + " ("
                    + writer.getFullName() + ") cannot be read as " + target.getName() + ": "
                    + compatibility.getResult().getIncompatibilities());
        }
        return new SpecificDatumReader<>(writer, readerSchema, model);
    }
}
