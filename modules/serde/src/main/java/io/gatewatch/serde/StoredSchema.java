package io.gatewatch.serde;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject as a registry keeps it: the registered schema plus whether it was
 * soft-deleted. Deleted versions keep their number and id, as in Confluent's registry.
 */
public record StoredSchema(String subject, int version, int id, Schema schema, boolean deleted) {

    public StoredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        if (version < 1 || id < 1) {
            throw new IllegalArgumentException("version and id start at 1, got version " + version + " id " + id);
        }
    }

    public RegisteredSchema toRegistered() {
        return new RegisteredSchema(subject, version, id, schema);
    }

    public StoredSchema asDeleted() {
        return new StoredSchema(subject, version, id, schema, true);
    }
}
