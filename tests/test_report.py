"""`make report`: executed copies, one HTML page per notebook, an index with sources."""

from __future__ import annotations

import base64
import re
import shutil

import pytest

from sinorus import report

from .helpers import NOTEBOOKS


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    src = tmp_path_factory.mktemp("nb")
    shutil.copy(NOTEBOOKS / "00_overview.ipynb", src)
    before = (src / "00_overview.ipynb").read_bytes()
    out = tmp_path_factory.mktemp("report")
    index = report.build_report(src, out, progress=False)
    return src, out, index, before


def test_index_links_every_page(built):
    _, out, index, _ = built
    html = index.read_text()
    assert index == out / "index.html"
    assert '<a href="00_overview.html">What sinorus holds</a>' in html
    assert "<code>trade</code>" in html and "Source: General Administration of Customs" in html
    assert "How to cite" in html


def test_each_page_shows_figures_and_sources(built):
    _, out, _, _ = built
    page = (out / "00_overview.html").read_text()
    figures = re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page)
    assert figures, "no embedded figure"
    assert any("Source: sinorus datasets" in base64.b64decode(f).decode() for f in figures)
    assert "Data used in this notebook" in page


def test_the_report_leaves_the_notebooks_alone(built):
    src, _, _, before = built
    assert (src / "00_overview.ipynb").read_bytes() == before


def test_no_notebooks_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no notebooks"):
        report.build_report(tmp_path, tmp_path / "out", progress=False)


def test_split_stream_output_is_merged_so_stored_notebooks_do_not_depend_on_timing():
    import nbformat

    cell = nbformat.v4.new_code_cell("print(1); print(2)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
        nbformat.v4.new_output("stream", name="stderr", text="warn\n"),
        nbformat.v4.new_output("stream", name="stdout", text="c\n"),
    ]
    report._coalesce_streams(cell)
    assert [(o.name, o.text) for o in cell.outputs] == [
        ("stdout", "a\nb\n"),
        ("stderr", "warn\n"),
        ("stdout", "c\n"),
    ]
