package io.gatewatch.bench.load;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Lines as nginx 1.22 (combined access format, error log), PHP-FPM 8.2, MySQL 8 (slow log) and
 * Telegraf (json serializer) write them; shapes follow ../shared/captures and the scenario tools.
 */
final class LogLines {

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
        "Nov", "Dec"};
    static final String[] PAGES = {"/", "/shop/", "/cart/", "/checkout/", "/my-account/", "/feed/",
        "/wp-admin/admin-ajax.php", "/wp-json/wc/store/v1/cart", "/product/blue-mug/", "/product/red-scarf/",
        "/category/sale/", "/?s=mug", "/2026/11/how-to-fix-a-502-bad-gateway/", "/wp-login.php", "/xmlrpc.php",
        "/wp-cron.php?doing_wp_cron=1795597915.1234560203552246093750", "/sitemap_index.xml",
        "/?add-to-cart=1842", "/product-category/garden/?orderby=price&paged=2"};
    static final String[] ASSETS = {"/wp-content/themes/storefront/style.css?ver=4.6.0",
        "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1", "/wp-content/uploads/2026/11/winter-sale-banner-1024x576.jpg",
        "/wp-content/plugins/woocommerce/assets/js/frontend/cart-fragments.min.js?ver=9.4.2", "/favicon.ico",
        "/wp-content/uploads/2026/10/blue-widget-42-300x300.webp"};
    private static final String[] AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "WordPress/6.7.1; https://example.net",
        "curl/7.88.1", "-"};
    private static final String[] QUERIES = {
        "SELECT option_name, option_value FROM wp_options WHERE autoload = 'yes';",
        "SELECT SQL_CALC_FOUND_ROWS wp_posts.ID FROM wp_posts LEFT JOIN wp_postmeta ON (wp_posts.ID = wp_postmeta.post_id) WHERE 1=1 AND wp_posts.post_type = 'product' ORDER BY wp_posts.post_date DESC LIMIT 0, 24;",
        "DELETE FROM wp_options WHERE option_name LIKE '\\_transient\\_%' AND option_name NOT LIKE '\\_transient\\_timeout\\_%';",
        "SELECT * FROM wp_woocommerce_sessions WHERE session_key = 'a1b2c3d4e5f6' LIMIT 1;"};

    private long cachedSecond = Long.MIN_VALUE;
    private String accessTime;
    private String errorTime;
    private String fpmTime;
    private String isoTime;

    private void at(long epochMillis) {
        long second = Math.floorDiv(epochMillis, 1000);
        if (second == cachedSecond) {
            return;
        }
        cachedSecond = second;
        ZonedDateTime t = Instant.ofEpochSecond(second).atZone(ZoneOffset.UTC);
        String month = MONTHS[t.getMonthValue() - 1];
        accessTime = String.format(Locale.ROOT, "%02d/%s/%04d:%02d:%02d:%02d +0000", t.getDayOfMonth(), month,
                t.getYear(), t.getHour(), t.getMinute(), t.getSecond());
        errorTime = String.format(Locale.ROOT, "%04d/%02d/%02d %02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
        fpmTime = String.format(Locale.ROOT, "%02d-%s-%04d %02d:%02d:%02d", t.getDayOfMonth(), month, t.getYear(),
                t.getHour(), t.getMinute(), t.getSecond());
        isoTime = String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(), t.getMonthValue(),
                t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
    }

    static String client(SplittableRandom r) {
        int net = r.nextInt(4);
        return switch (net) {
            case 0 -> "203.0.113." + (2 + r.nextInt(250));
            case 1 -> "198.51.100." + (2 + r.nextInt(250));
            case 2 -> "192.0.2." + (2 + r.nextInt(250));
            default -> "2001:db8:" + Integer.toHexString(r.nextInt(0xffff)) + "::" + Integer.toHexString(1 + r.nextInt(0xfff));
        };
    }

    static boolean isPhp(String path) {
        return !path.startsWith("/wp-content/") && !path.startsWith("/wp-includes/") && !path.equals("/favicon.ico");
    }

    static String path(SplittableRandom r) {
        return r.nextInt(100) < 70 ? PAGES[r.nextInt(PAGES.length)] : ASSETS[r.nextInt(ASSETS.length)];
    }

    static String phpPath(SplittableRandom r) {
        return PAGES[r.nextInt(PAGES.length)];
    }

    /** nginx "combined". */
    String access(long t, SplittableRandom r, String site, String ip, String path, int status) {
        at(t);
        String method = path.startsWith("/wp-admin/admin-ajax") || path.startsWith("/wp-json/wc") || path.equals("/wp-login.php")
                ? (r.nextBoolean() ? "POST" : "GET") : "GET";
        int size = switch (status) {
            case 200 -> 2000 + r.nextInt(90_000);
            case 301, 302 -> 169;
            case 304 -> 0;
            case 404 -> 5000 + r.nextInt(4000);
            case 502 -> 157;
            case 504 -> 167;
            default -> 150 + r.nextInt(400);
        };
        String referrer = r.nextInt(2) == 0 ? "-" : "https://" + site + "/";
        return ip + " - - [" + accessTime + "] \"" + method + " " + path + " HTTP/1.1\" " + status + " " + size + " \""
                + referrer + "\" \"" + AGENTS[r.nextInt(AGENTS.length)] + "\"";
    }

    /** An upstream failure as nginx logs it for a request that got a 502/504. */
    String upstreamError(long t, UpstreamFailure kind, int connection, String site, String pool, String ip, String path) {
        at(t);
        String socket = "unix:/run/php/php8.2-fpm-" + pool + ".sock";
        String tail = ", client: " + ip + ", server: " + site + ", request: \"GET " + path + " HTTP/1.1\", upstream: \"fastcgi://"
                + socket + ":\", host: \"" + site + "\"";
        String pid = "2213" + (connection % 4) + "#2213" + (connection % 4);
        return switch (kind) {
            case REFUSED -> errorTime + " [crit] " + pid + ": *" + connection + " connect() to " + socket
                    + " failed (2: No such file or directory) while connecting to upstream" + tail;
            case RESET -> errorTime + " [error] " + pid + ": *" + connection
                    + " recv() failed (104: Connection reset by peer) while reading response header from upstream" + tail;
            case EAGAIN -> errorTime + " [error] " + pid + ": *" + connection + " connect() to " + socket
                    + " failed (11: Resource temporarily unavailable) while connecting to upstream" + tail;
            case TIMEOUT -> errorTime + " [error] " + pid + ": *" + connection
                    + " upstream timed out (110: Connection timed out) while reading response header from upstream" + tail;
        };
    }

    /** Everyday error-log noise: missing files, buffering warnings, clients that went away. */
    String errorNoise(long t, SplittableRandom r, int connection, String site, String ip) {
        at(t);
        String pid = "2213" + (connection % 4) + "#2213" + (connection % 4);
        return switch (r.nextInt(3)) {
            case 0 -> errorTime + " [error] " + pid + ": *" + connection + " open() \"/var/www/" + site
                    + "/wp-content/uploads/2025/03/old-banner.jpg\" failed (2: No such file or directory), client: " + ip
                    + ", server: " + site + ", request: \"GET /wp-content/uploads/2025/03/old-banner.jpg HTTP/1.1\", host: \""
                    + site + "\"";
            case 1 -> errorTime + " [warn] " + pid + ": *" + connection
                    + " an upstream response is buffered to a temporary file /var/cache/nginx/fastcgi_temp/3/01/00000"
                    + (10000 + connection % 89999) + " while reading upstream, client: " + ip + ", server: " + site
                    + ", request: \"GET /wp-json/wp/v2/posts?per_page=100 HTTP/1.1\", upstream: \"fastcgi://unix:/run/php/php8.2-fpm.sock:\", host: \""
                    + site + "\"";
            default -> errorTime + " [error] " + pid + ": *" + connection
                    + " client intended to send too large body: 134217728 bytes, client: " + ip + ", server: " + site
                    + ", request: \"POST /wp-admin/async-upload.php HTTP/1.1\", host: \"" + site + "\"";
        };
    }

    /** Everyday PHP-FPM master log lines of a pool. */
    String fpmNoise(long t, SplittableRandom r, String pool) {
        at(t);
        int child = 20000 + r.nextInt(9000);
        return switch (r.nextInt(3)) {
            case 0 -> "[" + fpmTime + "] WARNING: [pool " + pool + "] child " + child + ", script '/var/www/" + pool
                    + "/index.php' (request: \"GET /index.php\") executing too slow (" + (1 + r.nextInt(4)) + "."
                    + (100000 + r.nextInt(899999)) + " sec), logging";
            case 1 -> "[" + fpmTime + "] NOTICE: [pool " + pool + "] child " + child + " exited with code 0 after "
                    + (3000 + r.nextInt(900)) + ".123456 seconds from start";
            default -> "[" + fpmTime + "] NOTICE: [pool " + pool + "] child " + child + " started";
        };
    }

    String fpmMaxChildren(long t, String pool) {
        at(t);
        return "[" + fpmTime + "] WARNING: [pool " + pool + "] server reached pm.max_children setting (10), consider raising it";
    }

    String fpmWorkerKilled(long t, SplittableRandom r, String pool) {
        at(t);
        return "[" + fpmTime + "] WARNING: [pool " + pool + "] child " + (20000 + r.nextInt(9000))
                + " exited on signal 9 (SIGKILL) after " + (10 + r.nextInt(500)) + ".560420 seconds from start";
    }

    String fpmStopping(long t) {
        at(t);
        return "[" + fpmTime + "] NOTICE: Terminating ...";
    }

    String fpmExiting(long t) {
        at(t);
        return "[" + fpmTime + "] NOTICE: exiting, bye-bye!";
    }

    /** One slow-log entry (several physical lines joined with '\n', as a shipper frames it). */
    String slowQuery(long t, SplittableRandom r, String pool, String webHost, double seconds) {
        at(t);
        long epochSecond = Math.floorDiv(t, 1000);
        return "# Time: " + isoTime + "." + String.format(Locale.ROOT, "%06d", r.nextInt(1_000_000)) + "Z\n"
                + "# User@Host: " + pool + "[" + pool + "] @ " + webHost + " [10.0.3." + (10 + r.nextInt(200)) + "]  Id: "
                + (10_000 + r.nextInt(90_000)) + "\n"
                + "# Query_time: " + String.format(Locale.ROOT, "%.6f", seconds) + "  Lock_time: "
                + String.format(Locale.ROOT, "%.6f", r.nextDouble() * 0.01) + " Rows_sent: " + r.nextInt(100)
                + "  Rows_examined: " + (1000 + r.nextInt(2_000_000)) + "\n"
                + "use " + pool + ";\n"
                + "SET timestamp=" + epochSecond + ";\n"
                + QUERIES[r.nextInt(QUERIES.length)];
    }

    static String cpu(long t, String host, SplittableRandom r, boolean busy) {
        double idle = busy ? 2 + r.nextDouble() * 5 : 40 + r.nextDouble() * 50;
        double user = (100 - idle) * 0.8;
        return "{\"fields\":{\"usage_guest\":0,\"usage_idle\":" + round(idle) + ",\"usage_iowait\":" + round(r.nextDouble())
                + ",\"usage_system\":" + round((100 - idle) * 0.2) + ",\"usage_user\":" + round(user)
                + "},\"name\":\"cpu\",\"tags\":{\"cpu\":\"cpu-total\",\"host\":\"" + host + "\"},\"timestamp\":"
                + Math.floorDiv(t, 1000) + "}";
    }

    static String mem(long t, String host, SplittableRandom r) {
        double used = 40 + r.nextDouble() * 40;
        return "{\"fields\":{\"available\":" + (long) ((100 - used) * 171798691L) + ",\"total\":17179869184,\"used_percent\":"
                + round(used) + "},\"name\":\"mem\",\"tags\":{\"host\":\"" + host + "\"},\"timestamp\":"
                + Math.floorDiv(t, 1000) + "}";
    }

    static String phpfpm(long t, String host, String pool, SplittableRandom r, boolean saturated) {
        int active = saturated ? 10 : r.nextInt(6);
        return "{\"fields\":{\"accepted_conn\":" + (1000 + r.nextInt(1_000_000)) + ",\"active_processes\":" + active
                + ",\"idle_processes\":" + (10 - active) + ",\"listen_queue\":" + (saturated ? 20 + r.nextInt(40) : 0)
                + ",\"max_active_processes\":10,\"max_children_reached\":" + (saturated ? 1 + r.nextInt(5) : 0)
                + ",\"slow_requests\":" + r.nextInt(3) + ",\"start_since\":" + (100_000 + r.nextInt(900_000))
                + "},\"name\":\"phpfpm\",\"tags\":{\"host\":\"" + host + "\",\"pool\":\"" + pool
                + "\",\"url\":\"/run/php/php8.2-fpm-" + pool + ".sock\"},\"timestamp\":" + Math.floorDiv(t, 1000) + "}";
    }

    static String mysql(long t, String host, SplittableRandom r, boolean slow) {
        return "{\"fields\":{\"queries\":" + (10_000_000L + r.nextInt(1_000_000)) + ",\"slow_queries\":" + r.nextInt(500)
                + ",\"threads_connected\":" + (slow ? 140 + r.nextInt(11) : 20 + r.nextInt(40)) + ",\"threads_running\":"
                + (slow ? 60 + r.nextInt(40) : 1 + r.nextInt(8))
                + "},\"name\":\"mysql\",\"tags\":{\"host\":\"" + host + "\"},\"timestamp\":" + Math.floorDiv(t, 1000) + "}";
    }

    private static String round(double v) {
        return Double.toString(Math.round(v * 100) / 100.0);
    }

    /** How the upstream failed, as nginx reports it. */
    enum UpstreamFailure {
        /** the FPM socket is gone (FPM stopped): 502 */
        REFUSED,
        /** a worker died mid-request: 502 */
        RESET,
        /** the listen queue is full (pool saturated): 502 */
        EAGAIN,
        /** the worker took too long (a slow database behind it): 504 */
        TIMEOUT
    }
}
