package io.gatewatch.topology.remediate;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * An automatic command that an agent may be carrying out right now: from issue until its result
 * arrives or it expires. The fleet-wide concurrency limit counts the distinct sites of these.
 *
 * @param site      target site
 * @param expiresAt expiry, epoch ms: after it the command no longer counts as in flight
 */
public record InFlight(String site, long expiresAt) {

    public InFlight {
        Objects.requireNonNull(site, "site");
    }

    /** A long and the site's UTF-8 bytes. */
    public static final class InFlightSerde implements Serde<InFlight> {

        @Override
        public Serializer<InFlight> serializer() {
            return (topic, f) -> {
                if (f == null) {
                    return null;
                }
                byte[] site = f.site().getBytes(StandardCharsets.UTF_8);
                return ByteBuffer.allocate(Long.BYTES + site.length).putLong(f.expiresAt()).put(site).array();
            };
        }

        @Override
        public Deserializer<InFlight> deserializer() {
            return (topic, data) -> {
                if (data == null) {
                    return null;
                }
                if (data.length < Long.BYTES) {
                    throw new SerializationException("in-flight command in " + topic + " is " + data.length + " bytes");
                }
                ByteBuffer b = ByteBuffer.wrap(data);
                long expiresAt = b.getLong();
                return new InFlight(new String(data, Long.BYTES, data.length - Long.BYTES, StandardCharsets.UTF_8),
                        expiresAt);
            };
        }
    }
}
