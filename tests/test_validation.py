"""Bad input gets a clear error that names file, line, column, value and rule."""

from __future__ import annotations

import csv
import io
import math

import frictionless
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sinorus
from sinorus import DataValidationError, UnknownDatasetError

from .helpers import FIXTURES, copy_dataset, read_in_blocks


@pytest.fixture(params=["whole file", "read in blocks"], autouse=True)
def reading_path(request, monkeypatch):
    """Every test here runs twice: on the small-file path and on the large-file path (read in blocks)."""
    if request.param == "read in blocks":
        read_in_blocks(monkeypatch)
    return request.param


GOOD = (FIXTURES / "mini.csv").read_text(encoding="utf-8")
HEADER = GOOD.splitlines()[0]


@pytest.fixture
def ds(tmp_path):
    """A writable copy of the fixture dataset; call it with new CSV text."""
    copy_dataset("mini", FIXTURES, tmp_path)

    def write(text: str | bytes):
        path = tmp_path / "mini.csv"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", newline="")
        return tmp_path

    return write


def problems_for(folder):
    with pytest.raises(DataValidationError) as info:
        sinorus.load("mini", data_dir=folder)
    return info.value


def replace_cell(line: int, column: str, value: str) -> str:
    rows = list(csv.reader(io.StringIO(GOOD)))
    rows[line - 1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_the_fixture_is_valid_for_both_validators():
    df = sinorus.load("mini", data_dir=FIXTURES)
    assert len(df) == 4
    assert math.isnan(df.loc[3, "value"])
    assert frictionless.validate(str(FIXTURES / "mini.resource.json")).valid


CASES = [
    # (line, column, new value, rule)
    (2, "value", "12,5", "type: number"),
    (2, "value", "NaN", "type: number"),
    (2, "count", "3.0", "type: integer"),
    (2, "year", "20x0", "type: year"),
    (2, "date", "2020-02-30", "type: date"),
    (2, "date", "15/01/2020", "type: date"),
    (3, "code", "delta", "enum"),
    (3, "value", "100.5", "maximum"),
    (3, "count", "-1", "minimum"),
    (3, "date", "1999-12-31", "minimum"),
    (4, "iso3", "usa", "pattern"),
    (4, "source_url", "example.org/c", "pattern"),
    (4, "note", "", "required"),
    (4, "count", "", "required"),
    (5, "note", "ab", "minLength"),
    (5, "value", " 1.5", "whitespace"),
]


@pytest.mark.parametrize(("line", "column", "value", "rule"), CASES)
def test_each_bad_cell_is_reported_precisely(ds, line, column, value, rule):
    err = problems_for(ds(replace_cell(line, column, value)))
    assert isinstance(err, ValueError)
    (p,) = err.problems
    assert (p.file, p.line, p.column, p.value, p.rule) == ("mini.csv", line, column, value, rule)
    message = str(err)
    assert f"mini.csv, line {line}, column {column!r}" in message
    assert repr(value) in message and f"[rule: {rule}]" in message


@pytest.mark.parametrize(("line", "column", "value", "rule"), CASES)
def test_frictionless_also_rejects_each_bad_cell(ds, line, column, value, rule):
    if rule == "whitespace":
        pytest.skip("sinorus is stricter than Frictionless about surrounding white space")
    folder = ds(replace_cell(line, column, value))
    assert not frictionless.validate(str(folder / "mini.resource.json")).valid


def test_every_problem_is_listed_not_just_the_first(ds):
    text = replace_cell(2, "value", "abc")
    text = text.replace("2021,gamma", "2021,omega")
    err = problems_for(ds(text))
    assert [(p.line, p.rule) for p in err.problems] == [(2, "type: number"), (4, "enum")]
    assert str(err).startswith("2 problems found:")


def test_duplicate_primary_key(ds):
    lines = GOOD.splitlines()
    err = problems_for(ds("\n".join([*lines, lines[1]]) + "\n"))
    (p,) = err.problems
    assert (p.line, p.column, p.rule) == (6, "date,code", "primaryKey")
    assert "duplicates the key of line 2" in str(err)


def test_missing_column(ds):
    rows = [line.rsplit(",", 0)[0] for line in GOOD.splitlines()]
    text = "\n".join(r.replace(",count", "", 1) if i == 0 else r for i, r in enumerate(rows))
    err = problems_for(ds(text.replace(",3,https", ",https", 1)))
    assert any(p.line == 1 and p.column == "count" and p.rule == "header" for p in err.problems)


def test_unexpected_column(ds):
    lines = GOOD.splitlines()
    text = "\n".join([lines[0] + ",extra"] + [line + ",x" for line in lines[1:]]) + "\n"
    (p,) = problems_for(ds(text)).problems
    assert (p.line, p.column, p.rule) == (1, "extra", "header")
    assert "does not define" in p.message


def test_columns_out_of_order(ds):
    lines = GOOD.splitlines()
    first = lines[0].split(",")
    first[0], first[1] = first[1], first[0]
    (p,) = problems_for(ds("\n".join([",".join(first), *lines[1:]]) + "\n")).problems
    assert p.rule == "header" and "out of order" in p.message


@pytest.mark.parametrize("content", [b"", b"\n\n", b"  "])
def test_empty_file(ds, content):
    (p,) = problems_for(ds(content)).problems
    assert p.rule == "non-empty" and p.file == "mini.csv"


def test_header_without_rows(ds):
    (p,) = problems_for(ds(HEADER + "\n")).problems
    assert p.rule == "non-empty" and "no data rows" in p.message


def test_non_utf8_file_names_the_line(ds):
    raw = GOOD.encode("utf-8").replace(b"another made-up row", b"another made-up r\xe9w")
    (p,) = problems_for(ds(raw)).problems
    assert (p.line, p.rule) == (3, "encoding: utf-8")
    assert "e9" in p.message


def test_byte_order_mark_is_rejected(ds):
    (p,) = problems_for(ds(b"\xef\xbb\xbf" + GOOD.encode())).problems
    assert p.rule == "encoding: utf-8" and "byte-order mark" in p.message


def test_ragged_and_blank_rows(ds):
    lines = GOOD.splitlines()
    text = "\n".join([lines[0], lines[1], "", lines[2] + ",extra", *lines[3:]]) + "\n"
    err = problems_for(ds(text))
    assert [(p.line, p.rule) for p in err.problems] == [(3, "blank-row"), (4, "cell-count")]


def test_unterminated_quote_is_malformed_csv(ds):
    text = GOOD.replace('"a made-up row, for tests"', '"a made-up row, for tests')
    err = problems_for(ds(text))
    assert any(p.rule in ("csv", "cell-count") for p in err.problems)


def test_line_numbers_count_physical_lines_across_quoted_newlines(ds):
    text = GOOD.replace('"a made-up row, for tests"', '"a made-up row,\nover two lines"')
    text = text.replace("2021,gamma", "2021,omega")
    (p,) = problems_for(ds(text)).problems
    assert p.line == 5  # the header, two lines of row 1, row 2, then the bad row


def test_boolean_fields(tmp_path):
    import json

    copy_dataset("mini", FIXTURES, tmp_path)
    desc = json.loads((tmp_path / "mini.resource.json").read_text())
    desc["schema"]["fields"][5]["type"] = "boolean"
    desc["schema"]["fields"][5]["constraints"] = {"required": True}  # a minimum does not apply to a boolean
    (tmp_path / "mini.resource.json").write_text(json.dumps(desc))
    text = GOOD.replace(",3,https", ",true,https").replace(",0,https", ",false,https")
    text = text.replace(",12,https", ",true,https").replace(",7,https", ",false,https")
    (tmp_path / "mini.csv").write_text(text)
    df = sinorus.load("mini", data_dir=tmp_path)
    assert df["count"].tolist() == [True, False, True, False] and str(df["count"].dtype) == "bool"
    (tmp_path / "mini.csv").write_text(
        text.replace(",true,https://example.org/a", ",yes,https://example.org/a")
    )
    (p,) = problems_for(tmp_path).problems
    assert (p.line, p.column, p.value, p.rule) == (2, "count", "yes", "type: boolean")


def test_unknown_dataset_suggests_the_closest():
    with pytest.raises(UnknownDatasetError) as info:
        sinorus.load("trades")
    message = str(info.value)
    assert "Did you mean 'trade'?" in message
    assert "Available datasets: " in message and "trade" in info.value.available
    assert isinstance(info.value, LookupError)


def test_unknown_dataset_without_close_match():
    with pytest.raises(UnknownDatasetError) as info:
        sinorus.describe("zzzzzz")
    assert info.value.suggestion is None and "Did you mean" not in str(info.value)


@pytest.mark.parametrize("bad", [None, 3, ["trade"]])
def test_dataset_name_of_the_wrong_type(bad):
    with pytest.raises(TypeError, match="must be a str"):
        sinorus.load(bad)


def test_unsupported_field_type_in_a_descriptor(tmp_path):
    import json

    copy_dataset("mini", FIXTURES, tmp_path)
    desc = json.loads((tmp_path / "mini.resource.json").read_text())
    desc["schema"]["fields"][5]["type"] = "geopoint"
    (tmp_path / "mini.resource.json").write_text(json.dumps(desc))
    with pytest.raises(ValueError, match=r"fields\[5\] \(count\).type' is 'geopoint'; sinorus supports"):
        sinorus.load("mini", data_dir=tmp_path)


# --- property-based: mutations of a valid file -------------------------------

PIECES = st.one_of(
    st.text(st.sampled_from(list('0123456789.-,"\n eE+xAZaz/:é')), min_size=1, max_size=3),
    st.sampled_from(["NaN", "2020-02-30", ",,", "\ufeff", "\r\n"]),
)


@st.composite
def mutations(draw):
    text = GOOD
    kind = draw(st.sampled_from(["insert", "delete", "replace", "dup-line", "drop-line", "swap-lines"]))
    if kind in ("insert", "delete", "replace"):
        at = draw(st.integers(0, len(text) - 1))
        piece = draw(PIECES)
        if kind == "insert":
            text = text[:at] + piece + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 4)) :]
        else:
            text = text[:at] + piece + text[at + len(piece) :]
    else:
        lines = text.splitlines(keepends=True)
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, len(lines) - 1))
        if kind == "dup-line":
            lines.insert(j, lines[i])
        elif kind == "drop-line":
            del lines[i]
        else:
            lines[i], lines[j] = lines[j], lines[i]
        text = "".join(lines)
    return text


def _frictionless_rows(folder):
    resource = frictionless.Resource(str(folder / "mini.resource.json"))
    return resource.read_rows()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=mutations())
def test_mutations_load_faithfully_or_raise_validation_error(ds, text):
    """Every mutation either loads to exactly what Frictionless reads, or raises
    DataValidationError; never another exception, never a silent fix."""
    folder = ds(text)
    try:
        df = sinorus.load("mini", data_dir=folder)
    except DataValidationError as err:
        assert err.problems and all(p.file == "mini.csv" for p in err.problems)
        return
    # It loaded: an independent reader must agree the file is valid, value for value.
    report = frictionless.validate(str(folder / "mini.resource.json"))
    assert report.valid, report.flatten(["type", "note"])
    rows = _frictionless_rows(folder)
    assert len(rows) == len(df)
    for row, (_, ours) in zip(rows, df.iterrows(), strict=True):
        assert pd.Timestamp(row["date"]) == ours["date"]
        assert row["year"] == ours["year"] and row["count"] == ours["count"]
        assert row["code"] == ours["code"] and row["iso3"] == ours["iso3"]
        assert row["note"] == ours["note"] and row["source_url"] == ours["source_url"]
        if row["value"] is None:
            assert math.isnan(ours["value"])
        else:
            assert float(row["value"]) == ours["value"]


def test_loads_are_independent_copies_and_see_every_edit(ds):
    """load() caches validated frames by file content: an edit of the same size, made at once, is seen."""
    folder = ds(GOOD)
    first = sinorus.load("mini", data_dir=folder)
    first.iloc[0, 0] = first.iloc[1, 0]  # editing a loaded frame must not leak into later loads
    again = sinorus.load("mini", data_dir=folder)
    pd.testing.assert_frame_equal(again, sinorus.load("mini", data_dir=ds(GOOD)))
    assert not again.equals(first)
    rows = list(csv.reader(io.StringIO(GOOD)))
    column = next(c for c in rows[0] if any(ch.isdigit() for ch in rows[1][rows[0].index(c)]))
    old = rows[1][rows[0].index(column)]
    # the last digit changes, so the value stays valid (a date stays inside the range a dataset can hold)
    last = max(i for i, ch in enumerate(old) if ch.isdigit())
    new = old[:last] + ("7" if old[last] != "7" else "8") + old[last + 1 :]  # same length: same file size
    edited = sinorus.load("mini", data_dir=ds(replace_cell(2, column, new)))
    assert str(edited.loc[0, column]) != str(again.loc[0, column])
    broken = ds(replace_cell(2, column, "not a value"))
    for _ in range(2):  # a failing file is never cached: it raises every time
        problems_for(broken)
