package io.gatewatch.topology.correlate;

import io.gatewatch.avro.AccessCounts;
import io.gatewatch.avro.AccessCountsBatch;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Fixed layout for a site's batch of per-second counts: a version byte (2), the number of seconds (int),
 * the batch's last event time (long), then seven longs per second as in {@link AccessCountsSerde}. Reads
 * the single-second layout (version 1) too, as a batch of one, so that a repartition topic or changelog
 * written before batches existed stays readable.
 */
public final class AccessCountsBatchSerde implements Serde<AccessCountsBatch> {

    static final byte VERSION = 2;
    static final int HEADER = 1 + Integer.BYTES + Long.BYTES;
    static final int ENTRY = 7 * Long.BYTES;
    /** More seconds than a batch can hold: a corrupt or foreign record, not a reason to allocate. */
    static final int MAX_SECONDS = 4096;

    @Override
    public Serializer<AccessCountsBatch> serializer() {
        return (topic, batch) -> batch == null ? null : write(batch, ByteBuffer.allocate(size(batch))).array();
    }

    @Override
    public Deserializer<AccessCountsBatch> deserializer() {
        return (topic, bytes) -> bytes == null ? null : read(topic, ByteBuffer.wrap(bytes));
    }

    static int size(AccessCountsBatch batch) {
        return HEADER + batch.getSeconds().size() * ENTRY;
    }

    static ByteBuffer write(AccessCountsBatch batch, ByteBuffer b) {
        List<AccessCounts> seconds = batch.getSeconds();
        b.put(VERSION).putInt(seconds.size()).putLong(batch.getLastEventTime().toEpochMilli());
        for (AccessCounts c : seconds) {
            b.putLong(c.getSecond().toEpochMilli()).putLong(c.getLastEventTime().toEpochMilli())
                    .putLong(c.getRequests()).putLong(c.getOk()).putLong(c.getServerErrors()).putLong(c.getBadGateway())
                    .putLong(c.getGatewayTimeout());
        }
        return b;
    }

    /** Reads the batch at the buffer's position; the rest of the buffer must be exactly one record. */
    static AccessCountsBatch read(String topic, ByteBuffer b) {
        if (b.remaining() == AccessCountsSerde.SIZE && b.get(b.position()) == AccessCountsSerde.VERSION) {
            AccessCounts single = AccessCountsSerde.read(topic, b);
            return new AccessCountsBatch(new ArrayList<>(List.of(single)), single.getLastEventTime());
        }
        if (b.remaining() < HEADER || b.get(b.position()) != VERSION) {
            throw new SerializationException("access counts in " + topic + ": expected version " + VERSION
                    + " (or a " + AccessCountsSerde.SIZE + "-byte version " + AccessCountsSerde.VERSION + " record), got "
                    + b.remaining() + " bytes" + (b.hasRemaining() ? " starting with " + b.get(b.position()) : ""));
        }
        b.get();
        int n = b.getInt();
        if (n < 1 || n > MAX_SECONDS || b.remaining() != Long.BYTES + (long) n * ENTRY) {
            throw new SerializationException("access counts in " + topic + ": " + n + " seconds do not fit "
                    + (b.remaining() - Long.BYTES) + " bytes");
        }
        Instant last = Instant.ofEpochMilli(b.getLong());
        List<AccessCounts> seconds = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            seconds.add(new AccessCounts(Instant.ofEpochMilli(b.getLong()), Instant.ofEpochMilli(b.getLong()),
                    b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getLong()));
        }
        return new AccessCountsBatch(seconds, last);
    }
}
