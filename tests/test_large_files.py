"""The large-file path: read in blocks, hashed as it is read, typed a chunk of rows at a time.

Every test of bad input in test_validation.py and test_hardening.py also runs
on this path; these tests cover what only this path does.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

import sinorus
from sinorus._datasets import _validated, rehash
from sinorus.errors import DataValidationError

from .helpers import FIXTURES, copy_dataset, read_in_blocks, write_table


@pytest.fixture
def mini(tmp_path):
    copy_dataset("mini", FIXTURES, tmp_path)
    return tmp_path


@pytest.mark.parametrize("name", sinorus.names())
def test_every_dataset_read_in_blocks_types_as_when_read_whole(tmp_path, monkeypatch, name):
    """Never reads the whole file at once, and gives the frame the cached path gives, attrs and all."""
    folder = tmp_path / "data"
    shutil.copytree(sinorus.data_dir(), folder)
    whole = sinorus.load(name, data_dir=folder)
    read_in_blocks(monkeypatch)

    def read_whole(path):
        raise AssertionError(f"{path} was read whole")

    monkeypatch.setattr(sinorus._datasets, "read_file", read_whole)
    blocks = sinorus.load(name, data_dir=folder)
    pd.testing.assert_frame_equal(whole, blocks)
    for column in whole.select_dtypes("category"):
        assert list(whole[column].cat.categories) == list(blocks[column].cat.categories)
    assert whole.attrs == blocks.attrs


@pytest.mark.parametrize("blocks", [False, True], ids=["whole file", "read in blocks"])
def test_a_file_that_changed_is_reported_as_changed_first(tmp_path, monkeypatch, blocks):
    """Hashed as read: a file edited without its descriptor says so, even when the edit breaks a cell too."""
    if blocks:
        read_in_blocks(monkeypatch)
    folder = copy_dataset("trade", sinorus.data_dir(), tmp_path)
    (folder / "trade.csv").write_bytes((folder / "trade.csv").read_bytes().replace(b"228.1", b"2x8.1", 1))
    with pytest.raises(DataValidationError) as info:
        sinorus.load("trade", data_dir=folder)
    assert [p.rule for p in info.value.problems] == ["hash"]
    rehash("trade", data_dir=folder)
    with pytest.raises(DataValidationError) as info:
        sinorus.load("trade", data_dir=folder)
    assert [p.rule for p in info.value.problems] == ["type: number"]


def test_bad_utf8_deep_in_a_large_file_names_its_line_and_offset(mini, monkeypatch):
    read_in_blocks(monkeypatch)
    path = mini / "mini.csv"
    raw = path.read_bytes()
    at = raw.index(b"another made-up row")
    path.write_bytes(raw[:at] + b"\xc3\x28" + raw[at + 2 :])
    with pytest.raises(DataValidationError) as info:
        sinorus.load("mini", data_dir=mini)
    (p,) = info.value.problems
    assert p.line == 3 and f"at byte offset {at} " in p.message and "c3" in p.message


def test_a_file_with_very_many_problems_keeps_the_first_and_counts_the_rest(mini, monkeypatch):
    """A million bad rows must not fill memory with a million messages; none goes uncounted."""
    monkeypatch.setattr(sinorus._validate._Problems, "LIMIT", 3)
    path = mini / "mini.csv"
    header, *rows = path.read_text().splitlines()
    path.write_text("\n".join([header, *[r.replace("https://", "ftp://") for r in rows]]) + "\n")
    with pytest.raises(DataValidationError) as info:
        sinorus.load("mini", data_dir=mini)
    err = info.value
    assert len(err.problems) == 3 and err.more == len(rows) - 3
    assert str(err).startswith(f"{len(rows)} problems found:")
    assert [p.line for p in err.problems] == [2, 3, 4]


@pytest.mark.parametrize(
    "change",
    [
        lambda text: (
            text.replace('"a made-up row, for tests"', '"a"b') + "\xff"
        ),  # a CSV fault, bad UTF-8 later
        lambda text: "\n\n" + text,  # blank lines before the header
        lambda text: "date,nope" + text[text.index("\n") :] + "\xff",  # a bad header, bad UTF-8 later
    ],
    ids=["csv-then-utf8", "blank-prefix", "header-then-utf8"],
)
def test_both_reading_paths_report_the_same_first_problems(mini, monkeypatch, change):
    path = mini / "mini.csv"
    text = change(path.read_text())
    path.write_bytes(text.encode("utf-8").replace("\xff".encode(), b"\xff"))
    messages = []
    for large in (False, True):
        with pytest.MonkeyPatch.context() as patch:
            if (
                large
            ):  # the large-file path, with the block size a real file gets (bytes are decoded a block ahead)
                patch.setattr(sinorus._datasets, "UNCACHED_BYTES", -1)
                patch.setattr(sinorus._validate, "CHUNK_ROWS", 2)
            with pytest.raises(DataValidationError) as info:
                sinorus.load("mini", data_dir=mini)
            messages.append(str(info.value))
    assert messages[0] == messages[1]


def test_a_pattern_from_a_users_descriptor_earns_time_with_every_chunk(mini, monkeypatch):
    """A plain pattern over a million rows takes seconds in all: its limit grows with the cells matched."""
    from sinorus import _validate

    monkeypatch.setattr(_validate, "CHUNK_ROWS", 2)
    limits = []
    real = _validate._WORKER.match

    def match(pattern, cells, timeout):
        limits.append(timeout)
        return real(pattern, cells, timeout)

    monkeypatch.setattr(_validate._WORKER, "match", match)
    _validated.cache_clear()  # validate afresh: an identical file loaded earlier would come from the cache
    frame = sinorus.load("mini", data_dir=mini)
    assert len(frame) == 4
    assert len(limits) >= 3  # the URL pattern once per chunk, the country code at least once
    assert all(limit > 0 for limit in limits)


#: a parent column that refers to the id of the same table
_PARENT = [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}]


def test_a_self_reference_is_checked_on_arrays_with_the_same_verdicts(tmp_path):
    """parent -> id, checked by sorting and searching arrays: an empty parent skipped, a wrong one named."""
    rows = [f"{i * 1000},{(i // 2) * 1000 if i else ''}" for i in range(20_000)]
    fields = [{"name": "id", "type": "integer"}, {"name": "parent", "type": "integer"}]
    write_table(
        tmp_path, fields, "id,parent\n" + "\n".join(rows) + "\n", primaryKey=["id"], foreignKeys=_PARENT
    )
    frame = sinorus.load("t", data_dir=tmp_path)
    assert frame["parent"].isna().sum() == 1
    rows[7_000] = "7000000,123"  # no row has id 123
    (tmp_path / "t.csv").write_text("id,parent\n" + "\n".join(rows) + "\n")
    with pytest.raises(DataValidationError) as info:
        sinorus.load("t", data_dir=tmp_path)
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.value) == (7_002, "parent", "123")
    assert problem.rule == "foreignKey"


def test_a_text_self_reference_is_checked_with_arrow_and_names_the_wrong_one(tmp_path):
    rows = [f"n{i},{f'n{i // 2}' if i else ''}" for i in range(5_000)]
    fields = [{"name": "id", "type": "string"}, {"name": "parent", "type": "string"}]
    write_table(tmp_path, fields, "id,parent\n" + "\n".join(rows) + "\n", foreignKeys=_PARENT)
    assert sinorus.load("t", data_dir=tmp_path)["parent"].isna().sum() == 1
    rows[3_000] = "n3000,N1"  # ids are case-sensitive
    (tmp_path / "t.csv").write_text("id,parent\n" + "\n".join(rows) + "\n")
    with pytest.raises(DataValidationError) as info:
        sinorus.load("t", data_dir=tmp_path)
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.value) == (3_002, "parent", "N1")
