package io.gatewatch.embedded.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * Waits, as a client would see it, until the broker answers metadata requests and lists itself
 * at the advertised address.
 */
final class ReadinessProbe {

    private static final long RETRY_BACKOFF_MS = 100;

    private ReadinessProbe() {
    }

    /**
     * @throws TimeoutException with the last failure as cause if not ready within {@code timeout}
     */
    static void awaitReady(String bootstrapServers, int brokerPort, Duration timeout)
            throws TimeoutException, InterruptedException {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "gatewatch-embedded-readiness"))) {
            while (System.nanoTime() < deadline) {
                long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(remainingMs, TimeUnit.MILLISECONDS);
                    if (nodes.stream().anyMatch(node -> node.port() == brokerPort)) {
                        // a full Metadata request, the first thing every producer and consumer sends
                        admin.listTopics().names().get(remainingMs, TimeUnit.MILLISECONDS);
                        return;
                    }
                    lastFailure = new IllegalStateException("cluster lists " + nodes + ", not port " + brokerPort);
                } catch (ExecutionException | TimeoutException e) {
                    lastFailure = e;
                }
                TimeUnit.MILLISECONDS.sleep(RETRY_BACKOFF_MS);
            }
        }
        TimeoutException timedOut = new TimeoutException("broker at " + bootstrapServers
                + " did not answer metadata requests within " + timeout);
        if (lastFailure != null) {
            timedOut.initCause(lastFailure);
        }
        throw timedOut;
    }
}
