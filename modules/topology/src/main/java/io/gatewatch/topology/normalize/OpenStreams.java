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

    /** Stands for lines whose format is detected per line (no format header). */
    private static final String DETECTED = "";

    private final Map<String, Set<String>> byFormat = new HashMap<>();

    /** Whether any stream of lines in {@code format} (null: detected) holds an entry. */
    boolean anyOf(String format) {
        return byFormat.containsKey(formatKey(format));
    }

    boolean contains(String format, String key) {
        Set<String> keys = byFormat.get(formatKey(format));
        return keys != null && keys.contains(key);
    }

    void add(String format, String key) {
        Objects.requireNonNull(key, "key");
        byFormat.computeIfAbsent(formatKey(format), f -> new HashSet<>()).add(key);
    }

    void remove(String format, String key) {
        String f = formatKey(format);
        Set<String> keys = byFormat.get(f);
        if (keys != null && keys.remove(key) && keys.isEmpty()) {
            byFormat.remove(f);
        }
    }

    boolean isEmpty() {
        return byFormat.isEmpty();
    }

    void clear() {
        byFormat.clear();
    }

    private static String formatKey(String format) {
        return format == null ? DETECTED : format;
    }
}
