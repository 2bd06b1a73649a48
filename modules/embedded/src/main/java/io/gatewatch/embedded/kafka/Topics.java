package io.gatewatch.embedded.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates topics on the embedded broker and waits until every partition has a leader. */
final class Topics {

    private static final long RETRY_BACKOFF_MS = 50;

    private final String bootstrapServers;
    private final Duration timeout;

    Topics(String bootstrapServers, Duration timeout) {
        this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    void create(Collection<NewTopic> topics) {
        Objects.requireNonNull(topics, "topics");
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toCollection(TreeSet::new));
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "gatewatch-embedded-topics"))) {
            for (Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(List.copyOf(topics)).values().entrySet()) {
                awaitCreated(created.getKey(), created.getValue(), deadline);
            }
            awaitLeaders(admin, names, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while creating topics " + names, e);
        }
    }

    private void awaitCreated(String topic, KafkaFuture<Void> future, long deadline) throws InterruptedException {
        try {
            future.get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // "create if absent": a topic from an earlier run of a persistent broker is fine
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new EmbeddedKafkaException("Could not create topic " + topic + " on " + bootstrapServers
                        + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException("Creating topic " + topic + " on " + bootstrapServers
                    + " took longer than " + timeout, e);
        }
    }

    /**
     * The controller acknowledges before the broker's metadata cache has caught up; waiting here
     * spares callers that assign partitions directly a round of UNKNOWN_TOPIC_OR_PARTITION.
     */
    private void awaitLeaders(Admin admin, Set<String> names, long deadline) throws InterruptedException {
        Exception lastFailure = null;
        while (System.nanoTime() < deadline) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(names).allTopicNames().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
                boolean allLed = descriptions.values().stream()
                        .flatMap(description -> description.partitions().stream())
                        .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
                if (allLed) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                lastFailure = e;
            }
            TimeUnit.MILLISECONDS.sleep(RETRY_BACKOFF_MS);
        }
        throw new EmbeddedKafkaException("Partitions of " + names + " on " + bootstrapServers
                + " had no leader within " + timeout, lastFailure);
    }

    private static long remainingMs(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
