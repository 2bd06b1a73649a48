package io.gatewatch.parse.php;

import io.gatewatch.avro.DeadLetterReason;
import io.gatewatch.avro.FpmEvent;
import io.gatewatch.avro.FpmEventKind;
import io.gatewatch.parse.LineParser;
import io.gatewatch.parse.MoreTimestamps;
import io.gatewatch.parse.ParseContext;
import io.gatewatch.parse.ParseResult;

/**
 * PHP-FPM master log ({@code error_log} in php-fpm.conf):
 * {@code [25-Nov-2026 09:11:54] WARNING: [pool www] child 22555 exited on signal 9 (SIGKILL) after 12.3 seconds from start}.
 * The time may carry microseconds ({@code log_level = debug}), in which case the message may also start
 * with {@code pid N, function(), line N: }. Times carry no zone: the context's zone applies. A line a
 * container runtime prefixed with its own RFC 3339 time is read without that prefix, and that time
 * (which names its zone) is the event time.
 *
 * <p>A slowlog entry shipped under this format ({@code [date]  [pool NAME] pid N} and its stack) is
 * read as the slowlog parser reads it, so that a single FPM log source may carry both.
 */
public final class PhpFpmParser implements LineParser {

    public static final String FORMAT = "php-fpm";

    private final PhpFpmSlowlogParser slowlog = new PhpFpmSlowlogParser();

    @Override
    public String format() {
        return FORMAT;
    }

    /** {@code [date] LEVEL: } or a slowlog header. */
    @Override
    public boolean startsEntry(String line) {
        int at = MoreTimestamps.dockerPrefixEnd(line);
        int end = bracketEnd(line, at);
        if (end < 0) {
            return false;
        }
        return levelEnd(line, end + 2) > 0 || PhpFpmSlowlogParser.headerEnd(line, at) > 0;
    }

    /** Only slowlog entries span lines. */
    @Override
    public boolean mayContinue(String entry) {
        return PhpFpmSlowlogParser.headerEnd(entry, MoreTimestamps.dockerPrefixEnd(entry)) > 0
                && slowlog.mayContinue(entry);
    }

    @Override
    public ParseResult parse(String untrimmed, ParseContext context) {
        if (untrimmed.isBlank()) {
            return ParseResult.reject(DeadLetterReason.EMPTY, "blank line");
        }
        String lead = untrimmed.stripLeading();
        if (PhpFpmSlowlogParser.headerEnd(lead, MoreTimestamps.dockerPrefixEnd(lead)) > 0) {
            // A slowlog dump; its trailing blank line is the slowlog's own entry separator.
            return slowlog.parse(untrimmed, context);
        }
        String entry = untrimmed.stripTrailing();
        int at = MoreTimestamps.dockerPrefixEnd(entry);
        int end = bracketEnd(entry, at);
        if (end < 0) {
            if (looksLikeFpmAccessLog(entry)) {
                return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                        "a PHP-FPM access-log line (access.log/access.format); Gatewatch reads the nginx access log instead");
            }
            return ParseResult.reject(DeadLetterReason.UNRECOGNIZED,
                    "not a PHP-FPM log line: expected '[dd-Mon-yyyy HH:mm:ss] LEVEL: ' at the start");
        }
        int dateEnd = MoreTimestamps.phpDateEnd(entry, at + 1);
        long time = MoreTimestamps.phpDate(entry, at + 1, dateEnd, context.zone());
        if (time == MoreTimestamps.INVALID) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "invalid timestamp '" + entry.substring(at + 1, dateEnd) + "'");
        }
        time = runtimeTime(entry, at, time);
        int levelStart = end + 2;
        int levelEnd = levelEnd(entry, levelStart);
        if (levelEnd < 0) {
            return ParseResult.reject(DeadLetterReason.MALFORMED,
                    "no 'LEVEL: ' (NOTICE, WARNING, ERROR, ALERT, DEBUG) after the time");
        }
        FpmEvent event = new FpmEvent();
        event.setLevel(entry.substring(levelStart, levelEnd));
        int pos = levelEnd + 2;
        pos = skipDebugPrefix(entry, pos);
        String message = entry.substring(pos).stripTrailing();
        event.setMessage(message);
        classify(message, event);
        return ParseResult.event(time, context.site(), event);
    }

    /**
     * The time a container runtime put before the line ({@code 2024-04-10T14:39:26.708084488Z }), which
     * names its zone, in preference to the zone-less one the program wrote; {@code time} without one.
     */
    static long runtimeTime(String entry, int prefixEnd, long time) {
        if (prefixEnd == 0) {
            return time;
        }
        long t = MoreTimestamps.isoAt(entry, 0, prefixEnd - 1, java.time.ZoneOffset.UTC);
        return t == MoreTimestamps.INVALID ? time : t;
    }

    /** The index of ']' closing {@code [date]} at {@code at} when a space follows it; -1 otherwise. */
    private static int bracketEnd(String s, int at) {
        if (s.length() <= at + 23 || s.charAt(at) != '[') {
            return -1;
        }
        int end = MoreTimestamps.phpDateEnd(s, at + 1);
        if (end < 0 || end + 1 >= s.length() || s.charAt(end) != ']' || s.charAt(end + 1) != ' ') {
            return -1;
        }
        return end;
    }

    /** End of an upper-case level word followed by ": " at {@code from}, or -1. */
    private static int levelEnd(String s, int from) {
        int i = from;
        while (i < s.length() && i - from <= 8 && s.charAt(i) >= 'A' && s.charAt(i) <= 'Z') {
            i++;
        }
        return i - from >= 4 && s.startsWith(": ", i) ? i : -1;
    }

    /** {@code pid 23055, fpm_children_bury(), line 252: } written when FPM logs at debug level. */
    private static int skipDebugPrefix(String s, int pos) {
        if (!s.startsWith("pid ", pos)) {
            return pos;
        }
        int line = s.indexOf("(), line ", pos);
        if (line < 0 || line - pos > 80) {
            return pos;
        }
        int colon = s.indexOf(": ", line);
        return colon > 0 && colon - line < 20 ? colon + 2 : pos;
    }

    private static boolean looksLikeFpmAccessLog(String s) {
        // %R - %u %t "%m %r" %s  →  127.0.0.1 -  25/Nov/2026:09:11:10 +0000 "GET /index.php" 200
        int slash = s.indexOf('/');
        return slash > 4 && s.indexOf(" \"") > slash && s.charAt(slash + 4) == '/' && s.contains(" -  ");
    }

    /** Kind and fields from the message text (after the level). */
    static void classify(String message, FpmEvent event) {
        String rest = message;
        if (rest.startsWith("[pool ")) {
            int close = rest.indexOf("] ");
            if (close > 6) {
                event.setPool(rest.substring(6, close));
                rest = rest.substring(close + 2);
            } else if (rest.endsWith("]")) {
                event.setPool(rest.substring(6, rest.length() - 1));
                rest = "";
            }
        }
        event.setKind(FpmEventKind.OTHER);
        if (rest.startsWith("child ")) {
            classifyChild(rest, event);
        } else if (rest.startsWith("server reached ")) {
            int open = rest.indexOf("max_children setting (");
            if (open >= 0) {
                event.setKind(FpmEventKind.MAX_CHILDREN_REACHED);
                event.setMaxChildren(number(rest, open + "max_children setting (".length()));
            }
        } else if (rest.startsWith("seems busy")) {
            event.setKind(FpmEventKind.SEEMS_BUSY);
        } else if (rest.startsWith("The maximum number of processes has been reached")) {
            // process.max, the limit across all pools: saturation as much as pm.max_children is.
            event.setKind(FpmEventKind.MAX_CHILDREN_REACHED);
        } else if (rest.startsWith("exiting, bye-bye") || rest.startsWith("Terminating ...")
                || rest.startsWith("Finishing ...") || rest.startsWith("FPM initialization failed")) {
            // The master announces it is going down (SIGTERM: Terminating, SIGQUIT: Finishing) or
            // failed to come up; either way the pool stops answering.
            event.setKind(FpmEventKind.EXITING);
        } else if (rest.startsWith("fpm is running, pid ")) {
            event.setKind(FpmEventKind.STARTED);
        } else if (rest.startsWith("ready to handle connections")) {
            event.setKind(FpmEventKind.READY);
        } else if (rest.startsWith("about to trace ")) {
            event.setChildPid(number(rest, "about to trace ".length()));
        } else if (rest.startsWith("finished trace of ")) {
            event.setChildPid(number(rest, "finished trace of ".length()));
        }
    }

    private static void classifyChild(String rest, FpmEvent event) {
        int pidStart = "child ".length();
        Integer pid = number(rest, pidStart);
        if (pid == null) {
            return;
        }
        event.setChildPid(pid);
        int pos = pidStart;
        while (pos < rest.length() && Character.isDigit(rest.charAt(pos))) {
            pos++;
        }
        if (rest.startsWith(" exited on signal ", pos)) {
            int sig = pos + " exited on signal ".length();
            event.setKind(FpmEventKind.CHILD_EXITED_SIGNAL);
            event.setSignal(number(rest, sig));
            int open = rest.indexOf(" (", sig);
            if (open > 0) {
                int nameEnd = open + 2;
                while (nameEnd < rest.length() && (Character.isLetterOrDigit(rest.charAt(nameEnd)))) {
                    nameEnd++;
                }
                if (nameEnd > open + 2) {
                    event.setSignalName(rest.substring(open + 2, nameEnd));
                }
            }
        } else if (rest.startsWith(" exited with code ", pos)) {
            event.setKind(FpmEventKind.CHILD_EXITED_CODE);
            event.setExitCode(number(rest, pos + " exited with code ".length()));
        } else if (rest.startsWith(" started", pos)) {
            event.setKind(FpmEventKind.CHILD_STARTED);
        } else if (rest.startsWith(" said into stderr: ", pos) || rest.startsWith(" said into stdout: ", pos)) {
            event.setKind(FpmEventKind.CHILD_STDERR);
        } else if (rest.startsWith(", script '", pos)) {
            int pathStart = pos + ", script '".length();
            int pathEnd = rest.indexOf("' (request: ", pathStart);
            if (pathEnd < 0) {
                pathEnd = rest.indexOf('\'', pathStart);
            }
            if (pathEnd > pathStart) {
                event.setScriptPath(rest.substring(pathStart, pathEnd));
            }
            if (rest.contains(") execution timed out (")) {
                event.setKind(FpmEventKind.EXECUTION_TIMED_OUT);
            } else if (rest.contains(") executing too slow (")) {
                event.setKind(FpmEventKind.EXECUTING_TOO_SLOW);
            }
        }
    }

    static Integer number(String s, int from) {
        long v = 0;
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - from < 10) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return i == from || v > Integer.MAX_VALUE ? null : (int) v;
    }
}
