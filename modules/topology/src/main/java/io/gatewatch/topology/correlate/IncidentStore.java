package io.gatewatch.topology.correlate;

import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's incidents store with an in-memory set of the keys it holds, and of the sites with an open
 * incident. Almost every record is for a site with no incident, and the correlator asks about each kind
 * several times per record: the sets answer those without a read. They are rebuilt from the (restored)
 * store when the task starts and kept in step by every write, all of which go through here.
 */
final class IncidentStore {

    private final KeyValueStore<String, Incident> store;
    private final Set<String> keys = new HashSet<>();
    /** The site of each key whose incident is not resolved, and how many such keys each site has. */
    private final Map<String, String> openSiteByKey = new HashMap<>();
    private final Map<String, Integer> openBySite = new HashMap<>();

    IncidentStore(KeyValueStore<String, Incident> store) {
        this.store = Objects.requireNonNull(store, "store");
        try (KeyValueIterator<String, Incident> it = store.all()) {
            it.forEachRemaining(kv -> {
                keys.add(kv.key);
                track(kv.key, kv.value);
            });
        }
    }

    /** Whether the site has an incident of any kind that is not resolved. */
    boolean hasOpen(String site) {
        return openBySite.containsKey(site);
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
        track(key, incident);
    }

    void delete(String key) {
        store.delete(key);
        keys.remove(key);
        track(key, null);
    }

    private void track(String key, Incident now) {
        boolean open = now != null && now.getState() != IncidentState.RESOLVED;
        String site = openSiteByKey.get(key);
        if (open == (site != null)) {
            return;
        }
        if (open) {
            openSiteByKey.put(key, now.getSite());
            openBySite.merge(now.getSite(), 1, Integer::sum);
        } else {
            openSiteByKey.remove(key);
            openBySite.computeIfPresent(site, (s, n) -> n > 1 ? n - 1 : null);
        }
    }

    KeyValueIterator<String, Incident> all() {
        return store.all();
    }
}
