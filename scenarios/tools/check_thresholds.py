#!/usr/bin/env python3
"""Sanity check of a generated scenario against the detection thresholds of DESIGN.md (a 10 s window
with >= 5 gateway errors that are >= 20 % of requests), computed from the nginx access logs (and
cdn.jsonl). Prints, per site and kind, the first window that crosses and the spans of crossing
windows, and warns when expectations and data disagree. Not part of the product; a generator aid."""
import glob
import json
import os
import re
import sys
from collections import defaultdict
from datetime import datetime, timezone

ACCESS = re.compile(r'\[(\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] "[^"]*" (\d{3}) ')


def load(d):
    per = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))  # site -> second -> [req, 502, 504]
    for f in glob.glob(os.path.join(d, "logs", "*", "*", "nginx-access.log")):
        site = os.path.basename(os.path.dirname(f))
        for line in open(f):
            m = ACCESS.search(line)
            if not m:
                continue
            t = int(datetime.strptime(m.group(1), "%d/%b/%Y:%H:%M:%S %z").timestamp())
            s = int(m.group(2))
            c = per["origin:" + site][t]
            c[0] += 1
            c[1] += s == 502
            c[2] += s == 504
    cdn = os.path.join(d, "cdn.jsonl")
    if os.path.exists(cdn):
        for line in open(cdn):
            e = json.loads(line)
            t = int(datetime.fromisoformat(e["EdgeStartTimestamp"].replace("Z", "+00:00")).timestamp())
            c = per["cdn:" + e["ClientRequestHost"]][t]
            st = e["EdgeResponseStatus"]
            c[0] += 1
            c[1] += st == 502 or 520 <= st <= 523
            c[2] += st in (504, 524)
    return per


def spans(secs, idx, window=10, min_err=5, share=0.2):
    if not secs:
        return []
    lo, hi = min(secs), max(secs)
    out, cur = [], None
    for t in range(lo, hi + 1):
        req = sum(secs.get(x, [0, 0, 0])[0] for x in range(t - window + 1, t + 1))
        err = sum(secs.get(x, [0, 0, 0])[idx] for x in range(t - window + 1, t + 1))
        hit = err >= min_err and req > 0 and err / req >= share
        if hit and cur is None:
            cur = [t, t, err, req]
        elif hit:
            cur[1] = t
        elif cur is not None:
            out.append(cur)
            cur = None
    if cur:
        out.append(cur)
    return out


def fmt(t):
    return datetime.fromtimestamp(t, tz=timezone.utc).strftime("%H:%M:%S")


def main(dirs):
    bad = 0
    for d in dirs:
        if not os.path.exists(os.path.join(d, "scenario.json")):
            continue
        spec = json.load(open(os.path.join(d, "scenario.json")))
        per = load(d)
        found = set()
        print("== %s" % spec["name"])
        for key in sorted(per):
            for kind, idx in (("BAD_GATEWAY", 1), ("GATEWAY_TIMEOUT", 2)):
                sp = spans(per[key], idx)
                if sp:
                    site = key.split(":", 1)[1]
                    found.add((site, kind))
                    print("  %-40s %-15s first crossing %s; spans %s" % (key, kind, fmt(sp[0][0]),
                          ", ".join("%s-%s" % (fmt(a), fmt(b)) for a, b, _, _ in sp)))
                    for e in spec["expect"]["incidents"]:
                        if e["site"] == site and e["kind"] == kind:
                            lo = datetime.fromisoformat(e["openedBetween"][0].replace("Z", "+00:00")).timestamp()
                            hi = datetime.fromisoformat(e["openedBetween"][1].replace("Z", "+00:00")).timestamp()
                            if not lo <= sp[0][0] <= hi:
                                print("  !! first crossing outside openedBetween %s" % e["openedBetween"])
                                bad += 1
        want = {(e["site"], e["kind"]) for e in spec["expect"]["incidents"]}
        for w in sorted(want - found):
            print("  !! expected %s %s but no window crosses the thresholds" % w)
            bad += 1
        for f in sorted(found - want):
            print("  !! %s %s crosses the thresholds but is not expected" % f)
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
