package io.gatewatch.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewatch.avro.Incident;
import io.gatewatch.avro.Site;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.model.Topics;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {

    private InMemorySchemaRegistry registry;

    @BeforeEach
    void freshRegistry() {
        registry = new InMemorySchemaRegistry();
    }

    @Test
    void incidentWithNestedCausesAndEvidenceSurvivesARoundTrip() {
        Incident incident = SampleRecords.incident();

        Incident back = roundTrip(GatewatchSerdes.value(Incident.class, registry), Topics.INCIDENTS, incident);

        assertThat(back).isEqualTo(incident);
        assertThat(back.getCauses().get(0).getEvidence().get(0).getSource().getOffset()).isEqualTo(41L);
        assertThat(back.getOpenedAt()).isEqualTo(SampleRecords.T0);
    }

    @Test
    void telemetryEventsKeepTheirUnionPayloadType() {
        SpecificAvroSerde<TelemetryEvent> serde = GatewatchSerdes.value(TelemetryEvent.class, registry);

        TelemetryEvent error = roundTrip(serde, "gatewatch.telemetry", SampleRecords.gatewayError());
        TelemetryEvent metric = roundTrip(serde, "gatewatch.telemetry", SampleRecords.metric());

        assertThat(error).isEqualTo(SampleRecords.gatewayError());
        assertThat(error.getPayload()).isInstanceOf(io.gatewatch.avro.GatewayErrorEvent.class);
        assertThat(metric).isEqualTo(SampleRecords.metric());
        assertThat(metric.getPayload()).isInstanceOf(io.gatewatch.avro.MetricSample.class);
        assertThat(registry.subjects()).containsExactly("gatewatch.telemetry-value");
    }

    @Test
    void bytesAreMagicByteSchemaIdThenPlainAvroBinary() throws Exception {
        Site site = SampleRecords.site();
        byte[] bytes = GatewatchSerdes.value(Site.class, registry).serializer().serialize(Topics.INVENTORY, site);

        int id = registry.idFor("gatewatch.inventory-value", Site.getClassSchema());
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(plainAvro(site));
    }

    @Test
    void registersOnceUnderTopicValueAndTopicKeySubjects() {
        SpecificAvroSerde<Site> values = GatewatchSerdes.value(Site.class, registry);
        SpecificAvroSerde<Site> keys = GatewatchSerdes.of(Site.class, registry, true);

        values.serializer().serialize("t", SampleRecords.site());
        values.serializer().serialize("t", SampleRecords.site());
        keys.serializer().serialize("t", SampleRecords.site());

        assertThat(registry.subjects()).containsExactly("t-key", "t-value");
        assertThat(registry.versions("t-value")).containsExactly(1);
        // same schema under two subjects keeps one global id, as in Confluent's registry
        assertThat(registry.idFor("t-key", Site.getClassSchema()))
                .isEqualTo(registry.idFor("t-value", Site.getClassSchema()));
    }

    @Test
    void stringKeysAreAvroStringsInTheWireFormat() {
        AvroStringSerde keys = GatewatchSerdes.stringKey(registry);

        byte[] bytes = keys.serializer().serialize(Topics.INCIDENTS, "héllo");

        int id = registry.idFor("gatewatch.incidents-key", Schema.create(Schema.Type.STRING));
        byte[] utf8 = "héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(bytes[0]).isZero();
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(bytes[5]).isEqualTo((byte) (utf8.length * 2)); // zig-zag varint length
        assertThat(Arrays.copyOfRange(bytes, 6, bytes.length)).isEqualTo(utf8);
        assertThat(keys.deserializer().deserialize(Topics.INCIDENTS, bytes)).isEqualTo("héllo");
        assertThat(keys.deserializer().deserialize(Topics.INCIDENTS, keys.serializer().serialize("x", "")))
                .isEmpty();
    }

    @Test
    void stringKeysOfAnyLengthReadBackAndACorruptLengthIsNamed() {
        AvroStringSerde keys = GatewatchSerdes.stringKey(registry);
        for (int n : new int[] {63, 64, 8191, 8192, 100_000}) {
            String key = "ü".repeat(n / 2) + "x".repeat(n % 2);
            assertThat(keys.deserializer().deserialize("t", keys.serializer().serialize("t", key))).isEqualTo(key);
        }
        byte[] bytes = keys.serializer().serialize("t", "shop.example.test");
        assertThatThrownBy(() -> keys.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic t").hasMessageContaining("length 17 but 16 bytes follow");
        assertThatThrownBy(() -> keys.deserializer().deserialize("t", Arrays.copyOf(bytes, 5)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated length");
    }

    @Test
    void nullsStayNullForTombstones() {
        SpecificAvroSerde<Incident> serde = GatewatchSerdes.value(Incident.class, registry);
        AvroStringSerde keys = GatewatchSerdes.stringKey(registry);

        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
        assertThat(keys.serializer().serialize("t", null)).isNull();
        assertThat(keys.deserializer().deserialize("t", null)).isNull();
        assertThat(registry.subjects()).isEmpty();
    }

    @Test
    void wrongMagicByteIsRejectedWithAClearMessage() {
        SpecificAvroSerde<Incident> serde = GatewatchSerdes.value(Incident.class, registry);
        byte[] json = "{\"incidentId\":\"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize("gatewatch.incidents", json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not in schema-registry wire format")
                .hasMessageContaining("gatewatch.incidents")
                .hasMessageContaining("0x7b")
                .hasMessageContaining("{\"incidentId");
    }

    @Test
    void tooShortPayloadIsRejectedWithAClearMessage() {
        AvroStringSerde keys = GatewatchSerdes.stringKey(registry);

        assertThatThrownBy(() -> keys.deserializer().deserialize("t", new byte[] {0, 0, 1}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not in schema-registry wire format")
                .hasMessageContaining("3 bytes");
    }

    @Test
    void unknownSchemaIdIsASerializationErrorNamingTheId() {
        SpecificAvroSerde<Incident> serde = GatewatchSerdes.value(Incident.class, registry);

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {0, 0, 0, 0, 42, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 42")
                .hasRootCauseInstanceOf(SchemaRegistryException.class);
    }

    @Test
    void recordWrittenWithAnOlderSchemaIsResolvedToTheCurrentClass() throws Exception {
        // an earlier Site without the optional fields, written by some older producer
        Schema older = SchemaBuilderHelper.siteWithout("fpmPool", "database", "cache", "cdnZone", "learned");
        int id = registry.register("gatewatch.inventory-value", older);
        GenericRecord old = new GenericData.Record(older);
        old.put("site", "old.example.com");
        old.put("hosts", List.of("web-9"));
        old.put("updatedAt", SampleRecords.T0.toEpochMilli());

        byte[] bytes = wire(id, older, old);
        Site read = GatewatchSerdes.value(Site.class, registry).deserializer().deserialize(Topics.INVENTORY, bytes);

        assertThat(read.getSite()).isEqualTo("old.example.com");
        assertThat(read.getHosts()).containsExactly("web-9");
        assertThat(read.getLearned()).isFalse();
        assertThat(read.getFpmPool()).isNull();
        assertThat(read.getUpdatedAt()).isEqualTo(SampleRecords.T0);
    }

    @Test
    void writerSchemaThatCannotBeReadAsTheTargetClassIsExplained() {
        int stringId = registry.register("t-value", Schema.create(Schema.Type.STRING));
        byte[] bytes = GatewatchSerdes.stringKey(registry).serializer().serialize("t", "x");
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(stringId);

        assertThatThrownBy(() -> GatewatchSerdes.value(Site.class, registry).deserializer().deserialize("t", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("cannot be read as io.gatewatch.avro.Site");
    }

    @Test
    void configuredFromPropertiesWithAMockUrlAndNoTargetClass() {
        String scope = "serde-test-" + System.nanoTime();
        try {
            SpecificAvroSerde<SpecificRecord> writer = new SpecificAvroSerde<>();
            writer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope), false);
            SpecificAvroSerde<SpecificRecord> reader = new SpecificAvroSerde<>();
            reader.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope), false);

            byte[] bytes = writer.serializer().serialize("t", SampleRecords.incident());
            SpecificRecord back = reader.deserializer().deserialize("t", bytes);

            assertThat(back).isInstanceOf(Incident.class).isEqualTo(SampleRecords.incident());
            assertThat(InMemorySchemaRegistry.forScope(scope).subjects()).containsExactly("t-value");
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
        }
    }

    @Test
    void withoutAutoRegisterTheSchemaMustAlreadyBeThere() {
        String scope = "serde-noreg-" + System.nanoTime();
        try {
            SpecificAvroSerializer<Site> serializer = new SpecificAvroSerializer<>();
            serializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, "mock://" + scope,
                    SerdeConfig.AUTO_REGISTER_SCHEMAS, "false"), false);

            assertThatThrownBy(() -> serializer.serialize("t", SampleRecords.site()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("could not look up schema io.gatewatch.avro.Site under subject t-value")
                    .hasMessageContaining("Subject 't-value' not found");

            InMemorySchemaRegistry.forScope(scope).register("t-value", Site.getClassSchema());
            assertThat(serializer.serialize("t", SampleRecords.site())).isNotEmpty();
        } finally {
            InMemorySchemaRegistry.dropScope(scope);
        }
    }

    @Test
    void unconfiguredSerdeSaysWhatIsMissing() {
        SpecificAvroSerde<Site> serde = new SpecificAvroSerde<>(Site.class);

        assertThatThrownBy(() -> serde.serializer().serialize("t", SampleRecords.site()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(SerdeConfig.SCHEMA_REGISTRY_URL);
    }

    @Test
    void aThousandRecordsMakeOneRegistryCallEachWay() {
        CountingClient counting = new CountingClient(registry);
        SpecificAvroSerde<TelemetryEvent> serde = GatewatchSerdes.value(TelemetryEvent.class, counting);

        for (int i = 0; i < 1000; i++) {
            byte[] bytes = serde.serializer().serialize("t", SampleRecords.gatewayError());
            assertThat(serde.deserializer().deserialize("t", bytes)).isNotNull();
        }

        assertThat(counting.registerCalls).isEqualTo(1);
        assertThat(counting.byIdCalls).isEqualTo(1);
    }

    @Test
    void oneSerdeInstanceIsSafeToShareAcrossThreads() throws Exception {
        SpecificAvroSerde<TelemetryEvent> serde = GatewatchSerdes.value(TelemetryEvent.class, registry);
        AvroStringSerde keys = GatewatchSerdes.stringKey(registry);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                boolean metric = t % 2 == 0;
                results.add(pool.submit(() -> {
                    TelemetryEvent event = metric ? SampleRecords.metric() : SampleRecords.gatewayError();
                    for (int i = 0; i < 500; i++) {
                        String key = "k-" + i;
                        byte[] value = serde.serializer().serialize("t", event);
                        assertThat(serde.deserializer().deserialize("t", value)).isEqualTo(event);
                        assertThat(keys.deserializer().deserialize("t", keys.serializer().serialize("t", key)))
                                .isEqualTo(key);
                    }
                    return 500;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(500);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(registry.versions("t-value")).containsExactly(1);
    }

    private static <T extends SpecificRecord> T roundTrip(Serde<T> serde, String topic, T record) {
        byte[] bytes = serde.serializer().serialize(topic, record);
        return serde.deserializer().deserialize(topic, bytes);
    }

    private static byte[] plainAvro(Site site) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<Site>(Site.getClassSchema(), site.getSpecificData()).write(site, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] wire(int id, Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
