package io.gatewatch.serde;

/**
 * The errors of the Confluent Schema Registry REST API, with its status codes, error codes and
 * message wording, so that the in-memory and embedded registries fail the way clients expect.
 */
public final class RegistryErrors {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_SOFT_DELETED = 40404;
    public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    public static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int STORE_ERROR = 50001;
    public static final int NOT_FOUND = 404;
    public static final int METHOD_NOT_ALLOWED = 405;
    public static final int BAD_REQUEST = 400;
    public static final int INTERNAL_ERROR = 500;

    private RegistryErrors() {
    }

    public static SchemaRegistryException subjectNotFound(String subject) {
        return new SchemaRegistryException("Subject '" + subject + "' not found.", 404, SUBJECT_NOT_FOUND);
    }

    public static SchemaRegistryException versionNotFound(int version) {
        return new SchemaRegistryException("Version " + version + " not found.", 404, VERSION_NOT_FOUND);
    }

    public static SchemaRegistryException schemaNotFound() {
        return new SchemaRegistryException("Schema not found", 404, SCHEMA_NOT_FOUND);
    }

    public static SchemaRegistryException schemaIdNotFound(int id) {
        return new SchemaRegistryException("Schema " + id + " not found", 404, SCHEMA_NOT_FOUND);
    }

    public static SchemaRegistryException subjectNotSoftDeleted(String subject) {
        return new SchemaRegistryException("Subject '" + subject
                + "' was not deleted first before being permanently deleted", 404, SUBJECT_NOT_SOFT_DELETED);
    }

    public static SchemaRegistryException subjectCompatibilityNotConfigured(String subject) {
        return new SchemaRegistryException("Subject '" + subject
                + "' does not have subject-level compatibility configured", 404,
                SUBJECT_COMPATIBILITY_NOT_CONFIGURED);
    }

    /**
     * The registry's 409. The exception message says what happened in one line for logs; the
     * registry message keeps Confluent's wording for HTTP clients.
     */
    public static SchemaRegistryException incompatible(String subject, CompatibilityLevel level, String details) {
        String registryMessage = "Schema being registered is incompatible with an earlier schema for subject \""
                + subject + "\", details: " + details;
        String message = "schema for subject " + subject + " rejected as incompatible (" + level + "): " + details;
        return new SchemaRegistryException(message, 409, INCOMPATIBLE_SCHEMA, registryMessage, null);
    }

    public static SchemaRegistryException invalidSchema(String detail) {
        return new SchemaRegistryException("Invalid schema " + detail, 422, INVALID_SCHEMA);
    }

    public static SchemaRegistryException invalidVersion(String version) {
        return new SchemaRegistryException("The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"",
                422, INVALID_VERSION);
    }

    public static SchemaRegistryException invalidCompatibilityLevel(String level) {
        return new SchemaRegistryException("Invalid compatibility level '" + level + "'. Valid values are "
                + CompatibilityLevel.validNames(), 422, INVALID_COMPATIBILITY_LEVEL);
    }

    public static SchemaRegistryException storeError(String what, Throwable cause) {
        String message = "Error in the backend data store: " + what
                + (cause == null ? "" : ": " + cause.getMessage());
        return new SchemaRegistryException(message, 500, STORE_ERROR, message, cause);
    }
}
