package io.gatewatch.topology.inventory;

import io.gatewatch.avro.Site;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global inventory store: each site under its own key, and an index entry per dependency.
 * When a site changes, the index entries of its previous version are removed first.
 */
public final class InventoryIndexer implements Processor<String, Site, Void, Void> {

    private final String storeName;
    private KeyValueStore<String, Site> store;

    public InventoryIndexer(String storeName) {
        this.storeName = storeName;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, Site> record) {
        String name = record.key();
        if (name == null || name.isBlank()) {
            return;
        }
        Site previous = store.get(InventoryKeys.site(name));
        if (previous != null) {
            for (String key : dependencyKeys(previous)) {
                store.delete(key);
            }
        }
        Site site = record.value();
        if (site == null) {
            store.delete(InventoryKeys.site(name));
            return;
        }
        store.put(InventoryKeys.site(name), site);
        for (String key : dependencyKeys(site)) {
            store.put(key, site);
        }
    }

    static List<String> dependencyKeys(Site site) {
        List<String> keys = new ArrayList<>();
        for (String host : site.getHosts()) {
            keys.add(InventoryKeys.dependency(InventoryKeys.HOST, host, site.getSite()));
        }
        if (site.getDatabase() != null) {
            keys.add(InventoryKeys.dependency(InventoryKeys.DATABASE, site.getDatabase(), site.getSite()));
        }
        if (site.getCache() != null) {
            keys.add(InventoryKeys.dependency(InventoryKeys.CACHE, site.getCache(), site.getSite()));
        }
        if (site.getCdnZone() != null) {
            keys.add(InventoryKeys.dependency(InventoryKeys.CDN_ZONE, site.getCdnZone(), site.getSite()));
        }
        return keys;
    }
}
