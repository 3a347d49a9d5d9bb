"""Bad input never corrupts, escapes or leaks: the loader, descriptors, and what reaches the report."""

from __future__ import annotations

import json
import os

import pytest

import sinorus
from sinorus._datasets import rehash
from sinorus.errors import DataValidationError, DescriptorError

from .helpers import FIXTURES, copy_dataset, read_in_blocks, write_table


@pytest.fixture(params=["whole file", "read in blocks"], autouse=True)
def reading_path(request, monkeypatch):
    """Every test here runs twice: on the small-file path and on the large-file path (read in blocks)."""
    if request.param == "read in blocks":
        read_in_blocks(monkeypatch)
    return request.param


@pytest.fixture
def mini(tmp_path):
    copy_dataset("mini", FIXTURES, tmp_path)
    return tmp_path


def _cell(folder, column, value, line=2):
    import csv
    import io

    path = folder / "mini.csv"
    rows = list(csv.reader(io.StringIO(path.read_text())))
    rows[line - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue())


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
        (lambda d: d["schema"].__setitem__("primaryKey", 5), "'schema.primaryKey' must be a field name"),
        (lambda d: d["schema"].__setitem__("primaryKey", [["date"]]), "'schema.primaryKey' must be a field"),
        (
            lambda d: d["schema"].__setitem__(
                "foreignKeys", [{"fields": [["code"]], "reference": {"resource": "", "fields": ["code"]}}]
            ),
            "must name as many fields, by name",
        ),
        (
            lambda d: d["schema"]["fields"][2]["constraints"].__setitem__("minimum", 5),
            "minimum' does not apply to a string field",
        ),
        (
            lambda d: d["schema"]["fields"][2]["constraints"].__setitem__("enum", ["alpha", "alpha", "beta"]),
            "enum' lists a value twice",
        ),
        (
            lambda d: d["schema"]["fields"][3]["constraints"].__setitem__("pattern", r"\p{L}+"),
            "not a valid regular",  # Python's re (Frictionless's engine) cannot read it
        ),
        (lambda d: d.__setitem__("coverage", "2020"), "'coverage' must be an object"),
        (lambda d: d.__setitem__("licenses", "CC"), "'licenses' must be a list of objects"),
        (lambda d: d.__setitem__("sources", "x"), "'sources' must be a list of objects"),
        (lambda d: d.__setitem__("sources", [5]), "'sources' must be a list of objects"),
        (
            lambda d: d.__setitem__("sources", [{"path": "https://x.org"}]),
            r"'sources\[0\]' must have a 'title'",
        ),
        (lambda d: d.__setitem__("title", ["T"]), "'title' must be a string"),
        (lambda d: d["schema"]["fields"][4]["constraints"].__setitem__("minimum", float("nan")), "typed as"),
        (
            lambda d: d["schema"]["fields"][4]["constraints"].__setitem__("enum", [12.5, float("nan")]),
            "typed",
        ),
        (
            lambda d: d["schema"].__setitem__(
                "foreignKeys", [{"fields": "code", "reference": {"resource": "a..b", "fields": "code"}}]
            ),
            "must be '' \\(this table\\) or a dataset name",
        ),
        (lambda d: d.__setitem__("path", "a\u0000.csv"), "'path' must be a file name"),
        (lambda d: d.__setitem__("path", "absent.csv"), "'path' names 'absent.csv', which is not a file"),
        (
            lambda d: d["sources"][0].__setitem__("extra", json.loads("[" * 30 + "]" * 30)),
            "nested too deeply",
        ),
        (lambda d: d["schema"]["fields"][0].__setitem__("description", 5), r"\(date\).description' must be"),
        (
            lambda d: d["coverage"].__setitem__("temporal_field", "nosuch"),
            "temporal_field' must name a field",
        ),
        (lambda d: d["coverage"].__setitem__("temporal_field", "code"), "temporal_field' must name a field"),
        (
            lambda d: d["coverage"].__setitem__("start", "not a date"),
            "coverage.start' must be a year or a date",
        ),
        (lambda d: d["coverage"].__setitem__("frequency", 5), "coverage.frequency' must be a string"),
        (lambda d: d["schema"]["fields"][0].__setitem__("format", "%d/%m/%Y"), r"format' is not supported"),
        (lambda d: d["schema"]["fields"][5].__setitem__("bareNumber", False), "bareNumber' is not supported"),
        (lambda d: d.__setitem__("dialect", {"delimiter": ";"}), "'dialect' is not supported"),
        (lambda d: d.__setitem__("encoding", "latin-1"), "'encoding' must be utf-8"),
        (lambda d: d["schema"].__setitem__("primaryKey", {}), "'schema.primaryKey' must be a field name"),
        (lambda d: d["schema"].__setitem__("primaryKey", None), "'schema.primaryKey' must be a field name"),
        (lambda d: d["schema"].__setitem__("primaryKey", ""), "'schema.primaryKey' must be a field name"),
        (lambda d: d.__setitem__("licenses", [{}]), r"'licenses\[0\]' must have a 'name' or a 'path'"),
        (lambda d: d["sources"][0].__setitem__("accessed", "2026-01-01}, author = {M"), "must be a date"),
        (
            lambda d: d["schema"]["fields"][3]["constraints"].__setitem__("pattern", "(?i)[a-z]+"),
            "not a valid",
        ),
    ],
)
def test_a_malformed_or_unsafe_descriptor_raises_one_error_naming_file_and_key(mini, change, message):
    _descriptor(mini, change)
    with pytest.raises(DescriptorError, match=message) as info:
        sinorus.load("mini", data_dir=mini)
    assert str(info.value).startswith("mini.resource.json: ")
    assert "root:" not in str(info.value)  # nothing read from the file it was pointed at


@pytest.mark.parametrize(
    "text", ['{"name": "mini", ', '{"n": ' + "1" * 5000 + "}", "[" * 200_000], ids=["cut", "long-int", "deep"]
)
def test_invalid_json_is_a_descriptor_error(mini, text):
    (mini / "mini.resource.json").write_text(text)
    for call in (sinorus.load, sinorus.describe, sinorus.cite, rehash):
        with pytest.raises(DescriptorError, match=r"mini\.resource\.json: is not valid UTF-8 JSON"):
            call("mini", data_dir=mini)


def test_rehash_never_reads_a_file_outside_the_folder(mini, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "x.csv"
    outside.write_text("secret\n")
    (mini / "mini.csv").unlink()
    (mini / "mini.csv").symlink_to(outside)
    _descriptor(mini, lambda d: d.__setitem__("hash", "sha256:0"))
    with pytest.raises(DescriptorError, match="resolves outside the data folder"):
        rehash("mini", data_dir=mini)


def test_an_integer_of_thousands_of_digits_is_a_validation_error(mini):
    _cell(mini, "count", "1" * 4000)
    with pytest.raises(DataValidationError, match="beyond the 64-bit integer range") as info:
        sinorus.load("mini", data_dir=mini)
    (p,) = info.value.problems
    assert (p.line, p.column) == (2, "count")


def test_a_row_of_missing_values_is_a_blank_row_as_frictionless_says(mini):
    path = mini / "mini.csv"
    path.write_text(path.read_text() + ",,,,,,,\n")
    with pytest.raises(DataValidationError) as info:
        sinorus.load("mini", data_dir=mini)
    (p,) = info.value.problems
    assert (p.line, p.rule) == (6, "blank-row")


@pytest.mark.parametrize(
    ("column", "constraint", "value"),
    [
        ("value", {"maximum": 1}, "1.0000000000000001"),
        ("value", {"maximum": 0.1}, "0.10000000000000001"),
        ("value", {"minimum": 0}, "-1e-400"),
        ("value", {"enum": [0]}, "1e-400"),
    ],
)
def test_number_constraints_compare_decimals_not_floats(mini, column, constraint, value):
    """A float rounds 1.0000000000000001 to 1; Frictionless compares the decimal written, and so do we."""
    fields = {"value": 4}

    def change(d):
        d["schema"]["fields"][fields[column]]["constraints"] = constraint

    _descriptor(mini, change)
    _cell(mini, column, value)
    with pytest.raises(DataValidationError) as info:
        sinorus.load("mini", data_dir=mini)
    assert [p.column for p in info.value.problems if p.line == 2] == [column]


def test_a_pattern_that_hangs_costs_one_time_limit_per_load_not_one_per_cell(mini):
    import time

    _descriptor(mini, lambda d: d["schema"]["fields"][7]["constraints"].__setitem__("pattern", "(a|a)+b"))
    for line in range(2, 6):
        _cell(mini, "note", "a" * (28 + line) + "!", line=line)
    start = time.perf_counter()
    with pytest.raises(DataValidationError) as info:
        sinorus.load("mini", data_dir=mini)
    assert time.perf_counter() - start < 3 * 0.5 + 2  # one time limit, not one per cell (4 cells)
    assert [p.rule for p in info.value.problems] == ["pattern"] * 4
    assert all("was stopped" in p.message for p in info.value.problems)


def test_loads_in_threads_keep_their_verdicts_and_the_callers_field_size_limit(mini):
    import csv
    from concurrent.futures import ThreadPoolExecutor

    _cell(mini, "note", "x" * 200_000, line=3)
    before = csv.field_size_limit(131_072)
    try:
        with ThreadPoolExecutor(4) as pool:
            frames = list(pool.map(lambda _: sinorus.load("mini", data_dir=mini), range(12)))
        assert all(len(f) == 4 for f in frames)
        assert csv.field_size_limit() == 131_072
    finally:
        csv.field_size_limit(before)


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


def test_a_line_break_in_descriptor_text_cannot_start_markdown_of_its_own(mini):
    _descriptor(mini, lambda d: d.__setitem__("title", "T\n\n# INJECTED HEADING\n- item"))
    sinorus.load("mini", data_dir=mini)
    md = sinorus.sources_used(data_dir=mini)._repr_markdown_()
    assert not any(line.lstrip().startswith(("#", "- item")) for line in md.splitlines()), md
    assert "INJECTED HEADING" in md


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


# --- never looser than Frictionless: missingValues, keys, typed constraints, field size, patterns ---------


def test_missing_values_from_the_descriptor_are_missing_and_nothing_else_is(mini):
    _descriptor(mini, lambda d: d["schema"].__setitem__("missingValues", ["", "NA"]))
    _cell(mini, "value", "NA")
    df = sinorus.load("mini", data_dir=mini)
    assert df["value"].isna().iloc[0]
    _cell(mini, "count", "NA")  # a required field: missing is not allowed
    with pytest.raises(DataValidationError, match="column 'count': value 'NA': a value is required"):
        sinorus.load("mini", data_dir=mini)


def test_missing_values_must_be_a_list_of_strings(mini):
    _descriptor(mini, lambda d: d["schema"].__setitem__("missingValues", "NA"))
    with pytest.raises(DescriptorError, match=r"'schema\.missingValues' must be a list of strings"):
        sinorus.load("mini", data_dir=mini)


def test_a_blank_primary_key_component_is_refused(mini):
    _descriptor(mini, lambda d: d["schema"]["fields"][2]["constraints"].pop("required"))
    _cell(mini, "code", "")
    with pytest.raises(DataValidationError, match="column 'code': value '': a value is required"):
        sinorus.load("mini", data_dir=mini)


def one_field_reference(desc):
    desc["schema"]["fields"].append({"name": "parent", "type": "string", "constraints": {}})
    desc["schema"]["foreignKeys"] = [{"fields": "parent", "reference": {"resource": "", "fields": "code"}}]


def _add_parent(folder, values):
    path = folder / "mini.csv"
    rows = path.read_text().splitlines()
    rows = [rows[0] + ",parent"] + [r + "," + v for r, v in zip(rows[1:], values, strict=False)]
    path.write_text("\n".join(rows) + "\n")


def test_a_foreign_key_into_its_own_table_is_checked(mini):
    _descriptor(mini, one_field_reference)
    rows = len((mini / "mini.csv").read_text().splitlines()) - 1
    _add_parent(mini, ["alpha"] + [""] * (rows - 1))
    assert sinorus.load("mini", data_dir=mini)["parent"].iloc[0] == "alpha"
    copy_dataset("mini", FIXTURES, mini)
    _descriptor(mini, one_field_reference)
    _add_parent(mini, ["omega"] + [""] * (rows - 1))
    with pytest.raises(
        DataValidationError, match="line 2, column 'parent': value 'omega': is not a key of this table"
    ):
        sinorus.load("mini", data_dir=mini)


def test_a_foreign_key_into_another_dataset_is_checked_and_must_name_one(mini):
    copy_dataset("mini", FIXTURES, mini / "other")
    other = mini / "other"
    (other / "mini.csv").rename(other / "codes.csv")
    desc = json.loads((other / "mini.resource.json").read_text())
    desc.update(name="codes", path="codes.csv")
    (other / "mini.resource.json").unlink()
    for p in mini.glob("mini.*"):
        p.rename(other / p.name)
    (other / "codes.resource.json").write_text(json.dumps(desc))
    ref = {"fields": "code", "reference": {"resource": "codes", "fields": "code"}}
    _descriptor(other, lambda d: d["schema"].__setitem__("foreignKeys", [ref]))
    assert len(sinorus.load("mini", data_dir=other)) >= 2
    _cell(other, "code", "gamma")  # allowed by the enum, but no row of 'codes' has it
    (other / "codes.csv").write_text((other / "codes.csv").read_text().replace("gamma", "beta"))
    with pytest.raises(DataValidationError, match="is not a key of the dataset codes"):
        sinorus.load("mini", data_dir=other)
    _descriptor(
        other, lambda d: d["schema"]["foreignKeys"][0]["reference"].__setitem__("resource", "nowhere")
    )
    with pytest.raises(DescriptorError, match="names 'nowhere', which is not a dataset"):
        sinorus.load("mini", data_dir=other)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda c: c[4]["constraints"].__setitem__("enum", ["low", "high"]),
            r"enum\[0\]' must be typed as the field \(number\)",
        ),
        (lambda c: c[1]["constraints"].__setitem__("enum", [2020.5]), r"must be typed as the field \(year\)"),
        (
            lambda c: c[0]["constraints"].__setitem__("enum", ["15/01/2020"]),
            r"must be typed as the field \(date\)",
        ),
        (lambda c: c[2]["constraints"].__setitem__("required", "yes"), "must be true or false"),
        (lambda c: c[7]["constraints"].__setitem__("minLength", -1), "must not be negative"),
        (lambda c: c[7]["constraints"].__setitem__("exclusiveMinimum", 3), "which sinorus does not check"),
    ],
)
def test_constraint_values_are_typed_as_their_field(mini, change, message):
    _descriptor(mini, lambda d: change(d["schema"]["fields"]))
    with pytest.raises(DescriptorError, match=message):
        sinorus.load("mini", data_dir=mini)


def test_a_numeric_enum_compares_numbers_not_spellings(mini):
    _descriptor(mini, lambda d: d["schema"]["fields"][5]["constraints"].__setitem__("enum", [0, 3, 7, 12]))
    df = sinorus.load("mini", data_dir=mini)  # the fixture's counts are 3, 0, 12 and 7
    assert set(df["count"]) == {0, 3, 7, 12}
    _cell(mini, "count", "4", line=3)
    with pytest.raises(
        DataValidationError, match="line 3, column 'count': value '4': must be one of 0, 3, 7"
    ):
        sinorus.load("mini", data_dir=mini)


def test_the_field_size_limit_does_not_depend_on_what_ran_before(mini):
    import csv

    _cell(mini, "note", "x" * 200_000, line=3)  # longer than the csv module's default limit (131,072)
    before = csv.field_size_limit()
    try:
        for limit in (1_000, 131_072, 2_147_483_646):
            csv.field_size_limit(limit)
            assert len(sinorus.load("mini", data_dir=mini)["note"].iloc[1]) == 200_000
            assert csv.field_size_limit() == limit  # and the caller's setting is restored
    finally:
        csv.field_size_limit(before)


def test_a_pattern_that_backtracks_without_end_cannot_hang_a_load(mini):
    _descriptor(mini, lambda d: d["schema"]["fields"][7]["constraints"].__setitem__("pattern", "(a+)+$"))
    _cell(mini, "note", "a" * 40 + "!", line=3)  # with re, about 2**40 steps
    # it ends, as a pattern problem: either the match failed or it was stopped at the time limit
    with pytest.raises(DataValidationError, match=r"\[rule: pattern\]"):
        sinorus.load("mini", data_dir=mini)


def test_a_figure_with_two_default_rows_or_none_is_refused(tmp_path):
    """trade's default marks one row per figure: a copy with two, or none, for a year is not loaded."""
    copy_dataset("trade", sinorus.data_dir(), tmp_path)
    path = tmp_path / "trade.csv"
    text = path.read_text()
    two = text.replace(",later figure,false,http://tsrus.cn", ",later figure,true,http://tsrus.cn", 1)
    assert two != text
    path.write_text(two)
    rehash("trade", data_dir=tmp_path)
    with pytest.raises(DataValidationError, match=r"2 rows are true for year=2015.*exactly one must be"):
        sinorus.load("trade", data_dir=tmp_path)
    none = text.replace(
        ',as first reported,true,https://svo.business-gazeta.ru/article/299024,"Business',
        ',as first reported,false,https://svo.business-gazeta.ru/article/299024,"Business',
        1,
    )
    assert none != text
    path.write_text(none)
    rehash("trade", data_dir=tmp_path)
    with pytest.raises(DataValidationError, match="0 rows are true for year=2015"):
        sinorus.load("trade", data_dir=tmp_path)


def test_validate_goes_on_past_a_fifo_and_a_hanging_pattern(tmp_path):
    """Frictionless, run after our own checks, would block on a FIFO and on a pattern without a limit."""
    import shutil
    import subprocess
    import sys

    fifo = tmp_path / "fifo"
    copy_dataset("mini", FIXTURES, fifo)
    (fifo / "mini.csv").unlink()
    os.mkfifo(fifo / "mini.csv")
    slow = copy_dataset("mini", FIXTURES, tmp_path / "slow")
    _descriptor(slow, lambda d: d["schema"]["fields"][7]["constraints"].__setitem__("pattern", "(a|a)+b"))
    _cell(slow, "note", "a" * 33 + "!", line=3)
    folder = tmp_path / "all"
    folder.mkdir()
    for name, src in (("fifo", fifo), ("slow", slow)):
        desc = json.loads((src / "mini.resource.json").read_text())
        desc.update(name=name, path=f"{name}.csv")
        desc.pop("hash", None)
        (folder / f"{name}.resource.json").write_text(json.dumps(desc))
    os.mkfifo(folder / "fifo.csv")
    shutil.copy(slow / "mini.csv", folder / "slow.csv")
    copy_dataset("mini", FIXTURES, folder)
    run = subprocess.run(
        [sys.executable, "-m", "sinorus", "validate", "--data-dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 1, run.stderr
    assert "fifo: INVALID" in run.stderr and "slow: INVALID" in run.stderr and "mini: valid" in run.stdout
    assert "frictionless: not run" in run.stderr


@pytest.mark.parametrize(
    ("pattern", "cell"),
    [(r"\S+", "a\x1fb"), ("[[:alpha:]]+", "abc"), (r"\w{3}", "Ne\u0301"), ("", "x"), ("[A-Z]{3}", "usa")],
)
def test_patterns_are_matched_as_frictionless_matches_them(mini, pattern, cell):
    """re, Frictionless's engine, decides: the regex module once let these cells through."""
    import warnings

    import frictionless

    _descriptor(mini, lambda d: d["schema"]["fields"][3]["constraints"].__setitem__("pattern", pattern))
    _cell(mini, "iso3", cell)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert not frictionless.validate(str(mini / "mini.resource.json")).valid
    with pytest.raises(DataValidationError) as info:
        sinorus.load("mini", data_dir=mini)
    assert [(p.column, p.rule) for p in info.value.problems if p.line == 2] == [("iso3", "pattern")]


def test_a_slow_pattern_has_one_time_limit_for_the_whole_load(mini):
    """Each cell under the limit, together far over it: 20 cells of 0.25 s once took 5 s."""
    import time

    _descriptor(mini, lambda d: d["schema"]["fields"][7]["constraints"].__setitem__("pattern", "(a|aa)+b"))
    path = mini / "mini.csv"
    header, *rows = path.read_text().splitlines()
    first = rows[1]  # a row without a quoted note
    extra = [
        first.replace("2020-06-30", f"20{21 + i}-06-30").rsplit(",", 1)[0] + f",{'a' * 29}c{i}"
        for i in range(20)
    ]
    path.write_text("\n".join([header, *rows, *extra]) + "\n")
    start = time.perf_counter()
    with pytest.raises(DataValidationError) as info:
        sinorus.load("mini", data_dir=mini)
    assert time.perf_counter() - start < 4
    flagged = {p.line for p in info.value.problems if p.rule == "pattern" and p.line > 5}
    assert len(flagged) == 20  # each of the 20 rows: not matching, or not checked once the time was spent
    assert any("was stopped" in p.message for p in info.value.problems)


@pytest.mark.parametrize(
    ("value", "message"), [("1e-400", "too small"), ("0e9999999999999999999", "exponent")]
)
def test_numbers_that_would_load_as_zero_or_that_a_decimal_cannot_hold_are_refused(mini, value, message):
    _cell(mini, "value", value)
    with pytest.raises(DataValidationError, match=message) as info:
        sinorus.load("mini", data_dir=mini)
    assert [(p.line, p.column) for p in info.value.problems] == [(2, "value")]


def test_rehash_rewrites_the_descriptors_own_hash_not_a_nested_one(tmp_path):
    folder = copy_dataset("trade", sinorus.data_dir(), tmp_path)
    path = folder / "trade.resource.json"
    desc = json.loads(path.read_text())
    top = desc.pop("hash")
    nested = [{**desc.pop("sources")[0], "hash": "sha256:0"}]
    desc = {"name": desc.pop("name"), "sources": nested, **desc, "hash": top}  # the nested hash comes first
    path.write_text(json.dumps(desc, indent=2))
    (folder / "trade.csv").write_bytes((folder / "trade.csv").read_bytes().replace(b"228.1", b"228.2", 1))
    new = rehash("trade", data_dir=folder)
    after = json.loads(path.read_text())
    assert after["hash"] == new and after["sources"][0]["hash"] == "sha256:0"
    assert len(sinorus.load("trade", data_dir=folder)) > 0


def test_describe_names_a_single_field_primary_key(mini):
    _descriptor(mini, lambda d: d["schema"].__setitem__("primaryKey", "date"))
    _cell(mini, "date", "2020-01-16", line=3)
    assert "Primary key: date" in sinorus.describe("mini", data_dir=mini)


def test_validate_of_an_unknown_name_exits_2_like_the_other_commands(capsys):
    from sinorus.cli import main

    assert main(["validate", "nosuch"]) == 2
    assert "Unknown dataset 'nosuch'" in capsys.readouterr().err


def test_sources_used_survives_a_folder_removed_after_loading(tmp_path):
    import shutil

    folder = copy_dataset("mini", FIXTURES, tmp_path / "gone")
    sinorus.load("mini", data_dir=folder)
    shutil.rmtree(folder)
    listed = sinorus.sources_used()
    assert any("can no longer be read" in item["title"] for item in listed)


def test_reference_checks_in_one_thread_do_not_skip_another_threads():
    import threading

    from sinorus import _datasets

    seen = []
    _datasets._checking().add(("x", "y"))
    thread = threading.Thread(target=lambda: seen.append(set(_datasets._checking())))
    thread.start()
    thread.join()
    _datasets._checking().discard(("x", "y"))
    assert seen == [set()]


def test_a_link_cannot_break_out_of_bibtex_or_markdown(mini):
    _descriptor(
        mini,
        lambda d: (
            d.__setitem__("homepage", "https://x/}, title = {Pwned"),
            d["sources"][0].__setitem__("path", "https://example.org/a\\"),
            d.__setitem__("title", "A ~~struck~~ title"),
        ),
    )
    sinorus.load("mini", data_dir=mini)
    assert "Pwned" not in sinorus.cite("mini", data_dir=mini, style="bibtex")
    md = sinorus.sources_used(data_dir=mini)._repr_markdown_()
    assert "(<https://example.org/a\\>)" not in md and "\\~\\~struck" in md


def test_a_descriptors_byte_count_is_checked_as_frictionless_checks_it(mini):
    size = (mini / "mini.csv").stat().st_size
    _descriptor(mini, lambda d: d.__setitem__("bytes", size))
    assert len(sinorus.load("mini", data_dir=mini)) == 4
    _descriptor(mini, lambda d: d.__setitem__("bytes", size + 1))
    with pytest.raises(DataValidationError, match="its descriptor says"):
        sinorus.load("mini", data_dir=mini)


def test_an_integer_cell_of_more_digits_than_int_reads_is_a_type_problem_leading_zeros_included(mini):
    _cell(mini, "count", "0" * 5000 + "7")
    with pytest.raises(DataValidationError, match=r"line 2, column 'count'.*more than 4,300 digits"):
        sinorus.load("mini", data_dir=mini)
    _cell(mini, "count", "0007")  # a few leading zeros read as Frictionless reads them
    assert sinorus.load("mini", data_dir=mini)["count"].iloc[0] == 7


def test_an_enum_of_thousands_of_values_gives_one_short_message_for_all_its_problems(mini):
    values = [f"v{i:05d}" for i in range(5000)]
    _descriptor(mini, lambda d: d["schema"]["fields"][2]["constraints"].__setitem__("enum", values))
    with pytest.raises(DataValidationError) as info:
        sinorus.load("mini", data_dir=mini)
    messages = {p.message for p in info.value.problems if p.rule == "enum"}
    assert len(messages) == 1
    (message,) = messages
    assert message.startswith("must be one of v00000, v00001") and message.endswith("and 4980 more")


def test_a_composite_reference_with_one_empty_cell_is_looked_up_as_frictionless_does(tmp_path):
    write_table(
        tmp_path,
        [{"name": n, "type": "integer"} for n in "abcd"],
        "a,b,c,d\n1,1,,\n5,5,2,\n",  # (empty, empty) skipped; (2, empty) not
        primaryKey=["a", "b"],
        foreignKeys=[{"fields": ["c", "d"], "reference": {"resource": "", "fields": ["a", "b"]}}],
    )
    with pytest.raises(DataValidationError, match=r"line 3, column 'c,d': value '2, None': is not a key"):
        sinorus.load("t", data_dir=tmp_path)


@pytest.mark.parametrize("label", ["", " ", " note"])
def test_a_blank_or_padded_header_label_is_refused(mini, label):
    path = mini / "mini.csv"
    header, rest = path.read_text().split("\n", 1)
    path.write_text(header.replace("note", label) + "\n" + rest)
    with pytest.raises(DataValidationError, match=r"line 1.*label is blank or padded"):
        sinorus.load("mini", data_dir=mini)


def test_one_true_per_must_name_a_field(mini):
    def change(d):
        d["schema"]["fields"].append({"name": "default", "type": "boolean", "oneTruePer": []})

    _descriptor(mini, change)
    with pytest.raises(DescriptorError, match=r"oneTruePer.*one or more fields"):
        sinorus.load("mini", data_dir=mini)


def test_a_pattern_earns_time_for_the_length_of_long_cells(mini, monkeypatch):
    """A plain pattern over long cells is matched in full: its time limit grows with their characters."""
    from sinorus import _validate

    monkeypatch.setattr(_validate, "PATTERN_TIMEOUT", 0.001)  # too short for the matching on its own
    monkeypatch.setattr(_validate, "PATTERN_SECONDS_PER_CELL", 0.0)
    _descriptor(mini, lambda d: d["schema"]["fields"][7]["constraints"].__setitem__("pattern", "[^<>]*"))
    for line in range(2, 6):
        _cell(mini, "note", "n" * 100_000 + str(line), line=line)
    assert len(sinorus.load("mini", data_dir=mini)) == 4


def test_the_pattern_worker_ignores_modules_of_the_working_folder(mini, monkeypatch, tmp_path_factory):
    """A student's re.py or json.py beside the notebook must not decide, or break, pattern checks."""
    from sinorus import _validate

    folder = tmp_path_factory.mktemp("cwd")
    (folder / "re.py").write_text("raise SystemExit('the folder re.py was imported')\n")
    (folder / "json.py").write_text("raise SystemExit('the folder json.py was imported')\n")
    monkeypatch.chdir(folder)
    _validate._WORKER._stop()  # the next pattern starts a worker here
    _cell(mini, "iso3", "not a code")
    with pytest.raises(DataValidationError, match=r"column 'iso3'.*must match"):
        sinorus.load("mini", data_dir=mini)


def test_a_pattern_worker_that_died_is_replaced_not_reported(mini):
    from sinorus import _validate

    assert len(sinorus.load("mini", data_dir=mini)) == 4  # starts the worker
    _validate._WORKER._proc.kill()
    _validate._WORKER._proc.wait()
    _validated_cache_clear()
    assert len(sinorus.load("mini", data_dir=mini)) == 4


def _validated_cache_clear():
    from sinorus._datasets import _validated

    _validated.cache_clear()


@pytest.mark.parametrize(
    ("own", "own_value", "target", "target_value"),
    [
        ("integer", "0", "date", "1970-01-01"),
        ("date", "1970-01-01", "integer", "0"),
        ("year", "0000", "date", "1970-01-01"),
    ],
)
def test_a_self_reference_never_matches_a_date_with_a_number(tmp_path, own, own_value, target, target_value):
    """A date is held as nanoseconds (0 is 1970-01-01), but never matches a number: nor in Frictionless."""
    write_table(
        tmp_path,
        [{"name": "parent", "type": own}, {"name": "id", "type": target}],
        f"parent,id\n{own_value},{target_value}\n",
        foreignKeys=[{"fields": "parent", "reference": {"resource": "", "fields": "id"}}],
    )
    with pytest.raises(DataValidationError, match=r"line 2, column 'parent'.*is not a key of this table"):
        sinorus.load("t", data_dir=tmp_path)


@pytest.mark.parametrize("pattern", ["a{4294967296}", "(" * 1000 + "a" + ")" * 1000])
def test_a_pattern_re_cannot_compile_is_a_descriptor_error(mini, pattern):
    _descriptor(mini, lambda d: d["schema"]["fields"][7]["constraints"].__setitem__("pattern", pattern))
    with pytest.raises(DescriptorError, match=r"constraints.pattern.*not a valid regular expression"):
        sinorus.load("mini", data_dir=mini)


def test_a_pattern_worker_that_cannot_start_leaves_cells_unchecked_and_says_why(mini, monkeypatch):
    import subprocess

    from sinorus import _validate

    def no_process(*args, **kwargs):
        raise OSError(24, "Too many open files")

    _validate._WORKER._stop()
    monkeypatch.setattr(subprocess, "Popen", no_process)
    _validated_cache_clear()
    with pytest.raises(DataValidationError, match=r"could not be matched: .*could not start.*not checked"):
        sinorus.load("mini", data_dir=mini)


def test_the_malformed_line_that_stopped_the_read_is_listed_past_the_problem_limit(mini):
    path = mini / "mini.csv"
    header, first, *_ = path.read_text().splitlines()
    bad = first.replace(first.split(",")[5], "x", 1)  # the count column: not an integer
    path.write_text("\n".join([header, *[bad] * 10_500, '"ab"c', ""]))
    with pytest.raises(DataValidationError) as info:
        sinorus.load("mini", data_dir=mini)
    assert info.value.problems[-1].rule == "csv" and info.value.problems[-1].line == 10_502
    assert info.value.more > 0


@pytest.mark.parametrize("value", ["1.0000000000000001", "0.30000000000000004", "1e-310"])
def test_a_number_compared_across_rows_needs_no_more_precision_than_a_float_keeps(tmp_path, value):
    """Stricter than Frictionless, never looser: a key of 1 and 1.0000000000000001 would be one float."""
    fields = [{"name": "x", "type": "number"}, {"name": "n", "type": "number"}]
    write_table(
        tmp_path, fields, f"x,n\n1,{value}\n2.50,{value}\n1e20,0\n", primaryKey=["x"]
    )  # n: not compared
    assert len(sinorus.load("t", data_dir=tmp_path)) == 3
    (tmp_path / "t.csv").write_text(f"x,n\n1,0\n{value},0\n")
    with pytest.raises(DataValidationError, match=r"line 3, column 'x'.*more than 15 significant digits"):
        sinorus.load("t", data_dir=tmp_path)
