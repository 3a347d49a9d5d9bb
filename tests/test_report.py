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


def test_every_figure_is_written_beside_the_page_and_linked(built):
    _, out, _, _ = built
    page = (out / "00_overview.html").read_text()
    svgs = sorted(out.glob("00_overview-figure-*.svg"))
    assert svgs, "no figure file"
    for svg in svgs:
        data = svg.with_suffix(".csv")
        assert data.exists(), f"{svg.name} has no data file"
        text = data.read_text()
        assert text.startswith("# ") and "# Source: " in text and "# Licence: " in text
        assert f'href="{svg.name}"' in page and f'href="{data.name}"' in page
    assert not list(out.parent.glob(f".{out.name}.*")), "a temporary build folder was left behind"


def test_report_pages_draw_each_figure_once_as_svg(built):
    """The pages show SVG; the report's kernels skip the PNG copy a stored notebook keeps for JupyterLab."""
    _, out, _, _ = built
    page = (out / "00_overview.html").read_text()
    assert 'src="data:image/svg+xml' in page and 'src="data:image/png' not in page
    assert not list(out.glob("*.png")) and list(out.glob("*.svg"))


@pytest.mark.parametrize(
    ("value", "formats"), [(None, ("svg", "png")), ("svg", ("svg",)), ("svg,png", ("svg", "png"))]
)
def test_figure_formats_come_from_the_environment(monkeypatch, value, formats):
    from sinorus import plotting

    if value is None:
        monkeypatch.delenv(report.FIGURE_FORMATS_ENV, raising=False)
    else:
        monkeypatch.setenv(report.FIGURE_FORMATS_ENV, value)
    assert plotting._figure_formats() == formats


@pytest.mark.parametrize("value", ["png", "pdf", "svg,gif", ""])
def test_an_unknown_figure_format_is_refused_by_name(monkeypatch, value):
    from sinorus import plotting

    monkeypatch.setenv(report.FIGURE_FORMATS_ENV, value)
    with pytest.raises(ValueError, match=r"SINORUS_FIGURE_FORMATS=.*use 'svg,png'"):
        plotting._figure_formats()


def test_an_interrupted_build_leaves_the_old_report_whole(built, tmp_path, monkeypatch):
    src, _, _, _ = built
    out = tmp_path / "report"
    out.mkdir()
    (out / "index.html").write_text("the old report")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(report, "_write_figures", broken)
    with pytest.raises(OSError, match="disk full"):
        report.build_report(src, out, progress=False)
    assert (out / "index.html").read_text() == "the old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report"], "the half-built folder was left behind"


def test_in_place_execution_refuses_to_overwrite_a_notebook_edited_meanwhile(tmp_path):
    import nbformat

    path = tmp_path / "edited.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    # the cell stands in for a person saving an edit while the notebook runs
    nb.cells = [nbformat.v4.new_code_cell(f"open({str(path)!r}, 'a').write(' ')")]
    nbformat.write(nb, path)
    with pytest.raises(RuntimeError, match="changed on disk while it was being executed"):
        report.execute_notebooks([path], in_place=True, progress=False)
    assert path.read_text().endswith(" "), "the edit was overwritten"


def test_the_report_loads_nothing_from_outside_its_pages(built):
    _, out, _, _ = built
    for page in out.glob("*.html"):
        html = page.read_text()
        for tag in re.findall(r"<(?:script|link|img|iframe)\b[^>]*>", html):
            assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", tag), f"{page.name}: {tag[:120]}"


def test_report_figures_have_their_headline_as_alt_text(built):
    _, out, _, _ = built
    page = (out / "00_overview.html").read_text()
    alts = re.findall(r'<img[^>]*alt="([^"]*)"', page)
    assert alts and "No description has been provided" not in page
    assert any("datasets are dated" in a for a in alts)


def test_execution_ignores_an_inherited_backend_and_a_hostile_user_kernelspec(tmp_path, monkeypatch):
    """MPLBACKEND=Agg would hide every figure; a user-level python3 kernelspec would run another Python."""
    import json

    import nbformat

    user = tmp_path / "jupyter"
    spec = user / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "Another Python",
                "language": "python",
            }
        )
    )
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(user))
    monkeypatch.setenv("JUPYTER_PATH", str(user))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    path = tmp_path / "fig.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import matplotlib.pyplot as plt\nfrom sinorus import plotting\nplotting.use_style()\n"
            "ax = plotting.headline(None, 'A finding')\nplotting.source_note(ax, 'trade')\nplt.show()"
        )
    ]
    nbformat.write(nb, path)
    monkeypatch.setenv(report.FIGURE_FORMATS_ENV, "svg")  # the notebooks' own formats win over the caller's
    (run,) = report.execute_notebooks([path], progress=False)
    outputs = run.notebook.cells[0].outputs
    assert any("image/png" in o.get("data", {}) and "image/svg+xml" in o.get("data", {}) for o in outputs), (
        outputs
    )
    (run,) = report.execute_notebooks([path], progress=False, figures=report.REPORT_FIGURES)
    data = [o.get("data", {}) for o in run.notebook.cells[0].outputs]
    assert any("image/svg+xml" in d for d in data) and not any("image/png" in d for d in data), data


def test_the_kernels_own_log_stays_off_the_progress_bar(tmp_path, capfd):
    """ipykernel's 'running over TCP without encryption' warning used to break up the progress bar."""
    import nbformat

    path = tmp_path / "quiet.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(nb, path)
    report.execute_notebooks([path], progress=True)
    err = capfd.readouterr().err
    assert "notebooks:" in err and "100%" in err, err  # the bar itself is drawn
    assert "IPKernelApp" not in err and "without encryption" not in err, err


def test_a_failing_cell_names_its_error(tmp_path):
    import nbclient
    import nbformat

    path = tmp_path / "fails.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("raise ValueError('bad parameter in cell')")]
    nbformat.write(nb, path)
    with pytest.raises(nbclient.exceptions.CellExecutionError, match="bad parameter in cell"):
        report.execute_notebooks([path], progress=False)


def test_one_notebook_file_or_a_clear_error(tmp_path):
    nb = tmp_path / "one.ipynb"
    nb.write_text("{}")
    assert report.find_notebooks(nb) == [nb]
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ValueError, match="is not a notebook"):
        report.find_notebooks(tmp_path / "notes.txt")
    with pytest.raises(FileNotFoundError, match="no notebook folder or file"):
        report.find_notebooks(tmp_path / "missing")


def test_each_page_has_its_title_a_way_back_and_figures_that_fit_a_phone(built):
    _, out, _, _ = built
    page = (out / "00_overview.html").read_text()
    assert "<title>What sinorus holds</title>" in page
    assert '<a href="index.html">' in page
    assert ".jp-RenderedSVG img { max-width: 100%; height: auto; }" in page
