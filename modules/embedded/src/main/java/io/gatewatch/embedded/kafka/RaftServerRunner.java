package io.gatewatch.embedded.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts and stops one {@link KafkaRaftServer}, with a bound on how long startup may take. */
final class RaftServerRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RaftServerRunner.class);

    private final KafkaRaftServer server;

    /** Reads the formatted data directory; fails if it is missing or belongs to another node. */
    RaftServerRunner(KafkaConfig config) {
        this.server = new KafkaRaftServer(Objects.requireNonNull(config, "config"), Time.SYSTEM);
    }

    /**
     * Runs {@link KafkaRaftServer#startup()}, which returns once the broker is registered and
     * unfenced. It runs on its own thread because some of its waits (e.g. broker registration)
     * have their own, much longer timeouts.
     *
     * @throws TimeoutException if it takes longer than {@code timeout}
     * @throws Exception whatever startup threw
     */
    void startup(Duration timeout) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-kafka-startup");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<?> startup = executor.submit(server::startup);
            try {
                startup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            } catch (TimeoutException e) {
                startup.cancel(false);
                throw e;
            }
        } finally {
            executor.shutdown();
        }
    }

    /** Shuts down broker and controller and waits for them; safe after a failed startup. */
    void shutdown() {
        server.shutdown();
        server.awaitShutdown();
    }

    /** Like {@link #shutdown()}, for failure paths where the first error is the one to report. */
    void shutdownQuietly() {
        try {
            shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while stopping a Kafka server that failed to start", e);
        }
    }
}
