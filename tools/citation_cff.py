"""Write CITATION.cff's ``references``: one ``data`` reference per bundled dataset, from its descriptor.

Run after adding a dataset or changing a descriptor's title, sources, version or licence:

    .venv/bin/python tools/citation_cff.py

``tests/test_citation.py`` fails when CITATION.cff and the descriptors disagree, and validates the
file against the CFF 1.2.0 schema with cffconvert (installed by ``make test`` into ``.venv-tools``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "references:\n"


def references_yaml() -> str:
    """The ``references:`` block, every string JSON-quoted (JSON strings are valid YAML)."""
    sys.path.insert(0, str(ROOT))
    import sinorus
    from sinorus import _citation

    lines = [MARK.rstrip("\n")]
    for name in sinorus.names():
        ref = _citation.cff_reference(name, sinorus.descriptor(name))
        lines.append(f"  - type: {ref['type']}")
        lines.append(f"    title: {json.dumps(ref['title'], ensure_ascii=False)}")
        lines.append("    authors:")
        for author in ref["authors"]:
            lines.append(f"      - name: {json.dumps(author['name'])}")
        for key in ("version", "url", "date-accessed", "license", "notes"):
            if ref.get(key):
                lines.append(f"    {key}: {json.dumps(ref[key], ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def expected(current: str) -> str:
    head = current.split(MARK)[0] if MARK in current else current.rstrip("\n") + "\n"
    return head + references_yaml()


def main() -> int:
    path = ROOT / "CITATION.cff"
    text = expected(path.read_text(encoding="utf-8"))
    from sinorus._io import write_text

    write_text(path, text)
    print(f"wrote {path.relative_to(ROOT)}: {text.count('  - type: data')} dataset references")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
