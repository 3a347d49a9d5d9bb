"""How to cite sinorus and each dataset, as text, BibTeX and CITATION.cff references.

Kept in step with ``CITATION.cff`` by a test. BibTeX entries use the ``@misc``
type, which both BibTeX's standard styles and biblatex know; ``url`` and
``urldate`` are read by biblatex and by natbib styles, and the same facts are
repeated in ``howpublished`` and ``note`` for the classic styles. Proper
nouns (any word with a capital letter) are wrapped in braces so that styles
which lower-case titles keep them.

A dataset from the bundled folder is credited to the sinorus contributors; a
dataset from a user's folder to the ``contributors`` its own descriptor
names (Frictionless's field), or to nobody, never to sinorus.
"""

from __future__ import annotations

import re

TITLE = "sinorus: open data, metrics and notebooks on China-Russia relations"
AUTHORS = "The sinorus contributors"
VERSION = "0.2.0"
YEAR = 2026
LICENCE_CODE = "MIT"
LICENCE_DATA = "CC-BY-4.0"
#: The key of the package's BibTeX entry; a dataset's is ``sinorus-NAME``.
PACKAGE_KEY = "sinorus"

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def short() -> str:
    """``sinorus VERSION``, for use inside dataset citations."""
    return f"sinorus {VERSION}"


def escape(text: str) -> str:
    """Escape the characters BibTeX and LaTeX treat specially.

    Examples
    --------
    >>> escape("50% & more_than {x}")
    '50\\\\% \\\\& more\\\\_than \\\\{x\\\\}'
    """
    return "".join(_SPECIAL.get(c, c) for c in str(text))


def protect(title: str) -> str:
    """Escape a title and brace every word with a capital letter, so styles keep its case.

    Examples
    --------
    >>> protect("China's trade with Russia, by PBOC line")
    "{China's} trade with {Russia}, by {PBOC} line"
    """
    return re.sub(r"(?<![\w{\\])([\w'’.-]*[A-Z][\w'’.-]*)", r"{\1}", escape(title))


def text() -> str:
    """The package's plain-text reference."""
    return (
        f"{AUTHORS} ({YEAR}). {TITLE} (version {VERSION}) [software and data]. "
        f"Code licence: {LICENCE_CODE}; data curation licence: {LICENCE_DATA}."
    )


def _entry(key: str, fields: dict[str, str]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items() if value)
    return f"@misc{{{key},\n{body}\n}}"


def bibtex() -> str:
    """The package's BibTeX entry (``@misc``, key ``sinorus``)."""
    return _entry(
        PACKAGE_KEY,
        {
            "author": "{" + escape(AUTHORS) + "}",
            "title": protect(TITLE),
            "year": str(YEAR),
            "version": VERSION,
            "howpublished": f"Python package and datasets, version {VERSION}",
            "note": escape(f"Code licence {LICENCE_CODE}; data curation licence {LICENCE_DATA}"),
        },
    )


# --- datasets ------------------------------------------------------------------------


def accessed(*descs: dict) -> str:
    """When the sources of one or more descriptors were accessed: a date, or a range."""
    dates = sorted({s["accessed"] for desc in descs for s in desc.get("sources", []) if "accessed" in s})
    if not dates:
        return ""
    return dates[0] if len(dates) == 1 else f"{dates[0]} to {dates[-1]}"


def licence(*descs: dict) -> str:
    """The licence names of one or more descriptors, each named once."""
    names = (item.get("name", item.get("title", "")) for desc in descs for item in desc.get("licenses") or [])
    return ", ".join(dict.fromkeys(names))


def url(desc: dict) -> str:
    """A dataset's primary page: its ``homepage``, else its first source with an http(s) path."""
    for candidate in [desc.get("homepage"), *(s.get("path") for s in desc.get("sources", []))]:
        # a plain http(s) address only: nothing that could close a BibTeX brace, a link or an attribute
        if isinstance(candidate, str) and re.fullmatch(r"https?://[^\s{}\\\"'<>`]+", candidate):
            return candidate
    return ""


def _last_accessed(desc: dict) -> str:
    dates = sorted(s["accessed"] for s in desc.get("sources", []) if "accessed" in s)
    return dates[-1] if dates else ""


def authors(desc: dict, bundled: bool) -> list[str]:
    """Who a dataset is credited to: sinorus's contributors if bundled, else the descriptor's own."""
    if bundled:
        return [AUTHORS]
    return [c["title"] for c in desc.get("contributors") or [] if isinstance(c, dict) and c.get("title")]


def dataset_text(name: str, desc: dict, *, bundled: bool = True) -> str:
    """A dataset's plain-text reference."""
    who = authors(desc, bundled)
    version = desc.get("version")
    parts = [
        f"{' and '.join(who) + (f' ({YEAR})' if bundled else '') + '. ' if who else ''}"
        f"{desc.get('title', name)} [dataset '{name}'{f', version {version}' if version else ''}].",
    ]
    if bundled:
        parts.append(f"In {short()}.")
    sources = "; ".join(s["title"] for s in desc.get("sources", []))
    if sources:
        parts.append(f"Compiled from: {sources}.")
    if accessed(desc):
        parts.append(f"Accessed {accessed(desc)}.")
    if licence(desc):
        parts.append(f"Licence: {licence(desc)}.")
    if url(desc):
        parts.append(url(desc))
    return " ".join(parts)


def dataset_bibtex(name: str, desc: dict, *, bundled: bool = True, folder: str = "") -> str:
    """A dataset's BibTeX entry (``@misc``; key ``sinorus-NAME``, or ``FOLDER-NAME`` for one's own folder)."""
    who = authors(desc, bundled)
    sources = "; ".join(s["title"] for s in desc.get("sources", []))
    version = desc.get("version", "")
    link = url(desc)
    note = f"Dataset '{name}'" + (f", version {version}" if version else "")
    note += f", in {short()}" if bundled else ""
    note += f". Compiled from: {sources}" if sources else ""
    note += f". Accessed {accessed(desc)}" if accessed(desc) else ""
    note += f". Licence: {licence(desc)}" if licence(desc) else ""
    key = (
        f"{PACKAGE_KEY}-{name}" if bundled else f"{re.sub(r'[^A-Za-z0-9_-]+', '-', folder) or 'data'}-{name}"
    )
    return _entry(
        key,
        {
            "author": " and ".join("{" + escape(a) + "}" for a in who),
            "title": protect(desc.get("title", name)),
            "year": str(YEAR) if bundled else "",
            "version": escape(version),
            "url": link,
            "urldate": _last_accessed(desc),
            "howpublished": "\\url{" + link + "}" if link else "",
            "note": escape(note),
        },
    )


def cff_reference(name: str, desc: dict) -> dict:
    """A bundled dataset as a CITATION.cff ``references`` item (CFF 1.2.0, type ``data``)."""
    ref = {
        "type": "data",
        "title": f"{desc.get('title', name)} (sinorus dataset '{name}')",
        "authors": [{"name": AUTHORS}],
        "url": url(desc),
        "notes": f"Compiled from: {'; '.join(s['title'] for s in desc.get('sources', []))}",
    }
    if desc.get("version"):
        ref["version"] = desc["version"]
    if _last_accessed(desc):
        ref["date-accessed"] = _last_accessed(desc)
    if licence(desc):
        ref["license"] = licence(desc).split(", ")[0]
    return ref
