package io.gatewatch.bench;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic, realistic nginx log lines for the benchmarks: the same seed gives the same lines on
 * every machine, so figures from different runs compare the same work.
 *
 * <p>Access lines are the {@code combined} format of a WordPress/WooCommerce host: mostly 200s and
 * 304s with a tail of 3xx/4xx/5xx, static assets and PHP pages, browser and bot user agents. A fifth
 * carries the {@code rt= urt= upstream= ustatus=} timing extension, a tenth the virtual host in front
 * and positional {@code $request_time $upstream_response_time $upstream_addr $upstream_status} behind,
 * and a few the short timing format of the captures ({@code addr [time] "request" status rt=…}).
 *
 * <p>Error entries are the upstream failures the correlator cares about (refused, missing socket,
 * reset, prematurely closed, timeouts, too big header, no live upstreams, EAGAIN), FastCGI stderr
 * messages (one line, and multi-line PHP fatals joined with '\n', some with non-ASCII text) and a
 * few notices without a client context.
 */
public final class CorpusGenerator {

    /** The seed the benchmarks use. */
    public static final long DEFAULT_SEED = 0x6A7E_3A7CL;

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private static final String[] SITES = {
        "shop.example.test", "blog.example.test", "www.example.org", "news.example.net", "kb.example.com"};

    private static final String[] PAGES = {
        "/", "/index.php", "/shop/", "/cart/", "/checkout/", "/my-account/", "/feed/", "/blog/",
        "/wp-login.php", "/wp-admin/admin-ajax.php", "/wp-admin/", "/xmlrpc.php", "/wp-cron.php?doing_wp_cron=1764061915.1234560203552246093750",
        "/product/blue-widget-42/", "/product-category/garden/?orderby=price&paged=2", "/2026/11/how-to-fix-a-502-bad-gateway/",
        "/wp-json/wp/v2/posts?per_page=10&_embed=1", "/wp-json/wc/store/v1/cart", "/?s=red+shoes&post_type=product",
        "/sitemap_index.xml", "/robots.txt", "/?add-to-cart=1842", "/category/news/page/3/",
        "/blog/2026/11/25/announcing-the-winter-sale/?utm_source=newsletter&utm_medium=email&utm_campaign=winter",
    };

    private static final String[] ASSETS = {
        "/wp-content/themes/storefront/style.css?ver=4.6.0",
        "/wp-content/themes/storefront/assets/js/navigation.min.js?ver=4.6.0",
        "/wp-content/plugins/woocommerce/assets/js/frontend/cart-fragments.min.js?ver=9.4.2",
        "/wp-content/plugins/contact-form-7/includes/css/styles.css?ver=6.0.1",
        "/wp-content/uploads/2026/11/winter-sale-banner-1024x576.jpg",
        "/wp-content/uploads/2026/10/blue-widget-42-300x300.webp",
        "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1",
        "/favicon.ico", "/apple-touch-icon.png",
    };

    private static final String[] USER_AGENTS = {
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
        "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
        "WordPress/6.7.1; https://shop.example.test",
        "curl/7.88.1",
        "python-requests/2.32.3",
        "Go-http-client/1.1",
        "-",
    };

    private static final String[] REFERRERS = {
        "https://www.google.com/", "https://shop.example.test/", "https://shop.example.test/cart/",
        "https://blog.example.test/2026/11/how-to-fix-a-502-bad-gateway/", "https://duckduckgo.com/",
        "https://t.co/a1B2c3D4e5", "https://shop.example.test/wp-admin/post.php?post=1842&action=edit",
    };

    private static final String[] UPSTREAMS = {
        "127.0.0.1:9000", "127.0.0.1:9071", "unix:/run/php/php8.2-fpm.sock", "10.0.3.11:9000", "10.0.3.12:9000"};

    private static final String[] PHP_FILES = {
        "/var/www/html/wp-content/plugins/woocommerce/includes/class-wc-cart.php",
        "/var/www/html/wp-content/plugins/contact-form-7/includes/submission.php",
        "/var/www/html/wp-content/themes/storefront/functions.php",
        "/var/www/html/wp-includes/class-wpdb.php",
        "/var/www/html/wp-content/plugins/acme-seo/acme-seo.php",
    };

    private final SplittableRandom random;
    private long millis;

    public CorpusGenerator(long seed) {
        this.random = new SplittableRandom(seed);
        this.millis = LocalDateTime.of(2026, 11, 25, 9, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** {@code n} access lines from {@link #DEFAULT_SEED}. */
    public static List<String> accessLines(int n) {
        CorpusGenerator g = new CorpusGenerator(DEFAULT_SEED);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(g.accessLine());
        }
        return out;
    }

    /** {@code n} error-log entries from {@link #DEFAULT_SEED}; FastCGI stderr entries may span lines. */
    public static List<String> errorEntries(int n) {
        CorpusGenerator g = new CorpusGenerator(DEFAULT_SEED ^ 0x5EED);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(g.errorEntry());
        }
        return out;
    }

    // ---------------------------------------------------------------- access

    public String accessLine() {
        tick();
        int shape = random.nextInt(100);
        boolean bot = random.nextInt(10) == 0;
        String ua = bot ? pick(USER_AGENTS, 5, 9) : pick(USER_AGENTS);
        String client = clientAddr();
        String method = method();
        boolean asset = method.equals("GET") && random.nextInt(100) < 45;
        String path = asset ? pick(ASSETS) : pick(PAGES);
        int status = status(asset);
        long bytes = bytes(status, asset);
        String request = requestString(method, path, status);
        String referrer = random.nextInt(10) < 4 ? "-" : pick(REFERRERS);
        String user = random.nextInt(50) == 0 ? "editor" : "-";

        StringBuilder sb = new StringBuilder(320);
        if (shape < 90 && shape >= 80) {
            // $host first, then combined, then positional timing
            sb.append(pick(SITES));
            if (random.nextInt(4) == 0) {
                sb.append(":443");
            }
            sb.append(' ');
        }
        if (shape >= 97) {
            // the short timing format of the captures: no ident/user, no bytes, referrer or UA
            sb.append(client).append(" [").append(timeLocal()).append("] \"").append(request).append("\" ")
                    .append(status).append(' ');
            appendKeyValueTiming(sb, status, asset);
            return sb.toString();
        }
        sb.append(client).append(" - ").append(user).append(" [").append(timeLocal()).append("] \"")
                .append(request).append("\" ").append(status).append(' ').append(bytes)
                .append(" \"").append(referrer).append("\" \"").append(ua).append('"');
        if (shape >= 60 && shape < 80) {
            sb.append(' ');
            appendKeyValueTiming(sb, status, asset);
        } else if (shape >= 80 && shape < 90) {
            sb.append(' ');
            appendPositionalTiming(sb, status, asset);
        }
        return sb.toString();
    }

    private void appendKeyValueTiming(StringBuilder sb, int status, boolean asset) {
        String rt = seconds(status, asset);
        sb.append("rt=").append(rt);
        if (asset && status != 502 && status != 504) {
            sb.append(" urt=- upstream=- ustatus=-");
            return;
        }
        if (status == 502 && random.nextInt(4) == 0) {
            // next upstream tried after the first failed
            sb.append(" urt=0.000, ").append(rt).append(" upstream=").append(UPSTREAMS[3]).append(", ")
                    .append(UPSTREAMS[4]).append(" ustatus=502, 502");
            return;
        }
        sb.append(" urt=").append(rt).append(" upstream=").append(pick(UPSTREAMS)).append(" ustatus=").append(status);
    }

    private void appendPositionalTiming(StringBuilder sb, int status, boolean asset) {
        String rt = seconds(status, asset);
        if (asset && status != 502 && status != 504) {
            sb.append(rt).append(" - - -");
            return;
        }
        sb.append(rt).append(' ').append(rt).append(' ').append(pick(UPSTREAMS)).append(' ').append(status);
    }

    private String clientAddr() {
        int r = random.nextInt(100);
        if (r < 8) {
            return "2001:db8:" + Integer.toHexString(random.nextInt(0x10000)) + "::" + Integer.toHexString(1 + random.nextInt(0xffff));
        }
        if (r < 12) {
            return "127.0.0.1";
        }
        return (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private String method() {
        int r = random.nextInt(100);
        if (r < 84) {
            return "GET";
        }
        if (r < 96) {
            return "POST";
        }
        if (r < 99) {
            return "HEAD";
        }
        return "OPTIONS";
    }

    private int status(boolean asset) {
        int r = random.nextInt(1000);
        if (r < 700) {
            return 200;
        }
        if (r < 800) {
            return asset ? 304 : 200;
        }
        if (r < 840) {
            return 301;
        }
        if (r < 870) {
            return 302;
        }
        if (r < 920) {
            return 404;
        }
        if (r < 930) {
            return 403;
        }
        if (r < 945) {
            return 499;
        }
        if (r < 955) {
            return 500;
        }
        if (r < 980) {
            return 502;
        }
        if (r < 990) {
            return 504;
        }
        if (r < 995) {
            return 503;
        }
        return 400;
    }

    private long bytes(int status, boolean asset) {
        return switch (status) {
            case 200 -> asset ? 800 + random.nextInt(400_000) : 4_000 + random.nextInt(120_000);
            case 304, 499 -> 0;
            case 301, 302 -> 162 + random.nextInt(8);
            case 502, 504, 503, 500, 400, 403, 404 -> 150 + random.nextInt(30_000) % (status == 404 ? 30_000 : 400);
            default -> random.nextInt(10_000);
        };
    }

    private String requestString(String method, String path, int status) {
        if (status == 400) {
            int r = random.nextInt(3);
            if (r == 0) {
                return "-";
            }
            if (r == 1) {
                return "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03";
            }
        }
        return method + " " + path + (random.nextInt(20) == 0 ? " HTTP/2.0" : " HTTP/1.1");
    }

    private String seconds(int status, boolean asset) {
        int ms;
        if (status == 504) {
            ms = 60_000 + random.nextInt(5);
        } else if (asset) {
            ms = random.nextInt(3);
        } else if (status == 502) {
            ms = random.nextInt(5);
        } else {
            ms = 20 + random.nextInt(random.nextInt(10) == 0 ? 4_000 : 400);
        }
        return (ms / 1000) + "." + String.format("%03d", ms % 1000);
    }

    private String timeLocal() {
        LocalDateTime t = LocalDateTime.ofEpochSecond(millis / 1000, 0, ZoneOffset.UTC);
        StringBuilder sb = new StringBuilder(26);
        two(sb, t.getDayOfMonth()).append('/').append(MONTHS[t.getMonthValue() - 1]).append('/').append(t.getYear())
                .append(':');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond()).append(" +0000");
        return sb.toString();
    }

    // ---------------------------------------------------------------- error

    public String errorEntry() {
        tick();
        String site = pick(SITES);
        String up = pick(UPSTREAMS);
        String upstream = "fastcgi://" + (up.startsWith("unix:") ? up + ":" : up);
        String path = pick(PAGES);
        String request = (random.nextInt(5) == 0 ? "POST " : "GET ") + path + " HTTP/1.1";
        String client = clientAddr();
        int r = random.nextInt(100);
        String level = "error";
        String message;
        boolean context = true;
        if (r < 22) {
            message = "connect() failed (111: Connection refused) while connecting to upstream";
        } else if (r < 27) {
            level = "crit";
            upstream = "fastcgi://unix:/run/php/php8.2-fpm.sock:";
            message = "connect() to unix:/run/php/php8.2-fpm.sock failed (2: No such file or directory) while connecting to upstream";
        } else if (r < 36) {
            message = "recv() failed (104: Connection reset by peer) while reading response header from upstream";
        } else if (r < 44) {
            message = "upstream prematurely closed connection while reading response header from upstream";
        } else if (r < 56) {
            message = "upstream timed out (110: Connection timed out) while reading response header from upstream";
        } else if (r < 59) {
            message = "upstream timed out (110: Connection timed out) while connecting to upstream";
        } else if (r < 63) {
            message = "upstream sent too big header while reading response header from upstream";
        } else if (r < 66) {
            message = "no live upstreams while connecting to upstream";
        } else if (r < 70) {
            message = "connect() to unix:/run/php/php8.2-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream";
        } else if (r < 80) {
            level = random.nextInt(3) == 0 ? "warn" : "error";
            message = "FastCGI sent in stderr: \"PHP message: PHP Warning:  Undefined array key \"billing_phone\" in "
                    + pick(PHP_FILES) + " on line " + (10 + random.nextInt(900))
                    + "\" while reading response header from upstream";
        } else if (r < 90) {
            message = "FastCGI sent in stderr: \"" + phpFatal() + "\" while reading response header from upstream";
        } else if (r < 95) {
            level = "warn";
            message = "a client request body is buffered to a temporary file /var/cache/nginx/client_temp/00000"
                    + (10000 + random.nextInt(90000));
        } else {
            level = random.nextBoolean() ? "notice" : "warn";
            context = false;
            message = random.nextBoolean() ? "signal process started"
                    : "conflicting server name \"_\" on 0.0.0.0:80, ignored";
        }
        StringBuilder sb = new StringBuilder(400);
        LocalDateTime t = LocalDateTime.ofEpochSecond(millis / 1000, 0, ZoneOffset.UTC);
        sb.append(t.getYear()).append('/');
        two(sb, t.getMonthValue()).append('/');
        two(sb, t.getDayOfMonth()).append(' ');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond()).append(" [").append(level).append("] ");
        int pid = 20_000 + random.nextInt(3_000);
        sb.append(pid).append('#').append(pid).append(": ");
        if (context) {
            sb.append('*').append(1 + random.nextInt(2_000_000)).append(' ');
        }
        sb.append(message);
        if (context) {
            sb.append(", client: ").append(client).append(", server: ").append(random.nextInt(20) == 0 ? "_" : site)
                    .append(", request: \"").append(request).append('"');
            if (!message.startsWith("a client request body")) {
                sb.append(", upstream: \"").append(upstream).append(path.startsWith("/?") ? "/" : path).append('"');
            }
            sb.append(", host: \"").append(site).append('"');
            if (random.nextInt(3) == 0) {
                sb.append(", referrer: \"https://").append(site).append("/cart/\"");
            }
        }
        return sb.toString();
    }

    private String phpFatal() {
        String file = pick(PHP_FILES);
        int line = 10 + random.nextInt(900);
        return switch (random.nextInt(4)) {
            case 0 -> "PHP message: PHP Fatal error:  Uncaught Error: Call to undefined function acme_seo_meta() in "
                    + file + ":" + line + "\nStack trace:\n#0 /var/www/html/wp-includes/class-wp-hook.php(324): acme_seo_head('')\n"
                    + "#1 /var/www/html/wp-includes/plugin.php(205): WP_Hook->apply_filters(NULL, Array)\n#2 {main}\n  thrown in "
                    + file + " on line " + line;
            case 1 -> "PHP message: PHP Fatal error:  Allowed memory size of 268435456 bytes exhausted (tried to allocate 20480 bytes) in "
                    + file + " on line " + line;
            case 2 -> "PHP message: WordPress database error Lock wait timeout exceeded; try restarting transaction for query "
                    + "UPDATE wp_options SET option_value = 'a:0:{}' WHERE option_name = 'cron' made by do_action('init')";
            default -> "PHP message: PHP Warning:  Ungültiger Wert für »Straße« – Größe überschritten in " + file
                    + " on line " + line + "PHP message: PHP Fatal error:  Uncaught RedisException: OOM command not allowed "
                    + "when used memory > 'maxmemory'. in " + file + ":" + line + "\nStack trace:\n#0 {main}\n  thrown in "
                    + file + " on line " + line;
        };
    }

    // ---------------------------------------------------------------- helpers

    private void tick() {
        millis += random.nextInt(40);
    }

    /** Epoch millis of the generator's clock (lines are in time order). */
    public Instant now() {
        return Instant.ofEpochMilli(millis);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String pick(String[] values, int from, int to) {
        return values[from + random.nextInt(to - from)];
    }

    private static StringBuilder two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }
}
