package io.gatewatch.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@code java -jar benchmarks.jar [JMH options]}: JMH as usual, with {@link CpuTimeProfiler} always on,
 * followed by a summary of lines per second, lines per CPU-second, the hand-written / regex ratios
 * from the same run and the targets (access: at least 1,000,000 lines/s per core and at least
 * 10x the regex baseline). Listing and help options go straight to JMH.
 */
public final class BenchMain {

    static final double TARGET_LINES_PER_SECOND = 1_000_000;
    static final double TARGET_RATIO = 10;

    public static void main(String[] args) throws Exception {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing command line: " + e.getMessage());
            System.exit(1);
            return;
        }
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
                || cmd.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Collection<RunResult> results;
        try {
            results = new Runner(new OptionsBuilder().parent(cmd).addProfiler(CpuTimeProfiler.class).build()).run();
        } catch (RunnerException e) {
            System.err.println("ERROR: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.println();
        System.out.println(summary(results));
    }

    /** The summary table: one row per benchmark and parameter set, then ratios and targets. */
    static String summary(Collection<RunResult> results) {
        Map<String, double[]> rows = new LinkedHashMap<>();
        StringBuilder out = new StringBuilder();
        out.append("== Gatewatch parser benchmarks: ").append(Runtime.getRuntime().availableProcessors())
                .append(" CPUs, ").append(System.getProperty("java.vm.name")).append(' ')
                .append(System.getProperty("java.version")).append('\n');
        out.append("parsers measured: ").append(fingerprint(io.gatewatch.parse.nginx.NginxAccessParser.class))
                .append(", ").append(fingerprint(io.gatewatch.parse.nginx.NginxErrorParser.class)).append('\n');
        out.append(String.format(Locale.ROOT, "%-40s %16s %10s %16s %7s%n", "benchmark", "lines/s", "±", "lines/cpu-s",
                "cores"));
        for (RunResult r : results) {
            String name = shortName(r);
            Result primary = r.getPrimaryResult();
            Result cpu = r.getSecondaryResults().get("cpu.ops");
            Result cores = r.getSecondaryResults().get("cpu.cores");
            double cpuOps = cpu == null ? Double.NaN : cpu.getScore();
            rows.put(name, new double[] {primary.getScore(), cpuOps});
            out.append(String.format(Locale.ROOT, "%-40s %,16.0f %10s %,16.0f %7.2f%n", name, primary.getScore(),
                    String.format(Locale.ROOT, "%,.0f", primary.getScoreError()), cpuOps,
                    cores == null ? Double.NaN : cores.getScore()));
        }
        List<String> lines = new ArrayList<>();
        for (String bench : List.of("AccessParseBenchmark", "ErrorParseBenchmark")) {
            for (Map.Entry<String, double[]> e : rows.entrySet()) {
                String key = e.getKey();
                if (!key.startsWith(bench + ".handWritten")) {
                    continue;
                }
                String suffix = key.substring((bench + ".handWritten").length());
                for (String baseline : List.of("grokRegex", "tunedRegex")) {
                    double[] base = rows.get(bench + "." + baseline + suffix);
                    if (base != null) {
                        lines.add(String.format(Locale.ROOT, "%-52s %6.1fx (wall)  %6.1fx (cpu)",
                                bench + " handWritten/" + baseline + suffix, e.getValue()[0] / base[0],
                                e.getValue()[1] / base[1]));
                    }
                }
            }
        }
        if (!lines.isEmpty()) {
            out.append("\nratios, same run:\n");
            lines.forEach(l -> out.append(l).append('\n'));
        }
        double[] access = rows.entrySet().stream().filter(e -> e.getKey().startsWith("AccessParseBenchmark.handWritten"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        double[] grok = rows.entrySet().stream().filter(e -> e.getKey().startsWith("AccessParseBenchmark.grokRegex"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        if (access != null) {
            double perCore = Double.isNaN(access[1]) ? access[0] : access[1];
            out.append(String.format(Locale.ROOT, "%ntarget: access >= %,.0f lines/s per core: %,.0f lines/cpu-s -> %s%n",
                    TARGET_LINES_PER_SECOND, perCore, perCore >= TARGET_LINES_PER_SECOND ? "MET" : "NOT MET"));
            if (grok != null) {
                double ratio = Double.isNaN(access[1]) ? access[0] / grok[0] : access[1] / grok[1];
                out.append(String.format(Locale.ROOT, "target: access >= %.0fx the grok regex baseline: %.1fx -> %s%n",
                        TARGET_RATIO, ratio, ratio >= TARGET_RATIO ? "MET" : "NOT MET"));
            }
        }
        return out.toString();
    }

    /** Class name and CRC-32 of its bytecode, so figures can be tied to the parser version they measured. */
    static String fingerprint(Class<?> type) {
        String resource = type.getSimpleName() + ".class";
        try (java.io.InputStream in = type.getResourceAsStream(resource)) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(in.readAllBytes());
            return type.getSimpleName() + " crc32=" + Long.toHexString(crc.getValue());
        } catch (java.io.IOException | NullPointerException e) {
            return type.getSimpleName() + " (bytecode not readable)";
        }
    }

    private static String shortName(RunResult r) {
        String full = r.getParams().getBenchmark();
        String name = full.substring(full.lastIndexOf('.', full.lastIndexOf('.') - 1) + 1);
        StringBuilder params = new StringBuilder();
        for (String key : r.getParams().getParamsKeys()) {
            String value = r.getParams().getParam(key);
            if (!(key.equals("corpus") && value.equals(Corpus.SYNTHETIC))) {
                params.append(params.length() == 0 ? " [" : ",").append(key).append('=').append(value);
            }
        }
        return params.length() == 0 ? name : name + params + "]";
    }

    private BenchMain() {
    }
}
