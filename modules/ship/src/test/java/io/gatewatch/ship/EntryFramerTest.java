package io.gatewatch.ship;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.Parsers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryFramerTest {

    private final List<Entry> entries = new ArrayList<>();

    @Test
    void joinsTheMultiLineFastCgiStderrEntryOfTheRealCaptureAndSendsItAtOnce() {
        List<String> lines = Captures.section("results-fatal.txt", "nginx-error.log");
        assertThat(lines).hasSize(4);
        EntryFramer framer = framer("nginx-error", true);
        feed(framer, lines);
        // complete as soon as the closing quote and the context arrived: no waiting for the next entry
        assertThat(entries).hasSize(1);
        assertThat(framer.hasPending()).isFalse();
        Entry e = entries.get(0);
        assertThat(e.lines()).hasSize(4);
        assertThat(e.text()).isEqualTo(String.join("\n", lines));
        assertThat(e.lineNo()).isEqualTo(1);
        assertThat(e.forced()).isFalse();
    }

    @Test
    void singleLineFormatsSendEachLineAtOnceAndDropBlankLines() {
        EntryFramer framer = framer("nginx-access", true);
        List<String> lines = new ArrayList<>(Captures.section("results-502-stopped.txt", "nginx-access.log"));
        lines.add(1, "");
        feed(framer, lines);
        assertThat(entries).hasSize(3);
        assertThat(entries).extracting(Entry::lineNo).containsExactly(1L, 3L, 4L);
        assertThat(framer.hasPending()).isFalse();
    }

    @Test
    void withoutEagerSendingAnEntryWaitsForTheNextOne() {
        EntryFramer framer = framer("nginx-error", false);
        List<String> lines = Captures.section("results-502-stopped.txt", "nginx-error.log");
        feed(framer, lines);
        assertThat(entries).hasSize(2);
        assertThat(framer.hasPending()).isTrue();
        framer.flush();
        assertThat(entries).hasSize(3);
    }

    @Test
    void limitsCutRunawayEntries() {
        EntryFramer framer = new EntryFramer(rules("nginx-error"), 3, 1000, false, entries::add);
        feed(framer, List.of("2026/11/25 09:11:25 [error] 1#1: *1 FastCGI sent in stderr: \"PHP message: x", "a", "b",
                "c", "d"));
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).lines()).hasSize(3);
        assertThat(entries.get(0).forced()).isTrue();
        framer.flush();
        assertThat(entries.get(1).text()).isEqualTo("c\nd");

        entries.clear();
        EntryFramer bytes = new EntryFramer(rules("nginx-error"), 100, 20, false, entries::add);
        feed(bytes, List.of("2026/11/25 09:11:25 [error] x", "0123456789", "z"));
        bytes.flush();
        assertThat(entries).extracting(Entry::text).containsExactly("2026/11/25 09:11:25 [error] x", "0123456789\nz");
    }

    @Test
    void mysqlSlowLogWithoutAParserFramesAsReplayAlwaysDid() {
        EntryFramer framer = new EntryFramer(FramingRules.of("mysql-slow", null), 500, 1_000_000, true, entries::add);
        feed(framer, List.of("# Time: 2026-11-25T09:12:00.000000Z", "# User@Host: wp[wp] @ localhost []",
                "# Query_time: 12.0  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1", "SELECT SLEEP(12);",
                "# User@Host: wp[wp] @ localhost []", "# Query_time: 3.0  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1",
                "SELECT 1;"));
        framer.flush();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).lines()).hasSize(4);
        assertThat(entries.get(1).lines()).hasSize(3);
    }

    @Test
    void mysqlSlowLogTimeHeaderAfterACompletedEntryJoinsTheNextEntry() {
        EntryFramer framer = framer("mysql-slow", true);
        feed(framer, List.of("# Time: 2018-08-07T16:27:47.169604+08:00", "# User@Host: root[root] @  [218.76.8.37]  Id:  7234",
                "# Query_time: 15.000223  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 0",
                "SET timestamp=1533630467;", "select sleep(15);",
                "# Time: 2018-08-07T16:27:48.000000+08:00", "# User@Host: wp[wp] @ localhost []",
                "# Query_time: 3.0  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1", "SET timestamp=1533630468;",
                "SELECT 1;"));
        // the first header joins the entry after it; a complete entry waits for the next line, so the
        // header written after it stays with it (where the parser ignores it) rather than going out alone
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).lines()).extracting(Line::text).startsWith("# Time: 2018-08-07T16:27:47.169604+08:00")
                .endsWith("# Time: 2018-08-07T16:27:48.000000+08:00").hasSize(6);
        assertThat(framer.hasPending()).isTrue();
        framer.flush();
        assertThat(entries).hasSize(2);
        assertThat(entries.get(1).first().text()).startsWith("# User@Host: wp[wp]");
        assertThat(entries).extracting(Entry::lineNo).containsExactly(1L, 7L);
        Parsers.forFormat("mysql-slow").ifPresent(p -> assertThat(entries)
                .allSatisfy(e -> assertThat(p.parse(e.text(), io.gatewatch.parse.ParseContext.utc()).isEvent()).isTrue()));
    }

    @Test
    void aMariaDbBannerWithoutATimeJoinsTheBannerAfterIt() {
        EntryFramer framer = framer("mysql-slow", true);
        feed(framer, List.of("mysqld, Version: 10.2.12-MariaDB-10.2.12+maria~jessie-log (mariadb.org binary distribution). started with:",
                "Tcp port: 0  Unix socket: /var/run/mysqld/mysqld.sock", "Time                 Id Command    Argument",
                "mysqld, Version: 10.2.12-MariaDB-10.2.12+maria~jessie-log (mariadb.org binary distribution). started with:",
                "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock", "Time                 Id Command    Argument",
                "# Time: 190117 16:04:03", "# User@Host: root[root] @ localhost []",
                "# Query_time: 2.000227  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0",
                "SET timestamp=1547741043;", "select sleep(2);"));
        framer.flush();
        assertThat(entries).extracting(e -> e.lines().size()).containsExactly(7, 4);
    }

    @Test
    void phpFpmSlowLogEntriesAreSeparatedByBlankLines() {
        LineParser parser = Parsers.forFormat("php-fpm-slow").orElse(null);
        EntryFramer framer = new EntryFramer(FramingRules.of("php-fpm-slow", parser), 500, 1_000_000, true,
                entries::add);
        feed(framer, Captures.section("results-maxchildren.txt", "php-fpm-slow.log"));
        framer.flush();
        assertThat(entries).hasSize(4).allSatisfy(e -> {
            assertThat(e.first().text()).startsWith("[25-Nov-2026");
            assertThat(e.lines().stream().filter(l -> !l.text().isBlank())).hasSize(3);
        });
    }

    private EntryFramer framer(String format, boolean eager) {
        return new EntryFramer(rules(format), 500, 1_000_000, eager, entries::add);
    }

    private static FramingRules rules(String format) {
        return FramingRules.of(format, Parsers.forFormat(format).orElse(null));
    }

    private static void feed(EntryFramer framer, List<String> lines) {
        long offset = 0;
        long no = 1;
        for (String l : lines) {
            Line line = Line.ofText(l, offset, no++);
            offset = line.endOffset();
            framer.accept(line);
        }
    }
}
