package io.gatewatch.ship;

import java.util.Objects;

/**
 * What a shipper has durably shipped from its file, and the one transaction whose outcome may not be
 * known yet.
 *
 * @param transactionalId the producer's {@code transactional.id}; kept so that a restart fences and
 *                        settles the transaction a killed predecessor left open
 * @param path            the file being shipped (informational: files are matched by key)
 * @param committed       position after the last entry of the last transaction known to be committed;
 *                        null when nothing has been committed yet
 * @param pending         set while a transaction is being committed: if it committed, reading resumes
 *                        there; null otherwise
 */
public record Checkpoint(String transactionalId, String path, FilePosition committed, Pending pending) {

    public Checkpoint {
        Objects.requireNonNull(transactionalId, "transactionalId");
    }

    /**
     * A transaction whose records the broker has acknowledged but whose commit may or may not have
     * happened. Its last record identifies it: it is visible to a read_committed consumer if and only
     * if the transaction committed.
     *
     * @param position  where reading resumes if the transaction committed
     * @param topic     topic of its last record
     * @param partition partition of its last record
     * @param offset    offset of its last record
     * @param checksum  CRC-32C of the last record's key and value, to recognise it
     */
    public record Pending(FilePosition position, String topic, int partition, long offset, long checksum) {
        public Pending {
            Objects.requireNonNull(position, "position");
            Objects.requireNonNull(topic, "topic");
        }
    }

    public Checkpoint withCommitted(FilePosition position) {
        return new Checkpoint(transactionalId, path, position, null);
    }

    public Checkpoint withPending(Pending p) {
        return new Checkpoint(transactionalId, path, committed, p);
    }
}
