"""`make bench`: the performance budgets, each printed as a ratio measured in one run.

1. ``import sinorus`` against a bare ``import pandas`` (budget 1.15x): fresh
   interpreters, alternated, median of many.
2. Loading every dataset with full validation against plain
   ``pandas.read_csv`` of the same files (budget 5x): in-process, median of many.
3. ``pytest --nbval`` over all notebooks against the same command over as many
   notebooks that only import pandas and matplotlib (budget 1.5x).
4. ``make report``'s notebook execution (``sinorus.report.execute_notebooks`` in a
   fresh interpreter) over all notebooks against the same over those floor
   notebooks (budget 1.5x).
7. Memory: loading a generated 50 MB CSV of wide rows and a 64 MB one of about a
   million narrow rows, the growth of peak resident memory against the file's size
   (budget 3x for each).
6. Mutations: 2,000 random single-cell mutations of every bundled dataset, each
   loaded; every one must load to exactly what the file holds (checked by an
   independent reading of the cell) or raise ``DataValidationError`` (budget:
   zero wrong values, zero other exceptions). The counts are printed.
5. ``make install`` in a fresh clone (venv, uv bootstrapped with pip, the lock, the
   package editable) against the floor: a bare ``python -m venv`` and ``uv pip
   install -r requirements.lock`` into it (budget 1.5x). Both run with uv's cache
   warm (a first, untimed install fills it), so the ratio measures our set-up
   steps, not the network. Needs git and make; the clone is of HEAD, so commit first.

Exits 1 when a ratio is over its budget. Timings are never asserted in tests.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGETS = {"import": 1.15, "load": 5.0, "nbval": 1.5, "report": 1.5, "install": 1.5, "memory": 3.0}


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


#: The environment `make test` gives nbval (see NBVAL_ENV in the Makefile): figures drawn as SVG only.
NBVAL_ENV = {**os.environ, "SINORUS_FIGURE_FORMATS": "svg"}


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
            floor_times.append(_run([*cmd, str(floor_dir)], cwd=ROOT, env=NBVAL_ENV))
            our_times.append(_run([*cmd, str(ROOT / "notebooks")], cwd=ROOT, env=NBVAL_ENV))
    ratios = [o / f for f, o in zip(floor_times, our_times, strict=True)]
    print(f"  {len(notebooks)} notebooks, {rounds} alternating rounds (floor, sinorus):")
    for f, o, r in zip(floor_times, our_times, ratios, strict=True):
        print(f"    {f:5.2f} s  {o:5.2f} s  ratio {r:.2f}")
    # the median of paired ratios: each pair ran back to back, so slow spells of the machine cancel
    return statistics.median(ratios)


def _floor_notebooks(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        (folder / f"floor_{i}.ipynb").write_text(FLOOR)
    return folder


EXECUTE = "import sys; from pathlib import Path; from sinorus import report; "
EXECUTE += "report.execute_notebooks(sorted(Path(sys.argv[1]).glob('*.ipynb')), progress=False, "
EXECUTE += "figures=report.REPORT_FIGURES)"


def bench_report(rounds: int = 3) -> float:
    notebooks = ROOT / "notebooks"
    count = len(list(notebooks.glob("*.ipynb")))
    with tempfile.TemporaryDirectory() as tmp:
        floor = _floor_notebooks(Path(tmp) / "floor", count)
        floor_times, our_times = [], []
        for _ in range(rounds):
            floor_times.append(_run([sys.executable, "-c", EXECUTE, str(floor)], cwd=ROOT))
            our_times.append(_run([sys.executable, "-c", EXECUTE, str(notebooks)], cwd=ROOT))
    ratios = [o / f for f, o in zip(floor_times, our_times, strict=True)]
    print(f"  {count} notebooks executed as make report does, {rounds} alternating rounds (floor, sinorus):")
    for f, o, r in zip(floor_times, our_times, ratios, strict=True):
        print(f"    {f:5.2f} s  {o:5.2f} s  ratio {r:.2f}")
    return statistics.median(ratios)


def bench_install(rounds: int = 2) -> float:
    python = shutil.which("python3") or sys.executable
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "MAKE"))}
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "clone"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        make = ["make", "--no-print-directory", "-C", str(clone), "install", f"PYTHON={python}"]
        subprocess.run(make, check=True, capture_output=True, env=env)  # fills uv's cache; untimed
        uv = Path(tmp) / "uv"  # the floor's uv: the same pinned binary, kept outside the venv removed below
        shutil.copy(clone / ".venv" / "bin" / "uv", uv)
        bare = Path(tmp) / "bare"
        floor = [str(uv), "pip", "install", "--quiet", "--python", str(bare / "bin" / "python")]
        floor += ["-r", str(clone / "requirements.lock")]
        make_times, floor_times = [], []
        for _ in range(rounds):  # alternate, so drift in machine load hits both alike
            shutil.rmtree(bare, ignore_errors=True)
            shutil.rmtree(clone / ".venv")
            start = time.perf_counter()
            subprocess.run([python, "-m", "venv", str(bare)], check=True, capture_output=True, env=env)
            subprocess.run(floor, check=True, capture_output=True, env=env)
            floor_times.append(time.perf_counter() - start)
            make_times.append(_run(make, env=env))
    ratios = [m / f for f, m in zip(floor_times, make_times, strict=True)]
    print(f"  fresh clone, {rounds} alternating rounds (bare venv + uv pip install, make install):")
    for f, m, r in zip(floor_times, make_times, ratios, strict=True):
        print(f"    {f:5.2f} s  {m:5.2f} s  ratio {r:.2f}")
    return statistics.median(ratios)


MUTATIONS_PER_DATASET = 2000


def _reference(ftype: str, text: str):
    """An independent reading of one cell: what the file holds, or a marker that it holds no such value."""
    import datetime as dt
    import math

    if text == "":
        return None
    try:
        if ftype == "string":
            return text
        if ftype in ("integer", "year"):
            if text.strip() != text or not text.lstrip("-").isdigit():
                return "<invalid>"
            return int(text)
        if ftype == "number":
            value = float(text)
            return "<invalid>" if not math.isfinite(value) or text.strip() != text else value
        if ftype == "date":
            return dt.date.fromisoformat(text) if len(text) == 10 else "<invalid>"
        if ftype == "boolean":
            return {"true": True, "false": False}.get(text, "<invalid>")
    except ValueError:
        return "<invalid>"
    return "<invalid>"


def _loaded(value):
    import datetime as dt

    if value is None or (not isinstance(value, str) and pd_isna(value)):
        return None
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    if isinstance(value, dt.datetime):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


def pd_isna(value) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def bench_mutations(per_dataset: int = MUTATIONS_PER_DATASET) -> int:
    """Single-cell mutations of every bundled dataset: each loads to what the file holds or raises
    DataValidationError. Prints the counts; returns the number of wrong values and other exceptions."""
    import csv
    import hashlib
    import io
    import json
    import random
    import shutil

    import sinorus
    from sinorus.errors import DataValidationError

    rng = random.Random(20261130)
    tricky = [
        "",
        " ",
        "0",
        "-1",
        "1e400",
        str(2**64),
        "NaN",
        "inf",
        "9999-12-31",
        "0001-01-01",
        "2020-02-30",
        "true",
        "FALSE",
        "x",
        "1,5",
        '"',
        "\n",
        "2015",
        "12.5",
        "-0",
        "1e-400",
        "2147483648",
    ]
    bad_total = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in sinorus.names():
            desc = sinorus.descriptor(name)
            src = sinorus.data_dir() / desc["path"]
            rows = list(csv.reader(io.StringIO(src.read_text(encoding="utf-8"), newline="")))
            types = {f["name"]: f.get("type", "string") for f in desc["schema"]["fields"]}
            original = sinorus.load(name)
            counts = {"identical values": 0, "DataValidationError": 0, "wrong value": 0, "other exception": 0}
            for _ in range(per_dataset):
                r = rng.randrange(1, len(rows))
                c = rng.randrange(len(rows[0]))
                old = rows[r][c]
                pick = rng.random()
                if pick < 0.5 or not old:
                    new = rng.choice(tricky)
                else:  # an edit of the cell's own text: a character inserted, deleted or replaced
                    at = rng.randrange(len(old))
                    ch = rng.choice("0123456789-.eE xZ:/")
                    new = [old[:at] + ch + old[at:], old[:at] + old[at + 1 :], old[:at] + ch + old[at + 1 :]][
                        rng.randrange(3)
                    ]
                mutated = [list(row) for row in rows]
                mutated[r][c] = new
                out = io.StringIO()
                csv.writer(out, lineterminator="\n").writerows(mutated)
                data = out.getvalue().encode("utf-8")
                (folder / desc["path"]).write_bytes(data)
                d = dict(desc, hash="sha256:" + hashlib.sha256(data).hexdigest())
                (folder / f"{name}.resource.json").write_text(json.dumps(d))
                column = rows[0][c]
                try:
                    df = sinorus.load(name, data_dir=folder)
                except DataValidationError:
                    counts["DataValidationError"] += 1
                    continue
                except Exception as err:
                    counts["other exception"] += 1
                    print(f"    {name} row {r} {column}={new!r}: {type(err).__name__}: {err}"[:200])
                    continue
                expected = _reference(types[column], new)
                got = _loaded(df[column].iloc[r - 1])
                same_rest = len(df) == len(original) and df.drop(columns=[column]).equals(
                    original.drop(columns=[column])
                )
                if expected == "<invalid>" or got != expected or not same_rest:
                    counts["wrong value"] += 1
                    print(
                        f"    {name} row {r} {column}={new!r}: loaded {got!r}, the file holds {expected!r}"[
                            :200
                        ]
                    )
                else:
                    counts["identical values"] += 1
            for p in folder.iterdir():
                p.unlink() if p.is_file() else shutil.rmtree(p)
            bad_total += counts["wrong value"] + counts["other exception"]
            print(f"  {name:<16} " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return bad_total


MEMORY_SCRIPT = """
import datetime as dt, json, resource, sys
from pathlib import Path
folder, target, fixtures = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
shape, reader = sys.argv[4:]
descriptor = json.loads((fixtures / "mini.resource.json").read_text())
if shape == "narrow":  # a million rows outgrow (date, code): dates repeat every 36,599 days; value splits
    descriptor["schema"]["primaryKey"] = ["date", "code", "value"]
(folder / "mini.resource.json").write_text(json.dumps(descriptor))
header = (fixtures / "mini.csv").read_text().splitlines()[0]
size, i = 0, 0
with open(folder / "mini.csv", "w") as f:
    f.write(header + "\\n")
    while size < target:
        days = i // 3 % 36599 if shape == "narrow" else i // 3
        day = (dt.date(2000, 1, 1) + dt.timedelta(days=days)).isoformat()
        code = ("alpha", "beta", "gamma")[i % 3]
        pad = "x" * 80
        note = f"n{i:03d}" if shape == "narrow" else f"a made-up row number {i} padded to 180 bytes {pad}"
        year = 2000 + i // 3 // 366 % 100
        line = f"{day},{year},{code},RUS,{i % 100}.5,{i % 50},https://example.org/{i},{note}\\n"
        f.write(line)
        size, i = size + len(line), i + 1
if reader == "pandas":
    import pandas as pd
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pd.read_csv(folder / "mini.csv", dtype={"code": "category", "iso3": "category", "source_url": "str",
                "note": "str"}, parse_dates=["date"])
else:
    import sinorus
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sinorus.load("mini", data_dir=folder)
print(size, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
"""

#: (shape, megabytes): rows of about 180 bytes, and narrow rows of about 67 bytes, about a million of them
#: (a row of Python objects costs about the same either way, so narrow rows cost more per byte of file).
MEMORY_SHAPES = (("wide", 50), ("narrow", 64))


def _peak(shape: str, megabytes: int, reader: str) -> tuple[int, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                MEMORY_SCRIPT,
                tmp,
                str(megabytes * 1_000_000),
                str(ROOT / "tests" / "fixtures"),
                shape,
                reader,
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
    return int(out[0]), int(out[1])


def bench_memory() -> float:
    """Peak memory of loading a generated CSV of the test fixture's schema, as a multiple of the file's size.

    The peak is the growth of the process's maximum resident set size during
    ``sinorus.load`` (fresh interpreter; the file is written before the
    measurement starts). The budget applies to both shapes, so the larger ratio
    is returned; ``pandas.read_csv`` on each is printed beside it for comparison.
    """
    ratio = 0.0
    for shape, megabytes in MEMORY_SHAPES:
        size, ours = _peak(shape, megabytes, "sinorus")
        _, theirs = _peak(shape, megabytes, "pandas")
        print(
            f"  a {size / 1e6:.0f} MB CSV of {shape} rows: peak memory grew {ours / 1e6:.0f} MB "
            f"({ours / size:.2f}x; pandas.read_csv {theirs / size:.2f}x)"
        )
        ratio = max(ratio, ours / size)
    return ratio


def main() -> int:
    failed = 0
    benches = (
        ("import", bench_import),
        ("load", bench_load),
        ("nbval", bench_nbval),
        ("report", bench_report),
        ("install", bench_install),
        ("memory", bench_memory),
    )
    only = sys.argv[1:]
    if not only or "mutations" in only:
        print(f"mutations ({MUTATIONS_PER_DATASET} single-cell mutations of every bundled dataset):")
        bad = bench_mutations()
        print(f"  {bad} wrong values or other exceptions (budget 0) {'ok' if bad == 0 else 'OVER BUDGET'}")
        failed += bad > 0
    for name, fn in benches:
        if only and name not in only:
            continue
        print(f"{name}:")
        ratio = fn()
        ok = ratio <= BUDGETS[name]
        failed += not ok
        print(f"  ratio {ratio:.2f}x (budget {BUDGETS[name]:.2f}x) {'ok' if ok else 'OVER BUDGET'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
