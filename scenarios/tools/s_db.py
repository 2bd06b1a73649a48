"""Database and cache stories: lock waits that saturate a pool, slow queries behind a 504 storm, one
database behind several sites, a flapping lock, Redis restarting and Redis out of memory."""
import re
from datetime import timedelta

from gwlib import (ERR_TIMEOUT_READ, MARIADB_SLOW_HEADER, SEC, Fpm, FpmStatus, Host, Outcome, Pool, PoolSim, Scenario,
                   Site, Traffic, at, err_unix, from_epoch, host_metrics, metric, mysql_metrics,
                   option_frames, php_line, ramp, redis_banner, redis_bgsave, redis_line, wpdb_frames)
from registry import scenario


def between(t, a, b):
    return a <= t < b


def service_normal(scn, req, page=(0.12, 0.6)):
    r = scn.rnd
    if req.kind == "ajax":
        return r.uniform(0.06, 0.3)
    if req.kind in ("rest", "monitor", "feed"):
        return r.uniform(0.05, 0.3)
    if req.kind == "cron":
        return r.uniform(0.4, 1.5)
    if req.kind == "login":
        return r.uniform(0.2, 0.5)
    return r.uniform(*page)


class LockStory:
    """Row locks held by one long transaction (lock_from .. lock_until); requests that write the locked
    rows wait (Lock_time) until the commit or innodb_lock_wait_timeout (50 s)."""

    def __init__(self, scn, episodes, writer_share, ramp_s=30.0):
        self.scn, self.episodes, self.writer_share, self.ramp_s = scn, episodes, writer_share, ramp_s
        self.blocked = []  # (start, end) of waiting statements

    def wait(self, start, req):
        """Seconds this request's write waits for the lock (0 when it does not collide)."""
        if req.kind not in ("page", "ajax") or self.scn.rnd.random() >= self.writer_share:
            return 0.0
        for a, b in self.episodes:
            a, b = a.timestamp(), b.timestamp()
            if a <= start < b:
                reach = min(1.0, (start - a) / self.ramp_s)   # the scan locks more rows as it goes
                if self.scn.rnd.random() < reach:
                    w = min(50.0, b - start) + self.scn.rnd.uniform(0.0005, 0.004)
                    self.blocked.append((start, start + w))
                    return w
        return 0.0

    def waiting_at(self, t):
        return sum(1 for a, b in self.blocked if a <= t < b)


# ---------------------------------------------------------------------------------------------------
TRANSIENTS = ["_transient_wc_term_counts", "_transient_wc_count_comments", "_transient_timeout_wc_related_%d",
              "_transient_wc_product_loop_%04x", "_transient_timeout_wc_var_prices_%d"]
DELETE_EXPIRED = ("DELETE a, b FROM wp_options a, wp_options b\n\t\t\tWHERE a.option_name LIKE '\\\\_transient\\\\_%'\n"
                  "\t\t\tAND a.option_name NOT LIKE '\\\\_transient\\\\_timeout\\\\_%'\n"
                  "\t\t\tAND b.option_name = CONCAT( '_transient_timeout_', SUBSTRING( a.option_name, 12 ) )\n"
                  "\t\t\tAND b.option_value < {cutoff}")


@scenario("db-lock-wait-saturation", "DATABASE_SLOW")
def db_lock_wait_saturation():
    """WordPress's delete_expired_transients holds row locks on shop's bloated wp_options for 155 s;
    transient writes wait, workers pile up, the pool saturates, nginx answers 502 (11)."""
    lock_from, lock_until = at(9, 10, 30), at(9, 13, 5)
    scn = Scenario("db-lock-wait-saturation", 2101, at(9, 0), at(9, 18), description=(
        "shop.example.test (web-1, pool shop: pm.max_children = 20, unix socket, listen.backlog = 64; nginx "
        "fastcgi_read_timeout 300s) keeps 1.9 M rows in wp_options on db-1 (MariaDB 10.11). At 09:10:30 "
        "wp-cron runs WordPress's delete_expired_transients: one DELETE over wp_options that runs until "
        "09:13:05 and holds row locks meanwhile. Page loads that write a transient wait for those locks: the "
        "slow log fills with UPDATEs on wp_options whose Lock_time grows (from 09:10:31), PHP-FPM's slowlog "
        "shows workers inside mysqli_query(), 'WordPress database error Lock wait timeout exceeded' appears in "
        "php-error.log, the pool reaches pm.max_children, the listen queue fills, and from about 09:11:45 "
        "nginx answers 502 ('connect() to unix:... failed (11: Resource temporarily unavailable)'). When the "
        "DELETE commits the pool drains within seconds. blog.example.test uses another schema on the same "
        "server and is not affected. Root cause: the database (lock contention); saturation is the symptom."))
    web1 = Host("web-1", "10.0.1.11", 1810, cores=8, mem_gb=32)
    shop_pool = Pool("shop", web1, "/run/php/php8.2-fpm-shop.sock", 20, 22511, "/var/www/shop.example.test")
    blog_pool = Pool("blog", web1, "/run/php/php8.2-fpm-blog.sock", 10, 22611, "/var/www/blog.example.test")
    shop = Site("shop.example.test", web1, "woo", 5.0, shop_pool)
    blog = Site("blog.example.test", web1, "blog", 1.5, blog_pool)
    scn.site(shop.name, ["web-1"], "shop", "db-1", "cache-1")
    scn.site(blog.name, ["web-1"], "blog", "db-1", None)
    scn.slow_header["logs/db-1/mysql-slow.log"] = MARIADB_SLOW_HEADER
    fpm = Fpm(scn, web1, 1021)
    fpm.started(at(7, 58, 3))
    sim = PoolSim(20, 64, scn.start.timestamp())
    locks = LockStory(scn, [(lock_from, lock_until)], writer_share=0.4, ramp_s=45.0)
    st_shop, st_blog = FpmStatus(shop_pool), FpmStatus(blog_pool)
    tr = Traffic(scn)
    perr = "logs/web-1/shop.example.test/php-error.log"
    state = {"warned": False, "slowlog": 0, "thread": 2200731}
    # the cron request that starts it: wp-cron is spawned non-blocking, the caller hangs up at once (499)
    cron = tr.cron_request(shop, lock_from - SEC)
    tr.emit(shop, cron, Outcome(499, 0))
    scn.slow_query("db-1", "mariadb", lock_until, 155.201877, 0.000093, "wp_shop", "10.0.1.11", 2200730, "wp_shop",
                   DELETE_EXPIRED.replace("{cutoff}", str(int(lock_from.timestamp()) - 1)), rows_affected=412983, rows_examined=3822410)
    for i, t in enumerate([at(9, 3, 41), at(9, 7, 9), at(9, 15, 52)]):
        scn.slow_query("db-1", "mariadb", t, 1.2 + i * 0.2, 0.00011, "wp_blog", "10.0.1.11", 2199000 + i, "wp_blog",
                       "SELECT wp_posts.ID FROM wp_posts LEFT JOIN wp_term_relationships ON (wp_posts.ID = "
                       "wp_term_relationships.object_id) WHERE 1=1 AND wp_term_relationships.term_taxonomy_id IN (12,14,31) "
                       "AND wp_posts.post_type = 'post' AND (wp_posts.post_status = 'publish') GROUP BY wp_posts.ID "
                       "ORDER BY wp_posts.post_date DESC LIMIT 0, 10", rows_sent=10, rows_examined=91220)

    def on_shop(req, t):
        arrival = t.timestamp() + scn.rnd.random()
        info = {}

        def service(start):
            w = locks.wait(start, req)
            info["wait"] = w
            return service_normal(scn, req, (0.15, 0.7)) + w

        got = sim.arrive(arrival, service)
        if got is None:
            req.t = from_epoch(arrival)
            return Outcome(502, 157, ("error", err_unix(shop_pool.listen, 11)))
        start, end = got
        w = info["wait"]
        if w > 0:
            state["thread"] += scn.rnd.randint(1, 9)
            opt = scn.rnd.choice(TRANSIENTS)
            if "%d" in opt:
                opt = opt % scn.rnd.randint(100, 9999)
            elif "%04x" in opt:
                opt = opt % scn.rnd.randint(0, 0xffff)
            q = "UPDATE `wp_options` SET `option_value` = '%d' WHERE `option_name` = '%s'" % (int(start) + 3600, opt)
            wend = start + 0.05 + w
            if w >= 1.0:
                scn.slow_query("db-1", "mariadb", from_epoch(wend), w + scn.rnd.uniform(0.0001, 0.0009), w, "wp_shop",
                               "10.0.1.11", state["thread"], "wp_shop", q, rows_affected=0 if w >= 50 else 1,
                               rows_examined=0 if w >= 50 else 1, bytes_sent=67 if w >= 50 else 52)
            if w >= 50:
                scn.put(perr, from_epoch(wend), php_line(scn, from_epoch(wend),
                        "WordPress database error Lock wait timeout exceeded; try restarting transaction for query %s "
                        "made by require('wp-blog-header.php'), require_once('wp-load.php'), require_once('wp-config.php'), "
                        "require_once('wp-settings.php'), do_action('init'), WP_Hook->do_action, WP_Hook->apply_filters, "
                        "wc_change_term_counts, set_transient, update_option" % q))
            if end - start > 10 and state["slowlog"] < 45:
                state["slowlog"] += 1
                pid = scn.rnd.choice(shop_pool.pids)
                fpm.too_slow(from_epoch(start + 10), shop_pool, pid, shop, req, 10.0 + scn.rnd.random() * 0.02,
                             option_frames(shop.root))
        req.t = from_epoch(end + 0.001)
        return tr.healthy(req)

    def each(t):
        now = t.timestamp()
        full = sim.active(now) >= 20
        if full and not state["warned"]:
            fpm.max_children(t, shop_pool)
            state["warned"] = True
        if not full and sim.queue(now) == 0:
            state["warned"] = False
        if t.second % 10:
            return
        host_metrics(scn, t, web1, 74.0, 52.0, 1.9)
        st_shop.emit(scn, t, 4.0, max(sim.active(now), 2), queue=sim.queue(now))
        st_blog.emit(scn, t, 1.2, scn.rnd.randint(1, 2))
        w = locks.waiting_at(now)
        mysql_metrics(scn, t, "db-1", 3 + w + scn.rnd.randint(0, 2) + (1 if between(t, lock_from, lock_until) else 0),
                      32 + w, 20412 + int((t - scn.start).seconds / 120) + len([1 for a, b in locks.blocked if b < now]),
                      91200000 + (t - scn.start).seconds * 320, row_lock_waits=w)

    def decide(site, req, t):
        if site is shop and req.php:
            return on_shop(req, t)
        return None

    tr.run([shop, blog], decide, each_second=each)
    scn.incident(shop.name, "BAD_GATEWAY", "DATABASE_SLOW", tr.first(shop, 502, lock_from))
    scn.action(shop.name, "NOTIFY")
    return scn


# ---------------------------------------------------------------------------------------------------
FACET_QUERY = ("SELECT SQL_CALC_FOUND_ROWS  wp_posts.ID\n\t\t\t\t\t FROM wp_posts  LEFT JOIN wp_term_relationships ON "
               "(wp_posts.ID = wp_term_relationships.object_id) LEFT JOIN wp_postmeta ON ( wp_posts.ID = "
               "wp_postmeta.post_id AND wp_postmeta.meta_key = '_price' )\n\t\t\t\t\t WHERE 1=1  AND ( \n  "
               "wp_term_relationships.term_taxonomy_id IN (%d)\n) AND ((wp_posts.post_type = 'product' AND "
               "(wp_posts.post_status = 'publish')))\n\t\t\t\t\t GROUP BY wp_posts.ID\n\t\t\t\t\t ORDER BY "
               "wp_postmeta.meta_value+0 %s, wp_posts.ID %s\n\t\t\t\t\t LIMIT 0, 24")
REPORT_QUERY = ("SELECT DATE(o.date_created) AS day, pm.meta_value AS channel, COUNT(*) AS orders, SUM(o.total_sales) AS "
                "revenue FROM wp_wc_order_stats o JOIN wp_postmeta pm ON pm.post_id = o.order_id AND pm.meta_key = "
                "'_created_via' WHERE o.date_created >= '2024-01-01' GROUP BY day, channel ORDER BY day")


@scenario("db-slow-504-storm", "DATABASE_SLOW")
def db_slow_504_storm():
    """A BI report saturates db-2's disks; store's catalogue queries take 40-120 s and nginx answers 504
    (upstream timed out) for every catalogue page while product pages keep working."""
    report, killed = at(9, 11, 0), at(9, 14, 0)
    scn = Scenario("db-slow-504-storm", 2102, at(9, 0), at(9, 18), description=(
        "store.example.test on web-2 (pool store: pm.max_children = 120, unix socket; nginx keeps the default "
        "fastcgi_read_timeout of 60 s) uses db-2 (MySQL 8.0). At 09:11:00 a BI tool connected as 'metabase' starts "
        "a revenue report that scans wp_wc_order_stats joined with wp_postmeta and saturates the disks. The "
        "shop's catalogue queries (home page grid, /shop/, category pages, product search: a join of wp_posts "
        "and wp_postmeta sorted by price) go from 0.3 s to 8 s within 10 s and to 55-120 s after half a minute; "
        "they show up in db-2's slow log as they complete (from 09:11:10), PHP-FPM's slowlog shows workers in "
        "mysqli_query(), and from about 09:12:25 nginx logs 'upstream timed out (110: Connection timed out) "
        "while reading response header from upstream' and answers 504 for about a third of all requests. "
        "Product pages, cart and REST calls stay fast; the pool never runs out of workers (no 502). The report "
        "is killed at 09:14:00 and the queries return to normal. docs.example.test on the same host uses db-1 "
        "and is unaffected. Root cause: the database; expected a GATEWAY_TIMEOUT incident."))
    web2 = Host("web-2", "10.0.1.12", 1530, cores=4)
    pool = Pool("store", web2, "/run/php/php8.2-fpm-store.sock", 120, 31102, "/var/www/store.example.test")
    docs_pool = Pool("docs", web2, "/run/php/php8.2-fpm-docs.sock", 10, 40290, "/var/www/docs.example.test")
    store = Site("store.example.test", web2, "woo", 3.0, pool)
    docs = Site("docs.example.test", web2, "docs", 1.5, docs_pool)
    scn.site(store.name, ["web-2"], "store", "db-2", None)
    scn.site(docs.name, ["web-2"], "docs", "db-1", None)
    fpm = Fpm(scn, web2, 1187)
    fpm.started(at(2, 0, 31))
    sim = PoolSim(120, 511, scn.start.timestamp())
    st, st_docs = FpmStatus(pool), FpmStatus(docs_pool)
    tr = Traffic(scn)
    state = {"thread": 918220, "busy": False, "inflight": []}
    scn.slow_query("db-2", "mysql", killed, 180.004113, 0.000412, "metabase", "10.0.5.50", 918101, "wp_store",
                   REPORT_QUERY, rows_sent=0, rows_examined=61311872)
    for i, t in enumerate([at(9, 2, 2), at(9, 5, 40), at(9, 9, 12), at(9, 16, 30)]):
        scn.slow_query("db-2", "mysql", t, 1.05 + 0.1 * i, 0.000091, "wp_store", "10.0.1.12", 917000 + i * 13, "wp_store",
                       FACET_QUERY % (31 + i, "DESC", "DESC"), rows_sent=24, rows_examined=88120)

    def heavy(req):
        p = req.path
        return req.kind == "page" and (p == "/" or p.startswith("/shop/") or p.startswith("/product-category/")
                                       or p.startswith("/?s="))

    def qtime(start):
        if start < report.timestamp() or start >= killed.timestamp():
            return scn.rnd.uniform(0.2, 0.5)
        x = start - report.timestamp()
        base = ramp(from_epoch(start), report, report + 10 * SEC, 0.5, 8.0) if x < 10 else \
            ramp(from_epoch(start), report + 10 * SEC, report + 30 * SEC, 8.0, 80.0)
        d = base * scn.rnd.uniform(0.7, 1.5)
        # once the report is killed, what is still running finishes within a few seconds
        return min(d, killed.timestamp() - start + scn.rnd.uniform(0.5, 4.0))

    def on_store(req, t):
        arrival = t.timestamp() + scn.rnd.random()
        info = {}

        def service(start):
            q = qtime(start) if heavy(req) else 0.0
            info["q"] = q
            return service_normal(scn, req, (0.12, 0.4)) + q

        start, end = sim.arrive(arrival, service)
        q = info["q"]
        if q >= 1.0:
            state["thread"] += scn.rnd.randint(1, 7)
            scn.slow_query("db-2", "mysql", from_epoch(start + 0.08 + q), q, scn.rnd.uniform(0.00005, 0.0003),
                           "wp_store", "10.0.1.12", state["thread"], "wp_store",
                           FACET_QUERY % (scn.rnd.choice([17, 18, 22, 31, 40]), *([scn.rnd.choice(["ASC", "DESC"])] * 2)),
                           rows_sent=24, rows_examined=scn.rnd.randint(180000, 420000))
        if end - start > 30:
            pid = scn.rnd.choice(pool.pids)
            fpm.too_slow(from_epoch(start + 30), pool, pid, store, req, 30.0 + scn.rnd.random() * 0.03,
                         wpdb_frames(store.root))
            st.slow += 1
        if end - arrival > 60:
            req.t = from_epoch(arrival + 60.0)
            return Outcome(504, 167, ("error", ERR_TIMEOUT_READ))
        req.t = from_epoch(end + 0.001)
        return tr.healthy(req)

    def each(t):
        now = t.timestamp()
        act = sim.active(now)
        if act > 30 and not state["busy"]:
            fpm.seems_busy(t, pool, 8, act + 8)
            state["busy"] = True
        if act < 20:
            state["busy"] = False
        if t.second % 10:
            return
        stalled = between(t, report, killed)
        host_metrics(scn, t, web2, 83.0 if stalled else 76.0, 51.0, 1.3 if not stalled else 2.8)
        host_metrics(scn, t, Host("db-2", "10.0.2.22", 1, cores=8, mem_gb=64), 38.0 if stalled else 88.0, 81.0,
                     9.0 if stalled else 0.8, iowait=57.0 if stalled else 1.1)
        st.emit(scn, t, 2.6, max(act, 2), queue=sim.queue(now))
        st_docs.emit(scn, t, 1.2, scn.rnd.randint(1, 2))
        mysql_metrics(scn, t, "db-2", (min(act, 70) + 2) if stalled else scn.rnd.randint(2, 5), 40 + min(act, 70),
                      88010 + int((t - scn.start).seconds / 100) + (int((t - report).total_seconds() * 0.8) if t > report else 0),
                      55100000 + (t - scn.start).seconds * 210)

    def decide(site, req, t):
        if site is store and req.php:
            return on_store(req, t)
        return None

    tr.run([store, docs], decide, each_second=each, static_share=0.15)
    scn.incident(store.name, "GATEWAY_TIMEOUT", "DATABASE_SLOW", tr.first(store, 504, report))
    scn.action(store.name, "NOTIFY")
    return scn


# ---------------------------------------------------------------------------------------------------
@scenario("db-shared-three-sites", "DATABASE_SLOW")
def db_shared_three_sites():
    """db-1's storage stalls for two minutes: three sites on three hosts saturate their pools and answer
    502; a fourth site on db-2 is fine. Three incidents, one root cause."""
    stall, healed = at(9, 11, 30), at(9, 13, 30)
    scn = Scenario("db-shared-three-sites", 2103, at(9, 0), at(9, 17, 30), description=(
        "db-1 (MariaDB 10.11, log_slow_rate_limit = 10, so one slow query in ten is logged) serves "
        "shop.example.test (web-1), news.example.test (web-2) and docs.example.test (web-3); "
        "status.example.test on web-3 uses db-2. The fleet's pool template uses unix sockets with "
        "listen.backlog = 32 and nginx fastcgi_read_timeout 120s. At 09:11:30 the RAID controller of db-1 "
        "starts a battery relearn and drops to write-through: commits and reads from disk take seconds, every "
        "query of the three sites slows to 5-25 s (Lock_time ~0, few rows examined), threads_running climbs "
        "to max_connections and WordPress starts failing with 'Too many connections' (HTTP 500). PHP workers "
        "pile up on all three web hosts; each pool reaches max_children and nginx answers 502 (11: Resource "
        "temporarily unavailable) from about 09:11:55. Storage recovers at 09:13:30. Each affected site gets "
        "its own incident, all three attributed to the database; status.example.test stays healthy."))
    hosts = {n: Host(n, ip, pid, cores=8 if n == "web-1" else 4) for n, ip, pid in
             (("web-1", "10.0.1.11", 1810), ("web-2", "10.0.1.12", 1530), ("web-3", "10.0.1.13", 2210))}
    pools = {
        "shop": Pool("shop", hosts["web-1"], "/run/php/php8.2-fpm-shop.sock", 16, 22511, "/var/www/shop.example.test"),
        "news": Pool("news", hosts["web-2"], "/run/php/php8.2-fpm-news.sock", 16, 40211, "/var/www/news.example.test"),
        "docs": Pool("docs", hosts["web-3"], "/run/php/php8.2-fpm-docs.sock", 10, 30511, "/var/www/docs.example.test"),
        "status": Pool("status", hosts["web-3"], "/run/php/php8.2-fpm-status.sock", 6, 30611, "/var/www/status.example.test"),
    }
    sites = [Site("shop.example.test", hosts["web-1"], "woo", 3.5, pools["shop"]),
             Site("news.example.test", hosts["web-2"], "news", 3.0, pools["news"]),
             Site("docs.example.test", hosts["web-3"], "docs", 2.2, pools["docs"]),
             Site("status.example.test", hosts["web-3"], "docs", 0.8, pools["status"])]
    for s in sites:
        scn.site(s.name, [s.host.name], s.pool.name, "db-2" if s.pool.name == "status" else "db-1", None)
    scn.slow_header["logs/db-1/mysql-slow.log"] = MARIADB_SLOW_HEADER
    fpms = {h: Fpm(scn, hosts[h], pid) for h, pid in (("web-1", 1021), ("web-2", 1187), ("web-3", 912))}
    for f in fpms.values():
        f.started(at(5, 1, 12))
    sims = {s.name: PoolSim(s.pool.max_children, 32, scn.start.timestamp()) for s in sites}
    stats = {s.name: FpmStatus(s.pool) for s in sites}
    warned = {s.name: False for s in sites}
    tr = Traffic(scn)
    thread = [3310000]
    queries = {
        "shop": ["SELECT option_name, option_value FROM wp_options WHERE autoload IN ( 'yes', 'on', 'auto-on', 'auto' )",
                 "SELECT * FROM wp_woocommerce_sessions WHERE session_key = 't_%x'",
                 "UPDATE `wp_woocommerce_sessions` SET `session_expiry` = %d WHERE `session_key` = 't_%x'"],
        "news": ["SELECT option_name, option_value FROM wp_options WHERE autoload IN ( 'yes', 'on', 'auto-on', 'auto' )",
                 "SELECT wp_posts.* FROM wp_posts WHERE ID IN (%d,%d,%d,%d,%d)",
                 "INSERT INTO `wp_postmeta` (`post_id`, `meta_key`, `meta_value`) VALUES (%d, 'post_views_count', '%d')"],
        "docs": ["SELECT option_name, option_value FROM wp_options WHERE autoload IN ( 'yes', 'on', 'auto-on', 'auto' )",
                 "SELECT t.*, tt.* FROM wp_terms AS t INNER JOIN wp_term_taxonomy AS tt ON t.term_id = tt.term_id WHERE tt.taxonomy IN ('doc_category') AND t.term_id = %d",
                 "SELECT post_id, meta_key, meta_value FROM wp_postmeta WHERE post_id IN (%d) ORDER BY meta_id ASC"],
    }

    def dbtime(start):
        if not (stall.timestamp() <= start < healed.timestamp()):
            return 0.0
        base = ramp(from_epoch(start), stall, stall + 15 * SEC, 0.5, 14.0)
        d = base * scn.rnd.uniform(0.4, 1.8)
        return min(d, healed.timestamp() - start + scn.rnd.uniform(0.2, 1.5))

    def fill(q):
        return re.sub(r"%[dx]", lambda m: (str(scn.rnd.randint(100, 99999)) if m.group(0) == "%d"
                                           else "%x" % scn.rnd.randint(0x10000, 0xfffff)), q)

    def decide(site, req, t):
        if not req.php:
            return None
        sim = sims[site.name]
        arrival = t.timestamp() + scn.rnd.random()
        if site.pool.name == "status":
            got = sim.arrive(arrival, lambda s: service_normal(scn, req))
            req.t = from_epoch(got[1])
            return tr.healthy(req)
        info = {}

        def service(start):
            d = dbtime(start)
            info["d"] = d
            info["toomany"] = d > 0 and start > (stall + 20 * SEC).timestamp() and scn.rnd.random() < 0.15
            if info["toomany"]:
                return scn.rnd.uniform(0.01, 0.05)
            return service_normal(scn, req) + d

        got = sim.arrive(arrival, service)
        if got is None:
            req.t = from_epoch(arrival)
            return Outcome(502, 157, ("error", err_unix(site.pool.listen, 11)))
        start, end = got
        req.t = from_epoch(end + 0.001)
        if info["toomany"]:
            if site.pool.name == "shop":
                scn.put("logs/web-1/shop.example.test/php-error.log", req.t, php_line(scn, req.t,
                        "PHP Warning:  mysqli_real_connect(): (HY000/1040): Too many connections in "
                        "/var/www/shop.example.test/wp-includes/class-wpdb.php on line 1987"))
            return Outcome(500, 2870)
        d = info["d"]
        if d > 1.0 and scn.rnd.random() < 0.1:
            thread[0] += scn.rnd.randint(3, 40)
            name = site.pool.name
            q = fill(scn.rnd.choice(queries[name]))
            scn.slow_query("db-1", "mariadb", from_epoch(start + 0.02 + d), d, scn.rnd.uniform(0.00002, 0.0002),
                           "wp_" + name, site.host.ip, thread[0], "wp_" + name, q,
                           rows_sent=1 if q.startswith("SELECT") else 0, rows_examined=scn.rnd.randint(1, 900),
                           rows_affected=0 if q.startswith("SELECT") else 1)
        return tr.healthy(req)

    def each(t):
        now = t.timestamp()
        total_active = 0
        for s in sites:
            sim = sims[s.name]
            act = sim.active(now)
            total_active += act if s.pool.name != "status" else 0
            full = act >= s.pool.max_children
            if full and not warned[s.name]:
                fpms[s.host.name].max_children(t, s.pool)
                warned[s.name] = True
            if not full and sim.queue(now) == 0:
                warned[s.name] = False
        if t.second % 10:
            return
        stalled = between(t, stall, healed)
        for h in hosts.values():
            host_metrics(scn, t, h, 80.0 if stalled else 70.0, 48.0, 1.5)
        for s in sites:
            stats[s.name].emit(scn, t, s.rps * 0.8, max(2, sims[s.name].active(now)), queue=sims[s.name].queue(now))
        host_metrics(scn, t, Host("db-1", "10.0.2.21", 1, cores=16, mem_gb=64), 30.0 if stalled else 81.0, 77.0,
                     22.0 if stalled else 1.2, iowait=64.0 if stalled else 0.9)
        mysql_metrics(scn, t, "db-1", min(150, 4 + total_active * 3) if stalled else scn.rnd.randint(2, 6),
                      151 if stalled and t > stall + 20 * SEC else 40 + total_active,
                      40112 + int((t - scn.start).seconds / 90) + (int((t - stall).total_seconds() * 11) if t > stall else 0),
                      130400000 + (t - scn.start).seconds * 900)
        mysql_metrics(scn, t, "db-2", scn.rnd.randint(1, 3), 12, 1022, 8800000 + (t - scn.start).seconds * 40)

    tr.run(sites, decide, each_second=each)
    for s in sites[:3]:
        scn.incident(s.name, "BAD_GATEWAY", "DATABASE_SLOW", tr.first(s, 502, stall))
        scn.action(s.name, "NOTIFY")
    return scn


# ---------------------------------------------------------------------------------------------------
SESSION_CLEANUP = "DELETE FROM wp_woocommerce_sessions WHERE session_expiry < %d"


@scenario("flapping-session-cleanup", "DATABASE_SLOW")
def flapping_session_cleanup():
    """A crontab re-runs WooCommerce's session cleanup every 5 minutes; each run locks
    wp_woocommerce_sessions for 90 s and the shop answers 502 for about a minute: one incident that
    resolves and re-opens."""
    episodes = [(at(9, 11, 0), at(9, 12, 30)), (at(9, 16, 0), at(9, 17, 30))]
    scn = Scenario("flapping-session-cleanup", 2104, at(9, 0), at(9, 23), description=(
        "shop.example.test (web-1, pool shop: pm.max_children = 16, unix socket, listen.backlog = 64; nginx "
        "fastcgi_read_timeout 300s) on db-1 (MariaDB 10.11). A crontab line added by mistake runs 'wp cron "
        "event run woocommerce_cleanup_sessions' every five minutes; each run is one DELETE on a 4 M-row "
        "wp_woocommerce_sessions that holds its locks for 90 s (09:11:00-09:12:30 and 09:16:00-09:17:30). "
        "Every request that saves a cart session waits on those locks (slow log, 'Lock wait timeout "
        "exceeded' in php-error.log), the pool saturates and nginx answers 502 (11) for about a minute each "
        "time. Between the runs the site is healthy for almost four minutes, long enough for the incident to "
        "resolve; the second run falls within the hold period, so the same incident re-opens: ONE incident, "
        "attributed to the database."))
    web1 = Host("web-1", "10.0.1.11", 1810, cores=8, mem_gb=32)
    pool = Pool("shop", web1, "/run/php/php8.2-fpm-shop.sock", 16, 22511, "/var/www/shop.example.test")
    shop = Site("shop.example.test", web1, "woo", 5.0, pool)
    scn.site(shop.name, ["web-1"], "shop", "db-1", "cache-1")
    fpm = Fpm(scn, web1, 1021)
    fpm.started(at(6, 30, 0))
    sim = PoolSim(16, 64, scn.start.timestamp())
    locks = LockStory(scn, episodes, writer_share=0.5, ramp_s=8.0)
    st = FpmStatus(pool)
    tr = Traffic(scn)
    perr = "logs/web-1/shop.example.test/php-error.log"
    state = {"warned": False, "thread": 5501200, "slowlog": 0}
    for a, b in [(at(9, 6, 0), at(9, 6, 4))] + episodes + [(at(9, 21, 0), at(9, 21, 3))]:
        # the cron runs every 5 minutes; before 09:11 and after 09:17 the table was small enough to be quick
        scn.slow_query("db-1", "mariadb", b, (b - a).total_seconds() + 0.21, 0.000121, "wp_shop", "10.0.1.11",
                       5501000 + a.minute, "wp_shop", SESSION_CLEANUP % (int(a.timestamp()) - 1),
                       rows_affected=scn.rnd.randint(1200000, 1900000) if (b - a).seconds > 10 else 4120,
                       rows_examined=4210331)

    def on_shop(req, t):
        arrival = t.timestamp() + scn.rnd.random()
        info = {}

        def service(start):
            w = locks.wait(start, req)
            info["wait"] = w
            return service_normal(scn, req, (0.15, 0.6)) + w

        got = sim.arrive(arrival, service)
        if got is None:
            req.t = from_epoch(arrival)
            return Outcome(502, 157, ("error", err_unix(pool.listen, 11)))
        start, end = got
        w = info["wait"]
        if w > 0:
            state["thread"] += scn.rnd.randint(1, 9)
            key = "t_%032x" % scn.rnd.getrandbits(128)
            q = ("INSERT INTO `wp_woocommerce_sessions` (`session_key`, `session_value`, `session_expiry`) VALUES ('%s', "
                 "'a:4:{s:4:\\\"cart\\\";s:6:\\\"a:0:{}\\\";s:8:\\\"customer\\\";s:734:\\\"a:27:{...}\\\";}', %d) ON DUPLICATE KEY "
                 "UPDATE `session_value` = VALUES(`session_value`), `session_expiry` = VALUES(`session_expiry`)"
                 % (key, int(start) + 172800))
            wend = start + 0.1 + w
            if w >= 1.0:
                scn.slow_query("db-1", "mariadb", from_epoch(wend), w + scn.rnd.uniform(0.0001, 0.0009), w, "wp_shop",
                               "10.0.1.11", state["thread"], "wp_shop", q, rows_affected=0 if w >= 50 else 1,
                               rows_examined=0, bytes_sent=67 if w >= 50 else 11)
            if w >= 50:
                scn.put(perr, from_epoch(wend), php_line(scn, from_epoch(wend),
                        "WordPress database error Lock wait timeout exceeded; try restarting transaction for query %s made by "
                        "shutdown_action_hook, do_action('shutdown'), WP_Hook->do_action, WP_Hook->apply_filters, "
                        "WC_Session_Handler->save_data" % q))
            if end - start > 10 and state["slowlog"] < 50:
                state["slowlog"] += 1
                fpm.too_slow(from_epoch(start + 10), pool, scn.rnd.choice(pool.pids), shop, req, 10.0 + scn.rnd.random() * 0.02,
                             wpdb_frames(shop.root, [
                                 ("query()", "%s/wp-includes/class-wpdb.php:2350"),
                                 ("save_data()", "%s/wp-content/plugins/woocommerce/includes/class-wc-session-handler.php:351"),
                                 ("do_action()", "%s/wp-includes/plugin.php:517"),
                                 ("shutdown_action_hook()", "%s/wp-includes/load.php:1279"),
                                 ("[INCLUDE_OR_EVAL]()", "%s/index.php:0")]))
        req.t = from_epoch(end + 0.001)
        return tr.healthy(req)

    def each(t):
        now = t.timestamp()
        full = sim.active(now) >= 16
        if full and not state["warned"]:
            fpm.max_children(t, pool)
            state["warned"] = True
        if not full and sim.queue(now) == 0:
            state["warned"] = False
        if t.second % 10:
            return
        host_metrics(scn, t, web1, 73.0, 50.0, 1.8)
        st.emit(scn, t, 4.0, max(2, sim.active(now)), queue=sim.queue(now))
        w = locks.waiting_at(now)
        mysql_metrics(scn, t, "db-1", 3 + w + scn.rnd.randint(0, 2), 30 + w,
                      20412 + len([1 for a, b in locks.blocked if b < now]), 91200000 + (t - scn.start).seconds * 320,
                      row_lock_waits=w)

    def decide(site, req, t):
        if req.php:
            return on_shop(req, t)
        return None

    tr.run([shop], decide, each_second=each)
    scn.incident(shop.name, "BAD_GATEWAY", "DATABASE_SLOW", tr.first(shop, 502, episodes[0][0]))
    scn.action(shop.name, "NOTIFY")
    return scn


# ---------------------------------------------------------------------------------------------------
def redis_exception_text(root, message, cls="RedisException", line=1243, method="get", key="'wp:options:allop...'"):
    """What the Redis Object Cache drop-in's error_log($exception) writes (the exception's __toString)."""
    oc = root + "/wp-content/object-cache.php"
    return "\n".join([
        "%s: %s in %s:%d" % (cls, message, oc, line),
        "Stack trace:",
        "#0 %s(%d): Redis->%s(%s)" % (oc, line, method, key),
        "#1 %s(1198): WP_Object_Cache->get('alloptions', 'options', false, NULL)" % oc,
        "#2 %s/wp-includes/cache.php(160): WP_Object_Cache->get('alloptions', 'options', false, NULL)" % root,
        "#3 %s/wp-includes/option.php(589): wp_cache_get('alloptions', 'options')" % root,
        "#4 %s/wp-includes/option.php(140): wp_load_alloptions()" % root,
        "#5 %s/wp-settings.php(547): get_option('siteurl')" % root,
        "#6 %s/wp-config.php(98): require_once('%s')" % (root, (root + "/")[:15] + "..."),
        "#7 {main}"])


@scenario("cache-redis-restart-loading", "CACHE_FAILURE")
def cache_redis_restart_loading():
    """Redis on cache-1 is restarted and spends 100 s loading a 3.4 GB RDB; the shop's object cache falls
    back to MySQL on every request, pages take seconds, the pool saturates: 502."""
    term, gone, up, ready = at(9, 12, 0), at(9, 12, 14), at(9, 12, 15), at(9, 13, 58)
    scn = Scenario("cache-redis-restart-loading", 2105, at(9, 0), at(9, 18), description=(
        "shop.example.test (web-1, pool shop: pm.max_children = 12, unix socket, listen.backlog = 32) keeps "
        "its WordPress object cache in Redis on cache-1 (10.0.3.31, Redis 7.0, 3.4 GB dataset) through the "
        "Redis Object Cache drop-in in graceful mode: on a Redis error it logs the exception and falls back "
        "to MySQL for the rest of the request. At 09:12:00 unattended-upgrades restarts redis-server: the "
        "shutdown save blocks Redis for 14 s (phpredis 'read error on connection'), it is gone for a second "
        "('Connection refused'), then loads its RDB until 09:13:58 ('LOADING Redis is loading the dataset in "
        "memory'). Without the cache every page costs dozens of extra queries: db-1's slow log fills, pages "
        "take 4-10 s, the pool reaches max_children and from about 09:12:25 nginx answers 502 (11). When Redis "
        "is ready again the shop recovers within seconds. blog.example.test on the same host does not use "
        "Redis and stays healthy. Root cause: the cache; the slow database and the saturated pool are "
        "symptoms."))
    web1 = Host("web-1", "10.0.1.11", 1810, cores=8, mem_gb=32)
    pool = Pool("shop", web1, "/run/php/php8.2-fpm-shop.sock", 12, 22511, "/var/www/shop.example.test")
    blog_pool = Pool("blog", web1, "/run/php/php8.2-fpm-blog.sock", 10, 22611, "/var/www/blog.example.test")
    shop = Site("shop.example.test", web1, "woo", 4.0, pool)
    blog = Site("blog.example.test", web1, "blog", 1.2, blog_pool)
    scn.site(shop.name, ["web-1"], "shop", "db-1", "cache-1")
    scn.site(blog.name, ["web-1"], "blog", "db-1", None)
    scn.slow_header["logs/db-1/mysql-slow.log"] = MARIADB_SLOW_HEADER
    fpm = Fpm(scn, web1, 1021)
    fpm.started(at(7, 12, 0))
    sim = PoolSim(12, 32, scn.start.timestamp())
    st, st_blog = FpmStatus(pool), FpmStatus(blog_pool)
    tr = Traffic(scn)
    perr = "logs/web-1/shop.example.test/php-error.log"
    state = {"warned": False, "thread": 4100200}
    ms = timedelta(milliseconds=1)
    # Redis: routine saves, the restart, the long load
    for i, t in enumerate([at(9, 1, 3), at(9, 6, 3), at(9, 11, 3)]):
        redis_bgsave(scn, "cache-1", t, 812, 60211 + i * 977, changes=100, secs=300, dur_ms=9400)
    scn.put("logs/cache-1/redis.log", term, "812:signal-handler (%d) Received SIGTERM scheduling shutdown..." % term.timestamp())
    redis_line(scn, "cache-1", term + 88 * ms, 812, "M", "#", "User requested shutdown...")
    redis_line(scn, "cache-1", term + 88 * ms, 812, "M", "*", "Saving the final RDB snapshot before exiting.")
    redis_line(scn, "cache-1", gone - 301 * ms, 812, "M", "*", "DB saved on disk")
    redis_line(scn, "cache-1", gone - 300 * ms, 812, "M", "*", "Removing the pid file.")
    redis_line(scn, "cache-1", gone - 300 * ms, 812, "M", "#", "Redis is now ready to exit, bye bye...")
    redis_banner(scn, "cache-1", up + 101 * ms, 71544)
    redis_line(scn, "cache-1", up + 104 * ms, 71544, "M", "*", "Loading RDB produced by version 7.0.15")
    redis_line(scn, "cache-1", up + 104 * ms, 71544, "M", "*", "RDB age 15 seconds")
    redis_line(scn, "cache-1", up + 104 * ms, 71544, "M", "*", "RDB memory usage when created 3421.55 Mb")
    redis_line(scn, "cache-1", ready - 124 * ms, 71544, "M", "*", "Done loading RDB, keys loaded: 2841129, keys expired: 10220.")
    redis_line(scn, "cache-1", ready - 124 * ms, 71544, "M", "*", "DB loaded from disk: 103.653 seconds")
    redis_line(scn, "cache-1", ready - 123 * ms, 71544, "M", "*", "Ready to accept connections")

    def cache_state(start):
        t = start
        if term.timestamp() <= t < gone.timestamp():
            return "read error on connection to 10.0.3.31:6379", 1.0
        if gone.timestamp() <= t < up.timestamp() + 0.2:
            return "Connection refused", 0.0
        if up.timestamp() + 0.2 <= t < ready.timestamp():
            return "LOADING Redis is loading the dataset in memory", 0.0
        return None, 0.0

    def db_extra(start):
        """Seconds of extra MySQL work per page while the cache is missing (db-1 gets slower as the stampede
        goes on)."""
        if not (term.timestamp() + 1 <= start < ready.timestamp()):
            return 0.0
        return ramp(from_epoch(start), term, term + 15 * SEC, 3.0, 9.0) * scn.rnd.uniform(0.6, 1.4)

    def on_shop(req, t):
        arrival = t.timestamp() + scn.rnd.random()
        info = {}

        def service(start):
            err, penalty = cache_state(start)
            info["err"] = err
            extra = db_extra(start) if err else 0.0
            info["db"] = extra
            if req.kind in ("monitor",):
                extra *= 0.2
            return service_normal(scn, req, (0.15, 0.45)) + penalty + extra

        got = sim.arrive(arrival, service)
        if got is None:
            req.t = from_epoch(arrival)
            return Outcome(502, 157, ("error", err_unix(pool.listen, 11)))
        start, end = got
        if info["err"]:
            tt = from_epoch(start + (1.0 if "read error" in info["err"] else 0.002))
            scn.put(perr, tt, php_line(scn, tt, redis_exception_text(shop.root, info["err"])))
            if info["db"] > 2.0 and scn.rnd.random() < 0.35:
                state["thread"] += scn.rnd.randint(1, 12)
                q = scn.rnd.choice([
                    "SELECT option_name, option_value FROM wp_options WHERE autoload IN ( 'yes', 'on', 'auto-on', 'auto' )",
                    "SELECT t.*, tt.*, tr.object_id FROM wp_terms AS t  INNER JOIN wp_term_taxonomy AS tt ON t.term_id = "
                    "tt.term_id INNER JOIN wp_term_relationships AS tr ON tr.term_taxonomy_id = tt.term_taxonomy_id  WHERE "
                    "tt.taxonomy IN ('product_type', 'product_visibility', 'product_cat', 'product_tag') AND tr.object_id IN "
                    "(%s) ORDER BY t.name ASC" % ", ".join(str(scn.rnd.randint(100, 9000)) for _ in range(16)),
                    "SELECT post_id, meta_key, meta_value FROM wp_postmeta WHERE post_id IN (%s) ORDER BY meta_id ASC"
                    % ", ".join(str(scn.rnd.randint(100, 9000)) for _ in range(24))])
                qt = min(info["db"] * scn.rnd.uniform(0.3, 0.7), end - start)
                scn.slow_query("db-1", "mariadb", from_epoch(start + qt + 0.3), qt, scn.rnd.uniform(0.00003, 0.0002),
                               "wp_shop", "10.0.1.11", state["thread"], "wp_shop", q,
                               rows_sent=scn.rnd.randint(20, 2400), rows_examined=scn.rnd.randint(2000, 40000))
        req.t = from_epoch(end + 0.001)
        return tr.healthy(req)

    def each(t):
        now = t.timestamp()
        full = sim.active(now) >= 12
        if full and not state["warned"]:
            fpm.max_children(t, pool)
            state["warned"] = True
        if not full and sim.queue(now) == 0:
            state["warned"] = False
        if t.second % 10:
            return
        bad = between(t, term, ready)
        host_metrics(scn, t, web1, 55.0 if bad else 71.0, 50.0, 2.6 if bad else 1.7)
        st.emit(scn, t, 3.0, max(2, sim.active(now)), queue=sim.queue(now))
        st_blog.emit(scn, t, 1.0, scn.rnd.randint(1, 2))
        mysql_metrics(scn, t, "db-1", scn.rnd.randint(18, 34) if bad and t > term + 10 * SEC else scn.rnd.randint(2, 5),
                      60 if bad else 31, 20412 + (int((t - term).total_seconds() * 1.5) if t > term else 0),
                      91200000 + (t - scn.start).seconds * (2900 if bad else 320))
        if not between(t, term, ready + 2 * SEC):
            up_s = (t - up).seconds if t > up else 1820400 + (t - scn.start).seconds
            metric(scn, t, "redis", {"host": "cache-1", "port": "6379", "replication_role": "master", "server": "10.0.3.31"},
                   {"clients": 63, "connected_clients": 63, "evicted_keys": 0, "expired_keys": 991203,
                    "instantaneous_ops_per_sec": scn.rnd.randint(2400, 3100), "keyspace_hits": 881201331,
                    "keyspace_misses": 10220911, "maxmemory": 8589934592, "rejected_connections": 0,
                    "used_memory": 3587991552, "uptime": up_s})

    def decide(site, req, t):
        if site is shop and req.php:
            return on_shop(req, t)
        return None

    tr.run([shop, blog], decide, each_second=each)
    scn.incident(shop.name, "BAD_GATEWAY", "CACHE_FAILURE", tr.first(shop, 502, term))
    scn.action(shop.name, "RESTART_CACHE")
    return scn


# ---------------------------------------------------------------------------------------------------
@scenario("cache-redis-oom", "CACHE_FAILURE")
def cache_redis_oom():
    """Redis on web-2 reaches maxmemory with policy noeviction; every cache write fails with 'OOM command
    not allowed' (Predis, from the redis-cache plugin), WordPress falls back to MySQL and the pool
    saturates until Redis is restarted with an eviction policy."""
    full_at, restart = at(9, 11, 50), at(9, 13, 35)
    scn = Scenario("cache-redis-oom", 2106, at(9, 0), at(9, 18), description=(
        "market.example.test on web-2 (pool market: pm.max_children = 12, unix socket, listen.backlog = 32) "
        "uses a local Redis (127.0.0.1:6379, maxmemory 256mb) through the Redis Object Cache drop-in with the "
        "Predis client bundled in wp-content/plugins/redis-cache/dependencies/. maxmemory-policy was left at "
        "noeviction; used_memory creeps up and reaches maxmemory at 09:11:50. From then every cache write "
        "fails with 'Predis\\Response\\ServerException: OOM command not allowed when used memory > "
        "'maxmemory'.' (logged by the drop-in, whose stack runs through the redis-cache plugin's files), "
        "the drop-in gives up Redis for the rest of each request and WordPress rebuilds everything from "
        "MySQL: pages slow from 0.3 s to several seconds, the pool saturates, and nginx answers 502 (11) from "
        "about 09:12:25. At 09:13:35 an operator restarts Redis with maxmemory-policy allkeys-lru and the site "
        "recovers. No plugin was changed. docs.example.test on the same host is unaffected. Root cause: the "
        "cache (not the redis-cache plugin)."))
    web2 = Host("web-2", "10.0.1.12", 1530, cores=4)
    pool = Pool("market", web2, "/run/php/php8.2-fpm-market.sock", 12, 33101, "/var/www/market.example.test")
    docs_pool = Pool("docs", web2, "/run/php/php8.2-fpm-docs.sock", 10, 40290, "/var/www/docs.example.test")
    market = Site("market.example.test", web2, "woo", 4.5, pool)
    docs = Site("docs.example.test", web2, "docs", 1.5, docs_pool)
    scn.site(market.name, ["web-2"], "market", "db-1", "web-2")
    scn.site(docs.name, ["web-2"], "docs", "db-1", None)
    fpm = Fpm(scn, web2, 1187)
    fpm.started(at(3, 40, 0))
    sim = PoolSim(12, 32, scn.start.timestamp())
    st, st_docs = FpmStatus(pool), FpmStatus(docs_pool)
    tr = Traffic(scn)
    perr = "logs/web-2/market.example.test/php-error.log"
    state = {"warned": False}
    ms = timedelta(milliseconds=1)
    for i, t in enumerate([at(9, 0, 40), at(9, 5, 40), at(9, 10, 40)]):
        redis_bgsave(scn, "web-2", t, 733, 51200 + i * 331, changes=100, secs=300, dur_ms=2100)
    scn.put("logs/web-2/redis.log", restart, "733:signal-handler (%d) Received SIGTERM scheduling shutdown..." % restart.timestamp())
    redis_line(scn, "web-2", restart + 82 * ms, 733, "M", "#", "User requested shutdown...")
    redis_line(scn, "web-2", restart + 82 * ms, 733, "M", "*", "Saving the final RDB snapshot before exiting.")
    redis_line(scn, "web-2", restart + 2290 * ms, 733, "M", "*", "DB saved on disk")
    redis_line(scn, "web-2", restart + 2290 * ms, 733, "M", "*", "Removing the pid file.")
    redis_line(scn, "web-2", restart + 2291 * ms, 733, "M", "#", "Redis is now ready to exit, bye bye...")
    up = restart + 2400 * ms
    redis_line(scn, "web-2", up, 88121, "C", "#", "WARNING Memory overcommit must be enabled! Without it, a background "
               "save or replication may fail under low memory condition. Being disabled, it can can also cause failures "
               "without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add "
               "'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl "
               "vm.overcommit_memory=1' for this to take effect.")
    redis_banner(scn, "web-2", up + ms, 88121)
    redis_line(scn, "web-2", up + 4 * ms, 88121, "M", "*", "Loading RDB produced by version 7.0.15")
    redis_line(scn, "web-2", up + 4 * ms, 88121, "M", "*", "RDB age 3 seconds")
    redis_line(scn, "web-2", up + 4 * ms, 88121, "M", "*", "RDB memory usage when created 255.98 Mb")
    redis_line(scn, "web-2", up + 1712 * ms, 88121, "M", "*", "Done loading RDB, keys loaded: 402217, keys expired: 3310.")
    redis_line(scn, "web-2", up + 1712 * ms, 88121, "M", "*", "DB loaded from disk: 1.708 seconds")
    redis_line(scn, "web-2", up + 1713 * ms, 88121, "M", "*", "Ready to accept connections")
    ok_again = up + 1713 * ms

    def predis_oom(root, t):
        c = root + "/wp-content/plugins/redis-cache/dependencies/predis/predis/src/Client.php"
        oc = root + "/wp-content/object-cache.php"
        key = scn.rnd.choice(["wc_cache_%x" % scn.rnd.getrandbits(40), "wc_var_prices_%d" % scn.rnd.randint(100, 9999),
                              "product-transient-version", "post_meta:%d" % scn.rnd.randint(100, 9999)])
        text = "\n".join([
            "Predis\\Response\\ServerException: OOM command not allowed when used memory > 'maxmemory'. in %s:370" % c,
            "Stack trace:",
            "#0 %s(335): Predis\\Client->onErrorResponse(Object(Predis\\Command\\StringSetExtended), Object(Predis\\Response\\Error))" % c,
            "#1 %s/wp-content/plugins/redis-cache/dependencies/predis/predis/src/Client.php(314): Predis\\Client->executeCommand(Object(Predis\\Command\\StringSetExtended))" % root,
            "#2 %s(1690): Predis\\Client->__call('setex', Array)" % oc,
            "#3 %s(1043): WP_Object_Cache->set('%s', Array, 'wc_cache', 0)" % (oc, key[:15] + ("..." if len(key) > 15 else "")),
            "#4 %s/wp-includes/cache.php(119): WP_Object_Cache->add('%s', Array, 'wc_cache', 0)" % (root, key[:15] + ("..." if len(key) > 15 else "")),
            "#5 %s/wp-content/plugins/woocommerce/includes/class-wc-cache-helper.php(114): wp_cache_add('%s', Array, 'wc_cache')" % (root, key[:15] + ("..." if len(key) > 15 else "")),
            "#6 {main}"])
        scn.put(perr, t, php_line(scn, t, text))

    def on_market(req, t):
        arrival = t.timestamp() + scn.rnd.random()
        info = {}

        def service(start):
            oom = full_at.timestamp() <= start < ok_again.timestamp() and req.kind != "monitor" and scn.rnd.random() < 0.75
            info["oom"] = oom
            extra = ramp(from_epoch(start), full_at, full_at + 15 * SEC, 3.0, 9.0) * scn.rnd.uniform(0.6, 1.4) if oom else 0.0
            return service_normal(scn, req, (0.15, 0.45)) + extra

        got = sim.arrive(arrival, service)
        if got is None:
            req.t = from_epoch(arrival)
            return Outcome(502, 157, ("error", err_unix(pool.listen, 11)))
        start, end = got
        if info["oom"]:
            predis_oom(market.root, from_epoch(start + scn.rnd.uniform(0.02, 0.2)))
        req.t = from_epoch(end + 0.001)
        return tr.healthy(req)

    def each(t):
        now = t.timestamp()
        full = sim.active(now) >= 12
        if full and not state["warned"]:
            fpm.max_children(t, pool)
            state["warned"] = True
        if not full and sim.queue(now) == 0:
            state["warned"] = False
        if t.second % 10:
            return
        bad = between(t, full_at, ok_again)
        host_metrics(scn, t, web2, 38.0 if bad else 66.0, 61.0, 3.8 if bad else 1.5)
        st.emit(scn, t, 3.5, max(2, sim.active(now)), queue=sim.queue(now))
        st_docs.emit(scn, t, 1.2, scn.rnd.randint(1, 2))
        mysql_metrics(scn, t, "db-1", scn.rnd.randint(14, 26) if bad else scn.rnd.randint(2, 5), 44 if bad else 30,
                      20412, 91200000 + (t - scn.start).seconds * (2400 if bad else 320))
        if not between(t, restart, ok_again + 2 * SEC):
            used = int(ramp(t, scn.start, full_at, 241000000, 268435000)) if t < restart else int(ramp(t, ok_again, scn.end, 201000000, 238000000))
            metric(scn, t, "redis", {"host": "web-2", "port": "6379", "replication_role": "master", "server": "localhost"},
                   {"clients": 15, "connected_clients": 15, "evicted_keys": 0 if t < restart else scn.rnd.randint(0, 40),
                    "expired_keys": 20331, "instantaneous_ops_per_sec": scn.rnd.randint(700, 900),
                    "keyspace_hits": 40201331, "keyspace_misses": 802911, "maxmemory": 268435456,
                    "rejected_connections": 0, "used_memory": used, "uptime": 1201200 + (t - scn.start).seconds})

    def decide(site, req, t):
        if site is market and req.php:
            return on_market(req, t)
        return None

    tr.run([market, docs], decide, each_second=each)
    scn.incident(market.name, "BAD_GATEWAY", "CACHE_FAILURE", tr.first(market, 502, full_at))
    scn.action(market.name, "RESTART_CACHE")
    return scn
