package io.gatewatch.cli.inventory;

import io.gatewatch.avro.Site;
import io.gatewatch.model.Topics;
import io.gatewatch.serde.GatewatchSerdes;
import io.gatewatch.serde.SchemaRegistryClient;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes inventory entries to the compacted inventory topic, keyed by site. */
public final class InventoryPublisher {

    private InventoryPublisher() {
    }

    public static void publish(String bootstrapServers, SchemaRegistryClient registry, List<Site> sites) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, Site> producer = new KafkaProducer<>(p,
                GatewatchSerdes.stringKey(registry).serializer(), GatewatchSerdes.of(Site.class, registry, false).serializer())) {
            for (Site site : sites) {
                producer.send(new ProducerRecord<>(Topics.INVENTORY, site.getSite(), site)).get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish the inventory: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the inventory", e);
        }
    }
}
