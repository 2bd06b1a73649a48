package io.gatewatch.topology.normalize;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What the normalize step needs to know.
 *
 * @param defaultZone    zone of zone-less timestamps when a record names none
 * @param maxRecordBytes larger records (and reassembled entries) are dead-lettered or cut off
 * @param maxEntryLines  a reassembled entry is parsed once it has this many lines
 * @param flushTimeout   a reassembled entry is parsed when no line followed it for this long
 * @param pendingStore   name of the reassembly store
 * @param inventoryStore name of the global inventory store
 */
public record NormalizeSettings(ZoneId defaultZone, int maxRecordBytes, int maxEntryLines, Duration flushTimeout,
                                String pendingStore, String inventoryStore) {

    public NormalizeSettings {
        Objects.requireNonNull(defaultZone, "defaultZone");
        Objects.requireNonNull(flushTimeout, "flushTimeout");
        Objects.requireNonNull(pendingStore, "pendingStore");
        Objects.requireNonNull(inventoryStore, "inventoryStore");
    }
}
