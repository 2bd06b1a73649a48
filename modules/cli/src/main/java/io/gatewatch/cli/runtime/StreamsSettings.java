package io.gatewatch.cli.runtime;

import io.gatewatch.topology.rocksdb.BoundedMemoryRocksDBConfig;
import io.gatewatch.topology.rocksdb.RocksDBMemoryConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams settings of a Gatewatch instance. Exactly-once v2 always: a command must be issued
 * once, and an incident transition must not be emitted twice after a rebalance.
 *
 * @param applicationId     shared by all instances of one deployment; names the internal topics
 * @param bootstrapServers  the cluster
 * @param stateDir          where RocksDB stores live
 * @param threads           stream threads in this instance
 * @param replicationFactor of internal topics; 1 on a single-node broker
 * @param rocksdbMemory     off-heap budget shared by all RocksDB stores of the process
 * @param recordCacheBytes  on-heap record cache in front of the cached stores, shared by the stream threads
 */
public record StreamsSettings(String applicationId, String bootstrapServers, Path stateDir, int threads,
                              int replicationFactor, RocksDBMemoryConfig rocksdbMemory, long recordCacheBytes) {

    /**
     * Kafka Streams' default (10 MiB) is smaller than a thousand sites' current traffic seconds and pending
     * access counts: the cache then evicts on most writes, and each eviction is a RocksDB write and a
     * changelog record. Measured with {@code gatewatch bench} (README, Performance).
     */
    public static final long DEFAULT_RECORD_CACHE_BYTES = 64L << 20;

    /**
     * One stream thread per core the JVM may use: the topology is CPU-bound (parsing, state writes), and one
     * thread left a second core mostly idle (measured with {@code gatewatch bench}, README, Performance).
     */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** The {@code --threads} option: a count, or null for {@link #defaultThreads()}. */
    public static int threads(Integer requested) {
        if (requested != null && requested < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + requested);
        }
        return requested == null ? defaultThreads() : requested;
    }

    /** The {@code --record-cache} option: a size such as 128MiB, or null for the default. */
    public static long recordCacheBytes(String size) {
        return size == null ? DEFAULT_RECORD_CACHE_BYTES : RocksDBMemoryConfig.parseSize("--record-cache", size);
    }

    /** With the default RocksDB memory budget and record cache. */
    public StreamsSettings(String applicationId, String bootstrapServers, Path stateDir, int threads,
                           int replicationFactor) {
        this(applicationId, bootstrapServers, stateDir, threads, replicationFactor, RocksDBMemoryConfig.defaults());
    }

    /** With the default record cache. */
    public StreamsSettings(String applicationId, String bootstrapServers, Path stateDir, int threads,
                           int replicationFactor, RocksDBMemoryConfig rocksdbMemory) {
        this(applicationId, bootstrapServers, stateDir, threads, replicationFactor, rocksdbMemory,
                DEFAULT_RECORD_CACHE_BYTES);
    }

    public StreamsSettings {
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(rocksdbMemory, "rocksdbMemory");
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
        if (recordCacheBytes < 0) {
            throw new IllegalArgumentException("--record-cache must not be negative, got " + recordCacheBytes);
        }
    }

    public Properties toProperties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, replicationFactor);
        // Event time comes from the lines; the record timestamp is set from it in normalize.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // Measured with `gatewatch bench` (README, Performance): the inputs (logs, metrics, changes) need
        // no timestamp alignment across topics, as every event carries its own time into windowed stores
        // with a grace period. Task idling would make a task wait for data on the other topics (changes
        // is mostly empty) and, in Kafka Streams 4.3, format a log message for every such check even
        // when it is not logged: a fifth of the stream thread's CPU.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // Every non-access event, and every site-second of access counts, becomes a repartition record
        // plus changelog records: larger batches mean fewer (transactional) produce requests per record.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, recordCacheBytes);
        // Block cache, memtables and index/filter blocks of every store within one budget.
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class.getName());
        p.putAll(rocksdbMemory.toProperties());
        return p;
    }
}
