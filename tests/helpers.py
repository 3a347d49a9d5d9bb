"""Shared helpers for the tests: paths and a scratch copy of the fixture dataset."""

from __future__ import annotations

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
