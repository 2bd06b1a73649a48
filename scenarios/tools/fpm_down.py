#!/usr/bin/env python3
"""Writes the fpm-down-single-site scenario: PHP-FPM on web-1 stops, shop.example.test answers 502
until FPM is started again; blog.example.test on the same host is served by another pool and stays
healthy. Line shapes are those of ../shared/captures (nginx 1.22, PHP-FPM 8.2). Deterministic."""
import json, os, random, sys
from datetime import datetime, timedelta, timezone

out = sys.argv[1] if len(sys.argv) > 1 else "fpm-down-single-site"
rnd = random.Random(502)
T0 = datetime(2026, 11, 25, 9, 0, 0, tzinfo=timezone.utc)
STOP = T0 + timedelta(minutes=12)          # FPM pool 'shop' stops
START = STOP + timedelta(seconds=75)       # and is started again
END = START + timedelta(minutes=4)
PATHS = ["/", "/shop/", "/product/blue-mug/", "/product/red-scarf/", "/cart/", "/checkout/", "/wp-admin/admin-ajax.php",
         "/wp-json/wc/store/v1/cart", "/category/sale/", "/?s=mug", "/feed/", "/my-account/"]
STATIC = ["/wp-content/themes/storefront/style.css", "/wp-includes/js/jquery/jquery.min.js", "/favicon.ico"]
UAS = ["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
       "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
       "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
       "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"]

def access_time(t): return t.strftime("%d/%b/%Y:%H:%M:%S +0000")
def error_time(t): return t.strftime("%Y/%m/%d %H:%M:%S")
def fpm_time(t): return t.strftime("%d-%b-%Y %H:%M:%S")

def client(): return "203.0.113.%d" % rnd.randint(2, 250)

access = {"shop.example.test": [], "blog.example.test": []}
errors, fpm = [], []
conn = 1000
fpm.append("[%s] NOTICE: fpm is running, pid 21950" % fpm_time(T0 - timedelta(hours=2)))
fpm.append("[%s] NOTICE: ready to handle connections" % fpm_time(T0 - timedelta(hours=2)))
t = T0
while t < END:
    for site, rate in (("shop.example.test", rnd.randint(4, 8)), ("blog.example.test", rnd.randint(1, 3))):
        for _ in range(rate):
            conn += 1
            down = site == "shop.example.test" and STOP <= t < START
            path = rnd.choice(PATHS if rnd.random() < 0.8 else STATIC)
            ip, ua = client(), rnd.choice(UAS)
            php = not path.startswith("/wp-content") and not path.startswith("/wp-includes") and path != "/favicon.ico"
            if down and php:
                status, size = 502, 157
                errors.append('%s [error] 21990#21990: *%d connect() failed (111: Connection refused) while connecting to upstream, client: %s, server: %s, request: "GET %s HTTP/1.1", upstream: "fastcgi://127.0.0.1:9071", host: "%s"' % (error_time(t), conn, ip, site, path, site))
            else:
                status = rnd.choices([200, 301, 304, 404], [90, 3, 5, 2])[0]
                size = {200: rnd.randint(2000, 90000), 301: 169, 304: 0, 404: rnd.randint(5000, 9000)}[status]
            access[site].append('%s - - [%s] "GET %s HTTP/1.1" %d %d "%s" "%s"' % (ip, access_time(t), path, status, size, "https://%s/" % site if rnd.random() < 0.5 else "-", ua))
    if t == STOP - timedelta(seconds=1):
        fpm.append("[%s] NOTICE: Terminating ..." % fpm_time(t))
        fpm.append("[%s] NOTICE: exiting, bye-bye!" % fpm_time(t))
    if t == START:
        fpm.append("[%s] NOTICE: fpm is running, pid 22551" % fpm_time(t))
        fpm.append("[%s] NOTICE: ready to handle connections" % fpm_time(t))
    t += timedelta(seconds=1)

def write(path, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")

for site, lines in access.items():
    write(os.path.join(out, "logs/web-1", site, "nginx-access.log"), lines)
write(os.path.join(out, "logs/web-1/nginx-error.log"), errors)
write(os.path.join(out, "logs/web-1/php-fpm.log"), fpm)
spec = {
    "name": "fpm-down-single-site",
    "description": "PHP-FPM pool 'shop' on web-1 stops at 09:12:00 and is started again 75 s later; "
                   "shop.example.test answers 502 meanwhile. blog.example.test on the same host stays healthy.",
    "timezone": "UTC",
    "inventory": {"sites": [
        {"site": "shop.example.test", "hosts": ["web-1"], "fpmPool": "shop", "database": "db-1", "cache": "redis-1", "cdnZone": None},
        {"site": "blog.example.test", "hosts": ["web-1"], "fpmPool": "blog", "database": "db-1", "cache": None, "cdnZone": None}]},
    "expect": {
        "incidents": [{"site": "shop.example.test", "kind": "BAD_GATEWAY", "topCause": "PHP_FPM_DOWN",
                       "openedBetween": ["2026-11-25T09:12:00Z", "2026-11-25T09:12:30Z"]}],
        "actions": [{"site": "shop.example.test", "action": "RESTART_PHP_FPM"}]}}
with open(os.path.join(out, "scenario.json"), "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
