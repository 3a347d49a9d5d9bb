"""Every notebook run through papermill with other parameters, as a student would.

For each notebook: at least three valid alternative parameter sets (another
window, another pair/partner/counterparty present in the data, a folder of
one's own data) and at least two invalid ones. A valid run must finish; the
numbers it prints must equal what the library computes on the same slice of
the same data; and no printed text, headline or non-table output may show
``nan``, ``inf`` or ``{}``. An invalid run must stop in the check cell (the
cell after ``parameters`` and papermill's injected parameters) with a ``ParameterError`` naming the parameter.

The runs are slow (a kernel each), so they all start once per session, two
at a time (the machine's two cores), through papermill's command line: the
``-p NAME VALUE`` string forms a student would type are exercised as well as
``-y`` YAML. Each test then reads the notebook its case wrote.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd
import pytest

import sinorus
from sinorus import claims, metrics
from sinorus._datasets import rehash

from .helpers import FIXTURES, NOTEBOOKS, ROOT

pytestmark = pytest.mark.slow

DATA = ROOT / "data"


@dataclass
class Case:
    id: str
    notebook: str
    args: list[str]  # papermill command-line parameters: -p NAME VALUE / -y YAML
    folder: str | None = None  # a prepared data folder, passed as DATA_DIR
    bad: str | None = None  # for an invalid case: the parameter the error must name
    extra: dict = field(default_factory=dict)


def yaml(**params) -> list[str]:
    return ["-y", json.dumps(params)]  # JSON is YAML


CASES = [
    # 00_overview: only DATA_DIR
    Case("overview-fixtures", "00_overview.ipynb", [], folder="fixtures"),
    Case("overview-subset", "00_overview.ipynb", [], folder="subset"),
    Case("overview-edited", "00_overview.ipynb", [], folder="contacts_edited"),
    Case(
        "overview-missing-dir",
        "00_overview.ipynb",
        ["-p", "DATA_DIR", "/nonexistent/sinorus"],
        bad="DATA_DIR",
    ),
    Case("overview-broken-dir", "00_overview.ipynb", [], folder="broken", bad="DATA_DIR"),
    # 01_trade
    Case("trade-2010-2020", "01_trade.ipynb", ["-p", "START_YEAR", "2010", "-p", "END_YEAR", "2020"]),
    Case("trade-2001-2006", "01_trade.ipynb", ["-p", "START_YEAR", "2001", "-p", "END_YEAR", "2006"]),
    Case("trade-own-partner", "01_trade.ipynb", ["-p", "PARTNER", "KAZ"], folder="trade_kaz"),
    Case("trade-unknown-partner", "01_trade.ipynb", ["-p", "PARTNER", "KAZ"], bad="PARTNER"),
    Case("trade-lowercase", "01_trade.ipynb", ["-p", "PARTNER", "rus"], bad="PARTNER"),
    Case(
        "trade-years-reversed",
        "01_trade.ipynb",
        ["-p", "START_YEAR", "2020", "-p", "END_YEAR", "2010"],
        bad="END_YEAR",
    ),
    Case("trade-year-as-text", "01_trade.ipynb", ["-p", "START_YEAR", "twenty-ten"], bad="START_YEAR"),
    # 02_energy_deals
    Case("energy-2010-2020", "02_energy_deals.ipynb", ["-p", "START_YEAR", "2010", "-p", "END_YEAR", "2020"]),
    Case("energy-saudi-first", "02_energy_deals.ipynb", ["-p", "SUPPLIER", "SAU", "-p", "RIVAL", "RUS"]),
    Case("energy-angola-iraq", "02_energy_deals.ipynb", ["-p", "SUPPLIER", "AGO", "-p", "RIVAL", "IRQ"]),
    Case("energy-own-data", "02_energy_deals.ipynb", ["-p", "START_YEAR", "2012"], folder="energy_edited"),
    # LNG has one supplier in the data: no rival to race against
    Case("energy-lng-no-rival", "02_energy_deals.ipynb", yaml(COMMODITY="lng", RIVAL=None)),
    Case("energy-unknown-supplier", "02_energy_deals.ipynb", ["-p", "SUPPLIER", "KAZ"], bad="SUPPLIER"),
    Case("energy-commodity-typo", "02_energy_deals.ipynb", ["-p", "COMMODITY", "crude"], bad="COMMODITY"),
    Case(
        "energy-contract-not-flowing-yet",
        "02_energy_deals.ipynb",
        ["-p", "GAS_CONTRACT", "2022-gas-gazprom-cnpc"],
        bad="GAS_CONTRACT",
    ),
    Case(
        "energy-years-beyond-the-data",
        "02_energy_deals.ipynb",
        ["-p", "START_YEAR", "1990", "-p", "END_YEAR", "2040"],
        bad="START_YEAR",
    ),
    Case(
        "energy-not-a-gas-contract",
        "02_energy_deals.ipynb",
        ["-p", "GAS_CONTRACT", "2005-oil-rosneft-cnpc"],
        bad="GAS_CONTRACT",
    ),
    # 03_currency_swaps
    Case(
        "swaps-2015-2020", "03_currency_swaps.ipynb", ["-p", "START", "2015-01-01", "-p", "END", "2020-12-31"]
    ),
    Case("swaps-euro-area", "03_currency_swaps.ipynb", ["-p", "COUNTERPARTY", "EMU"]),
    # Russia only drew on its line in 2015-16: the notebook says so instead of failing after its check cell
    Case(
        "swaps-only-a-drawdown",
        "03_currency_swaps.ipynb",
        ["-p", "START", "2015-01-01", "-p", "END", "2016-12-31"],
    ),
    Case("swaps-argentina-no-ecb-rate", "03_currency_swaps.ipynb", ["-p", "COUNTERPARTY", "ARG"]),
    Case("swaps-own-data", "03_currency_swaps.ipynb", yaml(START="2012-01-01"), folder="swaps_edited"),
    Case(
        "swaps-belarus-withdrawn-currency",
        "03_currency_swaps.ipynb",
        ["-p", "COUNTERPARTY", "BLR", "-p", "START", "2009-01-01", "-p", "END", "2010-12-31"],
    ),
    Case(
        "swaps-one-line-in-force",
        "03_currency_swaps.ipynb",
        ["-p", "COUNTERPARTY", "KOR", "-p", "END", "2009-12-31"],
    ),
    Case("swaps-end-beyond-the-data", "03_currency_swaps.ipynb", ["-p", "END", "2035-12-31"], bad="END"),
    Case("swaps-unknown-code", "03_currency_swaps.ipynb", ["-p", "COUNTERPARTY", "XYZ"], bad="COUNTERPARTY"),
    Case("swaps-day-month-date", "03_currency_swaps.ipynb", ["-p", "START", "01/06/2019"], bad="START"),
    Case(
        "swaps-end-before-start",
        "03_currency_swaps.ipynb",
        ["-p", "START", "2020-01-01", "-p", "END", "2019-01-01"],
        bad="END",
    ),
    # 04_diplomatic_frequency
    Case(
        "contacts-2018-2020",
        "04_diplomatic_frequency.ipynb",
        yaml(START="2018-01-01", END="2020-12-31", CLAIM_START=2018, CLAIM_END=2020),
    ),
    Case(
        "contacts-us-pair",
        "04_diplomatic_frequency.ipynb",
        ["-p", "DYAD", "CHN-USA", "-p", "BASELINE", "CHN-RUS"],
    ),
    Case("contacts-own-data", "04_diplomatic_frequency.ipynb", [], folder="contacts_edited"),
    Case(
        "contacts-claim-outside-window",
        "04_diplomatic_frequency.ipynb",
        ["-p", "START", "2018-01-01", "-p", "END", "2020-12-31"],
        bad="CLAIM_START",
    ),
    Case(
        "contacts-pair-not-in-data",
        "04_diplomatic_frequency.ipynb",
        yaml(BASELINE=["RUS", "IND"]),
        bad="BASELINE",
    ),
    Case("contacts-start-as-number", "04_diplomatic_frequency.ipynb", ["-p", "START", "2018"], bad="START"),
    Case(
        "contacts-window-before-the-data",
        "04_diplomatic_frequency.ipynb",
        yaml(START="2010-01-01", END="2016-12-31", CLAIM_START=2013, CLAIM_END=2016),
        bad="START",
    ),
    Case(
        "contacts-gap-across-the-window",
        "04_diplomatic_frequency.ipynb",
        yaml(START="2020-01-01", END="2022-12-31", CLAIM_START=2020, CLAIM_END=2022),
    ),
    # 05_claims_audit
    Case("claims-energy", "05_claims_audit.ipynb", yaml(TOPICS=["energy"])),
    Case("claims-two-topics-as-text", "05_claims_audit.ipynb", ["-p", "TOPICS", "trade,currency swap"]),
    Case("claims-own-data", "05_claims_audit.ipynb", [], folder="claims_edited"),
    Case("claims-data-from-2017", "05_claims_audit.ipynb", [], folder="claims_from_2017"),
    Case("claims-topic-typo", "05_claims_audit.ipynb", ["-p", "TOPICS", "enrgy"], bad="TOPICS"),
    Case("claims-folder-lacks-datasets", "05_claims_audit.ipynb", [], folder="subset", bad="DATA_DIR"),
]


# --- data folders a student might bring -------------------------------------------


def _copy(names: list[str], dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        for suffix in (".csv", ".resource.json"):
            shutil.copy(DATA / f"{name}{suffix}", dest / f"{name}{suffix}")
    return dest


def _edit_csv(path: Path, keep=lambda row: True, change=lambda row: row) -> None:
    with path.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
        fields = list(rows[0])
    out = [change(dict(r)) for r in rows if keep(r)]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out)
    rehash(path.stem, data_dir=path.parent)  # what `sinorus rehash NAME --data-dir FOLDER` does


def _folders(base: Path) -> dict[str, Path]:
    folders = {"fixtures": FIXTURES}
    folders["subset"] = _copy(["trade", "swap_lines"], base / "subset")
    broken = _copy(["trade"], base / "broken")
    (broken / "trade.csv").write_text((broken / "trade.csv").read_text() + "not,a,valid,row\n")
    folders["broken"] = broken
    # the trade series relabelled as another partner: "another partner present in the data"
    kaz = _copy(["trade"], base / "trade_kaz")
    _edit_csv(
        kaz / "trade.csv",
        change=lambda r: {**r, "partner_iso3": "KAZ" if r["partner_iso3"] == "RUS" else r["partner_iso3"]},
    )
    folders["trade_kaz"] = kaz
    energy = _copy(["energy_deals", "energy_flows"], base / "energy_edited")
    _edit_csv(
        energy / "energy_flows.csv",
        keep=lambda r: not (r["year"] == "2016" and r["commodity"] == "crude oil"),
    )
    folders["energy_edited"] = energy
    swaps = _copy(
        ["swap_lines", "swap_aggregates", "country_regions", "trade", "cbr_rates"], base / "swaps_edited"
    )
    _edit_csv(swaps / "swap_lines.csv", keep=lambda r: r["iso3"] != "KOR")
    folders["swaps_edited"] = swaps
    contacts = _copy(["leader_contacts", "contact_tallies"], base / "contacts_edited")
    _edit_csv(contacts / "leader_contacts.csv", keep=lambda r: r["format"] != "phone")
    folders["contacts_edited"] = contacts
    names = [
        "claims",
        "claim_evidence",
        "leader_contacts",
        "contact_tallies",
        "trade",
        "trade_monthly",
        "energy_deals",
        "energy_flows",
        "swap_lines",
        "country_regions",
    ]
    edited = _copy(names, base / "claims_edited")
    _edit_csv(
        edited / "energy_deals.csv",
        change=lambda r: {**r, "duration_years": "40"} if r["deal_id"] == "2014-gas-gazprom-cnpc-1" else r,
    )
    folders["claims_edited"] = edited
    late = _copy(names, base / "claims_from_2017")
    _edit_csv(late / "leader_contacts.csv", keep=lambda r: r["date"] >= "2017-01-01")
    text = (late / "leader_contacts.resource.json").read_text(encoding="utf-8")
    (late / "leader_contacts.resource.json").write_text(
        text.replace('"start": "2013-03-14"', '"start": "2017-01-01"')
    )
    folders["claims_from_2017"] = late
    return folders


def _run(case: Case, folders: dict[str, Path], out: Path) -> subprocess.CompletedProcess:
    args = list(case.args)
    if case.folder:
        args += ["-p", "DATA_DIR", str(folders[case.folder])]
    cmd = [
        sys.executable,
        "-m",
        "papermill",
        str(NOTEBOOKS / case.notebook),
        str(out),
        "-k",
        "python3",
        "--cwd",
        str(NOTEBOOKS),
        "--no-progress-bar",
        "--log-level",
        "ERROR",
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def runs(tmp_path_factory) -> dict[str, tuple[Path, subprocess.CompletedProcess, dict[str, Path]]]:
    base = tmp_path_factory.mktemp("notebook-parameters")
    folders = _folders(base / "data")
    outs = {c.id: base / f"{c.id}.ipynb" for c in CASES}
    with ThreadPoolExecutor(max_workers=2) as pool:
        done = dict(
            zip([c.id for c in CASES], pool.map(lambda c: _run(c, folders, outs[c.id]), CASES), strict=True)
        )
    return {cid: (outs[cid], done[cid], folders) for cid in done}


# --- reading what a run shows --------------------------------------------------------


def _texts(nb) -> tuple[list[str], list[str], list[str]]:
    """Printed text, non-table text/plain outputs, and the text of every figure (headlines included)."""
    printed, plain, figures = [], [], []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                printed.append(out["text"])
            data = out.get("data", {})
            if "text/plain" in data and "text/html" not in data and "image/svg+xml" not in data:
                plain.append(data["text/plain"])
            if "image/svg+xml" in data:
                figures += re.findall(r">([^<>]+)</text>", data["image/svg+xml"])
    return printed, plain, figures


UNDEFINED = re.compile(r"(?<![A-Za-z])(nan|NaN|inf|NaT|<NA>)(?![A-Za-z])|\{\}")


def _params(case: Case, folders) -> dict:
    """The parameters a case ran with, as the notebook saw them."""
    nb = nbformat.read(NOTEBOOKS / case.notebook, as_version=4)
    namespace: dict = {}
    exec(nb.cells[1].source, namespace)  # the defaults: plain assignments only
    args = list(case.args)
    while args:
        flag = args.pop(0)
        if flag == "-y":
            namespace.update(json.loads(args.pop(0)))
        else:
            name, value = args.pop(0), args.pop(0)
            namespace[name] = int(value) if value.isdigit() else value
    if case.folder:
        namespace["DATA_DIR"] = str(folders[case.folder])
    return {k: v for k, v in namespace.items() if k.isupper()}


VALID = [c for c in CASES if c.bad is None]
INVALID = [c for c in CASES if c.bad is not None]


def test_every_notebook_has_three_valid_and_two_invalid_cases():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        assert sum(c.notebook == path.name for c in VALID) >= 3, path.name
        assert sum(c.notebook == path.name for c in INVALID) >= 2, path.name


@pytest.mark.parametrize("case", VALID, ids=[c.id for c in VALID])
def test_valid_parameters_run_and_show_no_undefined_values(case, runs):
    out, proc, _ = runs[case.id]
    assert proc.returncode == 0, f"{case.id}: {proc.stderr[-3000:]}"
    nb = nbformat.read(out, as_version=4)
    printed, plain, figures = _texts(nb)
    for kind, texts in (("printed", printed), ("output", plain), ("figure", figures)):
        for text in texts:
            bad = UNDEFINED.search(text)
            assert not bad, f"{case.id}: {kind} text shows {bad.group(0)!r}: {text[:300]!r}"


@pytest.mark.parametrize("case", INVALID, ids=[c.id for c in INVALID])
def test_invalid_parameters_stop_in_the_check_cell_naming_the_parameter(case, runs):
    out, proc, _ = runs[case.id]
    assert proc.returncode != 0, f"{case.id} ran to the end"
    nb = nbformat.read(out, as_version=4)
    errors = [
        (i, o)
        for i, c in enumerate(nb.cells)
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert len(errors) == 1, f"{case.id}: {errors}; papermill said: {proc.stderr[-2000:]}"
    index, error = errors[0]
    stopped = nb.cells[index].source
    assert "sinorus.check_parameters(" in stopped, (
        f"{case.id}: stopped outside the check cell: {error['evalue']}"
    )
    assert error["ename"] == "ParameterError"
    assert error["evalue"].startswith(f"{case.bad} = "), error["evalue"]


# --- the numbers printed equal the library's, on the same slice -----------------------


def _one(pattern: str, text: str) -> re.Match:
    found = re.search(pattern, text)
    assert found, f"{pattern!r} not in the output:\n{text[:2000]}"
    return found


def check_overview(text, p):
    for name in sinorus.names(p["DATA_DIR"]):
        rows = len(sinorus.load(name, data_dir=p["DATA_DIR"]))
        assert f"Dataset:   {name} ({rows} rows;" in text


def check_trade(text, p):
    trade = sinorus.load("trade", data_dir=p["DATA_DIR"])
    kw = dict(
        reporter=p["REPORTER"], partner=p["PARTNER"], start_year=p["START_YEAR"], end_year=p["END_YEAR"]
    )
    total = metrics.trade_series(trade, **kw)
    m = _one(r"trade: ([\d.]+) bn USD in (\d{4}), ([\d.]+) bn in (\d{4})", text)
    first, last = total.index.min(), total.index.max()
    assert (int(m[2]), int(m[4])) == (first, last)
    assert (m[1], m[3]) == (f"{total[first]:.1f}", f"{total[last]:.1f}")
    if last > first:
        assert f"{metrics.cagr(total, first, last):+.1%} a year compounded" in text
    try:
        share = metrics.partner_share(trade, **kw)
    except ValueError:
        share = pd.Series(dtype=float)
    if len(share):
        peak = share.idxmax()
        assert f"highest: {share[peak]:.2%} in {peak}" in text
    else:
        assert "no share to show" in text or "world total" in text


def check_energy(text, p):
    deals = sinorus.load("energy_deals", data_dir=p["DATA_DIR"])
    flows = sinorus.load("energy_flows", data_dir=p["DATA_DIR"])
    window = deals[deals["date"].dt.year.between(p["START_YEAR"], p["END_YEAR"])]
    events = int(window["deal_type"].isin(metrics.EVENT_TYPES).sum()) if "deal_type" in window else 0
    n = len(window) - events
    assert (
        f"{n} agreements and {events} milestones and cancellations, {p['START_YEAR']}-{p['END_YEAR']}" in text
    )
    if p["RIVAL"] is None:
        assert "no rival chosen" in text
        return
    ranks = metrics.supplier_ranking(
        flows, p["COMMODITY"], start_year=p["START_YEAR"], end_year=p["END_YEAR"]
    )
    both = ranks[[p["SUPPLIER"], p["RIVAL"]]].dropna()
    ahead = [int(y) for y in both.index if both.loc[y, p["SUPPLIER"]] < both.loc[y, p["RIVAL"]]]
    assert f"years with both figures: {len(both)};" in text
    assert f"ahead in {len(ahead)} of them: {', '.join(map(str, ahead)) or 'none'}" in text


def check_swaps(text, p):
    swaps = sinorus.load("swap_lines", data_dir=p["DATA_DIR"])
    period = swaps[swaps["date"].between(p["START"], p["END"])]
    period = period[period["event"].isin(metrics.SIGNING_EVENTS) & period["default"]]
    assert (
        f"{len(period)} signing events with {period['iso3'].nunique()} counterparties, "
        f"{p['START']} to {p['END']}" in text
    )
    ours = period[period["iso3"] == p["COUNTERPARTY"]]
    if ours.empty:
        assert "signed no line" in text
        return
    valued = metrics.swap_usd_values(ours.iloc[[0]]).iloc[0]
    if pd.isna(valued["local_usd_bn"]) or pd.isna(valued["cny_usd_bn"]):
        assert "cannot be compared" in text or "cannot be valued" in text
    else:
        gap = metrics.implied_vs_market(ours.iloc[[0]]).iloc[0]
        assert f"the market rate was {gap['market']:.2f}" in text


def check_contacts(text, p):
    contacts = sinorus.load("leader_contacts", data_dir=p["DATA_DIR"])
    dyad = p["DYAD"].split("-") if isinstance(p["DYAD"], str) else p["DYAD"]
    base = p["BASELINE"].split("-") if isinstance(p["BASELINE"], str) else p["BASELINE"]
    pair = metrics.dyad_contacts(contacts, *dyad, start=p["START"], end=p["END"])
    assert f": {len(pair)} contacts from {p['START']} to {p['END']}" in text
    rr = metrics.rate_ratio(contacts, *dyad, baseline=tuple(base), start=p["START"], end=p["END"])
    assert f"all contacts: {rr['count']} vs {rr['baseline_count']}; rate ratio {rr['ratio']:.2f}" in text
    assert f"(95% CI {rr['ci_low']:.2f}-{rr['ci_high']:.2f})" in text


def check_claims(text, p):
    audit = claims.audit(data_dir=p["DATA_DIR"]).set_index("claim_id")
    shown = re.findall(r"^(C\d\d) \[([a-z ]+)\]", text, flags=re.M)
    assert shown, "no verdict printed"
    for claim_id, verdict in shown:
        assert audit.loc[claim_id, "verdict"] == verdict, claim_id
    topics = p["TOPICS"]
    if isinstance(topics, str):
        topics = [t.strip() for t in topics.split(",")]
    wanted = set(audit.index if topics is None else audit.index[audit["topic"].isin(topics)])
    assert {c for c, _ in shown} <= wanted, "a claim outside TOPICS is shown in detail"


CHECKS = {
    "00_overview.ipynb": check_overview,
    "01_trade.ipynb": check_trade,
    "02_energy_deals.ipynb": check_energy,
    "03_currency_swaps.ipynb": check_swaps,
    "04_diplomatic_frequency.ipynb": check_contacts,
    "05_claims_audit.ipynb": check_claims,
}


@pytest.mark.parametrize("case", VALID, ids=[c.id for c in VALID])
def test_printed_numbers_equal_the_library_on_the_same_slice(case, runs):
    out, proc, folders = runs[case.id]
    assert proc.returncode == 0, f"{case.id}: {proc.stderr[-3000:]}"
    printed, _, _ = _texts(nbformat.read(out, as_version=4))
    CHECKS[case.notebook]("".join(printed), _params(case, folders))


def test_a_folder_of_own_data_is_what_the_notebook_reads(runs):
    """The edited gas contract (40 years) turns the audit's verdict, and the sources name the folder."""
    out, proc, folders = runs["claims-own-data"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    printed, plain, _ = _texts(nbformat.read(out, as_version=4))
    assert "C08 [supported]" in "".join(printed)
    assert f"read from your folder {folders['claims_edited'].resolve()}" in "".join(plain)


def test_a_stretch_without_meetings_is_measured_whole_across_the_window(runs):
    out, proc, _ = runs["contacts-gap-across-the-window"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    printed, _, figures = _texts(nbformat.read(out, as_version=4))
    assert "longest 814 days, 2019-11-13 to 2022-02-04" in "".join(printed)
    assert any("lasted 814 days" in t for t in figures)


def test_claims_outside_the_data_are_not_checkable_not_contradicted(runs):
    out, proc, _ = runs["claims-data-from-2017"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    printed, _, _ = _texts(nbformat.read(out, as_version=4))
    text = "".join(printed)
    for claim in ("C03", "C06", "C23"):
        assert f"{claim} [not checkable]" in text


def test_a_currency_without_a_reference_rate_still_gets_its_analysis(runs):
    out, proc, _ = runs["swaps-argentina-no-ecb-rate"]
    assert proc.returncode == 0, proc.stderr[-2000:]
    printed, _, figures = _texts(nbformat.read(out, as_version=4))
    assert "the ECB publishes no reference rate for 'ARS'" in "".join(printed)
    assert any("cannot be valued in dollars" in t for t in figures)
