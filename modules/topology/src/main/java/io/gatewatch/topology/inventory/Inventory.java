package io.gatewatch.topology.inventory;

import io.gatewatch.avro.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/** Read access to the global inventory store. */
public final class Inventory {

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, Site> store;

    public Inventory(KeyValueStore<String, Site> store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public Site site(String name) {
        return name == null ? null : store.get(InventoryKeys.site(name));
    }

    /** Sites that depend on {@code id} in the role {@code kind} (see {@link InventoryKeys}). */
    public List<Site> dependents(String kind, String id) {
        List<Site> out = new ArrayList<>();
        if (id == null) {
            return out;
        }
        try (KeyValueIterator<String, Site> it = store.prefixScan(InventoryKeys.dependencyPrefix(kind, id), KEYS)) {
            while (it.hasNext()) {
                KeyValue<String, Site> kv = it.next();
                if (kv.value != null) {
                    out.add(kv.value);
                }
            }
        }
        return out;
    }

    public boolean servesOn(String site, String host) {
        return store.get(InventoryKeys.dependency(InventoryKeys.HOST, host, site)) != null;
    }
}
