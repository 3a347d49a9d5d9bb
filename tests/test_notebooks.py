"""Notebook conventions, stored outputs, and reruns with other parameters.

nbval (run by ``make test``) re-executes every notebook and compares the
outputs with the stored ones; these tests check what nbval cannot see: that
every code cell was executed, in order, that the notebooks follow the house
layout, and that each one really responds to its parameters.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from .helpers import FIXTURES, NOTEBOOKS

IMPORT_CELL = """import matplotlib.pyplot as plt
import pandas as pd

import sinorus
from sinorus import metrics, plotting

plotting.use_style()"""

PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
IDS = [p.name for p in PATHS]

# Non-default parameters for each notebook, and what the output must then show.
RERUNS = {
    "00_overview.ipynb": (
        {"DATA_DIR": str(FIXTURES)},
        ["A miniature dataset for the test suite", "Made up for the sinorus tests", "- mini: "],
        ["China's merchandise trade"],
    ),
    "01_trade.ipynb": (
        {"START_YEAR": 2010, "END_YEAR": 2020},
        ["'start': 2010", "'end': 2020", "'steepest_fall_year': 2015", "bn USD in 2010", "bn in 2020"],
        ["'start': 2000"],
    ),
    "02_energy_deals.ipynb": (
        {"SUPPLIER": "SAU", "RIVAL": "RUS", "START_YEAR": 2010},
        ["agreements, 2010-2025", "Saudi Arabia ahead in [2014, 2019, 2020, 2021, 2022]"],
        ["Russia ahead in"],
    ),
    "03_currency_swaps.ipynb": (
        {"COUNTERPARTY": "EMU", "START": "2010-01-01"},
        ["European Central Bank", "no imports figure with EMU for 2013", "size: data say 150 bn yuan"],
        ["112 signing events", "Central Bank of the Russian Federation      new"],
    ),
    "05_claims_audit.ipynb": (
        {"TOPICS": ["energy"]},
        ["C08 [contradicted]", "(diplomacy: not among the TOPICS chosen above)"],
        ["C01 [supported]", "C11 [supported]"],
    ),
    "04_diplomatic_frequency.ipynb": (
        {"DYAD": ["CHN", "USA"], "BASELINE": ["CHN", "RUS"], "START": "2017-01-20", "END": "2021-01-19"},
        ["China-United States: 27 contacts from 2017-01-20 to 2021-01-19", "no official tallies for CHN-USA"],
        ["China-Russia: 89 contacts"],
    ),
}


def read(path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def all_text(nb) -> str:
    parts = []
    for cell in code_cells(nb):
        for out in cell.outputs:
            if out.output_type == "stream":
                parts.append(out.text)
            for key in ("text/plain", "text/markdown"):
                parts.append(out.get("data", {}).get(key, ""))
    return "\n".join(parts)


def test_there_are_notebooks():
    assert {"00_overview.ipynb", "01_trade.ipynb"} <= set(IDS)


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_every_code_cell_ran_once_in_order(path):
    counts = [c.execution_count for c in code_cells(read(path))]
    assert counts == list(range(1, len(counts) + 1)), f"{path.name}: execution counts {counts}"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_no_stored_errors_or_warnings(path):
    for cell in code_cells(read(path)):
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name}: {out.get('ename')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), f"{path.name}: {out.text}"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_house_layout(path):
    nb = read(path)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert "**Question:**" in first.source
    params = nb.cells[1]
    assert params.cell_type == "code" and "parameters" in params.metadata.get("tags", [])
    assert nb.cells[2].source == IMPORT_CELL, "the third cell is the standard import cell"
    assert code_cells(nb)[-1].source.strip() == "sinorus.sources_used()"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_every_chart_has_a_finding_title_a_source_line_and_ends_with_show(path):
    for cell in code_cells(read(path)):
        src = cell.source
        assert not src.rstrip().endswith(";"), "end plot cells with plt.show(), not ';'"
        draws = re.search(r"plotting\.(\w+_chart|stacked_bars|timeline)\(|plt\.subplots\(", src)
        if draws:
            assert "plotting.headline(" in src, f"{path.name}: a chart without a finding title"
            assert "plotting.source_note(" in src, f"{path.name}: a chart without a source line"
            assert src.rstrip().endswith("plt.show()"), f"{path.name}: end the cell with plt.show()"
            svgs = [o["data"]["image/svg+xml"] for o in cell.outputs if "image/svg+xml" in o.get("data", {})]
            assert len(svgs) == 1, f"{path.name}: expected one stored SVG figure"
            # text is kept as text, so the stored figure itself shows its source line; no date inside
            assert "Source: " in svgs[0] and "<dc:date>" not in svgs[0]


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_the_notebook_lists_its_data_sources(path):
    assert "Data used in this notebook:" in all_text(read(path))


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_reruns_with_other_parameters(path, tmp_path):
    import papermill

    assert path.name in RERUNS, f"add non-default parameters for {path.name} to RERUNS"
    params, expected, absent = RERUNS[path.name]
    out = tmp_path / path.name
    papermill.execute_notebook(
        str(path),
        str(out),
        parameters=params,
        kernel_name="python3",
        cwd=str(NOTEBOOKS),
        progress_bar=False,
        log_output=False,
    )
    text = all_text(read(out))
    for snippet in expected:
        assert snippet in text, f"{path.name} with {params}: {snippet!r} not in the output"
    for snippet in absent:
        assert snippet not in text, f"{path.name} with {params}: {snippet!r} still in the output"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_reexecution_reproduces_the_stored_file_byte_for_byte(path, tmp_path):
    """What `make notebooks` does, on a copy: the result must equal the committed file."""
    import shutil

    from sinorus.report import execute_notebooks

    copy = tmp_path / path.name
    shutil.copy(path, copy)
    execute_notebooks([copy], in_place=True, progress=False)
    assert copy.read_bytes() == path.read_bytes(), (
        f"{path.name} changes when re-executed: run `make notebooks` and commit the result"
    )
