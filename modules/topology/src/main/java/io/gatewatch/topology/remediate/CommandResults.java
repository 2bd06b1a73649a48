package io.gatewatch.topology.remediate;

import io.gatewatch.avro.RemediationResult;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * What agents reported for each command, kept beside the incidents in the correlator's task: the
 * incident's {@code commands} list shows a status, but verification also needs to know when a command
 * finished.
 */
public interface CommandResults {

    void record(RemediationResult result);

    /** The last result reported for {@code commandId}, by finish time. */
    Optional<RemediationResult> latest(String commandId);

    /**
     * Results in a window store (one entry per command and finish time), which forgets old commands by
     * itself once they are past its retention.
     */
    static CommandResults in(WindowStore<String, RemediationResult> store) {
        Objects.requireNonNull(store, "store");
        return new CommandResults() {
            @Override
            public void record(RemediationResult result) {
                store.put(result.getCommandId(), result, result.getFinishedAt().toEpochMilli());
            }

            @Override
            public Optional<RemediationResult> latest(String commandId) {
                try (WindowStoreIterator<RemediationResult> it = store.backwardFetch(commandId, 0L, Long.MAX_VALUE)) {
                    return it.hasNext() ? Optional.ofNullable(it.next().value) : Optional.empty();
                }
            }
        };
    }
}
