package io.gatewatch.parse.mysql;

import io.gatewatch.avro.DatabaseEvent;
import io.gatewatch.avro.DatabaseEventKind;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;
import java.util.ArrayList;
import java.util.List;

/**
 * MySQL (5.5–8.0), MariaDB (10.x) and Percona Server slow query log. One entry spans several lines:
 *
 * <pre>
 * # Time: 2018-08-07T16:27:47.169604+08:00          (optional; 5.5/MariaDB write it once per second)
 * # User@Host: appuser[appuser] @ apphost [1.1.1.1]  Id: 10997316
 * # Thread_id: 8  Schema: shop  QC_hit: No           (MariaDB; Percona writes "# Schema: … Last_errno: …")
 * # Query_time: 4.071491  Lock_time: 0.000212 Rows_sent: 1000  Rows_examined: 1489615
 * # Rows_affected: 0  Bytes_sent: 319 …               (any number of further "# Key: value" lines, "# explain: …")
 * use shop;
 * SET timestamp=1533630467;
 * SELECT …                                          (the query, possibly over several lines)
 * </pre>
 *
 * <p><b>Framing.</b> {@link #startsEntry} says an entry begins at {@code # User@Host:} (and at a server
 * start banner), as Filebeat's and the Ops Agent's MySQL modules frame it. A {@code # Time:} line does
 * not begin an entry: it follows the previous entry's query and is ignored there, because every entry
 * carries its own {@code SET timestamp=}. Entries framed the other way (beginning at {@code # Time:},
 * as {@code gatewatch replay} frames them) parse the same.
 *
 * <p><b>Time.</b> The query start from {@code SET timestamp=} (what MySQL always writes, and what Beats
 * uses), else a leading {@code # Time:} header (zone-less 5.5/MariaDB values in the context's zone),
 * else 8.0's {@code Start:}. Using the same field whichever way the entry was framed keeps event times
 * stable.
 *
 * <p>A start banner ({@code /usr/sbin/mysqld, Version: … started with:} / {@code Tcp port: …} /
 * {@code Time Id Command Argument}) becomes a {@code STARTUP} event when its entry carries a time (the
 * following {@code # Time:} header); the banner itself has none, so a banner alone is rejected as
 * {@code INCOMPLETE_MULTILINE}.
 */
public final class MysqlSlowParser implements LineParser {

    public static final String FORMAT = "mysql-slow";

    private static final String TIME = "# Time:";
    private static final String USER_HOST = "# User@Host:";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public boolean startsEntry(String line) {
        return line.startsWith(USER_HOST) || isBannerStart(line);
    }

    /**
     * A slow-log query may span any number of lines; the slow log ends each statement with ';'. An
     * entry arriving line by line stays open until a statement line (not {@code SET timestamp=} or
     * {@code use}) ends with ';', the next entry starts, or the reassembly flush timeout passes.
     */
    @Override
    public boolean mayContinue(String entry) {
        for (String line : entry.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("SET timestamp=") || t.startsWith("use ")
                    || t.startsWith("/") || t.startsWith("Tcp port:") || t.startsWith("Time ")) {
                continue;
            }
            if (t.endsWith(";")) {
                return false;
            }
        }
        return true;
    }

    /** A lone {@code # Time:} header (the first line of a rotated log) belongs to the entry after it. */
    @Override
    public boolean isPreamble(String entry) {
        for (String line : entry.split("\n")) {
            if (!line.isBlank() && !line.startsWith(TIME)) {
                return false;
            }
        }
        return !entry.isBlank();
    }

    /**
     * Also a start banner without a time when another banner follows: MariaDB's install step runs the
     * server once (port 0) and writes a banner with no {@code # Time:} after it, right before the real
     * start's banner. The two become one STARTUP event at the second one's time. A time-less banner
     * before a query entry stays alone (joined, the query would be lost inside a STARTUP event).
     */
    @Override
    public boolean joinsNext(String entry, String nextLine) {
        if (isPreamble(entry)) {
            return true;
        }
        if (!isBannerStart(nextLine)) {
            return false;
        }
        for (String line : entry.split("\n")) {
            if (!line.isBlank() && !isBannerLine(line)) {
                return false;
            }
        }
        return !entry.isBlank();
    }

    @Override
    public ParseResult parse(String entry, ParseContext context) {
        List<String> lines = lines(entry);
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            return ParseResult.reject(DeadLetterReason.EMPTY, "empty mysql-slow entry");
        }
        if (isBannerLine(lines.get(first))) {
            return banner(lines, first, context);
        }
        Entry e = new Entry();
        boolean inQuery = false;
        boolean afterSet = false;
        List<String> query = new ArrayList<>();
        for (int i = first; i < lines.size(); i++) {
            String line = lines.get(i);
            if (inQuery) {
                if (isBannerStart(line)) {
                    // A restart banner glued to this entry by a reader that does not frame at banners.
                    break;
                }
                query.add(line);
                continue;
            }
            if (line.startsWith(TIME)) {
                if (e.headerTime == null && !e.recognized()) {
                    MysqlTime t = MysqlTime.scan(line, skipSpaces(line, TIME.length()), context.zone());
                    e.headerTime = t == null ? null : t.millis();
                    e.sawTimeHeader = true;
                }
                continue;
            }
            if (line.startsWith("#") && !afterSet) {
                header(line, e);
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            if (!afterSet && isUse(line)) {
                e.useDatabase = useDatabase(line);
                continue;
            }
            if (!afterSet && isSetTimestamp(line)) {
                e.setTimestamp = setTimestamp(line);
                afterSet = true;
                continue;
            }
            inQuery = true;
            query.add(line);
        }
        // The next entry's "# Time:" header (and blank lines) may trail the query.
        int end = query.size();
        while (end > 0 && (query.get(end - 1).isBlank() || query.get(end - 1).startsWith(TIME))) {
            end--;
        }
        String queryText = String.join("\n", query.subList(0, end));

        if (!e.recognized()) {
            if (e.sawTimeHeader && queryText.isEmpty() && e.setTimestamp == null) {
                return ParseResult.reject(DeadLetterReason.INCOMPLETE_MULTILINE,
                        "only a '# Time:' header: the slow-log entry it introduces is not in this record"
                                + " (entries begin at '# User@Host:')");
            }
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "not a MySQL slow-log entry: no '# User@Host:' or '# Query_time:' header");
        }
        Long time = e.setTimestamp != null ? e.setTimestamp : e.headerTime != null ? e.headerTime : e.startTime;
        if (time == null) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "slow-log entry without a time: no 'SET timestamp=', no readable '# Time:' header");
        }
        DatabaseEvent event = new DatabaseEvent();
        event.setKind(DatabaseEventKind.SLOW_QUERY);
        event.setServer(context.host());
        event.setQueryTimeSec(e.queryTime);
        event.setLockTimeSec(e.lockTime);
        event.setRowsSent(e.rowsSent);
        event.setRowsExamined(e.rowsExamined);
        event.setUser(e.user);
        event.setDatabase(e.schema != null ? e.schema : e.useDatabase);
        event.setErrorCode(e.errno);
        event.setMessage(MysqlText.truncate(queryText));
        return ParseResult.event(time, context.site(), event);
    }

    /** What the header lines of one entry said. */
    private static final class Entry {
        Long headerTime;
        boolean sawTimeHeader;
        Long setTimestamp;
        Long startTime;
        boolean sawUserHost;
        boolean sawQueryTime;
        Double queryTime;
        Double lockTime;
        Long rowsSent;
        Long rowsExamined;
        String user;
        String schema;
        String useDatabase;
        Integer errno;

        boolean recognized() {
            return sawUserHost || sawQueryTime;
        }
    }

    private static void header(String line, Entry e) {
        if (line.startsWith(USER_HOST)) {
            e.sawUserHost = true;
            e.user = user(line.substring(USER_HOST.length()));
            return;
        }
        if (line.startsWith("# explain:")) {
            return;
        }
        // "# Key: value  Key: value …"; a key may have an empty value ("Schema:   QC_hit: No").
        int n = line.length();
        int pos = 1;
        while (pos < n) {
            while (pos < n && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            int tokenEnd = pos;
            while (tokenEnd < n && !Character.isWhitespace(line.charAt(tokenEnd))) {
                tokenEnd++;
            }
            if (tokenEnd == pos) {
                break;
            }
            if (line.charAt(tokenEnd - 1) != ':' || tokenEnd - pos < 2) {
                pos = tokenEnd;
                continue;
            }
            String key = line.substring(pos, tokenEnd - 1);
            int valueStart = tokenEnd;
            while (valueStart < n && Character.isWhitespace(line.charAt(valueStart))) {
                valueStart++;
            }
            int valueEnd = valueStart;
            while (valueEnd < n && !Character.isWhitespace(line.charAt(valueEnd))) {
                valueEnd++;
            }
            String value = line.substring(valueStart, valueEnd);
            if (value.endsWith(":")) {
                // The next key: this one has no value.
                value = "";
                valueEnd = valueStart;
            }
            assign(key, value, e);
            pos = valueEnd;
        }
    }

    private static void assign(String key, String value, Entry e) {
        switch (key) {
            case "Query_time" -> {
                e.sawQueryTime = true;
                e.queryTime = MysqlText.decimal(value);
            }
            case "Lock_time" -> e.lockTime = MysqlText.decimal(value);
            case "Rows_sent" -> e.rowsSent = MysqlText.whole(value);
            case "Rows_examined" -> e.rowsExamined = MysqlText.whole(value);
            case "Schema" -> e.schema = MysqlText.emptyToNull(value);
            case "Last_errno", "Errno" -> {
                Integer code = MysqlText.smallWhole(value);
                if (code != null && code != 0) {
                    e.errno = code;
                }
            }
            case "Start" -> {
                MysqlTime t = MysqlTime.scan(value, 0, java.time.ZoneOffset.UTC);
                if (t != null && t.end() == value.length()) {
                    e.startTime = t.millis();
                }
            }
            default -> {
                // Thread_id, Id, QC_hit, Bytes_sent, Tmp_*, Full_scan, InnoDB_* … are not signals here.
            }
        }
    }

    /** {@code priv_user[user] @ host [ip]  Id: N}: the account (priv_user), else the login name. */
    static String user(String rest) {
        String s = rest.strip();
        int at = s.startsWith("@") ? 0 : s.indexOf(" @");
        int open = s.indexOf('[');
        if (open >= 0 && (at < 0 || open < at)) {
            String priv = s.substring(0, open).strip();
            if (!priv.isEmpty()) {
                return priv;
            }
            int close = s.indexOf(']', open + 1);
            return close < 0 ? null : MysqlText.emptyToNull(s.substring(open + 1, close).strip());
        }
        return MysqlText.emptyToNull(at < 0 ? s : s.substring(0, at).strip());
    }

    private static boolean isUse(String line) {
        if (line.length() < 6 || !line.regionMatches(true, 0, "use ", 0, 4) || !line.stripTrailing().endsWith(";")) {
            return false;
        }
        // One name: "use shop;" or a quoted "use `my shop`;".
        return line.charAt(4) == '`' || line.stripTrailing().indexOf(' ', 4) < 0;
    }

    private static String useDatabase(String line) {
        String name = line.substring(4).strip();
        name = name.substring(0, name.length() - 1).strip();
        if (name.length() >= 2 && name.startsWith("`") && name.endsWith("`")) {
            name = name.substring(1, name.length() - 1).replace("``", "`");
        }
        return MysqlText.emptyToNull(name);
    }

    /** {@code SET timestamp=N;} or {@code SET last_insert_id=…,insert_id=…,timestamp=N;}. */
    private static boolean isSetTimestamp(String line) {
        return line.startsWith("SET ") && line.contains("timestamp=") && line.stripTrailing().endsWith(";");
    }

    private static Long setTimestamp(String line) {
        int at = line.indexOf("timestamp=") + "timestamp=".length();
        int end = at;
        while (end < line.length() && MysqlTime.isDigit(line.charAt(end))) {
            end++;
        }
        Long seconds = end - at > 12 ? null : MysqlText.whole(line.substring(at, end));
        long millis = 0;
        if (seconds != null && end < line.length() && line.charAt(end) == '.') {
            int scale = 100;
            for (int i = end + 1; i < line.length() && MysqlTime.isDigit(line.charAt(i)) && scale > 0; i++) {
                millis += (line.charAt(i) - '0') * scale;
                scale /= 10;
            }
        }
        return seconds == null ? null : seconds * 1000L + millis;
    }

    private ParseResult banner(List<String> lines, int first, ParseContext context) {
        List<String> text = new ArrayList<>();
        Long time = null;
        for (int i = first; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isBannerLine(line)) {
                text.add(line.strip());
            } else if (time == null && line.startsWith(TIME)) {
                MysqlTime t = MysqlTime.scan(line, skipSpaces(line, TIME.length()), context.zone());
                time = t == null ? null : t.millis();
            } else if (time == null && isSetTimestamp(line)) {
                time = setTimestamp(line);
            }
        }
        if (time == null) {
            return ParseResult.reject(DeadLetterReason.INCOMPLETE_MULTILINE,
                    "mysqld start banner without a time: the banner has none of its own and no '# Time:' header"
                            + " follows it in this record");
        }
        DatabaseEvent event = new DatabaseEvent();
        event.setKind(DatabaseEventKind.STARTUP);
        event.setServer(context.host());
        event.setMessage(MysqlText.truncate(String.join("\n", text)));
        return ParseResult.event(time, context.site(), event);
    }

    /** {@code /usr/sbin/mysqld, Version: 8.0.15 (MySQL Community Server - GPL). started with:}. */
    private static boolean isBannerStart(String line) {
        int v = line.indexOf(", Version: ");
        return v > 0 && line.indexOf("started with:", v) > 0;
    }

    private static boolean isBannerLine(String line) {
        if (isBannerStart(line) || line.startsWith("Tcp port: ")) {
            return true;
        }
        // "Time                 Id Command    Argument" (spaces or tabs between the words)
        if (!line.startsWith("Time")) {
            return false;
        }
        String[] words = line.trim().split("\\s+");
        return words.length == 4 && words[1].equals("Id") && words[2].equals("Command") && words[3].equals("Argument");
    }

    private static int skipSpaces(String s, int from) {
        int pos = from;
        while (pos < s.length() && s.charAt(pos) == ' ') {
            pos++;
        }
        return pos;
    }

    static List<String> lines(String entry) {
        List<String> out = new ArrayList<>();
        int start = 0;
        int n = entry.length();
        while (start <= n) {
            int nl = entry.indexOf('\n', start);
            int end = nl < 0 ? n : nl;
            int e = end > start && entry.charAt(end - 1) == '\r' ? end - 1 : end;
            out.add(entry.substring(start, e));
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        return out;
    }
}
