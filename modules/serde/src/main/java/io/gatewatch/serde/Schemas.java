package io.gatewatch.serde;

import java.util.Objects;
import org.apache.avro.Schema;

/** Parsing and identity of schema text, the same way in every registry and client. */
public final class Schemas {

    private Schemas() {
    }

    /**
     * Parses schema text received from a registry or a client.
     *
     * @throws SchemaRegistryException with error code 42201 when the text is not a valid Avro schema
     */
    public static Schema parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            // a fresh parser each time: a Parser remembers names and would reject a second definition
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            // SchemaParseException, and Jackson's or Avro's other unchecked exceptions for malformed JSON
            throw RegistryErrors.invalidSchema(text + ": " + e.getMessage());
        }
    }

    /**
     * The text registries compare and store: Avro's own rendering, so that whitespace and key order
     * in what a client sent do not create a new version, as in Confluent's registry.
     */
    public static String canonical(Schema schema) {
        return Objects.requireNonNull(schema, "schema").toString();
    }
}
