package io.gatewatch.topology.remediate;

import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.avro.RemediationResult;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.topology.RemediationConfig;
import java.time.Duration;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The remediation part of the topology: the stage that decides commands under the guardrails, and the
 * loop that brings issued commands and agents' results back to the incidents.
 *
 * <pre>
 * correlate ─ proposals ─ remediation-proposals (1 partition, key "fleet") ─┐
 * gatewatch.remediation.results ─ remediation-results (1 partition) ────────┴─ remediate ─► gatewatch.remediation.commands
 *
 * gatewatch.remediation.commands ─┐ re-keyed by site, merged into the events-by-site repartition
 * gatewatch.remediation.results ──┘ in front of correlate (fold-back into the incident's commands)
 * </pre>
 *
 * The fold-back reads the public command and result topics rather than an internal topic: a Kafka
 * Streams DSL graph cannot loop through a repartition topic, and both topics are created with the
 * others. It joins the telemetry's own repartition topic (see {@link CorrelateInputSerde}) because a
 * second by-site repartition topic would only be co-partitioned with it by luck.
 */
public final class RemediationTopology {

    public static final String COMMANDS_FEEDBACK_SOURCE = "remediation-commands-feedback-source";
    public static final String RESULTS_SOURCE = "remediation-results-source";
    public static final String REPARTITION_PROPOSALS = "remediation-proposals";
    public static final String REPARTITION_RESULTS = "remediation-results";
    public static final String REMEDIATE = "remediate";
    /** Key of everything the stage reads: one partition, one task, the whole fleet in view. */
    public static final String FLEET_KEY = "fleet";
    /** Key-value store of the stage: site → commands issued for it recently. */
    public static final String HISTORY_STORE = "remediation-site-history";
    /** Key-value store of the stage: command id → site and expiry of automatic commands in flight. */
    public static final String IN_FLIGHT_STORE = "remediation-in-flight";
    /** Window store of the correlator: command id → agent results, for verification. */
    public static final String COMMAND_RESULTS_STORE = "incident-command-results";

    private final KStream<String, RemediationResult> results;
    private final Serde<String> keySerde;
    private final SchemaRegistryClient registry;
    private final RemediationConfig config;

    private RemediationTopology(KStream<String, RemediationResult> results, Serde<String> keySerde,
                                SchemaRegistryClient registry, RemediationConfig config) {
        this.results = results;
        this.keySerde = keySerde;
        this.registry = registry;
        this.config = config;
    }

    /** Adds the sources of the results topic; call once per topology. */
    public static RemediationTopology attach(StreamsBuilder builder, RemediationConfig config,
                                             SchemaRegistryClient registry, Serde<String> keySerde) {
        Objects.requireNonNull(builder, "builder");
        KStream<String, RemediationResult> results = builder
                .stream(Topics.REMEDIATION_RESULTS, Consumed.with(keySerde,
                        GatewatchSerdes.of(RemediationResult.class, registry, false)).withName(RESULTS_SOURCE))
                .filter((k, v) -> v != null && v.getCommandId() != null, Named.as("remediation-results-present"));
        return new RemediationTopology(results, keySerde, registry, Objects.requireNonNull(config, "config"));
    }

    /**
     * Commands issued and results reported, keyed by site, to be merged into the correlator's by-site
     * input (serialized there with {@link CorrelateInputSerde}).
     */
    public KStream<String, SpecificRecord> feedbackBySite(StreamsBuilder builder) {
        KStream<String, SpecificRecord> issued = builder
                .stream(Topics.REMEDIATION_COMMANDS, Consumed.with(keySerde,
                        GatewatchSerdes.of(RemediationCommand.class, registry, false)).withName(COMMANDS_FEEDBACK_SOURCE))
                .filter((k, v) -> v != null && v.getSite() != null, Named.as("remediation-issued-present"))
                .selectKey((k, v) -> v.getSite(), Named.as("remediation-issued-by-site"))
                .mapValues(v -> (SpecificRecord) v, Named.as("remediation-issued-as-feedback"));
        KStream<String, SpecificRecord> reported = results
                .filter((k, v) -> v.getSite() != null, Named.as("remediation-reported-with-site"))
                .selectKey((k, v) -> v.getSite(), Named.as("remediation-reported-by-site"))
                .mapValues(v -> (SpecificRecord) v, Named.as("remediation-reported-as-feedback"));
        return issued.merge(reported, Named.as("remediation-feedback"));
    }

    /**
     * The stage: proposals from the correlator and results from agents meet in one task, which issues
     * the commands to {@code gatewatch.remediation.commands} under the sink name {@code sinkName}.
     */
    public void decide(KStream<String, SpecificRecord> proposals, String sinkName, String inventoryStore) {
        Serde<RemediationCommand> commandSerde = GatewatchSerdes.of(RemediationCommand.class, registry, false);
        KStream<String, SpecificRecord> fromCorrelator = proposals
                .mapValues(v -> (RemediationCommand) v, Named.as("as-proposal"))
                .selectKey((k, v) -> FLEET_KEY, Named.as("proposal-to-fleet"))
                .repartition(Repartitioned.with(keySerde, commandSerde).withName(REPARTITION_PROPOSALS)
                        .withNumberOfPartitions(1))
                .mapValues(v -> (SpecificRecord) v, Named.as("proposal-as-input"));
        KStream<String, SpecificRecord> fromAgents = results
                .selectKey((k, v) -> FLEET_KEY, Named.as("result-to-fleet"))
                .repartition(Repartitioned.with(keySerde, GatewatchSerdes.of(RemediationResult.class, registry, false))
                        .withName(REPARTITION_RESULTS).withNumberOfPartitions(1))
                .mapValues(v -> (SpecificRecord) v, Named.as("result-as-input"));
        fromCorrelator.merge(fromAgents, Named.as("remediation-inputs"))
                .process(() -> new RemediateProcessor(config, HISTORY_STORE, IN_FLIGHT_STORE, inventoryStore),
                        Named.as(REMEDIATE), HISTORY_STORE, IN_FLIGHT_STORE)
                .to(Topics.REMEDIATION_COMMANDS, Produced.with(keySerde, commandSerde).withName(sinkName));
    }

    public static void addStores(StreamsBuilder builder, RemediationConfig config, SchemaRegistryClient registry) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE),
                Serdes.String(), new SiteHistory.SiteHistorySerde()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IN_FLIGHT_STORE),
                Serdes.String(), new InFlight.InFlightSerde()));
        // Results are needed until the verification of their command is over; keep them as long as the
        // stage remembers commands, and never less than the command's lifetime plus its verification.
        Duration retention = config.recurrenceWindow().plus(config.commandTtl()).plus(config.verifyWindow());
        builder.addStateStore(Stores.windowStoreBuilder(
                Stores.persistentWindowStore(COMMAND_RESULTS_STORE, retention, Duration.ofMillis(1), false),
                Serdes.String(), GatewatchSerdes.of(RemediationResult.class, registry, false)));
    }
}
