"""Bad input never corrupts, escapes or leaks: the loader, descriptors, and what reaches the report."""

from __future__ import annotations

import json
import os

import pytest

import sinorus
from sinorus.errors import DataValidationError, DescriptorError

from .helpers import FIXTURES, copy_dataset


@pytest.fixture
def mini(tmp_path):
    copy_dataset("mini", FIXTURES, tmp_path)
    return tmp_path


def _cell(folder, column, value, line=2):
    path = folder / "mini.csv"
    rows = path.read_text().splitlines()
    header = rows[0].split(",")
    cells = rows[line - 1].split(",")
    cells[header.index(column)] = value
    rows[line - 1] = ",".join(cells)
    path.write_text("\n".join(rows) + "\n")


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1600-06-01", "2300-01-01"])
def test_dates_pandas_cannot_hold_are_rejected_with_file_line_and_column(mini, value):
    _cell(mini, "date", value)
    with pytest.raises(
        DataValidationError, match=rf"mini.csv, line 2, column 'date': value '{value}': is outside"
    ):
        sinorus.load("mini", data_dir=mini)


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [("value", "1e400", "too large for a number"), ("count", str(2**70), "beyond the 64-bit integer range")],
)
def test_numbers_too_large_are_rejected_not_loaded_as_inf_or_overflowing(mini, column, value, message):
    _cell(mini, column, value)
    with pytest.raises(DataValidationError, match=rf"line 2, column '{column}'.*{message}"):
        sinorus.load("mini", data_dir=mini)


def _descriptor(folder, change):
    path = folder / "mini.resource.json"
    desc = json.loads(path.read_text())
    change(desc)
    path.write_text(json.dumps(desc))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("schema"), "'schema' must be an object"),
        (lambda d: d["schema"]["fields"][0].__setitem__("type", "geopoint"), r"\(date\).type' is 'geopoint'"),
        (
            lambda d: d["schema"]["fields"][3]["constraints"].__setitem__("pattern", "([A-Z]"),
            "not a valid regular",
        ),
        (
            lambda d: d["schema"]["fields"][4]["constraints"].__setitem__("minimum", "zero"),
            "must be typed as the field",
        ),
        (
            lambda d: d["schema"]["fields"][0]["constraints"].__setitem__("minimum", "01/01/2000"),
            "typed as the field",
        ),
        (
            lambda d: d.__setitem__("path", "../secret.csv"),
            "'path' must be a file name inside the data folder",
        ),
        (
            lambda d: d.__setitem__("path", "/etc/passwd.csv"),
            "'path' must be a file name inside the data folder",
        ),
        (lambda d: d["schema"].__setitem__("primaryKey", ["nope"]), "names 'nope', which is not a field"),
        (
            lambda d: d["schema"]["fields"].append(dict(d["schema"]["fields"][1])),
            "repeats an earlier field's name",
        ),
    ],
)
def test_a_malformed_or_unsafe_descriptor_raises_one_error_naming_file_and_key(mini, change, message):
    _descriptor(mini, change)
    with pytest.raises(DescriptorError, match=message) as info:
        sinorus.load("mini", data_dir=mini)
    assert str(info.value).startswith("mini.resource.json: ")
    assert "root:" not in str(info.value)  # nothing read from the file it was pointed at


def test_invalid_json_is_a_descriptor_error(mini):
    (mini / "mini.resource.json").write_text('{"name": "mini", ')
    with pytest.raises(DescriptorError, match=r"mini\.resource\.json: is not valid UTF-8 JSON"):
        sinorus.load("mini", data_dir=mini)


def test_a_csv_that_is_a_symbolic_link_out_of_the_folder_or_a_fifo_is_refused(mini, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "elsewhere.csv"
    outside.write_text((mini / "mini.csv").read_text())
    (mini / "mini.csv").unlink()
    (mini / "mini.csv").symlink_to(outside)
    with pytest.raises(DescriptorError, match="resolves outside the data folder"):
        sinorus.load("mini", data_dir=mini)
    (mini / "mini.csv").unlink()
    os.mkfifo(mini / "mini.csv")
    with pytest.raises(DescriptorError, match="not a regular file"):
        sinorus.load("mini", data_dir=mini)


@pytest.mark.parametrize("name", ["../mini", "mini/../mini", "", ".hidden"])
def test_dataset_names_are_plain_identifiers(mini, name):
    with pytest.raises(ValueError, match="is not a dataset name"):
        sinorus.load(name, data_dir=mini)


def test_validate_reports_every_broken_dataset_and_goes_on(tmp_path, capsys):
    from sinorus.cli import main

    for name in ("trade", "swap_lines"):
        copy_dataset(name, sinorus.data_dir(), tmp_path)
    (tmp_path / "trade.resource.json").write_text("{broken")
    text = (tmp_path / "swap_lines.resource.json").read_text()
    (tmp_path / "swap_lines.resource.json").write_text(
        text.replace('"path": "swap_lines.csv"', '"path": "../x.csv"')
    )
    copy_dataset("mini", FIXTURES, tmp_path)
    assert main(["validate", "--data-dir", str(tmp_path)]) == 1
    out = capsys.readouterr()
    assert "trade: INVALID" in out.err and "swap_lines: INVALID" in out.err and "mini: valid" in out.out


def test_descriptor_text_reaching_markdown_is_inert(mini):
    _descriptor(
        mini,
        lambda d: (
            d.__setitem__("title", "<script>alert(1)</script>"),
            d["sources"][0].__setitem__("path", "javascript:alert(1)"),
        ),
    )
    sinorus.load("mini", data_dir=mini)
    md = sinorus.sources_used(data_dir=mini)._repr_markdown_()
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "](javascript:" not in md and "(<javascript" not in md


def test_hostile_descriptor_text_stays_inert_through_the_built_report(mini, tmp_path_factory):
    import nbformat

    from sinorus import report

    _descriptor(
        mini,
        lambda d: (
            d.__setitem__("title", "<script>alert(1)</script>"),
            d["sources"][0].__setitem__("path", "javascript:alert(1)"),
        ),
    )
    src = tmp_path_factory.mktemp("nb")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A notebook of hostile metadata"),
        nbformat.v4.new_code_cell(
            f"import sinorus\nsinorus.load('mini', data_dir={str(mini)!r})\n"
            f"sinorus.sources_used(data_dir={str(mini)!r})"
        ),
    ]
    nbformat.write(nb, src / "hostile.ipynb")
    out = tmp_path_factory.mktemp("report") / "site"
    report.build_report(src, out, progress=False)
    page = (out / "hostile.html").read_text()
    assert "<script>alert(1)</script>" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;alert" in page
