package io.gatewatch.parse.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewatch.avro.DatabaseEvent;
import io.gatewatch.avro.DatabaseEventKind;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MysqlErrorParserTest {

    private final MysqlErrorParser parser = new MysqlErrorParser();
    private final ParseContext ctx = new ParseContext(ZoneId.of("UTC"), null, "db-1");

    private DatabaseEvent event(String entry) {
        ParseResult r = parser.parse(entry, ctx);
        assertThat(r.isEvent()).as("%s", r).isTrue();
        return (DatabaseEvent) r.payload();
    }

    @Test
    void readsMysql80LineWithCodeAndSubsystem() {
        String line = "2019-03-04T16:51:19.123456Z 0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.";
        ParseResult r = parser.parse(line, ctx);
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2019-03-04T16:51:19.123Z").toEpochMilli());
        DatabaseEvent e = (DatabaseEvent) r.payload();
        assertThat(e.getKind()).isEqualTo(DatabaseEventKind.OTHER);
        assertThat(e.getErrorCode()).isEqualTo(10068);
        assertThat(e.getMessage()).isEqualTo("CA certificate ca.pem is self signed.");
        assertThat(e.getServer()).isEqualTo("db-1");
    }

    @Test
    void readsMysql55AndMariaDbTimesInContextZone() {
        ParseContext berlin = new ParseContext(ZoneId.of("Europe/Berlin"), null, null);
        assertThat(parser.parse("161020 11:41:56 [Note] Plugin 'FEDERATED' is disabled.", berlin).eventTimeMillis())
                .isEqualTo(Instant.parse("2016-10-20T09:41:56Z").toEpochMilli());
        assertThat(parser.parse("2021-07-06  7:29:32 0 [Warning] You need to use --log-bin", berlin).eventTimeMillis())
                .isEqualTo(Instant.parse("2021-07-06T05:29:32Z").toEpochMilli());
        DatabaseEvent e = (DatabaseEvent) parser.parse("161209 14:18:50  InnoDB: Setting file ./ibdata1 size to 10 MB",
                berlin).payload();
        assertThat(e.getMessage()).isEqualTo("InnoDB: Setting file ./ibdata1 size to 10 MB");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2023-01-01T10:00:00.000000Z 0 [ERROR] [MY-010283] [Server] Too many connections|TOO_MANY_CONNECTIONS|10283",
        "230101 10:00:00 [Warning] Too many connections|TOO_MANY_CONNECTIONS|1040",
        "2023-03-12T15:30:16.866015Z 4016575 [Note] Aborted connection 4016575 to db: 'testdb' user: 'sherlock' host: 'localhost' (Got an error reading communication packets)|ABORTED_CONNECTION|",
        "2023-01-01 10:00:00 12 [ERROR] Slave SQL: Lock wait timeout exceeded; try restarting transaction, Error_code: 1205|LOCK_WAIT_TIMEOUT|1205",
        "2023-01-01 10:00:00 12 [Note] InnoDB: Transactions deadlock detected, dumping detailed information.|DEADLOCK|",
        "2023-01-01T10:00:00Z 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.0.15'|STARTUP|10931",
        "2023-01-01T10:00:00Z 0 [System] [MY-011323] [Server] X Plugin ready for connections. Socket: '/var/run/mysqld/mysqlx.sock'|OTHER|11323",
        "161209 14:18:53 [Note] /usr/sbin/mysqld: Shutdown complete|SHUTDOWN|",
        "161209 14:18:52  InnoDB: Shutdown completed; log sequence number 1595675|OTHER|",
        "2019-10-02 12:54:27 0 [Note] /usr/sbin/mysqld (initiated by: unknown): Normal shutdown|SHUTDOWN|",
        "2019-10-02 12:54:27 0 [ERROR] mysqld got signal 11 ;|CRASH|",
        "2017-01-01 12:00:00 7f0c1b7fe700  InnoDB: Assertion failure in thread 139690 in file btr0cur.cc line 123|CRASH|",
        "2025-07-22T16:02:04.000004Z 13 [ERROR] [MY-010123] [Server] Table './app/logs' is marked as crashed and should be repaired|OTHER|10123",
        "2020-04-16T05:13:40.861934Z 344 [Note] Access denied for user 'root'@'27.155.87.54' (using password: YES)|CONNECTION_ERROR|1045",
        "2023-07-31T08:34:16.116872Z        14 Connect   Access denied for user 'user'@'192.168.121.1' (using password: YES)|CONNECTION_ERROR|1045",
        "2017-12-29T12:33:33.095243Z         2 Query     SELECT 'Too many connections' FROM t|OTHER|",
    })
    void classifies(String line, DatabaseEventKind kind, Integer code) {
        DatabaseEvent e = event(line);
        assertThat(e.getKind()).isEqualTo(kind);
        assertThat(e.getErrorCode()).isEqualTo(code);
    }

    @Test
    void abortedConnectionNamesUserAndDatabase() {
        DatabaseEvent e = event("2025-07-22T16:02:05.000005Z 14 [Warning] Aborted connection 47 to db: 'test' user: 'user'"
                + " host: '172.18.0.3' (Got timeout reading communication packets)");
        assertThat(e.getUser()).isEqualTo("user");
        assertThat(e.getDatabase()).isEqualTo("test");
    }

    @Test
    void continuationLinesJoinTheEntryTheyFollow() {
        assertThat(parser.startsEntry("Version: '5.7.10'  socket: '/tmp/mysql.sock'  port: 3306  Homebrew")).isFalse();
        assertThat(parser.startsEntry("InnoDB: a new database to be created!")).isFalse();
        assertThat(parser.startsEntry("2016-12-09T12:08:33.784722Z 0 [Note] x")).isTrue();
        assertThat(parser.startsEntry("191015  9:46:45\t    13 Query\tSHOW STATUS")).isTrue();
        DatabaseEvent e = event("2016-12-09T12:08:33.784722Z 0 [Note] /usr/local/mysql/bin/mysqld: ready for connections.\n"
                + "Version: '5.7.10'  socket: '/tmp/mysql.sock'  port: 3306  Homebrew\n\n");
        assertThat(e.getKind()).isEqualTo(DatabaseEventKind.STARTUP);
        assertThat(e.getMessage()).endsWith("port: 3306  Homebrew");
    }

    @Test
    void saysWhenUntimedLinesMayStillFollow() {
        assertThat(parser.mayContinue("2023-01-01T10:00:00.000000Z 0 [ERROR] [MY-010283] [Server] Too many connections"))
                .isFalse();
        assertThat(parser.mayContinue("2019-10-02 12:54:27 5 [Warning] Aborted connection 5 to db: 'shop'")).isFalse();
        assertThat(parser.mayContinue("2016-12-09T12:08:33.784722Z 0 [Note] /usr/sbin/mysqld: ready for connections."))
                .isTrue();
        assertThat(parser.mayContinue("2016-12-09T12:08:33.784722Z 0 [Note] /usr/sbin/mysqld: ready for connections.\n"
                + "Version: '5.7.10'  socket: '/tmp/mysql.sock'  port: 3306  Homebrew")).isFalse();
        assertThat(parser.mayContinue("2019-10-02 12:54:27 0 [ERROR] mysqld got signal 11 ;")).isTrue();
        assertThat(parser.mayContinue("161209 14:18:50 InnoDB: Completed initialization of buffer pool")).isTrue();
    }

    @Test
    void crashReportTakesItsTimeOfDayOnTheDateOfTheEntryBefore() {
        String entry = """
                2023-05-01T23:59:58.000000Z 0 [Note] something
                00:00:02 UTC - mysqld got signal 11 ;
                This could be because you hit a bug.""";
        ParseResult r = parser.parse(entry, ctx);
        assertThat(((DatabaseEvent) r.payload()).getKind()).isEqualTo(DatabaseEventKind.CRASH);
        assertThat(((DatabaseEvent) r.payload()).getMessage()).startsWith("00:00:02 UTC - mysqld got signal 11 ;");
        assertThat(r.eventTimeMillis()).isEqualTo(Instant.parse("2023-05-02T00:00:02Z").toEpochMilli());
        assertThat(parser.parse("08:16:41 UTC - mysqld got signal 11 ;", ctx).reason())
                .isEqualTo(DeadLetterReason.INCOMPLETE_MULTILINE);
    }

    @Test
    void rejectsLinesWithoutTimestamp() {
        assertThat(parser.parse("Version: '5.7.10'", ctx).reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
        assertThat(parser.parse("", ctx).reason()).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(parser.parse("2019-13-45T99:00:00Z 0 [Note] x", ctx).reason()).isEqualTo(DeadLetterReason.UNRECOGNIZED);
    }
}
