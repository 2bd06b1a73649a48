package io.gatewatch.cli.command;

import io.gatewatch.avro.Site;
import io.gatewatch.cli.inventory.InventoryFile;
import io.gatewatch.cli.inventory.InventoryPublisher;
import io.gatewatch.cli.runtime.HttpEndpoints;
import io.gatewatch.serde.SchemaRegistryClients;
import io.gatewatch.cli.runtime.LocalCluster;
import io.gatewatch.cli.runtime.StreamsSettings;
import io.gatewatch.cli.runtime.TopicSetup;
import io.gatewatch.topology.GatewatchConfig;
import io.gatewatch.topology.GatewatchTopology;
import io.gatewatch.topology.rocksdb.RocksDBMemoryConfig;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code gatewatch run}: one topology instance, until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs the topology until SIGTERM/SIGINT. Start several with the same --application-id to scale out.",
                "Without --bootstrap-servers it starts an embedded broker and registry that keep their data in --data-dir."})
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT,...", description = "Kafka cluster (default: embedded).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Confluent-compatible schema registry (default: the embedded one).")
    String schemaRegistryUrl;

    @Option(names = "--application-id", defaultValue = "gatewatch", description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--state-dir", defaultValue = ".gatewatch/state", description = "RocksDB state directory (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--data-dir", defaultValue = ".gatewatch/kafka", description = "Embedded broker data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--embedded-kafka-port", defaultValue = "9092",
            description = "Port of the embedded broker when --bootstrap-servers is not given; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int embeddedKafkaPort;

    @Option(names = "--embedded-registry-port", defaultValue = "8081",
            description = "Port of the embedded schema registry; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int embeddedRegistryPort;

    @Mixin
    StreamThreadOptions streamOptions;

    @Option(names = "--rocksdb-memory", paramLabel = "SIZE",
            description = "Off-heap budget shared by all RocksDB stores of this instance: block cache, memtables, index and "
                    + "filter blocks (e.g. 256MiB; setting " + RocksDBMemoryConfig.BUDGET_BYTES + "; default: 128MiB).")
    String rocksdbMemory;

    @Option(names = "--replication-factor", defaultValue = "-1",
            description = "Replication factor of internal topics; -1 takes the broker default (default: ${DEFAULT-VALUE}).")
    int replicationFactor;

    @Option(names = "--http-port", defaultValue = "8080", description = "Health and metrics port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--http-host", defaultValue = "0.0.0.0", description = "Address the HTTP endpoints bind (default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--inventory", paramLabel = "FILE",
            description = "Inventory (YAML or JSON: sites with hosts, fpmPool, database, cache, cdnZone) to publish to gatewatch.inventory at start.")
    Path inventoryFile;

    @Mixin
    ConfigOptions configOptions;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        RocksDBMemoryConfig memory = rocksdbMemory();
        long cacheBytes = streamOptions.recordCacheBytes();
        int streamThreads = streamOptions.threads();
        LocalCluster local = null;
        String bootstrap = bootstrapServers;
        String registryUrl = schemaRegistryUrl;
        int rf = replicationFactor;
        if (bootstrap == null) {
            local = LocalCluster.start(dataDir, embeddedKafkaPort, embeddedRegistryPort);
            bootstrap = local.bootstrapServers();
            registryUrl = registryUrl == null ? local.registryUrl() : registryUrl;
            rf = 1;
            System.out.println("Embedded Kafka at " + bootstrap + ", schema registry at " + registryUrl
                    + ", data in " + dataDir.toAbsolutePath());
        } else if (registryUrl == null) {
            throw new IllegalArgumentException("--schema-registry-url is required with --bootstrap-servers");
        }
        GatewatchConfig config = configOptions.load(registryUrl);
        List<Site> inventory = inventoryFile == null ? List.of() : InventoryFile.read(inventoryFile);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CONNECT_TIMEOUT.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CONNECT_TIMEOUT.toMillis()))) {
            awaitReachable(admin, bootstrap);
            TopicSetup.ensure(admin, 6, (short) (rf > 0 ? rf : -1));
        }
        if (!inventory.isEmpty()) {
            InventoryPublisher.publish(bootstrap, SchemaRegistryClients.forUrl(registryUrl), inventory);
            System.out.println("Published " + inventory.size() + " inventory entries from " + inventoryFile);
        }
        StreamsSettings settings = new StreamsSettings(applicationId, bootstrap, stateDir, streamThreads, rf, memory,
                cacheBytes);
        KafkaStreams streams = new KafkaStreams(GatewatchTopology.build(config), settings.toProperties());
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error("stream thread failed; shutting down this instance", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                    .SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
        LocalCluster cluster = local;
        HttpEndpoints http = HttpEndpoints.start(httpHost, httpPort, streams, metrics);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM/SIGINT: commit and close cleanly so the next start resumes without replaying much.
            System.out.println("Stopping: closing Kafka Streams (commits offsets and flushes state) ...");
            System.out.flush();
            streams.close(Duration.ofSeconds(30));
            streamsMetrics.close();
            http.close();
            if (cluster != null) {
                cluster.close();
            }
            System.out.println("Stopped.");
            System.out.flush();
            stopped.countDown();
        }, "gatewatch-shutdown"));
        streams.start();
        System.out.println("Gatewatch running as '" + applicationId + "' against " + bootstrap
                + "; health and metrics on http://" + httpHost + ":" + http.port() + "/health/ready, /metrics");
        stopped.await();
        return streams.state() == KafkaStreams.State.ERROR ? 1 : 0;
    }

    /** rocksdb.* keys from --config/--set, then --rocksdb-memory; bad values fail (exit 2) before anything starts. */
    private RocksDBMemoryConfig rocksdbMemory() {
        Map<String, String> props = configOptions.properties();
        try {
            if (rocksdbMemory != null) {
                props.put(RocksDBMemoryConfig.BUDGET_BYTES, Long.toString(
                        RocksDBMemoryConfig.parseSize("--rocksdb-memory", rocksdbMemory)));
            }
            return RocksDBMemoryConfig.from(props);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private static void awaitReachable(Admin admin, String bootstrap) {
        try {
            admin.describeCluster().clusterId().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + " within "
                    + CONNECT_TIMEOUT.toSeconds() + "s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to " + bootstrap, e);
        }
    }
}
