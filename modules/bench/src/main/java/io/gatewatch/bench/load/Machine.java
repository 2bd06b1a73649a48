package io.gatewatch.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;

/** Where the figures come from. */
final class Machine {

    private Machine() {
    }

    static Map<String, Object> describe(String loadAtStart) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            m.put("memoryBytes", os.getTotalMemorySize());
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        m.put("jvmArgs", ManagementFactory.getRuntimeMXBean().getInputArguments());
        m.put("kafka", AppInfoParser.getVersion());
        m.put("rocksdb", rocksDbVersion());
        // other work on the machine skews every figure; the load average tells a reader whether it was quiet
        m.put("loadAverageAtStart", loadAtStart);
        m.put("loadAverageAtEnd", loadAverage());
        return m;
    }

    /** /proc/loadavg's 1, 5 and 15 minute averages, or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    static String cpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String rocksDbVersion() {
        try {
            org.rocksdb.RocksDB.loadLibrary();
            org.rocksdb.RocksDB.Version v = org.rocksdb.RocksDB.rocksdbVersion();
            return v.toString();
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }
}
