package io.gatewatch.serde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads strings written by {@link AvroStringSerializer}, or by any writer whose schema resolves
 * to an Avro string (for example {@code ["null","string"]} or {@code bytes}).
 */
public final class AvroStringDeserializer implements Deserializer<String> {

    /** Marks a writer schema that is exactly {@code "string"}: read without Avro's schema resolution. */
    private static final DatumReader<Object> PLAIN_STRING = new GenericDatumReader<>(AvroStringSerializer.STRING_SCHEMA);

    private final ConcurrentMap<Integer, DatumReader<Object>> readers = new ConcurrentHashMap<>();
    private volatile SchemaRegistryClient client;

    /** For instantiation by Kafka; {@link #configure(Map, boolean)} must follow. */
    public AvroStringDeserializer() {
    }

    public AvroStringDeserializer(SchemaRegistryClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (client == null) {
            client = SerdeConfig.client(configs);
        }
    }

    @Override
    public String deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = WireFormat.schemaId(topic, data);
        DatumReader<Object> reader = readers.get(id);
        if (reader == null) {
            reader = readerFor(topic, id);
            DatumReader<Object> raced = readers.putIfAbsent(id, reader);
            reader = raced != null ? raced : reader;
        }
        if (reader == PLAIN_STRING) {
            return plainString(topic, id, data);
        }
        try {
            Object value = reader.read(null, WireFormat.decoder(data));
            return value == null ? null : value.toString();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("could not decode Avro string from topic " + topic
                    + " written with schema id " + id + ": " + e, e);
        }
    }

    private DatumReader<Object> readerFor(String topic, int id) {
        SchemaRegistryClient registry = client;
        if (registry == null) {
            throw new IllegalStateException("AvroStringDeserializer is not configured: construct it with a "
                    + "SchemaRegistryClient or call configure() with " + SerdeConfig.SCHEMA_REGISTRY_URL);
        }
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("could not fetch writer schema id " + id + " for a record from topic "
                    + topic + ": " + e.getMessage(), e);
        }
        Schema reader = AvroStringSerializer.STRING_SCHEMA;
        if (SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("record from topic " + topic + " was written with schema id " + id
                    + " of type " + writer.getType().getName() + ", which cannot be read as an Avro string");
        }
        // Keys are written as a plain string: decoding it needs no schema resolution (most keys are read here)
        return writer.getType() == Schema.Type.STRING ? PLAIN_STRING : new GenericDatumReader<>(writer, reader);
    }

    /** An Avro string: its byte length as a zig-zag varint, then UTF-8, filling the rest of the record. */
    private static String plainString(String topic, int id, byte[] data) {
        int pos = WireFormat.HEADER_SIZE;
        long raw = 0;
        int shift = 0;
        while (true) {
            if (pos >= data.length || shift > 63) {
                throw badString(topic, id, "truncated length");
            }
            byte b = data[pos++];
            raw |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                break;
            }
            shift += 7;
        }
        long length = (raw >>> 1) ^ -(raw & 1);
        if (length != data.length - pos) {
            throw badString(topic, id, "length " + length + " but " + (data.length - pos) + " bytes follow");
        }
        return new String(data, pos, (int) length, StandardCharsets.UTF_8);
    }

    private static SerializationException badString(String topic, int id, String why) {
        return new SerializationException("could not decode Avro string from topic " + topic
                + " written with schema id " + id + ": " + why);
    }

}
