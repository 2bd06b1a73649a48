package io.gatewatch.bench.load;

import io.gatewatch.topology.rocksdb.BoundedMemoryRocksDBConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.function.Supplier;

/**
 * Samples, twice a second while a phase runs: heap in use, the shared RocksDB cache (which holds the
 * memtable reservations too), and Kafka Streams' own RocksDB metrics; keeps the peaks. Also the
 * process's CPU time, to tell how many cores a phase kept busy.
 */
final class MemorySampler implements AutoCloseable {

    private static final long PERIOD_MS = 500;

    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Supplier<TopologyInstances.RocksDbFigures> streamsFigures;
    private final Thread thread;
    private final long startedNanos = System.nanoTime();
    private final long startedCpuNanos = processCpuNanos();
    private volatile boolean running = true;
    private volatile long peakHeap;
    private volatile long peakCache;
    private volatile long peakPinned;
    private volatile long peakMemtables;
    private volatile long peakTableReaders;
    private volatile int stores;
    private volatile long budget;

    MemorySampler(Supplier<TopologyInstances.RocksDbFigures> streamsFigures) {
        this.streamsFigures = streamsFigures;
        this.thread = new Thread(this::loop, "bench-memory-sampler");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void loop() {
        while (running) {
            sample();
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        peakHeap = Math.max(peakHeap, memory.getHeapMemoryUsage().getUsed());
        long usage = 0;
        long pinned = 0;
        for (BoundedMemoryRocksDBConfig.Usage u : BoundedMemoryRocksDBConfig.usage()) {
            if (u.openStores() > 0) {
                usage += u.usageBytes();
                pinned += u.pinnedBytes();
                budget = Math.max(budget, u.config().budgetBytes());
            }
        }
        peakCache = Math.max(peakCache, usage);
        peakPinned = Math.max(peakPinned, pinned);
        try {
            TopologyInstances.RocksDbFigures f = streamsFigures.get();
            peakMemtables = Math.max(peakMemtables, f.memtableBytes());
            peakTableReaders = Math.max(peakTableReaders, f.tableReaderBytes());
            stores = Math.max(stores, f.stores());
        } catch (RuntimeException e) {
            // metrics of a store closing under us: skip this sample
        }
    }

    /** Stops sampling (after a last sample) and returns the peaks. */
    Peaks stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        double wall = (System.nanoTime() - startedNanos) / 1e9;
        double cpu = (processCpuNanos() - startedCpuNanos) / 1e9;
        return new Peaks(peakHeap, peakCache, peakPinned, peakMemtables, peakTableReaders, stores, budget,
                wall > 0 && cpu >= 0 ? cpu / wall : Double.NaN);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }

    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Live heap after a full collection: what the heap really holds. */
    static long liveHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            TopologyInstances.sleep(100);
            best = Math.min(best, memory.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    /**
     * @param heapBytes          peak heap in use (whole JVM: broker, clients and topology)
     * @param rocksCacheBytes    peak usage of the shared RocksDB cache, memtable reservations included
     * @param rocksPinnedBytes   peak pinned part of it
     * @param memtableBytes      peak of RocksDB's cur-size-all-mem-tables summed over stores
     * @param tableReaderBytes   peak index/filter memory held outside the cache
     * @param stores             stores reporting RocksDB metrics
     * @param budgetBytes        the configured budget
     * @param coresBusy          process CPU time / wall time over the phase
     */
    record Peaks(long heapBytes, long rocksCacheBytes, long rocksPinnedBytes, long memtableBytes, long tableReaderBytes,
                 int stores, long budgetBytes, double coresBusy) {

        Peaks max(Peaks o) {
            return new Peaks(Math.max(heapBytes, o.heapBytes), Math.max(rocksCacheBytes, o.rocksCacheBytes),
                    Math.max(rocksPinnedBytes, o.rocksPinnedBytes), Math.max(memtableBytes, o.memtableBytes),
                    Math.max(tableReaderBytes, o.tableReaderBytes), Math.max(stores, o.stores),
                    Math.max(budgetBytes, o.budgetBytes), coresBusy);
        }
    }
}
