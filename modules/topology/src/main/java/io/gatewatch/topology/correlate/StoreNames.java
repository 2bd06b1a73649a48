package io.gatewatch.topology.correlate;

/** Names of the correlator's state stores; their changelog topics are named after them. */
public final class StoreNames {

    /** Window store: per-site request counters per second, one window per block of seconds ({@link TrafficLedger}). */
    public static final String TRAFFIC = "site-traffic";
    /** Window store: per-site CDN edge counters per second, one window per block of seconds. */
    public static final String EDGE_TRAFFIC = "site-edge-traffic";
    /** Window store: per-site non-access events (error log, FPM, DB, ...), kept for the lookback. */
    public static final String EVIDENCE = "site-evidence";
    /** Key-value store: latest incident per site and kind. */
    public static final String INCIDENTS = "site-incidents";
    /** Key-value store: multi-line entries being reassembled, per source stream. */
    public static final String PENDING_ENTRIES = "multiline-pending";
    /** Global key-value store: the inventory and its reverse index by dependency. */
    public static final String INVENTORY = "inventory";
    /** Key-value store (in memory, changelogged): a site's access counts not yet sent on ({@link AccessCountsProcessor}). */
    public static final String ACCESS_PENDING = "access-counts-pending";
    /** Key-value store: wall-clock time a site with an open incident last sent anything. */
    public static final String LAST_SEEN = "site-last-seen";

    private StoreNames() {
    }
}
