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

A file is read in blocks and typed a chunk of rows at a time (see
:data:`CHUNK_ROWS`): neither its bytes nor its text are held whole. Text
columns go into Arrow memory chunk by chunk, other columns grow one
:class:`array.array` each, and a table-wide check (keys, uniqueness, defaults)
keeps one integer code per row, not a tuple of Python values per row, so that
the peak stays under three times the file's size (``make bench``).

It is deliberately stricter than Frictionless in a few places, never looser:
no surrounding white space in any cell, no ``NaN``/``INF`` spellings, no
byte-order mark, no blank lines, and no number of more than 15 significant
digits in a field compared across rows (a key, ``unique``, a reference), where
two such numbers could be equal as floats. Nothing is coerced: a cell either
parses exactly under its field's type or is reported.
"""

from __future__ import annotations

import array
import atexit
import codecs
import contextlib
import csv
import datetime as _dt
import decimal
import io
import queue
import re
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa

from .errors import DataValidationError, Problem

_INTEGER = re.compile(r"-?[0-9]+")
_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_YEAR = re.compile(r"[0-9]{4}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

SUPPORTED_TYPES = ("string", "integer", "number", "year", "date", "boolean")
#: The longest cell accepted, in characters: Frictionless's limit, whatever the csv module was set to before.
FIELD_SIZE_LIMIT = 2_147_483_646
#: Seconds a ``pattern`` from a user's descriptor may spend matching in a load, plus
#: :data:`PATTERN_SECONDS_PER_CELL` for each cell and :data:`PATTERN_SECONDS_PER_CHAR` for each character
#: it is given; once that is spent the pattern is stopped and its remaining cells are reported as not
#: checked. A plain pattern takes a few microseconds a cell, so a million rows are matched in full, while
#: one that backtracks without end costs the load about half a second. (A time limit depends on the
#: machine: these allowances are ten times and more what a plain pattern needs.)
PATTERN_TIMEOUT = 0.5
#: The time a pattern earns for each cell it is given (see :data:`PATTERN_TIMEOUT`)...
PATTERN_SECONDS_PER_CELL = 1e-5
#: ... and for each character of those cells, so that long cells are not stopped for their length.
PATTERN_SECONDS_PER_CHAR = 1e-6


_FIELD_SIZE_LOCK = threading.Lock()


@contextlib.contextmanager
def _field_size_limit() -> Iterator[None]:
    """The csv module's limit is process-wide: set ours for this read, then restore the caller's.

    Reads hold a lock, so loads in several threads neither see each other's
    limit nor leave ours behind.
    """
    with _FIELD_SIZE_LOCK:
        before = csv.field_size_limit(FIELD_SIZE_LIMIT)
        try:
            yield
        finally:
            csv.field_size_limit(before)


class _Pattern:
    """A ``pattern`` constraint: a match per distinct cell (repeated codes are matched once).

    Every pattern is matched as Frictionless matches it, with Python's ``re``.
    The bundled descriptors' patterns, reviewed and tested with the package,
    are matched here. A pattern from any other descriptor is matched in a
    worker process (:class:`_ReWorker`), a chunk of cells at a time, within a
    time limit that grows with the cells matched (:data:`PATTERN_TIMEOUT`):
    ``re`` has no time limit of its own, and a pattern that backtracks without
    end would otherwise hang the load.
    """

    def __init__(self, pattern: str, trusted: bool) -> None:
        self.pattern = pattern
        self.trusted = trusted
        self._compiled = re.compile(pattern) if trusted else None
        self.stopped = False
        self._allowance = PATTERN_TIMEOUT  # seconds left for this load
        self._why = (  # why a cell went unchecked, once the pattern is stopped
            f"took longer than its time limit ({PATTERN_TIMEOUT} s, plus "
            f"{PATTERN_SECONDS_PER_CELL * 1e6:g} µs a cell and "
            f"{PATTERN_SECONDS_PER_CHAR * 1e6:g} µs a character) and was stopped"
        )
        self._seen: dict[str, bool | None] = {}
        self._pending: list[tuple[int, str]] = []

    def __call__(self, cell: str, line: int) -> Any:
        """True or False; for a pattern matched in the worker, _PENDING until :meth:`resolve` runs."""
        found = self._seen.get(cell, _UNSEEN)
        if found is not _UNSEEN:
            return found
        if self._compiled is not None:
            found = self._compiled.fullmatch(cell) is not None
            if len(self._seen) < _PATTERN_MEMO:  # a column of distinct cells (URLs, notes) is not remembered
                self._seen[cell] = found
            return found
        self._pending.append((line, cell))  # matched in resolve(), or reported there if time ran out
        return _PENDING

    def resolve(self, problems: list, file: str, name: str) -> None:
        """Match the cells held back, and record a problem for each that fails or ran out of time."""
        if not self._pending:
            return
        pending, self._pending = self._pending, []
        cells = list(dict.fromkeys(cell for _, cell in pending if cell not in self._seen))
        if cells and not self.stopped:
            self._allowance += (
                len(cells) * PATTERN_SECONDS_PER_CELL + sum(map(len, cells)) * PATTERN_SECONDS_PER_CHAR
            )
            start = time.monotonic()
            try:
                verdicts = _WORKER.match(self.pattern, cells, self._allowance)
            except _WorkerUnavailable as err:
                verdicts, self._why = None, f"could not be matched: {err}"
            self._allowance -= time.monotonic() - start
            if verdicts is None or self._allowance <= 0:
                self.stopped = True
            if verdicts is not None:
                for cell, ok in zip(cells, verdicts, strict=True):
                    self._seen[cell] = ok
        for line, cell in pending:
            found = self._seen.get(cell)
            if found is None:
                problems.append(
                    Problem(
                        file,
                        line,
                        name,
                        cell[:80],
                        "pattern",
                        f"{self.pattern!r} {self._why}; the cell was not checked",
                    )
                )
            elif not found:
                problems.append(Problem(file, line, name, cell, "pattern", f"must match {self.pattern!r}"))
        if len(self._seen) > _PATTERN_MEMO:
            self._seen = {}


_PENDING = object()


class _WorkerUnavailable(Exception):
    """The process that matches patterns from users' descriptors could not be started."""


_WORKER_CODE = """
import json, re, sys
compiled = {}
print("ready", flush=True)
for line in sys.stdin:
    job = json.loads(line)
    pattern = compiled.get(job["p"]) or compiled.setdefault(job["p"], re.compile(job["p"]))
    print(json.dumps([pattern.fullmatch(c) is not None for c in job["c"]]), flush=True)
"""


class _ReWorker:
    """A Python process that matches cells against patterns with ``re``, killed when it takes too long.

    One per process, started on first use and shared (under a lock) by every
    load; killed and started afresh after a match that ran out of time.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._proc: Any = None
        self._lines: queue.Queue[str] = queue.Queue()

    def _start(self) -> None:
        import subprocess
        import sys

        self._proc = subprocess.Popen(
            [sys.executable, "-I", "-c", _WORKER_CODE],  # -I: no json.py or re.py of the folder shadows ours
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self._lines = queue.Queue()
        proc, lines = self._proc, self._lines

        def read() -> None:
            for out in proc.stdout:
                lines.put(out)
            lines.put("")  # the worker ended

        threading.Thread(target=read, daemon=True).start()
        try:  # starting Python is not counted as matching
            ready = self._lines.get(timeout=20).strip() == "ready"
        except queue.Empty:
            ready = False
        if not ready:
            self._stop()
            raise _WorkerUnavailable("the pattern-matching worker did not start")

    def _stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None

    def match(self, pattern: str, cells: list[str], timeout: float) -> list[bool] | None:
        """Whether each cell matches in full, or None if matching took longer than ``timeout`` seconds."""
        import json

        job = json.dumps({"p": pattern, "c": cells}) + "\n"
        with self._lock:
            for _attempt in range(2):  # a worker found dead (killed, crashed) is replaced once
                if self._proc is None or self._proc.poll() is not None:
                    try:
                        self._start()
                    except OSError as err:  # no process could be made (open-file or process limits)
                        self._proc = None
                        raise _WorkerUnavailable(
                            f"the pattern-matching worker could not start ({err})"
                        ) from None
                try:
                    self._proc.stdin.write(job)
                    self._proc.stdin.flush()
                except OSError:  # it died before reading the job (a broken pipe)
                    self._stop()
                    continue
                try:
                    out = self._lines.get(timeout=max(timeout, 0.0))
                except queue.Empty:  # out of time: stopped, never retried
                    self._stop()
                    return None
                if out:
                    return json.loads(out)
                self._stop()  # it died while matching
            return None


_WORKER = _ReWorker()
atexit.register(lambda: _WORKER._stop())


_UNSEEN = object()


#: The days pandas' nanosecond timestamps can hold: a date outside them would load as another date.
_FIRST_DAY, _LAST_DAY = _dt.date(1678, 1, 1), _dt.date(2261, 12, 31)


#: The most digits Python's int() reads (Frictionless reads with it: a longer cell is invalid there).
_INT_MAX_DIGITS = 4300


def _parse(ftype: str, text: str) -> tuple[Any, str | None]:
    """Parse one non-empty cell. Return (value, error message or None)."""
    if ftype == "string":
        return text, None
    if ftype == "integer":
        if _INTEGER.fullmatch(text):
            if len(text) > _INT_MAX_DIGITS:  # int() refuses it, leading zeros and all, as Frictionless does
                return None, f"has more than {_INT_MAX_DIGITS:,} digits, leading zeros included"
            digits = text.lstrip("-").lstrip("0") or "0"
            if len(digits) > 19:
                return None, "is beyond the 64-bit integer range"
            value = -int(digits) if text.startswith("-") else int(digits)
            if not -(2**63) <= value < 2**63:
                return None, "is beyond the 64-bit integer range"
            return value, None
        return None, "is not an integer"
    if ftype == "number":
        if _NUMBER.fullmatch(text):
            value = float(text)
            if value in (float("inf"), float("-inf")):
                return None, "is too large for a number (it would load as infinity)"
            if value == 0.0 or "e" in text or "E" in text:
                mantissa, _, exponent = text.lower().partition("e")
                # an exponent beyond what a decimal (Frictionless's reading) can hold
                if len(exponent.lstrip("+-").lstrip("0")) > 15:
                    return None, "has an exponent too large to read"
                if value == 0.0 and mantissa.strip("-+0.") != "":
                    return None, "is too small for a number (it would load as 0)"
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


def validate_table(
    source: bytes | BinaryIO, schema: dict, file: str, *, trusted: bool = False
) -> tuple[dict[str, Any], np.ndarray]:
    """Validate a CSV against a Table Schema and type its columns.

    Parameters
    ----------
    source : bytes or binary file object
        The file's content, or an open file read in blocks (a large file is
        never held in memory as a whole, in bytes or in text).
    schema : dict
        A Table Schema descriptor (``fields``, optional ``primaryKey``).
    file : str
        The name used in error messages.
    trusted : bool
        The schema is one of the package's own (its patterns need no time limit).

    Returns
    -------
    columns : dict of str to array
        One typed array per field, ready for a DataFrame: ``int64`` (``Int64``
        with missing values), ``float64``, ``bool`` (``boolean``),
        ``datetime64[ns]``, ``Categorical`` or ``str``.
    lines : numpy.ndarray of int32 (int64 past two billion lines)
        The CSV line on which each data row starts.

    Raises
    ------
    DataValidationError
        Listing every problem found.
    """
    _check_descriptor(schema, file)
    # a file's bytes in memory are read as a large file is, a block at a time, so that both report the same
    # problems in the same order (a CSV fault before bad UTF-8 later in the file, say)
    text = _text_stream(io.BytesIO(source) if isinstance(source, bytes) else source, file)
    with _field_size_limit():
        try:
            return _validate_text(text, schema, file, trusted)
        except UnicodeDecodeError as err:
            # the decoder's offsets are a block's: find the bytes again, from the start
            if isinstance(source, bytes):
                _locate_bad_utf8(io.BytesIO(source), file)
            path = getattr(source, "name", None)
            if isinstance(path, str | Path):
                with open(path, "rb") as again:
                    _locate_bad_utf8(again, file)
            raise DataValidationError(
                [Problem(file, None, None, None, "encoding: utf-8", f"{err.reason}: the file is not UTF-8")]
            ) from None


def _bad_utf8(file: str, data: bytes, start: int, end: int, line: int, offset: int) -> DataValidationError:
    bad = data[start:end].hex(" ")
    return DataValidationError(
        [
            Problem(
                file,
                line,
                None,
                None,
                "encoding: utf-8",
                f"bytes {bad} at byte offset {offset} are not valid UTF-8",
            )
        ]
    )


def _locate_bad_utf8(raw: BinaryIO, file: str) -> None:
    """Raise a DataValidationError naming the first bytes that are not UTF-8, their line and offset.

    Reads a block at a time; ``err.object`` is the bytes the decoder held back
    from the last block followed by this one.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    read = newlines = 0
    while True:
        block = raw.read(_BLOCK)
        try:
            decoder.decode(block, final=not block)
        except UnicodeDecodeError as err:
            held = len(err.object) - len(block)
            line = 1 + newlines + err.object[: err.start].count(b"\n")
            raise _bad_utf8(file, err.object, err.start, err.end, line, read - held + err.start) from None
        if not block:
            return
        read += len(block)
        newlines += block.count(b"\n")


#: Bytes read at a time from a large file.
_BLOCK = 1 << 20


class _Prefixed(io.RawIOBase):
    """A binary stream: bytes already read from a file, then the rest of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = memoryview(head), rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if len(self._head):
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _text_stream(raw: BinaryIO, file: str) -> IO[str]:
    """The file as text read in blocks, once it is known to be neither empty nor led by a byte-order mark."""
    head = raw.read(max(_BLOCK, 4))  # at least the byte-order mark
    if not head.strip():  # blank so far: the file is empty, or its first line (the header) is blank
        while block := raw.read(_BLOCK):
            if block.strip():
                raise DataValidationError(
                    [
                        Problem(
                            file, 1, None, None, "header", "the file starts with blank space, not its header"
                        )
                    ]
                )
        raise DataValidationError([Problem(file, None, None, None, "non-empty", "the file is empty")])
    if head.startswith(b"\xef\xbb\xbf"):
        raise DataValidationError(
            [Problem(file, 1, None, None, "encoding: utf-8", "the file starts with a byte-order mark")]
        )
    return io.TextIOWrapper(
        io.BufferedReader(_Prefixed(head, raw), _BLOCK), encoding="utf-8", errors="strict", newline=""
    )


class _Problems(list):
    """The problems found: the first :attr:`LIMIT` by line and column are kept, the rest counted.

    A file can hold millions. Problems are found out of line order (patterns
    a chunk at a time, keys after the last row), so past the limit the list
    is cut by position, not by the order of finding.
    """

    LIMIT = 10_000

    def __init__(self, names: Sequence[str] = ()) -> None:
        super().__init__()
        self.more = 0
        self._position = {name: j for j, name in enumerate(names)}

    def append(self, problem: Problem) -> None:
        super().append(problem)
        if len(self) >= 2 * self.LIMIT:
            self.trim()

    def trim(self) -> None:
        """Keep the first :attr:`LIMIT` problems by line, then column, and count the others."""
        if len(self) > self.LIMIT:
            self.sort(key=lambda p: (p.line or 0, self._position.get(p.column, -1)))
            self.more += len(self) - self.LIMIT
            del self[self.LIMIT :]

    def error(self) -> DataValidationError:
        self.trim()
        return DataValidationError(list(self), more=self.more)


#: Rows parsed into Python values before they are packed into typed arrays (bounds the memory a load needs).
CHUNK_ROWS = 4096
#: Distinct cells of one ``pattern`` field whose verdict is remembered.
_PATTERN_MEMO = 4096


def _validate_text(
    text: IO[str], schema: dict, file: str, trusted: bool
) -> tuple[dict[str, Any], np.ndarray]:
    fields: Sequence[dict] = schema["fields"]
    names = [f["name"] for f in fields]
    problems = _Problems(names)
    missing = set(schema.get("missingValues", [""]))
    pk = schema.get("primaryKey") or []
    pk = [pk] if isinstance(pk, str) else list(pk)
    reader = csv.reader(text, strict=True)
    try:
        header = next(reader)
    except csv.Error as err:
        raise DataValidationError([Problem(file, 1, None, None, "csv", f"malformed CSV: {err}")]) from None
    except StopIteration:
        raise DataValidationError(
            [Problem(file, None, None, None, "non-empty", "the file is empty")]
        ) from None

    # --- header -------------------------------------------------------------
    seen: set[str] = set()
    for j, label in enumerate(header):
        if label != label.strip() or not label:
            problems.append(
                Problem(file, 1, label or None, label, "header", f"column {j + 1}'s label is blank or padded")
            )
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
        raise problems.error()

    # --- rows ---------------------------------------------------------------
    ncol = len(names)
    # number fields whose values are compared with other rows' (keys, unique, groups, references): a float
    # tells apart every decimal of up to 15 significant digits, so a cell with more is refused there
    keyed = set(pk)
    for f in fields:
        if f.get("constraints", {}).get("unique"):
            keyed.add(f["name"])
        keyed.update(f.get("oneTruePer") or [])
    for fk in schema.get("foreignKeys", []):
        keyed.update(_as_list(fk["fields"]))
        if fk["reference"].get("resource", "") == "":
            keyed.update(_as_list(fk["reference"]["fields"]))
    exact_keys = {j for j, f in enumerate(fields) if f.get("type") == "number" and f["name"] in keyed}
    rules = []
    exact: set[int] = (
        set()
    )  # number fields whose enum and bounds are compared as decimals, as Frictionless does
    for j, f in enumerate(fields):
        c = f.get("constraints", {})
        pattern = c.get("pattern")
        ftype = f.get("type", "string")
        if ftype == "number" and ("enum" in c or "minimum" in c or "maximum" in c):
            exact.add(j)
            enum = {decimal.Decimal(str(v)) for v in c["enum"]} if "enum" in c else None
            lo, hi = (decimal.Decimal(str(c[k])) if k in c else None for k in ("minimum", "maximum"))
        else:
            enum = (
                {_parse(ftype, str(v).lower() if isinstance(v, bool) else str(v))[0] for v in c["enum"]}
                if "enum" in c
                else None
            )
            lo, hi = (_bound(ftype, c[k]) if k in c else None for k in ("minimum", "maximum"))
        rules.append(
            (
                f["name"],
                ftype,
                bool(c.get("required", False)) or f["name"] in pk,  # a key's fields are required
                enum,
                _Pattern(pattern, trusted) if pattern is not None else None,
                lo,
                hi,
                c.get("minLength"),
                c.get("maxLength"),
            )
        )
    sinks = [_Sink(f) for f in fields]
    enum_text: dict[int, str] = {}
    columns: list[list[Any]] = [[] for _ in names]
    lines = array.array("i")  # the CSV line of each row: 32 bits, widened past two billion lines
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
            if missing.issuperset(row):  # every cell missing: Frictionless's blank row
                problems.append(
                    Problem(file, line, None, None, "blank-row", "every cell of the row is empty")
                )
                continue
            try:
                lines.append(line)
            except OverflowError:  # past two billion lines: 64 bits from here on
                lines = array.array("q", lines)
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
                if j in exact_keys and _too_precise_for_a_key(cell, value):
                    problems.append(Problem(file, line, name, cell, "key-precision", _KEY_PRECISION))
                compared = decimal.Decimal(cell) if j in exact else value  # 1.0000000000000001 is not 1
                if enum is not None and compared not in enum:
                    if j not in enum_text:  # one message per field, shared by its problems
                        enum_text[j] = f"must be one of {_enum_listing(enum)}"
                    problems.append(Problem(file, line, name, cell, "enum", enum_text[j]))
                if pattern is not None:
                    if pattern(cell, line) is False:  # a worker's verdict comes later, in resolve()
                        problems.append(
                            Problem(file, line, name, cell, "pattern", f"must match {pattern.pattern!r}")
                        )
                if lo is not None and compared < lo:
                    problems.append(Problem(file, line, name, cell, "minimum", f"must be at least {lo}"))
                if hi is not None and compared > hi:
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
            if len(columns[0]) >= CHUNK_ROWS:
                _resolve_patterns(rules, problems, file)
                _flush(columns, sinks)
    except csv.Error as err:
        _resolve_patterns(rules, problems, file)
        _in_row_order(problems, names)
        problems.trim()  # the problem that stopped the read is kept, whatever its line
        stopped = Problem(file, start, None, None, "csv", f"malformed CSV: {err}")
        raise DataValidationError([*problems, stopped], more=problems.more) from None
    _resolve_patterns(rules, problems, file)
    _in_row_order(problems, names)
    _flush(columns, sinks)

    if not lines and not problems:
        problems.append(
            Problem(file, None, None, None, "non-empty", "the file has a header but no data rows")
        )

    # --- uniqueness and primary key -------------------------------------------
    # checked on the typed columns, through integer codes: no Python object per row beyond the frame's own
    arrays = {name: sink.finish() for name, sink in zip(names, sinks, strict=True)}
    ftypes = {f["name"]: f.get("type", "string") for f in fields}
    codes: dict[str, _Codes] = {}

    def col(name: str) -> _Codes:
        if name not in codes:
            codes[name] = _Codes(arrays[name], ftypes[name])
        return codes[name]

    for f in fields:
        if f.get("constraints", {}).get("unique"):
            _duplicates(problems, file, lines, [col(f["name"])], [f["name"]], "unique")
    if pk:
        _duplicates(problems, file, lines, [col(k) for k in pk], pk, "primaryKey")
    for f in fields:
        if f.get("oneTruePer"):  # a boolean true in exactly one row of each group (the default figure)
            group = f["oneTruePer"]
            _one_true(problems, file, lines, arrays[f["name"]], f["name"], [col(k) for k in group], group)
    for fk in schema.get("foreignKeys", []):
        if fk["reference"].get("resource", "") == "":  # a key into this same table
            own, ref = _as_list(fk["fields"]), _as_list(fk["reference"]["fields"])
            if len(own) == 1 and one_field_reference(
                problems, file, lines, arrays[own[0]], arrays[ref[0]], own[0]
            ):
                continue  # checked on the arrays
            targets = set(zip(*[col(k).values() for k in ref], strict=True))
            _foreign(problems, file, lines, [col(k).values() for k in own], own, targets, "this table")

    if problems:
        raise problems.error()
    return arrays, np.frombuffer(lines, dtype=np.int32 if lines.typecode == "i" else np.int64)


_KEY_PRECISION = (
    "has more than 15 significant digits, too many for a field compared across rows (a key, unique or "
    "a reference): two such numbers can differ in the file yet be equal as floats; round it, or make the "
    "field a string"
)


def _too_precise_for_a_key(cell: str, value: float) -> bool:
    """Whether a float could take this number for another: over 15 significant digits, or subnormal."""
    mantissa = cell.lower().partition("e")[0].lstrip("+-").replace(".", "")
    digits = mantissa.strip("0")
    return len(digits) > 15 or (value != 0.0 and abs(value) < 2.2250738585072014e-308)


def _enum_listing(enum: set, shown: int = 20) -> str:
    """The allowed values, sorted; past ``shown`` of them, the first ``shown`` and how many more."""
    values = sorted(enum)
    listed = ", ".join(str(v) for v in values[:shown])
    return listed if len(values) <= shown else f"{listed} and {len(values) - shown} more"


def _resolve_patterns(rules: list[tuple], problems: list, file: str) -> None:
    """Match the cells held back for patterns matched in the worker, recording their problems."""
    for rule in rules:
        pattern = rule[4]
        if pattern is not None and not pattern.trusted:
            pattern.resolve(problems, file, rule[0])


def _in_row_order(problems: list, names: list[str]) -> None:
    """Order the problems found in rows by line, then column, whatever order the checks found them in."""
    position = {name: j for j, name in enumerate(names)}
    problems.sort(key=lambda p: (p.line or 0, position.get(p.column, -1)))


def _flush(columns: list[list[Any]], sinks: list[_Sink]) -> None:
    """Pack one chunk of parsed rows into the typed arrays, then let its Python values go.

    A cell with a problem is packed as missing: the table-wide checks still
    run on the rest, so that every problem is listed.
    """
    for j, values in enumerate(columns):
        sinks[j].add(values)
        values.clear()


#: days from 0001-01-01 (ordinal 1) to 1970-01-01, the epoch of numpy's datetime64[D]
_EPOCH_ORDINAL = _dt.date(1970, 1, 1).toordinal()
_NAT = np.iinfo(np.int64).min
_NS_PER_DAY = 86_400_000_000_000
#: Arrow memory for text columns comes from the system allocator, which returns what is freed
_ARROW_POOL = pa.system_memory_pool()


#: :mod:`array` type codes of the growing column of each field type (a categorical text field holds codes)
_TYPECODES = {"integer": "q", "year": "q", "date": "q", "number": "d", "boolean": "b", "string": "i"}


class _Sink:
    """The typed array of one field, filled a chunk at a time.

    Numbers, dates, booleans and category codes are appended to one growing
    :class:`array.array` per field (a reallocation, not a list of parts to join),
    and the finished column is a view of it. Text goes into Arrow memory one
    chunk at a time, allocated with the system allocator (it gives freed memory
    back, where Arrow's default pool keeps it), so that a chunk's Python
    strings can go.
    """

    def __init__(self, field: dict) -> None:
        self.type = field.get("type", "string")
        enum = field.get("constraints", {}).get("enum")
        self.categories = enum
        self.categorical = enum is not None or bool(field.get("categorical"))
        self.text = self.type == "string" and not self.categorical
        self.parts: list[Any] = []  # Arrow chunks of a text field
        self.values = array.array(_TYPECODES[self.type])
        self.mask = array.array("b")  # integers, years and booleans: true where missing
        self.codes: dict[str, int] = {}

    def add(self, values: list[Any]) -> None:
        n = len(values)
        t = self.type
        if self.text:
            self.parts.append(pa.array(values, type=pa.large_string(), memory_pool=_ARROW_POOL))
            return
        if t in ("integer", "year", "boolean"):
            mask = np.fromiter((v is None for v in values), dtype=bool, count=n)
            dtype = bool if t == "boolean" else np.int64
            if mask.any():
                fill = False if t == "boolean" else 0
                chunk = np.fromiter((fill if v is None else v for v in values), dtype=dtype, count=n)
            else:
                chunk = np.fromiter(values, dtype=dtype, count=n)
            self.mask.frombytes(mask.tobytes())
        elif t == "number":
            chunk = np.fromiter((np.nan if v is None else v for v in values), dtype=np.float64, count=n)
        elif t == "date":  # nanoseconds since the epoch, the unit of the finished column
            chunk = np.fromiter(
                (_NAT if v is None else (v.toordinal() - _EPOCH_ORDINAL) * _NS_PER_DAY for v in values),
                dtype=np.int64,
                count=n,
            )
        else:  # category codes in order of first appearance; categories are sorted at the end
            codes = self.codes
            chunk = np.fromiter(
                (-1 if v is None else codes.setdefault(v, len(codes)) for v in values),
                dtype=np.int32,
                count=n,
            )
        self.values.frombytes(chunk.tobytes())

    def finish(self) -> Any:
        t = self.type
        if self.text:
            chunks, self.parts = self.parts, []
            return pd.array(pa.chunked_array(chunks, type=pa.large_string()), dtype="str")
        if t in ("integer", "year", "boolean"):
            joined = np.frombuffer(self.values, dtype=bool if t == "boolean" else np.int64)
            mask = np.frombuffer(self.mask, dtype=bool)
            if not mask.any():
                return joined
            if t == "boolean":
                return pd.arrays.BooleanArray(joined, mask)
            return pd.arrays.IntegerArray(joined, mask)
        if t == "number":
            return np.frombuffer(self.values, dtype=np.float64)
        if t == "date":
            return np.frombuffer(self.values, dtype="datetime64[ns]")
        found = list(self.codes)
        categories = self.categories if self.categories is not None else sorted(found)
        # codes in the order of the categories, in a new (writable) array: set_categories would return a
        # read-only one, and a frame of it could not be edited
        codes = np.frombuffer(self.values, dtype=np.int32)
        position = {value: k for k, value in enumerate(categories)}
        # a value outside the categories (an enum problem, reported) and a missing cell (code -1) become -1
        order = np.array([position.get(value, -1) for value in found] + [-1], dtype=np.int32)
        return pd.Categorical.from_codes(order[codes], categories=categories)


class _Codes:
    """One column of a table-wide check: an integer code per row, equal where the values are equal.

    Dates and integers are coded without a hash table: by their offset from
    the column's smallest value (in days for dates) when the values span
    fewer than 2**24, else by the values themselves (``size`` is then None:
    the codes are not dense). Other columns go through
    :func:`pandas.factorize`, so equal values share a code (``0.0`` and
    ``-0.0`` too, as Python's ``==`` has it). :meth:`missing` marks the rows
    without a value.
    """

    #: widest span of values coded by offset, so that a key of a few such columns stays within 64 bits
    _OFFSET_SPAN = 2**24

    def __init__(self, values: Any, ftype: str) -> None:
        self._type = ftype
        self._low: int | None = None
        self._raw = False
        self._missing: np.ndarray | None = None
        self.size: int | None
        if isinstance(values, np.ndarray) and values.dtype.kind in "iM" and len(values):
            raw = values.view(np.int64)
            step = _NS_PER_DAY if values.dtype.kind == "M" else 1
            present = raw != _NAT if step != 1 else None
            if present is not None and not present.all():
                self._missing = ~present
            where = True if present is None else present  # (numpy reads where=None as nothing)
            low = int(raw.min(where=where, initial=np.iinfo(np.int64).max)) // step
            high = int(raw.max(where=where, initial=np.iinfo(np.int64).min)) // step
            if high - low < self._OFFSET_SPAN:  # (an empty span too: every date missing)
                self._low, self._step = low, step
                self.size = max(high - low, 0) + 2  # the last code is "missing"
                codes = raw // step if step != 1 else raw.copy()
                codes -= low
                if self._missing is not None:
                    codes[self._missing] = self.size - 1
                self.codes = codes
            else:  # the values themselves: no copy, no hash table
                self._raw, self.size, self.codes = True, None, raw
            return
        found, uniques = pd.factorize(values, use_na_sentinel=True)
        self.size = len(uniques) + 1
        found = found.astype(np.int64, copy=False)
        if (found < 0).any():
            self._missing = found < 0
            found[self._missing] = len(uniques)
        self.codes = found
        self._uniques = uniques

    def missing(self) -> np.ndarray | None:
        """True for each row without a value, or None when every row has one."""
        return self._missing

    def value(self, code: int) -> Any:
        """The Python value a code stands for (``None`` for missing)."""
        code = int(code)
        if self._raw:
            if self._type == "date":
                return None if code == _NAT else _dt.date.fromordinal(code // _NS_PER_DAY + _EPOCH_ORDINAL)
            return code
        if code == self.size - 1:
            return None
        if self._low is not None:
            number = self._low + code
            if self._type == "date":
                return _dt.date.fromordinal(number + _EPOCH_ORDINAL)
            return number
        value = self._uniques[code]
        if self._type == "date":
            return pd.Timestamp(value).date()
        return value.item() if isinstance(value, np.generic) else value

    def values(self) -> list[Any]:
        """The column's values, one per row."""
        shown: dict[int, Any] = {}
        return [shown[c] if c in shown else shown.setdefault(c, self.value(c)) for c in self.codes.tolist()]

    def dense(self) -> tuple[np.ndarray, int]:
        """Codes from 0 and their count (values coded by themselves are renumbered)."""
        if self.size is not None:
            return self.codes, self.size
        codes = pd.factorize(self.codes)[0].astype(np.int64, copy=False)
        return codes, int(codes.max()) + 1 if len(codes) else 1


def _combined(cols: list[_Codes]) -> np.ndarray:
    """One int64 per row, equal exactly where the rows' values in ``cols`` are all equal (a new array)."""
    if len(cols) == 1:
        return cols[0].codes.copy()
    key, span = cols[0].dense()
    key = key.copy()
    for c in cols[1:]:
        codes, size = c.dense()
        if span * size >= 2**62:  # renumber densely before the product could overflow
            key = pd.factorize(key)[0].astype(np.int64, copy=False)
            span = int(key.max()) + 1
        key *= size
        key += codes
        span *= size
    return key


def _group_ids(cols: list[_Codes]) -> np.ndarray:
    """One id per row for the combination of its values in ``cols`` (ids are dense, from 0)."""
    return pd.factorize(_combined(cols))[0].astype(np.int64, copy=False)


def _one_true(
    problems: list[Problem],
    file: str,
    lines: Sequence[int],
    flags: Any,
    name: str,
    cols: list[_Codes],
    group: list[str],
) -> None:
    if not len(flags):
        return
    ids = _group_ids(cols)
    is_true = np.asarray(pd.array(flags, dtype="boolean").fillna(False), dtype=bool)
    counts = np.bincount(ids, weights=is_true)
    first_row = np.unique(ids, return_index=True)[1]  # by group id
    if (counts == 1).all():
        return
    for gid in np.argsort(first_row, kind="stable"):  # groups in order of first appearance
        n = int(counts[gid])
        if n != 1:
            row = int(first_row[gid])
            key = [c.value(c.codes[row]) for c in cols]  # Python values, only to name the group at fault
            shown = ", ".join(f"{g}={v}" for g, v in zip(group, key, strict=True))
            problems.append(
                Problem(
                    file,
                    lines[row],
                    name,
                    None,
                    "oneTruePer",
                    f"{n} rows are true for {shown}; exactly one must be (the default among them)",
                )
            )


def _as_list(names: str | list[str]) -> list[str]:
    return [names] if isinstance(names, str) else list(names)


def foreign_key_problems(
    columns: dict[str, list[Any]], lines: Sequence[int], fk: dict, targets: set[tuple], file: str, where: str
) -> list[Problem]:
    """Rows whose foreign-key values are not among ``targets`` (rows with an empty key cell are skipped)."""
    problems: list[Problem] = []
    own = _as_list(fk["fields"])
    _foreign(problems, file, lines, [columns[k] for k in own], own, targets, where)
    return problems


def _foreign(
    problems: list[Problem],
    file: str,
    lines: Sequence[int],
    cols: list[list[Any]],
    names: list[str],
    targets: set[tuple],
    where: str,
) -> None:
    for line, key in zip(lines, zip(*cols, strict=True), strict=True):
        if all(v is None for v in key):
            continue  # Frictionless skips a reference whose cells are all empty (one empty cell is looked up)
        if key not in targets:
            shown = ", ".join(str(v) for v in key)
            problems.append(
                Problem(file, line, ",".join(names), shown, "foreignKey", f"is not a key of {where}")
            )


def column_array(series: pd.Series) -> Any:
    """A frame's column as the array the load built: numpy for numbers and dates, else pandas' own."""
    values = series.array
    return values.to_numpy() if isinstance(values, pd.arrays.NumpyExtensionArray) else values


def _plain(values: Any) -> tuple[np.ndarray, np.ndarray, str] | None:
    """A column of numbers, dates or booleans: a numpy array, its missing mask and its numpy kind; else None.

    The kind is the column's own: dates are compared as int64 nanoseconds, but only with dates.
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "iufbM":
        if values.dtype.kind == "M":
            return values.view(np.int64), np.isnat(values), "M"
        if values.dtype.kind == "f":
            return values, np.isnan(values), "f"
        return values, np.zeros(len(values), dtype=bool), values.dtype.kind
    if isinstance(values, pd.arrays.IntegerArray | pd.arrays.BooleanArray):
        return values._data, values._mask, values._data.dtype.kind
    return None


def one_field_reference(
    problems: list[Problem],
    file: str,
    lines: Sequence[int],
    own: Any,
    ref: Any,
    name: str,
    where: str = "this table",
) -> bool:
    """Check a one-field foreign key on its arrays, as the row-by-row check would.

    ``ref`` is the referenced column: of this table, or of another dataset
    (``where`` names it in the messages).

    Values equal as Python compares them match: numbers, dates and booleans
    are compared within one numpy kind, text of one dtype through pandas.
    Returns False (nothing checked) for other pairs of columns, which the
    caller checks row by row.
    """
    a, b = _plain(own), _plain(ref)
    if a is not None and b is not None and a[2] == b[2]:
        keys = np.sort(b[0][~b[1]])  # the referenced values, sorted: one array, no hash table
        bad_parts = []
        for start in range(0, len(a[0]), CHUNK_ROWS * 16):  # looked up a block at a time
            values, missing = a[0][start : start + CHUNK_ROWS * 16], a[1][start : start + CHUNK_ROWS * 16]
            at = np.minimum(np.searchsorted(keys, values), max(len(keys) - 1, 0))
            hit = keys[at] == values if len(keys) else np.zeros(len(values), dtype=bool)
            bad_parts.append(np.flatnonzero(~missing & ~hit) + start)
        bad = np.concatenate(bad_parts) if bad_parts else np.zeros(0, dtype=np.int64)
    elif isinstance(own, pd.arrays.ArrowStringArray) and isinstance(ref, pd.arrays.ArrowStringArray):
        import pyarrow.compute as pc

        keys = ref._pa_array  # its own hash set of the referenced texts: no copy made here
        present = ~own.isna()
        found = pc.is_in(own._pa_array, value_set=keys).to_numpy(zero_copy_only=False)
        bad = np.flatnonzero(present & ~found)
    elif a is None and b is None and pd.Series(own).dtype == pd.Series(ref).dtype:
        own_s, ref_s = pd.Series(own, copy=False), pd.Series(ref, copy=False)
        present = own_s.notna().to_numpy()
        bad = np.flatnonzero(present & ~own_s.isin(ref_s.dropna()).to_numpy())
    else:
        return False
    for i in bad.tolist():
        value = own[i]
        if isinstance(value, np.datetime64 | pd.Timestamp):
            value = pd.Timestamp(value).date()
        elif isinstance(value, np.generic):
            value = value.item()
        problems.append(
            Problem(file, int(lines[i]), name, str(value), "foreignKey", f"is not a key of {where}")
        )
    return True


def _bound(ftype: str, bound: Any) -> Any:
    if ftype == "date" and isinstance(bound, str):
        return _dt.date.fromisoformat(bound)
    return bound


def _duplicates(
    problems: list[Problem],
    file: str,
    lines: Sequence[int],
    cols: list[_Codes],
    names: list[str],
    rule: str,
) -> None:
    """Name every row whose values in ``cols`` repeat an earlier row's (rows with an empty cell are skipped).

    A stable sort of one combined key per row: equal keys sit together, the
    earliest row first, and a table without repeats costs two arrays of the
    key's size.
    """
    if not len(cols[0].codes):
        return
    key = _combined(cols)
    rows = None  # positions of the compared rows, when some are skipped
    incomplete = np.zeros(len(key), dtype=bool)
    for c in cols:
        missing = c.missing()
        if missing is not None:
            incomplete |= missing
    if incomplete.any():
        rows = np.flatnonzero(~incomplete)
        key = key[rows]
    del incomplete
    order = np.argsort(key, kind="stable")
    key = key[order]
    repeat = np.flatnonzero(key[1:] == key[:-1]) + 1  # sorted positions that repeat the one before
    if not len(repeat):
        return
    starts = np.ones(len(key), dtype=bool)
    starts[repeat] = False
    first = order[np.flatnonzero(starts)][np.cumsum(starts) - 1]  # per sorted position, its group's first row
    found = sorted(zip(order[repeat].tolist(), first[repeat].tolist(), strict=True))
    if rows is not None:
        found = [(int(rows[i]), int(rows[f])) for i, f in found]
    for i, f in found:
        shown = ",".join(str(c.value(c.codes[i])) for c in cols)
        problems.append(
            Problem(
                file,
                lines[i],
                ",".join(names),
                shown,
                rule,
                f"duplicates the key of line {lines[f]}",
            )
        )


def read_file(path: Path) -> bytes:
    """Read a dataset file's bytes (a separate function so tests can count reads)."""
    return Path(path).read_bytes()
