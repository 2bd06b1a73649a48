package io.gatewatch.serde;

/**
 * A schema registry refused a request or could not be reached.
 *
 * <p>Carries the HTTP status and the registry's {@code error_code} so that callers can tell an
 * incompatible schema (409) from a missing subject (40401) without parsing messages. Both are 0
 * when no response was received at all. {@link #registryMessage()} is the registry's own message,
 * which the embedded registry sends back verbatim in Confluent's error body.
 */
public final class SchemaRegistryException extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;
    private final String registryMessage;

    public SchemaRegistryException(String message, int httpStatus, int errorCode, String registryMessage,
            Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage == null ? message : registryMessage;
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, message, null);
    }

    public SchemaRegistryException(String message, Throwable cause) {
        this(message, 0, 0, message, cause);
    }

    /** HTTP status of the registry's answer; 0 when there was none. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}, for example 40401; 0 when there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's own message, without the context this client added. */
    public String registryMessage() {
        return registryMessage;
    }

    /** True when the registry answered that the subject, version or schema does not exist. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }

    /** True when the registry rejected a schema as incompatible with earlier versions. */
    public boolean isIncompatible() {
        return httpStatus == 409;
    }
}
