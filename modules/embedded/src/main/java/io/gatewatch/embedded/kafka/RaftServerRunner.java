package io.gatewatch.embedded.kafka;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops one {@link KafkaRaftServer}, with a bound on how long the caller waits for
 * startup.
 *
 * <p>Two Kafka behaviours shape this class. Interrupting a starting server makes it report a
 * fatal fault, and Kafka's fault handler then halts the JVM. And {@code shutdown()} called while
 * {@code startup()} is still running can miss the part that is not started yet, after which
 * {@code awaitShutdown()} never returns. So a startup that takes too long is neither interrupted
 * nor shut down from the side: it is abandoned, and its own thread stops the server once
 * {@code startup()} returns.
 */
final class RaftServerRunner {

    private static final Logger LOG = LoggerFactory.getLogger(RaftServerRunner.class);

    private final KafkaRaftServer server;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    /** Reads the formatted data directory; fails if it is missing or belongs to another node. */
    RaftServerRunner(KafkaConfig config) {
        this.server = new KafkaRaftServer(Objects.requireNonNull(config, "config"), Time.SYSTEM);
    }

    /**
     * Runs {@link KafkaRaftServer#startup()}, which returns once the broker is registered and
     * unfenced. If it fails, the server is stopped before this method throws.
     *
     * @throws TimeoutException if it takes longer than {@code timeout}; the server is stopped in
     *     the background once its startup returns, see {@link #stopped()}
     * @throws Exception whatever startup threw
     */
    void startup(Duration timeout) throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                server.startup();
                started.complete(null);
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        }, "embedded-kafka-startup");
        thread.setDaemon(true);
        thread.start();
        try {
            started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            shutdownQuietly();
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException | InterruptedException e) {
            LOG.warn("Abandoning a Kafka startup that did not finish in time; it is stopped once it returns");
            // runs on the startup thread when startup returns, or right here if it just did
            started.whenComplete((ignored, error) -> shutdownQuietly());
            throw e;
        }
    }

    /** Shuts down broker and controller and waits for them; safe after a failed startup. */
    void shutdown() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            stopped.complete(null);
        }
    }

    /** Like {@link #shutdown()}, for failure paths where the first error is the one to report. */
    void shutdownQuietly() {
        try {
            shutdown();
        } catch (RuntimeException e) {
            LOG.warn("Error while stopping a Kafka server that failed to start", e);
        }
    }

    /** Completes once the server has been shut down, which after an abandoned startup is later. */
    CompletionStage<Void> stopped() {
        return stopped;
    }
}
