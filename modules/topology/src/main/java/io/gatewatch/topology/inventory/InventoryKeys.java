package io.gatewatch.topology.inventory;

/**
 * Keys of the global inventory store. One store holds both the sites and the reverse index from a
 * dependency (host, database, cache, CDN zone) to the sites that use it, so that a prefix scan answers
 * "which sites does db-1 serve" without a second global topic.
 */
public final class InventoryKeys {

    static final char SEP = '\u0000';
    public static final String HOST = "host";
    public static final String DATABASE = "db";
    public static final String CACHE = "cache";
    public static final String CDN_ZONE = "cdn";

    private InventoryKeys() {
    }

    public static String site(String site) {
        return "site" + SEP + site;
    }

    public static String dependency(String kind, String id, String site) {
        return dependencyPrefix(kind, id) + site;
    }

    public static String dependencyPrefix(String kind, String id) {
        return "dep" + SEP + kind + SEP + id + SEP;
    }
}
