"""How to cite sinorus. Kept in step with CITATION.cff by a test."""

from __future__ import annotations

TITLE = "sinorus: open data, metrics and notebooks on China-Russia relations"
AUTHORS = "The sinorus contributors"
VERSION = "0.1.0"
YEAR = 2026
LICENCE_CODE = "MIT"
LICENCE_DATA = "CC-BY-4.0"


def short() -> str:
    """``sinorus VERSION``, for use inside dataset citations."""
    return f"sinorus {VERSION}"


def text() -> str:
    """The package's plain-text reference."""
    return (
        f"{AUTHORS} ({YEAR}). {TITLE} (version {VERSION}) [software and data]. "
        f"Code licence: {LICENCE_CODE}; data curation licence: {LICENCE_DATA}."
    )


def bibtex() -> str:
    """The package's BibTeX entry."""
    return (
        "@software{sinorus,\n"
        f"  title = {{{TITLE}}},\n"
        f"  author = {{{{{AUTHORS}}}}},\n"
        f"  year = {{{YEAR}}},\n"
        f"  version = {{{VERSION}}},\n"
        f"  license = {{{LICENCE_CODE} (code), {LICENCE_DATA} (data)}}\n"
        "}"
    )
