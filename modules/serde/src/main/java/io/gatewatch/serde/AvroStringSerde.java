package io.gatewatch.serde;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Serde for Avro {@code "string"} values in the Schema Registry wire format, meant for keys. */
public final class AvroStringSerde implements Serde<String> {

    private final AvroStringSerializer serializer;
    private final AvroStringDeserializer deserializer;

    /** For instantiation by Kafka ({@code default.key.serde}); {@link #configure} must follow. */
    public AvroStringSerde() {
        this.serializer = new AvroStringSerializer();
        this.deserializer = new AvroStringDeserializer();
    }

    /** Ready to use, no configure needed. */
    public AvroStringSerde(SchemaRegistryClient client, boolean isKey) {
        Objects.requireNonNull(client, "client");
        this.serializer = new AvroStringSerializer(client, isKey);
        this.deserializer = new AvroStringDeserializer(client);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<String> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<String> deserializer() {
        return deserializer;
    }
}
