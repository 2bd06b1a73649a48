package io.gatewatch.cli.runtime;

import io.gatewatch.model.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Gatewatch's public topics when they are missing, with the cleanup policy each needs. Topics
 * that exist are left alone: an operator's partitioning and retention win.
 */
public final class TopicSetup {

    private TopicSetup() {
    }

    /**
     * Deletes every topic but the registry's and waits until they are gone: a replay on the embedded
     * broker starts from empty topics, so that one scenario's lines and inventory never reach the next.
     */
    public static void reset(Admin admin) {
        try {
            Set<String> doomed = new java.util.HashSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
            doomed.remove(Topics.SCHEMAS);
            if (doomed.isEmpty()) {
                return;
            }
            admin.deleteTopics(doomed).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                Set<String> left = new java.util.HashSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
                left.retainAll(doomed);
                if (left.isEmpty()) {
                    return;
                }
                Thread.sleep(50);
            }
            throw new IllegalStateException("topics were not deleted within 60s");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not reset the topics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while resetting topics", e);
        }
    }

    public static void ensure(Admin admin, int partitions, short replicationFactor) {
        Optional<Short> rf = replicationFactor > 0 ? Optional.of(replicationFactor) : Optional.empty();
        try {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : List.of(Topics.LOGS, Topics.METRICS, Topics.CHANGES, Topics.INVENTORY, Topics.INCIDENTS,
                    Topics.INCIDENT_EVENTS, Topics.REMEDIATION_COMMANDS, Topics.REMEDIATION_RESULTS, Topics.DEADLETTER)) {
                if (existing.contains(name)) {
                    continue;
                }
                NewTopic topic = new NewTopic(name, Optional.of(partitions), rf);
                if (Topics.COMPACTED.contains(name)) {
                    topic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
                missing.add(topic);
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create Gatewatch topics: " + e.getCause().getMessage(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create Gatewatch topics: the broker did not answer in 30s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
