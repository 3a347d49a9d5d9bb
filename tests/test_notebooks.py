"""Notebook conventions, stored outputs, and reruns with other parameters.

nbval (run by ``make test``) re-executes every notebook and compares the
outputs with the stored ones; these tests check what nbval cannot see: that
every code cell was executed, in order, that the notebooks follow the house
layout, and that each one really responds to its parameters.
"""

from __future__ import annotations

import base64
import re

import nbformat
import pytest

from .helpers import NOTEBOOKS

IMPORT_CELL = """import matplotlib.pyplot as plt
import pandas as pd

import sinorus
from sinorus import metrics, plotting

plotting.use_style()"""

PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
IDS = [p.name for p in PATHS]


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
    check = nb.cells[2]
    assert check.cell_type == "code" and "sinorus.check_parameters(" in check.source, (
        "the third cell checks them"
    )
    assert nb.cells[3].source == IMPORT_CELL, "the fourth cell is the standard import cell"
    assert code_cells(nb)[-1].source.strip() == "sinorus.sources_used(data_dir=DATA_DIR)"
    assert nb.metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_parameters_are_plain_assignments_all_checked(path):
    """One plain `NAME = literal` per parameter (papermill can override each), DATA_DIR among them,
    and every one named in the check cell."""
    import ast

    nb = read(path)
    tree = ast.parse(nb.cells[1].source)
    names = []
    for node in tree.body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, ast.unparse(node)
        assert isinstance(node.targets[0], ast.Name), (
            f"{path.name}: one name per assignment: {ast.unparse(node)}"
        )
        ast.literal_eval(node.value)  # a literal a student can edit, not an expression
        names.append(node.targets[0].id)
    assert "DATA_DIR" in names
    for name in names:
        assert re.search(rf"\b{name}=rule\.\w+\({name}\b", nb.cells[2].source), (
            f"{path.name}: {name} not checked"
        )


READS_DATA = {
    "load",
    "source_note",
    "sources_used",
    "datasets",
    "describe",
    "cite",
    "audit",
    "rate",
    "convert",
    "swap_usd_values",
    "implied_vs_market",
    "months_of_trade",
}


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_everything_downstream_reads_data_dir(path):
    """Every load, source line, claim check and source list is given DATA_DIR."""
    import ast

    for cell in code_cells(read(path))[2:]:
        for node in ast.walk(ast.parse(cell.source)):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            owner = node.func.value.id if isinstance(node.func.value, ast.Name) else ""
            if node.func.attr in READS_DATA or owner == "claims":
                given = {k.arg: ast.unparse(k.value) for k in node.keywords}
                assert given.get("data_dir") == "DATA_DIR", (
                    f"{path.name}: {ast.unparse(node)[:90]} ignores DATA_DIR"
                )


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
            figure = next(o for o in cell.outputs if "image/svg+xml" in o.get("data", {}))
            # a PNG too: an untrusted notebook (a fresh clone) shows PNG in JupyterLab, never SVG
            assert "image/png" in figure["data"], f"{path.name}: no PNG for untrusted notebooks"
            assert base64.b64decode(figure["data"]["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
            # the data behind the chart, and its headline as the text alternative
            assert figure["data"]["text/csv"].startswith("# "), f"{path.name}: a figure without its data"
            for mime in ("image/png", "image/svg+xml"):
                alt = figure["metadata"][mime]["alt"]
                assert alt and alt != "Chart", f"{path.name}: a figure without its headline as alt text"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_the_notebook_lists_its_data_sources(path):
    assert "Data used in this notebook:" in all_text(read(path))


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


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_stored_outputs_show_no_undefined_values(path):
    """No printed line, non-table output or figure text of a stored notebook shows nan, inf or {}."""
    from .test_notebook_parameters import UNDEFINED, _texts

    printed, plain, figures = _texts(read(path))
    for text in printed + plain + figures:
        bad = UNDEFINED.search(text)
        assert not bad, f"{path.name}: shows {bad.group(0)!r} in {text[:200]!r}"


@pytest.mark.parametrize("path", PATHS, ids=IDS)
def test_stored_tables_show_blanks_not_missing_markers_or_raw_reprs(path):
    """A gap is a blank cell: no NaN, <NA> or NaT in any stored output, and no raw pandas footer."""
    for cell in code_cells(read(path)):
        for out in cell.outputs:
            texts = [out.get("text", "")] + [
                out.get("data", {}).get(k, "") for k in ("text/plain", "text/html")
            ]
            for text in texts:
                bad = re.search(r"\bNaN\b|<NA>|&lt;NA&gt;|\bNaT\b|dtype: |Name: \w+, dtype", text)
                assert not bad, f"{path.name}: {bad.group(0)!r} in the output of {cell.source[:60]!r}"


def test_country_colours_are_drawn_only_for_countries_in_the_notebooks():
    """A country's colour (plotting.COLORS) never stands for a sector, a verdict or a format in a notebook."""
    import re

    import nbformat

    from sinorus.plotting import COLORS

    country_hex = {h.lower(): iso for iso, h in COLORS.items()}
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                used = [h for h in re.findall(r"#[0-9a-fA-F]{6}", cell.source) if h.lower() in country_hex]
                assert not used, f"{path.name}: {used} is the colour of {country_hex[used[0].lower()]}"
