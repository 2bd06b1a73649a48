package io.gatewatch.embedded.kafka;

/** The embedded broker could not start, or its data directory cannot be used. */
public final class EmbeddedKafkaException extends RuntimeException {

    public EmbeddedKafkaException(String message) {
        super(message);
    }

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
