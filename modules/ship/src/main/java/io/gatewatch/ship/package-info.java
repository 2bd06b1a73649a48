/**
 * {@code gatewatch ship}'s engine, without any command-line code: {@link io.gatewatch.ship.FileTailer}
 * follows a file through rotation and truncation, {@link io.gatewatch.ship.LineSplitter} and
 * {@link io.gatewatch.ship.EntryFramer} turn its bytes into (multi-line) entries by the rules of
 * {@link io.gatewatch.ship.FramingRules}, and {@link io.gatewatch.ship.Shipper} produces them to Kafka
 * exactly once, with a transactional producer and the two-phase {@link io.gatewatch.ship.CheckpointStore
 * checkpoint} its class documentation explains. The line splitting and framing are shared with
 * {@code gatewatch parse} and {@code gatewatch replay}.
 */
package io.gatewatch.ship;
