package io.gatewatch.embedded.registry;

import java.util.function.BiConsumer;

/**
 * Where the embedded registry keeps its records: key and value bytes, appended durably and
 * replayed in order at start-up. A null value is a tombstone.
 */
interface RegistryLog extends AutoCloseable {

    /**
     * Appends one record and returns only once it is durable.
     *
     * @throws io.gatewatch.serde.SchemaRegistryException 500 / 50001 when the store cannot take it
     */
    void append(byte[] key, byte[] value);

    /** Feeds every record written so far, oldest first, to {@code handler}. */
    void replay(BiConsumer<byte[], byte[]> handler);

    /** Where the records live, for logs. */
    String describe();

    @Override
    void close();
}
