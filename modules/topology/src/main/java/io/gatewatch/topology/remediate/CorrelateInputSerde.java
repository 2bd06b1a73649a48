package io.gatewatch.topology.remediate;

import io.gatewatch.avro.AccessCountsBatch;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.avro.RemediationResult;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.topology.correlate.AccessCountsBatchSerde;
import java.util.Arrays;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Values of the by-site repartition topic in front of the correlator: a site's telemetry, its access
 * counts, and the remediation commands and agent results of its incidents (the fold-back). They share one topic so that
 * a command's status lands in the very task that owns the incident, whatever the partition counts.
 *
 * <p>Telemetry is written exactly as before (Schema Registry wire format, magic byte 0), so records
 * already in the topic stay readable. A command or result is one tag byte followed by its own wire
 * format, registered under a subject of its own ({@code <topic>-remediation-command-value}, ...), so the
 * telemetry subject keeps a single record type. Access counts are tag {@code 'A'} and a fixed layout
 * ({@link AccessCountsBatchSerde}, which still reads single seconds written before batches): they are most
 * of the topic's records and never leave Gatewatch.
 */
public final class CorrelateInputSerde implements Serde<SpecificRecord> {

    static final byte COMMAND_TAG = 'C';
    static final byte ACCESS_COUNTS_TAG = 'A';
    static final byte RESULT_TAG = 'R';

    private final Serde<TelemetryEvent> telemetry;
    private final Serde<RemediationCommand> commands;
    private final Serde<RemediationResult> results;
    private final Serde<AccessCountsBatch> accessCounts = new AccessCountsBatchSerde();

    public CorrelateInputSerde(SchemaRegistryClient registry) {
        this.telemetry = GatewatchSerdes.of(TelemetryEvent.class, registry, false);
        this.commands = GatewatchSerdes.of(RemediationCommand.class, registry, false);
        this.results = GatewatchSerdes.of(RemediationResult.class, registry, false);
    }

    @Override
    public Serializer<SpecificRecord> serializer() {
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            if (value instanceof TelemetryEvent e) {
                return telemetry.serializer().serialize(topic, e);
            }
            if (value instanceof AccessCountsBatch a) {
                return tagged(ACCESS_COUNTS_TAG, accessCounts.serializer().serialize(topic, a));
            }
            if (value instanceof RemediationCommand c) {
                return tagged(COMMAND_TAG, commands.serializer().serialize(topic + "-remediation-command", c));
            }
            if (value instanceof RemediationResult r) {
                return tagged(RESULT_TAG, results.serializer().serialize(topic + "-remediation-result", r));
            }
            throw new SerializationException("the correlator's input carries telemetry, commands and results, not "
                    + value.getClass().getName());
        };
    }

    @Override
    public Deserializer<SpecificRecord> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null || bytes.length == 0) {
                return null;
            }
            return switch (bytes[0]) {
                case ACCESS_COUNTS_TAG -> accessCounts.deserializer().deserialize(topic, rest(bytes));
                case COMMAND_TAG -> commands.deserializer().deserialize(topic + "-remediation-command", rest(bytes));
                case RESULT_TAG -> results.deserializer().deserialize(topic + "-remediation-result", rest(bytes));
                default -> telemetry.deserializer().deserialize(topic, bytes);
            };
        };
    }

    private static byte[] tagged(byte tag, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = tag;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    private static byte[] rest(byte[] bytes) {
        return Arrays.copyOfRange(bytes, 1, bytes.length);
    }
}
