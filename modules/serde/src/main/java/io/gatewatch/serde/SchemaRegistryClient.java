package io.gatewatch.serde;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry API that Gatewatch needs.
 *
 * <p>Implementations: {@link RestSchemaRegistryClient} for a real registry (Confluent, Apicurio's
 * Confluent-compatible API, Karapace, the embedded one) and {@link InMemorySchemaRegistry} for
 * {@code mock://} URLs. All methods are thread-safe and throw {@link SchemaRegistryException}.
 */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject}, or finds it there.
     *
     * @return the schema's global id; the same id for the same schema every time
     * @throws SchemaRegistryException 409 when the subject's compatibility level rejects it
     */
    int register(String subject, Schema schema);

    /**
     * The schema with a global id, as written into each record by the serializers.
     *
     * @throws SchemaRegistryException 404 / 40403 for an unknown id
     */
    Schema schemaById(int id);

    /**
     * The id of {@code schema} under {@code subject}, without registering it.
     *
     * @throws SchemaRegistryException 404 with 40401 (no such subject) or 40403 (not registered there)
     */
    int idFor(String subject, Schema schema);

    /** The live version numbers of a subject, oldest first. */
    List<Integer> versions(String subject);

    /** The newest live version of a subject. */
    RegisteredSchema latest(String subject);

    /** Whether {@code schema} could be registered under {@code subject}; true for a new subject. */
    boolean isCompatible(String subject, Schema schema);

    /** Subjects with at least one live version. */
    List<String> subjects();

    /** The level in force for {@code subject}: its own if set, else the global one. */
    CompatibilityLevel compatibility(String subject);

    CompatibilityLevel globalCompatibility();

    void setCompatibility(String subject, CompatibilityLevel level);

    void setGlobalCompatibility(CompatibilityLevel level);
}
