package io.gatewatch.embedded.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** A registry log in a list, to test the HTTP API and restarts without a broker. */
final class MemoryRegistryLog implements RegistryLog {

    record Entry(byte[] key, byte[] value) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private volatile boolean failing;

    /** From now on every append fails like an unavailable broker. */
    void failWrites() {
        failing = true;
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    @Override
    public synchronized void append(byte[] key, byte[] value) {
        if (failing) {
            throw io.gatewatch.serde.RegistryErrors.storeError("could not write to memory", null);
        }
        entries.add(new Entry(key, value));
    }

    @Override
    public synchronized void replay(BiConsumer<byte[], byte[]> handler) {
        entries.forEach(e -> handler.accept(e.key(), e.value()));
    }

    @Override
    public String describe() {
        return "memory";
    }

    @Override
    public void close() {
        // the entries outlive the registry, like a topic does
    }
}
