package io.gatewatch.cli.command;

import io.gatewatch.parse.Parsers;
import io.gatewatch.ship.Shipper;
import io.gatewatch.ship.ShipperConfig;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gatewatch ship}: follows a log file and produces its entries to Kafka, exactly once. */
@Command(name = "ship", mixinStandardHelpOptions = true,
        description = {"Follows a log file like 'tail -F' (rotation by rename and copytruncate included) and produces "
                + "each entry, multi-line ones reassembled, to Kafka with a transactional producer.",
                "A checkpoint file makes restarts (even after kill -9) resume with nothing lost and nothing duplicated "
                        + "for read_committed consumers. Runs until SIGTERM/SIGINT, which ships what was read first; "
                        + "--once reads to the end of the file and exits."})
public final class ShipCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Option(names = "--file", required = true, paramLabel = "PATH", description = "Log file to follow.")
    Path file;

    @Option(names = "--source", required = true, paramLabel = "FORMAT", completionCandidates = ShipFormats.class,
            description = "Format of the file (header gatewatch.source): ${COMPLETION-CANDIDATES}.")
    String source;

    @Option(names = "--site", required = true, paramLabel = "SITE", description = "Site the file belongs to: record key and gatewatch.site.")
    String site;

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "Host the file is on (gatewatch.host).")
    String host;

    @Option(names = "--zone", paramLabel = "ZONE", description = "Time zone of the file's zone-less timestamps (gatewatch.zone).")
    String zone;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", paramLabel = "HOST:PORT,...",
            description = "Kafka (default: ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--topic", paramLabel = "TOPIC",
            description = "Topic (default: gatewatch.logs; gatewatch.metrics for telegraf, gatewatch.changes for change).")
    String topic;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Checkpoint file (default: .gatewatch/ship/<file path>.checkpoint). One per shipped file.")
    Path checkpoint;

    @Option(names = "--once", description = "Read to the end of the file, ship, write the checkpoint and exit.")
    boolean once;

    @Option(names = "--from-end", description = "Without a checkpoint, start at the end of the file rather than its beginning.")
    boolean fromEnd;

    @Option(names = "--flush-timeout", defaultValue = "1s", paramLabel = "DURATION",
            description = "How long a multi-line entry waits for more lines (default: ${DEFAULT-VALUE}).")
    String flushTimeout;

    @Option(names = "--max-entry-lines", defaultValue = "500", paramLabel = "N",
            description = "Most lines in one entry (default: ${DEFAULT-VALUE}).")
    int maxEntryLines;

    @Option(names = "--max-entry-bytes", defaultValue = "1000000", paramLabel = "N",
            description = "Most bytes in one entry and record (default: ${DEFAULT-VALUE}).")
    int maxEntryBytes;

    @Option(names = {"-X", "--kafka-property"}, paramLabel = "KEY=VALUE",
            description = "Kafka client setting (security.protocol, sasl.*, ssl.*, ...); repeatable.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ShipperConfig config = config();
        Shipper shipper = Shipper.open(config, once);
        System.out.println("Shipping " + config.file().toAbsolutePath() + " (" + config.source() + ") to "
                + config.topic() + " at " + config.bootstrapServers() + " as site " + config.site() + ", host "
                + config.host() + "; checkpoint " + config.checkpoint().toAbsolutePath());
        System.out.flush();
        if (once) {
            try (shipper) {
                shipper.runOnce();
            }
            System.out.println("Shipped " + shipper.entriesShipped() + " entries in " + shipper.transactions()
                    + " transactions; checkpoint at " + shipper.checkpoint().committed());
            return 0;
        }
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            // SIGTERM/SIGINT: what was read is shipped and checkpointed before the JVM goes
            shipper.stop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "gatewatch-ship-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (shipper) {
            shipper.run();
        } finally {
            System.out.println("Stopped after " + shipper.entriesShipped() + " entries; checkpoint at "
                    + shipper.checkpoint().committed());
            System.out.flush();
            finished.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // shutting down already
        }
        return 0;
    }

    private ShipperConfig config() {
        if (Parsers.forFormat(source).isEmpty()) {
            throw bad("--source '" + source + "' is not a known format; known: " + String.join(", ", Parsers.formats()));
        }
        ZoneId zoneId = null;
        if (zone != null) {
            try {
                zoneId = ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw bad("--zone '" + zone + "' is not a time zone");
            }
        }
        try {
            return ShipperConfig.builder().file(file).source(source).site(site).host(host).zone(zoneId).topic(topic)
                    .bootstrapServers(bootstrapServers).checkpoint(checkpoint).kafkaProperties(kafkaProperties)
                    .fromEnd(fromEnd).flushTimeout(duration("--flush-timeout", flushTimeout))
                    .maxEntryLines(maxEntryLines).maxEntryBytes(maxEntryBytes).build();
        } catch (IllegalArgumentException e) {
            throw bad(e.getMessage());
        }
    }

    private Duration duration(String option, String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw bad(option + " '" + value + "' is not a duration (500ms, 1s, 5m or PT1S)");
        }
    }

    private CommandLine.ParameterException bad(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The formats for help texts, as registered at run time. */
    static final class ShipFormats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Parsers.formats().iterator();
        }
    }
}
