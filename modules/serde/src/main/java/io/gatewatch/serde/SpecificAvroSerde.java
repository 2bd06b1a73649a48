package io.gatewatch.serde;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde for generated Avro records in the Schema Registry wire format; see
 * {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer}.
 */
public final class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    /** For instantiation by Kafka ({@code default.value.serde}); {@link #configure} must follow. */
    public SpecificAvroSerde() {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>();
    }

    /** Reads into {@code type}; {@link #configure} must follow. */
    public SpecificAvroSerde(Class<T> type) {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>(Objects.requireNonNull(type, "type"));
    }

    /** Ready to use, no configure needed. */
    public SpecificAvroSerde(Class<T> type, SchemaRegistryClient client, boolean isKey) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(client, "client");
        this.serializer = new SpecificAvroSerializer<>(client, isKey);
        this.deserializer = new SpecificAvroDeserializer<>(client, type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }
}
