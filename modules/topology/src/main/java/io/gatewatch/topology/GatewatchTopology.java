package io.gatewatch.topology;

import io.gatewatch.avro.DeadLetter;
import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentEvent;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.serde.SchemaRegistryClients;
import io.gatewatch.topology.correlate.AccessCountsBatchSerde;
import io.gatewatch.topology.correlate.AccessCountsProcessor;
import io.gatewatch.topology.correlate.Attribution;
import io.gatewatch.topology.correlate.CorrelateProcessor;
import io.gatewatch.topology.correlate.StoreNames;
import io.gatewatch.topology.correlate.TrafficBlockSerde;
import io.gatewatch.topology.correlate.TrafficLedger;
import io.gatewatch.avro.Site;
import io.gatewatch.topology.inventory.InventoryIndexer;
import io.gatewatch.topology.normalize.NormalizeProcessor;
import io.gatewatch.topology.normalize.NormalizeSettings;
import io.gatewatch.topology.normalize.PendingEntrySerde;
import io.gatewatch.topology.remediate.CorrelateInputSerde;
import io.gatewatch.topology.remediate.RemediationPolicy;
import io.gatewatch.topology.remediate.RemediationTopology;
import java.time.Duration;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Gatewatch's topology as a function of its configuration. Every operator, store and internal topic
 * is named, so that names stay stable across releases and changelog/repartition topics can be found.
 *
 * <pre>
 * gatewatch.logs ─ normalize ─┬─ dead letters ─────────────► gatewatch.deadletter
 *                             └─ events ─ count access ─ repartition by site ─ correlate ─┬─► gatewatch.incidents
 *                                                                           ├─► gatewatch.incident-events
 *                                                                           └─ proposals ─ remediate ─► gatewatch.remediation.commands
 * gatewatch.remediation.results ─────────────────────────────────────────────────────────┘ (guardrails, fleet-wide)
 * gatewatch.remediation.commands + .results ─ by site ─► (into the by-site repartition: fold-back into incidents)
 * </pre>
 *
 * See {@link RemediationTopology} for the remediation stage and the fold-back.
 */
public final class GatewatchTopology {

    public static final String SOURCE_LOGS = "inputs-source";
    public static final String INVENTORY_SOURCE = "inventory-source";
    public static final String INVENTORY_INDEXER = "inventory-indexer";
    public static final String INVENTORY_SINK = "inventory-sink";
    public static final String NORMALIZE = "normalize";
    public static final String COUNT_ACCESS = "count-access";
    public static final String REPARTITION_BY_SITE = "events-by-site";
    public static final String CORRELATE = "correlate";
    public static final String DEADLETTER_SINK = "deadletter-sink";
    public static final String INCIDENTS_SINK = "incidents-sink";
    public static final String INCIDENT_EVENTS_SINK = "incident-events-sink";
    public static final String COMMANDS_SINK = "commands-sink";

    /** Evidence stays queryable this long beyond the lookback, so long incidents can be re-scored. */
    private static final Duration EVIDENCE_EXTRA_RETENTION = Duration.ofMinutes(30);

    private GatewatchTopology() {
    }

    public static Topology build(GatewatchConfig config) {
        Objects.requireNonNull(config, "config");
        SchemaRegistryClient registry = SchemaRegistryClients.forUrl(config.schemaRegistryUrl());
        return build(config, registry);
    }

    public static Topology build(GatewatchConfig config, SchemaRegistryClient registry) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        DetectionConfig detection = config.detection();
        Serde<String> keySerde = GatewatchSerdes.stringKey(registry);
        Serde<TelemetryEvent> eventSerde = GatewatchSerdes.of(TelemetryEvent.class, registry, false);

        StreamsBuilder builder = new StreamsBuilder();
        addStores(builder, config, registry, eventSerde);

        NormalizeSettings normalize = new NormalizeSettings(config.defaultZone(), config.maxRecordBytes(),
                config.maxEntryLines(), config.multilineFlush(), StoreNames.PENDING_ENTRIES, StoreNames.INVENTORY);
        KStream<String, SpecificRecord> normalized = builder
                .stream(Topics.INPUTS, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()).withName(SOURCE_LOGS))
                .process(() -> new NormalizeProcessor(normalize), Named.as(NORMALIZE), StoreNames.PENDING_ENTRIES);

        normalized.split(Named.as("normalized-"))
                .branch((k, v) -> v instanceof Site, Branched.withConsumer(sites -> sites
                        .mapValues(v -> (Site) v, Named.as("as-site"))
                        .to(Topics.INVENTORY, Produced.with(keySerde, GatewatchSerdes.of(Site.class, registry, false))
                                .withName(INVENTORY_SINK)), "learned-sites"))
                .branch((k, v) -> v instanceof DeadLetter, Branched.withConsumer(letters -> letters
                        .mapValues(v -> (DeadLetter) v, Named.as("as-deadletter"))
                        .to(Topics.DEADLETTER, Produced.with(keySerde,
                                GatewatchSerdes.of(DeadLetter.class, registry, false)).withName(DEADLETTER_SINK)),
                        "deadletters"))
                .defaultBranch(Branched.withConsumer(events -> correlate(builder, events, config, registry,
                        keySerde), "events"));
        return builder.build();
    }

    private static void correlate(StreamsBuilder builder, KStream<String, SpecificRecord> events,
                                  GatewatchConfig config, SchemaRegistryClient registry, Serde<String> keySerde) {
        RemediationTopology remediation = RemediationTopology.attach(builder, config.remediation(), registry, keySerde);
        KStream<String, SpecificRecord> correlated = events
                // Access lines are most of the volume: reduced to per-site, per-second counts, a few seconds of
                // a site per record, before they cross the repartition topic (AccessCountsProcessor says when).
                .process(() -> new AccessCountsProcessor(StoreNames.ACCESS_PENDING), Named.as(COUNT_ACCESS),
                        StoreNames.ACCESS_PENDING)
                // Issued commands and agents' results, keyed by site, travel with the site's telemetry so
                // that they reach the task that owns the incident (the fold-back).
                .merge(remediation.feedbackBySite(builder), Named.as("with-remediation-feedback"))
                // The key is already the site; repartitioning co-locates each site's signals in one task.
                .repartition(Repartitioned.with(keySerde, new CorrelateInputSerde(registry))
                        .withName(REPARTITION_BY_SITE))
                .process(() -> new CorrelateProcessor(config.detection(), Attribution.standard(),
                                new RemediationPolicy(config.remediation(), config.detection().window())),
                        Named.as(CORRELATE),
                        StoreNames.TRAFFIC, StoreNames.EDGE_TRAFFIC, StoreNames.EVIDENCE, StoreNames.INCIDENTS,
                        StoreNames.LAST_SEEN, RemediationTopology.COMMAND_RESULTS_STORE);

        correlated.split(Named.as("correlated-"))
                .branch((k, v) -> v instanceof Incident, Branched.withConsumer(s -> s
                        .mapValues(v -> (Incident) v, Named.as("as-incident"))
                        .to(Topics.INCIDENTS, Produced.with(keySerde,
                                GatewatchSerdes.of(Incident.class, registry, false)).withName(INCIDENTS_SINK)),
                        "incidents"))
                .branch((k, v) -> v instanceof IncidentEvent, Branched.withConsumer(s -> s
                        .mapValues(v -> (IncidentEvent) v, Named.as("as-incident-event"))
                        .to(Topics.INCIDENT_EVENTS, Produced.with(keySerde,
                                GatewatchSerdes.of(IncidentEvent.class, registry, false))
                                .withName(INCIDENT_EVENTS_SINK)), "incident-events"))
                // Proposals go to the remediation stage, which applies the fleet's guardrails and issues.
                .branch((k, v) -> v instanceof RemediationCommand, Branched.withConsumer(s -> remediation.decide(s,
                        COMMANDS_SINK, StoreNames.INVENTORY), "commands"))
                .noDefaultBranch();
    }

    private static void addStores(StreamsBuilder builder, GatewatchConfig config, SchemaRegistryClient registry,
                                  Serde<TelemetryEvent> eventSerde) {
        DetectionConfig d = config.detection();
        // The baseline looks 15 minutes back from an onset; incidents are scored while they last.
        Duration trafficRetention = max(d.window(), d.lookback()).plus(d.grace()).plus(Duration.ofMinutes(20));
        Duration evidenceRetention = d.lookback().plus(d.grace()).plus(EVIDENCE_EXTRA_RETENTION).plus(Duration.ofMinutes(30));
        // A window per site and block of seconds (TrafficLedger). Not cached: the ledger holds the block being
        // filled and writes it once per batch of access counts; a cache would only hold it until eviction or
        // commit and make every window read merge two iterators (measured with gatewatch bench).
        Duration block = Duration.ofSeconds(TrafficLedger.BLOCK_SECONDS);
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(StoreNames.TRAFFIC, trafficRetention, block, false),
                Serdes.String(), new TrafficBlockSerde()));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(StoreNames.EDGE_TRAFFIC, trafficRetention, block, false),
                Serdes.String(), new TrafficBlockSerde()));
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(StoreNames.EVIDENCE, evidenceRetention, Duration.ofMillis(1), true),
                Serdes.String(), eventSerde));
        // Read and rewritten many times a second while an incident is open: the cache keeps that off RocksDB
        // and writes the changelog once per commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.INCIDENTS),
                Serdes.String(), GatewatchSerdes.of(Incident.class, registry, false)).withCachingEnabled());
        // Written for every record a site sends; the cache keeps one changelog record per site and commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.LAST_SEEN), Serdes.String(), Serdes.Long())
                .withCachingEnabled());
        // At most one entry per active site: in memory, restored from its changelog; the cache absorbs the
        // per-line updates so that the changelog sees one record per site and commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(StoreNames.ACCESS_PENDING), Serdes.String(), new AccessCountsBatchSerde())
                .withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.PENDING_ENTRIES), Serdes.String(), new PendingEntrySerde()));
        RemediationTopology.addStores(builder, config.remediation(), registry);
        // The inventory is small and every task needs all of it (a database serves sites in any
        // partition), so it is a global store, restored from the compacted topic itself.
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.INVENTORY),
                        Serdes.String(), GatewatchSerdes.of(Site.class, registry, false)).withLoggingDisabled(),
                Topics.INVENTORY,
                Consumed.with(GatewatchSerdes.stringKey(registry), GatewatchSerdes.of(Site.class, registry, false))
                        .withName(INVENTORY_SOURCE),
                () -> new InventoryIndexer(StoreNames.INVENTORY));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
