package io.gatewatch.topology.remediate;

import io.gatewatch.avro.Incident;
import io.gatewatch.avro.IncidentEvent;
import io.gatewatch.avro.RemediationCommand;
import io.gatewatch.avro.RemediationResult;
import io.gatewatch.avro.ResultStatus;
import io.gatewatch.avro.Site;
import io.gatewatch.model.InputHeaders;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import io.gatewatch.serde.SchemaRegistryClients;
import io.gatewatch.topology.GatewatchConfig;
import io.gatewatch.topology.GatewatchTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The whole topology in a TopologyTestDriver, fed nginx access and error lines per second and per site,
 * with an optional fake agent that answers commands on {@code gatewatch.remediation.results} at the event
 * time it finished them. Each harness has its own state directory and registry.
 */
final class RemediationHarness implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");
    static final String SHOP = "shop.example.test";
    /** Requests per second per site; when failing, all of them are 502 with a refused-connection line. */
    static final int RATE = 2;

    private static final DateTimeFormatter ACCESS =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ERROR =
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** What goes wrong on a site at a second: nothing, refused connections (PHP-FPM down), or too-big headers. */
    enum Failure { NONE, REFUSED, HEADER_TOO_BIG }

    /** The agent's answer to a command: a status, reported {@code after} the issue time. */
    record Reply(ResultStatus status, Duration after) {
    }

    private final Path stateDir;
    private final SchemaRegistryClient registry;
    private final TopologyTestDriver driver;
    private final TestInputTopic<byte[], byte[]> logs;
    private final TestInputTopic<String, RemediationResult> results;
    private final TestOutputTopic<String, Incident> incidentsOut;
    private final TestOutputTopic<String, IncidentEvent> eventsOut;
    private final TestOutputTopic<String, RemediationCommand> commandsOut;
    private final List<RemediationCommand> commands = new ArrayList<>();
    private final List<IncidentEvent> events = new ArrayList<>();
    private final Map<String, Incident> incidents = new LinkedHashMap<>();
    private final PriorityQueue<RemediationResult> scheduled =
            new PriorityQueue<>(Comparator.comparing(RemediationResult::getFinishedAt));
    private final Map<String, Integer> connections = new HashMap<>();
    /** The fake agent: what it answers to each newly issued command; empty means it stays silent. */
    private Function<RemediationCommand, Optional<Reply>> agent = c -> Optional.empty();

    RemediationHarness(Map<String, String> settings) {
        this(settings, T0);
    }

    RemediationHarness(Map<String, String> settings, Instant wallClockStart) {
        String url = "mock://" + UUID.randomUUID();
        registry = SchemaRegistryClients.forUrl(url);
        Map<String, String> props = new HashMap<>();
        props.put(GatewatchConfig.SCHEMA_REGISTRY_URL, url);
        props.put(GatewatchConfig.WAIT_FIRST, "30s");
        props.put(GatewatchConfig.QUIET_PERIOD, "60s");
        props.put(GatewatchConfig.HOLD_PERIOD, "60s");
        props.putAll(settings);
        GatewatchConfig config = GatewatchConfig.from(props);
        try {
            stateDir = Files.createTempDirectory("gatewatch-remediation-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties streams = new Properties();
        streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "gatewatch-remediation-test");
        streams.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        streams.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(GatewatchTopology.build(config, registry), streams, wallClockStart);
        logs = driver.createInputTopic(Topics.LOGS, Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        var keys = GatewatchSerdes.stringKey(registry);
        results = driver.createInputTopic(Topics.REMEDIATION_RESULTS, keys.serializer(),
                GatewatchSerdes.of(RemediationResult.class, registry, false).serializer());
        incidentsOut = driver.createOutputTopic(Topics.INCIDENTS, keys.deserializer(),
                GatewatchSerdes.of(Incident.class, registry, false).deserializer());
        eventsOut = driver.createOutputTopic(Topics.INCIDENT_EVENTS, keys.deserializer(),
                GatewatchSerdes.of(IncidentEvent.class, registry, false).deserializer());
        commandsOut = driver.createOutputTopic(Topics.REMEDIATION_COMMANDS, keys.deserializer(),
                GatewatchSerdes.of(RemediationCommand.class, registry, false).deserializer());
    }

    void agent(Function<RemediationCommand, Optional<Reply>> answer) {
        this.agent = answer;
    }

    /** Publishes inventory entries, so that the fleet has a known size. */
    void inventory(String... sites) {
        var topic = driver.createInputTopic(Topics.INVENTORY, GatewatchSerdes.stringKey(registry).serializer(),
                GatewatchSerdes.of(Site.class, registry, false).serializer());
        for (String site : sites) {
            topic.pipeInput(site, new Site(site, List.of("web-1"), null, null, null, null, false, T0), T0);
        }
    }

    /**
     * Sends each second of [from, to) for every site: {@link #RATE} requests, all 502 with an error line
     * of the given failure when it is not NONE. Agent replies due by a second are sent before it.
     */
    void run(Instant from, Instant to, Map<String, Function<Instant, Failure>> sites) {
        for (Instant t = from; t.isBefore(to); t = t.plusSeconds(1)) {
            deliverRepliesDueBy(t);
            for (Map.Entry<String, Function<Instant, Failure>> site : sites.entrySet()) {
                second(site.getKey(), t, site.getValue().apply(t));
            }
            collect();
        }
        collect();
    }

    /** One site failing in [failFrom, failTo) and healthy otherwise, over [from, to). */
    void run(String site, Instant from, Instant to, Instant failFrom, Instant failTo) {
        run(from, to, Map.of(site, t -> !t.isBefore(failFrom) && t.isBefore(failTo) ? Failure.REFUSED : Failure.NONE));
    }

    private void second(String site, Instant t, Failure failure) {
        for (int i = 0; i < RATE; i++) {
            if (failure != Failure.NONE) {
                int conn = connections.merge(site, 1, Integer::sum);
                send("nginx-error", site, failure == Failure.REFUSED ? refused(t, site, conn) : tooBigHeader(t, site, conn), t);
            }
            send("nginx-access", site, access(t, failure == Failure.NONE ? 200 : 502, "/p" + i), t);
        }
    }

    private void send(String source, String site, String line, Instant t) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(InputHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        headers.add(InputHeaders.HOST, "web-1".getBytes(StandardCharsets.UTF_8));
        headers.add(InputHeaders.SITE, site.getBytes(StandardCharsets.UTF_8));
        logs.pipeInput(new TestRecord<>(null, line.getBytes(StandardCharsets.UTF_8), headers, t));
    }

    /** Sends a result for {@code command} now, finished at {@code finishedAt}. */
    void result(RemediationCommand command, ResultStatus status, Instant finishedAt) {
        RemediationResult r = new RemediationResult(command.getCommandId(), command.getIncidentId(), command.getSite(),
                command.getHost(), command.getAction(), status, finishedAt.minusSeconds(1), finishedAt,
                status == ResultStatus.FAILED ? 1 : 0, status == ResultStatus.FAILED ? "Job failed" : "", "agent-web-1");
        results.pipeInput(command.getCommandId(), r, finishedAt);
        collect();
    }

    private void deliverRepliesDueBy(Instant t) {
        while (!scheduled.isEmpty() && !scheduled.peek().getFinishedAt().isAfter(t)) {
            RemediationResult r = scheduled.poll();
            results.pipeInput(r.getCommandId(), r, r.getFinishedAt());
            collect();
        }
    }

    private void collect() {
        while (!commandsOut.isEmpty()) {
            RemediationCommand c = commandsOut.readValue();
            commands.add(c);
            agent.apply(c).ifPresent(reply -> {
                Instant finished = c.getIssuedAt().plus(reply.after());
                scheduled.add(new RemediationResult(c.getCommandId(), c.getIncidentId(), c.getSite(), c.getHost(),
                        c.getAction(), reply.status(), c.getIssuedAt(), finished,
                        reply.status() == ResultStatus.FAILED ? 1 : 0,
                        reply.status() == ResultStatus.FAILED ? "Job for php8.2-fpm.service failed" : "", "agent-web-1"));
            });
        }
        while (!eventsOut.isEmpty()) {
            events.add(eventsOut.readValue());
        }
        while (!incidentsOut.isEmpty()) {
            Incident i = incidentsOut.readValue();
            incidents.put(i.getIncidentId(), i);
        }
    }

    List<RemediationCommand> commands() {
        collect();
        return List.copyOf(commands);
    }

    List<RemediationCommand> commandsFor(String site) {
        return commands().stream().filter(c -> c.getSite().equals(site)).toList();
    }

    List<IncidentEvent> events() {
        collect();
        return List.copyOf(events);
    }

    /** Latest snapshot of every incident, in the order they were first seen. */
    List<Incident> incidents() {
        collect();
        return List.copyOf(incidents.values());
    }

    List<Incident> incidentsOf(String site) {
        return incidents().stream().filter(i -> i.getSite().equals(site)).toList();
    }

    Incident incidentOf(String site) {
        List<Incident> of = incidentsOf(site);
        if (of.isEmpty()) {
            throw new AssertionError("no incident on " + site);
        }
        return of.get(of.size() - 1);
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> walk = Files.walk(stateDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    static String access(Instant t, int status, String path) {
        return "127.0.0.1 - - [" + ACCESS.format(t) + "] \"GET " + path + " HTTP/1.1\" " + status
                + " 157 \"-\" \"curl/7.88.1\"";
    }

    static String refused(Instant t, String site, int conn) {
        return ERROR.format(t) + " [error] 22132#22132: *" + conn + " connect() failed (111: Connection refused) while "
                + "connecting to upstream, client: 127.0.0.1, server: " + site + ", request: \"GET /index.php HTTP/1.1\", "
                + "upstream: \"fastcgi://127.0.0.1:9071\", host: \"" + site + "\"";
    }

    static String tooBigHeader(Instant t, String site, int conn) {
        return ERROR.format(t) + " [error] 22132#22132: *" + conn + " upstream sent too big header while reading "
                + "response header from upstream, client: 127.0.0.1, server: " + site + ", request: \"GET / HTTP/1.1\", "
                + "upstream: \"fastcgi://127.0.0.1:9071\", host: \"" + site + "\"";
    }
}
