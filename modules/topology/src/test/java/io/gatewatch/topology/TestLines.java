package io.gatewatch.topology;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Lines in the exact shape nginx 1.22 writes them (see ../shared/captures). */
final class TestLines {

    private static final DateTimeFormatter ACCESS =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter ERROR =
            DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    static String access(Instant t, int status, String path) {
        return "127.0.0.1 - - [" + ACCESS.format(t) + "] \"GET " + path + " HTTP/1.1\" " + status + " 157 \"-\" \"curl/7.88.1\"";
    }

    static String refused(Instant t, String site, int conn) {
        return ERROR.format(t) + " [error] 22132#22132: *" + conn + " connect() failed (111: Connection refused) while "
                + "connecting to upstream, client: 127.0.0.1, server: " + site + ", request: \"GET /index.php HTTP/1.1\", "
                + "upstream: \"fastcgi://127.0.0.1:9071\", host: \"" + site + "\"";
    }

    static String reset(Instant t, String site, int conn) {
        return ERROR.format(t) + " [error] 22132#22132: *" + conn + " recv() failed (104: Connection reset by peer) while "
                + "reading response header from upstream, client: 127.0.0.1, server: " + site + ", request: \"GET /a HTTP/1.1\", "
                + "upstream: \"fastcgi://127.0.0.1:9071\", host: \"" + site + "\"";
    }

    static String unavailable(Instant t, String site, int conn) {
        return ERROR.format(t) + " [error] 22132#22132: *" + conn + " connect() to unix:/run/php/php8.2-fpm.sock failed "
                + "(11: Resource temporarily unavailable) while connecting to upstream, client: 127.0.0.1, server: " + site
                + ", request: \"GET / HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \"" + site + "\"";
    }

    /** A MariaDB slow-log entry as `gatewatch replay` frames it. */
    static String slowQuery(Instant t, double queryTime, double lockTime) {
        return "# Time: " + t.toString().replace("Z", ".000000Z") + "\n"
                + "# User@Host: wp[wp] @ web-1 [10.0.0.11]  Id: 42\n"
                + String.format(Locale.ROOT, "# Query_time: %.6f  Lock_time: %.6f  Rows_sent: 0  Rows_examined: 1%n", queryTime, lockTime)
                + "SET timestamp=" + t.getEpochSecond() + ";\n"
                + "UPDATE wp_options SET option_value = 'x' WHERE option_name = 'cron';";
    }

    private TestLines() {
    }
}
