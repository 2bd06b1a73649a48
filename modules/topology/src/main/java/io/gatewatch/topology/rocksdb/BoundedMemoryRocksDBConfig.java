package io.gatewatch.topology.rocksdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of the process (Kafka Streams opens one RocksDB
 * per key-value store and per window-store segment, per task: dozens on one instance). Without it
 * each gets its own 50 MiB block cache and up to three 16 MiB memtables, so memory grows with the
 * number of partitions and segments rather than with what is configured.
 *
 * <p>Every store shares one LRU block cache of {@link RocksDBMemoryConfig#budgetBytes()} and one
 * {@link WriteBufferManager} that charges memtable memory to that same cache, so block cache, memtables
 * and (with {@code cache_index_and_filter_blocks}) index and filter blocks all live within the budget.
 * This is the pattern of Kafka Streams' memory-management documentation. Set it with
 * {@code rocksdb.config.setter=io.gatewatch.topology.rocksdb.BoundedMemoryRocksDBConfig} and the keys of
 * {@link RocksDBMemoryConfig}.
 *
 * <p>The cache and manager are shared per process and per configuration (two Kafka Streams instances in
 * one JVM with the same settings share one budget), and are never closed: stores come and go with
 * rebalances while the process lives.
 */
public final class BoundedMemoryRocksDBConfig implements RocksDBConfigSetter {

    private static final ConcurrentMap<RocksDBMemoryConfig, SharedMemory> POOLS = new ConcurrentHashMap<>();
    private static final int MAX_WRITE_BUFFERS = 2;

    private SharedMemory pool;

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        RocksDBMemoryConfig config = RocksDBMemoryConfig.from(configs);
        SharedMemory shared = pool(config);
        // Kafka Streams installs its own table config (with a per-store cache and a Bloom filter);
        // changing that object, rather than replacing it, keeps Streams' cache metrics pointed at ours.
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        table.setBlockSize(config.blockSizeBytes());
        options.setWriteBufferManager(shared.writeBuffers);
        options.setWriteBufferSize(config.memtableBytes());
        options.setMaxWriteBufferNumber(MAX_WRITE_BUFFERS);
        options.setTableFormatConfig(table);
        shared.stores.incrementAndGet();
        this.pool = shared;
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write-buffer manager are shared by every store; they outlive this one.
        if (pool != null) {
            pool.stores.decrementAndGet();
            pool = null;
        }
    }

    /** The shared cache and write-buffer manager for a configuration, created on first use. */
    static SharedMemory pool(RocksDBMemoryConfig config) {
        return POOLS.computeIfAbsent(config, SharedMemory::new);
    }

    /** What the shared pools of this process hold now, one entry per distinct configuration in use. */
    public static List<Usage> usage() {
        List<Usage> out = new ArrayList<>();
        POOLS.forEach((config, pool) -> out.add(new Usage(config, pool.cache.getUsage(), pool.cache.getPinnedUsage(),
                pool.stores.get())));
        return out;
    }

    /**
     * Memory of one shared pool.
     *
     * @param config      its configuration; {@code config.budgetBytes()} is the cache capacity
     * @param usageBytes  bytes held by the cache: data, index and filter blocks plus the memtable
     *                    reservations of the write-buffer manager
     * @param pinnedBytes bytes of entries in use that cannot be evicted
     * @param openStores  RocksDB instances configured from this pool and not yet closed
     */
    public record Usage(RocksDBMemoryConfig config, long usageBytes, long pinnedBytes, int openStores) {
    }

    /**
     * Each cache shard gets an equal part of the capacity and is bounded on its own; memtable
     * reservations arrive in 256 KiB pieces that hash to shards unevenly, so small shards overshoot
     * their part. RocksDB's automatic choice (shards of 512 KiB) overshot a small budget by 2% in
     * tests; shards of at least 32 MiB do not, and one or two stream threads need no more than a few.
     */
    static int shardBits(long budgetBytes) {
        int bits = 0;
        while (bits < 6 && (budgetBytes >> (bits + 1)) >= SHARD_BYTES) {
            bits++;
        }
        return bits;
    }

    private static final long SHARD_BYTES = 32L << 20;

    static final class SharedMemory {
        final Cache cache;
        final WriteBufferManager writeBuffers;
        final AtomicInteger stores = new AtomicInteger();

        SharedMemory(RocksDBMemoryConfig config) {
            RocksDB.loadLibrary();
            this.cache = new LRUCache(config.budgetBytes(), shardBits(config.budgetBytes()), config.strictLimit(),
                    config.highPriorityRatio());
            this.writeBuffers = new WriteBufferManager(config.writeBufferBytes(), cache);
        }
    }
}
