package io.gatewatch.topology.inventory;

import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.CacheEvent;
import io.gatewatch.avro.CdnEvent;
import io.gatewatch.avro.DatabaseEvent;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.MetricSample;
import io.gatewatch.avro.Site;
import io.gatewatch.avro.TelemetryEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which sites an event concerns. Site-scoped events (access and error lines, PHP errors)
 * name their site; host-scoped ones (a PHP-FPM pool, CPU) go to the sites on that host; dependency
 * events (a database, a Redis, a CDN zone) go to every site that uses the dependency. It also learns
 * which host serves a site from the lines themselves.
 */
public final class SiteResolver {

    /**
     * Sites whose hosts the inventory was seen to connect to them, least recently used first out, and hosts
     * remembered per site: at most 20,000 x 64 pairs. A site served by more hosts reads the rest each time.
     */
    private static final int CONFIRMED_MEMORY = 20_000;
    private static final int CONFIRMED_HOSTS_PER_SITE = 64;

    private final Inventory inventory;
    // Every access and error line asks whether its host is known to serve its site: a global-store (RocksDB)
    // read per line for an answer that, once yes, stays yes. Remembering the yes answers skips those reads;
    // by site, then host, so that the per-line check builds no key.
    private final Map<String, Set<String>> confirmed = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > CONFIRMED_MEMORY;
        }
    };

    public SiteResolver(Inventory inventory) {
        this.inventory = Objects.requireNonNull(inventory, "inventory");
    }

    /** Target sites; empty when the event names none and the inventory knows none for its host. */
    public List<String> sitesFor(TelemetryEvent event) {
        if (event.getSite() != null) {
            return List.of(event.getSite());
        }
        Object payload = event.getPayload();
        String host = event.getHost();
        Set<String> out = new LinkedHashSet<>();
        if (payload instanceof FpmEvent fpm) {
            addPoolSites(out, host, fpm.getPool());
        } else if (payload instanceof MetricSample m) {
            String tagHost = m.getTags().getOrDefault("host", host);
            switch (m.getName()) {
                case "phpfpm" -> addPoolSites(out, tagHost, m.getTags().get("pool"));
                // Telegraf's `server` tag is the address it polled (127.0.0.1:3306); the host tag names the machine.
                case "mysql" -> addAll(out, inventory.dependents(InventoryKeys.DATABASE, tagHost));
                case "redis" -> addAll(out, inventory.dependents(InventoryKeys.CACHE, tagHost));
                default -> addAll(out, inventory.dependents(InventoryKeys.HOST, tagHost));
            }
        } else if (payload instanceof DatabaseEvent db) {
            addAll(out, inventory.dependents(InventoryKeys.DATABASE, db.getServer() != null ? db.getServer() : host));
        } else if (payload instanceof CacheEvent cache) {
            addAll(out, inventory.dependents(InventoryKeys.CACHE, cache.getCache() != null ? cache.getCache() : host));
        } else if (payload instanceof CdnEvent cdn) {
            addAll(out, inventory.dependents(InventoryKeys.CDN_ZONE, cdn.getZone()));
        } else if (!(payload instanceof AccessEvent) && !(payload instanceof GatewayErrorEvent)) {
            // Changes, PHP errors and the like without a site: every site on the host may be affected.
            addAll(out, inventory.dependents(InventoryKeys.HOST, host));
        }
        return new ArrayList<>(out);
    }

    /**
     * A new or extended inventory entry when the line shows a host serving a site the inventory does
     * not yet connect to it; empty otherwise. Configured fields are kept; only the host is added.
     */
    public Optional<Site> learn(TelemetryEvent event) {
        String site = event.getSite();
        String host = event.getHost();
        Object payload = event.getPayload();
        if (site == null || host == null || site.isBlank() || host.isBlank()
                || !(payload instanceof AccessEvent || payload instanceof GatewayErrorEvent)
                || servesOn(site, host)) {
            return Optional.empty();
        }
        Site known = inventory.site(site);
        Instant now = event.getEventTime();
        if (known == null) {
            return Optional.of(new Site(site, List.of(host), null, null, null, null, true, now));
        }
        List<String> hosts = new ArrayList<>(known.getHosts());
        hosts.add(host);
        return Optional.of(new Site(site, hosts, known.getFpmPool(), known.getDatabase(), known.getCache(),
                known.getCdnZone(), known.getLearned(), now));
    }

    private boolean servesOn(String site, String host) {
        Set<String> hosts = confirmed.get(site);
        if (hosts != null && hosts.contains(host)) {
            return true;
        }
        if (inventory.servesOn(site, host)) {
            if (hosts == null) {
                hosts = new HashSet<>(2);
                confirmed.put(site, hosts);
            }
            if (hosts.size() < CONFIRMED_HOSTS_PER_SITE) {
                hosts.add(host);
            }
            return true;
        }
        return false;
    }

    private void addPoolSites(Set<String> out, String host, String pool) {
        List<Site> onHost = inventory.dependents(InventoryKeys.HOST, host);
        if (pool != null) {
            for (Site s : onHost) {
                if (pool.equals(s.getFpmPool())) {
                    out.add(s.getSite());
                }
            }
            if (!out.isEmpty()) {
                return;
            }
        }
        // Pool unknown, or no site names it: every site on the host may be served by it.
        addAll(out, onHost);
    }

    private static void addAll(Set<String> out, List<Site> sites) {
        for (Site s : sites) {
            out.add(s.getSite());
        }
    }
}
