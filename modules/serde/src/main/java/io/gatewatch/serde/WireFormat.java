package io.gatewatch.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent Schema Registry wire format: magic byte 0, the schema id as a 4-byte big-endian
 * int, then the Avro binary encoding of the datum.
 *
 * <p>Encoders, decoders and output buffers are reused per thread: Kafka Streams calls a serde
 * from one stream thread at a time, but a producer may be shared, so nothing here is shared
 * across threads.
 */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;
    // a buffer that grew past this for one huge record is not kept for the thread's lifetime
    private static final int MAX_RETAINED_BUFFER = 1 << 20;

    private static final ThreadLocal<ByteArrayOutputStream> BUFFER =
            ThreadLocal.withInitial(() -> new ByteArrayOutputStream(512));
    private static final ThreadLocal<BinaryEncoder> ENCODER = new ThreadLocal<>();
    private static final ThreadLocal<BinaryDecoder> DECODER = new ThreadLocal<>();

    private WireFormat() {
    }

    static <T> byte[] encode(int schemaId, T datum, DatumWriter<T> writer) throws IOException {
        ByteArrayOutputStream out = BUFFER.get();
        out.reset();
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, ENCODER.get());
        ENCODER.set(encoder);
        writer.write(datum, encoder);
        encoder.flush();
        byte[] bytes = out.toByteArray();
        if (out.size() > MAX_RETAINED_BUFFER) {
            BUFFER.remove();
            ENCODER.remove();
        }
        return bytes;
    }

    /** The schema id of a record, after checking that it is in the wire format at all. */
    static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("not in schema-registry wire format: record from topic " + topic
                    + " has " + data.length + " bytes, fewer than the 5-byte header (magic byte 0 + schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException("not in schema-registry wire format: record from topic " + topic
                    + " starts with byte 0x" + String.format("%02x", data[0] & 0xff) + " instead of magic byte 0x00"
                    + " (first bytes: " + preview(data) + ")");
        }
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }

    /** A decoder over the Avro part of a record, reusing this thread's decoder object. */
    static BinaryDecoder decoder(byte[] data) {
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, HEADER_SIZE, data.length - HEADER_SIZE, DECODER.get());
        DECODER.set(decoder);
        return decoder;
    }

    /** The start of a payload, hex plus printable text, so a log shows what was sent instead. */
    private static String preview(byte[] data) {
        int n = Math.min(data.length, 16);
        StringBuilder hex = new StringBuilder();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int b = data[i] & 0xff;
            hex.append(String.format("%02x", b));
            text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
        return hex + " \"" + text + "\"" + (data.length > n ? "..." : "");
    }
}
