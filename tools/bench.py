"""`make bench`: the performance budgets, each printed as a ratio measured in one run.

1. ``import sinorus`` against a bare ``import pandas`` (budget 1.15x): fresh
   interpreters, alternated, median of many.
2. Loading every dataset with full validation against plain
   ``pandas.read_csv`` of the same files (budget 5x): in-process, median of many.
3. ``pytest --nbval`` over all notebooks against the same command over as many
   notebooks that only import pandas and matplotlib (budget 1.5x).

Exits 1 when a ratio is over its budget. Timings are never asserted in tests.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGETS = {"import": 1.15, "load": 5.0, "nbval": 1.5}


def _run(args, **kw) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, **kw)
    return time.perf_counter() - start


def bench_import(rounds: int = 21) -> float:
    bare, ours = [], []
    _run([sys.executable, "-c", "import sinorus"])  # warm the file cache
    for _ in range(rounds):
        bare.append(_run([sys.executable, "-c", "import pandas"]))
        ours.append(_run([sys.executable, "-c", "import sinorus"]))
    print(f"  import pandas  median {statistics.median(bare) * 1000:7.1f} ms")
    print(f"  import sinorus median {statistics.median(ours) * 1000:7.1f} ms")
    return statistics.median(ours) / statistics.median(bare)


def bench_load(rounds: int = 200) -> float:
    import pandas as pd

    import sinorus

    names = sinorus.names()
    files = [sinorus.data_dir() / f"{n}.csv" for n in names]

    def plain():
        for f in files:
            pd.read_csv(f)

    def validated():
        sinorus._datasets._validated.cache_clear()  # measure full validation, not the per-process cache
        for n in names:
            sinorus.load(n)

    def median_of(fn):
        fn()
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    base, ours = median_of(plain), median_of(validated)
    print(f"  {len(names)} dataset(s): read_csv {base * 1000:6.2f} ms, sinorus.load {ours * 1000:6.2f} ms")
    return ours / base


FLOOR = """{"cells": [
 {"cell_type": "code", "execution_count": 1, "id": "floor-0", "metadata": {}, "outputs": [],
  "source": ["import matplotlib.pyplot as plt\\n", "import pandas as pd"]}],
 "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
 "nbformat": 4, "nbformat_minor": 5}
"""


def bench_nbval(rounds: int = 5) -> float:
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--nbval",
        "--nbval-current-env",
        "--nbval-sanitize-with",
        str(ROOT / "nbval_sanitize.cfg"),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        floor_dir = Path(tmp) / "floor"
        floor_dir.mkdir()
        for i in range(len(notebooks)):
            (floor_dir / f"floor_{i}.ipynb").write_text(FLOOR)
        floor_times, our_times = [], []
        for _ in range(rounds):  # alternate, so drift in machine load hits both alike
            floor_times.append(_run([*cmd, str(floor_dir)], cwd=ROOT))
            our_times.append(_run([*cmd, str(ROOT / "notebooks")], cwd=ROOT))
    ratios = [o / f for f, o in zip(floor_times, our_times, strict=True)]
    print(f"  {len(notebooks)} notebooks, {rounds} alternating rounds (floor, sinorus):")
    for f, o, r in zip(floor_times, our_times, ratios, strict=True):
        print(f"    {f:5.2f} s  {o:5.2f} s  ratio {r:.2f}")
    # the median of paired ratios: each pair ran back to back, so slow spells of the machine cancel
    return statistics.median(ratios)


def main() -> int:
    failed = 0
    for name, fn in (("import", bench_import), ("load", bench_load), ("nbval", bench_nbval)):
        print(f"{name}:")
        ratio = fn()
        ok = ratio <= BUDGETS[name]
        failed += not ok
        print(f"  ratio {ratio:.2f}x (budget {BUDGETS[name]:.2f}x) {'ok' if ok else 'OVER BUDGET'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
