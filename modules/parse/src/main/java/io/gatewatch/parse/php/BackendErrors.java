package io.gatewatch.parse.php;

import io.gatewatch.avro.CacheEvent;
import io.gatewatch.avro.CacheEventKind;
import io.gatewatch.avro.DatabaseEvent;
import io.gatewatch.avro.DatabaseEventKind;

/**
 * Recognises what PHP reports about its backends — MySQL/MariaDB through wpdb, mysqli or PDO, and Redis
 * through phpredis, Predis or an object-cache drop-in — so that such an entry becomes a
 * {@link DatabaseEvent} or {@link CacheEvent} instead of a generic PHP error. Public so that other
 * carriers of PHP messages (nginx's FastCGI stderr, FPM's "said into stderr") can use the same rules.
 */
public final class BackendErrors {

    private static final String WPDB = "WordPress database error";

    /** A database signal in {@code text}, or null when it reports none. */
    public static DatabaseEvent database(String text) {
        return database(text, text);
    }

    /**
     * A database signal in {@code headline} (the error message proper, without a stack trace whose
     * frames could mention anything), carrying {@code message} as its text; null when it reports none.
     */
    public static DatabaseEvent database(String headline, String message) {
        String text = headline;
        DatabaseEventKind kind;
        Integer code;
        boolean wpdb = text.contains(WPDB);
        if (text.contains("Lock wait timeout exceeded")) {
            kind = DatabaseEventKind.LOCK_WAIT_TIMEOUT;
            code = 1205;
        } else if (text.contains("Too many connections")) {
            kind = DatabaseEventKind.TOO_MANY_CONNECTIONS;
            code = 1040;
        } else if (text.contains("MySQL server has gone away")) {
            kind = DatabaseEventKind.SERVER_GONE_AWAY;
            code = 2006;
        } else if (text.contains("Deadlock found")) {
            kind = DatabaseEventKind.DEADLOCK;
            code = 1213;
        } else if (text.contains("Lost connection to MySQL server") || text.contains("Lost connection to server")) {
            kind = DatabaseEventKind.SERVER_GONE_AWAY;
            code = 2013;
        } else if (isConnectError(text)) {
            kind = DatabaseEventKind.CONNECTION_ERROR;
            code = mysqlCode(text);
        } else if (wpdb) {
            kind = DatabaseEventKind.QUERY_ERROR;
            code = null;
        } else {
            return null;
        }
        DatabaseEvent event = new DatabaseEvent();
        event.setKind(kind);
        event.setErrorCode(code);
        event.setMessage(message);
        return event;
    }

    /**
     * mysqli/PDO connection failures: {@code mysqli_real_connect(): (HY000/2002): Connection refused},
     * PHP 8.1+'s {@code Uncaught mysqli_sql_exception: Connection refused},
     * {@code SQLSTATE[HY000] [2002] No such file or directory}, WordPress's "Error establishing a
     * database connection".
     */
    private static boolean isConnectError(String text) {
        if (text.contains("Error establishing a database connection")) {
            return true;
        }
        boolean mysql = text.contains("mysqli_real_connect") || text.contains("mysql_connect")
                || text.contains("mysqli_sql_exception") || text.contains("SQLSTATE[HY000] [")
                || text.contains("SQLSTATE[08");
        return mysql && (text.contains("2002") || text.contains("2003") || text.contains("2005")
                || text.contains("1045") || text.contains("Connection refused") || text.contains("Connection timed out"));
    }

    /** The MySQL client error number in "(HY000/2002)" or "SQLSTATE[HY000] [2002]". */
    private static Integer mysqlCode(String text) {
        int at = text.indexOf("(HY000/");
        if (at >= 0) {
            return number(text, at + 7);
        }
        at = text.indexOf("] [");
        if (at >= 0 && text.lastIndexOf("SQLSTATE[", at) >= 0) {
            return number(text, at + 3);
        }
        return null;
    }

    /** A Redis signal in {@code text}, or null when it reports none. */
    public static CacheEvent cache(String text) {
        return cache(text, text);
    }

    /** A Redis signal in {@code headline}, carrying {@code message} as its text; null when it reports none. */
    public static CacheEvent cache(String headline, String message) {
        String text = headline;
        CacheEventKind kind = null;
        if (text.contains("OOM command not allowed")) {
            kind = CacheEventKind.OOM;
        } else if (text.contains("LOADING Redis is loading")) {
            kind = CacheEventKind.LOADING;
        } else if (text.contains("MISCONF Redis is configured to save")) {
            kind = CacheEventKind.MISCONF;
        } else if (text.contains("READONLY You can't write against a read only")) {
            kind = CacheEventKind.READONLY;
        } else if (text.contains("read error on connection") || text.contains("Redis server went away")) {
            kind = CacheEventKind.TIMEOUT;
        } else if (mentionsRedis(text)) {
            if (text.contains("Connection refused") || text.contains("No such file or directory")) {
                kind = CacheEventKind.CONNECTION_REFUSED;
            } else if (text.contains("timed out") || text.contains("Connection lost")) {
                kind = CacheEventKind.TIMEOUT;
            } else {
                kind = CacheEventKind.OTHER;
            }
        }
        if (kind == null) {
            return null;
        }
        CacheEvent event = new CacheEvent();
        event.setKind(kind);
        event.setCache(cacheAddress(text));
        event.setMessage(message);
        return event;
    }

    /**
     * Whether the text is about a Redis client error. A plugin path such as {@code plugins/redis-cache/}
     * alone does not count: a missing include file in that plugin is no cache outage.
     */
    private static boolean mentionsRedis(String text) {
        return text.contains("RedisException") || text.contains("RedisClusterException") || text.contains("Predis\\")
                || text.contains("Redis server") || text.contains("Redis::") || text.contains("to Redis")
                || text.contains("Redis connection") || text.contains("Redis error") || text.contains("phpredis");
    }

    /**
     * The server named in the message: Predis's {@code [tcp://127.0.0.1:6379]}, phpredis's
     * {@code read error on connection to 127.0.0.1:6379}; null when none is named.
     */
    static String cacheAddress(String text) {
        int at = text.indexOf("tcp://");
        if (at < 0) {
            at = text.indexOf("unix://");
        }
        if (at >= 0) {
            int start = text.indexOf("//", at) + 2;
            return token(text, start);
        }
        at = text.indexOf(" on connection to ");
        if (at >= 0) {
            return token(text, at + " on connection to ".length());
        }
        return null;
    }

    private static String token(String text, int start) {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ' ' || c == ']' || c == ')' || c == '\'' || c == '"' || c == '\n' || c == ',') {
                break;
            }
            i++;
        }
        return i > start ? text.substring(start, i) : null;
    }

    private static Integer number(String s, int from) {
        int v = 0;
        int i = from;
        while (i < s.length() && i - from < 6 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        return i == from ? null : v;
    }

    private BackendErrors() {
    }
}
