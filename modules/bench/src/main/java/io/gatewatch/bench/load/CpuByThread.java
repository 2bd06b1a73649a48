package io.gatewatch.bench.load;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of the JVM's threads, grouped by role, between two snapshots: where a phase's CPU went.
 * The broker runs in the same JVM here, so its request handling for the topology's repartition,
 * changelog and transaction traffic is visible too, and (on Linux, from /proc) the JVM's GC and JIT
 * threads and RocksDB's background flush and compaction threads.
 */
final class CpuByThread {

    private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

    private final Map<Long, Long> start;
    private final Map<Long, String> names = new HashMap<>();
    private final Map<String, Long> nativeStart;
    private final long processStart;

    private CpuByThread(Map<Long, Long> start, long processStart) {
        this.start = start;
        this.processStart = processStart;
        this.nativeStart = nativeThreads();
    }

    static CpuByThread snapshot() {
        CpuByThread s = new CpuByThread(new HashMap<>(), MemorySampler.processCpuNanos());
        s.read(s.start);
        return s;
    }

    /**
     * CPU of the JVM's own and native threads that Java does not see (GC, JIT, RocksDB's flush and
     * compaction pool), from /proc/self/task on Linux, by group; empty elsewhere.
     */
    private static Map<String, Long> nativeThreads() {
        Map<String, Long> out = new HashMap<>();
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!java.nio.file.Files.isDirectory(tasks)) {
            return out;
        }
        try (var dirs = java.nio.file.Files.list(tasks)) {
            for (java.nio.file.Path t : (Iterable<java.nio.file.Path>) dirs::iterator) {
                try {
                    String comm = java.nio.file.Files.readString(t.resolve("comm")).trim();
                    String stat = java.nio.file.Files.readString(t.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    String group = comm.startsWith("GC Thread") || comm.startsWith("G1 ") ? "GC"
                            : comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler") ? "JIT"
                            : comm.startsWith("rocksdb:") ? "RocksDB background (flush, compaction)" : null;
                    if (group != null) {
                        // threads come and go; key by tid so a vanished thread does not count negative
                        out.merge(group + "#" + t.getFileName(), ticks * TICK_NANOS, Long::sum);
                    }
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            }
        } catch (java.io.IOException e) {
            return out;
        }
        return out;
    }

    private void read(Map<Long, Long> into) {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = mx.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                into.put(info.getThreadId(), cpu);
                names.put(info.getThreadId(), info.getThreadName());
            }
        }
    }

    /** Seconds of CPU per group since the snapshot; "other native" is what no group accounts for. */
    Map<String, Double> since(String applicationId) {
        Map<Long, Long> now = new HashMap<>();
        read(now);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String g : new String[] {"stream threads", "streams clients (producer/consumer I/O)",
            "broker request handlers", "broker network", "broker other", "benchmark and other Java"}) {
            out.put(g, 0.0);
        }
        double javaTotal = 0;
        for (Map.Entry<Long, Long> e : now.entrySet()) {
            long before = start.getOrDefault(e.getKey(), 0L);
            double seconds = Math.max(0, e.getValue() - before) / 1e9;
            String group = group(names.get(e.getKey()), applicationId);
            out.merge(group, seconds, Double::sum);
            javaTotal += seconds;
        }
        double process = (MemorySampler.processCpuNanos() - processStart) / 1e9;
        double nativeTotal = 0;
        for (Map.Entry<String, Long> e : nativeThreads().entrySet()) {
            String group = e.getKey().substring(0, e.getKey().indexOf('#'));
            double seconds = Math.max(0, e.getValue() - nativeStart.getOrDefault(e.getKey(), 0L)) / 1e9;
            out.merge(group, seconds, Double::sum);
            nativeTotal += seconds;
        }
        out.put("other native", Math.max(0, process - javaTotal - nativeTotal));
        out.put("process total", process);
        return out;
    }

    private static String group(String name, String applicationId) {
        if (name == null) {
            return "benchmark and other Java";
        }
        if (name.startsWith(applicationId) && name.contains("-StreamThread-")) {
            return "stream threads";
        }
        if (name.contains(applicationId)) {
            return "streams clients (producer/consumer I/O)";
        }
        if (name.startsWith("data-plane-kafka-request-handler") || name.contains("request-handler")) {
            return "broker request handlers";
        }
        if (name.contains("network-thread") && !name.contains("producer") || name.contains("kafka-network")
                || name.startsWith("data-plane-kafka-socket-acceptor")) {
            return "broker network";
        }
        if (name.startsWith("kafka") || name.contains("Raft") || name.contains("raft") || name.startsWith("broker-")
                || name.startsWith("controller") || name.startsWith("LogDirFailureHandler")
                || name.startsWith("group-coordinator") || name.startsWith("transaction")
                || name.startsWith("ExpirationReaper") || name.startsWith("ThrottledChannelReaper")
                || name.contains("log-cleaner") || name.startsWith("scheduler")) {
            return "broker other";
        }
        return "benchmark and other Java";
    }
}
