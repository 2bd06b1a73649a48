"""Stories outside PHP-FPM and the database: response headers too big for nginx's buffers, an upstream
that cannot be reached, a CDN edge that fails while the origin is fine, and 502s nobody can explain."""
import json
from datetime import timedelta

from gwlib import (ERR_BIG_HEADER, ERR_NO_ROUTE, SEC, Fpm, FpmStatus, Host, Outcome, Pool,
                   Scenario, Site, Traffic, at, cdn_line, change, err_unix, host_metrics, level_unix, mysql_metrics,
                   php_line, poisson)
from registry import scenario


def between(t, a, b):
    return a <= t < b


# ---------------------------------------------------------------------------------------------------
@scenario("header-too-big-one-of-two", "UPSTREAM_HEADER_TOO_BIG")
def header_too_big_one_of_two():
    """An admin turns on a strict Content-Security-Policy with preload Link headers on blog.example.test:
    every PHP response header outgrows fastcgi_buffer_size (4k) and nginx answers 502; shop.example.test
    on the same host and FPM are fine."""
    on, off = at(9, 12, 0), at(9, 13, 20)
    scn = Scenario("header-too-big-one-of-two", 4101, at(9, 0), at(9, 18), description=(
        "web-1 serves shop.example.test and blog.example.test from separate pools; nginx uses the default "
        "fastcgi_buffer_size of 4k. At 09:12:00 an administrator of the blog enables the 'strict' profile of "
        "a security-headers plugin (a 5 KB Content-Security-Policy listing every third-party host, plus Link "
        "preload headers): from then on every PHP response of the blog carries more than 4 KB of headers and "
        "nginx logs 'upstream sent too big header while reading response header from upstream' and answers "
        "502. PHP-FPM is healthy (the responses are produced, status 200 as far as PHP knows), no fatals, no "
        "load. wp-admin fails the same way, so the setting is reverted with wp-cli at 09:13:20. The shop on the "
        "same host is unaffected. Root cause: response headers too big for nginx's FastCGI buffers."))
    web1 = Host("web-1", "10.0.1.11", 1810, cores=8, mem_gb=32)
    shop_pool = Pool("shop", web1, "/run/php/php8.2-fpm-shop.sock", 30, 22511, "/var/www/shop.example.test")
    blog_pool = Pool("blog", web1, "/run/php/php8.2-fpm-blog.sock", 12, 22611, "/var/www/blog.example.test")
    shop = Site("shop.example.test", web1, "woo", 5.0, shop_pool)
    blog = Site("blog.example.test", web1, "blog", 4.0, blog_pool)
    scn.site(shop.name, ["web-1"], "shop", "db-1", "cache-1")
    scn.site(blog.name, ["web-1"], "blog", "db-1", None)
    fpm = Fpm(scn, web1, 1021)
    fpm.started(at(4, 44, 1))
    st_shop, st_blog = FpmStatus(shop_pool), FpmStatus(blog_pool)

    def each(t):
        if t.second % 10:
            return
        host_metrics(scn, t, web1, 67.0, 51.0, 2.0)
        st_shop.emit(scn, t, 4.0, scn.rnd.randint(3, 8))
        st_blog.emit(scn, t, 3.1, scn.rnd.randint(1, 4))
        mysql_metrics(scn, t, "db-1", scn.rnd.randint(2, 4), 30, 20412, 91200000 + (t - scn.start).seconds * 320)

    def decide(site, req, t):
        if site is blog and req.php and between(t, on, off) and req.kind != "cron":
            return Outcome(502, 157, ("error", ERR_BIG_HEADER))
        return None

    Traffic(scn).run([shop, blog], decide, each_second=each)
    scn.incident(blog.name, "BAD_GATEWAY", "UPSTREAM_HEADER_TOO_BIG", on)
    scn.action(blog.name, "RAISE_FASTCGI_BUFFERS")
    return scn


# ---------------------------------------------------------------------------------------------------
@scenario("upstream-no-route", "UPSTREAM_UNREACHABLE")
def upstream_no_route():
    """A firewall change on the application server app-1 rejects web-3's FastCGI connections with
    icmp host-prohibited: nginx logs (113: No route to host) and docs.example.test answers 502 while
    PHP-FPM on app-1 idles."""
    change_t, fixed = at(9, 11, 58), at(9, 13, 20)
    scn = Scenario("upstream-no-route", 4102, at(9, 0), at(9, 18), description=(
        "docs.example.test is served by nginx on web-3, which passes PHP to a separate application server, "
        "app-1 (fastcgi://10.0.4.41:9000, pool docs). status.example.test on web-3 uses a local pool. At "
        "09:11:58 a configuration-management run loads a new nftables ruleset on app-1 whose template rejects "
        "the web subnet with 'icmp type host-prohibited'; from 09:12:00 every PHP request of the docs site "
        "fails at connect time with 'connect() failed (113: No route to host) while connecting to upstream' "
        "and nginx answers 502. PHP-FPM on app-1 is up and idle (its status page, polled locally by Telegraf, "
        "shows no active processes and accepted_conn stops growing), the database is fine. The ruleset is "
        "fixed at 09:13:20. Root cause: the upstream is unreachable (network/firewall), not PHP-FPM."))
    web3 = Host("web-3", "10.0.1.13", 2210, cores=4)
    app1 = Host("app-1", "10.0.4.41", 1, cores=8)
    docs_pool = Pool("docs", app1, "10.0.4.41:9000", 32, 51000, "/var/www/docs.example.test")
    st_pool = Pool("status", web3, "/run/php/php8.2-fpm-status.sock", 6, 30611, "/var/www/status.example.test")
    docs = Site("docs.example.test", web3, "docs", 4.5, docs_pool)
    status = Site("status.example.test", web3, "docs", 1.0, st_pool)
    scn.site(docs.name, ["web-3", "app-1"], "docs", "db-1", None)
    scn.site(status.name, ["web-3"], "status", "db-2", None)
    change(scn, change_t, None, "app-1", "CONFIG_RELOADED", "nftables", actor="ansible")
    change(scn, fixed - 3 * SEC, None, "app-1", "CONFIG_RELOADED", "nftables", actor="ansible")
    fpm_app = Fpm(scn, app1, 780)
    fpm_app.started(at(1, 0, 4))
    fpm_web = Fpm(scn, web3, 912)
    fpm_web.started(at(1, 2, 30))
    st_docs, st_status = FpmStatus(docs_pool), FpmStatus(st_pool)

    def each(t):
        if t.second % 10:
            return
        blocked = between(t, at(9, 12, 0), fixed)
        host_metrics(scn, t, web3, 81.0, 39.0, 0.9)
        host_metrics(scn, t, app1, 93.0 if blocked else 71.0, 35.0, 0.3 if blocked else 1.9)
        st_docs.emit(scn, t, 0.0 if blocked else 3.6, 0 if blocked else scn.rnd.randint(2, 6))
        st_status.emit(scn, t, 0.8, 1)
        mysql_metrics(scn, t, "db-1", scn.rnd.randint(2, 4), 30, 20412, 91200000 + (t - scn.start).seconds * 320)

    def decide(site, req, t):
        if site is docs and req.php and between(t, at(9, 12, 0), fixed):
            return Outcome(502, 157, ("error", ERR_NO_ROUTE))
        return None

    Traffic(scn).run([docs, status], decide, each_second=each)
    scn.incident(docs.name, "BAD_GATEWAY", "UPSTREAM_UNREACHABLE", at(9, 12, 0))
    scn.action(docs.name, "NOTIFY")
    return scn


# ---------------------------------------------------------------------------------------------------
@scenario("socket-permission-denied", "UPSTREAM_UNREACHABLE")
def socket_permission_denied():
    """Ansible rewrites the members pool with listen.owner = members / listen.mode = 0660 and restarts
    php8.2-fpm: nginx (www-data) gets (13: Permission denied) on the socket; news.example.test on the same
    master is fine."""
    restart, fixed = at(9, 12, 0), at(9, 13, 25)
    scn = Scenario("socket-permission-denied", 4103, at(9, 0), at(9, 18), description=(
        "web-2 runs one php8.2-fpm master with pools members (members.example.test) and news "
        "(news.example.test), both on unix sockets. At 09:11:59 a configuration-management run rewrites "
        "pool.d/members.conf with listen.owner = members and listen.mode = 0660 and restarts php8.2-fpm. "
        "During the restart both sites see a handful of [crit] '(2: No such file or directory)' errors; after "
        "it FPM is up and healthy, but nginx (running as www-data) can no longer open the members socket: "
        "'connect() to unix:/run/php/php8.2-fpm-members.sock failed (13: Permission denied)' at [crit] and "
        "502 for every PHP request of members.example.test until the pool file is fixed and FPM restarted "
        "at 09:13:25. news.example.test is fine. Root cause: the upstream socket is unreachable for nginx "
        "(permissions), not PHP-FPM being down."))
    web2 = Host("web-2", "10.0.1.12", 1530, cores=4)
    members_pool = Pool("members", web2, "/run/php/php8.2-fpm-members.sock", 16, 40411, "/var/www/members.example.test")
    news_pool = Pool("news", web2, "/run/php/php8.2-fpm-news.sock", 30, 40211, "/var/www/news.example.test")
    members = Site("members.example.test", web2, "blog", 4.0, members_pool)
    news = Site("news.example.test", web2, "news", 3.5, news_pool)
    scn.site(members.name, ["web-2"], "members", "db-1", None)
    scn.site(news.name, ["web-2"], "news", "db-1", "cache-1")
    change(scn, restart - 3 * SEC, None, "web-2", "CONFIG_RELOADED", "php8.2-fpm", actor="ansible")
    change(scn, fixed - 2 * SEC, None, "web-2", "CONFIG_RELOADED", "php8.2-fpm", actor="ops")
    fpm = Fpm(scn, web2, 1187)
    fpm.started(at(3, 3, 3))
    for t, pid in ((restart, 51201), (fixed, 51990)):
        fpm.stopping(t - SEC)
        fpm.started(t + SEC, pid=pid)
    st_m, st_n = FpmStatus(members_pool), FpmStatus(news_pool)
    gaps = [(restart - SEC, restart + SEC), (fixed - SEC, fixed + SEC)]

    def each(t):
        if t.second % 10:
            return
        host_metrics(scn, t, web2, 74.0, 45.0, 1.4)
        # Telegraf polls the status pages as root: the members pool answers, it just gets no work
        denied = between(t, restart + SEC, fixed)
        st_m.emit(scn, t, 0.0 if denied else 3.1, 0 if denied else scn.rnd.randint(1, 4),
                  restart=any(between(t, a, b + 10 * SEC) for a, b in gaps))
        st_n.emit(scn, t, 2.7, scn.rnd.randint(2, 5), restart=any(between(t, a, b + 10 * SEC) for a, b in gaps))

    def decide(site, req, t):
        if not req.php:
            return None
        for a, b in gaps:
            if between(t, a, b) and scn.rnd.random() < 0.5:
                return Outcome(502, 157, (level_unix(2), err_unix(site.pool.listen, 2)))
        if site is members and between(t, restart + SEC, fixed - SEC):
            return Outcome(502, 157, (level_unix(13), err_unix(members_pool.listen, 13)))
        return None

    Traffic(scn).run([members, news], decide, each_second=each)
    scn.incident(members.name, "BAD_GATEWAY", "UPSTREAM_UNREACHABLE", restart - SEC)
    scn.action(members.name, "NOTIFY")
    return scn


# ---------------------------------------------------------------------------------------------------
CF_IPS = ["172.68.%d.%d", "172.69.%d.%d", "172.70.%d.%d", "172.71.%d.%d", "162.158.%d.%d", "141.101.%d.%d",
          "108.162.%d.%d"]


@scenario("cdn-edge-colo", "CDN_EDGE")
def cdn_edge_colo():
    """Cloudflare's FRA and AMS data centres return 502 for most requests for 90 s while other colos and
    the origin (web-1, all 200) are fine."""
    bad_from, bad_until = at(9, 12, 0), at(9, 13, 30)
    scn = Scenario("cdn-edge-colo", 4104, at(9, 0), at(9, 18), description=(
        "www.bakery.test (zone bakery.test) is proxied by Cloudflare; the origin is web-1 (pool bakery, unix "
        "socket), whose access log shows Cloudflare's addresses as clients. Most visitors are in Germany and "
        "the Netherlands, so the FRA and AMS data centres carry about 60 % of the traffic; about half of all "
        "requests are answered from the edge cache. From 09:12:00 to 09:13:30 an incident inside Cloudflare makes "
        "FRA and AMS answer 502 to most requests without contacting the origin (OriginResponseStatus 0, "
        "cache hits included), while LHR, CDG and the other colos serve normally. The origin keeps answering "
        "200 to everything that reaches it (its request rate drops accordingly), PHP-FPM, the database and "
        "the host are fine. Root cause: the CDN edge; expected action: pause the CDN (approval)."))
    web1 = Host("web-1", "10.0.1.11", 1810, cores=8, mem_gb=32)
    pool = Pool("bakery", web1, "/run/php/php8.2-fpm-bakery.sock", 16, 22711, "/var/www/www.bakery.test")
    cf_ips = [p % (scn.rnd.randint(0, 255), scn.rnd.randint(1, 254)) for p in CF_IPS for _ in range(8)]
    site = Site("www.bakery.test", web1, "blog", 1.0, pool, clients=lambda r: r.choice(cf_ips))
    scn.site(site.name, ["web-1"], "bakery", "db-1", None, cdn="bakery.test")
    fpm = Fpm(scn, web1, 1021)
    fpm.started(at(4, 1, 0))
    st = FpmStatus(pool)
    tr = Traffic(scn)
    colo_w = {"FRA": 38, "AMS": 22, "LHR": 12, "CDG": 9, "WAW": 7, "ARN": 5, "MXP": 4, "MAD": 3}
    visitors = ["203.0.113.%d" % i for i in range(2, 250)] + ["198.51.100.%d" % i for i in range(2, 250)] + \
               ["2001:db8:%x::%x" % (scn.rnd.randint(1, 0xffff), scn.rnd.randint(1, 0xfff)) for _ in range(80)]

    def colo():
        x = scn.rnd.uniform(0, 100)
        for c, w in colo_w.items():
            x -= w
            if x <= 0:
                return c
        return "FRA"

    def ray():
        return "%016x" % scn.rnd.getrandbits(64)

    t = scn.start
    while t < scn.end:
        if t.second % 10 == 0:
            host_metrics(scn, t, web1, 78.0, 44.0, 1.1)
            st.emit(scn, t, 2.6 if not between(t, bad_from, bad_until) else 1.2, scn.rnd.randint(1, 4))
            mysql_metrics(scn, t, "db-1", scn.rnd.randint(2, 4), 26, 20412, 91200000 + (t - scn.start).seconds * 300)
        for _ in range(poisson(scn.rnd, 6.5)):
            req = tr.request(site, t)
            c = colo()
            ts = t + timedelta(milliseconds=scn.rnd.randint(0, 999))
            cacheable = not req.php or (req.kind in ("page", "feed") and req.method == "GET" and scn.rnd.random() < 0.55)
            hit = cacheable and scn.rnd.random() < 0.85
            edge_broken = between(t, bad_from, bad_until) and c in ("FRA", "AMS") and scn.rnd.random() < 0.88
            visitor = scn.rnd.choice(visitors)
            uri = req.path
            if edge_broken:
                cdn_line(scn, ts, site.name, uri, req.method, 502, 0, c, visitor, req.ua, "unknown", "bakery.test", "",
                         4113, 0, ray())
                continue
            if hit:
                oc = tr.healthy(req)
                cdn_line(scn, ts, site.name, uri, req.method, oc.status if oc.status != 304 else 200, 0, c, visitor, req.ua,
                         "hit", "bakery.test", "", oc.size or 1200, 0, ray())
                continue
            # the request reaches the origin
            req.t = ts
            oc = tr.healthy(req)
            tr.emit(site, req, oc)
            ms = scn.rnd.randint(40, 180) if req.php else scn.rnd.randint(3, 20)
            cdn_line(scn, ts, site.name, uri, req.method, oc.status, oc.status, c, visitor, req.ua,
                     "dynamic" if req.php and not cacheable else ("miss" if cacheable else "dynamic"), "bakery.test",
                     web1.ip.replace("10.0.1.11", "198.51.100.11"), oc.size, ms, ray())
        t += SEC
    scn.incident(site.name, "BAD_GATEWAY", "CDN_EDGE", bad_from)
    scn.action(site.name, "PAUSE_CDN")
    return scn


# ---------------------------------------------------------------------------------------------------
@scenario("unknown-app-502", "UNKNOWN")
def unknown_app_502():
    """A headless storefront's own REST endpoints answer 502 (their ERP backend is down); nginx, PHP-FPM,
    the database, the host and the cache are all fine: nothing in the vocabulary explains it."""
    down, up = at(9, 12, 0), at(9, 13, 40)
    scn = Scenario("unknown-app-502", 4105, at(9, 0), at(9, 18), description=(
        "app.example.test on web-2 is a headless storefront: a single-page app calling WordPress REST "
        "endpoints, several of which (quotes, cart items) proxy an ERP system through the custom plugin "
        "erp-bridge. From 09:12:00 to 09:13:40 the ERP is down and those endpoints deliberately answer "
        "502 with a small JSON error body, which is about 40 % of the site's requests. nginx logs no upstream "
        "error (PHP answered), PHP-FPM, the database, Redis and the host are all healthy, nothing was "
        "changed; the plugin only logs 'erp-bridge: quote request failed: cURL error 7 ...' through "
        "error_log(). None of Gatewatch's causes fits: expected UNKNOWN with a notification. "
        "docs.example.test on the same host is unaffected."))
    web2 = Host("web-2", "10.0.1.12", 1530, cores=4)
    pool = Pool("app", web2, "/run/php/php8.2-fpm-app.sock", 30, 45111, "/var/www/app.example.test")
    docs_pool = Pool("docs", web2, "/run/php/php8.2-fpm-docs.sock", 10, 40290, "/var/www/docs.example.test")
    app = Site("app.example.test", web2, "app", 5.0, pool)
    docs = Site("docs.example.test", web2, "docs", 1.5, docs_pool)
    scn.site(app.name, ["web-2"], "app", "db-1", "cache-1")
    scn.site(docs.name, ["web-2"], "docs", "db-1", None)
    fpm = Fpm(scn, web2, 1187)
    fpm.started(at(3, 30, 0))
    st, st_docs = FpmStatus(pool), FpmStatus(docs_pool)
    perr = "logs/web-2/app.example.test/php-error.log"

    def each(t):
        if t.second % 10:
            return
        host_metrics(scn, t, web2, 73.0, 47.0, 1.3)
        st.emit(scn, t, 4.2, scn.rnd.randint(2, 7))
        st_docs.emit(scn, t, 1.2, scn.rnd.randint(1, 2))
        mysql_metrics(scn, t, "db-1", scn.rnd.randint(2, 4), 30, 20412, 91200000 + (t - scn.start).seconds * 320)

    body = json.dumps({"code": "erp_unavailable", "message": "Quote service unavailable", "data": {"status": 502}},
                      separators=(",", ":"))

    def decide(site, req, t):
        if site is not app or not req.php or not between(t, down, up):
            return None
        p = req.path
        if p.startswith("/wp-json/storefront/v1/quote") or p.startswith("/wp-json/storefront/v1/cart/items"):
            ms = scn.rnd.randint(1, 4)
            scn.put(perr, t, php_line(scn, t, "erp-bridge: quote request failed: cURL error 7: Failed to connect to "
                                              "erp.internal.test port 443 after %d ms: Couldn't connect to server" % ms))
            return Outcome(502, len(body))
        return None

    Traffic(scn).run([app, docs], decide, each_second=each, static_share=0.1)
    scn.incident(app.name, "BAD_GATEWAY", "UNKNOWN", down)
    scn.action(app.name, "NOTIFY")
    return scn
