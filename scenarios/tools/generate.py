#!/usr/bin/env python3
"""Regenerates the Gatewatch scenario suite (scenarios/<name>/), deterministically.

    python3 scenarios/tools/generate.py            # every scenario
    python3 scenarios/tools/generate.py NAME...    # only these
    python3 scenarios/tools/generate.py --list     # names and one-line stories

The stories live in s_*.py (one function per scenario, registered with @scenario); the line builders
and the little traffic simulator they share are in gwlib.py. fpm-down-single-site predates this suite
and keeps its own generator, fpm_down.py, which is run from here as well.
"""
import os
import subprocess
import sys

sys.dont_write_bytecode = True  # keep scenarios/ free of __pycache__ (it is packaged into the CLI)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)  # scenarios/
sys.path.insert(0, HERE)

from registry import SCENARIOS  # noqa: E402
import s_fpm  # noqa: E402,F401
import s_db  # noqa: E402,F401
import s_load  # noqa: E402,F401
import s_misc  # noqa: E402,F401


def main(argv):
    if "--list" in argv:
        for name, (fn, _) in sorted(SCENARIOS.items()):
            print("%-34s %s" % (name, " ".join((fn.__doc__ or "").split())))
        print("%-34s %s" % ("fpm-down-single-site", "PHP-FPM pool stops on web-1 (fpm_down.py)"))
        return 0
    names = [a for a in argv if not a.startswith("-")]
    unknown = [n for n in names if n not in SCENARIOS and n != "fpm-down-single-site"]
    if unknown:
        print("unknown scenario(s): %s" % ", ".join(unknown), file=sys.stderr)
        return 2
    total = 0
    for name in sorted(SCENARIOS):
        if names and name not in names:
            continue
        fn, _ = SCENARIOS[name]
        scn = fn()
        counts = scn.write(ROOT)
        n = sum(counts.values())
        total += n
        print("%-34s %6d lines  (%s)" % (name, n, ", ".join("%s %d" % (k, v) for k, v in sorted(counts.items()))))
    if not names or "fpm-down-single-site" in names:
        subprocess.run([sys.executable, os.path.join(HERE, "fpm_down.py"), os.path.join(ROOT, "fpm-down-single-site")],
                       check=True)
        print("%-34s (fpm_down.py)" % "fpm-down-single-site")
    print("total %d lines" % total)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
