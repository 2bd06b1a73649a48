package io.gatewatch.topology.correlate;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Fixed 41-byte layout (a version byte and five longs) for the per-second counters. These live only
 * in a state store and its changelog, are written once per access line, and never leave Gatewatch,
 * so they skip Avro and the registry.
 */
public final class TrafficCountsSerde implements Serde<TrafficCounts> {

    private static final byte VERSION = 1;
    private static final int SIZE = 1 + 5 * Long.BYTES;

    @Override
    public Serializer<TrafficCounts> serializer() {
        return (topic, c) -> {
            if (c == null) {
                return null;
            }
            return ByteBuffer.allocate(SIZE).put(VERSION).putLong(c.requests()).putLong(c.ok())
                    .putLong(c.serverErrors()).putLong(c.badGateway()).putLong(c.gatewayTimeout()).array();
        };
    }

    @Override
    public Deserializer<TrafficCounts> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            if (bytes.length != SIZE || bytes[0] != VERSION) {
                throw new SerializationException("traffic counters in " + topic + ": expected " + SIZE
                        + " bytes of version " + VERSION + ", got " + bytes.length + " bytes");
            }
            ByteBuffer b = ByteBuffer.wrap(bytes, 1, SIZE - 1);
            return new TrafficCounts(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
        };
    }
}
