package io.gatewatch.parse.php;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.parse.LineFraming;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import io.gatewatch.parse.SharedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PhpFpmParserTest {

    private final PhpFpmParser parser = new PhpFpmParser();
    private final ParseContext utc = new ParseContext(ZoneId.of("UTC"), "shop.example.test", "web-1");

    private FpmEvent fpm(String line) {
        ParseResult r = parser.parse(line, utc);
        assertThat(r.isEvent()).as("%s -> %s", line, r).isTrue();
        return (FpmEvent) r.payload();
    }

    @Test
    void everyPhpFpmLineOfEveryCaptureParses() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(SharedFiles.sharedDir().resolve("captures"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                lines.addAll(SharedFiles.captureSection(f.getFileName().toString(), "php-fpm.log"));
            }
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(30);
        for (String line : lines) {
            ParseResult r = parser.parse(line, utc);
            assertThat(r.isEvent()).as("%s -> %s", line, r).isTrue();
            assertThat(r.site()).isEqualTo("shop.example.test");
            assertThat(Instant.ofEpochMilli(r.eventTimeMillis())).isBetween(
                    Instant.parse("2026-11-25T09:11:00Z"), Instant.parse("2026-11-25T09:12:00Z"));
        }
    }

    @Test
    void readsTheCapturedStopAsExiting() {
        List<String> lines = SharedFiles.captureSection("results-502-stopped.txt", "php-fpm.log");
        FpmEvent finishing = fpm(lines.get(0));
        FpmEvent bye = fpm(lines.get(1));
        assertThat(finishing.getKind()).isEqualTo(FpmEventKind.EXITING);
        assertThat(bye.getKind()).isEqualTo(FpmEventKind.EXITING);
        assertThat(bye.getLevel()).isEqualTo("NOTICE");
        assertThat(bye.getMessage()).isEqualTo("exiting, bye-bye!");
        assertThat(parser.parse(lines.get(1), utc).eventTimeMillis())
                .isEqualTo(Instant.parse("2026-11-25T09:11:54Z").toEpochMilli());
    }

    @Test
    void readsTheCapturedWorkerKill() {
        List<String> lines = SharedFiles.captureSection("results-workerkill.txt", "php-fpm.log");
        FpmEvent slow = fpm(lines.get(0));
        assertThat(slow.getKind()).isEqualTo(FpmEventKind.EXECUTING_TOO_SLOW);
        assertThat(slow.getPool()).isEqualTo("tcp");
        assertThat(slow.getChildPid()).isEqualTo(22555);
        assertThat(slow.getScriptPath()).isEqualTo("/var/www/html/sleep.php");

        FpmEvent tracing = fpm(lines.get(1));
        assertThat(tracing.getKind()).isEqualTo(FpmEventKind.OTHER);
        assertThat(tracing.getChildPid()).isEqualTo(22555);
        assertThat(fpm(lines.get(2)).getChildPid()).isEqualTo(22555);

        FpmEvent killed = fpm(lines.get(4));
        assertThat(killed.getKind()).isEqualTo(FpmEventKind.CHILD_EXITED_SIGNAL);
        assertThat(killed.getLevel()).isEqualTo("WARNING");
        assertThat(killed.getPool()).isEqualTo("tcp");
        assertThat(killed.getChildPid()).isEqualTo(22555);
        assertThat(killed.getSignal()).isEqualTo(9);
        assertThat(killed.getSignalName()).isEqualTo("SIGKILL");
        assertThat(killed.getExitCode()).isNull();

        FpmEvent started = fpm(lines.get(5));
        assertThat(started.getKind()).isEqualTo(FpmEventKind.CHILD_STARTED);
        assertThat(started.getChildPid()).isEqualTo(22638);
    }

    @Test
    void readsTheCapturedMaxChildrenAndStderr() {
        FpmEvent max = fpm(SharedFiles.captureSection("results-maxchildren.txt", "php-fpm.log").get(0));
        assertThat(max.getKind()).isEqualTo(FpmEventKind.MAX_CHILDREN_REACHED);
        assertThat(max.getMaxChildren()).isEqualTo(1);
        assertThat(max.getPool()).isEqualTo("tcp");

        FpmEvent stderr = fpm(SharedFiles.captureSection("results-fatal.txt", "php-fpm.log").get(0));
        assertThat(stderr.getKind()).isEqualTo(FpmEventKind.CHILD_STDERR);
        assertThat(stderr.getChildPid()).isEqualTo(22223);
        assertThat(stderr.getMessage()).contains("PHP Fatal error:  Uncaught Error: Call to undefined function");
    }

    @Test
    void everyLineOfTheWildSamplesParses() {
        List<String> lines = LineFraming.sharedLines("corpus/found-in-the-wild/php-fpm-lines.txt").stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .toList();
        int parsed = 0;
        for (String line : lines) {
            ParseResult r = parser.parse(line, utc);
            if (line.startsWith("172.20.0.2 ")) {
                // The one PHP-FPM access-log line in that file: not a master-log line, said so.
                assertThat(r.reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
                assertThat(r.detail()).contains("access-log");
                continue;
            }
            assertThat(r.isEvent()).as("%s -> %s", line, r).isTrue();
            parsed++;
        }
        assertThat(parsed).isEqualTo(26);
    }

    static Stream<Arguments> signatures() {
        return Stream.of(
            Arguments.of("[13-Jan-2020 02:33:27] NOTICE: exiting, bye-bye!", FpmEventKind.EXITING, null, null),
            Arguments.of("[13-Jan-2020 02:43:14] NOTICE: Terminating ...", FpmEventKind.EXITING, null, null),
            Arguments.of("[25-Nov-2026 10:40:09] ERROR: FPM initialization failed", FpmEventKind.EXITING, null, null),
            Arguments.of("[13-Jan-2020 02:34:51] NOTICE: fpm is running, pid 326", FpmEventKind.STARTED, null, null),
            Arguments.of("[13-Jan-2020 02:34:51] NOTICE: ready to handle connections", FpmEventKind.READY, null, null),
            Arguments.of("[06-Dec-2016 17:22:18] NOTICE: [pool www] child 2815 started", FpmEventKind.CHILD_STARTED,
                    "www", 2815),
            Arguments.of("[06-Dec-2016 17:22:18] WARNING: [pool www] child 2797 exited on signal 11 (SIGSEGV - core dumped)"
                    + " after 4.220801 seconds from start", FpmEventKind.CHILD_EXITED_SIGNAL, "www", 2797),
            Arguments.of("[13-Dec-2019 01:00:20] WARNING: [pool www] child 8 exited with code 255 after 664.260371 seconds"
                    + " from start", FpmEventKind.CHILD_EXITED_CODE, "www", 8),
            Arguments.of("[13-Jan-2020 02:36:45] WARNING: [pool www] server reached pm.max_children setting (5), consider"
                    + " raising it", FpmEventKind.MAX_CHILDREN_REACHED, "www", null),
            Arguments.of("[26-Sep-2021 05:05:58] WARNING: [pool ***removed***.com] server reached max_children setting (8),"
                    + " consider raising it", FpmEventKind.MAX_CHILDREN_REACHED, "***removed***.com", null),
            Arguments.of("[20-Mar-2015 15:15:52] WARNING: The maximum number of processes has been reached. Please review"
                    + " your configuration and consider raising 'process.max'", FpmEventKind.MAX_CHILDREN_REACHED, null, null),
            Arguments.of("[21-Nov-2023 20:39:06] WARNING: [pool www] seems busy (you may need to increase pm.start_servers,"
                    + " or pm.min/max_spare_servers), spawning 8 children, there are 0 idle, and 12 total children",
                    FpmEventKind.SEEMS_BUSY, "www", null),
            Arguments.of("[25-Nov-2026 10:39:45] WARNING: [pool shop] child 31502, script '/var/www/html/timeout.php'"
                    + " (request: \"GET /timeout.php\") execution timed out (3.173621 sec), terminating",
                    FpmEventKind.EXECUTION_TIMED_OUT, "shop", 31502),
            Arguments.of("[25-Nov-2026 09:11:49] WARNING: [pool tcp] child 22555, script '/var/www/html/sleep.php'"
                    + " (request: \"GET /sleep.php?s=5\") executing too slow (1.284734 sec), logging",
                    FpmEventKind.EXECUTING_TOO_SLOW, "tcp", 22555),
            Arguments.of("[30-Dec-2018 13:43:39] WARNING: [pool mightful-noobs.de] child 2138 said into stderr: \" \"",
                    FpmEventKind.CHILD_STDERR, "mightful-noobs.de", 2138),
            Arguments.of("[30-Dec-2018 06:32:15] NOTICE: error log file re-opened", FpmEventKind.OTHER, null, null),
            Arguments.of("[25-Nov-2026 10:40:09] ERROR: unable to bind listening socket for address '127.0.0.1:9181':"
                    + " Address already in use (98)", FpmEventKind.OTHER, null, null),
            Arguments.of("[25-Nov-2026 10:40:09] ALERT: oops, unknown child (1234) exited with code 1. Please open a bug"
                    + " report (https://github.com/php/php-src/issues).", FpmEventKind.OTHER, null, null));
    }

    @ParameterizedTest
    @MethodSource("signatures")
    void classifiesEverySignature(String line, FpmEventKind kind, String pool, Integer child) {
        FpmEvent e = fpm(line);
        assertThat(e.getKind()).isEqualTo(kind);
        assertThat(e.getPool()).isEqualTo(pool);
        assertThat(e.getChildPid()).isEqualTo(child);
    }

    @Test
    void readsSignalExitCodeMaxChildrenAndScriptFields() {
        FpmEvent segv = fpm("[06-Dec-2016 17:22:18] WARNING: [pool www] child 2797 exited on signal 11 (SIGSEGV - core dumped)"
                + " after 4.220801 seconds from start");
        assertThat(segv.getSignal()).isEqualTo(11);
        assertThat(segv.getSignalName()).isEqualTo("SIGSEGV");

        FpmEvent code = fpm("[13-Dec-2019 01:00:20] WARNING: [pool www] child 8 exited with code 255 after 664.260371"
                + " seconds from start");
        assertThat(code.getExitCode()).isEqualTo(255);
        assertThat(code.getSignal()).isNull();

        FpmEvent ondemand = fpm("[25-Nov-2026 10:39:48] WARNING: [pool od] server reached max_children setting (1),"
                + " consider raising it");
        assertThat(ondemand.getMaxChildren()).isEqualTo(1);

        FpmEvent timeout = fpm("[25-Nov-2026 10:39:45] WARNING: [pool shop] child 31502, script '/var/www/html/timeout.php'"
                + " (request: \"GET /timeout.php\") execution timed out (3.173621 sec), terminating");
        assertThat(timeout.getScriptPath()).isEqualTo("/var/www/html/timeout.php");
        assertThat(timeout.getLevel()).isEqualTo("WARNING");
    }

    @Test
    void readsMicrosecondsAndTheDebugPrefix() {
        String line = "[04-Jan-2016 20:49:43.599789] WARNING: pid 23055, fpm_children_bury(), line 252: [pool www] child"
                + " 23173 exited on signal 11 (SIGSEGV) after 363.538588 seconds from start";
        ParseResult r = parser.parse(line, utc);
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2016-01-04T20:49:43.599Z").toEpochMilli());
        FpmEvent e = (FpmEvent) r.payload();
        assertThat(e.getKind()).isEqualTo(FpmEventKind.CHILD_EXITED_SIGNAL);
        assertThat(e.getPool()).isEqualTo("www");
        assertThat(e.getChildPid()).isEqualTo(23173);
        assertThat(e.getMessage()).startsWith("[pool www] child 23173");

        ParseResult ms = parser.parse("[25-Nov-2026 09:11:54.123] NOTICE: exiting, bye-bye!", utc);
        assertThat(ms.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:54.123Z").toEpochMilli());
    }

    @Test
    void appliesTheContextZoneNotTheMachines() {
        ParseResult berlin = parser.parse("[25-Nov-2026 10:11:54] NOTICE: exiting, bye-bye!",
                new ParseContext(ZoneId.of("Europe/Berlin"), null, null));
        assertThat(berlin.eventTimeMillis()).isEqualTo(Instant.parse("2026-11-25T09:11:54Z").toEpochMilli());
        ParseResult summer = parser.parse("[25-Jul-2026 10:11:54] NOTICE: exiting, bye-bye!",
                new ParseContext(ZoneId.of("Europe/Berlin"), null, null));
        assertThat(summer.eventTimeMillis()).isEqualTo(Instant.parse("2026-07-25T08:11:54Z").toEpochMilli());
    }

    @Test
    void looksThroughADockerPrefixAndUsesItsTime() {
        String line = "2024-04-10T14:39:26.708084488Z [10-Apr-2024 14:39:26] WARNING: [pool www] server reached"
                + " pm.max_children setting (5), consider raising it";
        assertThat(parser.startsEntry(line)).isTrue();
        ParseResult r = parser.parse(line, new ParseContext(ZoneId.of("America/New_York"), null, null));
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2024-04-10T14:39:26.708Z").toEpochMilli());
        assertThat(((FpmEvent) r.payload()).getMaxChildren()).isEqualTo(5);
    }

    @Test
    void everyLineOfARealFpm82RunParses() {
        List<String> lines = LineFraming.resourceLines("/io/gatewatch/parse/php/php-fpm-8.2.log");
        List<FpmEvent> events = new ArrayList<>();
        for (String line : lines) {
            ParseResult r = parser.parse(line, utc);
            assertThat(r.isEvent()).as("%s -> %s", line, r).isTrue();
            events.add((FpmEvent) r.payload());
        }
        assertThat(events).extracting(FpmEvent::getKind).contains(FpmEventKind.STARTED, FpmEventKind.READY,
                FpmEventKind.EXECUTING_TOO_SLOW, FpmEventKind.EXECUTION_TIMED_OUT, FpmEventKind.CHILD_EXITED_SIGNAL,
                FpmEventKind.CHILD_STARTED, FpmEventKind.MAX_CHILDREN_REACHED, FpmEventKind.EXITING);
        assertThat(events).filteredOn(e -> e.getKind() == FpmEventKind.CHILD_EXITED_SIGNAL)
                .extracting(FpmEvent::getSignalName).containsExactly("SIGTERM", "SIGSEGV");
        assertThat(events).filteredOn(e -> e.getKind() == FpmEventKind.MAX_CHILDREN_REACHED)
                .extracting(FpmEvent::getPool, FpmEvent::getMaxChildren)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("shop", 3), org.assertj.core.groups.Tuple.tuple("od", 1));
        assertThat(events).filteredOn(e -> e.getKind() == FpmEventKind.EXITING).extracting(FpmEvent::getMessage)
                .containsExactly("Finishing ...", "exiting, bye-bye!", "FPM initialization failed", "Terminating ...",
                        "exiting, bye-bye!");
    }

    @Test
    void readsASlowlogEntryShippedAsPhpFpm() {
        List<String> physical = List.of("", "[25-Nov-2026 09:11:49]  [pool tcp] pid 22555",
                "script_filename = /var/www/html/sleep.php",
                "[0x00007f33dc8130b0] usleep() /var/www/html/sleep.php:3", "",
                "[25-Nov-2026 09:11:50] NOTICE: [pool tcp] child 22638 started");
        List<String> entries = LineFraming.frame(parser, physical);
        assertThat(entries).containsExactly("", "[25-Nov-2026 09:11:49]  [pool tcp] pid 22555\n"
                + "script_filename = /var/www/html/sleep.php\n"
                + "[0x00007f33dc8130b0] usleep() /var/www/html/sleep.php:3\n",
                "[25-Nov-2026 09:11:50] NOTICE: [pool tcp] child 22638 started");
        FpmEvent slow = (FpmEvent) parser.parse(entries.get(1), utc).payload();
        assertThat(slow.getKind()).isEqualTo(FpmEventKind.SLOWLOG_ENTRY);
        assertThat(slow.getScriptPath()).isEqualTo("/var/www/html/sleep.php");
        assertThat(parser.parse(entries.get(0), utc).reason()).isEqualTo(DeadLetterReason.EMPTY);
    }

    @Test
    void startsEntryOnlyOnFpmShapedLines() {
        assertThat(parser.startsEntry("[25-Nov-2026 09:11:54] NOTICE: exiting, bye-bye!")).isTrue();
        assertThat(parser.startsEntry("[25-Nov-2026 09:11:49]  [pool tcp] pid 22555")).isTrue();
        assertThat(parser.startsEntry("[25-Nov-2026 09:11:25 UTC] PHP Fatal error:  x")).isFalse();
        assertThat(parser.startsEntry("script_filename = /var/www/html/sleep.php")).isFalse();
        assertThat(parser.startsEntry("2026/11/25 09:11:55 [error] 1#1: x")).isFalse();
        assertThat(parser.mayContinue("[25-Nov-2026 09:11:54] NOTICE: exiting, bye-bye!")).isFalse();
    }

    @Test
    void rejectsWhatIsNotAnFpmLineWithAReason() {
        assertThat(parser.parse("", utc).reason()).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(parser.parse("NOTICE: PHP message: PHP Warning:  x", utc).reason())
                .isEqualTo(DeadLetterReason.UNRECOGNIZED);
        ParseResult badDate = parser.parse("[31-Feb-2026 09:11:54] NOTICE: exiting, bye-bye!", utc);
        assertThat(badDate.reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(badDate.detail()).contains("31-Feb-2026");
        ParseResult noLevel = parser.parse("[25-Nov-2026 09:11:54] exiting, bye-bye!", utc);
        assertThat(noLevel.reason()).isEqualTo(DeadLetterReason.MALFORMED);
        assertThat(noLevel.detail()).contains("LEVEL");
    }
}
