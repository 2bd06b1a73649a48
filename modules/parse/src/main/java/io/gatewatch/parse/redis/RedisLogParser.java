package io.gatewatch.parse.redis;

import io.gatewatch.avro.CacheEvent;
import io.gatewatch.avro.CacheEventKind;
import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.MoreTimestamps;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;

/**
 * Redis server log (Redis 5 and later): {@code 12345:M 25 Nov 2026 09:11:54.123 * Ready to accept connections}.
 * The role is {@code M} (master), {@code S} (replica), {@code C} (a child writing RDB/AOF) or
 * {@code X} (sentinel); the level {@code .} debug, {@code -} verbose, {@code *} notice, {@code #} warning.
 * Times carry no zone: the context's zone applies. Lines its signal handler writes
 * ({@code 1:signal-handler (1795597914) Received SIGTERM scheduling shutdown...}) carry Unix seconds.
 *
 * <p>Redis 2.x ({@code [12345] 25 Nov 09:11:54.123 * …}) and 3.x/4.x ({@code 12345:M 25 Nov 09:11:54.123 * …})
 * wrote no year. Guessing it from the machine's clock would misdate replays and year-end lines, so
 * those lines are rejected with a reason that says so.
 */
public final class RedisLogParser implements LineParser {

    public static final String FORMAT = "redis";

    @Override
    public String format() {
        return FORMAT;
    }

    /** {@code pid:R dd Mon}, {@code [pid] dd Mon} or {@code pid:signal-handler (}: a line Redis wrote with its prefix. */
    @Override
    public boolean startsEntry(String line) {
        return prefixEnd(line) > 0 || signalHandlerEnd(line) > 0;
    }

    private static final String SIGNAL_HANDLER = ":signal-handler (";

    /**
     * Redis 6+ logs from its signal handler as {@code 1:signal-handler (1795597914) Received SIGTERM …}: the
     * time is Unix seconds. Returns the index of the seconds, or -1.
     */
    private static int signalHandlerEnd(String s) {
        int i = 0;
        while (i < s.length() && i < 10 && Character.isDigit(s.charAt(i))) {
            i++;
        }
        return i > 0 && s.startsWith(SIGNAL_HANDLER, i) ? i + SIGNAL_HANDLER.length() : -1;
    }

    private static ParseResult fromSignalHandler(String entry, int at, ParseContext context) {
        int close = entry.indexOf(") ", at);
        long seconds = 0;
        for (int i = at; i < close; i++) {
            char c = entry.charAt(i);
            if (c < '0' || c > '9' || i - at > 11) {
                close = -1;
                break;
            }
            seconds = seconds * 10 + (c - '0');
        }
        if (close <= at) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "signal-handler line without '(unix seconds) '");
        }
        String message = entry.substring(close + 2).stripTrailing();
        CacheEvent event = new CacheEvent();
        event.setKind(classify(message));
        event.setCache(context.host());
        event.setMessage(message);
        return ParseResult.event(seconds * 1000L, context.site(), event);
    }

    @Override
    public ParseResult parse(String untrimmed, ParseContext context) {
        if (untrimmed.isBlank()) {
            return ParseResult.reject(DeadLetterReason.EMPTY, "blank line");
        }
        String entry = untrimmed.stripTrailing();
        int handler = signalHandlerEnd(entry);
        if (handler > 0) {
            return fromSignalHandler(entry, handler, context);
        }
        int dateAt = prefixEnd(entry);
        if (dateAt < 0) {
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "not a Redis log line: expected 'pid:role dd Mon yyyy HH:mm:ss.mmm level message'"
                            + " (raw output such as the start-up logo carries no prefix)");
        }
        int dateEnd = MoreTimestamps.redisDateEnd(entry, dateAt);
        if (dateEnd < 0) {
            if (entry.charAt(0) == '[' || yearless(entry, dateAt)) {
                return ParseResult.reject(DeadLetterReason.MALFORMED,
                        "Redis 2.x-4.x log lines carry no year ('dd Mon HH:mm:ss'); their time cannot be placed");
            }
            return ParseResult.reject(DeadLetterReason.MALFORMED, "invalid timestamp after the pid:role prefix");
        }
        long time = MoreTimestamps.redisDate(entry, dateAt, dateEnd, context.zone());
        if (time == MoreTimestamps.INVALID) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "invalid timestamp '" + entry.substring(dateAt, dateEnd) + "'");
        }
        if (dateEnd + 3 > entry.length() || entry.charAt(dateEnd) != ' ' || entry.charAt(dateEnd + 2) != ' '
                || ".-*#".indexOf(entry.charAt(dateEnd + 1)) < 0) {
            return ParseResult.reject(DeadLetterReason.MALFORMED, "no level character (. - * #) after the time");
        }
        String message = entry.substring(dateEnd + 3).stripTrailing();
        CacheEvent event = new CacheEvent();
        event.setKind(classify(message));
        event.setCache(context.host());
        event.setMessage(message);
        return ParseResult.event(time, context.site(), event);
    }

    /** Index of the date after {@code pid:R } or {@code [pid] }, or -1. */
    private static int prefixEnd(String s) {
        int n = s.length();
        int i = 0;
        boolean bracket = n > 0 && s.charAt(0) == '[';
        if (bracket) {
            i = 1;
        }
        int digitsStart = i;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - digitsStart < 10) {
            i++;
        }
        if (i == digitsStart || i + 3 > n) {
            return -1;
        }
        if (bracket) {
            if (s.charAt(i) != ']' || s.charAt(i + 1) != ' ') {
                return -1;
            }
            i += 2;
        } else {
            if (s.charAt(i) != ':' || "MSCX".indexOf(s.charAt(i + 1)) < 0 || i + 2 >= n || s.charAt(i + 2) != ' ') {
                return -1;
            }
            i += 3;
        }
        // dd Mon
        if (i + 6 > n || !Character.isDigit(s.charAt(i)) || !Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 2) != ' '
                || !Character.isUpperCase(s.charAt(i + 3))) {
            return -1;
        }
        return i;
    }

    /** {@code dd Mon HH:mm:ss}: a time right after the month. */
    private static boolean yearless(String s, int at) {
        return s.length() > at + 9 && s.charAt(at + 6) == ' ' && s.charAt(at + 9) == ':';
    }

    static CacheEventKind classify(String m) {
        if (m.startsWith("Ready to accept connections") || m.startsWith("The server is now ready to accept connections")) {
            return CacheEventKind.STARTED;
        }
        if (m.startsWith("User requested shutdown") || m.contains("scheduling shutdown")
                || m.startsWith("Received shutdown signal")
                || m.startsWith("Redis is now ready to exit") || m.contains("crashed by signal")
                || m.startsWith("=== ASSERTION FAILED ===") || m.startsWith("Guru Meditation")) {
            // A crash ends the server as surely as a shutdown; the schema has no separate kind for it.
            return CacheEventKind.SHUTDOWN;
        }
        if (m.startsWith("Background saving error") || m.startsWith("Background saving terminated by signal")
                || m.startsWith("Can't save in background") || m.startsWith("Failed opening the temp RDB file")
                || m.startsWith("Failed opening the RDB file") || m.startsWith("Write error saving DB on disk")
                || m.startsWith("Error trying to save the DB") || m.startsWith("Error writing to the AOF file")
                || m.startsWith("MISCONF")) {
            // Redis refuses writes (stop-writes-on-bgsave-error) until a save succeeds again.
            return CacheEventKind.BGSAVE_FAILED;
        }
        if (m.startsWith("OOM") || m.contains("Out Of Memory") || m.startsWith("Out of memory")) {
            return CacheEventKind.OOM;
        }
        if (m.startsWith("Loading RDB") || m.startsWith("DB loaded from") || m.startsWith("Done loading RDB")
                || m.startsWith("Reading RDB") || m.startsWith("Loading the") || m.startsWith("Loading AOF")
                || m.startsWith("MASTER <-> REPLICA sync: Loading DB in memory")) {
            return CacheEventKind.LOADING;
        }
        return CacheEventKind.OTHER;
    }
}
