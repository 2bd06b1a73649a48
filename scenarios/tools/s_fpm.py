"""PHP-FPM stories: the pool is down, its workers crash, it is too small; plugin and theme faults that
crash workers."""
from datetime import timedelta

from gwlib import (ERR_PREMATURE, ERR_RESET, SEC, Fpm, FpmStatus, Host, Outcome, Pool, PoolSim, Scenario, Site,
                   Traffic, at, change, err_unix, fastcgi_stderr, from_epoch, host_metrics, level_unix, metric,
                   mariadb_err, php_line, uncaught, wpdb_frames)
from registry import scenario


def between(t, a, b):
    return a <= t < b


# ---------------------------------------------------------------------------------------------------
@scenario("fpm-config-typo-two-sites", "PHP_FPM_DOWN")
def fpm_config_typo_two_sites():
    """An operator restarts php8.2-fpm after editing a pool file; the start fails on a typo, both sites
    on web-2 answer 502 ([crit] socket missing) for 85 s until the typo is fixed."""
    stop, fixed = at(9, 12, 0), at(9, 13, 25)
    scn = Scenario("fpm-config-typo-two-sites", 1101, at(9, 0), at(9, 18), description=(
        "web-2 runs one php8.2-fpm master with two pools on unix sockets: news (news.example.test) and docs "
        "(docs.example.test). At 09:11:59 an operator runs 'systemctl restart php8.2-fpm' after editing "
        "pool.d/news.conf: the stop succeeds (sockets are removed), the start fails on a typo "
        "('pm.max_childern'), and a second attempt at 09:12:40 fails the same way. nginx logs "
        "'connect() to unix:... failed (2: No such file or directory)' at [crit] and both sites answer 502 until "
        "the typo is fixed and FPM starts at 09:13:25. Root cause: PHP-FPM is down on the host; both sites get "
        "their own incident."))
    web2 = Host("web-2", "10.0.1.12", 1530, cores=4)
    news_pool = Pool("news", web2, "/run/php/php8.2-fpm-news.sock", 30, 40211, "/var/www/news.example.test")
    docs_pool = Pool("docs", web2, "/run/php/php8.2-fpm-docs.sock", 10, 40290, "/var/www/docs.example.test")
    news = Site("news.example.test", web2, "news", 5.0, news_pool)
    docs = Site("docs.example.test", web2, "docs", 2.6, docs_pool)
    scn.site(news.name, ["web-2"], "news", "db-1", "cache-1")
    scn.site(docs.name, ["web-2"], "docs", "db-1", None)
    fpm = Fpm(scn, web2, 1187)
    fpm.started(at(6, 25, 14))
    fpm.log(at(9, 3, 12), "NOTICE", "error log file re-opened")
    fpm.stopping(stop - SEC)
    for t in (stop, at(9, 12, 40)):
        fpm.log(t, "ERROR", "[/etc/php/8.2/fpm/pool.d/news.conf:117] unknown entry 'pm.max_childern'")
        fpm.log(t, "ERROR", "Unable to include /etc/php/8.2/fpm/pool.d/news.conf from /etc/php/8.2/fpm/php-fpm.conf at line 117")
        fpm.log(t, "ERROR", "failed to load configuration file '/etc/php/8.2/fpm/php-fpm.conf'")
        fpm.log(t, "ERROR", "FPM initialization failed")
    fpm.started(fixed, pid=52380)
    news_st, docs_st = FpmStatus(news_pool), FpmStatus(docs_pool)

    def each(t):
        if t.second % 10:
            return
        host_metrics(scn, t, web2, 71.0 if not between(t, stop, fixed) else 88.0, 46.0, 1.3)
        if between(t, stop, fixed):
            return  # telegraf's phpfpm input errors while the sockets are gone: no samples
        restart = between(t, fixed, fixed + 10 * SEC)
        news_st.emit(scn, t, 4.0, scn.rnd.randint(2, 6), restart=restart)
        docs_st.emit(scn, t, 2.0, scn.rnd.randint(1, 3), restart=restart)

    def decide(site, req, t):
        if req.php and between(t, stop, fixed):
            return Outcome(502, 157, ("crit", err_unix(site.pool.listen, 2)))
        return None

    Traffic(scn).run([news, docs], decide, each_second=each)
    for s in (news, docs):
        scn.incident(s.name, "BAD_GATEWAY", "PHP_FPM_DOWN", stop)
        scn.action(s.name, "RESTART_PHP_FPM")
    return scn


# ---------------------------------------------------------------------------------------------------
@scenario("fpm-killed-late-lines", "PHP_FPM_DOWN")
def fpm_killed_late_lines():
    """A cleanup script SIGKILLs every php-fpm process on web-3 (stale socket: 111 on unix); nginx access
    logs are buffered per worker, so their lines arrive out of order by up to 3 s."""
    kill, start = at(9, 12, 0), at(9, 13, 20)
    scn = Scenario("fpm-killed-late-lines", 1102, at(9, 0), at(9, 18), description=(
        "blog.example.test is the only site on web-3 (pool blog, unix socket). At 09:12:00 a badly written "
        "cleanup script runs 'pkill -9 -f php-fpm': master and children die without a word in php-fpm.log, the "
        "socket file stays behind, and nginx logs 'connect() to unix:/run/php/php8.2-fpm-blog.sock failed (111: "
        "Connection refused)' for every PHP request until an operator starts FPM at 09:13:20. Telemetry "
        "arrives late and out of order: nginx writes its access log with 'buffer=32k flush=5s' from four "
        "workers, so lines of that file are up to 3 s out of time order, and Telegraf's metrics file has a "
        "few samples out of order as well. The incident must still open once, be attributed to PHP-FPM "
        "being down, and resolve."))
    web3 = Host("web-3", "10.0.1.13", 2210, cores=4)
    pool = Pool("blog", web3, "/run/php/php8.2-fpm-blog.sock", 24, 30511, "/var/www/blog.example.test")
    blog = Site("blog.example.test", web3, "blog", 6.0, pool)
    scn.site(blog.name, ["web-3"], "blog", "db-1", None)
    fpm = Fpm(scn, web3, 912)
    fpm.started(at(4, 0, 2))
    fpm.log(at(9, 4, 41), "WARNING", "[pool blog] seems busy (you may need to increase pm.start_servers, or "
                                      "pm.min/max_spare_servers), spawning 8 children, there are 0 idle, and 9 total children")
    fpm.started(start, pid=41877)
    st = FpmStatus(pool)

    def each(t):
        if t.second % 10:
            return
        host_metrics(scn, t, web3, 68.0, 41.0 if not between(t, kill, start) else 33.0, 1.1)
        if not between(t, kill, start):
            st.emit(scn, t, 5.0, scn.rnd.randint(2, 7), restart=between(t, start, start + 10 * SEC))

    def decide(site, req, t):
        if req.php and between(t, kill, start):
            return Outcome(502, 157, (level_unix(111), err_unix(pool.listen, 111)))
        return None

    Traffic(scn).run([blog], decide, each_second=each)
    scn.disorder["logs/web-3/blog.example.test/nginx-access.log"] = 3.0
    scn.disorder["metrics.jsonl"] = 2.0
    scn.incident(blog.name, "BAD_GATEWAY", "PHP_FPM_DOWN", kill)
    scn.action(blog.name, "RESTART_PHP_FPM")
    return scn


# ---------------------------------------------------------------------------------------------------
@scenario("worker-segfault-opcache", "PHP_FPM_WORKER_CRASH")
def worker_segfault_opcache():
    """OPcache shared memory gets corrupted on web-3: workers segfault on most requests (104 / prematurely
    closed) until FPM is restarted 80 s later; no change, no plugin fatals, host resources fine."""
    onset, restart = at(9, 12, 10), at(9, 13, 30)
    scn = Scenario("worker-segfault-opcache", 1103, at(9, 0), at(9, 18), description=(
        "web-3 serves blog.example.test from pool blog (TCP 127.0.0.1:9072, catch_workers_output = yes, "
        "rlimit_core = unlimited). At 09:12:08 a worker reports 'zend_mm_heap corrupted' and from 09:12:10 "
        "workers die with SIGSEGV (core dumped) on about 60 % of PHP requests: nginx logs 'recv() failed (104: "
        "Connection reset by peer)' or 'upstream prematurely closed connection', FPM logs each child exiting "
        "on signal 11 and a replacement starting. Nothing was changed, there are no PHP fatals, memory and CPU "
        "are normal, the database is quiet (db-1 only logs the aborted connections of the dead workers). An operator restarts php8.2-fpm at 09:13:30 (fresh OPcache) and "
        "the crashes stop: a worker crash, fixed by restarting FPM."))
    web3 = Host("web-3", "10.0.1.13", 2210, cores=4)
    pool = Pool("blog", web3, "127.0.0.1:9072", 20, 30511, "/var/www/blog.example.test")
    blog = Site("blog.example.test", web3, "blog", 5.5, pool)
    scn.site(blog.name, ["web-3"], "blog", "db-1", None)
    fpm = Fpm(scn, web3, 912)
    fpm.started(at(3, 10, 2))
    fpm.said_stderr(onset - 2 * SEC, pool, pool.pids[1], "zend_mm_heap corrupted")
    fpm.crash(onset - 2 * SEC, pool, 11, core=True, pid=pool.pids[1])
    fpm.stopping(restart - SEC)
    fpm.started(restart, pid=40121)
    st = FpmStatus(pool)

    def each(t):
        if t.second % 10:
            return
        host_metrics(scn, t, web3, 72.0, 38.0, 1.2)
        st.emit(scn, t, 4.5, scn.rnd.randint(2, 6), restart=between(t, restart, restart + 10 * SEC))

    def decide(site, req, t):
        if req.php and between(t, onset, restart) and scn.rnd.random() < 0.6:
            old, _ = fpm.crash(t, pool, 11, core=True, after=scn.rnd.uniform(0.2, 75.0))
            if scn.rnd.random() < 0.25:  # the dead worker's MySQL connection is dropped without COM_QUIT
                th = scn.rnd.randint(880000, 890000)
                mariadb_err(scn, "db-1", t + timedelta(milliseconds=scn.rnd.randint(2, 300)), th, "Warning",
                            "Aborted connection %d to db: 'wp_blog' user: 'wp_blog' host: '10.0.1.13' "
                            "(Got an error reading communication packets)" % th)
            msg = ERR_RESET if scn.rnd.random() < 0.55 else ERR_PREMATURE
            return Outcome(502, 157, ("error", msg))
        return None

    Traffic(scn).run([blog], decide, each_second=each)
    scn.incident(blog.name, "BAD_GATEWAY", "PHP_FPM_WORKER_CRASH", onset)
    scn.action(blog.name, "RESTART_PHP_FPM")
    return scn


# ---------------------------------------------------------------------------------------------------
@scenario("pool-shrunk-by-config", "PHP_FPM_SATURATED")
def pool_shrunk_by_config():
    """A config-management run gives shop's pool the small-site template (pm.max_children 30 -> 4); at
    normal traffic the pool saturates and nginx gets (11: Resource temporarily unavailable)."""
    applied, raised = at(9, 11, 20), at(9, 14, 5)
    scn = Scenario("pool-shrunk-by-config", 1104, at(9, 0), at(9, 19), description=(
        "shop.example.test on web-1 (pool shop, unix socket, listen.backlog = 64) renders uncached WooCommerce "
        "pages in about 1.3 s and normally keeps 8-12 of its 30 workers busy. At 09:11:20 a config-management "
        "run applies the small-site pool template to it by mistake (pm.max_children = 4) and reloads FPM. "
        "Traffic stays at its baseline; the pool sits at max_children from 09:11:22, the listen queue fills, "
        "and from about 09:11:40 nginx gets 'connect() to unix:/run/php/php8.2-fpm-shop.sock failed (11: "
        "Resource temporarily unavailable)' for roughly half of the PHP requests. The database is quiet (a "
        "few routine slow queries), CPU is mostly idle, memory normal, no plugin or theme changed. At 09:14:05 "
        "an operator restores pm.max_children = 30 and reloads. blog.example.test on the same host has its own "
        "pool and stays healthy. Root cause: the pool is too small for the traffic it gets."))
    web1 = Host("web-1", "10.0.1.11", 1810, cores=8, mem_gb=32)
    shop_pool = Pool("shop", web1, "/run/php/php8.2-fpm-shop.sock", 30, 22511, "/var/www/shop.example.test")
    blog_pool = Pool("blog", web1, "/run/php/php8.2-fpm-blog.sock", 10, 22611, "/var/www/blog.example.test")
    shop = Site("shop.example.test", web1, "woo", 7.0, shop_pool)
    blog = Site("blog.example.test", web1, "blog", 1.5, blog_pool)
    scn.site(shop.name, ["web-1"], "shop", "db-1", "cache-1")
    scn.site(blog.name, ["web-1"], "blog", "db-1", None)
    change(scn, applied - 2 * SEC, None, "web-1", "CONFIG_RELOADED", "php8.2-fpm", actor="ansible")
    change(scn, raised - 2 * SEC, None, "web-1", "CONFIG_RELOADED", "php8.2-fpm", actor="ops")
    fpm = Fpm(scn, web1, 1021)
    fpm.started(at(8, 2, 40))
    fpm.reload(applied, 1744, [shop_pool.listen, blog_pool.listen])
    fpm.reload(raised, 1801, [shop_pool.listen, blog_pool.listen])
    sim = PoolSim(30, 64, scn.start.timestamp())
    shop_st, blog_st = FpmStatus(shop_pool), FpmStatus(blog_pool)
    tr = Traffic(scn)
    state = {"warned": False, "slow": 0}
    heavy_frames = [
        ("get_available_variations()", "%s/wp-content/plugins/woocommerce/includes/class-wc-product-variable.php:335"),
        ("woocommerce_variable_add_to_cart()", "%s/wp-content/plugins/woocommerce/includes/wc-template-functions.php:1738"),
        ("do_action()", "%s/wp-includes/plugin.php:517"),
        ("wc_get_template_part()", "%s/wp-content/plugins/woocommerce/includes/wc-core-functions.php:294"),
        ("require()", "%s/wp-content/themes/storefront/woocommerce/archive-product.php:62"),
        ("include()", "%s/wp-includes/template-loader.php:106"),
        ("require_once()", "%s/wp-blog-header.php:19"),
        ("require()", "%s/index.php:17")]
    # a few routine slow queries on db-1: the database is not the problem
    for i, t in enumerate([at(9, 2, 30), at(9, 6, 12), at(9, 9, 55), at(9, 11, 58), at(9, 13, 20), at(9, 17, 1)]):
        scn.slow_query("db-1", "mariadb", t, 1.1 + scn.rnd.random() * 0.6, 0.000112, "wp_shop", "10.0.1.11", 88100 + i * 37,
                       "wp_shop", "SELECT SQL_CALC_FOUND_ROWS wp_posts.ID FROM wp_posts LEFT JOIN wp_wc_product_meta_lookup "
                       "wc_product_meta_lookup ON wp_posts.ID = wc_product_meta_lookup.product_id WHERE 1=1 AND "
                       "wp_posts.post_type = 'product' AND (wp_posts.post_status = 'publish') ORDER BY "
                       "wc_product_meta_lookup.min_price ASC, wc_product_meta_lookup.product_id ASC LIMIT 0, 16",
                       rows_sent=16, rows_examined=48211)

    def service(req):
        def f(start):
            if req.kind == "ajax":
                return scn.rnd.uniform(0.2, 0.7)
            if req.kind in ("rest", "monitor", "feed"):
                return scn.rnd.uniform(0.15, 0.5)
            if req.kind == "cron":
                return scn.rnd.uniform(1, 3)
            return scn.rnd.expovariate(1 / 1.8) + 0.3
        return f

    def each(t):
        now = t.timestamp()
        if t == applied:
            sim.resize(4, now)
            shop_pool.max_children = 4
        if t == raised:
            sim.resize(30, now)
            shop_pool.max_children = 30
        if sim.active(now) >= len(sim.free) and sim.queue(now) > 0 and not state["warned"]:
            fpm.max_children(t, shop_pool)
            state["warned"] = True
        if sim.queue(now) == 0 and sim.active(now) < len(sim.free) - 1:
            state["warned"] = False
        if t.second % 10:
            return
        host_metrics(scn, t, web1, 71.0, 58.0, 2.0)
        shop_st.emit(scn, t, 5.5, sim.active(now), queue=sim.queue(now))
        blog_st.emit(scn, t, 1.2, scn.rnd.randint(1, 2))
        metric(scn, t, "mysql", {"host": "db-1", "server": "127.0.0.1:3306"},
               {"threads_running": scn.rnd.randint(2, 4), "threads_connected": scn.rnd.randint(18, 26),
                "slow_queries": 20412 + (t - scn.start).seconds // 200, "questions": 91200000 + (t - scn.start).seconds * 310,
                "innodb_row_lock_current_waits": 0})

    def decide(site, req, t):
        if site is not shop or not req.php:
            return None
        arrival = t.timestamp() + scn.rnd.random()
        got = sim.arrive(arrival, service(req))
        if got is None:
            req.t = from_epoch(arrival)
            return Outcome(502, 157, ("error", err_unix(shop_pool.listen, 11)))
        start, end = got
        if end - start > 5.0 and state["slow"] < 25:
            state["slow"] += 1
            fpm.too_slow(from_epoch(start + 5.0), shop_pool, scn.rnd.choice(shop_pool.pids), shop, req,
                         5.0 + scn.rnd.random() * 0.01, wpdb_frames(shop.root, heavy_frames))
        req.t = from_epoch(end + 0.002)
        return tr.healthy(req)

    tr.run([shop, blog], decide, each_second=each)
    scn.incident(shop.name, "BAD_GATEWAY", "PHP_FPM_SATURATED", tr.first(shop, 502, applied))
    scn.action(shop.name, "RAISE_FPM_MAX_CHILDREN")
    return scn


# ---------------------------------------------------------------------------------------------------
CART_SYNC = "/wp-content/plugins/fast-checkout/includes/class-fc-cart-sync.php"


def cart_sync_type_error(root):
    f = root + CART_SYNC
    s15 = (root + "/")[:15] + "..."
    frames = [
        "%s(88): FastCheckout\\Cart_Sync->merge_items(NULL, Array)" % f,
        "%s/wp-includes/class-wp-hook.php(324): FastCheckout\\Cart_Sync->on_cart_loaded(Object(WC_Cart))" % root,
        "%s/wp-includes/class-wp-hook.php(348): WP_Hook->apply_filters(NULL, Array)" % root,
        "%s/wp-includes/plugin.php(517): WP_Hook->do_action(Array)" % root,
        "%s/wp-content/plugins/woocommerce/includes/class-wc-cart-session.php(279): do_action('woocommerce_car...', Object(WC_Cart))" % root,
        "%s/wp-includes/class-wp-hook.php(324): WC_Cart_Session->get_cart_from_session('')" % root,
        "%s/wp-includes/class-wp-hook.php(348): WP_Hook->apply_filters(NULL, Array)" % root,
        "%s/wp-includes/plugin.php(517): WP_Hook->do_action(Array)" % root,
        "%s/wp-settings.php(727): do_action('wp_loaded')" % root,
        "%s/wp-config.php(98): require_once('%s')" % (root, s15),
        "%s/wp-load.php(50): require_once('%s')" % (root, s15),
        "%s/wp-blog-header.php(13): require_once('%s')" % (root, s15),
        "%s/index.php(17): require('%s')" % (root, s15),
    ]
    return uncaught("TypeError", "FastCheckout\\Cart_Sync::merge_items(): Argument #1 ($items) must be of type array, "
                    "null given, called in %s on line 88" % f, f, 142, frames, located=" and defined in %s:142" % f)


@scenario("plugin-update-crash", "PLUGIN_OR_THEME_FAULT")
def plugin_update_crash():
    """fast-checkout 2.3.1 is installed from wp-admin; its cart hook recurses: workers segfault (502) or
    die on memory/TypeError fatals in plugins/fast-checkout/ (500) until it is deactivated."""
    upd, onset, deact = at(9, 11, 14), at(9, 11, 21), at(9, 12, 50)
    scn = Scenario("plugin-update-crash", 1105, at(9, 0), at(9, 18), description=(
        "web-1 serves shop.example.test (pool shop, TCP 127.0.0.1:9071, php error_log = "
        "logs/web-1/shop.example.test/php-error.log) and blog.example.test. At 09:11:14 an editor updates the "
        "plugin fast-checkout to 2.3.1 from wp-admin (maintenance mode answers 503 for a few seconds). From "
        "09:11:21 its 'woocommerce_cart_loaded_from_session' hook recurses: on most front-end requests the "
        "worker either exhausts memory_limit or throws a TypeError in "
        "wp-content/plugins/fast-checkout/includes/class-fc-cart-sync.php (HTTP 500, logged in php-error.log) "
        "or overflows the C stack and dies with SIGSEGV (nginx 'recv() failed (104)' / 'upstream prematurely "
        "closed connection', HTTP 502). A Yoast SEO update on the blog at 09:02 is harmless. At 09:12:50 the "
        "plugin is deactivated with wp-cli and the site recovers. Root cause: the fast-checkout update."))
    web1 = Host("web-1", "10.0.1.11", 1810, cores=8, mem_gb=32)
    shop_pool = Pool("shop", web1, "127.0.0.1:9071", 30, 22511, "/var/www/shop.example.test")
    blog_pool = Pool("blog", web1, "127.0.0.1:9073", 10, 22611, "/var/www/blog.example.test")
    shop = Site("shop.example.test", web1, "woo", 5.0, shop_pool)
    blog = Site("blog.example.test", web1, "blog", 1.5, blog_pool)
    scn.site(shop.name, ["web-1"], "shop", "db-1", "cache-1")
    scn.site(blog.name, ["web-1"], "blog", "db-1", None)
    change(scn, at(9, 2, 10), blog.name, "web-1", "PLUGIN_UPDATED", "wordpress-seo", "24.0")
    change(scn, upd, shop.name, "web-1", "PLUGIN_UPDATED", "fast-checkout", "2.3.1")
    change(scn, deact, shop.name, "web-1", "PLUGIN_DEACTIVATED", "fast-checkout", "2.3.1", actor="wp-cli")
    fpm = Fpm(scn, web1, 1021)
    fpm.started(at(5, 40, 11))
    st_shop, st_blog = FpmStatus(shop_pool), FpmStatus(blog_pool)
    perr = "logs/web-1/shop.example.test/php-error.log"
    # routine noise before the update
    for t in (at(9, 1, 40), at(9, 6, 2), at(9, 9, 33)):
        scn.put(perr, t, php_line(scn, t, "PHP Deprecated:  Creation of dynamic property WC_Gateway_Legacy::$supports_refunds "
                                          "is deprecated in %s/wp-content/plugins/legacy-gateway/class-wc-gateway-legacy.php on line 58" % shop.root))

    def each(t):
        if t.second % 10:
            return
        bad = between(t, onset, deact)
        host_metrics(scn, t, web1, 58.0 if bad else 66.0, 49.0 if not bad else 55.0, 2.4)
        st_shop.emit(scn, t, 4.0, scn.rnd.randint(4, 9) if not bad else scn.rnd.randint(10, 16))
        st_blog.emit(scn, t, 1.2, scn.rnd.randint(1, 2))

    def decide(site, req, t):
        if site is not shop or not req.php:
            return None
        if between(t, upd, upd + 5 * SEC) and req.kind != "cron":
            return Outcome(503, 2476)
        if between(t, onset, deact) and req.kind in ("page", "ajax", "monitor"):
            x = scn.rnd.random()
            if x < 0.58:
                fpm.crash(t, shop_pool, 11, after=scn.rnd.uniform(0.3, 60.0))
                return Outcome(502, 157, ("error", ERR_RESET if scn.rnd.random() < 0.5 else ERR_PREMATURE))
            if x < 0.74:
                if scn.rnd.random() < 0.6:
                    text = ("PHP Fatal error:  Allowed memory size of 268435456 bytes exhausted (tried to allocate "
                            "%d bytes) in %s%s on line 142" % (scn.rnd.choice([65536, 262144, 20480]), shop.root, CART_SYNC))
                else:
                    text = cart_sync_type_error(shop.root)
                scn.put(perr, t, php_line(scn, t, text))
                return Outcome(500, scn.rnd.choice([0, 2720]))
        return None

    Traffic(scn).run([shop, blog], decide, each_second=each)
    scn.incident(shop.name, "BAD_GATEWAY", "PLUGIN_OR_THEME_FAULT", onset)
    scn.action(shop.name, "DEACTIVATE_PLUGIN")
    return scn


# ---------------------------------------------------------------------------------------------------
WALKER = "/wp-content/themes/newsroom-pro/inc/class-mega-menu-walker.php"


@scenario("theme-update-crash", "PLUGIN_OR_THEME_FAULT")
def theme_update_crash():
    """newsroom-pro 4.0.0 (theme) recurses in its menu walker: memory fatals reach nginx as FastCGI
    stderr and workers segfault; site in Europe/Berlin time; fixed by switching to the default theme."""
    upd, onset, switched = at(9, 11, 40), at(9, 11, 45), at(9, 13, 10)
    scn = Scenario("theme-update-crash", 1106, at(9, 0), at(9, 18), tz="Europe/Berlin", description=(
        "news.example.test on web-2 (pool news, unix socket; PHP's error_log is unset so PHP messages reach "
        "nginx as 'FastCGI sent in stderr', and catch_workers_output = yes copies them into php-fpm.log). "
        "Logs are in Europe/Berlin time (UTC+1). At 10:11:40 local (09:11:40Z) the theme newsroom-pro is "
        "updated to 4.0.0; its mega-menu walker recurses on every front-end page: about 20 % of page requests "
        "end in 'Allowed memory size ... exhausted ... in .../themes/newsroom-pro/inc/class-mega-menu-walker.php' "
        "(HTTP 500) and about 65 % overflow the stack and die with SIGSEGV (HTTP 502). REST and feed requests "
        "do not render the menu and keep working. At 10:13:10 local an editor switches to twentytwentyfour and "
        "the site recovers. docs.example.test on the same host is unaffected. Root cause: the theme update."))
    web2 = Host("web-2", "10.0.1.12", 1530, cores=4)
    news_pool = Pool("news", web2, "/run/php/php8.2-fpm-news.sock", 30, 40211, "/var/www/news.example.test")
    docs_pool = Pool("docs", web2, "/run/php/php8.2-fpm-docs.sock", 10, 40290, "/var/www/docs.example.test")
    news = Site("news.example.test", web2, "news", 5.5, news_pool)
    docs = Site("docs.example.test", web2, "docs", 2.0, docs_pool)
    scn.site(news.name, ["web-2"], "news", "db-1", "cache-1")
    scn.site(docs.name, ["web-2"], "docs", "db-1", None)
    change(scn, upd, news.name, "web-2", "THEME_UPDATED", "newsroom-pro", "4.0.0")
    change(scn, switched, news.name, "web-2", "THEME_SWITCHED", "twentytwentyfour", "1.3")
    fpm = Fpm(scn, web2, 1187)
    fpm.started(at(5, 12, 8))
    st_news, st_docs = FpmStatus(news_pool), FpmStatus(docs_pool)
    tr = Traffic(scn)
    # a harmless warning now and then before the update
    warn_times = [at(9, 1, 12), at(9, 4, 51), at(9, 8, 20), at(9, 10, 3), at(9, 15, 44)]

    def each(t):
        if t in warn_times:
            req = tr.request(news, t)
            req.path, req.method = "/news/council-vote/", "GET"
            msg = ('FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined array key "caption" in '
                   '%s/wp-content/themes/newsroom-pro/template-parts/content-single.php on line 41" while reading '
                   'response header from upstream' % news.root)
            tr.emit(news, req, Outcome(200, 31877, ("error", msg)))
            fpm.said_stderr(t, news_pool, scn.rnd.choice(news_pool.pids),
                            'NOTICE: PHP message: PHP Warning:  Undefined array key "caption" in %s/wp-content/themes/'
                            'newsroom-pro/template-parts/content-single.php on line 41' % news.root)
        if t.second % 10:
            return
        bad = between(t, onset, switched)
        host_metrics(scn, t, web2, 55.0 if bad else 70.0, 44.0, 1.6)
        st_news.emit(scn, t, 4.5, scn.rnd.randint(3, 8) if not bad else scn.rnd.randint(9, 15))
        st_docs.emit(scn, t, 1.6, scn.rnd.randint(1, 2))

    def decide(site, req, t):
        if site is not news or not req.php or not between(t, onset, switched) or req.kind not in ("page", "ajax", "monitor"):
            return None
        x = scn.rnd.random()
        if x < 0.65:
            fpm.crash(t, news_pool, 11, after=scn.rnd.uniform(0.2, 50.0))
            return Outcome(502, 157, ("error", ERR_RESET if scn.rnd.random() < 0.6 else ERR_PREMATURE))
        if x < 0.85:
            php = ("PHP Fatal error:  Allowed memory size of 268435456 bytes exhausted (tried to allocate %d bytes) in "
                   "%s%s on line 57" % (scn.rnd.choice([20480, 65536, 131072]), news.root, WALKER))
            pid = scn.rnd.choice(news_pool.pids)
            fpm.said_stderr(t, news_pool, pid, "NOTICE: PHP message: " + php)
            return Outcome(500, 5, ("error", fastcgi_stderr([php])))
        return None

    tr.run([news, docs], decide, each_second=each)
    scn.incident(news.name, "BAD_GATEWAY", "PLUGIN_OR_THEME_FAULT", onset)
    scn.action(news.name, "SWITCH_TO_DEFAULT_THEME")
    return scn
