package io.gatewatch.topology.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

class BoundedMemoryRocksDBConfigTest {

    private static final long MIB = 1L << 20;

    @TempDir
    Path dir;

    /**
     * Two real RocksDB databases configured by the setter: RocksDB itself reports one cache (same
     * capacity and usage from both) and memtables charged to it, all within the budget while far more
     * data than the budget is written.
     */
    @Test
    void storesShareOneBoundedCacheAndWriteBufferManager() throws RocksDBException {
        RocksDB.loadLibrary();
        long budget = 8 * MIB + 12345; // unique, so this test gets its own pool
        Map<String, Object> configs = Map.of(RocksDBMemoryConfig.BUDGET_BYTES, Long.toString(budget),
                RocksDBMemoryConfig.MEMTABLE_BYTES, "1MiB");
        List<Options> options = new ArrayList<>();
        List<RocksDB> dbs = new ArrayList<>();
        List<BoundedMemoryRocksDBConfig> setters = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                Options o = new Options().setCreateIfMissing(true);
                o.setTableFormatConfig(new org.rocksdb.BlockBasedTableConfig());
                BoundedMemoryRocksDBConfig setter = new BoundedMemoryRocksDBConfig();
                setter.setConfig("store-" + i, o, configs);
                setters.add(setter);
                options.add(o);
                dbs.add(RocksDB.open(o, dir.resolve("db-" + i).toString()));
            }
            SplittableRandom random = new SplittableRandom(7);
            byte[] value = new byte[512];
            long maxUsage = 0;
            long maxMemtables = 0;
            // 2 x 40 MiB written, ten times the budget
            for (int n = 0; n < 80_000; n++) {
                random.nextBytes(value);
                for (RocksDB db : dbs) {
                    db.put(("key-" + n).getBytes(StandardCharsets.UTF_8), value);
                }
                if (n % 2_000 == 0) {
                    // reads pull data, index and filter blocks into the cache
                    for (int r = 0; r < 200; r++) {
                        dbs.get(r % 2).get(("key-" + random.nextInt(n + 1)).getBytes(StandardCharsets.UTF_8));
                    }
                    maxUsage = Math.max(maxUsage, property(dbs.get(0), "rocksdb.block-cache-usage"));
                    maxMemtables = Math.max(maxMemtables, property(dbs.get(0), "rocksdb.cur-size-all-mem-tables")
                            + property(dbs.get(1), "rocksdb.cur-size-all-mem-tables"));
                }
            }
            for (RocksDB db : dbs) {
                assertThat(property(db, "rocksdb.block-cache-capacity")).isEqualTo(budget);
            }
            // one cache: both databases see the same usage, which includes the memtable reservations
            assertThat(sameWhenStable(usageOf(dbs.get(0)), usageOf(dbs.get(1)))).as("one cache seen by both").isTrue();
            assertThat(property(dbs.get(0), "rocksdb.block-cache-usage")).isPositive();
            assertThat(maxUsage).isPositive().isLessThanOrEqualTo(budget);
            // memtables of both stores together stay within the write-buffer share (plus one arena block)
            long writeBuffers = RocksDBMemoryConfig.from(configs).writeBufferBytes();
            assertThat(maxMemtables).isPositive().isLessThanOrEqualTo(writeBuffers + MIB);
            // the process-wide view agrees with RocksDB's and counts the open stores
            BoundedMemoryRocksDBConfig.Usage usage = BoundedMemoryRocksDBConfig.usage().stream()
                    .filter(u -> u.config().budgetBytes() == budget).findFirst().orElseThrow();
            assertThat(usage.openStores()).isEqualTo(2);
            assertThat(usage.usageBytes()).isPositive().isLessThanOrEqualTo(budget);
        } finally {
            dbs.forEach(RocksDB::close);
            for (int i = 0; i < setters.size(); i++) {
                setters.get(i).close("store-" + i, options.get(i));
            }
            options.forEach(Options::close);
        }
        assertThat(BoundedMemoryRocksDBConfig.usage().stream().filter(u -> u.config().budgetBytes() == budget)
                .findFirst().orElseThrow().openStores()).isZero();
    }

    /**
     * RocksDB's background flushes and compactions can move a cache's usage between two reads, so the
     * two views are read until they agree with no change in between; two separate caches never would.
     */
    private static boolean sameWhenStable(LongSupplier one, LongSupplier other) {
        for (int attempt = 0; attempt < 1000; attempt++) {
            long first = one.getAsLong();
            long second = other.getAsLong();
            if (first == second && first == one.getAsLong()) {
                return true;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return false;
    }

    private static LongSupplier usageOf(RocksDB db) {
        return () -> {
            try {
                return property(db, "rocksdb.block-cache-usage");
            } catch (RocksDBException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    /**
     * The same through Kafka Streams: with the setter configured, every RocksDB store of a topology
     * reports the shared cache's capacity as its own (Streams' RocksDB property metrics) and the cache
     * stays within the budget while the stores take much more data than the budget.
     */
    @Test
    void kafkaStreamsStoresUseTheSharedBudget() {
        long budget = 6 * MIB + 4321;
        StreamsBuilder builder = new StreamsBuilder();
        List<String> stores = List.of("alpha", "beta", "gamma");
        for (String store : stores) {
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(store),
                    Serdes.String(), Serdes.ByteArray()));
        }
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new WriteEverywhere(stores), stores.toArray(String[]::new));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rocksdb-budget-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedMemoryRocksDBConfig.class.getName());
        props.put(RocksDBMemoryConfig.BUDGET_BYTES, Long.toString(budget));
        props.put(RocksDBMemoryConfig.MEMTABLE_BYTES, "512KiB");
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic("in", Serdes.String().serializer(),
                    Serdes.ByteArray().serializer());
            SplittableRandom random = new SplittableRandom(11);
            long maxUsage = 0;
            for (int n = 0; n < 30_000; n++) {
                byte[] value = new byte[400];
                random.nextBytes(value);
                in.pipeInput("key-" + n, value);
                if (n % 3_000 == 0) {
                    maxUsage = Math.max(maxUsage, gauge(driver, "block-cache-usage", "alpha"));
                }
            }
            for (String store : stores) {
                assertThat(gauge(driver, "block-cache-capacity", store)).as(store).isEqualTo(budget);
                assertThat(gauge(driver, "block-cache-usage", store)).as(store)
                        .isPositive().isLessThanOrEqualTo(budget);
                assertThat(gauge(driver, "cur-size-all-mem-tables", store)).as(store).isPositive();
            }
            // three stores, one cache: they all report the same usage
            assertThat(sameWhenStable(() -> gauge(driver, "block-cache-usage", "beta"),
                    () -> gauge(driver, "block-cache-usage", "gamma"))).as("one cache seen by all").isTrue();
            assertThat(maxUsage).isLessThanOrEqualTo(budget);
            long memtables = 0;
            for (String store : stores) {
                memtables += gauge(driver, "cur-size-all-mem-tables", store);
            }
            assertThat(memtables).isLessThanOrEqualTo(RocksDBMemoryConfig.withBudget(budget).writeBufferBytes() + MIB);
            BoundedMemoryRocksDBConfig.Usage usage = BoundedMemoryRocksDBConfig.usage().stream()
                    .filter(u -> u.config().budgetBytes() == budget).findFirst().orElseThrow();
            assertThat(usage.openStores()).isEqualTo(stores.size());
        }
    }

    @Test
    void readsSizesRatiosAndRejectsBadValuesWithTheKeyName() {
        RocksDBMemoryConfig c = RocksDBMemoryConfig.from(Map.of(RocksDBMemoryConfig.BUDGET_BYTES, "256MiB",
                RocksDBMemoryConfig.WRITE_BUFFER_RATIO, "0.25"));
        assertThat(c.budgetBytes()).isEqualTo(256 * MIB);
        assertThat(c.writeBufferBytes()).isEqualTo(64 * MIB);
        assertThat(c.memtableBytes()).isEqualTo(RocksDBMemoryConfig.DEFAULT_MEMTABLE_BYTES);
        assertThat(RocksDBMemoryConfig.from(Map.of()).budgetBytes()).isEqualTo(RocksDBMemoryConfig.DEFAULT_BUDGET_BYTES);
        // a small budget gets smaller memtables rather than an error
        assertThat(RocksDBMemoryConfig.withBudget(8 * MIB).memtableBytes()).isEqualTo(MIB);
        Map<String, Object> bad = new HashMap<>();
        bad.put(RocksDBMemoryConfig.BUDGET_BYTES, "lots");
        assertThatThrownBy(() -> RocksDBMemoryConfig.from(bad)).hasMessageContaining(RocksDBMemoryConfig.BUDGET_BYTES);
        assertThatThrownBy(() -> RocksDBMemoryConfig.from(Map.of(RocksDBMemoryConfig.BUDGET_BYTES, "1MiB")))
                .hasMessageContaining("at least 4MiB");
        assertThatThrownBy(() -> RocksDBMemoryConfig.from(Map.of(RocksDBMemoryConfig.WRITE_BUFFER_RATIO, "1.5")))
                .hasMessageContaining(RocksDBMemoryConfig.WRITE_BUFFER_RATIO);
        assertThatThrownBy(() -> RocksDBMemoryConfig.from(Map.of(RocksDBMemoryConfig.BUDGET_BYTES, "16MiB",
                RocksDBMemoryConfig.MEMTABLE_BYTES, "64MiB"))).hasMessageContaining(RocksDBMemoryConfig.MEMTABLE_BYTES);
    }

    private static long property(RocksDB db, String name) throws RocksDBException {
        return Long.parseLong(db.getProperty(name).trim());
    }

    private static long gauge(TopologyTestDriver driver, String name, String store) {
        for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
            MetricName m = e.getKey();
            if (m.name().equals(name) && store.equals(m.tags().get("rocksdb-state-id"))) {
                return ((Number) e.getValue().metricValue()).longValue();
            }
        }
        throw new AssertionError("no metric " + name + " for store " + store + " among "
                + driver.metrics().keySet().stream().filter(k -> k.group().contains("state")).map(MetricName::name)
                .distinct().toList());
    }

    /** Writes every record into every store. */
    private static final class WriteEverywhere implements Processor<String, byte[], Void, Void> {
        private final List<String> names;
        private final List<KeyValueStore<String, byte[]>> stores = new ArrayList<>();

        WriteEverywhere(List<String> names) {
            this.names = names;
        }

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            for (String name : names) {
                stores.add(context.getStateStore(name));
            }
        }

        @Override
        public void process(Record<String, byte[]> record) {
            for (KeyValueStore<String, byte[]> store : stores) {
                store.put(record.key(), record.value());
                store.get("key-" + (record.value()[0] & 0xff));
            }
        }
    }
}
