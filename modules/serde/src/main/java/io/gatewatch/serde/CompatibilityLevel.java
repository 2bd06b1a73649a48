package io.gatewatch.serde;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** The compatibility levels of the Confluent Schema Registry, with the same names on the wire. */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean newReadsOld;
    private final boolean oldReadsNew;
    private final boolean transitive;

    CompatibilityLevel(boolean newReadsOld, boolean oldReadsNew, boolean transitive) {
        this.newReadsOld = newReadsOld;
        this.oldReadsNew = oldReadsNew;
        this.transitive = transitive;
    }

    /** Whether a consumer on the new schema must read data written with older schemas. */
    public boolean newReadsOld() {
        return newReadsOld;
    }

    /** Whether a consumer still on an older schema must read data written with the new one. */
    public boolean oldReadsNew() {
        return oldReadsNew;
    }

    /** Whether every earlier version is checked, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /**
     * Parses a level the way the registry does: case-insensitively.
     *
     * @throws SchemaRegistryException with error code 42203 for anything else
     */
    public static CompatibilityLevel parse(String text) {
        if (text != null) {
            String upper = text.trim().toUpperCase(Locale.ROOT);
            for (CompatibilityLevel level : values()) {
                if (level.name().equals(upper)) {
                    return level;
                }
            }
        }
        throw RegistryErrors.invalidCompatibilityLevel(Objects.toString(text));
    }

    /** "none, backward, ..." for error messages. */
    static String validNames() {
        return Arrays.stream(values())
                .map(level -> level.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
    }
}
