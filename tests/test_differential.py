"""The loader is never looser than Frictionless: a corpus of bad files, each run through both.

Every file (CSV and descriptor) that ``frictionless.validate`` rejects must be
rejected by ``sinorus.load`` too, with a ``DataValidationError`` or a
``DescriptorError``: one verdict per file, whatever ran before in the process.
The corpus holds hand-written cases of every kind of fault and a seeded set
of random single-cell mutations.
"""

from __future__ import annotations

import csv
import io
import json
import random
import warnings

import frictionless
import pytest

import sinorus
from sinorus.errors import DataValidationError, DescriptorError

from .helpers import FIXTURES, copy_dataset, read_in_blocks

GOOD = (FIXTURES / "mini.csv").read_text(encoding="utf-8")
ROWS = list(csv.reader(io.StringIO(GOOD)))


def _csv(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def _cell(line, column, value):
    rows = [list(r) for r in ROWS]
    rows[line - 1][ROWS[0].index(column)] = value
    return _csv(rows)


def _field(i, **constraints):
    def change(desc):
        desc["schema"]["fields"][i].setdefault("constraints", {}).update(constraints)

    return change


def _schema(**keys):
    return lambda desc: desc["schema"].update(keys)


# (name, CSV text or None for the fixture's, a change to the descriptor or None)
CASES = [
    ("wrong-type-date", _cell(2, "date", "2020-13-01"), None),
    ("wrong-type-year", _cell(2, "year", "20x0"), None),
    ("wrong-type-number", _cell(2, "value", "twelve"), None),
    ("wrong-type-integer", _cell(2, "count", "3.5"), None),
    ("enum", _cell(2, "code", "delta"), None),
    ("pattern", _cell(2, "iso3", "chn"), None),
    ("minimum", _cell(2, "value", "-1"), None),
    ("maximum", _cell(2, "value", "101"), None),
    ("minimum-date", _cell(2, "date", "1999-12-31"), None),
    ("minLength", _cell(3, "note", "ab"), None),
    ("required", _cell(2, "count", ""), None),
    ("primary-key-duplicate", _cell(3, "date", "2020-01-15").replace("beta", "alpha", 1), None),
    ("primary-key-blank", _cell(3, "code", ""), _field(2, required=False)),
    ("unique", _cell(3, "count", "3"), _field(5, unique=True)),
    ("extra-cell", GOOD.replace("2020,beta,RUS,0,0", "2020,beta,RUS,0,0,9", 1), None),
    ("missing-cell", GOOD.replace("2020,beta,RUS,0,0,", "2020,beta,RUS,0,", 1), None),
    ("header-renamed", GOOD.replace("iso3", "iso", 1), None),
    ("header-missing-column", _csv([[c for j, c in enumerate(r) if j != 3] for r in ROWS]), None),
    ("missing-values-NA-required", _cell(2, "count", "NA"), _schema(missingValues=["", "NA"])),
    ("missing-values-not-NA", _cell(2, "value", "NA"), None),
    ("foreign-key-self", None, None),  # built below
    ("enum-number", _cell(3, "count", "4"), _field(5, enum=[0, 3, 7, 12])),
    ("maxLength", _cell(2, "note", "x" * 50), _field(7, maxLength=40)),
    ("minimum-integer", _cell(2, "count", "-3"), None),
    ("date-with-time", _cell(2, "date", "2020-01-15T10:00:00"), None),
    ("number-inf", _cell(2, "value", "inf"), None),
    ("number-nan", _cell(2, "value", "NaN"), None),
    (
        "boolean-field",
        _cell(2, "note", "maybe"),
        lambda d: d["schema"]["fields"][7].update(type="boolean", constraints={}),
    ),
]


#: Faults sinorus refuses though Frictionless accepts them: a blank cell in a primary key.
STRICTER = {"primary-key-blank"}


def _foreign_key_self(desc):
    desc["schema"]["fields"].append({"name": "parent", "type": "string", "constraints": {}})
    desc["schema"]["foreignKeys"] = [{"fields": "parent", "reference": {"resource": "", "fields": "code"}}]


FK_ROWS = [r + (["parent"] if i == 0 else ["omega" if i == 1 else ""]) for i, r in enumerate(ROWS)]


def _random_cases(n=300, seed=20261130):
    """Single-cell mutations: a random cell of a random row gets a tricky value."""
    rng = random.Random(seed)
    pool = [
        "",
        " 1",
        "1 ",
        "0",
        "-0",
        "1e3",
        "1e400",
        "9999-12-31",
        "0001-01-01",
        "2020-02-30",
        "2021-02-28",
        "NaN",
        "-inf",
        "true",
        "ALPHA",
        "alpha",
        "beta",
        "USA",
        "US",
        "x" * 2,
        "https://x",
        "ftp://x",
        "2147483648",
        str(2**64),
        "12.5",
        "99.75",
        "100.0",
        "100.01",
        "2000",
        "1999",
        "2101",
    ]
    out = []
    for k in range(n):
        line = rng.randrange(2, len(ROWS) + 1)
        column = rng.choice(ROWS[0])
        out.append((f"random-{k}", _cell(line, column, rng.choice(pool)), None))
    return out


def _write(folder, text, change):
    copy_dataset("mini", FIXTURES, folder)
    if text is not None:
        (folder / "mini.csv").write_text(text, encoding="utf-8", newline="")
    if change is not None:
        path = folder / "mini.resource.json"
        desc = json.loads(path.read_text())
        change(desc)
        path.write_text(json.dumps(desc))


def _frictionless_rejects(folder) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return not frictionless.validate(str(folder / "mini.resource.json")).valid


def _sinorus_rejects(folder) -> bool:
    """Whether load refuses the file; read whole and read in blocks, it must say the same either way."""
    verdicts = []
    for blocks in (False, True):
        with pytest.MonkeyPatch.context() as patch:
            if blocks:
                read_in_blocks(patch)
            try:
                sinorus.load("mini", data_dir=folder)
                verdicts.append(None)
            except (DataValidationError, DescriptorError) as err:
                verdicts.append(str(err))
    assert verdicts[0] == verdicts[1], "the large-file path disagrees with the small-file path"
    return verdicts[0] is not None


@pytest.mark.parametrize(("name", "text", "change"), CASES, ids=[c[0] for c in CASES])
def test_every_file_frictionless_rejects_sinorus_rejects_too(tmp_path, name, text, change):
    if name == "foreign-key-self":
        text, change = _csv(FK_ROWS), _foreign_key_self
    _write(tmp_path, text, change)
    rejected = _frictionless_rejects(tmp_path)
    if name in STRICTER:
        # Frictionless lets these pass; sinorus refuses them on purpose (see the validator's docstring)
        assert not rejected and _sinorus_rejects(tmp_path), name
        return
    assert rejected, f"{name}: the corpus case should be invalid for Frictionless"
    assert _sinorus_rejects(tmp_path), f"{name}: Frictionless rejects it, sinorus.load accepts it"


@pytest.mark.slow
def test_random_single_cell_mutations_never_pass_sinorus_when_frictionless_fails(tmp_path):
    counts = {"both reject": 0, "both accept": 0, "only sinorus rejects": 0}
    for k, (name, text, change) in enumerate(_random_cases()):
        folder = tmp_path / str(k)
        folder.mkdir()
        _write(folder, text, change)
        theirs, ours = _frictionless_rejects(folder), _sinorus_rejects(folder)
        assert ours or not theirs, f"{name}: Frictionless rejects it, sinorus.load accepts it"
        counts["both reject" if theirs and ours else "only sinorus rejects" if ours else "both accept"] += 1
    print(counts)
    assert counts["both reject"] and counts["both accept"]
