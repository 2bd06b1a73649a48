"""Shared line builders and a small simulator for the Gatewatch scenario suite.

Every line shape here is the one the real program writes (see ../../../shared/captures for nginx 1.22
and PHP-FPM 8.2 output captured on a test box, and ../../../shared/corpus for MariaDB/MySQL, nginx and
PHP-FPM lines from the wild):

  nginx error log      2026/11/25 09:11:55 [error] 21990#21990: *23 connect() failed (111: ...) while
                       connecting to upstream, client: ..., server: ..., request: "...", upstream: "...",
                       host: "..."[, referrer: "..."]
  nginx access log     combined: $remote_addr - $remote_user [$time_local] "$request" $status
                       $body_bytes_sent "$http_referer" "$http_user_agent"
  PHP-FPM master log   [25-Nov-2026 09:11:54] WARNING: [pool shop] ...
  PHP-FPM slow log     blank line, "[25-Nov-2026 09:11:35]  [pool shop] pid 22555", script_filename, frames
  PHP error_log        [25-Nov-2026 09:11:25 UTC] PHP Fatal error:  Uncaught ... (+ stack trace lines)
  MariaDB 10.11        slow log "# Time: 261125  9:11:54" (only when the second changes), error log
                       "2026-11-25  9:11:54 4242 [Warning] ..."
  MySQL 8.0            slow log "# Time: 2026-11-25T09:11:54.123456Z" before every entry
  Redis 7.0            "812:M 25 Nov 2026 09:11:54.123 * ..."
  Telegraf             json serializer (Go map order: fields, name, tags, timestamp; keys sorted)
  Cloudflare Logpush   http_requests dataset field names, RFC 3339 timestamps

Everything is driven by a seeded random.Random, so a scenario is byte-for-byte reproducible.
"""
import json
import math
import os
import random
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc
SEC = timedelta(seconds=1)


def at(hh, mm, ss=0, day=25):
    """A UTC instant on the scenario day (25 Nov 2026)."""
    return datetime(2026, 11, day, hh, mm, ss, tzinfo=UTC)


def iso(t):
    """ISO-8601 in UTC with a Z, whole seconds unless t carries microseconds."""
    t = t.astimezone(UTC)
    if t.microsecond:
        return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def epoch(t):
    return int(t.timestamp())


# --------------------------------------------------------------------------------------------------
# User agents, clients
# --------------------------------------------------------------------------------------------------

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.39 Mobile Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0",
]
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
    "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
]
MONITOR = "Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)"


def wp_ua(site):
    return "WordPress/6.7.1; https://%s" % site


# --------------------------------------------------------------------------------------------------
# Site profiles: what a request to a site of that kind looks like
# --------------------------------------------------------------------------------------------------

# (weight, method, path, php?) ; {n} is replaced by a random number, {slug} by a random slug
PROFILES = {
    "woo": {
        "theme": "storefront",
        "slugs": ["blue-mug", "red-scarf", "wool-socks", "linen-apron", "oak-tray", "enamel-pin", "tote-bag",
                  "ceramic-bowl", "beanie-grey", "travel-mug"],
        "cats": ["kitchen", "accessories", "clothing", "sale", "gifts"],
        "php": [
            (14, "GET", "/"), (8, "GET", "/shop/"), (22, "GET", "/product/{slug}/"),
            (8, "GET", "/product-category/{cat}/"), (5, "GET", "/cart/"), (3, "GET", "/checkout/"),
            (9, "POST", "/?wc-ajax=get_refreshed_fragments"), (2, "POST", "/?wc-ajax=update_order_review"),
            (2, "POST", "/?wc-ajax=add_to_cart"), (4, "POST", "/wp-admin/admin-ajax.php"),
            (2, "GET", "/my-account/"), (3, "GET", "/?s={slugword}&post_type=product"),
            (3, "GET", "/wp-json/wc/store/v1/cart"), (1, "GET", "/feed/"), (1, "POST", "/wp-login.php"),
            (1, "GET", "/product-category/{cat}/?orderby=price&filter_color=blue"),
        ],
        "static": [
            (6, "/wp-content/themes/storefront/style.css?ver=4.6.0", 7312),
            (5, "/wp-content/plugins/woocommerce/assets/js/frontend/cart-fragments.min.js?ver=9.4.2", 1480),
            (5, "/wp-includes/js/jquery/jquery.min.js?ver=3.7.1", 30786),
            (7, "/wp-content/uploads/2026/10/{slug}-600x600.jpg", None),
            (2, "/wp-content/plugins/woocommerce/assets/css/woocommerce.css?ver=9.4.2", 11622),
            (1, "/favicon.ico", 1150),
        ],
    },
    "blog": {
        "theme": "twentytwentyfour",
        "slugs": ["sourdough-basics", "winter-garden", "kafka-streams-notes", "why-we-moved", "bike-repair",
                  "three-soups", "reading-list-2026", "new-studio", "on-typography", "lisbon-trip"],
        "cats": ["food", "travel", "notes", "garden"],
        "php": [
            (14, "GET", "/"), (30, "GET", "/2026/11/{slug}/"), (8, "GET", "/category/{cat}/"),
            (5, "GET", "/feed/"), (3, "GET", "/?s={slugword}"), (3, "GET", "/wp-json/wp/v2/posts?per_page=10"),
            (2, "POST", "/wp-login.php"), (2, "POST", "/xmlrpc.php"), (2, "GET", "/author/anna/"),
            (2, "POST", "/wp-admin/admin-ajax.php"), (2, "GET", "/page/{n}/"),
        ],
        "static": [
            (6, "/wp-content/themes/twentytwentyfour/style.css?ver=1.3", 2893),
            (6, "/wp-content/uploads/2026/11/{slug}-1024x683.jpg", None),
            (3, "/wp-includes/css/dist/block-library/style.min.css?ver=6.7.1", 15216),
            (1, "/favicon.ico", 1150), (1, "/robots.txt", 67),
        ],
    },
    "news": {
        "theme": "newsroom-pro",
        "slugs": ["council-vote", "storm-warning", "rail-strike-ends", "budget-2027", "derby-report",
                  "new-bridge", "school-closures", "market-day", "flood-defences", "election-live"],
        "cats": ["local", "politics", "sport", "weather"],
        "php": [
            (16, "GET", "/"), (34, "GET", "/news/{slug}/"), (8, "GET", "/section/{cat}/"), (4, "GET", "/live/"),
            (4, "GET", "/feed/"), (4, "GET", "/wp-json/wp/v2/posts?categories={n}&per_page=20"),
            (2, "GET", "/?s={slugword}"), (2, "POST", "/wp-admin/admin-ajax.php"), (1, "GET", "/tag/{slugword}/"),
        ],
        "static": [
            (6, "/wp-content/themes/newsroom-pro/assets/css/main.css?ver=4.0.0", 48211),
            (4, "/wp-content/themes/newsroom-pro/assets/js/app.js?ver=4.0.0", 61833),
            (8, "/wp-content/uploads/2026/11/{slug}-768x432.jpg", None),
            (1, "/favicon.ico", 1150),
        ],
    },
    "docs": {
        "theme": "docs-lite",
        "slugs": ["install", "configure", "upgrade", "backup", "restore", "api-keys", "webhooks", "sso",
                  "limits", "faq"],
        "cats": ["admin", "developer", "billing"],
        "php": [
            (12, "GET", "/"), (40, "GET", "/docs/{cat}/{slug}/"), (5, "GET", "/?s={slugword}"),
            (4, "GET", "/docs/{cat}/"), (3, "GET", "/wp-json/wp/v2/docs?per_page=50"),
            (2, "GET", "/docs/{cat}/{slug}/?print=pdf"), (1, "POST", "/wp-admin/admin-ajax.php"),
        ],
        "static": [
            (6, "/wp-content/themes/docs-lite/style.css?ver=2.1.4", 9312),
            (4, "/wp-content/themes/docs-lite/js/search.js?ver=2.1.4", 4410),
            (3, "/wp-content/uploads/2026/09/{slug}-diagram.png", None),
            (1, "/favicon.ico", 1150),
        ],
    },
    "app": {  # headless storefront: mostly REST calls from a single-page app
        "theme": "headless",
        "slugs": ["p-1001", "p-1002", "p-1003", "p-1004", "p-1005", "p-1006", "p-1007", "p-1008"],
        "cats": ["retail", "trade"],
        "php": [
            (30, "POST", "/wp-json/storefront/v1/quote"), (20, "GET", "/wp-json/wc/store/v1/products?per_page=24&page={n}"),
            (12, "GET", "/wp-json/storefront/v1/cart"), (8, "POST", "/wp-json/storefront/v1/cart/items"),
            (6, "GET", "/wp-json/wc/store/v1/products/{slug}"), (4, "GET", "/"),
        ],
        "static": [
            (5, "/app/assets/index-4f2a9c1e.js", 184233), (3, "/app/assets/index-7d1e0b32.css", 22418),
            (2, "/favicon.ico", 1150),
        ],
    },
}


def weighted(rnd, items):
    total = sum(i[0] for i in items)
    x = rnd.uniform(0, total)
    for it in items:
        x -= it[0]
        if x <= 0:
            return it
    return items[-1]


@dataclass
class Request:
    t: datetime          # when nginx logged it (request end)
    site: str
    ip: str
    method: str
    path: str
    proto: str
    ua: str
    referrer: str
    php: bool
    static_size: int = 0
    kind: str = "page"   # page, ajax, rest, static, login, cron, monitor, feed

    @property
    def line(self):
        return "%s %s %s" % (self.method, self.path, self.proto)

    @property
    def script(self):
        """The script PHP-FPM runs for it (WordPress front controller for pretty permalinks)."""
        p = self.path.split("?", 1)[0]
        if p.endswith(".php"):
            return p
        return "/index.php"

    @property
    def fpm_request(self):
        """What PHP-FPM's master and slow log print as (request: "..."): method + script + query."""
        q = self.path.split("?", 1)[1] if "?" in self.path else ""
        if not self.path.split("?", 1)[0].endswith(".php"):
            # try_files $uri $uri/ /index.php?$args -> REQUEST_URI stays, SCRIPT_NAME is /index.php
            return "%s /index.php%s" % (self.method, ("?" + q) if q else "")
        return "%s %s%s" % (self.method, self.path.split("?", 1)[0], ("?" + q) if q else "")


@dataclass
class Outcome:
    status: int
    size: int
    err: tuple = None          # (level, message) for the nginx error log
    upstream: str = None       # override of the site's upstream in the error line
    extra_err: list = field(default_factory=list)  # further (level, message) lines for the same request


class Host:
    def __init__(self, name, ip, nginx_pid, cores=4, mem_gb=16):
        self.name, self.ip, self.cores, self.mem_gb = name, ip, cores, mem_gb
        self.workers = [nginx_pid + i for i in range(1, 1 + min(cores, 4))]
        self.conn = nginx_pid * 7 % 9000 + 1000


class Pool:
    def __init__(self, name, host, listen, max_children, first_pid, site_root, start_servers=None):
        self.name, self.host, self.listen, self.max_children = name, host, listen, max_children
        self.site_root = site_root
        n = start_servers or max(2, max_children // 4)
        self.pids = [first_pid + 7 * i for i in range(n)]
        self.next_pid = first_pid + 7 * n + 3

    @property
    def upstream(self):
        if self.listen.startswith("/"):
            return "fastcgi://unix:%s:" % self.listen
        return "fastcgi://%s" % self.listen

    @property
    def unix(self):
        return self.listen.startswith("/")

    def new_pid(self, rnd):
        self.next_pid += rnd.randint(3, 40)
        return self.next_pid

    def replace(self, rnd, old=None):
        """A child exits and the master forks a replacement; returns (old, new)."""
        if old is None:
            old = rnd.choice(self.pids)
        new = self.new_pid(rnd)
        if old in self.pids:
            self.pids[self.pids.index(old)] = new
        else:
            self.pids.append(new)
        return old, new


class Site:
    def __init__(self, name, host, profile, rps, pool=None, rate=None, clients=None, https_ref=True):
        self.name, self.host, self.profile, self.rps, self.pool = name, host, profile, rps, pool
        self.rate = rate or (lambda t: 1.0)
        self.clients = clients
        self.root = "/var/www/%s" % name
        self.prof = PROFILES[profile]


# --------------------------------------------------------------------------------------------------
# The scenario: collects lines per file, writes the directory
# --------------------------------------------------------------------------------------------------

class Scenario:
    def __init__(self, name, seed, start, end, tz="UTC", description=""):
        self.name, self.start, self.end = name, start, end
        self.rnd = random.Random(seed)
        self.tzname = tz
        self.tz = ZoneInfo(tz)
        self.description = description
        self.files = {}        # rel path -> list of [time, seq, text]
        self.seq = 0
        self.inventory = []
        self.incidents = []
        self.actions = []
        self.slow_entries = {}  # rel path -> list of dicts (rendered at write time)
        self.slow_header = {}
        self.disorder = {}      # rel path -> max seconds of disorder to introduce
        self.hosts_used = set()

    # ---- time formats in the scenario's zone ----
    def local(self, t):
        return t.astimezone(self.tz)

    def t_access(self, t):
        return self.local(t).strftime("%d/%b/%Y:%H:%M:%S %z")

    def t_nginx(self, t):
        return self.local(t).strftime("%Y/%m/%d %H:%M:%S")

    def t_fpm(self, t):
        return self.local(t).strftime("%d-%b-%Y %H:%M:%S")

    def t_php(self, t):
        return "%s %s" % (self.local(t).strftime("%d-%b-%Y %H:%M:%S"), self.tzname)

    def t_redis(self, t):
        lt = self.local(t)
        return lt.strftime("%d %b %Y %H:%M:%S.") + "%03d" % (lt.microsecond // 1000)

    def t_mariadb_err(self, t):
        lt = self.local(t)
        return "%04d-%02d-%02d %2d:%02d:%02d" % (lt.year, lt.month, lt.day, lt.hour, lt.minute, lt.second)

    # ---- collecting ----
    def put(self, rel, t, text):
        self.seq += 1
        self.files.setdefault(rel, []).append([t, self.seq, text])

    def site(self, name, hosts, pool=None, database=None, cache=None, cdn=None):
        self.inventory.append({"site": name, "hosts": hosts, "fpmPool": pool, "database": database,
                               "cache": cache, "cdnZone": cdn})

    def incident(self, site, kind, cause, onset, width=30):
        self.incidents.append({"site": site, "kind": kind, "topCause": cause,
                               "openedBetween": [iso(onset), iso(onset + timedelta(seconds=width))]})

    def action(self, site, action):
        self.actions.append({"site": site, "action": action})

    # ---- writing ----
    def write(self, root):
        out = os.path.join(root, self.name)
        if os.path.isdir(out):
            shutil.rmtree(out)
        os.makedirs(out)
        counts = {}
        for rel, entries in sorted(self.files.items()):
            entries.sort(key=lambda e: (e[0], e[1]))
            if rel in self.disorder:
                entries = self._disorder(entries, self.disorder[rel])
            text = "\n".join(e[2] for e in entries) + "\n"
            if rel.endswith("php-fpm-slow.log"):
                text = "\n" + text  # every slowlog entry is preceded by an empty line
            counts[rel] = self._write(out, rel, text)
        for rel, entries in sorted(self.slow_entries.items()):
            counts[rel] = self._write(out, rel, self._render_slow(rel, entries))
        spec = {"name": self.name, "description": self.description, "timezone": self.tzname,
                "inventory": {"sites": self.inventory},
                "expect": {"incidents": self.incidents, "actions": self.actions}}
        with open(os.path.join(out, "scenario.json"), "w") as f:
            json.dump(spec, f, indent=2)
            f.write("\n")
        return counts

    def _write(self, out, rel, text):
        path = os.path.join(out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return text.count("\n")

    def _disorder(self, entries, max_s):
        """Buffered writers (nginx access_log buffer=, several workers) flush chunks out of order:
        move blocks of lines up to max_s seconds later in the file."""
        rnd = random.Random(len(entries) * 31 + int(max_s * 1000))
        keyed = []
        for e in entries:
            delay = 0.0
            if rnd.random() < 0.3:
                delay = rnd.uniform(0.5, max_s)
            keyed.append((e[0].timestamp() + delay, e[1], e))
        keyed.sort(key=lambda k: (k[0], k[1]))
        return [k[2] for k in keyed]

    # ---- MySQL / MariaDB slow log (rendered at the end: "# Time:" and "use db;" depend on order) ----
    def slow_query(self, dbhost, flavor, end, query_time, lock_time, user, client_ip, thread, schema, query,
                   rows_sent=0, rows_examined=0, rows_affected=0, bytes_sent=None):
        rel = "logs/%s/mysql-slow.log" % dbhost
        self.slow_entries.setdefault(rel, []).append(dict(
            flavor=flavor, end=end, qt=query_time, lt=lock_time, user=user, ip=client_ip, thread=thread,
            schema=schema, query=query, rs=rows_sent, re=rows_examined, ra=rows_affected,
            bs=bytes_sent if bytes_sent is not None else 52 + rows_sent * 61))

    def _render_slow(self, rel, entries):
        entries.sort(key=lambda e: e["end"])
        lines = []
        header = self.slow_header.get(rel)
        if header:
            lines.extend(header)
        last_sec, last_db = None, None
        for e in entries:
            start = e["end"] - timedelta(seconds=e["qt"])
            if e["flavor"] == "mariadb":
                lt = self.local(e["end"])
                sec = lt.replace(microsecond=0)
                if sec != last_sec:
                    lines.append("# Time: %s %2d:%02d:%02d" % (lt.strftime("%y%m%d"), lt.hour, lt.minute, lt.second))
                    last_sec = sec
                lines.append("# User@Host: %s[%s] @  [%s]" % (e["user"], e["user"], e["ip"]))
                lines.append("# Thread_id: %d  Schema: %s  QC_hit: No" % (e["thread"], e["schema"]))
                lines.append("# Query_time: %.6f  Lock_time: %.6f  Rows_sent: %d  Rows_examined: %d"
                             % (e["qt"], e["lt"], e["rs"], e["re"]))
                lines.append("# Rows_affected: %d  Bytes_sent: %d" % (e["ra"], e["bs"]))
            else:  # mysql 8.0, log_timestamps=UTC
                lines.append("# Time: %s" % e["end"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
                lines.append("# User@Host: %s[%s] @  [%s]  Id: %5d" % (e["user"], e["user"], e["ip"], e["thread"]))
                lines.append("# Query_time: %.6f  Lock_time: %.6f Rows_sent: %d  Rows_examined: %d"
                             % (e["qt"], e["lt"], e["rs"], e["re"]))
            if e["schema"] != last_db:
                lines.append("use %s;" % e["schema"])
                last_db = e["schema"]
            lines.append("SET timestamp=%d;" % int(start.timestamp()))
            lines.append(e["query"] if e["query"].endswith(";") else e["query"] + ";")
        return "\n".join(lines) + "\n"


MARIADB_SLOW_HEADER = [
    "/usr/sbin/mariadbd, Version: 10.11.6-MariaDB-0+deb12u1-log (Debian 12). started with:",
    "Tcp port: 3306  Unix socket: /run/mysqld/mysqld.sock",
    "Time\t\t    Id Command\tArgument",
]


# --------------------------------------------------------------------------------------------------
# nginx
# --------------------------------------------------------------------------------------------------

ERR_REFUSED_TCP = "connect() failed (111: Connection refused) while connecting to upstream"
ERR_RESET = "recv() failed (104: Connection reset by peer) while reading response header from upstream"
ERR_PREMATURE = "upstream prematurely closed connection while reading response header from upstream"
ERR_BIG_HEADER = "upstream sent too big header while reading response header from upstream"
ERR_TIMEOUT_READ = "upstream timed out (110: Connection timed out) while reading response header from upstream"
ERR_NO_ROUTE = "connect() failed (113: No route to host) while connecting to upstream"


def err_unix(sock, code):
    msgs = {2: "No such file or directory", 11: "Resource temporarily unavailable", 13: "Permission denied",
            111: "Connection refused"}
    return "connect() to unix:%s failed (%d: %s) while connecting to upstream" % (sock, code, msgs[code])


def level_unix(code):
    """nginx logs ECONNREFUSED/EAGAIN at error and anything else (ENOENT, EACCES) at crit."""
    return "error" if code in (11, 111) else "crit"


def fastcgi_stderr(php_message_lines, tail="while reading response header from upstream"):
    """The body of nginx's 'FastCGI sent in stderr' message; PHP's lines joined by real newlines."""
    return 'FastCGI sent in stderr: "PHP message: %s" %s' % ("\n".join(php_message_lines), tail)


class Traffic:
    """Generates requests second by second and writes nginx access and error lines."""

    def __init__(self, scn):
        self.scn = scn
        self.rnd = scn.rnd
        self.ip_pool = {}
        self.errors = {}   # (site, status) -> times of gateway errors, to state when an outage began

    def first(self, site, status=502, after=None):
        """Start (whole second) of the first 10 s window with >= 5 such errors, at or after `after`."""
        times = sorted(t for t in self.errors.get((getattr(site, "name", site), status), []) if after is None or t >= after)
        for i in range(len(times) - 4):
            if (times[i + 4] - times[i]).total_seconds() < 10:
                return times[i].replace(microsecond=0)
        raise ValueError("no burst of %d on %s" % (status, site))

    def client_ip(self, site):
        if site.clients:
            return site.clients(self.rnd)
        pool = self.ip_pool.setdefault(site.name, self._make_ips())
        return self.rnd.choice(pool)

    def _make_ips(self):
        r = self.rnd
        ips = []
        for _ in range(220):
            x = r.random()
            if x < 0.35:
                ips.append("203.0.113.%d" % r.randint(2, 254))
            elif x < 0.65:
                ips.append("198.51.100.%d" % r.randint(2, 254))
            elif x < 0.9:
                ips.append("192.0.2.%d" % r.randint(2, 254))
            else:
                ips.append("2001:db8:%x:%x::%x" % (r.randint(1, 0xffff), r.randint(1, 0xffff), r.randint(1, 0xfff)))
        return ips

    def fill(self, s, site):
        r = self.rnd
        prof = site.prof
        s = s.replace("{slug}", r.choice(prof["slugs"]))
        s = s.replace("{slugword}", r.choice(prof["slugs"]).split("-")[0])
        s = s.replace("{cat}", r.choice(prof["cats"]))
        s = s.replace("{n}", str(r.randint(2, 9)))
        return s

    def request(self, site, t, static_share=0.22):
        r = self.rnd
        prof = site.prof
        ref = "-"
        if r.random() < 0.45:
            pages = [p for p in prof["php"] if p[1] == "GET" and not p[2].startswith("/wp-json") and not p[2].startswith("/feed")]
            ref = "https://%s%s" % (site.name, self.fill(weighted(r, pages)[2], site))
        elif r.random() < 0.1:
            ref = r.choice(["https://www.google.com/", "https://duckduckgo.com/", "https://www.bing.com/"])
        proto = "HTTP/2.0" if r.random() < 0.6 else "HTTP/1.1"
        x = r.random()
        if x < static_share:
            _, path, size = weighted(r, prof["static"])
            path = self.fill(path, site)
            if size is None:
                size = r.randint(58000, 178000)
            ua = r.choice(BROWSERS)
            return Request(t, site.name, self.client_ip(site), "GET", path, proto, ua, ref, False, size, "static")
        if x < static_share + 0.01:
            return Request(t, site.name, self.client_ip(site), "HEAD", "/", "HTTP/1.1", MONITOR, "-", True, 0, "monitor")
        _, method, path = weighted(r, prof["php"])
        path = self.fill(path, site)
        ua = r.choice(BOTS) if r.random() < 0.12 else r.choice(BROWSERS)
        kind = "page"
        if "wc-ajax" in path or "admin-ajax" in path:
            kind = "ajax"
        elif path.startswith("/wp-json/"):
            kind = "rest"
        elif path.startswith("/wp-login.php") or path.startswith("/xmlrpc.php"):
            kind = "login"
            ua = r.choice(BROWSERS[:2])
            ref = "-"
        elif path.startswith("/feed/"):
            kind = "feed"
            ua = r.choice(["Feedly/1.0 (+http://www.feedly.com/fetcher.html; 16 subscribers; )",
                           "FreshRSS/1.24.3 (Linux; https://freshrss.org)", BROWSERS[0]])
        return Request(t, site.name, self.client_ip(site), method, path, proto, ua, ref, True, 0, kind)

    def cron_request(self, site, t):
        return Request(t, site.name, site.host.ip, "POST", "/wp-cron.php?doing_wp_cron=%d.%06d" % (epoch(t), self.rnd.randint(0, 999999)),
                       "HTTP/1.1", wp_ua(site.name), "-", True, 0, "cron")

    def healthy(self, req):
        r = self.rnd
        if not req.php:
            if r.random() < 0.22:
                return Outcome(304, 0)
            if req.path == "/favicon.ico" and r.random() < 0.1:
                return Outcome(404, 146)
            return Outcome(200, req.static_size)
        if req.kind == "monitor":
            return Outcome(200, 0)
        if req.kind == "ajax":
            return Outcome(200, r.randint(90, 4200))
        if req.kind == "rest":
            return Outcome(200, r.randint(600, 14000))
        if req.kind == "login":
            if req.path.startswith("/xmlrpc.php"):
                return Outcome(200, 403)
            return Outcome(200, r.randint(4300, 4700)) if r.random() < 0.7 else Outcome(302, 5)
        if req.kind == "cron":
            return Outcome(200, 0)
        if req.kind == "feed":
            return Outcome(200, r.randint(9000, 26000)) if r.random() < 0.8 else Outcome(304, 0)
        x = r.random()
        if x < 0.02:
            return Outcome(404, r.randint(9000, 12000))
        if x < 0.03:
            return Outcome(301, 5)
        if x < 0.034:
            return Outcome(499, 0)
        return Outcome(200, r.randint(9000, 48000))

    def emit(self, site, req, oc, host=None):
        scn = self.scn
        host = host or site.host
        host.conn += self.rnd.randint(1, 3)
        conn = host.conn
        pid = self.rnd.choice(host.workers)
        line = '%s - - [%s] "%s" %d %d "%s" "%s"' % (req.ip, scn.t_access(req.t), req.line, oc.status, oc.size,
                                                   req.referrer, req.ua)
        scn.put("logs/%s/%s/nginx-access.log" % (host.name, site.name), req.t, line)
        if oc.status in (502, 504):
            self.errors.setdefault((site.name, oc.status), []).append(req.t)
        errs = ([oc.err] if oc.err else []) + list(oc.extra_err)
        for level, msg in errs:
            upstream = oc.upstream or (site.pool.upstream if site.pool else "fastcgi://127.0.0.1:9000")
            e = '%s [%s] %d#%d: *%d %s, client: %s, server: %s, request: "%s", upstream: "%s", host: "%s"' % (
                scn.t_nginx(req.t), level, pid, pid, conn, msg, req.ip, site.name, req.line, upstream, site.name)
            if req.referrer != "-":
                e += ', referrer: "%s"' % req.referrer
            scn.put("logs/%s/nginx-error.log" % host.name, req.t, e)
        return conn, pid

    def nginx_plain(self, host, t, level, msg, conn=None):
        """An nginx error-log line without request context (notices, file errors are built by callers)."""
        pid = self.rnd.choice(host.workers)
        if conn is None:
            self.scn.put("logs/%s/nginx-error.log" % host.name, t,
                         "%s [%s] %d#%d: %s" % (self.scn.t_nginx(t), level, pid, pid, msg))
        else:
            self.scn.put("logs/%s/nginx-error.log" % host.name, t,
                         "%s [%s] %d#%d: *%d %s" % (self.scn.t_nginx(t), level, pid, pid, conn, msg))

    def run(self, sites, decide, start=None, end=None, each_second=None, static_share=0.22):
        """For every second and site: draw requests, let decide(site, req, t) return an Outcome (or None
        for the healthy default), write the lines."""
        t = start or self.scn.start
        end = end or self.scn.end
        while t < end:
            if each_second:
                each_second(t)
            for site in sites:
                lam = site.rps * site.rate(t)
                for _ in range(poisson(self.rnd, lam)):
                    req = self.request(site, t, static_share)
                    if getattr(site, "mutate", None):
                        req = site.mutate(req, t)
                    oc = decide(site, req, t) if decide else None
                    if oc is None:
                        oc = self.healthy(req)
                    self.emit(site, req, oc)
                if self.rnd.random() < 1 / 60.0:
                    req = self.cron_request(site, t)
                    oc = decide(site, req, t) if decide else None
                    self.emit(site, req, oc or self.healthy(req))
            t += SEC


def poisson(rnd, lam):
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, int(round(rnd.gauss(lam, math.sqrt(lam)))))
    l, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rnd.random()
        if p <= l:
            return k
        k += 1


def ramp(t, t1, t2, v1, v2):
    """Linear from v1 at t1 to v2 at t2, constant outside."""
    if t <= t1:
        return v1
    if t >= t2:
        return v2
    f = (t - t1).total_seconds() / (t2 - t1).total_seconds()
    return v1 + (v2 - v1) * f


# --------------------------------------------------------------------------------------------------
# PHP-FPM master log, slow log
# --------------------------------------------------------------------------------------------------

class Fpm:
    def __init__(self, scn, host, master_pid):
        self.scn, self.host, self.master_pid = scn, host, master_pid
        self.rel = "logs/%s/php-fpm.log" % host.name
        self.slow_rel = "logs/%s/php-fpm-slow.log" % host.name

    def log(self, t, level, msg):
        self.scn.put(self.rel, t, "[%s] %s: %s" % (self.scn.t_fpm(t), level, msg))

    def started(self, t, pid=None):
        if pid:
            self.master_pid = pid
        self.log(t, "NOTICE", "fpm is running, pid %d" % self.master_pid)
        self.log(t, "NOTICE", "ready to handle connections")
        self.log(t, "NOTICE", "systemd monitor interval set to 10000ms")

    def stopping(self, t):
        self.log(t, "NOTICE", "Terminating ...")
        self.log(t, "NOTICE", "exiting, bye-bye!")

    def reload(self, t, new_pid, sockets):
        self.log(t, "NOTICE", "Reloading in progress ...")
        self.log(t, "NOTICE", 'reloading: execvp("/usr/sbin/php-fpm8.2", {"/usr/sbin/php-fpm8.2", "--nodaemonize", '
                              '"--fpm-config", "/etc/php/8.2/fpm/php-fpm.conf"})')
        for i, s in enumerate(sockets):
            self.log(t, "NOTICE", 'using inherited socket fd=%d, "%s"' % (7 + i, s))
        self.master_pid = new_pid
        self.log(t, "NOTICE", "fpm is running, pid %d" % new_pid)
        self.log(t, "NOTICE", "ready to handle connections")
        self.log(t, "NOTICE", "systemd monitor interval set to 10000ms")

    def max_children(self, t, pool):
        self.log(t, "WARNING", "[pool %s] server reached pm.max_children setting (%d), consider raising it"
                 % (pool.name, pool.max_children))

    def seems_busy(self, t, pool, spawning, total):
        self.log(t, "WARNING", "[pool %s] seems busy (you may need to increase pm.start_servers, or "
                               "pm.min/max_spare_servers), spawning %d children, there are 0 idle, and %d total children"
                 % (pool.name, spawning, total))

    def child_exit_signal(self, t, pool, pid, sig, after, core=False):
        names = {9: "SIGKILL", 11: "SIGSEGV", 15: "SIGTERM", 6: "SIGABRT", 7: "SIGBUS"}
        name = names[sig] + (" - core dumped" if core else "")
        self.log(t, "WARNING", "[pool %s] child %d exited on signal %d (%s) after %.6f seconds from start"
                 % (pool.name, pid, sig, name, after))

    def child_started(self, t, pool, pid):
        self.log(t, "NOTICE", "[pool %s] child %d started" % (pool.name, pid))

    def crash(self, t, pool, sig, core=False, after=None, pid=None):
        old, new = pool.replace(self.scn.rnd, pid)
        if after is None:
            after = self.scn.rnd.uniform(2, 900)
        self.child_exit_signal(t, pool, old, sig, after, core)
        self.child_started(t, pool, new)
        return old, new

    def said_stderr(self, t, pool, pid, text):
        self.log(t, "WARNING", '[pool %s] child %d said into stderr: "%s"' % (pool.name, pid, text))

    def too_slow(self, t, pool, pid, site, req, secs, trace_frames):
        """request_slowlog_timeout hit: master log lines + one slowlog entry."""
        script = site.root + req.script
        self.log(t, "WARNING", "[pool %s] child %d, script '%s' (request: \"%s\") executing too slow (%.6f sec), logging"
                 % (pool.name, pid, script, req.fpm_request, secs))
        self.log(t, "NOTICE", "child %d stopped for tracing" % pid)
        self.log(t, "NOTICE", "about to trace %d" % pid)
        self.log(t, "NOTICE", "finished trace of %d" % pid)
        self.slow_entry(t, pool, pid, script, trace_frames)

    def timed_out(self, t, pool, pid, site, req, secs):
        script = site.root + req.script
        self.log(t, "WARNING", "[pool %s] child %d, script '%s' (request: \"%s\") execution timed out (%.6f sec), terminating"
                 % (pool.name, pid, script, req.fpm_request, secs))

    def slow_entry(self, t, pool, pid, script, frames):
        r = self.scn.rnd
        addr = 0x00007f0000000000 + r.randint(0x10000000, 0xfffffff0) * 0x100
        lines = ["[%s]  [pool %s] pid %d" % (self.scn.t_fpm(t), pool.name, pid), "script_filename = %s" % script]
        for fn, path in frames:
            lines.append("[0x%016x] %s %s" % (addr, fn, path))
            addr -= r.choice([0x70, 0x90, 0xa0, 0xd0, 0x110, 0x130])
        self.scn.put(self.slow_rel, t, "\n".join(lines) + "\n")


def wpdb_frames(root, tail=None):
    """A PHP-FPM slowlog stack of a WordPress main query stuck in MySQL."""
    tail = tail or [
        ("get_results()", "%s/wp-includes/class-wp-query.php:3273"),
        ("get_posts()", "%s/wp-includes/class-wp-query.php:3884"),
        ("query()", "%s/wp-includes/class-wp.php:696"),
        ("query_posts()", "%s/wp-includes/class-wp.php:816"),
        ("main()", "%s/wp-includes/functions.php:1336"),
        ("wp()", "%s/wp-blog-header.php:16"),
        ("require()", "%s/index.php:17"),
    ]
    head = [("mysqli_query()", "%s/wp-includes/class-wpdb.php:2349"),
            ("_do_query()", "%s/wp-includes/class-wpdb.php:2263"),
            ("query()", "%s/wp-includes/class-wpdb.php:3085")]
    return [(f, p % root) for f, p in head + tail]


def option_frames(root):
    return wpdb_frames(root, [
        ("update()", "%s/wp-includes/class-wpdb.php:2628"),
        ("update_option()", "%s/wp-includes/option.php:904"),
        ("set_transient()", "%s/wp-includes/option.php:1459"),
        ("wc_get_product_visibility_term_ids()", "%s/wp-content/plugins/woocommerce/includes/wc-term-functions.php:654"),
        ("do_action()", "%s/wp-includes/plugin.php:517"),
        ("require_once()", "%s/wp-settings.php:700"),
        ("require_once()", "%s/wp-config.php:98"),
        ("require_once()", "%s/wp-load.php:50"),
        ("require_once()", "%s/wp-blog-header.php:13"),
        ("require()", "%s/index.php:17"),
    ])


# --------------------------------------------------------------------------------------------------
# PHP error_log
# --------------------------------------------------------------------------------------------------

def php_line(scn, t, text):
    return "[%s] %s" % (scn.t_php(t), text)


def uncaught(cls, msg, file, line, frames, located=None):
    """PHP's text for an uncaught exception: headline, Stack trace, frames, thrown in. A TypeError about a
    user function's argument reads "..., called in X on line N and defined in F:L" instead of " in F:L"."""
    if located is None:
        located = " in %s:%d" % (file, line)
    out = ["PHP Fatal error:  Uncaught %s: %s%s" % (cls, msg, located), "Stack trace:"]
    for i, f in enumerate(frames):
        out.append("#%d %s" % (i, f))
    out.append("#%d {main}" % len(frames))
    out.append("  thrown in %s on line %d" % (file, line))
    return "\n".join(out)


def made_by_main():
    return ("require('wp-blog-header.php'), wp(), WP->main, WP->query_posts, WP_Query->query, "
            "WP_Query->get_posts")


# --------------------------------------------------------------------------------------------------
# MariaDB error log, Redis log, Telegraf, changes, CDN
# --------------------------------------------------------------------------------------------------

def mariadb_err(scn, dbhost, t, thread, level, msg):
    scn.put("logs/%s/mysql-error.log" % dbhost, t, "%s %d [%s] %s" % (scn.t_mariadb_err(t), thread, level, msg))


def redis_line(scn, host, t, pid, role, level, msg):
    scn.put("logs/%s/redis.log" % host, t, "%d:%s %s %s %s" % (pid, role, scn.t_redis(t), level, msg))


def redis_banner(scn, host, t, pid, version="7.0.15"):
    ms = timedelta(milliseconds=1)
    redis_line(scn, host, t, pid, "C", "#", "oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo")
    redis_line(scn, host, t, pid, "C", "#", "Redis version=%s, bits=64, commit=00000000, modified=0, pid=%d, just started"
               % (version, pid))
    redis_line(scn, host, t, pid, "C", "#", "Configuration loaded")
    redis_line(scn, host, t + ms, pid, "M", "*", "monotonic clock: POSIX clock_gettime")
    redis_line(scn, host, t + 2 * ms, pid, "M", "*", "Running mode=standalone, port=6379.")
    redis_line(scn, host, t + 2 * ms, pid, "M", "#", "Server initialized")


def redis_bgsave(scn, host, t, pid, child, changes=100, secs=300, dur_ms=180):
    ms = timedelta(milliseconds=1)
    t = t + scn.rnd.randint(1, 998) * ms  # serverCron runs every 100 ms: saves start at an arbitrary millisecond
    redis_line(scn, host, t, pid, "M", "*", "%d changes in %d seconds. Saving..." % (changes, secs))
    redis_line(scn, host, t + ms, pid, "M", "*", "Background saving started by pid %d" % child)
    redis_line(scn, host, t + dur_ms * ms, child, "C", "*", "DB saved on disk")
    redis_line(scn, host, t + (dur_ms + 1) * ms, child, "C", "*", "Fork CoW for RDB: current 1 MB, peak 1 MB, average 1 MB")
    redis_line(scn, host, t + (dur_ms + 90) * ms, pid, "M", "*", "Background saving terminated with success")


def metric(scn, t, name, tags, fields):
    """One Telegraf json-serializer line (Go sorts map keys: fields, name, tags, timestamp)."""
    fl = {}
    for k, v in fields.items():
        fl[k] = round(v, 4) if isinstance(v, float) else v
    scn.put("metrics.jsonl", t, json.dumps({"fields": fl, "name": name, "tags": tags, "timestamp": epoch(t)},
                                           sort_keys=True, separators=(",", ":")))


def host_metrics(scn, t, host, cpu_idle, mem_used, load1, iowait=0.6, steal=0.0, swap_used=0.0, oom_kills=None):
    r = scn.rnd
    cpu_idle = max(0.0, min(100.0, cpu_idle + r.uniform(-1.5, 1.5)))
    busy = 100.0 - cpu_idle - iowait - steal
    busy = max(busy, 0.0)
    metric(scn, t, "cpu", {"cpu": "cpu-total", "host": host.name}, {
        "usage_guest": 0.0, "usage_guest_nice": 0.0, "usage_idle": cpu_idle, "usage_iowait": iowait,
        "usage_irq": 0.0, "usage_nice": 0.0, "usage_softirq": round(busy * 0.03, 3), "usage_steal": steal,
        "usage_system": round(busy * 0.22, 3), "usage_user": round(busy * 0.75, 3)})
    total = host.mem_gb * 1024 ** 3
    used = int(total * mem_used / 100.0)
    metric(scn, t, "mem", {"host": host.name}, {
        "active": int(used * 0.8), "available": total - used, "available_percent": 100.0 - mem_used,
        "buffered": 180 * 1024 ** 2, "cached": max(0, int((total - used) * 0.6)), "free": int((total - used) * 0.25),
        "total": total, "used": used, "used_percent": mem_used,
        "swap_total": 2 * 1024 ** 3, "swap_free": int(2 * 1024 ** 3 * (1 - swap_used / 100.0))})
    metric(scn, t, "system", {"host": host.name}, {"load1": round(load1 + r.uniform(-0.1, 0.1), 2),
                                                  "load5": round(load1 * 0.8, 2), "load15": round(load1 * 0.6, 2),
                                                  "n_cpus": host.cores, "n_users": 1})
    if oom_kills is not None:
        metric(scn, t, "kernel_vmstat", {"host": host.name}, {"oom_kill": oom_kills, "pgmajfault": 10213 + oom_kills * 4000,
                                                             "pswpin": 1200 + int(swap_used * 900), "pswpout": 3400 + int(swap_used * 2100)})


class FpmStatus:
    """Telegraf inputs.phpfpm fields; accepted_conn, max_children_reached and slow_requests are counters."""

    def __init__(self, pool, accepted=150000, reached=0, slow=0, start_since=86000):
        self.pool, self.accepted, self.reached, self.slow, self.start_since = pool, accepted, reached, slow, start_since
        self.max_active = 0
        self.max_queue = 0

    def emit(self, scn, t, rps, active, queue=0, restart=False):
        if restart:
            self.accepted, self.reached, self.slow, self.start_since, self.max_active, self.max_queue = 0, 0, 0, 0, 0, 0
        self.accepted += int(rps * 10)
        self.start_since += 10
        active = min(active, self.pool.max_children)
        if active >= self.pool.max_children and queue > 0:
            self.reached += 1
        self.max_active = max(self.max_active, active)
        self.max_queue = max(self.max_queue, queue)
        total = max(active + (0 if active >= self.pool.max_children else max(1, self.pool.max_children // 5)),
                    len(self.pool.pids))
        total = min(total, self.pool.max_children)
        addr = ("unix://%s:/status" % self.pool.listen) if self.pool.unix else ("fcgi://%s/status" % self.pool.listen)
        metric(scn, t, "phpfpm", {"host": self.pool.host.name, "pool": self.pool.name, "url": addr}, {
            "accepted_conn": self.accepted, "active_processes": active, "idle_processes": max(0, total - active),
            "listen_queue": queue, "listen_queue_len": 64 if self.pool.unix else 511, "max_active_processes": self.max_active,
            "max_children_reached": self.reached, "max_listen_queue": self.max_queue, "slow_requests": self.slow,
            "start_since": self.start_since, "total_processes": total})


def mysql_metrics(scn, t, dbhost, threads_running, threads_connected, slow_queries, questions, row_lock_waits=0,
                  aborted_clients=0):
    metric(scn, t, "mysql", {"host": dbhost, "server": "127.0.0.1:3306"}, {
        "aborted_clients": aborted_clients, "connections": questions // 9, "innodb_row_lock_current_waits": row_lock_waits,
        "max_used_connections": max(threads_connected, 40), "questions": questions, "slow_queries": slow_queries,
        "threads_connected": threads_connected, "threads_running": threads_running, "uptime": 2419200 + epoch(t) % 100000})


def change(scn, t, site, host, type_, subject, version=None, actor="wp-admin"):
    d = {"time": iso(t), "site": site, "host": host, "type": type_, "subject": subject}
    if version is not None:
        d["version"] = version
    d["actor"] = actor
    scn.put("changes.jsonl", t, json.dumps(d, separators=(",", ":")))


CF_COLOS = ["FRA", "AMS", "LHR", "CDG", "MAD", "WAW", "ARN", "MXP"]


def cdn_line(scn, t, host, uri, method, status, origin_status, colo, client_ip, ua, cache, zone, origin_ip, bytes_,
             origin_ms, ray):
    d = {
        "CacheCacheStatus": cache, "ClientIP": client_ip, "ClientRequestHost": host, "ClientRequestMethod": method,
        "ClientRequestProtocol": "HTTP/2", "ClientRequestURI": uri, "ClientRequestUserAgent": ua,
        "EdgeColoCode": colo, "EdgeEndTimestamp": iso((t + timedelta(milliseconds=max(origin_ms, 3) + 2)).replace(microsecond=0)),
        "EdgeResponseBytes": bytes_, "EdgeResponseStatus": status, "EdgeStartTimestamp": iso(t.replace(microsecond=0)),
        "OriginIP": origin_ip, "OriginResponseDurationMs": origin_ms, "OriginResponseStatus": origin_status,
        "RayID": ray, "ZoneName": zone,
    }
    scn.put("cdn.jsonl", t, json.dumps(d, sort_keys=True, separators=(",", ":")))


# --------------------------------------------------------------------------------------------------
# A PHP-FPM pool as a queue: max_children workers, a listen backlog, nginx's read timeout
# --------------------------------------------------------------------------------------------------

import heapq  # noqa: E402


class PoolSim:
    """Requests arrive (seconds since the epoch, float); a free worker takes one at once, otherwise it
    waits in the listen backlog for the earliest worker; a full backlog means nginx's connect() fails
    with EAGAIN (unix socket) -> 502. Used to keep saturation stories physically consistent: queue
    length, active workers and the share of rejected requests follow from arrivals and service times."""

    def __init__(self, max_children, backlog, t0):
        self.backlog = backlog
        self.free = [t0] * max_children
        heapq.heapify(self.free)
        self.waiting = []

    def resize(self, n, now):
        while len(self.free) < n:
            heapq.heappush(self.free, now)
        while len(self.free) > n:
            # drop the worker that frees last (it finishes its request, then is not replaced)
            self.free.remove(max(self.free))
            heapq.heapify(self.free)

    def arrive(self, t, service):
        """service(start) -> seconds of work; returns (start, end) or None when rejected."""
        if len(self.waiting) > 4 * self.backlog:
            self.waiting = [s for s in self.waiting if s > t]
        queued = sum(1 for s in self.waiting if s > t)
        earliest = self.free[0]
        if earliest > t and queued >= self.backlog:
            return None
        start = max(t, earliest)
        heapq.heappop(self.free)
        end = start + service(start)
        heapq.heappush(self.free, end)
        if start > t:
            self.waiting.append(start)
        return start, end

    def active(self, t):
        return sum(1 for f in self.free if f > t)

    def queue(self, t):
        return sum(1 for s in self.waiting if s > t)


def from_epoch(x):
    return datetime.fromtimestamp(x, tz=UTC)
