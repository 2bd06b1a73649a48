package io.gatewatch.embedded.registry;

import io.gatewatch.serde.CompatibilityLevel;
import io.gatewatch.serde.SchemaRegistryState;
import io.gatewatch.serde.StoredSchema;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's operations over {@link SchemaRegistryState}, each change written to the log
 * before it becomes visible, so that an answer the client got survives a restart.
 *
 * <p>One lock for everything: this is the only writer of its log (single-writer, embedded use),
 * schema changes are rare, and reads are map look-ups.
 */
final class RegistryService {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryService.class);

    private final RegistryLog log;
    private final SchemaRegistryState state = new SchemaRegistryState();

    RegistryService(RegistryLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Rebuilds the state from everything in the log. */
    synchronized void load() {
        int[] records = {0};
        log.replay((key, value) -> {
            StoreRecords.apply(state, key, value);
            records[0]++;
        });
        LOG.info("schema registry loaded {} records from {}: {} subjects, highest id {}, global level {}",
                records[0], log.describe(), state.subjects(false).size(), state.maxId(), state.globalCompatibility());
    }

    /** Registers or finds {@code schema}; the answer for a new version is durable when it returns. */
    synchronized StoredSchema register(String subject, Schema schema) {
        SchemaRegistryState.Registration registration = state.planRegistration(subject, schema);
        StoredSchema stored = registration.schema();
        if (registration.created()) {
            log.append(StoreRecords.schemaKey(subject, stored.version()), StoreRecords.schemaValue(stored));
            state.apply(stored);
            LOG.info("registered {} as subject {} version {} id {}", schema.getFullName(), subject,
                    stored.version(), stored.id());
        }
        return stored;
    }

    /** Soft-deletes every live version of {@code subject}; ids stay readable. */
    synchronized List<Integer> softDelete(String subject) {
        List<StoredSchema> deleted = state.planSoftDelete(subject);
        for (StoredSchema version : deleted) {
            log.append(StoreRecords.schemaKey(subject, version.version()), StoreRecords.schemaValue(version));
            state.apply(version);
        }
        LOG.info("soft-deleted subject {} versions {}", subject, deleted.stream().map(StoredSchema::version).toList());
        return deleted.stream().map(StoredSchema::version).toList();
    }

    synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        log.append(StoreRecords.configKey(null), StoreRecords.configValue(level));
        state.setGlobalCompatibility(level);
    }

    synchronized void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        log.append(StoreRecords.configKey(subject), StoreRecords.configValue(level));
        state.setSubjectCompatibility(subject, level);
    }

    /** Removes the subject's own level; empty when it had none. */
    synchronized Optional<CompatibilityLevel> clearSubjectCompatibility(String subject) {
        Optional<CompatibilityLevel> previous = state.subjectCompatibility(subject);
        if (previous.isPresent()) {
            log.append(StoreRecords.configKey(subject), null);
            state.clearSubjectCompatibility(subject);
        }
        return previous;
    }

    /** Runs a query against a consistent view of the state. */
    synchronized <T> T read(Function<SchemaRegistryState, T> query) {
        return query.apply(state);
    }
}
