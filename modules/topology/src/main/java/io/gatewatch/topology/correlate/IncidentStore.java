package io.gatewatch.topology.correlate;

import io.gatewatch.avro.Incident;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's incidents store with an in-memory set of the keys it holds. Almost every record is for a
 * site with no incident, and the correlator asks about each kind several times per record: the set
 * answers those without a RocksDB read. The set is rebuilt from the (restored) store when the task starts
 * and kept in step by every write, all of which go through here.
 */
final class IncidentStore {

    private final KeyValueStore<String, Incident> store;
    private final Set<String> keys = new HashSet<>();

    IncidentStore(KeyValueStore<String, Incident> store) {
        this.store = Objects.requireNonNull(store, "store");
        try (KeyValueIterator<String, Incident> it = store.all()) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
    }

    Incident get(String key) {
        return keys.contains(key) ? store.get(key) : null;
    }

    void put(String key, Incident incident) {
        store.put(key, incident);
        if (incident == null) {
            keys.remove(key);
        } else {
            keys.add(key);
        }
    }

    void delete(String key) {
        store.delete(key);
        keys.remove(key);
    }

    KeyValueIterator<String, Incident> all() {
        return store.all();
    }
}
