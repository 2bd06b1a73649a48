package io.gatewatch.embedded.kafka;

import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker + controller) running in this JVM, for
 * local mode and tests.
 *
 * <pre>{@code
 * try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.defaults())) {
 *     kafka.createTopics("nginx-access", "php-fpm-status");
 *     Map<String, Object> props = Map.of("bootstrap.servers", kafka.bootstrapServers(), ...);
 * }
 * }</pre>
 *
 * <p>{@link #start} returns only once clients can use the broker. {@link #close()} stops it and,
 * if configured, deletes the data directory; it may be called more than once.
 */
public final class EmbeddedKafka implements AutoCloseable {

    /** The only address the broker listens on: nothing outside this machine should reach it. */
    public static final String HOST = "127.0.0.1";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    /** Ports picked by {@link FreePorts} can be taken by someone else before Kafka binds them. */
    private static final int PORT_ATTEMPTS = 3;
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final RaftServerRunner server;
    private final DataDirectory dataDirectory;
    private final int brokerPort;
    private final int controllerPort;
    private final Duration startupDuration;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedKafka(RaftServerRunner server, DataDirectory dataDirectory, int brokerPort, int controllerPort,
            Duration startupDuration) {
        this.server = server;
        this.dataDirectory = dataDirectory;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.startupDuration = startupDuration;
    }

    /**
     * Formats the data directory if it is new, starts the broker and waits until a client can
     * describe the cluster and fetch metadata.
     *
     * @throws EmbeddedKafkaException if the data directory is unusable, the configuration is
     *     invalid, or the broker is not ready within {@link EmbeddedKafkaConfig#startupTimeout()};
     *     the message names the ports and the data directory
     */
    public static EmbeddedKafka start(EmbeddedKafkaConfig config) {
        Objects.requireNonNull(config, "config");
        long startedAt = System.nanoTime();
        DataDirectory dataDirectory = DataDirectory.prepare(config);
        FailedAttempt failed;
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return startOnce(config, dataDirectory, startedAt);
                } catch (FailedAttempt e) {
                    if (!e.portTaken || attempt >= PORT_ATTEMPTS) {
                        failed = e;
                        break;
                    }
                    LOG.info("A picked port was taken before Kafka could bind it, retrying with new ports: {}",
                            e.failure.getMessage());
                }
            }
        } catch (RuntimeException e) {
            dataDirectory.deleteIfRequested();
            throw e;
        }
        // after a timeout the server may still be starting; deleting its directory under it would
        // make Kafka halt the JVM over a failed log dir
        failed.serverStopped.whenComplete((ignored, error) -> dataDirectory.deleteIfRequested());
        throw failed.failure;
    }

    private static EmbeddedKafka startOnce(EmbeddedKafkaConfig config, DataDirectory dataDirectory, long startedAt)
            throws FailedAttempt {
        List<Integer> freePorts = FreePorts.pick(2);
        int brokerPort = config.brokerPort() != 0 ? config.brokerPort() : freePorts.get(0);
        int controllerPort = config.controllerPort() != 0 ? config.controllerPort() : freePorts.get(1);
        String where = "broker " + HOST + ":" + brokerPort + ", controller " + HOST + ":" + controllerPort
                + ", data dir " + dataDirectory.path();

        // Kafka reports a taken port only after starting half the server, with pages of ERROR logs
        requireFree(config.brokerPort(), "broker", where);
        requireFree(config.controllerPort(), "controller", where);

        KafkaConfig kafkaConfig = kafkaConfig(config, dataDirectory, brokerPort, controllerPort, where);
        boolean formatted = KraftStorage.formatIfNeeded(dataDirectory, kafkaConfig);
        RaftServerRunner server;
        try {
            server = new RaftServerRunner(kafkaConfig);
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException("Embedded Kafka could not open its data directory (" + where + "): "
                    + e.getMessage(), e);
        }

        String bootstrapServers = HOST + ":" + brokerPort;
        long deadline = startedAt + config.startupTimeout().toNanos();
        try {
            server.startup(remaining(deadline));
        } catch (Exception e) {
            throw failedAttempt(config, where, server, e);
        }
        try {
            ReadinessProbe.awaitReady(bootstrapServers, brokerPort, remaining(deadline));
        } catch (Exception e) {
            server.shutdownQuietly();
            throw failedAttempt(config, where, server, e);
        }

        Duration startup = Duration.ofNanos(System.nanoTime() - startedAt);
        LOG.info("Embedded Kafka ready at {} in {} ms ({}{})", bootstrapServers, startup.toMillis(), where,
                formatted ? ", newly formatted" : ", reused");
        return new EmbeddedKafka(server, dataDirectory, brokerPort, controllerPort, startup);
    }

    private static FailedAttempt failedAttempt(EmbeddedKafkaConfig config, String where, RaftServerRunner server,
            Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        EmbeddedKafkaException failure = e instanceof TimeoutException
                ? new EmbeddedKafkaException("Embedded Kafka was not ready within " + config.startupTimeout()
                        + " (" + where + ")", e)
                : new EmbeddedKafkaException("Embedded Kafka failed to start (" + where + "): " + e, e);
        boolean portsPicked = config.brokerPort() == 0 || config.controllerPort() == 0;
        return new FailedAttempt(failure, portsPicked && isBindFailure(e), server.stopped());
    }

    private static void requireFree(int fixedPort, String role, String where) {
        if (fixedPort != 0 && !FreePorts.isFree(fixedPort)) {
            throw new EmbeddedKafkaException("Embedded Kafka cannot start: " + role + " port " + HOST + ":"
                    + fixedPort + " is already in use (" + where + ")");
        }
    }

    private static KafkaConfig kafkaConfig(EmbeddedKafkaConfig config, DataDirectory dataDirectory,
            int brokerPort, int controllerPort, String where) {
        Map<String, String> props = BrokerProperties.of(config, dataDirectory.path(), brokerPort, controllerPort);
        try {
            // doLog=false: the full config dump at INFO is hundreds of lines per start
            return new KafkaConfig(props, false);
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException("Invalid embedded Kafka configuration (" + where + "): "
                    + e.getMessage(), e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(1_000_000, deadlineNanos - System.nanoTime()));
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    /** Where the broker keeps its data; a temp directory unless one was configured. */
    public Path dataDir() {
        return dataDirectory.path();
    }

    /** Wall time {@link #start} took, from the call until the broker answered clients. */
    public Duration startupDuration() {
        return startupDuration;
    }

    /**
     * Creates topics, if absent, with the broker's default partition count and replication factor
     * 1, and waits until each partition has a leader.
     */
    public void createTopics(String... topics) {
        Objects.requireNonNull(topics, "topics");
        createTopics(Arrays.stream(topics)
                .map(topic -> new NewTopic(Objects.requireNonNull(topic, "topic"), Optional.empty(), Optional.empty()))
                .toList());
    }

    /**
     * Creates topics, if absent, as specified (partitions, configs), and waits until each
     * partition has a leader. An existing topic is left as it is, even if its spec differs.
     */
    public void createTopics(Collection<NewTopic> topics) {
        checkOpen();
        new Topics(bootstrapServers(), TOPIC_TIMEOUT).create(topics);
    }

    /** Stops the broker and, if configured, deletes the data directory. Later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long stoppingAt = System.nanoTime();
        try {
            server.shutdown();
        } finally {
            dataDirectory.deleteIfRequested();
        }
        LOG.info("Embedded Kafka at {} stopped in {} ms", bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - stoppingAt).toMillis());
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("Embedded Kafka at " + bootstrapServers() + " is closed");
        }
    }

    /** Internal: why one start attempt failed, and when its server is really gone. */
    private static final class FailedAttempt extends Exception {
        private final EmbeddedKafkaException failure;
        /** Only an auto-picked port was taken meanwhile; new ports may well work. */
        private final boolean portTaken;
        private final CompletionStage<Void> serverStopped;

        FailedAttempt(EmbeddedKafkaException failure, boolean portTaken, CompletionStage<Void> serverStopped) {
            super(failure.getMessage(), failure, false, false);
            this.failure = failure;
            this.portTaken = portTaken;
            this.serverStopped = serverStopped;
        }
    }
}
