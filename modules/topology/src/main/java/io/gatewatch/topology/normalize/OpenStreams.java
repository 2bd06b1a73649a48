package io.gatewatch.topology.normalize;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Keys of the reassembly streams that hold an open entry, by the format of their lines: the in-memory
 * mirror of the reassembly store. Most records are access lines, whose format never holds an entry back,
 * so asking by format first spares them building their stream key and looking it up.
 */
final class OpenStreams {

    private final Map<String, Set<String>> byFormat = new HashMap<>();

    /**
     * Whether any stream of lines in {@code format} holds an entry; never for lines without a format, as
     * only a known format's parser can say that an entry continues.
     */
    boolean anyOf(String format) {
        return format != null && byFormat.containsKey(format);
    }

    boolean contains(String format, String key) {
        Set<String> keys = format == null ? null : byFormat.get(format);
        return keys != null && keys.contains(key);
    }

    void add(String format, String key) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(key, "key");
        byFormat.computeIfAbsent(format, f -> new HashSet<>()).add(key);
    }

    void remove(String format, String key) {
        Objects.requireNonNull(format, "format");
        Set<String> keys = byFormat.get(format);
        if (keys != null && keys.remove(key) && keys.isEmpty()) {
            byFormat.remove(format);
        }
    }

    boolean isEmpty() {
        return byFormat.isEmpty();
    }

    void clear() {
        byFormat.clear();
    }
}
