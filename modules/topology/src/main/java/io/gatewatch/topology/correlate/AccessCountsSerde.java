package io.gatewatch.topology.correlate;

import io.gatewatch.avro.AccessCounts;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Fixed 57-byte layout (a version byte and seven longs) for a site's per-second counts. They travel only
 * through Gatewatch's own repartition topic and changelog, once per site and second, so they skip Avro
 * encoding and the registry: the point of reducing access lines early is that each costs next to nothing.
 */
public final class AccessCountsSerde implements Serde<AccessCounts> {

    static final byte VERSION = 1;
    static final int SIZE = 1 + 7 * Long.BYTES;

    @Override
    public Serializer<AccessCounts> serializer() {
        return (topic, c) -> c == null ? null : write(c, ByteBuffer.allocate(SIZE)).array();
    }

    @Override
    public Deserializer<AccessCounts> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(topic, ByteBuffer.wrap(bytes));
    }

    static ByteBuffer write(AccessCounts c, ByteBuffer b) {
        return b.put(VERSION).putLong(c.getSecond().toEpochMilli()).putLong(c.getLastEventTime().toEpochMilli())
                .putLong(c.getRequests()).putLong(c.getOk()).putLong(c.getServerErrors()).putLong(c.getBadGateway())
                .putLong(c.getGatewayTimeout());
    }

    /** Reads the counts at the buffer's position; the rest of the buffer must be exactly one record. */
    static AccessCounts read(String topic, ByteBuffer b) {
        if (b.remaining() != SIZE || b.get(b.position()) != VERSION) {
            throw new SerializationException("access counts in " + topic + ": expected " + SIZE + " bytes of version "
                    + VERSION + ", got " + b.remaining() + " bytes");
        }
        b.get();
        return new AccessCounts(Instant.ofEpochMilli(b.getLong()), Instant.ofEpochMilli(b.getLong()), b.getLong(),
                b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }
}
