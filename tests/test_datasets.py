"""One generic test suite that runs over every bundled dataset."""

from __future__ import annotations

import json
import re

import frictionless
import pandas as pd
import pycountry
import pytest

import sinorus
from sinorus._datasets import DESCRIPTOR_SUFFIX

from .helpers import copy_dataset

NAMES = sinorus.names()
AGGREGATES = {"WLD", "EMU"}  # documented non-ISO codes: the world, the euro area


def test_there_is_at_least_one_dataset():
    assert "trade" in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_frictionless_validates(name):
    report = frictionless.validate(str(sinorus.data_dir() / f"{name}{DESCRIPTOR_SUFFIX}"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("name", NAMES)
def test_descriptor_metadata_is_complete(name):
    desc = sinorus.descriptor(name)
    assert desc["name"] == name
    assert desc["path"] == f"{name}.csv"
    for key in ("title", "description", "licenses", "sources", "coverage", "caveats"):
        assert desc.get(key), f"{name}: descriptor lacks {key!r}"
    for source in desc["sources"]:
        assert source["title"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", source["accessed"])
    for field in desc["schema"]["fields"]:
        assert field.get("description"), f"{name}.{field['name']} has no description"
    names = [f["name"] for f in desc["schema"]["fields"]]
    assert names[-2:] == ["source_url", "note"], "every row must carry source_url and note"
    assert desc["schema"]["primaryKey"]


@pytest.mark.parametrize("name", NAMES)
def test_every_row_is_sourced(name):
    df = sinorus.load(name)
    assert len(df) > 0
    field = next(f for f in sinorus.descriptor(name)["schema"]["fields"] if f["name"] == "source_url")
    urls = df["source_url"] if field.get("constraints", {}).get("required") else df["source_url"].dropna()
    assert urls.str.match(r"https?://[^\s/]+\.[^\s]+").all()
    assert (df["note"].str.len() >= 10).all()


@pytest.mark.parametrize("name", NAMES)
def test_coverage_matches_the_data(name):
    desc = sinorus.descriptor(name)
    row = sinorus.datasets().set_index("name").loc[name]
    if desc["coverage"].get("temporal_field"):
        assert (row["start"], row["end"]) == (desc["coverage"]["start"], desc["coverage"]["end"])
    else:  # a static reference table
        assert pd.isna(row["start"]) and pd.isna(row["end"])
    assert row["rows"] == len(sinorus.load(name))


@pytest.mark.parametrize("name", NAMES)
def test_types_follow_the_schema(name):
    df = sinorus.load(name)
    for field in sinorus.descriptor(name)["schema"]["fields"]:
        dtype = df[field["name"]].dtype
        kind = field.get("type", "string")
        if kind == "date":
            assert str(dtype).startswith("datetime64")
        elif kind in ("integer", "year"):
            assert str(dtype) in ("int64", "Int64")
        elif kind == "number":
            assert dtype == "float64"
        elif kind == "boolean":
            assert str(dtype) in ("bool", "boolean")
        elif "enum" in field.get("constraints", {}) or field.get("categorical"):
            assert isinstance(dtype, pd.CategoricalDtype)
        else:
            assert pd.api.types.is_string_dtype(dtype)


@pytest.mark.parametrize("name", NAMES)
def test_country_codes_are_iso_3166(name):
    df = sinorus.load(name)
    for column in [c for c in df.columns if c.endswith("iso3")]:
        for code in df[column].dropna().unique():
            assert code in AGGREGATES or pycountry.countries.get(alpha_3=code), f"{column}: {code}"


@pytest.mark.parametrize("name", NAMES)
def test_attrs_carry_provenance(name):
    df = sinorus.load(name)
    desc = sinorus.descriptor(name)
    assert df.attrs["title"] == desc["title"]
    assert list(df.attrs["sources"]) == desc["sources"]
    assert list(df.attrs["caveats"]) == desc["caveats"]
    assert df.attrs["licence"] == desc["licenses"][0]["name"]
    assert desc["title"] in df.attrs["citation"]


def test_attrs_survive_operations_and_cannot_be_edited_in_place():
    df = sinorus.load("trade")
    derived = df[df["flow"] == "total"].sort_values("year").reset_index(drop=True)
    assert derived.attrs == df.attrs
    assert json.loads(json.dumps(derived.attrs["sources"])) == sinorus.descriptor("trade")["sources"]
    with pytest.raises(TypeError, match="read-only"):
        derived.attrs["sources"][0]["title"] = "edited"
    with pytest.raises(TypeError, match="read-only"):
        derived.attrs["sources"][0].update(title="edited")
    # the attrs dict itself is a plain dict: replacing an entry is allowed and stays local
    derived.attrs["title"] = "my subset"
    assert df.attrs["title"] == sinorus.descriptor("trade")["title"]


def test_frozen_metadata_pickles_and_copies_as_itself():
    import copy
    import pickle

    from sinorus._datasets import FrozenDict

    d = FrozenDict({"a": [1, {"b": 2}]})
    assert d == {"a": (1, {"b": 2})}
    assert copy.deepcopy(d) is d and copy.copy(d) is d
    assert copy.deepcopy(d["a"]) is d["a"]
    back = pickle.loads(pickle.dumps(d))
    assert back == d and isinstance(back, FrozenDict) and isinstance(back["a"][1], FrozenDict)
    attrs = sinorus.load("trade").attrs
    assert all(copy.deepcopy(v) is v for v in attrs.values())


@pytest.mark.parametrize("name", NAMES)
def test_describe_and_cite_cover_the_dataset(name):
    text = sinorus.describe(name)
    desc = sinorus.descriptor(name)
    for field in desc["schema"]["fields"]:
        assert field["name"] in text
    for caveat in desc["caveats"]:
        assert caveat.split()[0] in text
    cited = sinorus.cite(name)
    assert desc["title"] in cited and desc["sources"][0]["title"] in cited
    assert f"@misc{{sinorus-{name}," in sinorus.cite(name, style="bibtex")


def test_load_returns_a_fresh_frame_each_time():
    a = sinorus.load("trade")
    a.loc[0, "value_usd_bn"] = -1.0
    assert sinorus.load("trade").loc[0, "value_usd_bn"] != -1.0


HISTORIC_CURRENCIES = {"BYR"}  # Belarusian rouble before the 2016 redenomination


@pytest.mark.parametrize("name", NAMES)
def test_currency_codes_are_iso_4217(name):
    df = sinorus.load(name)
    for column in [c for c in df.columns if c.endswith("currency")]:
        for code in df[column].dropna().unique():
            assert code in HISTORIC_CURRENCIES or pycountry.currencies.get(alpha_3=code), f"{column}: {code}"


def test_every_economy_used_has_a_region():
    regions = set(sinorus.load("country_regions")["iso3"])
    used = set()
    for name in NAMES:
        df = sinorus.load(name)
        for column in [c for c in df.columns if c.endswith("iso3") or c == "iso3"]:
            used |= {str(v) for v in df[column].dropna().unique()}
    missing = used - regions - {"WLD"}
    assert not missing, f"add these to data/country_regions.csv: {sorted(missing)}"


@pytest.mark.parametrize("name", NAMES)
def test_every_dataset_is_versioned_hashed_and_in_the_changelog(name):
    import hashlib
    import re

    desc = sinorus.descriptor(name)
    assert re.fullmatch(r"\d+\.\d+\.\d+", desc.get("version", "")), f"{name}: no semantic version"
    algorithm, digest = desc["hash"].split(":")
    csv = (sinorus.data_dir() / desc["path"]).read_bytes()
    assert hashlib.new(algorithm, csv).hexdigest() == digest, (
        f"{name}: CSV changed without its hash and version"
    )
    changelog = (sinorus.data_dir() / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"{name} {desc['version']}" in changelog, f"{name} {desc['version']} is not in data/CHANGELOG.md"
    assert sinorus.load(name).attrs["version"] == desc["version"]
    assert desc["version"] in sinorus.cite(name, package=False)


def test_a_csv_edited_without_its_hash_is_refused(tmp_path):
    folder = copy_dataset("trade", sinorus.data_dir(), tmp_path)
    (folder / "trade.csv").write_bytes((folder / "trade.csv").read_bytes().replace(b"228.1", b"228.2", 1))
    with pytest.raises(sinorus.DataValidationError, match="the CSV changed without its descriptor"):
        sinorus.load("trade", data_dir=folder)


def test_describe_states_coverage_without_empty_dates():
    """A dataset without dates (a lookup table) used to print 'Coverage:   to ,'."""
    undated = sinorus.describe("country_regions")
    dated = sinorus.describe("trade")
    line = next(x for x in undated.splitlines() if x.startswith("Coverage:"))
    assert " to " not in line and ",," not in line and line.split(":", 1)[1].strip()
    assert "Coverage:  2000 to 2025; annual" in dated
