package io.gatewatch.parse.mysql;

import io.gatewatch.avro.DatabaseEvent;
import io.gatewatch.avro.DatabaseEventKind;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * MySQL / MariaDB / Percona error log. The shapes of a line:
 *
 * <pre>
 * 2019-03-04T16:51:19.123456Z 0 [Warning] [MY-010068] [Server] CA certificate ca.pem is self signed.   (8.0)
 * 2016-12-09T12:08:33.335060Z 0 [Warning] TIMESTAMP with implicit DEFAULT value is deprecated…        (5.7)
 * 2019-10-02 12:54:27 0 [Note] InnoDB: Using Linux native AIO                                         (MariaDB 10.x, 5.6)
 * 2021-07-06  7:29:32 0 [Warning] …                                                                   (space-padded hour)
 * 161020 11:41:56 [Note] /usr/sbin/mysqld: ready for connections.                                    (5.5)
 * 161209 14:18:50  InnoDB: Setting file ./ibdata1 size to 10 MB                                       (5.5, no level)
 * 161209 13:08:33 mysqld_safe Starting mysqld daemon with databases from /var/lib/mysql
 * </pre>
 *
 * Lines that do not begin with a timestamp ({@code Version: '5.7.10'  socket: …} after "ready for
 * connections", 5.5's {@code InnoDB: …} continuations, crash reports, blank lines) continue the
 * previous entry ({@link #startsEntry}). A crash report's first line carries only the time of day
 * ({@code 08:16:41 UTC - mysqld got signal 11 ;}); it continues the entry before it, whose date
 * completes its time, and turns that entry into a {@code CRASH}.
 *
 * <p>Kinds: {@code Too many connections} → TOO_MANY_CONNECTIONS (1040), {@code Aborted connection} →
 * ABORTED_CONNECTION, {@code Lock wait timeout} → LOCK_WAIT_TIMEOUT (1205), deadlocks → DEADLOCK (1213),
 * {@code Access denied for user} → CONNECTION_ERROR (1045), {@code ready for connections} → STARTUP,
 * {@code Shutdown complete} / {@code Normal shutdown} / {@code Received SHUTDOWN} → SHUTDOWN,
 * {@code mysqld got signal} / assertion failures / {@code mysqld restarted} → CRASH, else OTHER. The
 * error code is the line's own when it has one ({@code [MY-010914]} → 10914), else the MySQL error
 * number of the kind.
 */
public final class MysqlErrorParser implements LineParser {

    public static final String FORMAT = "mysql-error";

    /** General query log commands, which also reach error-log streams (MariaDB logs both to one file). */
    private static final String[] GENERAL_LOG_COMMANDS = {"Query", "Connect", "Quit", "Init DB", "Prepare",
        "Execute", "Close stmt", "Field List", "Statistics", "Ping", "Change user", "Reset stmt", "Long Data"};

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean startsEntry(String line) {
        return MysqlTime.startsWithTime(line);
    }

    /**
     * Whether untimed lines may still follow. MySQL 5.6+ and MariaDB 10 date every line, so most entries are
     * complete at once; the exceptions are "ready for connections." (its "Version: …" line follows), crash
     * and assertion reports, InnoDB deadlock dumps and messages ending in ':'. MySQL 5.5 ({@code YYMMDD})
     * logs write untimed {@code InnoDB:} lines after almost anything, so their entries are never certain.
     */
    @Override
    public boolean mayContinue(String entry) {
        String e = entry.stripTrailing();
        if (e.length() > 6 && e.charAt(6) == ' ' && MysqlTime.isDigits(e, 0, 6)) {
            return true;
        }
        return e.endsWith(":") || (e.contains("ready for connections") && !e.contains("Version:"))
                || e.contains("got signal") || e.contains("got exception") || e.contains("Assertion failure")
                || e.contains("Failing assertion") || e.contains("deadlock detected") || e.contains("DEADLOCK");
    }

    @Override
    public ParseResult parse(String entry, ParseContext context) {
        int lineEnd = entry.indexOf('\n');
        String first = lineEnd < 0 ? entry : entry.substring(0, lineEnd);
        MysqlTime time = MysqlTime.scan(first, 0, context.zone());
        if (time == null) {
            if (first.isBlank() && entry.isBlank()) {
                return ParseResult.reject(DeadLetterReason.EMPTY, "empty mysql-error entry");
            }
            if (crashTimeOfDay(first) >= 0) {
                return ParseResult.reject(DeadLetterReason.INCOMPLETE_MULTILINE,
                        "crash report without the entry before it: its 'HH:MM:SS UTC' gives no date");
            }
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "not a MySQL/MariaDB error-log entry: expected a timestamp ('2019-03-04T16:51:19Z',"
                            + " '2019-10-02 12:54:27' or '161020 11:41:56') at the start");
        }
        int pos = skipBlank(first, time.end());
        if (pos == time.end() && pos < first.length()) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "no space after the timestamp at column " + (pos + 1));
        }
        // Thread id (5.6+/MariaDB; MariaDB 10.0 writes a 15-digit pthread id, InnoDB assertions a hex one).
        int tokenEnd = tokenEnd(first, pos);
        if (tokenEnd > pos && tokenEnd < first.length() && isThreadId(first, pos, tokenEnd)) {
            pos = skipBlank(first, tokenEnd);
        }
        Integer code = null;
        if (pos < first.length() && first.charAt(pos) == '[') {
            int close = first.indexOf(']', pos);
            if (close > pos + 1 && isWord(first, pos + 1, close)) {
                // [Level]
                pos = skipBlank(first, close + 1);
                if (first.startsWith("[MY-", pos)) {
                    int codeEnd = first.indexOf(']', pos);
                    if (codeEnd > pos) {
                        code = MysqlText.smallWhole(first.substring(pos + 4, codeEnd));
                        pos = skipBlank(first, codeEnd + 1);
                        // [Server] / [InnoDB] / [Repl] …
                        if (pos < first.length() && first.charAt(pos) == '[') {
                            int subEnd = first.indexOf(']', pos);
                            int space = first.indexOf(' ', pos);
                            if (subEnd > pos + 1 && (space < 0 || space > subEnd)) {
                                pos = skipBlank(first, subEnd + 1);
                            }
                        }
                    }
                }
            }
        }
        String message = MysqlText.stripTrailing(first.substring(pos)
                + (lineEnd < 0 ? "" : entry.substring(lineEnd)));
        long millis = time.millis();
        DatabaseEventKind kind;
        int crashAt = crashLine(entry);
        if (crashAt >= 0) {
            kind = DatabaseEventKind.CRASH;
            String crashLine = entry.substring(crashAt);
            millis = crashMillis(millis, crashTimeOfDay(crashLine));
            message = MysqlText.stripTrailing(crashLine);
        } else if (isGeneralLog(message)) {
            kind = message.contains("Access denied for user") ? DatabaseEventKind.CONNECTION_ERROR
                    : DatabaseEventKind.OTHER;
        } else {
            kind = classify(message);
        }
        DatabaseEvent event = new DatabaseEvent();
        event.setKind(kind);
        event.setServer(context.host());
        event.setErrorCode(code != null ? code : lineCode(message, kind));
        if (kind == DatabaseEventKind.ABORTED_CONNECTION) {
            event.setUser(MysqlText.quotedAfter(message, "user: "));
            event.setDatabase(MysqlText.quotedAfter(message, "db: "));
        } else if (kind == DatabaseEventKind.CONNECTION_ERROR) {
            event.setUser(MysqlText.quotedAfter(message, "for user "));
        }
        event.setMessage(MysqlText.truncate(message));
        return ParseResult.event(millis, context.site(), event);
    }

    static DatabaseEventKind classify(String m) {
        if (m.contains("Too many connections")) {
            return DatabaseEventKind.TOO_MANY_CONNECTIONS;
        }
        if (m.contains("Lock wait timeout exceeded")) {
            return DatabaseEventKind.LOCK_WAIT_TIMEOUT;
        }
        if (m.contains("Deadlock") || m.contains("deadlock") || m.contains("DEADLOCK")) {
            return DatabaseEventKind.DEADLOCK;
        }
        if (m.contains("Aborted connection") || m.contains("Aborted connecting")) {
            return DatabaseEventKind.ABORTED_CONNECTION;
        }
        if (m.contains("server has gone away")) {
            return DatabaseEventKind.SERVER_GONE_AWAY;
        }
        if (m.contains("Access denied for user") || m.contains("is blocked because of many connection errors")
                || m.contains("is not allowed to connect to this")) {
            return DatabaseEventKind.CONNECTION_ERROR;
        }
        if (m.contains("ready for connections") && !m.startsWith("X Plugin ready for connections")) {
            return DatabaseEventKind.STARTUP;
        }
        if ((m.contains("Shutdown complete") && !m.contains("Shutdown completed")) || m.contains("Normal shutdown")
                || m.contains("Received SHUTDOWN") || (m.startsWith("mysqld_safe") && m.endsWith(" ended"))) {
            return DatabaseEventKind.SHUTDOWN;
        }
        if (m.contains("mysqld got signal") || m.contains("mysqld got exception") || m.contains("Assertion failure")
                || m.contains("Failing assertion") || m.contains("mysqld restarted")
                || (m.contains("crashed") && !m.contains("marked as crashed"))) {
            // "Table … is marked as crashed and should be repaired" is a damaged MyISAM table, not a server crash.
            return DatabaseEventKind.CRASH;
        }
        return DatabaseEventKind.OTHER;
    }

    /** An error number the message states, else the MySQL error number of the kind. */
    private static Integer lineCode(String message, DatabaseEventKind kind) {
        Integer stated = statedCode(message);
        if (stated != null) {
            return stated;
        }
        return switch (kind) {
            case TOO_MANY_CONNECTIONS -> 1040;
            case LOCK_WAIT_TIMEOUT -> 1205;
            case DEADLOCK -> message.contains("Deadlock found") ? 1213 : null;
            case SERVER_GONE_AWAY -> 2006;
            case CONNECTION_ERROR -> message.contains("Access denied for user") ? 1045
                    : message.contains("is blocked because") ? 1129 : message.contains("is not allowed") ? 1130 : null;
            default -> null;
        };
    }

    /** "Error_code: 1205" (replication) or a leading "ERROR 1064" / "ERROR: 1064". */
    private static Integer statedCode(String message) {
        int at = message.indexOf("Error_code: ");
        if (at >= 0) {
            return digitsAt(message, at + "Error_code: ".length());
        }
        if (message.startsWith("ERROR: ")) {
            return digitsAt(message, 7);
        }
        if (message.startsWith("ERROR ")) {
            return digitsAt(message, 6);
        }
        return null;
    }

    private static Integer digitsAt(String s, int from) {
        int end = from;
        while (end < s.length() && end - from < 9 && MysqlTime.isDigit(s.charAt(end))) {
            end++;
        }
        return end == from ? null : MysqlText.smallWhole(s.substring(from, end));
    }

    private static boolean isGeneralLog(String message) {
        // "Query\tSELECT …" or "Query     SELECT …"; a server message has one space after its first word.
        for (String command : GENERAL_LOG_COMMANDS) {
            if (message.startsWith(command)
                    && (message.startsWith("\t", command.length()) || message.startsWith("  ", command.length()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWord(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isThreadId(String s, int from, int to) {
        boolean digitsOnly = true;
        boolean anyDigit = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (MysqlTime.isDigit(c)) {
                anyDigit = true;
            } else if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                digitsOnly = false;
            } else {
                return false;
            }
        }
        // A hex pthread id ("7f0c1b7fe700") is long and has digits; short words such as "added" are not ids.
        return digitsOnly || (anyDigit && to - from >= 8);
    }

    /** Start of a continuation line "HH:MM:SS UTC - mysqld got signal …", or -1. */
    private static int crashLine(String entry) {
        int nl = entry.indexOf('\n');
        while (nl >= 0) {
            int start = nl + 1;
            if (crashTimeOfDay(entry.substring(start, Math.min(entry.length(), start + 16))) >= 0) {
                return start;
            }
            nl = entry.indexOf('\n', start);
        }
        return -1;
    }

    /** Seconds of the day of "HH:MM:SS UTC - …", or -1. */
    private static int crashTimeOfDay(String line) {
        if (line.length() < 15 || !line.startsWith(" UTC - ", 8) || line.charAt(2) != ':' || line.charAt(5) != ':'
                || !MysqlTime.isDigits(line, 0, 2) || !MysqlTime.isDigits(line, 3, 2) || !MysqlTime.isDigits(line, 6, 2)) {
            return -1;
        }
        int h = (line.charAt(0) - '0') * 10 + line.charAt(1) - '0';
        int m = (line.charAt(3) - '0') * 10 + line.charAt(4) - '0';
        int s = (line.charAt(6) - '0') * 10 + line.charAt(7) - '0';
        return h > 23 || m > 59 || s > 59 ? -1 : h * 3600 + m * 60 + s;
    }

    /** The crash's UTC time of day on the day of the entry it follows (the next day if that is earlier). */
    private static long crashMillis(long entryMillis, int secondOfDay) {
        LocalDate day = Instant.ofEpochMilli(entryMillis).atOffset(ZoneOffset.UTC).toLocalDate();
        long crash = (day.toEpochDay() * 86_400L + secondOfDay) * 1000L;
        if (crash < entryMillis - 1000L) {
            crash += 86_400_000L;
        }
        return crash;
    }

    private static int skipBlank(String s, int from) {
        int pos = from;
        while (pos < s.length() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t')) {
            pos++;
        }
        return pos;
    }

    private static int tokenEnd(String s, int from) {
        int pos = from;
        while (pos < s.length() && s.charAt(pos) != ' ' && s.charAt(pos) != '\t') {
            pos++;
        }
        return pos;
    }
}
