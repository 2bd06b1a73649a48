package io.gatewatch.serde;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;

/**
 * A complete registry inside the JVM, for {@code mock://NAME} URLs.
 *
 * <p>Like Confluent's {@code MockSchemaRegistry}, every serde configured with the same
 * {@code mock://NAME} shares one instance, so a TopologyTestDriver test can write with one serde
 * and read with another. Unlike a mock it enforces compatibility with the same
 * {@link CompatibilityChecker} as the embedded registry, so tests catch schema breaks.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final ConcurrentMap<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String name;
    private final SchemaRegistryState state = new SchemaRegistryState();

    /** A registry of its own, shared with nobody. */
    public InMemorySchemaRegistry() {
        this("(unnamed)");
    }

    private InMemorySchemaRegistry(String name) {
        this.name = name;
    }

    /** The instance behind {@code mock://scope}; created on first use. */
    public static InMemorySchemaRegistry forScope(String scope) {
        Objects.requireNonNull(scope, "scope");
        return SCOPES.computeIfAbsent(scope, InMemorySchemaRegistry::new);
    }

    /** Forgets the instance behind {@code mock://scope}, so the next test starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(Objects.requireNonNull(scope, "scope"));
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        SchemaRegistryState.Registration registration = state.planRegistration(
                Objects.requireNonNull(subject, "subject"), Objects.requireNonNull(schema, "schema"));
        if (registration.created()) {
            state.apply(registration.schema());
        }
        return registration.schema().id();
    }

    @Override
    public synchronized Schema schemaById(int id) {
        return state.schemaById(id);
    }

    @Override
    public synchronized int idFor(String subject, Schema schema) {
        return state.lookup(Objects.requireNonNull(subject, "subject"), Objects.requireNonNull(schema, "schema"),
                false).id();
    }

    @Override
    public synchronized List<Integer> versions(String subject) {
        return state.versions(Objects.requireNonNull(subject, "subject"), false);
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        return state.latest(Objects.requireNonNull(subject, "subject")).toRegistered();
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        return state.incompatibilities(Objects.requireNonNull(subject, "subject"),
                Objects.requireNonNull(schema, "schema"), OptionalInt.empty()).isEmpty();
    }

    @Override
    public synchronized List<String> subjects() {
        return state.subjects(false);
    }

    @Override
    public synchronized CompatibilityLevel compatibility(String subject) {
        return state.effectiveCompatibility(Objects.requireNonNull(subject, "subject"));
    }

    @Override
    public synchronized CompatibilityLevel globalCompatibility() {
        return state.globalCompatibility();
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        state.setSubjectCompatibility(Objects.requireNonNull(subject, "subject"),
                Objects.requireNonNull(level, "level"));
    }

    @Override
    public synchronized void setGlobalCompatibility(CompatibilityLevel level) {
        state.setGlobalCompatibility(Objects.requireNonNull(level, "level"));
    }

    @Override
    public String toString() {
        return "InMemorySchemaRegistry[mock://" + name + "]";
    }
}
