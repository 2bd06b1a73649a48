package io.gatewatch.topology.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.AccessEvent;
import io.gatewatch.avro.DeadLetter;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.GatewayErrorEvent;
import io.gatewatch.avro.Site;
import io.gatewatch.avro.TelemetryEvent;
import io.gatewatch.avro.UpstreamErrorKind;
import io.gatewatch.model.InputHeaders;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.serde.SchemaRegistryClients;
import io.gatewatch.serde.SpecificAvroDeserializer;
import io.gatewatch.serde.SpecificAvroSerializer;
import io.gatewatch.topology.correlate.StoreNames;
import io.gatewatch.topology.inventory.InventoryIndexer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The normalize step alone: envelopes, reassembly, fan-out through the inventory, learning, dead letters. */
class NormalizeProcessorTest {

    private static final String OUT = "normalized";
    private static final Instant T0 = Instant.parse("2026-11-25T09:11:55Z");

    private SchemaRegistryClient registry;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> logs;
    private TestInputTopic<String, Site> inventory;
    private TestOutputTopic<String, SpecificRecord> out;
    private long offset;

    @BeforeEach
    void start() {
        String url = "mock://" + UUID.randomUUID();
        registry = SchemaRegistryClients.forUrl(url);
        // The test sink mixes record types on one topic, which a real topic never does.
        registry.setGlobalCompatibility(io.gatewatch.serde.CompatibilityLevel.NONE);
        NormalizeSettings settings = new NormalizeSettings(ZoneId.of("UTC"), 4096, 50, Duration.ofSeconds(2),
                StoreNames.PENDING_ENTRIES, StoreNames.INVENTORY);
        Topology t = new Topology();
        t.addSource("src", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), Topics.LOGS);
        t.addProcessor("normalize", () -> new NormalizeProcessor(settings), "src");
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.PENDING_ENTRIES),
                Serdes.String(), new PendingEntrySerde()), "normalize");
        t.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.INVENTORY), Serdes.String(),
                        GatewatchSerdes.of(Site.class, registry, false)).withLoggingDisabled(), "inv-src",
                GatewatchSerdes.stringKey(registry).deserializer(), GatewatchSerdes.of(Site.class, registry, false).deserializer(),
                Topics.INVENTORY, "inv", () -> new InventoryIndexer(StoreNames.INVENTORY));
        t.addSink("out", OUT, Serdes.String().serializer(), new SpecificAvroSerializer<>(registry, false), "normalize");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "normalize-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(t, props, T0);
        logs = driver.createInputTopic(Topics.LOGS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        inventory = driver.createInputTopic(Topics.INVENTORY, GatewatchSerdes.stringKey(registry).serializer(),
                GatewatchSerdes.of(Site.class, registry, false).serializer());
        SpecificAvroDeserializer<SpecificRecord> values = new SpecificAvroDeserializer<>();
        values.configure(Map.of("schema.registry.url", url), false);
        out = driver.createOutputTopic(OUT, Serdes.String().deserializer(), values);
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(String value, Map<String, String> headers, Instant t) {
        RecordHeaders h = new RecordHeaders();
        headers.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        logs.pipeInput(new TestRecord<>(null, value.getBytes(StandardCharsets.UTF_8), h, t));
        offset++;
    }

    private List<KeyValue<String, SpecificRecord>> output() {
        return out.readKeyValuesToList();
    }

    /** Sends a MySQL slow log of db-1 one line per record; the events that came out, none dead-lettered. */
    private List<TelemetryEvent> slowLogLineByLine(String... lines) {
        Map<String, String> h = Map.of(InputHeaders.SOURCE, "mysql-slow", InputHeaders.HOST, "db-1");
        for (String line : lines) {
            send(line, h, T0);
        }
        List<KeyValue<String, SpecificRecord>> records = output();
        assertThat(records).noneMatch(kv -> kv.value instanceof DeadLetter);
        return records.stream().map(kv -> kv.value).filter(TelemetryEvent.class::isInstance)
                .map(TelemetryEvent.class::cast).collect(Collectors.toList());
    }

    private static final String REFUSED = "2026/11/25 09:11:55 [error] 22132#22132: *23 connect() failed (111: Connection "
            + "refused) while connecting to upstream, client: 127.0.0.1, server: shop.example.test, request: \"GET /index.php "
            + "HTTP/1.1\", upstream: \"fastcgi://127.0.0.1:9071\", host: \"127.0.0.1:8088\"";

    @Test
    void unwrapsFilebeatVectorAndFluentBitEnvelopes() {
        String filebeat = "{\"@timestamp\":\"2026-11-25T09:11:55.100Z\",\"message\":" + quote(REFUSED)
                + ",\"host\":{\"name\":\"web-1\"},\"event\":{\"dataset\":\"nginx.error\"},\"log\":{\"file\":{\"path\":"
                + "\"/var/log/nginx/error.log\"},\"offset\":42},\"agent\":{\"type\":\"filebeat\"}}";
        String vector = "{\"message\":" + quote(REFUSED) + ",\"host\":\"web-2\",\"file\":\"/var/log/nginx/error.log\","
                + "\"source_type\":\"file\",\"timestamp\":\"2026-11-25T09:11:55Z\"}";
        String fluentBit = "{\"log\":\"127.0.0.1 - - [25/Nov/2026:09:11:55 +0000] \\\"GET / HTTP/1.1\\\" 502 157 \\\"-\\\" "
                + "\\\"curl/7.88.1\\\"\\n\",\"hostname\":\"web-3\",\"path\":\"/var/log/nginx/blog.example.test.access.log\"}";
        send(filebeat, Map.of(), T0);
        send(vector, Map.of(), T0);
        send(fluentBit, Map.of(), T0);

        List<TelemetryEvent> events = output().stream().map(kv -> kv.value).filter(TelemetryEvent.class::isInstance)
                .map(TelemetryEvent.class::cast).collect(Collectors.toList());
        assertThat(events).hasSize(3);
        assertThat(events.get(0).getHost()).isEqualTo("web-1");
        assertThat(events.get(0).getSourceType()).isEqualTo("nginx-error");
        assertThat(((GatewayErrorEvent) events.get(0).getPayload()).getKind()).isEqualTo(UpstreamErrorKind.CONNECTION_REFUSED);
        assertThat(events.get(0).getSite()).isEqualTo("shop.example.test");
        assertThat(events.get(1).getHost()).isEqualTo("web-2");
        assertThat(events.get(1).getSourceType()).isEqualTo("nginx-error");
        assertThat(events.get(2).getHost()).isEqualTo("web-3");
        assertThat(events.get(2).getSite()).isEqualTo("blog.example.test");
        assertThat(((AccessEvent) events.get(2).getPayload()).getStatus()).isEqualTo(502);
        assertThat(events.get(2).getExcerpt()).doesNotEndWith("\n");
    }

    @Test
    void reassemblesAFastCgiMessageThatArrivesOneLinePerRecord() {
        send("2026/11/25 09:11:25 [error] 22132#22132: *11 FastCGI sent in stderr: \"PHP message: PHP Fatal error:  Uncaught "
                + "Error: Call to undefined function f() in /var/www/html/wp-content/plugins/fast-checkout/cart.php:3",
                Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.HOST, "web-1"), T0);
        send("Stack trace:", Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.HOST, "web-1"), T0);
        send("#0 {main}", Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.HOST, "web-1"), T0);
        assertThat(output()).as("held back until the entry is complete").isEmpty();
        send("  thrown in /var/www/html/wp-content/plugins/fast-checkout/cart.php on line 3\" while reading response header "
                + "from upstream, client: 127.0.0.1, server: shop.example.test, request: \"GET /fatal.php HTTP/1.1\", "
                + "upstream: \"fastcgi://127.0.0.1:9071\", host: \"shop.example.test\"",
                Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.HOST, "web-1"), T0);

        List<KeyValue<String, SpecificRecord>> records = output();
        TelemetryEvent event = (TelemetryEvent) records.stream().map(kv -> kv.value)
                .filter(TelemetryEvent.class::isInstance).findFirst().orElseThrow();
        GatewayErrorEvent error = (GatewayErrorEvent) event.getPayload();
        assertThat(error.getKind()).isEqualTo(UpstreamErrorKind.FASTCGI_STDERR);
        assertThat(error.getPhpMessage()).contains("Stack trace:\n#0 {main}").contains("plugins/fast-checkout");
        assertThat(error.getServer()).isEqualTo("shop.example.test");
        assertThat(event.getSource().getOffset()).as("evidence points at the first line").isZero();
        assertThat(records).noneMatch(kv -> kv.value instanceof DeadLetter);
    }

    @Test
    void accessLinesBetweenTheLinesOfAnOpenEntryGoOnAtOnceAndTheEntryStaysWhole() {
        Map<String, String> error = Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.HOST, "web-1");
        Map<String, String> access = Map.of(InputHeaders.SOURCE, "nginx-access", InputHeaders.HOST, "web-1",
                InputHeaders.SITE, "shop.example.test");
        String accessLine = "127.0.0.1 - - [25/Nov/2026:09:11:25 +0000] \"GET / HTTP/1.1\" 200 512 \"-\" \"curl/7.88.1\"";
        send("2026/11/25 09:11:25 [error] 22132#22132: *11 FastCGI sent in stderr: \"PHP message: PHP Fatal error:  "
                + "Uncaught Error: Call to undefined function f() in /var/www/html/wp-content/plugins/x/cart.php:3", error, T0);
        send(accessLine, access, T0);
        assertThat(output()).as("the access line is not held with the open entry")
                .extracting(kv -> kv.value).filteredOn(TelemetryEvent.class::isInstance).singleElement()
                .satisfies(v -> assertThat(((TelemetryEvent) v).getPayload()).isInstanceOf(AccessEvent.class));
        send("Stack trace:", error, T0);
        send(accessLine, access, T0);
        send("#0 {main}", error, T0);
        send("  thrown in /var/www/html/wp-content/plugins/x/cart.php on line 3\" while reading response header from "
                + "upstream, client: 127.0.0.1, server: shop.example.test, request: \"GET / HTTP/1.1\", upstream: "
                + "\"fastcgi://127.0.0.1:9071\", host: \"shop.example.test\"", error, T0);
        send(accessLine, access, T0);

        List<TelemetryEvent> events = output().stream().map(kv -> kv.value).filter(TelemetryEvent.class::isInstance)
                .map(TelemetryEvent.class::cast).collect(Collectors.toList());
        assertThat(events).extracting(e -> e.getPayload().getClass().getSimpleName())
                .containsExactly("AccessEvent", "GatewayErrorEvent", "AccessEvent");
        assertThat(((GatewayErrorEvent) events.get(1).getPayload()).getPhpMessage())
                .contains("Stack trace:\n#0 {main}");
        assertThat(events.get(1).getSource().getOffset()).isZero();
    }

    @Test
    void aSlowLogShippedLineByLineBecomesOneEventEvenAfterRotation() {
        List<TelemetryEvent> events = slowLogLineByLine("# Time: 2026-11-25T09:11:50.123456Z", // a rotated file starts here
                "# User@Host: wp[wp] @ web-1 [10.0.0.11]  Id: 42",
                "# Query_time: 14.200000  Lock_time: 13.900000 Rows_sent: 0  Rows_examined: 1",
                "SET timestamp=1795597910;",
                "UPDATE wp_options SET option_value = 'x'",
                "  WHERE option_name = 'cron';");
        assertThat(events).hasSize(1);
        io.gatewatch.avro.DatabaseEvent db = (io.gatewatch.avro.DatabaseEvent) events.get(0).getPayload();
        assertThat(db.getQueryTimeSec()).isEqualTo(14.2);
        assertThat(db.getMessage()).contains("WHERE option_name = 'cron'");
        assertThat(events.get(0).getSource().getOffset()).isZero();
    }

    @Test
    void mariaDbsTwoStartBannersShippedLineByLineBecomeOneStartupBeforeTheQuery() {
        // MariaDB's install step starts the server once (port 0) and writes a banner with no time after it
        List<io.gatewatch.avro.DatabaseEvent> events = slowLogLineByLine(
                "mysqld, Version: 10.2.12-MariaDB-10.2.12+maria~jessie-log (mariadb.org binary distribution). started with:",
                "Tcp port: 0  Unix socket: /var/run/mysqld/mysqld.sock",
                "Time                 Id Command    Argument",
                "mysqld, Version: 10.2.12-MariaDB-10.2.12+maria~jessie-log (mariadb.org binary distribution). started with:",
                "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock",
                "Time                 Id Command    Argument",
                "# Time: 261125  9:11:50",
                "# User@Host: wp[wp] @ web-1 [10.0.0.11]  Id: 42",
                "# Query_time: 14.200000  Lock_time: 13.900000 Rows_sent: 0  Rows_examined: 1",
                "SET timestamp=1795597910;",
                "SELECT SLEEP(14);").stream().map(e -> (io.gatewatch.avro.DatabaseEvent) e.getPayload())
                .collect(Collectors.toList());
        assertThat(events).extracting(e -> e.getKind().name()).containsExactly("STARTUP", "SLOW_QUERY");
        assertThat(events.get(0).getMessage()).contains("Tcp port: 0").contains("Tcp port: 3306");
        assertThat(events.get(1).getQueryTimeSec()).isEqualTo(14.2);
    }

    @Test
    void anUnfinishedEntryIsFlushedAfterTheTimeoutAndNotLost() {
        send("2026/11/25 09:11:25 [error] 1#1: *11 FastCGI sent in stderr: \"PHP message: PHP Fatal error: x",
                Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.HOST, "web-1", InputHeaders.SITE, "shop.example.test"), T0);
        send("Stack trace:", Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.HOST, "web-1",
                InputHeaders.SITE, "shop.example.test"), T0);
        assertThat(output()).isEmpty();
        driver.advanceWallClockTime(Duration.ofSeconds(3));
        List<TelemetryEvent> events = output().stream().map(kv -> kv.value).filter(TelemetryEvent.class::isInstance)
                .map(TelemetryEvent.class::cast).collect(Collectors.toList());
        assertThat(events).hasSize(1);
        assertThat(((GatewayErrorEvent) events.get(0).getPayload()).getPhpMessage()).contains("Stack trace:");
    }

    @Test
    void hostScopedEventsFanOutToTheSitesOfThatHostAndPool() {
        inventory.pipeInput("shop.example.test", site("shop.example.test", "web-1", "shop", "db-1"));
        inventory.pipeInput("blog.example.test", site("blog.example.test", "web-1", "blog", "db-1"));
        inventory.pipeInput("other.example.test", site("other.example.test", "web-9", "other", "db-2"));
        send("[25-Nov-2026 09:11:55] WARNING: [pool shop] server reached pm.max_children setting (5), consider raising it",
                Map.of(InputHeaders.SOURCE, "php-fpm", InputHeaders.HOST, "web-1"), T0);
        send("[25-Nov-2026 09:11:56] NOTICE: exiting, bye-bye!", Map.of(InputHeaders.SOURCE, "php-fpm", InputHeaders.HOST, "web-1"), T0);

        List<KeyValue<String, SpecificRecord>> records = output();
        List<String> maxChildren = records.stream().filter(kv -> kv.value instanceof TelemetryEvent e
                        && e.getPayload() instanceof FpmEvent f && f.getPool() != null)
                .map(kv -> kv.key).collect(Collectors.toList());
        assertThat(maxChildren).containsExactly("shop.example.test");
        List<String> exiting = records.stream().filter(kv -> kv.value instanceof TelemetryEvent e
                        && e.getPayload() instanceof FpmEvent f && f.getPool() == null)
                .map(kv -> kv.key).collect(Collectors.toList());
        assertThat(exiting).containsExactlyInAnyOrder("shop.example.test", "blog.example.test");
    }

    @Test
    void learnsWhichHostServesASiteFromItsLinesOnce() {
        send(REFUSED, Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.HOST, "web-7"), T0);
        send(REFUSED, Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.HOST, "web-7"), T0);
        List<Site> learned = output().stream().map(kv -> kv.value).filter(Site.class::isInstance)
                .map(Site.class::cast).collect(Collectors.toList());
        assertThat(learned).hasSize(1);
        assertThat(learned.get(0).getSite()).isEqualTo("shop.example.test");
        assertThat(learned.get(0).getHosts()).containsExactly("web-7");
        assertThat(learned.get(0).getLearned()).isTrue();
    }

    @Test
    void aHostTheInventoryDoesNotConnectIsLearnedEvenAfterAnotherHostOfTheSiteWasConfirmed() {
        inventory.pipeInput("shop.example.test", site("shop.example.test", "web-1", "shop", "db-1"));
        send(REFUSED, Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.HOST, "web-1"), T0);
        send(REFUSED, Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.HOST, "web-1"), T0);
        send(REFUSED, Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.HOST, "web-2"), T0);
        List<Site> learned = output().stream().map(kv -> kv.value).filter(Site.class::isInstance)
                .map(Site.class::cast).collect(Collectors.toList());
        assertThat(learned).singleElement().satisfies(s -> {
            assertThat(s.getSite()).isEqualTo("shop.example.test");
            assertThat(s.getHosts()).containsExactly("web-1", "web-2");
        });
    }

    @Test
    void badEnvelopesAndBadZonesAreDeadLetteredWithTheirReason() {
        send("{\"message\": 42, \"source_type\": \"file\"}", Map.of(InputHeaders.ENVELOPE, "vector"), T0);
        send("{not json", Map.of(InputHeaders.ENVELOPE, "filebeat"), T0);
        send(REFUSED, Map.of(InputHeaders.SOURCE, "nginx-error", InputHeaders.ZONE, "Mars/Olympus"), T0);
        send("", Map.of(), T0);
        List<DeadLetter> letters = output().stream().map(kv -> kv.value).filter(DeadLetter.class::isInstance)
                .map(DeadLetter.class::cast).collect(Collectors.toList());
        assertThat(letters).extracting(DeadLetter::getReason).containsExactly(DeadLetterReason.BAD_ENVELOPE,
                DeadLetterReason.BAD_ENVELOPE, DeadLetterReason.MALFORMED, DeadLetterReason.EMPTY);
        assertThat(letters.get(2).getDetail()).contains("Mars/Olympus");
        assertThat(letters).extracting(l -> l.getSource().getOffset()).containsExactly(0L, 1L, 2L, 3L);
        double counted = driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("dead-letters-total")
                        && "BAD_ENVELOPE".equals(e.getKey().tags().get("reason")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
        assertThat(counted).isEqualTo(2.0);
    }

    private static Site site(String name, String host, String pool, String db) {
        return new Site(name, List.of(host), pool, db, null, null, false, T0);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
