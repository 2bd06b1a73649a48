package io.gatewatch.topology.correlate;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Fixed layouts for {@link TrafficBlock}s, which live only in a state store and its changelog and never leave
 * Gatewatch, so they skip Avro and the registry. Version 2: the version byte, the block's span in seconds,
 * the number n of seconds with requests, then n times the second's offset (a byte) and its five counters
 * (longs). Version 1, one second's five counters after the version byte (41 bytes), is what stores and
 * changelogs written before blocks hold; it is read as a block of one second.
 */
public final class TrafficBlockSerde implements Serde<TrafficBlock> {

    static final byte VERSION = 2;
    private static final byte V1 = 1;
    private static final int V1_SIZE = 1 + 5 * Long.BYTES;
    private static final int SECOND_SIZE = 1 + 5 * Long.BYTES;

    @Override
    public Serializer<TrafficBlock> serializer() {
        return (topic, block) -> block == null ? null : encode(block);
    }

    @Override
    public Deserializer<TrafficBlock> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(topic, bytes);
    }

    static byte[] encode(TrafficBlock block) {
        TrafficCounts[] seconds = block.seconds();
        if (seconds.length > Byte.MAX_VALUE) {
            throw new SerializationException("a traffic block spans at most " + Byte.MAX_VALUE + " seconds, not "
                    + seconds.length);
        }
        int n = 0;
        for (TrafficCounts c : seconds) {
            n += c == null ? 0 : 1;
        }
        ByteBuffer b = ByteBuffer.allocate(3 + n * SECOND_SIZE).put(VERSION).put((byte) seconds.length).put((byte) n);
        for (int i = 0; i < seconds.length; i++) {
            TrafficCounts c = seconds[i];
            if (c != null) {
                b.put((byte) i).putLong(c.requests()).putLong(c.ok()).putLong(c.serverErrors()).putLong(c.badGateway())
                        .putLong(c.gatewayTimeout());
            }
        }
        return b.array();
    }

    static TrafficBlock decode(String topic, byte[] bytes) {
        if (bytes.length == V1_SIZE && bytes[0] == V1) {
            return TrafficBlock.single(counts(ByteBuffer.wrap(bytes, 1, V1_SIZE - 1)));
        }
        if (bytes.length < 3 || bytes[0] != VERSION) {
            throw new SerializationException("traffic counters in " + topic + ": expected version " + VERSION
                    + " (or a " + V1_SIZE + "-byte version " + V1 + " record), got " + bytes.length + " bytes"
                    + (bytes.length > 0 ? " of version " + bytes[0] : ""));
        }
        int span = bytes[1];
        int n = bytes[2];
        if (span < 1 || n < 0 || n > span || bytes.length != 3 + n * SECOND_SIZE) {
            throw new SerializationException("traffic counters in " + topic + ": a block of " + span + " seconds with "
                    + n + " of them counted cannot be " + bytes.length + " bytes long");
        }
        TrafficCounts[] seconds = new TrafficCounts[span];
        ByteBuffer b = ByteBuffer.wrap(bytes, 3, bytes.length - 3);
        for (int i = 0; i < n; i++) {
            int offset = b.get();
            if (offset < 0 || offset >= span || seconds[offset] != null) {
                throw new SerializationException("traffic counters in " + topic + ": second " + offset
                        + " is out of its block of " + span + " seconds or repeated");
            }
            seconds[offset] = counts(b);
        }
        return new TrafficBlock(seconds);
    }

    private static TrafficCounts counts(ByteBuffer b) {
        return new TrafficCounts(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
    }
}
