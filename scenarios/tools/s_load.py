"""Load stories: traffic spikes that saturate a pool, a host that runs out of memory or CPU, and a busy
day that needs no incident at all."""
from datetime import timedelta

from gwlib import (BROWSERS, ERR_PREMATURE, ERR_RESET, ERR_TIMEOUT_READ, SEC, Fpm, FpmStatus, Host, Outcome, Pool,
                   PoolSim, Scenario, Site, Traffic, at, change, err_unix, from_epoch, host_metrics, mariadb_err,
                   metric, mysql_metrics, ramp, wpdb_frames)
from registry import scenario


def between(t, a, b):
    return a <= t < b


def svc(scn, req, page=(0.15, 0.6)):
    r = scn.rnd
    if req.kind == "ajax":
        return r.uniform(0.06, 0.3)
    if req.kind in ("rest", "monitor", "feed"):
        return r.uniform(0.05, 0.3)
    if req.kind == "cron":
        return r.uniform(0.4, 1.5)
    return r.uniform(*page)


def nginx_metrics(scn, t, host, requests, active):
    metric(scn, t, "nginx", {"host": host.name, "port": "80", "server": "127.0.0.1"},
           {"accepts": requests // 3, "active": active, "handled": requests // 3, "reading": 0,
            "requests": requests, "waiting": max(0, active - 4), "writing": min(active, 4)})


class SaturationWarnings:
    """'seems busy' while the pool grows, 'server reached pm.max_children' once per episode."""

    def __init__(self, scn, fpm, pool, sim):
        self.scn, self.fpm, self.pool, self.sim = scn, fpm, pool, sim
        self.warned, self.busy_at = False, None

    def tick(self, t):
        now = t.timestamp()
        act, q = self.sim.active(now), self.sim.queue(now)
        mx = len(self.sim.free)
        if act >= mx and q > 0 and not self.warned:
            self.fpm.max_children(t, self.pool)
            self.warned = True
        if act < mx - 1 and q == 0:
            self.warned = False
        if mx // 3 < act < mx and (self.busy_at is None or (t - self.busy_at).total_seconds() >= 5) and not self.warned:
            spawn = 8 if act < mx // 2 else 16 if act < 3 * mx // 4 else 32
            self.fpm.seems_busy(t, self.pool, spawn, act + 1)
            self.busy_at = t


# ---------------------------------------------------------------------------------------------------
@scenario("traffic-spike-newsletter", "TRAFFIC_SPIKE")
def traffic_spike_newsletter():
    """A Black Friday newsletter goes out: the shop's request rate jumps from 3.5 to ~30 rps, the pool
    (24 workers) saturates and CPU runs out; nginx answers 502 (11) for a third of the requests."""
    sent = at(9, 12, 0)
    scn = Scenario("traffic-spike-newsletter", 3101, at(9, 0), at(9, 20), description=(
        "shop.example.test on web-1 (8 cores; pool shop: pm.max_children = 24, unix socket, listen.backlog = 64). "
        "At 09:12:00 the Black Friday newsletter goes to 180 000 subscribers: within 40 s the request rate "
        "climbs from about 3.5 to about 30 requests per second (mostly phones, landing page "
        "/black-friday/?utm_source=newsletter..., which bypasses the page cache), CPU idle drops to a few "
        "percent, pages that took 0.4 s take 1.5 s, the pool reaches max_children and nginx answers 502 (11: "
        "Resource temporarily unavailable) for roughly a third of the requests until the wave ebbs after "
        "09:14:30. The database stays fast (threads_running in single digits), memory is fine, nothing was "
        "deployed. blog.example.test on the same host is unaffected. Root cause: a traffic spike; saturation is "
        "its symptom."))
    web1 = Host("web-1", "10.0.1.11", 1810, cores=8, mem_gb=32)
    pool = Pool("shop", web1, "/run/php/php8.2-fpm-shop.sock", 24, 22511, "/var/www/shop.example.test")
    blog_pool = Pool("blog", web1, "/run/php/php8.2-fpm-blog.sock", 10, 22611, "/var/www/blog.example.test")

    def rate(t):
        if t < sent:
            return 1.0
        if t < at(9, 12, 40):
            return ramp(t, sent, at(9, 12, 40), 1.0, 8.5)
        if t < at(9, 14, 30):
            return 8.5
        return ramp(t, at(9, 14, 30), at(9, 17, 0), 8.5, 1.5) if t < at(9, 17) else ramp(t, at(9, 17), at(9, 19), 1.5, 1.15)

    shop = Site("shop.example.test", web1, "woo", 3.5, pool, rate=rate)
    blog = Site("blog.example.test", web1, "blog", 1.2, blog_pool)
    scn.site(shop.name, ["web-1"], "shop", "db-1", "cache-1")
    scn.site(blog.name, ["web-1"], "blog", "db-1", None)
    mobile = [u for u in BROWSERS if "Mobile" in u or "iPhone" in u]

    def mutate(req, t):
        r = rate(t)
        if r > 1.05 and scn.rnd.random() < (r - 1) / r:
            req.ua = scn.rnd.choice(mobile) if scn.rnd.random() < 0.7 else scn.rnd.choice(BROWSERS)
            req.referrer = scn.rnd.choice(["-", "-", "-", "https://mail.google.com/", "android-app://com.google.android.gm/"])
            x = scn.rnd.random()
            if x < 0.2:
                req.path, req.php, req.kind, req.static_size = "/wp-content/uploads/2026/11/bf-hero-1200x630.jpg", False, "static", 184211
            elif x < 0.65:
                req.path, req.php, req.kind, req.method = ("/black-friday/?utm_source=newsletter&utm_medium=email&utm_campaign=bf-2026",
                                                           True, "page", "GET")
            elif x < 0.85:
                req.path, req.php, req.kind, req.method = ("/product/%s/?utm_source=newsletter&utm_medium=email&utm_campaign=bf-2026"
                                                           % scn.rnd.choice(shop.prof["slugs"]), True, "page", "GET")
            else:
                req.path, req.php, req.kind, req.method = "/?wc-ajax=get_refreshed_fragments", True, "ajax", "POST"
        return req

    shop.mutate = mutate
    fpm = Fpm(scn, web1, 1021)
    fpm.started(at(6, 0, 5))
    sim = PoolSim(24, 64, scn.start.timestamp())
    warn = SaturationWarnings(scn, fpm, pool, sim)
    st, st_blog = FpmStatus(pool), FpmStatus(blog_pool)
    tr = Traffic(scn)
    nginx_requests = [88120400]

    def cpu_factor(t):
        return 1.0 + 2.2 * min(1.0, max(0.0, (rate(t) - 2.0) / 5.0))

    def decide(site, req, t):
        nginx_requests[0] += 1
        if site is not shop or not req.php:
            return None
        arrival = t.timestamp() + scn.rnd.random()
        heavy = "utm_source" in req.path

        def service(start):
            base = svc(scn, req, (0.35, 0.75) if heavy else (0.15, 0.6))
            return base * cpu_factor(from_epoch(start))

        got = sim.arrive(arrival, service)
        if got is None:
            req.t = from_epoch(arrival)
            return Outcome(502, 157, ("error", err_unix(pool.listen, 11)))
        req.t = from_epoch(got[1] + 0.001)
        return tr.healthy(req)

    def each(t):
        warn.tick(t)
        if t.second % 10:
            return
        now = t.timestamp()
        r = rate(t)
        host_metrics(scn, t, web1, max(2.5, 66.0 - (r - 1) * 9.0), 57.0 + min(9.0, r), 2.1 + (r - 1) * 1.7)
        nginx_metrics(scn, t, web1, nginx_requests[0], int(20 + r * 25))
        st.emit(scn, t, 3.5 * r * 0.8, max(2, sim.active(now)), queue=sim.queue(now))
        st_blog.emit(scn, t, 1.0, scn.rnd.randint(1, 2))
        mysql_metrics(scn, t, "db-1", scn.rnd.randint(2, 4) + int(r * 0.6), 30 + int(r * 3), 20412,
                      91200000 + (t - scn.start).seconds * int(320 * r))

    tr.run([shop, blog], decide, each_second=each)
    scn.incident(shop.name, "BAD_GATEWAY", "TRAFFIC_SPIKE", tr.first(shop, 502, sent))
    scn.action(shop.name, "SCALE_OUT")
    return scn


# ---------------------------------------------------------------------------------------------------
SEARCH_WORDS = ["garden", "soup", "bike", "lisbon", "kafka", "typography", "bread", "winter", "studio", "reading",
                "recipe", "travel", "notes", "repair", "moved", "basics", "list", "trip", "sourdough", "streams"]


@scenario("traffic-spike-scraper", "TRAFFIC_SPIKE")
def traffic_spike_scraper():
    """A distributed scraper walks the blog's search and archive pages from hundreds of addresses: 2.5 ->
    ~22 rps of uncached PHP; the 12-worker pool saturates and nginx answers 502 (11)."""
    begin, stop = at(9, 11, 30), at(9, 14, 30)
    scn = Scenario("traffic-spike-scraper", 3102, at(9, 0), at(9, 19), description=(
        "blog.example.test is the only site on web-3 (4 cores; pool blog: pm.max_children = 12, unix socket, "
        "listen.backlog = 64). From 09:11:30 a distributed scraper (about 400 addresses, rotating browser user "
        "agents) walks /?s=<word>&paged=N and /page/N/ at about 20 requests per second on top of the usual 2.5: "
        "none of it is cacheable, every request runs PHP and a search query, the pool reaches max_children "
        "within seconds and nginx answers 502 (11: Resource temporarily unavailable) to about half of all "
        "requests. CPU is busy but the database and memory are fine and nothing changed on the site. At 09:14:30 "
        "the scraper stops. Root cause: a traffic spike."))
    web3 = Host("web-3", "10.0.1.13", 2210, cores=4)
    pool = Pool("blog", web3, "/run/php/php8.2-fpm-blog.sock", 12, 30511, "/var/www/blog.example.test")
    blog = Site("blog.example.test", web3, "blog", 2.5, pool)
    scn.site(blog.name, ["web-3"], "blog", "db-1", None)
    bot_ips = ["%d.%d.%d.%d" % (scn.rnd.choice([45, 103, 146, 185, 193, 212]), scn.rnd.randint(1, 254),
                                scn.rnd.randint(1, 254), scn.rnd.randint(2, 254)) for _ in range(400)]
    rate_extra = lambda t: 0.0 if not between(t, begin, stop) else ramp(t, begin, begin + 15 * SEC, 2.0, 20.0)  # noqa: E731
    bot = Site("blog.example.test", web3, "blog", 1.0, pool, rate=rate_extra, clients=lambda r: r.choice(bot_ips))

    def bot_mutate(req, t):
        req.php, req.kind, req.method, req.referrer = True, "page", "GET", "-"
        req.ua = scn.rnd.choice(BROWSERS[:3])
        if scn.rnd.random() < 0.7:
            req.path = "/?s=%s&paged=%d" % (scn.rnd.choice(SEARCH_WORDS), scn.rnd.randint(1, 40))
        else:
            req.path = "/page/%d/" % scn.rnd.randint(2, 180)
        return req

    bot.mutate = bot_mutate
    fpm = Fpm(scn, web3, 912)
    fpm.started(at(4, 0, 2))
    sim = PoolSim(12, 64, scn.start.timestamp())
    warn = SaturationWarnings(scn, fpm, pool, sim)
    st = FpmStatus(pool)
    tr = Traffic(scn)
    nginx_requests = [40120400]

    def decide(site, req, t):
        nginx_requests[0] += 1
        if not req.php:
            return None
        arrival = t.timestamp() + scn.rnd.random()
        search = req.path.startswith("/?s=") or req.path.startswith("/page/")
        got = sim.arrive(arrival, lambda s: svc(scn, req, (0.6, 1.2) if search else (0.15, 0.5)))
        if got is None:
            req.t = from_epoch(arrival)
            return Outcome(502, 157, ("error", err_unix(pool.listen, 11)))
        req.t = from_epoch(got[1] + 0.001)
        return tr.healthy(req)

    def each(t):
        warn.tick(t)
        if t.second % 10:
            return
        now = t.timestamp()
        on = between(t, begin, stop)
        host_metrics(scn, t, web3, 6.0 if on else 70.0, 44.0, 9.5 if on else 1.1)
        nginx_metrics(scn, t, web3, nginx_requests[0], 60 if on else 12)
        st.emit(scn, t, 22.0 if on else 2.2, max(2, sim.active(now)), queue=sim.queue(now))
        mysql_metrics(scn, t, "db-1", scn.rnd.randint(3, 7) if on else scn.rnd.randint(2, 4), 28, 20412,
                      91200000 + (t - scn.start).seconds * (900 if on else 320))

    tr.run([blog, bot], decide, each_second=each)
    scn.incident(blog.name, "BAD_GATEWAY", "TRAFFIC_SPIKE", tr.first(blog, 502, begin))
    scn.action(blog.name, "SCALE_OUT")
    return scn


# ---------------------------------------------------------------------------------------------------
@scenario("host-oom-kills-workers", "HOST_RESOURCE_EXHAUSTION")
def host_oom_kills_workers():
    """web-2 runs out of memory (fat, never-recycled WooCommerce workers); the kernel OOM killer SIGKILLs
    PHP-FPM children mid-request and the host swaps: 502 at baseline traffic until FPM is restarted."""
    oom, restart = at(9, 11, 40), at(9, 13, 40)
    scn = Scenario("host-oom-kills-workers", 3103, at(9, 0), at(9, 18), description=(
        "web-2 (16 GB) serves market.example.test (pool market: pm.max_children = 40, pm.max_requests = 0, "
        "unix socket) and docs.example.test. After a catalogue import the long-lived WooCommerce workers have "
        "grown to 350-400 MB each and are never recycled; memory use climbs from 78 % to 98 %, swap fills, "
        "iowait rises. From 09:11:40 the kernel OOM killer repeatedly kills the largest processes, the busy "
        "market workers: php-fpm.log shows 'child N exited on signal 9 (SIGKILL) after ... seconds from start' "
        "(old workers first, then freshly forked ones within seconds), nginx logs 'recv() failed (104: "
        "Connection reset by peer)' / 'upstream prematurely closed connection' and answers 502, db-1 logs "
        "aborted connections of the killed workers. Traffic is at its baseline, the database is fast, no code "
        "changed. At 09:13:40 an operator restarts php8.2-fpm, memory drops to 41 % and the errors stop. "
        "docs.example.test (small workers) sees slow responses but no incident. Root cause: host memory "
        "exhaustion."))
    web2 = Host("web-2", "10.0.1.12", 1530, cores=4, mem_gb=16)
    pool = Pool("market", web2, "/run/php/php8.2-fpm-market.sock", 40, 33101, "/var/www/market.example.test", start_servers=30)
    docs_pool = Pool("docs", web2, "/run/php/php8.2-fpm-docs.sock", 10, 40290, "/var/www/docs.example.test")
    market = Site("market.example.test", web2, "woo", 4.0, pool)
    docs = Site("docs.example.test", web2, "docs", 1.5, docs_pool)
    scn.site(market.name, ["web-2"], "market", "db-1", None)
    scn.site(docs.name, ["web-2"], "docs", "db-1", None)
    fpm = Fpm(scn, web2, 1187)
    fpm.started(at(7, 31, 0))
    started_at = {p: at(7, 31, 0) + timedelta(seconds=scn.rnd.uniform(0, 5400)) for p in pool.pids}
    st, st_docs = FpmStatus(pool), FpmStatus(docs_pool)
    tr = Traffic(scn)
    state = {"kills": 1803, "last_kill": None}

    def mem(t):
        if t >= restart:
            return ramp(t, restart, restart + 20 * SEC, 98.0, 41.0)
        if t < at(9, 11):
            return ramp(t, scn.start, at(9, 11), 78.0, 95.0)
        return ramp(t, at(9, 11), oom, 95.0, 98.6)

    def thrash(t):
        return between(t, oom - 20 * SEC, restart)

    def kill(t, busy=True):
        if busy or not state["last_kill"]:
            pid = scn.rnd.choice(pool.pids)
        else:
            pid = pool.pids[-1]
        born = started_at.get(pid, t - timedelta(seconds=scn.rnd.uniform(0.5, 4)))
        old, new = fpm.crash(t, pool, 9, after=max(0.05, (t - born).total_seconds() + scn.rnd.random() * 0.001), pid=pid)
        started_at[new] = t
        state["kills"] += 1
        state["last_kill"] = t
        if scn.rnd.random() < 0.3:
            th = scn.rnd.randint(600000, 700000)
            mariadb_err(scn, "db-1", t + timedelta(milliseconds=scn.rnd.randint(5, 400)), th, "Warning",
                        "Aborted connection %d to db: 'wp_market' user: 'wp_market' host: '10.0.1.12' "
                        "(Got an error reading communication packets)" % th)

    def decide(site, req, t):
        if not req.php:
            return None
        if site is market and between(t, oom, restart) and scn.rnd.random() < 0.36:
            kill(t)
            return Outcome(502, 157, ("error", ERR_RESET if scn.rnd.random() < 0.55 else ERR_PREMATURE))
        if thrash(t):
            req.t = t + timedelta(seconds=scn.rnd.uniform(0.5, 3.0))
        return None

    def each(t):
        if between(t, oom, restart) and scn.rnd.random() < 0.25:
            kill(t, busy=False)  # a freshly forked, still idle child is killed as well
        if t == restart - SEC:
            fpm.stopping(t)
        if t == restart:
            fpm.started(t, pid=62011)
        if t.second % 10:
            return
        m = mem(t)
        swap = 0.0 if t >= restart else ramp(t, at(9, 9), oom, 15.0, 96.0)
        host_metrics(scn, t, web2, 22.0 if thrash(t) else 58.0, m, 11.0 if thrash(t) else 2.3,
                     iowait=41.0 if thrash(t) else 1.5, swap_used=swap, oom_kills=state["kills"])
        st.emit(scn, t, 3.2, scn.rnd.randint(28, 40) if thrash(t) else scn.rnd.randint(6, 12),
                restart=between(t, restart, restart + 10 * SEC))
        st_docs.emit(scn, t, 1.2, scn.rnd.randint(1, 4), restart=between(t, restart, restart + 10 * SEC))
        mysql_metrics(scn, t, "db-1", scn.rnd.randint(2, 5), 33, 20412, 91200000 + (t - scn.start).seconds * 320)

    tr.run([market, docs], decide, each_second=each)
    scn.incident(market.name, "BAD_GATEWAY", "HOST_RESOURCE_EXHAUSTION", tr.first(market, 502, oom))
    scn.action(market.name, "SCALE_UP")
    return scn


# ---------------------------------------------------------------------------------------------------
@scenario("host-cpu-steal", "HOST_RESOURCE_EXHAUSTION")
def host_cpu_steal():
    """The hypervisor under web-3 is overcommitted: 60 % steal, load 28, PHP ten times slower; the docs
    pool saturates at normal traffic and nginx answers 502 (11) for three minutes."""
    begin, end = at(9, 11, 20), at(9, 14, 20)
    scn = Scenario("host-cpu-steal", 3104, at(9, 0), at(9, 19), description=(
        "web-3 is a 4-vCPU virtual machine serving docs.example.test (pool docs: pm.max_children = 12, unix "
        "socket, listen.backlog = 64) and the small status.example.test. From 09:11:20 to 09:14:20 a noisy "
        "neighbour on the hypervisor takes the CPUs: usage_steal 60 %+, usage_idle 0, load average 28. Every "
        "PHP request runs about ten times slower, the docs pool reaches max_children, the listen queue fills "
        "and nginx answers 502 (11: Resource temporarily unavailable) to about 40 % of the requests. Traffic "
        "is at its baseline, the database is fast, memory is fine, nothing changed. status.example.test is slow "
        "but has too little traffic to fail. Root cause: the host's resources (CPU)."))
    web3 = Host("web-3", "10.0.1.13", 2210, cores=4)
    pool = Pool("docs", web3, "/run/php/php8.2-fpm-docs.sock", 12, 30511, "/var/www/docs.example.test")
    st_pool = Pool("status", web3, "/run/php/php8.2-fpm-status.sock", 4, 30611, "/var/www/status.example.test")
    docs = Site("docs.example.test", web3, "docs", 6.0, pool)
    status = Site("status.example.test", web3, "docs", 0.5, st_pool)
    scn.site(docs.name, ["web-3"], "docs", "db-1", None)
    scn.site(status.name, ["web-3"], "status", "db-2", None)
    fpm = Fpm(scn, web3, 912)
    fpm.started(at(2, 0, 0))
    sims = {docs.name: PoolSim(12, 64, scn.start.timestamp()), status.name: PoolSim(4, 64, scn.start.timestamp())}
    warn = SaturationWarnings(scn, fpm, pool, sims[docs.name])
    stats = {docs.name: FpmStatus(pool), status.name: FpmStatus(st_pool)}
    tr = Traffic(scn)
    slow = [0]

    def factor(t):
        if not between(t, begin, end):
            return 1.0
        return ramp(t, begin, begin + 20 * SEC, 1.0, 10.0) if t < end - 10 * SEC else ramp(t, end - 10 * SEC, end, 10.0, 1.0)

    def decide(site, req, t):
        if not req.php:
            if between(t, begin, end):
                req.t = t + timedelta(seconds=scn.rnd.uniform(0.0, 0.3))
            return None
        sim = sims[site.name]
        arrival = t.timestamp() + scn.rnd.random()
        got = sim.arrive(arrival, lambda s: svc(scn, req, (0.25, 0.65)) * factor(from_epoch(s)))
        if got is None:
            req.t = from_epoch(arrival)
            return Outcome(502, 157, ("error", err_unix(site.pool.listen, 11)))
        start, finish = got
        if finish - start > 5 and slow[0] < 30 and site is docs:
            slow[0] += 1
            fpm.too_slow(from_epoch(start + 5), pool, scn.rnd.choice(pool.pids), docs, req, 5.0 + scn.rnd.random() * 0.3, [
                ("preg_replace_callback()", docs.root + "/wp-includes/formatting.php:3442"),
                ("wptexturize()", docs.root + "/wp-includes/formatting.php:267"),
                ("apply_filters()", docs.root + "/wp-includes/class-wp-hook.php:324"),
                ("apply_filters()", docs.root + "/wp-includes/plugin.php:205"),
                ("the_content()", docs.root + "/wp-includes/post-template.php:256"),
                ("include()", docs.root + "/wp-content/themes/docs-lite/single-docs.php:41"),
                ("include()", docs.root + "/wp-includes/template-loader.php:106"),
                ("require_once()", docs.root + "/wp-blog-header.php:19"),
                ("require()", docs.root + "/index.php:17")])
        req.t = from_epoch(finish + 0.001)
        return tr.healthy(req)

    def each(t):
        warn.tick(t)
        if t.second % 10:
            return
        now = t.timestamp()
        on = between(t, begin, end)
        host_metrics(scn, t, web3, 0.4 if on else 64.0, 47.0, 28.0 if on else 1.4, steal=62.0 if on else 0.3,
                     iowait=0.8)
        for s in (docs, status):
            stats[s.name].emit(scn, t, s.rps * 0.8, max(1, sims[s.name].active(now)), queue=sims[s.name].queue(now))
        mysql_metrics(scn, t, "db-1", scn.rnd.randint(2, 4), 30, 20412, 91200000 + (t - scn.start).seconds * 320)

    tr.run([docs, status], decide, each_second=each)
    scn.incident(docs.name, "BAD_GATEWAY", "HOST_RESOURCE_EXHAUSTION", tr.first(docs, 502, begin))
    scn.action(docs.name, "SCALE_UP")
    return scn


# ---------------------------------------------------------------------------------------------------
@scenario("busy-day-no-incident", "(none)")
def busy_day_no_incident():
    """A busy, healthy morning: two deploys with FPM and nginx reloads (a few 502s each), a plugin update,
    stray segfaults, PHP warnings, one slow admin export (504), traffic doubling; nothing to page about."""
    scn = Scenario("busy-day-no-incident", 3105, at(9, 0), at(9, 20), description=(
        "web-1 serves shop.example.test (pool shop: pm.max_children = 40, unix socket) and blog.example.test. "
        "Traffic on the shop rises from 4 to about 9 requests per second between 09:04 and 09:14 and the pool "
        "absorbs it (at most about 20 busy workers, no listen queue, 'seems busy' notices only). Deploys of the "
        "shop's child theme at 09:06:00 and 09:15:00 reload nginx and PHP-FPM; each reload costs two or three "
        "502s within one second. Akismet is updated on the blog at 09:09:30 (maintenance mode answers 503 for "
        "three seconds). A worker segfaults now and then (one 502 each), PHP warnings reach nginx through "
        "FastCGI stderr, large REST responses are buffered to temporary files, a yearly WooCommerce report "
        "export times out once (one 504), db-1 logs a few routine slow queries. No window of 10 s ever "
        "has five gateway errors: no incident may be opened and no action proposed."))
    web1 = Host("web-1", "10.0.1.11", 1810, cores=8, mem_gb=32)
    pool = Pool("shop", web1, "/run/php/php8.2-fpm-shop.sock", 40, 22511, "/var/www/shop.example.test")
    blog_pool = Pool("blog", web1, "/run/php/php8.2-fpm-blog.sock", 10, 22611, "/var/www/blog.example.test")
    rate = lambda t: ramp(t, at(9, 4), at(9, 14), 1.0, 2.2)  # noqa: E731
    shop = Site("shop.example.test", web1, "woo", 4.0, pool, rate=rate)
    blog = Site("blog.example.test", web1, "blog", 2.0, blog_pool)
    scn.site(shop.name, ["web-1"], "shop", "db-1", "cache-1")
    scn.site(blog.name, ["web-1"], "blog", "db-1", None)
    fpm = Fpm(scn, web1, 1021)
    fpm.started(at(5, 2, 19))
    st, st_blog = FpmStatus(pool), FpmStatus(blog_pool)
    tr = Traffic(scn)
    deploys = [(at(9, 6, 0), "2.14.0", 3, 1744), (at(9, 15, 0), "2.14.1", 2, 1790)]
    for t, version, _, _ in deploys:
        change(scn, t, shop.name, "web-1", "DEPLOY", "storefront-child", version, actor="ci")
    change(scn, at(9, 9, 30), blog.name, "web-1", "PLUGIN_UPDATED", "akismet", "5.3.5")
    segv = {at(9, 8, 12), at(9, 12, 47), at(9, 17, 30)}
    warnings = {at(9, 2, 5) + timedelta(seconds=47 * i) for i in range(22)}
    buffered = {at(9, 3, 30) + timedelta(seconds=131 * i) for i in range(8)}
    pending = {}

    for i, (t, qt) in enumerate([(at(9, 1, 50), 1.3), (at(9, 7, 44), 1.1), (at(9, 13, 2), 1.9), (at(9, 18, 21), 1.2)]):
        scn.slow_query("db-1", "mariadb", t, qt, 0.000101, "wp_shop", "10.0.1.11", 7730100 + i * 211, "wp_shop",
                       "SELECT SQL_CALC_FOUND_ROWS wp_posts.ID FROM wp_posts LEFT JOIN wp_wc_product_meta_lookup "
                       "wc_product_meta_lookup ON wp_posts.ID = wc_product_meta_lookup.product_id WHERE 1=1 AND "
                       "wp_posts.post_type = 'product' AND (wp_posts.post_status = 'publish') ORDER BY "
                       "wc_product_meta_lookup.total_sales DESC, wc_product_meta_lookup.product_id DESC LIMIT 0, 16",
                       rows_sent=16, rows_examined=50112)
    # the one admin export that runs into fastcgi_read_timeout
    exp_t = at(9, 10, 30)
    req = tr.request(shop, exp_t)
    req.method, req.path, req.php, req.kind, req.referrer = ("GET", "/wp-admin/admin.php?page=wc-reports&tab=orders&range=year&export=csv",
                                                             True, "page", "https://shop.example.test/wp-admin/admin.php?page=wc-reports")
    req.ip, req.ua = "198.51.100.77", BROWSERS[2]
    tr.emit(shop, req, Outcome(504, 167, ("error", ERR_TIMEOUT_READ)))
    fpm.log(exp_t - 50 * SEC, "WARNING", "[pool shop] child %d, script '%s/wp-admin/admin.php' (request: \"GET "
            "/wp-admin/admin.php?page=wc-reports&tab=orders&range=year&export=csv\") executing too slow (10.012231 sec), logging"
            % (pool.pids[3], shop.root))
    fpm.log(exp_t - 50 * SEC, "NOTICE", "child %d stopped for tracing" % pool.pids[3])
    fpm.log(exp_t - 50 * SEC, "NOTICE", "about to trace %d" % pool.pids[3])
    fpm.log(exp_t - 50 * SEC, "NOTICE", "finished trace of %d" % pool.pids[3])
    fpm.slow_entry(exp_t - 50 * SEC, pool, pool.pids[3], shop.root + "/wp-admin/admin.php", wpdb_frames(shop.root, [
        ("get_results()", "%s/wp-content/plugins/woocommerce/includes/admin/reports/class-wc-admin-report.php:538"),
        ("get_order_report_data()", "%s/wp-content/plugins/woocommerce/includes/admin/reports/class-wc-report-sales-by-date.php:118"),
        ("get_report_data()", "%s/wp-content/plugins/woocommerce/includes/admin/reports/class-wc-report-sales-by-date.php:64"),
        ("output_report()", "%s/wp-content/plugins/woocommerce/includes/admin/class-wc-admin-reports.php:160"),
        ("do_action()", "%s/wp-includes/plugin.php:517"),
        ("require_once()", "%s/wp-admin/admin.php:259")]))

    def each(t):
        for dt, version, n502, newpid in deploys:
            if t == dt + SEC:
                tr.nginx_plain(web1, t, "notice", "signal process started")
            if t == dt + 2 * SEC:
                fpm.reload(t, newpid, [pool.listen, blog_pool.listen])
                pending["reload"] = (t, n502)
        if t in segv:
            pending["segv"] = t
        if t in (at(9, 9, 10), at(9, 11, 40), at(9, 13, 55)):
            act = int(6 * rate(t) + 4)
            fpm.seems_busy(t, pool, 8, act + 2)
        if t.second % 10:
            return
        r = rate(t)
        host_metrics(scn, t, web1, 72.0 - (r - 1) * 22.0, 54.0 + r * 2, 1.8 + r * 1.4)
        st.emit(scn, t, 3.2 * r, int(3 + 7 * r + scn.rnd.randint(-2, 2)), queue=0)
        st_blog.emit(scn, t, 1.6, scn.rnd.randint(1, 3))
        mysql_metrics(scn, t, "db-1", scn.rnd.randint(2, 5) + int(r), 30 + int(r * 6), 20412 + (t - scn.start).seconds // 300,
                      91200000 + (t - scn.start).seconds * int(320 * r))

    def decide(site, req, t):
        if not req.php:
            return None
        if site is blog and between(t, at(9, 9, 30), at(9, 9, 33)) and req.kind != "cron":
            return Outcome(503, 2476)
        if site is not shop:
            return None
        if "reload" in pending and pending["reload"][0] == t and pending["reload"][1] > 0:
            pending["reload"] = (t, pending["reload"][1] - 1)
            return Outcome(502, 157, ("error", ERR_RESET))
        if "segv" in pending and pending["segv"] <= t and req.kind == "page":
            del pending["segv"]
            fpm.crash(t, pool, 11, after=scn.rnd.uniform(300, 3000))
            return Outcome(502, 157, ("error", ERR_PREMATURE))
        if t in warnings and req.kind == "page":
            warnings.discard(t)
            msg = ('FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined array key "sku" in %s/wp-content/themes/'
                   'storefront-child/inc/structured-data.php on line 88" while reading response header from upstream' % shop.root)
            return Outcome(200, scn.rnd.randint(12000, 40000), ("error", msg))
        if t in buffered and req.kind in ("page", "rest"):
            buffered.discard(t)
            req.path = "/wp-json/wc/store/v1/products?per_page=100&page=%d" % scn.rnd.randint(1, 4)
            name = "%010d" % scn.rnd.randint(100, 99999)  # fastcgi_temp_path levels=1:2
            return Outcome(200, scn.rnd.randint(180000, 260000), ("warn", "an upstream response is buffered to a temporary "
                                                                  "file /var/lib/nginx/fastcgi/%s/%s/%s while reading upstream"
                                                                  % (name[-1], name[-3:-1], name)))
        return None

    tr.run([shop, blog], decide, each_second=each)
    return scn
