package io.gatewatch.model;

import java.util.List;

/**
 * Every topic name Gatewatch reads or writes. Shippers, consumers and operators depend on these
 * names, so they live in one place and change only with a migration note.
 */
public final class Topics {

    /** Raw log lines or shipper JSON envelopes (Filebeat, Vector, Fluent Bit). */
    public static final String LOGS = "gatewatch.logs";
    /** Telegraf JSON metrics. */
    public static final String METRICS = "gatewatch.metrics";
    /** Change events (plugin updates, deploys) as JSON. */
    public static final String CHANGES = "gatewatch.changes";
    /** Compacted inventory: site -> hosts, pool, database, cache, CDN zone. */
    public static final String INVENTORY = "gatewatch.inventory";
    /** Compacted latest state of each incident, keyed by incident id. */
    public static final String INCIDENTS = "gatewatch.incidents";
    /** Append-only lifecycle transitions of incidents. */
    public static final String INCIDENT_EVENTS = "gatewatch.incident-events";
    /** Remediation commands for agents, keyed by command id. */
    public static final String REMEDIATION_COMMANDS = "gatewatch.remediation.commands";
    /** What agents did with the commands. */
    public static final String REMEDIATION_RESULTS = "gatewatch.remediation.results";
    /** Input records that could not be understood, with their bytes and the reason. */
    public static final String DEADLETTER = "gatewatch.deadletter";
    /** Compacted store of the embedded schema registry (the name Confluent's registry uses). */
    public static final String SCHEMAS = "_schemas";

    /** Topics shippers write to. */
    public static final List<String> INPUTS = List.of(LOGS, METRICS, CHANGES);
    /** Topics other systems read. */
    public static final List<String> OUTPUTS =
            List.of(INCIDENTS, INCIDENT_EVENTS, REMEDIATION_COMMANDS, DEADLETTER);
    /** Topics that keep only the latest record per key. */
    public static final List<String> COMPACTED = List.of(INVENTORY, INCIDENTS, SCHEMAS);

    private Topics() {
    }
}
