package io.gatewatch.parse.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.DatabaseEvent;
import io.gatewatch.avro.DatabaseEventKind;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MysqlSlowParserTest {

    private final MysqlSlowParser parser = new MysqlSlowParser();
    private final ParseContext ctx = new ParseContext(ZoneId.of("UTC"), null, "db-1");

    private static long at(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private DatabaseEvent event(String entry) {
        ParseResult r = parser.parse(entry, ctx);
        assertThat(r.isEvent()).as("%s", r).isTrue();
        return (DatabaseEvent) r.payload();
    }

    @Test
    void readsMysql57EntryWithTimeHeader() {
        String entry = """
                # Time: 2018-08-07T16:27:47.169604+08:00
                # User@Host: appuser[appuser] @ apphost [1.1.1.1]  Id: 10997316
                # Query_time: 4.071491  Lock_time: 0.000212 Rows_sent: 1000  Rows_examined: 1489615
                SET timestamp=1533630467;
                SELECT a
                    FROM t
                    LIMIT 1000;""";
        ParseResult r = parser.parse(entry, ctx);
        assertThat(r.eventTimeMillis()).isEqualTo(1533630467000L);
        DatabaseEvent e = (DatabaseEvent) r.payload();
        assertThat(e.getKind()).isEqualTo(DatabaseEventKind.SLOW_QUERY);
        assertThat(e.getServer()).isEqualTo("db-1");
        assertThat(e.getQueryTimeSec()).isEqualTo(4.071491);
        assertThat(e.getLockTimeSec()).isEqualTo(0.000212);
        assertThat(e.getRowsSent()).isEqualTo(1000L);
        assertThat(e.getRowsExamined()).isEqualTo(1489615L);
        assertThat(e.getUser()).isEqualTo("appuser");
        assertThat(e.getMessage()).isEqualTo("SELECT a\n    FROM t\n    LIMIT 1000;");
        assertThat(r.host()).isNull();
    }

    @Test
    void readsMariaDbHeadersSchemaAndUse() {
        String entry = """
                # User@Host: root[root] @ localhost []
                # Thread_id: 37  Schema: employees  QC_hit: No
                # Query_time: 2.461578  Lock_time: 0.000196  Rows_sent: 10  Rows_examined: 3145718
                # Rows_affected: 0  Bytes_sent: 319
                # Full_scan: Yes  Full_join: No  Tmp_table: Yes  Tmp_table_on_disk: No
                use employees;
                SET timestamp=1553443380;
                SELECT 1;
                # Time: 190324 16:03:05""";
        DatabaseEvent e = event(entry);
        assertThat(e.getDatabase()).isEqualTo("employees");
        assertThat(e.getMessage()).isEqualTo("SELECT 1;");
        assertThat(parser.parse(entry, ctx).eventTimeMillis()).isEqualTo(1553443380000L);
    }

    @Test
    void emptySchemaFallsBackToUseAndPerconaErrnoBecomesErrorCode() {
        String entry = """
                # User@Host: exporter[exporter] @ localhost []  Id: 14367106
                # Schema:   Last_errno: 1370  Killed: 0
                # Query_time: 0.014315  Lock_time: 0.000095  Rows_sent: 101  Rows_examined: 101  Rows_affected: 0
                # InnoDB_trx_id: 69B884E82
                use `my shop`;
                SET timestamp=1548052533;
                SELECT 2;""";
        DatabaseEvent e = event(entry);
        assertThat(e.getDatabase()).isEqualTo("my shop");
        assertThat(e.getErrorCode()).isEqualTo(1370);
    }

    @Test
    void usesTimeHeaderInContextZoneWhenSetTimestampIsMissing() {
        String entry = """
                # Time: 191015  9:46:45
                # User@Host: root[root] @ localhost [127.0.0.1]
                # Query_time: 12.3  Lock_time: 0.0 Rows_sent: 1  Rows_examined: 1000
                select sleep(12);""";
        ParseResult r = parser.parse(entry, new ParseContext(ZoneId.of("Europe/Berlin"), null, null));
        assertThat(r.eventTimeMillis()).isEqualTo(at("2019-10-15T07:46:45Z"));
        assertThat(((DatabaseEvent) r.payload()).getQueryTimeSec()).isEqualTo(12.3);
    }

    @Test
    void readsSetTimestampWithInsertIdsAndAdministratorCommands() {
        String entry = """
                # User@Host: app[app] @ web-1 [10.0.0.5]  Id: 42
                # Query_time: 3.000001  Lock_time: 0.000000 Rows_sent: 0  Rows_examined: 0
                SET last_insert_id=16,insert_id=17,timestamp=1442940547;
                # administrator command: Quit;""";
        ParseResult r = parser.parse(entry, ctx);
        assertThat(r.eventTimeMillis()).isEqualTo(1442940547000L);
        assertThat(((DatabaseEvent) r.payload()).getMessage()).isEqualTo("# administrator command: Quit;");
    }

    @Test
    void acceptsMysql80SlowExtraAndExplainLines() {
        String entry = """
                # Time: 2019-03-24T14:04:53.713951Z
                # User@Host: root[root] @ localhost []  Id:    16
                # Query_time: 2.631844  Lock_time: 0.000145 Rows_sent: 10  Rows_examined: 3145718 Thread_id: 16 Errno: 0 Killed: 0 Start: 2019-03-24T14:04:51.082107Z End: 2019-03-24T14:04:53.713951Z
                #
                # explain: id   select_type     table   type    possible_keys   key     key_len ref     rows    Extra
                SELECT 3;""";
        ParseResult r = parser.parse(entry, ctx);
        // No SET timestamp here: the # Time header dates it.
        assertThat(r.eventTimeMillis()).isEqualTo(at("2019-03-24T14:04:53.713Z"));
        DatabaseEvent e = (DatabaseEvent) r.payload();
        assertThat(e.getRowsExamined()).isEqualTo(3145718L);
        assertThat(e.getErrorCode()).isNull();
    }

    @Test
    void entryWithoutQueryTimeIsStillASlowQuery() {
        DatabaseEvent e = event("""
                # User@Host: user1[user1] @ 172.18.0.2 []
                # Full_scan: Yes  Full_join: No  Tmp_table: No  Tmp_table_on_disk: Yes
                SET timestamp=1753065669;
                SELECT 4;""");
        assertThat(e.getQueryTimeSec()).isNull();
        assertThat(e.getUser()).isEqualTo("user1");
    }

    @Test
    void truncatesLongQueries() {
        String entry = "# User@Host: a[a] @ h []\n# Query_time: 1.0  Lock_time: 0.0 Rows_sent: 0  Rows_examined: 0\n"
                + "SET timestamp=1;\nSELECT '" + "x".repeat(10_000) + "';";
        assertThat(event(entry).getMessage()).hasSizeLessThanOrEqualTo(2048).endsWith("…");
    }

    @Test
    void startBannerWithFollowingTimeIsStartup() {
        String entry = """
                /usr/sbin/mysqld, Version: 8.0.15 (MySQL Community Server - GPL). started with:
                Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
                Time                 Id Command    Argument
                # Time: 2019-03-24T14:01:47.811234Z""";
        ParseResult r = parser.parse(entry, ctx);
        assertThat(r.isEvent()).isTrue();
        assertThat(((DatabaseEvent) r.payload()).getKind()).isEqualTo(DatabaseEventKind.STARTUP);
        assertThat(((DatabaseEvent) r.payload()).getMessage()).startsWith("/usr/sbin/mysqld, Version: 8.0.15");
    }

    @Test
    void rejectsTimelessBannerLoneTimeHeaderAndForeignText() {
        assertThat(parser.parse("Tcp port: 0  Unix socket: /var/run/mysqld/mysqld.sock", ctx).reason())
                .isEqualTo(DeadLetterReason.INCOMPLETE_MULTILINE);
        assertThat(parser.parse("# Time: 2019-03-24T14:01:47.811234Z", ctx).reason())
                .isEqualTo(DeadLetterReason.INCOMPLETE_MULTILINE);
        assertThat(parser.parse("hello world", ctx).reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
        assertThat(parser.parse("", ctx).reason()).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(parser.parse("# User@Host: a[a] @ h []\nselect 1;", ctx).reason())
                .isEqualTo(DeadLetterReason.MALFORMED);
    }

    @Test
    void framesEntriesAtUserHostSoEveryQueryIsOneEntry() {
        List<String> physical = List.of(
                "/usr/sbin/mysqld, Version: 5.5.53-0ubuntu0.12.04.1-log ((Ubuntu)). started with:",
                "Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock",
                "Time                 Id Command    Argument",
                "# Time: 161209 14:37:59",
                "# User@Host: debian-sys-maint[debian-sys-maint] @ localhost []",
                "# Query_time: 0.000153  Lock_time: 0.000061 Rows_sent: 1  Rows_examined: 5",
                "SET timestamp=1481294279;",
                "SELECT count(*) FROM mysql.user;",
                "# User@Host: debian-sys-maint[debian-sys-maint] @ localhost []",
                "# Query_time: 0.002456  Lock_time: 0.000095 Rows_sent: 31  Rows_examined: 81",
                "SET timestamp=1481294279;",
                "select 2;",
                "# Time: 161209 14:39:02",
                "# User@Host: root[root] @ localhost []",
                "# Query_time: 2.000268  Lock_time: 0.000000 Rows_sent: 1  Rows_examined: 0",
                "SET timestamp=1481294342;",
                "select sleep(2);");
        List<String> entries = new ArrayList<>();
        for (String line : physical) {
            if (entries.isEmpty() || parser.startsEntry(line)) {
                entries.add(line);
            } else {
                entries.set(entries.size() - 1, entries.get(entries.size() - 1) + "\n" + line);
            }
        }
        assertThat(entries).hasSize(4);
        List<DatabaseEventKind> kinds = new ArrayList<>();
        for (String entry : entries) {
            ParseResult r = parser.parse(entry, ctx);
            assertThat(r.isEvent()).as(entry).isTrue();
            kinds.add(((DatabaseEvent) r.payload()).getKind());
        }
        assertThat(kinds).containsExactly(DatabaseEventKind.STARTUP, DatabaseEventKind.SLOW_QUERY,
                DatabaseEventKind.SLOW_QUERY, DatabaseEventKind.SLOW_QUERY);
        assertThat(((DatabaseEvent) parser.parse(entries.get(2), ctx).payload()).getMessage()).isEqualTo("select 2;");
    }

    @Test
    void entriesFramedAtTimeHeadersParseLikeEntriesFramedAtUserHost() {
        // gatewatch replay frames at '# Time:'; a restart banner that MariaDB writes as "mysqld, Version: …"
        // then trails the previous query and must not become part of it.
        String replayFramed = """
                # Time: 190117 16:04:03
                # User@Host: root[root] @ localhost []
                # Thread_id: 8  Schema:   QC_hit: No
                # Query_time: 2.000227  Lock_time: 0.000000  Rows_sent: 1  Rows_examined: 0
                SET timestamp=1547741043;
                select sleep(2)
                AS foo;
                mysqld, Version: 10.2.12-MariaDB-10.2.12+maria~jessie-log (mariadb.org binary distribution). started with:
                Tcp port: 3306  Unix socket: /var/run/mysqld/mysqld.sock
                Time                 Id Command    Argument""";
        String readerFramed = replayFramed.substring(replayFramed.indexOf("# User@Host:"));
        ParseResult a = parser.parse(replayFramed, ctx);
        ParseResult b = parser.parse(readerFramed, ctx);
        assertThat(a.eventTimeMillis()).isEqualTo(b.eventTimeMillis()).isEqualTo(1547741043000L);
        assertThat(((DatabaseEvent) a.payload()).getMessage()).isEqualTo("select sleep(2)\nAS foo;");
        assertThat(a.payload()).isEqualTo(b.payload());
    }

    @Test
    void userFallsBackToLoginNameWhenAccountIsEmpty() {
        assertThat(MysqlSlowParser.user(" [bob] @ localhost []")).isEqualTo("bob");
        assertThat(MysqlSlowParser.user(" root[root] @  [192.168.0.10]")).isEqualTo("root");
        assertThat(MysqlSlowParser.user(" @ x")).isNull();
    }
}
