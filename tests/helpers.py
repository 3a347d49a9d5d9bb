"""Shared helpers for the tests: paths and a scratch copy of the fixture dataset."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOTEBOOKS = ROOT / "notebooks"


def copy_dataset(name: str, src: Path, dest: Path) -> Path:
    """Copy NAME.csv and NAME.resource.json from src into dest; return dest."""
    dest.mkdir(parents=True, exist_ok=True)
    for suffix in (".csv", ".resource.json"):
        shutil.copy(src / f"{name}{suffix}", dest / f"{name}{suffix}")
    return dest


def read_in_blocks(monkeypatch) -> None:
    """Send every load down the large-file path: read in blocks, hashed as read, typed a few rows at a time.

    The tests of bad input run under both paths (their ``reading_path``
    fixture), so a file gets the same verdict and problems whatever its size.
    """
    import sinorus._datasets
    import sinorus._validate

    monkeypatch.setattr(sinorus._datasets, "UNCACHED_BYTES", -1)
    monkeypatch.setattr(sinorus._validate, "CHUNK_ROWS", 2)
    monkeypatch.setattr(sinorus._validate, "_BLOCK", 16)


def write_table(folder: Path, fields: list[dict], text: str, **schema) -> Path:
    """Write dataset ``t``: a descriptor of ``fields`` (plus schema keys, e.g. primaryKey) and its CSV."""
    desc = {"name": "t", "path": "t.csv", "schema": {"fields": fields, **schema}}
    (folder / "t.resource.json").write_text(json.dumps(desc))
    (folder / "t.csv").write_text(text)
    return folder
