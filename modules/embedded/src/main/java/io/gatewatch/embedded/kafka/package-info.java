/**
 * A real single-node Apache Kafka broker (KRaft, combined broker + controller) inside the JVM, for
 * Gatewatch's local mode and for tests: {@link io.gatewatch.embedded.kafka.EmbeddedKafka} configured
 * by {@link io.gatewatch.embedded.kafka.EmbeddedKafkaConfig}.
 *
 * <p>Choices worth knowing:
 * <ul>
 *   <li>Internal topics (consumer offsets, transaction state, share state) use replication factor
 *       and min ISR 1; with Kafka's defaults a single broker leaves groups and transactions
 *       waiting forever without an error.</li>
 *   <li>Topics get 3 partitions by default, so more than one consumer or stream task gets work.</li>
 *   <li>{@code auto.create.topics.enable} stays on for ad-hoc tools; Gatewatch creates its own
 *       topics explicitly and does not depend on it.</li>
 *   <li>The broker listens on 127.0.0.1 only, and the quorum is static, so a persistent data
 *       directory can be restarted on other ports.</li>
 * </ul>
 */
package io.gatewatch.embedded.kafka;
