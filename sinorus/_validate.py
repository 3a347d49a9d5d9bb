"""Strict, fast validation of a CSV file against its Table Schema.

This is the validator :func:`sinorus.load` runs on every call. It implements
the subset of Frictionless Table Schema that the bundled descriptors use
(types ``string``, ``integer``, ``number``, ``year``, ``date``, ``boolean``
written ``true``/``false``; constraints
``required``, ``enum``, ``minimum``, ``maximum``, ``pattern``, ``unique``,
``minLength``, ``maxLength``; ``primaryKey``, whose fields are required;
``missingValues``; ``foreignKeys`` to the same table, checked here, or to
another dataset of the same folder, checked by the loader), in plain Python so that small
files validate in well under a millisecond. The full Frictionless
implementation runs in the test suite and in ``sinorus validate``; the two are
checked against each other in ``tests/test_validation.py``.

It is deliberately stricter than Frictionless in a few places, never looser:
no surrounding white space in any cell, no ``NaN``/``INF`` spellings, no
byte-order mark, no blank lines. Nothing is coerced: a cell either parses
exactly under its field's type or is reported.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import io
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .errors import DataValidationError, Problem

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

SUPPORTED_TYPES = ("string", "integer", "number", "year", "date", "boolean")
#: The longest cell accepted, in characters: Frictionless's limit, whatever the csv module was set to before.
FIELD_SIZE_LIMIT = 2_147_483_646
#: Seconds a ``pattern`` constraint may spend on one cell before the cell is reported.
PATTERN_TIMEOUT = 0.5


@contextlib.contextmanager
def _field_size_limit() -> Iterator[None]:
    """The csv module's limit is process-wide: set ours for this read, then restore the caller's."""
    before = csv.field_size_limit(FIELD_SIZE_LIMIT)
    try:
        yield
    finally:
        csv.field_size_limit(before)


class _Pattern:
    """A ``pattern`` constraint: a match per distinct cell (repeated codes are matched once).

    Patterns from a descriptor outside the package are matched by the ``regex``
    engine with a time limit; the bundled descriptors' own patterns, reviewed and
    tested with the package, by the standard ``re``, which is faster.
    """

    def __init__(self, pattern: str, trusted: bool) -> None:
        if trusted:
            self._compiled, self._limit = re.compile(pattern), None
        else:
            import regex  # imported on first use: most loads need no untrusted pattern

            self._compiled, self._limit = regex.compile(pattern), PATTERN_TIMEOUT
        self.pattern = pattern
        self._seen: dict[str, bool | None] = {}

    def __call__(self, cell: str) -> bool | None:
        """True or False, or None when the match ran out of time (a pattern that backtracks without end)."""
        found = self._seen.get(cell, _UNSEEN)
        if found is _UNSEEN:
            try:
                if self._limit is None:
                    found = self._compiled.fullmatch(cell) is not None
                else:
                    found = self._compiled.fullmatch(cell, timeout=self._limit) is not None
            except TimeoutError:
                found = None
            self._seen[cell] = found
        return found


_UNSEEN = object()


#: The days pandas' nanosecond timestamps can hold: a date outside them would load as another date.
_FIRST_DAY, _LAST_DAY = _dt.date(1678, 1, 1), _dt.date(2261, 12, 31)


def _parse(ftype: str, text: str) -> tuple[Any, str | None]:
    """Parse one non-empty cell. Return (value, error message or None)."""
    if ftype == "string":
        return text, None
    if ftype == "integer":
        if _INTEGER.fullmatch(text):
            value = int(text)
            if not -(2**63) <= value < 2**63:
                return None, "is beyond the 64-bit integer range"
            return value, None
        return None, "is not an integer"
    if ftype == "number":
        if _NUMBER.fullmatch(text):
            value = float(text)
            if value in (float("inf"), float("-inf")):
                return None, "is too large for a number (it would load as infinity)"
            return value, None
        return None, "is not a number (digits with an optional '.' and exponent)"
    if ftype == "year":
        if _YEAR.fullmatch(text):
            return int(text), None
        return None, "is not a four-digit year"
    if ftype == "boolean":
        if text in ("true", "false"):
            return text == "true", None
        return None, "is not a boolean (true or false)"
    if ftype == "date":
        if not _DATE.fullmatch(text):
            return None, "is not a date in YYYY-MM-DD form"
        try:
            day = _dt.date.fromisoformat(text)
        except ValueError:
            return None, "is an impossible calendar date"
        if not _FIRST_DAY <= day <= _LAST_DAY:
            return (
                None,
                f"is outside the days a dataset can hold ({_FIRST_DAY} to {_LAST_DAY}); "
                "leave it empty if open-ended",
            )
        return day, None
    raise ValueError(f"unsupported field type {ftype!r}")  # pragma: no cover


def _check_descriptor(schema: dict, file: str) -> None:
    for field in schema["fields"]:
        if field.get("type", "string") not in SUPPORTED_TYPES:
            raise ValueError(
                f"{file}: field {field['name']!r} has type {field.get('type')!r}; "
                f"sinorus supports {', '.join(SUPPORTED_TYPES)}"
            )


def _decode(raw: bytes, file: str) -> str:
    if not raw.strip():
        raise DataValidationError([Problem(file, None, None, None, "non-empty", "the file is empty")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        bad = raw[err.start : err.end].hex(" ")
        raise DataValidationError(
            [
                Problem(
                    file,
                    line,
                    None,
                    None,
                    "encoding: utf-8",
                    f"bytes {bad} at byte offset {err.start} are not valid UTF-8",
                )
            ]
        ) from None
    if text.startswith("\ufeff"):
        raise DataValidationError(
            [Problem(file, 1, None, None, "encoding: utf-8", "the file starts with a byte-order mark")]
        )
    return text


def validate_rows(
    raw: bytes, schema: dict, file: str, *, trusted: bool = False
) -> tuple[dict[str, list[Any]], list[int]]:
    """Validate CSV bytes against a Table Schema.

    Parameters
    ----------
    raw : bytes
        The file's content.
    schema : dict
        A Table Schema descriptor (``fields``, optional ``primaryKey``).
    file : str
        The name used in error messages.
    trusted : bool
        The schema is one of the package's own (its patterns need no time limit).

    Returns
    -------
    columns : dict of str to list
        Parsed values per field, ``None`` for missing cells.
    lines : list of int
        The CSV line on which each data row starts.

    Raises
    ------
    DataValidationError
        Listing every problem found.
    """
    _check_descriptor(schema, file)
    text = _decode(raw, file)
    with _field_size_limit():
        return _validate_text(text, schema, file, trusted)


def _validate_text(
    text: str, schema: dict, file: str, trusted: bool
) -> tuple[dict[str, list[Any]], list[int]]:
    fields: Sequence[dict] = schema["fields"]
    names = [f["name"] for f in fields]
    problems: list[Problem] = []
    missing = set(schema.get("missingValues", [""]))
    pk = schema.get("primaryKey") or []
    pk = [pk] if isinstance(pk, str) else list(pk)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except csv.Error as err:
        raise DataValidationError([Problem(file, 1, None, None, "csv", f"malformed CSV: {err}")]) from None

    # --- header -------------------------------------------------------------
    seen: set[str] = set()
    for label in header:
        if label in seen:
            problems.append(Problem(file, 1, label, label, "header", "the column appears twice"))
        seen.add(label)
    for name in names:
        if name not in header:
            problems.append(Problem(file, 1, name, None, "header", "a column the schema requires is missing"))
    for label in header:
        if label not in names:
            problems.append(Problem(file, 1, label, label, "header", "a column the schema does not define"))
    if not problems and header != names:
        problems.append(
            Problem(
                file,
                1,
                None,
                ",".join(header),
                "header",
                f"columns are out of order; expected {','.join(names)}",
            )
        )
    if problems:
        raise DataValidationError(problems)

    # --- rows ---------------------------------------------------------------
    ncol = len(names)
    rules = []
    for f in fields:
        c = f.get("constraints", {})
        pattern = c.get("pattern")
        ftype = f.get("type", "string")
        rules.append(
            (
                f["name"],
                ftype,
                bool(c.get("required", False)) or f["name"] in pk,  # a key's fields are required
                {_parse(ftype, str(v).lower() if isinstance(v, bool) else str(v))[0] for v in c["enum"]}
                if "enum" in c
                else None,
                _Pattern(pattern, trusted) if pattern else None,
                c.get("minimum"),
                c.get("maximum"),
                c.get("minLength"),
                c.get("maxLength"),
            )
        )
    columns: list[list[Any]] = [[] for _ in names]
    lines: list[int] = []
    start = reader.line_num + 1
    try:
        for row in reader:
            line = start
            start = reader.line_num + 1
            if not row:
                problems.append(Problem(file, line, None, None, "blank-row", "the line is blank"))
                continue
            if len(row) != ncol:
                problems.append(
                    Problem(
                        file,
                        line,
                        None,
                        None,
                        "cell-count",
                        f"the row has {len(row)} cells; the header has {ncol}",
                    )
                )
                continue
            lines.append(line)
            for j, cell in enumerate(row):
                name, ftype, required, enum, pattern, lo, hi, minlen, maxlen = rules[j]
                if cell in missing:
                    if required:
                        problems.append(Problem(file, line, name, cell, "required", "a value is required"))
                    columns[j].append(None)
                    continue
                if cell != cell.strip():
                    problems.append(
                        Problem(file, line, name, cell, "whitespace", "the value has surrounding white space")
                    )
                    columns[j].append(None)
                    continue
                value, err = _parse(ftype, cell)
                if err:
                    problems.append(Problem(file, line, name, cell, f"type: {ftype}", err))
                    columns[j].append(None)
                    continue
                if enum is not None and value not in enum:
                    allowed = ", ".join(str(v) for v in sorted(enum))
                    problems.append(Problem(file, line, name, cell, "enum", f"must be one of {allowed}"))
                if pattern is not None:
                    matched = pattern(cell)
                    if matched is None:
                        problems.append(
                            Problem(
                                file,
                                line,
                                name,
                                cell[:80],
                                "pattern",
                                f"matching {pattern.pattern!r} took over {PATTERN_TIMEOUT} s and was stopped",
                            )
                        )
                    elif not matched:
                        problems.append(
                            Problem(file, line, name, cell, "pattern", f"must match {pattern.pattern!r}")
                        )
                if lo is not None and value < _bound(ftype, lo):
                    problems.append(Problem(file, line, name, cell, "minimum", f"must be at least {lo}"))
                if hi is not None and value > _bound(ftype, hi):
                    problems.append(Problem(file, line, name, cell, "maximum", f"must be at most {hi}"))
                if minlen is not None and len(cell) < minlen:
                    problems.append(
                        Problem(
                            file, line, name, cell, "minLength", f"must have at least {minlen} characters"
                        )
                    )
                if maxlen is not None and len(cell) > maxlen:
                    problems.append(
                        Problem(file, line, name, cell, "maxLength", f"must have at most {maxlen} characters")
                    )
                columns[j].append(value)
    except csv.Error as err:
        problems.append(Problem(file, start, None, None, "csv", f"malformed CSV: {err}"))
        raise DataValidationError(problems) from None

    if not lines and not problems:
        problems.append(
            Problem(file, None, None, None, "non-empty", "the file has a header but no data rows")
        )

    # --- uniqueness and primary key -------------------------------------------
    for j, f in enumerate(fields):
        if f.get("constraints", {}).get("unique"):
            _duplicates(problems, file, lines, [columns[j]], [names[j]], "unique")
    if pk:
        _duplicates(problems, file, lines, [columns[names.index(k)] for k in pk], pk, "primaryKey")
    for j, f in enumerate(fields):
        if f.get(
            "oneTruePer"
        ):  # a boolean that marks exactly one row of each group (a default among figures)
            _one_true(
                problems,
                file,
                lines,
                columns[j],
                f["name"],
                [columns[names.index(k)] for k in f["oneTruePer"]],
                f["oneTruePer"],
            )
    for fk in schema.get("foreignKeys", []):
        if fk["reference"].get("resource", "") == "":  # a key into this same table
            own = _as_list(fk["fields"])
            ref = _as_list(fk["reference"]["fields"])
            targets = set(zip(*[columns[names.index(k)] for k in ref], strict=True))
            _foreign(
                problems, file, lines, [columns[names.index(k)] for k in own], own, targets, "this table"
            )

    if problems:
        raise DataValidationError(problems)
    return dict(zip(names, columns, strict=True)), lines


def _one_true(
    problems: list[Problem],
    file: str,
    lines: list[int],
    flags: list[Any],
    name: str,
    cols: list[list[Any]],
    group: list[str],
) -> None:
    first_line: dict[tuple, int] = {}
    trues: dict[tuple, int] = {}
    for line, flag, key in zip(lines, flags, zip(*cols, strict=True), strict=True):
        first_line.setdefault(key, line)
        trues[key] = trues.get(key, 0) + (flag is True)
    for key, n in trues.items():
        if n != 1:
            shown = ", ".join(f"{g}={v}" for g, v in zip(group, key, strict=True))
            problems.append(
                Problem(
                    file,
                    first_line[key],
                    name,
                    None,
                    "oneTruePer",
                    f"{n} rows are true for {shown}; exactly one must be (the default among them)",
                )
            )


def _as_list(names: str | list[str]) -> list[str]:
    return [names] if isinstance(names, str) else list(names)


def foreign_key_problems(
    columns: dict[str, list[Any]], lines: list[int], fk: dict, targets: set[tuple], file: str, where: str
) -> list[Problem]:
    """Rows whose foreign-key values are not among ``targets`` (rows with an empty key cell are skipped)."""
    problems: list[Problem] = []
    own = _as_list(fk["fields"])
    _foreign(problems, file, lines, [columns[k] for k in own], own, targets, where)
    return problems


def _foreign(
    problems: list[Problem],
    file: str,
    lines: list[int],
    cols: list[list[Any]],
    names: list[str],
    targets: set[tuple],
    where: str,
) -> None:
    for line, key in zip(lines, zip(*cols, strict=True), strict=True):
        if any(v is None for v in key):
            continue  # Frictionless skips a reference with an empty cell
        if key not in targets:
            shown = ", ".join(str(v) for v in key)
            problems.append(
                Problem(file, line, ",".join(names), shown, "foreignKey", f"is not a key of {where}")
            )


def _bound(ftype: str, bound: Any) -> Any:
    if ftype == "date" and isinstance(bound, str):
        return _dt.date.fromisoformat(bound)
    return bound


def _duplicates(
    problems: list[Problem],
    file: str,
    lines: list[int],
    cols: list[list[Any]],
    names: list[str],
    rule: str,
) -> None:
    first: dict[tuple, int] = {}
    for i, key in enumerate(zip(*cols, strict=True)):
        if any(k is None for k in key):
            continue
        if key in first:
            shown = ",".join(str(k) for k in key)
            problems.append(
                Problem(
                    file,
                    lines[i],
                    ",".join(names),
                    shown,
                    rule,
                    f"duplicates the key of line {first[key]}",
                )
            )
        else:
            first[key] = lines[i]


def read_file(path: Path) -> bytes:
    """Read a dataset file's bytes (a separate function so tests can count reads)."""
    return Path(path).read_bytes()
