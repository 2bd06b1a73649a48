package io.gatewatch.topology.rocksdb;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How much off-heap memory the RocksDB state stores of one process may use, and how it is split.
 * {@link BoundedMemoryRocksDBConfig} reads these keys from the Kafka Streams configuration, so they
 * can be set like any other Streams property.
 *
 * <ul>
 *   <li>{@value #BUDGET_BYTES}: the whole budget: one LRU block cache shared by every store of the
 *       process, into which memtables are charged through a shared write-buffer manager, and which also
 *       holds index and filter blocks. Default 128 MiB.</li>
 *   <li>{@value #WRITE_BUFFER_RATIO}: share of the budget memtables may take before the largest is
 *       flushed. Default 0.5.</li>
 *   <li>{@value #HIGH_PRIORITY_RATIO}: share of the cache reserved for index and filter blocks, so
 *       that data blocks do not evict them. Default 0.1.</li>
 *   <li>{@value #MEMTABLE_BYTES}: size of one memtable of one store (two per store at most). Default
 *       8 MiB.</li>
 *   <li>{@value #BLOCK_SIZE_BYTES}: SST data block size; larger blocks mean smaller indexes. Default 16 KiB.</li>
 *   <li>{@value #STRICT_LIMIT}: when true, reads fail rather than exceed the budget; default false, as
 *       Kafka Streams recommends (a failed read kills the stream thread).</li>
 * </ul>
 *
 * Sizes take a plain number of bytes or a unit: {@code 512KiB}, {@code 128MiB}, {@code 1GiB} (also KB,
 * MB, GB, read as binary units as well).
 */
public record RocksDBMemoryConfig(long budgetBytes, double writeBufferRatio, double highPriorityRatio,
                                  long memtableBytes, long blockSizeBytes, boolean strictLimit) {

    public static final String BUDGET_BYTES = "rocksdb.memory.budget.bytes";
    public static final String WRITE_BUFFER_RATIO = "rocksdb.memory.write.buffer.ratio";
    public static final String HIGH_PRIORITY_RATIO = "rocksdb.memory.high.priority.ratio";
    public static final String MEMTABLE_BYTES = "rocksdb.memtable.bytes";
    public static final String BLOCK_SIZE_BYTES = "rocksdb.block.size.bytes";
    public static final String STRICT_LIMIT = "rocksdb.memory.strict.limit";

    public static final long DEFAULT_BUDGET_BYTES = 128L << 20;
    public static final double DEFAULT_WRITE_BUFFER_RATIO = 0.5;
    public static final double DEFAULT_HIGH_PRIORITY_RATIO = 0.1;
    public static final long DEFAULT_MEMTABLE_BYTES = 8L << 20;
    public static final long DEFAULT_BLOCK_SIZE_BYTES = 16L << 10;

    private static final long MIN_BUDGET_BYTES = 4L << 20;
    private static final long MIN_MEMTABLE_BYTES = 64L << 10;

    public RocksDBMemoryConfig {
        if (budgetBytes < MIN_BUDGET_BYTES) {
            throw new IllegalArgumentException(BUDGET_BYTES + " must be at least 4MiB, got " + budgetBytes);
        }
        if (!(writeBufferRatio > 0.0 && writeBufferRatio < 1.0)) {
            throw new IllegalArgumentException(WRITE_BUFFER_RATIO + " must be within (0, 1), got " + writeBufferRatio);
        }
        if (!(highPriorityRatio >= 0.0 && highPriorityRatio < 1.0)) {
            throw new IllegalArgumentException(HIGH_PRIORITY_RATIO + " must be within [0, 1), got " + highPriorityRatio);
        }
        if (memtableBytes < MIN_MEMTABLE_BYTES) {
            throw new IllegalArgumentException(MEMTABLE_BYTES + " must be at least 64KiB, got " + memtableBytes);
        }
        if (memtableBytes > writeBufferBytes(budgetBytes, writeBufferRatio)) {
            throw new IllegalArgumentException(MEMTABLE_BYTES + " (" + memtableBytes + ") must not exceed the memtable share of "
                    + BUDGET_BYTES + " (" + writeBufferBytes(budgetBytes, writeBufferRatio) + ")");
        }
        if (blockSizeBytes < 1024 || blockSizeBytes > (4L << 20)) {
            throw new IllegalArgumentException(BLOCK_SIZE_BYTES + " must be within 1KiB..4MiB, got " + blockSizeBytes);
        }
    }

    public static RocksDBMemoryConfig defaults() {
        return new RocksDBMemoryConfig(DEFAULT_BUDGET_BYTES, DEFAULT_WRITE_BUFFER_RATIO, DEFAULT_HIGH_PRIORITY_RATIO,
                DEFAULT_MEMTABLE_BYTES, DEFAULT_BLOCK_SIZE_BYTES, false);
    }

    /** The defaults with another budget; the memtable size shrinks to fit a small budget. */
    public static RocksDBMemoryConfig withBudget(long budgetBytes) {
        return from(Map.of(BUDGET_BYTES, budgetBytes));
    }

    /**
     * Reads the keys above from a configuration map (Kafka Streams hands its whole configuration to the
     * config setter); absent keys take their defaults. Values may be strings or numbers.
     */
    public static RocksDBMemoryConfig from(Map<String, ?> configs) {
        RocksDBMemoryConfig d = defaults();
        long budget = size(configs, BUDGET_BYTES, d.budgetBytes());
        double writeRatio = ratio(configs, WRITE_BUFFER_RATIO, d.writeBufferRatio());
        double highRatio = ratio(configs, HIGH_PRIORITY_RATIO, d.highPriorityRatio());
        long memtableDefault = Math.min(d.memtableBytes(),
                Math.max(MIN_MEMTABLE_BYTES, writeBufferBytes(budget, writeRatio) / 4));
        long memtable = size(configs, MEMTABLE_BYTES, memtableDefault);
        long block = size(configs, BLOCK_SIZE_BYTES, d.blockSizeBytes());
        boolean strict = bool(configs, STRICT_LIMIT, false);
        return new RocksDBMemoryConfig(budget, writeRatio, highRatio, memtable, block, strict);
    }

    /** Bytes memtables may use in total before the write-buffer manager flushes. */
    public long writeBufferBytes() {
        return writeBufferBytes(budgetBytes, writeBufferRatio);
    }

    private static long writeBufferBytes(long budget, double ratio) {
        return (long) (budget * ratio);
    }

    /** The keys and values, as Streams properties. */
    public Map<String, String> toProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(BUDGET_BYTES, Long.toString(budgetBytes));
        p.put(WRITE_BUFFER_RATIO, Double.toString(writeBufferRatio));
        p.put(HIGH_PRIORITY_RATIO, Double.toString(highPriorityRatio));
        p.put(MEMTABLE_BYTES, Long.toString(memtableBytes));
        p.put(BLOCK_SIZE_BYTES, Long.toString(blockSizeBytes));
        p.put(STRICT_LIMIT, Boolean.toString(strictLimit));
        return p;
    }

    /** {@code 134217728}, {@code 128MiB}, {@code 128MB}, {@code 512k}: bytes. Binary units throughout. */
    public static long parseSize(String key, String value) {
        String s = value.trim().toLowerCase(Locale.ROOT).replace("_", "");
        long unit = 1;
        String number = s;
        String[][] units = {{"kib", "10"}, {"mib", "20"}, {"gib", "30"}, {"kb", "10"}, {"mb", "20"}, {"gb", "30"},
                {"k", "10"}, {"m", "20"}, {"g", "30"}, {"b", "0"}};
        for (String[] u : units) {
            if (s.endsWith(u[0])) {
                unit = 1L << Integer.parseInt(u[1]);
                number = s.substring(0, s.length() - u[0].length()).trim();
                break;
            }
        }
        try {
            double n = Double.parseDouble(number);
            if (n < 0 || Double.isNaN(n) || Double.isInfinite(n)) {
                throw new NumberFormatException();
            }
            return (long) (n * unit);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' is not a size (use bytes, or 512KiB, 128MiB, 1GiB)");
        }
    }

    private static long size(Map<String, ?> configs, String key, long fallback) {
        Object v = configs.get(key);
        if (v == null || v.toString().isBlank()) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        return parseSize(key, v.toString());
    }

    private static double ratio(Map<String, ?> configs, String key, double fallback) {
        Object v = configs.get(key);
        if (v == null || v.toString().isBlank()) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a number");
        }
    }

    private static boolean bool(Map<String, ?> configs, String key, boolean fallback) {
        Object v = configs.get(key);
        if (v == null || v.toString().isBlank()) {
            return fallback;
        }
        String s = v.toString().trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException(key + ": '" + v + "' is not true or false");
    }
}
