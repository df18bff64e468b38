"""Import-time benchmark: ``import shuangyong`` against ``import numpy``, each in a fresh process.

Each statement runs in a new interpreter (best of N): the child times the import itself with
``time.perf_counter`` so interpreter start-up is excluded. ``import shuangyong`` loads numpy only
if the package needs it at import time; the lazy public names (PEP 562) mean the engine is loaded
by ``from shuangyong import Engine``, measured for information, together with
``Engine.create()`` (plugin host, parameter files, compilation).

Run from the repository root::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_import.py [--runs 10] [--importtime]

``--importtime`` also prints the ten slowest modules (cumulative) of ``python -X importtime``
for ``from shuangyong import Engine``.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

TARGET = 2.0

CASES = {
    "import numpy": "import numpy",
    "import shuangyong": "import shuangyong",
    "from shuangyong import Engine": "from shuangyong import Engine",
    "Engine.create() after import": None,  # timed separately, see CHILD_CREATE
}

CHILD = """
import time
t = time.perf_counter()
{stmt}
print(time.perf_counter() - t)
"""

CHILD_CREATE = """
import time
from shuangyong import Engine
t = time.perf_counter()
Engine.create(entry_points=False)
print(time.perf_counter() - t)
"""


def run_child(code: str, env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    )
    return float(out.stdout.strip().splitlines()[-1])


def loaded_modules(stmt: str, env: dict[str, str]) -> int:
    code = f"import sys\nbefore = set(sys.modules)\n{stmt}\nprint(len(set(sys.modules) - before))"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    )
    return int(out.stdout.strip())


def importtime(stmt: str, env: dict[str, str], top: int = 10) -> list[tuple[int, str]]:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", stmt],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    rows = []
    for line in out.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(2)), m.group(3)[1:] + m.group(4)))
    return sorted(rows, reverse=True)[:top]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--importtime", action="store_true")
    args = ap.parse_args(argv)
    env = dict(os.environ)
    src = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)

    best: dict[str, float] = {}
    for name, stmt in CASES.items():
        code = CHILD_CREATE if stmt is None else CHILD.format(stmt=stmt)
        best[name] = min(run_child(code, env) for _ in range(args.runs))
    print(f"best of {args.runs} fresh processes (import itself, interpreter start-up excluded)\n")
    base = best["import numpy"]
    for name, secs in best.items():
        stmt = CASES[name]
        mods = f"{loaded_modules(stmt, env):4d} modules" if stmt else " " * 12
        print(f"  {name:<30} {secs * 1e3:8.1f} ms  {secs / base:5.2f}× numpy  {mods}")
    ratio = best["import shuangyong"] / base
    print(
        f"\nTarget: import shuangyong ≤ {TARGET}× import numpy: {ratio:.2f}× "
        f"({'met' if ratio <= TARGET else 'MISSED'})"
    )
    if args.importtime:
        print("\nslowest modules of `from shuangyong import Engine` (cumulative µs):")
        for us, mod in importtime("from shuangyong import Engine", env):
            print(f"  {us:8d}  {mod}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
