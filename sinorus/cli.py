"""The ``sinorus`` command line: ``list``, ``describe``, ``cite``, ``validate``, ``report``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import _datasets
from .errors import DataValidationError, DescriptorError, UnknownDatasetError


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sinorus", description="Datasets, citations and reports on China-Russia relations."
    )
    from ._citation import VERSION

    p.add_argument("--version", action="version", version=f"sinorus {VERSION}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", help="a folder of datasets (NAME.csv + NAME.resource.json) instead of the bundled one"
    )
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the datasets", parents=[common])
    d = sub.add_parser("describe", help="print a dataset's data dictionary", parents=[common])
    d.add_argument("name")
    c = sub.add_parser("cite", help="how to cite the package and datasets", parents=[common])
    c.add_argument("names", nargs="*")
    c.add_argument("--bibtex", action="store_true", help="BibTeX instead of plain text")
    c.add_argument(
        "--no-package", action="store_true", help="only the datasets (to append to a .bib that cites sinorus)"
    )
    v = sub.add_parser(
        "validate", help="validate datasets (sinorus and Frictionless rules)", parents=[common]
    )
    v.add_argument("name", nargs="?", help="one dataset; all when omitted")
    h = sub.add_parser("rehash", help="record an edited CSV's hash in its descriptor", parents=[common])
    h.add_argument("name")
    u = sub.add_parser(
        "fx-update", help="download the ECB's current reference rates into the user cache (network)"
    )
    u.add_argument("--url", default=None, help="where to fetch the zip (default: the ECB's)")
    r = sub.add_parser("report", help="execute the notebooks and write the HTML report")
    r.add_argument("--notebooks", default="notebooks")
    r.add_argument("--out", default="build/report")
    r.add_argument("--in-place", action="store_true", help="only re-execute notebooks in place")
    return p


def _frictionless_errors(name: str, data_dir) -> list[str]:
    """Problems Frictionless finds in a dataset; empty when it is not installed (main() says so)."""
    try:
        import frictionless
    except ImportError:
        return []
    path = _datasets._dir(data_dir) / f"{name}{_datasets.DESCRIPTOR_SUFFIX}"
    report = frictionless.validate(str(path))
    if report.valid:
        return []
    errors = list(report.errors) + [e for task in report.tasks for e in task.errors]
    return [f"frictionless: {path.name}: [{e.type}] {e.message}" for e in errors]


def _coverage_warnings(name: str, data_dir) -> list[str]:
    """Where the first or last row lies more than a year inside the coverage the descriptor declares.

    sinorus trusts a descriptor's ``coverage``: a window inside it is counted, and time without rows is
    read as time without events. Rows removed from the start or end of a copy, with the coverage left
    as it was, would turn into zeros; this says so (a dataset of rare events may rightly have quiet
    stretches, so it is a warning, not an error).
    """
    import pandas as pd

    desc = _datasets.descriptor(name, data_dir=data_dir)
    cov = desc.get("coverage") or {}
    field = cov.get("temporal_field")
    if not (field and cov.get("start") and cov.get("end")):
        return []
    col = _datasets.load(name, data_dir=data_dir)[field].dropna()
    if col.empty:
        return [f"no rows, but the descriptor declares coverage {cov['start']} to {cov['end']}"]
    as_date = pd.api.types.is_datetime64_dtype(col)
    first, last = (col.min(), col.max()) if as_date else (int(col.min()), int(col.max()))
    lo, hi = (
        (pd.Timestamp(cov["start"]), pd.Timestamp(cov["end"]))
        if as_date
        else (int(cov["start"][:4]), int(cov["end"][:4]))
    )
    slack = pd.Timedelta(days=366) if as_date else 1
    out = []
    if first - lo > slack:
        out.append(
            f"the first row ({first}) is over a year after the declared coverage start ({cov['start']})"
        )
    if hi - last > slack:
        out.append(f"the last row ({last}) is over a year before the declared coverage end ({cov['end']})")
    return [w + "; update 'coverage' in the descriptor if rows were removed" for w in out]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    dd = getattr(args, "data_dir", None)
    try:
        if args.command == "list":
            import pandas as pd

            with pd.option_context("display.width", 200, "display.max_colwidth", 60):
                print(_datasets.datasets(data_dir=dd).to_string(index=False))
        elif args.command == "describe":
            print(_datasets.describe(args.name, data_dir=dd), end="")
        elif args.command == "cite":
            style = "bibtex" if args.bibtex else "text"
            print(_datasets.cite(*args.names, style=style, data_dir=dd, package=not args.no_package), end="")
        elif args.command == "rehash":
            new = _datasets.rehash(args.name, data_dir=dd)
            print(
                f"{args.name}: hash {new}"
                if new
                else f"{args.name}: its descriptor has no hash; nothing to do"
            )
        elif args.command == "validate":
            import importlib.util

            if importlib.util.find_spec("frictionless") is None:
                print(
                    "note: frictionless is not installed, so only sinorus's own rules were checked; "
                    "pip install 'sinorus[test]' (or frictionless) to check Frictionless's too",
                    file=sys.stderr,
                )
            if dd is not None and not Path(dd).is_dir():
                print(f"sinorus: --data-dir {dd} is not a folder", file=sys.stderr)
                return 2
            if args.name:
                try:
                    _datasets._resolve(args.name, _datasets._dir(dd))
                except UnknownDatasetError as err:
                    print(f"sinorus: {err}", file=sys.stderr)
                    return 2
            names = [args.name] if args.name else _datasets.names(dd)
            failed = 0
            for name in names:
                problems = []
                try:
                    _datasets.load(name, data_dir=dd)
                except (DataValidationError, DescriptorError, ValueError, OSError) as err:
                    problems.append(str(err))
                except Exception as err:  # a fault of ours: reported with this dataset, and the run goes on
                    problems.append(
                        f"sinorus could not check it ({type(err).__name__}: {err}); please report this"
                    )
                if problems:
                    # Frictionless only adds to a verdict already reached, and would open a FIFO or run a
                    # pattern that sinorus stopped for taking too long, without a time limit: skip it
                    problems.append("frictionless: not run, as sinorus's own checks already failed")
                else:
                    try:
                        problems += _frictionless_errors(name, dd)
                    except Exception as err:  # a descriptor Frictionless cannot read at all
                        problems.append(f"frictionless: {err}")
                if not problems:
                    try:
                        warnings = _coverage_warnings(name, dd)
                    except Exception as err:  # a fault of ours: reported, and the run goes on
                        warnings = [f"its coverage could not be checked ({type(err).__name__}: {err})"]
                    for warning in warnings:
                        print(f"{name}: warning: {warning}", file=sys.stderr)
                if problems:
                    failed += 1
                    print(f"{name}: INVALID", file=sys.stderr)
                    for p in problems:
                        print(p, file=sys.stderr)
                else:
                    print(f"{name}: valid")
            return 1 if failed else 0
        elif args.command == "fx-update":
            from . import fx

            try:
                path = fx.update_ecb_rates(args.url or fx.ECB_HISTORY_URL)
            except (OSError, ValueError) as err:
                print(f"sinorus: fx-update failed, the cached rates are unchanged: {err}", file=sys.stderr)
                return 1
            _, rows = fx._ecb_table()
            print(f"ECB reference rates to {rows[0][0].strip()} saved in {path}; sinorus.fx uses them now")
        elif args.command == "report":
            from . import report

            try:
                for module in ("nbclient", "nbconvert", "nbformat", "ipykernel", "tqdm"):
                    report._needs(module)
            except ImportError as err:
                print(f"sinorus: {err}", file=sys.stderr)
                return 2

            try:
                notebooks = report.find_notebooks(args.notebooks)
            except (FileNotFoundError, ValueError) as err:
                print(f"sinorus: {err}", file=sys.stderr)
                return 2
            if args.in_place:
                report.execute_notebooks(notebooks, in_place=True)
                print(f"executed {args.notebooks} in place")
            else:
                index = report.build_report(args.notebooks, args.out)
                print(f"report written to {Path(index)}")
    except (UnknownDatasetError, DescriptorError) as err:
        print(f"sinorus: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
