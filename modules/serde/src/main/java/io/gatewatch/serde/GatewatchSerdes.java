package io.gatewatch.serde;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/** Factory for the project's serdes, in the spirit of Kafka's {@code Serdes}. */
public final class GatewatchSerdes {

    private GatewatchSerdes() {
    }

    /** A ready serde for {@code type}, registering under {@code <topic>-key} or {@code <topic>-value}. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> of(Class<T> type, SchemaRegistryClient client,
            boolean isKey) {
        return new SpecificAvroSerde<>(Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(client, "client"), isKey);
    }

    /** A ready value serde for {@code type}. */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> value(Class<T> type, SchemaRegistryClient client) {
        return of(type, client, false);
    }

    /** A ready value serde for {@code type} on the registry at {@code url} (or {@code mock://NAME}). */
    public static <T extends SpecificRecord> SpecificAvroSerde<T> value(Class<T> type, String url) {
        return of(type, SchemaRegistryClients.forUrl(url), false);
    }

    /** A ready key serde writing Avro strings. */
    public static AvroStringSerde stringKey(SchemaRegistryClient client) {
        return new AvroStringSerde(Objects.requireNonNull(client, "client"), true);
    }

    /** A ready key serde writing Avro strings, on the registry at {@code url} (or {@code mock://NAME}). */
    public static AvroStringSerde stringKey(String url) {
        return stringKey(SchemaRegistryClients.forUrl(url));
    }
}
