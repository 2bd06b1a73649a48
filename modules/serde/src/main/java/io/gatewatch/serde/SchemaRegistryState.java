package io.gatewatch.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The data of a schema registry: subjects, their versions, global ids and compatibility levels.
 *
 * <p>Changes are split into plan and apply so that a durable registry can write the planned
 * record to its log first and apply it only once the log has it; replaying the log at start-up
 * goes through the same {@link #apply(StoredSchema)}. Not thread-safe: owners serialize access.
 */
public final class SchemaRegistryState {

    /** Confluent's default level. */
    public static final CompatibilityLevel DEFAULT_COMPATIBILITY = CompatibilityLevel.BACKWARD;

    /** Outcome of planning a registration. */
    public record Registration(StoredSchema schema, boolean created) {
        public Registration {
            Objects.requireNonNull(schema, "schema");
        }
    }

    // TreeMap: GET /subjects and replay order stay stable, which makes logs and tests readable
    private final Map<String, TreeMap<Integer, StoredSchema>> subjects = new TreeMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = DEFAULT_COMPATIBILITY;
    private int maxId;

    // ---- reading ----

    /** The live version of {@code subject} whose schema is {@code schema}, if any. */
    public Optional<StoredSchema> find(String subject, Schema schema, boolean includeDeleted) {
        Objects.requireNonNull(subject, "subject");
        // ids and schema texts correspond one to one, so comparing ids avoids rendering every version
        Integer id = idsByCanonical.get(Schemas.canonical(schema));
        if (id == null) {
            return Optional.empty();
        }
        return versionsOf(subject).values().stream()
                .filter(v -> includeDeleted || !v.deleted())
                .filter(v -> v.id() == id)
                .findFirst();
    }

    /** Like {@link #find} but fails the way the registry's {@code POST /subjects/{s}} does. */
    public StoredSchema lookup(String subject, Schema schema, boolean includeDeleted) {
        if (liveOrAll(subject, includeDeleted).isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        return find(subject, schema, includeDeleted).orElseThrow(RegistryErrors::schemaNotFound);
    }

    public Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw RegistryErrors.schemaIdNotFound(id);
        }
        return schema;
    }

    /** Subjects with at least one live version (or any version when {@code includeDeleted}). */
    public List<String> subjects(boolean includeDeleted) {
        List<String> names = new ArrayList<>();
        for (String subject : subjects.keySet()) {
            if (!liveOrAll(subject, includeDeleted).isEmpty()) {
                names.add(subject);
            }
        }
        return names;
    }

    public List<Integer> versions(String subject, boolean includeDeleted) {
        List<StoredSchema> versions = liveOrAll(subject, includeDeleted);
        if (versions.isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        return versions.stream().map(StoredSchema::version).toList();
    }

    public StoredSchema version(String subject, int version, boolean includeDeleted) {
        if (liveOrAll(subject, includeDeleted).isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        StoredSchema stored = versionsOf(subject).get(version);
        if (stored == null || (stored.deleted() && !includeDeleted)) {
            throw RegistryErrors.versionNotFound(version);
        }
        return stored;
    }

    public StoredSchema latest(String subject) {
        List<StoredSchema> live = liveOrAll(subject, false);
        if (live.isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        return live.get(live.size() - 1);
    }

    public CompatibilityLevel globalCompatibility() {
        return globalLevel;
    }

    public Optional<CompatibilityLevel> subjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.get(Objects.requireNonNull(subject, "subject")));
    }

    /** The level that applies to {@code subject}: its own, else the global one. */
    public CompatibilityLevel effectiveCompatibility(String subject) {
        return subjectCompatibility(subject).orElse(globalLevel);
    }

    /**
     * Why {@code schema} could not be registered under {@code subject}.
     *
     * @param againstVersion check only this version (as {@code /compatibility/.../versions/{v}} does);
     *                       empty for "latest", which follows the subject's level, transitive or not
     * @return problems; empty when compatible or when the subject has no live versions yet
     */
    public List<String> incompatibilities(String subject, Schema schema, OptionalInt againstVersion) {
        CompatibilityLevel level = effectiveCompatibility(subject);
        List<CompatibilityChecker.Prior> priors;
        if (againstVersion.isPresent()) {
            StoredSchema one = version(subject, againstVersion.getAsInt(), false);
            priors = List.of(new CompatibilityChecker.Prior(one.version(), one.schema()));
        } else {
            priors = liveOrAll(subject, false).stream()
                    .map(v -> new CompatibilityChecker.Prior(v.version(), v.schema()))
                    .toList();
        }
        return CompatibilityChecker.incompatibilities(level, schema, priors);
    }

    // ---- planning changes ----

    /**
     * Decides what registering {@code schema} under {@code subject} means: the existing version
     * when it is already there, else a new version with the schema's global id (reused when the
     * same schema text lives under another subject, as Confluent does).
     *
     * @throws SchemaRegistryException 409 when the subject's compatibility level forbids it
     */
    public Registration planRegistration(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Optional<StoredSchema> existing = find(subject, schema, false);
        if (existing.isPresent()) {
            return new Registration(existing.get(), false);
        }
        List<String> problems = incompatibilities(subject, schema, OptionalInt.empty());
        if (!problems.isEmpty()) {
            throw RegistryErrors.incompatible(subject, effectiveCompatibility(subject), String.join("; ", problems));
        }
        Integer knownId = idsByCanonical.get(Schemas.canonical(schema));
        int id = knownId != null ? knownId : maxId + 1;
        TreeMap<Integer, StoredSchema> versions = versionsOf(subject);
        // numbering continues after soft-deleted versions, as in Confluent's registry
        int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        return new Registration(new StoredSchema(subject, version, id, schema, false), true);
    }

    /**
     * The versions that soft-deleting {@code subject} marks deleted, ready for {@link #apply}.
     *
     * @throws SchemaRegistryException 40401 for an unknown subject, 40404 when already deleted
     */
    public List<StoredSchema> planSoftDelete(String subject) {
        List<StoredSchema> all = liveOrAll(subject, true);
        if (all.isEmpty()) {
            throw RegistryErrors.subjectNotFound(subject);
        }
        List<StoredSchema> live = liveOrAll(subject, false);
        if (live.isEmpty()) {
            throw new SchemaRegistryException("Subject '" + subject
                    + "' was soft deleted.Set permanent=true to delete permanently", 404,
                    RegistryErrors.SUBJECT_SOFT_DELETED);
        }
        return live.stream().map(StoredSchema::asDeleted).toList();
    }

    // ---- applying changes ----

    /** Records a version (new, re-stated or marked deleted); replaying the same record twice is harmless. */
    public void apply(StoredSchema stored) {
        Objects.requireNonNull(stored, "stored");
        subjects.computeIfAbsent(stored.subject(), s -> new TreeMap<>()).put(stored.version(), stored);
        schemasById.putIfAbsent(stored.id(), stored.schema());
        idsByCanonical.putIfAbsent(Schemas.canonical(stored.schema()), stored.id());
        maxId = Math.max(maxId, stored.id());
    }

    /**
     * Drops a version entirely, for a permanent delete written by another registry into a shared
     * store. Its id stays known to {@link #maxId()} so that it is not handed out again in this run.
     */
    public void forget(String subject, int version) {
        TreeMap<Integer, StoredSchema> versions = subjects.get(Objects.requireNonNull(subject, "subject"));
        if (versions != null) {
            versions.remove(version);
            if (versions.isEmpty()) {
                subjects.remove(subject);
            }
        }
    }

    public void setGlobalCompatibility(CompatibilityLevel level) {
        globalLevel = Objects.requireNonNull(level, "level");
    }

    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        subjectLevels.put(Objects.requireNonNull(subject, "subject"), Objects.requireNonNull(level, "level"));
    }

    /** Removes a subject's own level so that the global one applies again. */
    public Optional<CompatibilityLevel> clearSubjectCompatibility(String subject) {
        return Optional.ofNullable(subjectLevels.remove(Objects.requireNonNull(subject, "subject")));
    }

    /** Highest id handed out so far; 0 when empty. */
    public int maxId() {
        return maxId;
    }

    private TreeMap<Integer, StoredSchema> versionsOf(String subject) {
        TreeMap<Integer, StoredSchema> versions = subjects.get(Objects.requireNonNull(subject, "subject"));
        return versions == null ? new TreeMap<>() : versions;
    }

    private List<StoredSchema> liveOrAll(String subject, boolean includeDeleted) {
        return versionsOf(subject).values().stream().filter(v -> includeDeleted || !v.deleted()).toList();
    }
}
