package io.gatewatch.topology.normalize;

import io.gatewatch.avro.SourceRef;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Versioned binary layout of {@link PendingEntry} for the reassembly store and its changelog. */
public final class PendingEntrySerde implements Serde<PendingEntry> {

    private static final byte VERSION = 1;

    @Override
    public Serializer<PendingEntry> serializer() {
        return (topic, p) -> {
            if (p == null) {
                return null;
            }
            try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + p.entry().text().length());
                 DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeByte(VERSION);
                RawEntry e = p.entry();
                write(out, e.text());
                write(out, e.format());
                write(out, e.host());
                write(out, e.site());
                write(out, e.file());
                write(out, e.envelope());
                write(out, p.source().getTopic());
                out.writeInt(p.source().getPartition());
                out.writeLong(p.source().getOffset());
                out.writeLong(p.recordTime());
                out.writeLong(p.bufferedAtWall());
                out.writeInt(p.lines());
                out.flush();
                return bytes.toByteArray();
            } catch (IOException e) {
                throw new SerializationException("pending entry for " + topic + " not writable", e);
            }
        };
    }

    @Override
    public Deserializer<PendingEntry> deserializer() {
        return (topic, data) -> {
            if (data == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                byte version = in.readByte();
                if (version != VERSION) {
                    throw new SerializationException("pending entry in " + topic + " has version " + version
                            + ", this build reads " + VERSION);
                }
                RawEntry entry = new RawEntry(read(in), read(in), read(in), read(in), read(in), read(in));
                SourceRef source = new SourceRef(read(in), in.readInt(), in.readLong());
                return new PendingEntry(entry, source, in.readLong(), in.readLong(), in.readInt());
            } catch (IOException e) {
                throw new SerializationException("pending entry in " + topic + " not readable", e);
            }
        };
    }

    private static void write(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String read(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = in.readNBytes(n);
        if (b.length != n) {
            throw new IOException("truncated string");
        }
        return new String(b, StandardCharsets.UTF_8);
    }
}
