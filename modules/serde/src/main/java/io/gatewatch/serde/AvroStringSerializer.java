package io.gatewatch.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes strings as the Avro primitive {@code "string"} in the Schema Registry wire format.
 *
 * <p>For keys: consumers that decode every key with the registry (Confluent's
 * {@code KafkaAvroDeserializer}, Python's {@code AvroConsumer}) can then read Gatewatch topics
 * without special cases.
 */
public final class AvroStringSerializer implements Serializer<String> {

    /** The Avro schema written under {@code <topic>-key}. */
    public static final Schema STRING_SCHEMA = Schema.create(Schema.Type.STRING);

    private final DatumWriter<Object> writer = new GenericDatumWriter<>(STRING_SCHEMA);
    private volatile SchemaRegistryClient client;
    private volatile WriterSchemaIds ids;

    /** For instantiation by Kafka; {@link #configure(Map, boolean)} must follow. */
    public AvroStringSerializer() {
    }

    public AvroStringSerializer(SchemaRegistryClient client, boolean isKey) {
        this.client = Objects.requireNonNull(client, "client");
        this.ids = new WriterSchemaIds(client, isKey, true);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            client = SerdeConfig.client(configs);
        }
        ids = new WriterSchemaIds(client, isKey, SerdeConfig.autoRegister(configs));
    }

    @Override
    public byte[] serialize(String topic, String data) {
        if (data == null) {
            return null;
        }
        WriterSchemaIds known = ids;
        if (known == null) {
            throw new IllegalStateException("AvroStringSerializer is not configured: construct it with a "
                    + "SchemaRegistryClient or call configure() with " + SerdeConfig.SCHEMA_REGISTRY_URL);
        }
        int id = known.idFor(topic, STRING_SCHEMA);
        try {
            return WireFormat.encode(id, data, writer);
        } catch (IOException e) {
            throw new SerializationException("could not encode string for topic " + topic, e);
        }
    }
}
