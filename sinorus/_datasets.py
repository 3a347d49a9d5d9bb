"""The dataset registry: find, load, describe and cite the bundled datasets.

A dataset is a CSV file plus a Frictionless Data Resource descriptor beside it
(``NAME.csv`` and ``NAME.resource.json``). The descriptor is the single source
of truth for types, constraints, metadata, the docs and the charts' source
lines.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import math
import os
import re
import stat
import threading
import warnings
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from . import _citation
from ._validate import read_file, validate_table
from .errors import DataValidationError, DescriptorError, Problem, UnknownDatasetError

__all__ = ["cite", "data_dir", "datasets", "describe", "descriptor", "load", "names", "sources_used"]

DESCRIPTOR_SUFFIX = ".resource.json"

# (folder, name) of the datasets loaded in this process, in order: what `sources_used()` reports.
_LOADED: dict[tuple[Path, str], None] = {}
_ANY = object()


class FrozenDict(dict):
    """A read-only ``dict``, used for the metadata in ``df.attrs``.

    pandas deep-copies ``attrs`` into the result of every operation on a
    frame. Metadata that cannot change can share one copy, so deep-copying a
    loaded frame's ``attrs`` costs almost nothing (a ``dict`` of lists made
    every pandas operation on a loaded frame measurably slower). It is still a
    ``dict``: it compares, prints and serialises to JSON like one.

    Examples
    --------
    >>> import copy
    >>> from sinorus._datasets import FrozenDict
    >>> d = FrozenDict({"title": "t"})
    >>> copy.deepcopy(d) is d, d == {"title": "t"}
    (True, True)
    >>> FrozenDict({"caveats": ["a", "b"]})["caveats"] == ("a", "b")
    True
    >>> d["title"] = "u"
    Traceback (most recent call last):
    ...
    TypeError: FrozenDict is read-only
    """

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, value in dict.items(self):
            dict.__setitem__(self, key, _frozen(value))

    def _read_only(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("FrozenDict is read-only")

    __setitem__ = __delitem__ = __ior__ = _read_only  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _read_only  # type: ignore[assignment]

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, memo: dict) -> FrozenDict:
        return self

    def __reduce__(self):
        return (FrozenDict, (dict(self),))


class FrozenTuple(tuple):
    """A tuple of read-only values that deep-copies as itself (see :class:`FrozenDict`)."""

    __slots__ = ()

    def __copy__(self) -> FrozenTuple:
        return self

    def __deepcopy__(self, memo: dict) -> FrozenTuple:
        return self


def _frozen(value: Any) -> Any:
    """A read-only version of a JSON value: dicts become FrozenDict, lists FrozenTuple."""
    if isinstance(value, FrozenDict | FrozenTuple):
        return value
    if isinstance(value, dict):
        return FrozenDict(value)
    if isinstance(value, list | tuple):
        return FrozenTuple(_frozen(v) for v in value)
    return value


def data_dir() -> Path:
    """Return the folder the bundled datasets are read from.

    Inside an installed wheel the data ship as ``sinorus/_data``; in a source
    checkout (editable install) they are read from the repository's ``data/``.

    Examples
    --------
    >>> from sinorus import data_dir
    >>> (data_dir() / "trade.csv").exists()
    True
    """
    packaged = resources.files("sinorus") / "_data"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "data"


def _dir(folder: str | os.PathLike | None) -> Path:
    return data_dir() if folder is None else Path(folder)


def names(data_dir: str | os.PathLike | None = None) -> list[str]:
    """List the dataset names in a folder (the bundled one by default), sorted.

    Examples
    --------
    >>> import sinorus
    >>> "trade" in sinorus.names()
    True
    """
    folder = _dir(data_dir)
    return sorted(p.name[: -len(DESCRIPTOR_SUFFIX)] for p in folder.glob(f"*{DESCRIPTOR_SUFFIX}"))


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def _resolve(name: str, folder: Path) -> Path:
    if not isinstance(name, str):
        raise TypeError(f"a dataset name must be a str, not {type(name).__name__}")
    if not _NAME.fullmatch(name) or ".." in name:
        raise ValueError(
            f"{name!r} is not a dataset name: letters, digits, '_', '.' and '-', "
            "starting with a letter or digit"
        )
    path = folder / f"{name}{DESCRIPTOR_SUFFIX}"
    if path.is_file():
        return path
    available = names(folder)
    close = difflib.get_close_matches(name, available, n=1, cutoff=0.5)
    raise UnknownDatasetError(name, available, close[0] if close else None)


def _read_descriptor(path: Path) -> dict:
    """A descriptor's JSON, parsed and checked once per distinct content (shared: do not edit it)."""
    return _parse_descriptor(path.read_bytes(), path.name)


@lru_cache(maxsize=64)
def _parse_descriptor(content: bytes, file: str = "descriptor") -> dict:
    try:
        desc = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as err:  # JSONDecodeError is a ValueError
        # (so is an integer of more digits than Python converts; RecursionError: nesting too deep)
        reason = str(err) if not isinstance(err, RecursionError) else "nested too deeply"
        raise DescriptorError(file, "", f"is not valid UTF-8 JSON ({reason[:200]})") from None
    _check_structure(desc, file)
    return desc


def _check_structure(desc: Any, file: str) -> None:
    """The parts of a descriptor sinorus relies on, checked before anything reads them."""
    from ._validate import SUPPORTED_TYPES

    if not isinstance(desc, dict):
        raise DescriptorError(file, "", "must be a JSON object")
    _check_metadata(desc, file)
    path = desc.get("path")
    if not isinstance(path, str) or not path.endswith(".csv"):
        raise DescriptorError(file, "path", 'must name the dataset\'s CSV file, e.g. "trade.csv"')
    if (
        Path(path).is_absolute()
        or ".." in Path(path).parts
        or "/" in path
        or "\\" in path
        or not path.isprintable()
    ):
        raise DescriptorError(file, "path", f"must be a file name inside the data folder, not {path!r}")
    schema = desc.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list) or not schema["fields"]:
        raise DescriptorError(file, "schema", "must be an object with a non-empty list of 'fields'")
    names = set()
    for i, field in enumerate(schema["fields"]):
        where = f"schema.fields[{i}] ({field.get('name') if isinstance(field, dict) else '?'})"
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            raise DescriptorError(file, where, "must be an object with a 'name'")
        if field["name"] in names:
            raise DescriptorError(
                file, f"{where}.name", "repeats an earlier field's name; field names must be unique"
            )
        names.add(field["name"])
        for key in ("title", "description", "unit"):
            if key in field and not isinstance(field[key], str):
                raise DescriptorError(file, f"{where}.{key}", "must be a string")
        if field.get("format", "default") != "default":
            raise DescriptorError(
                file, f"{where}.format", "is not supported: sinorus reads each type in its default format"
            )
        unsupported = {"trueValues", "falseValues", "bareNumber", "decimalChar", "groupChar"} & set(field)
        if unsupported:
            raise DescriptorError(
                file,
                f"{where}.{sorted(unsupported)[0]}",
                "is not supported: sinorus reads numbers and booleans as Table Schema's defaults write them",
            )
        if "categorical" in field and not isinstance(field["categorical"], bool):
            raise DescriptorError(file, f"{where}.categorical", "must be true or false")
        ftype = field.get("type", "string")
        if ftype not in SUPPORTED_TYPES:
            raise DescriptorError(
                file, f"{where}.type", f"is {ftype!r}; sinorus supports {', '.join(SUPPORTED_TYPES)}"
            )
        cons = field.get("constraints", {})
        if not isinstance(cons, dict):
            raise DescriptorError(file, f"{where}.constraints", "must be an object")
        if "pattern" in cons:
            try:
                with warnings.catch_warnings():  # re's FutureWarning on "[[" is not the reader's concern here
                    warnings.simplefilter("ignore", FutureWarning)
                    re.compile(cons["pattern"])
                    re.compile(f"^{cons['pattern']}$")  # as Frictionless compiles it: (?i) midway is refused
            except (re.error, TypeError, OverflowError, RecursionError) as err:  # a{4294967296}, deep nesting
                raise DescriptorError(
                    file, f"{where}.constraints.pattern", f"is not a valid regular expression ({err})"
                ) from None
        for key in ("minimum", "maximum"):
            if key in cons:
                if ftype in ("string", "boolean"):
                    raise DescriptorError(
                        file,
                        f"{where}.constraints.{key}",
                        f"does not apply to a {ftype} field (Table Schema: integer, number, year, date; "
                        "use minLength/maxLength or enum)",
                    )
                _check_bound(file, f"{where}.constraints.{key}", ftype, cons[key])
        for key in ("minLength", "maxLength"):
            if key in cons and (isinstance(cons[key], bool) or not isinstance(cons[key], int)):
                raise DescriptorError(file, f"{where}.constraints.{key}", "must be an integer")
        for key in ("required", "unique"):
            if key in cons and not isinstance(cons[key], bool):
                raise DescriptorError(
                    file, f"{where}.constraints.{key}", f"must be true or false, not {cons[key]!r}"
                )
        for key in ("minLength", "maxLength"):
            if key in cons and cons[key] < 0:
                raise DescriptorError(file, f"{where}.constraints.{key}", "must not be negative")
        if "enum" in cons:
            if not isinstance(cons["enum"], list) or not cons["enum"]:
                raise DescriptorError(file, f"{where}.constraints.enum", "must be a non-empty list")
            for j, value in enumerate(cons["enum"]):
                _check_value(file, f"{where}.constraints.enum[{j}]", ftype, value)
            if len({json.dumps(v) for v in cons["enum"]}) != len(cons["enum"]):
                raise DescriptorError(file, f"{where}.constraints.enum", "lists a value twice")
        if "oneTruePer" in field:
            group = field["oneTruePer"]
            if (
                ftype != "boolean"
                or not isinstance(group, list)
                or not group
                or not all(g in [f.get("name") for f in schema["fields"]] for g in group)
            ):
                raise DescriptorError(
                    file,
                    f"{where}.oneTruePer",
                    "belongs on a boolean field and must list one or more fields of the schema",
                )
        unknown = set(cons) - _CONSTRAINTS
        if unknown:
            raise DescriptorError(
                file,
                f"{where}.constraints",
                f"uses {', '.join(sorted(unknown))}, which sinorus does not check; "
                f"supported: {', '.join(sorted(_CONSTRAINTS))}",
            )
    temporal = desc.get("coverage", {}).get("temporal_field")
    if temporal is not None:
        types = {f["name"]: f.get("type", "string") for f in schema["fields"]}
        if types.get(temporal) not in ("date", "year", "integer"):
            raise DescriptorError(
                file, "coverage.temporal_field", "must name a field of type date, year or integer"
            )
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(v, str) for v in missing):
        raise DescriptorError(file, "schema.missingValues", 'must be a list of strings, such as ["", "NA"]')
    pk = schema.get("primaryKey", [])
    if (
        not isinstance(pk, str | list)
        or ("primaryKey" in schema and not pk)
        or not all(isinstance(k, str) for k in ([pk] if isinstance(pk, str) else pk))
    ):
        raise DescriptorError(
            file, "schema.primaryKey", "must be a field name or a non-empty list of field names"
        )
    for key in [pk] if isinstance(pk, str) else pk:
        if key not in names:
            raise DescriptorError(file, "schema.primaryKey", f"names {key!r}, which is not a field")
    fks = schema.get("foreignKeys", [])
    if not isinstance(fks, list):
        raise DescriptorError(file, "schema.foreignKeys", "must be a list")
    for i, fk in enumerate(fks):
        where = f"schema.foreignKeys[{i}]"
        ref = fk.get("reference") if isinstance(fk, dict) else None
        if not isinstance(ref, dict) or "fields" not in fk or "fields" not in ref:
            raise DescriptorError(
                file, where, "must give 'fields' and a 'reference' with 'resource' and 'fields'"
            )
        own = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
        theirs = [ref["fields"]] if isinstance(ref["fields"], str) else ref["fields"]
        if (
            not isinstance(own, list)
            or not isinstance(theirs, list)
            or len(own) != len(theirs)
            or not own
            or not all(isinstance(k, str) for k in [*own, *theirs])
        ):
            raise DescriptorError(
                file, where, "'fields' and 'reference.fields' must name as many fields, by name"
            )
        for key in own:
            if key not in names:
                raise DescriptorError(file, f"{where}.fields", f"names {key!r}, which is not a field")
        resource = ref.get("resource", "")
        if not isinstance(resource, str) or (
            resource and (not _NAME.fullmatch(resource) or ".." in resource)
        ):
            raise DescriptorError(
                file, f"{where}.reference.resource", "must be '' (this table) or a dataset name"
            )
        if resource == "":
            for key in theirs:
                if key not in names:
                    raise DescriptorError(
                        file, f"{where}.reference.fields", f"names {key!r}, which is not a field"
                    )


def _depth(value: Any, limit: int) -> bool:
    """Whether a JSON value nests no deeper than ``limit`` levels."""
    if limit < 0:
        return False
    if isinstance(value, dict):
        return all(_depth(v, limit - 1) for v in value.values())
    if isinstance(value, list):
        return all(_depth(v, limit - 1) for v in value)
    return True


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _check_metadata(desc: dict, file: str) -> None:
    """The descriptive parts that describe(), cite() and the charts' source lines read."""
    if not _depth(desc, 12):
        raise DescriptorError(file, "", "is nested too deeply (more than 12 levels)")
    for key in ("title", "description", "version", "homepage", "name"):
        if key in desc and not isinstance(desc[key], str):
            raise DescriptorError(file, key, "must be a string")
    if "encoding" in desc and str(desc["encoding"]).lower().replace("-", "") != "utf8":
        raise DescriptorError(file, "encoding", "must be utf-8: sinorus reads UTF-8 only")
    for key in ("dialect", "compression", "scheme"):
        if key in desc:
            raise DescriptorError(
                file, key, "is not supported: sinorus reads plain comma-separated UTF-8 files only"
            )
    if "bytes" in desc and (isinstance(desc["bytes"], bool) or not isinstance(desc["bytes"], int)):
        raise DescriptorError(file, "bytes", "must be an integer (the file's size in bytes)")
    for key in ("sources", "licenses", "contributors"):
        items = desc.get(key, [])
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise DescriptorError(file, key, "must be a list of objects")
        for i, item in enumerate(items):
            for part, value in item.items():
                if part in ("title", "path", "name", "accessed", "email", "role") and not isinstance(
                    value, str
                ):
                    raise DescriptorError(file, f"{key}[{i}].{part}", "must be a string")
            if key == "sources" and "title" not in item:
                raise DescriptorError(file, f"sources[{i}]", "must have a 'title'")
            if key == "licenses" and "name" not in item and "path" not in item:
                raise DescriptorError(file, f"licenses[{i}]", "must have a 'name' or a 'path'")
            if "accessed" in item and not _ISO_DAY.fullmatch(item["accessed"]):
                raise DescriptorError(file, f"{key}[{i}].accessed", "must be a date written YYYY-MM-DD")
    coverage = desc.get("coverage", {})
    if not isinstance(coverage, dict):
        raise DescriptorError(file, "coverage", "must be an object")
    for part, value in coverage.items():
        if not isinstance(value, str):
            raise DescriptorError(file, f"coverage.{part}", "must be a string")
    for part in ("start", "end"):
        value = coverage.get(part, "")
        if value and not (_ISO_DAY.fullmatch(value) or re.fullmatch(r"[0-9]{4}", value)):
            raise DescriptorError(file, f"coverage.{part}", "must be a year or a date (YYYY or YYYY-MM-DD)")
    if "caveats" in desc and (
        not isinstance(desc["caveats"], list) or not all(isinstance(c, str) for c in desc["caveats"])
    ):
        raise DescriptorError(file, "caveats", "must be a list of strings")


#: The field constraints sinorus checks (Table Schema's, all of them).
_CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength"}


def _check_value(file: str, where: str, ftype: str, value: Any) -> None:
    """A constraint's value must be written as the field's type (an enum of a number field holds numbers)."""
    from ._validate import _parse

    if ftype == "boolean":
        ok = isinstance(value, bool)
    elif ftype in ("integer", "year"):
        ok = isinstance(value, int) and not isinstance(value, bool) and _parse(ftype, str(value))[1] is None
    elif ftype == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    else:  # string and date are written as strings; a date must be one
        ok = isinstance(value, str) and (ftype != "date" or _parse("date", value)[1] is None)
    if not ok:
        raise DescriptorError(file, where, f"must be typed as the field ({ftype}), not {value!r}")


def _check_bound(file: str, where: str, ftype: str, bound: Any) -> None:
    from ._validate import _parse  # the validator's own reading of a date, so bounds and cells agree

    ok = {
        "integer": lambda b: isinstance(b, int) and not isinstance(b, bool),
        "year": lambda b: isinstance(b, int) and not isinstance(b, bool),
        "number": lambda b: isinstance(b, int | float) and not isinstance(b, bool) and math.isfinite(b),
        "date": lambda b: isinstance(b, str) and _parse("date", b)[1] is None,
    }.get(ftype, lambda b: True)
    if not ok(bound):
        raise DescriptorError(file, where, f"must be typed as the field ({ftype}), not {bound!r}")


def descriptor(name: str, *, data_dir: str | os.PathLike | None = None) -> dict:
    """Return a dataset's Frictionless Data Resource descriptor as a dict.

    Parameters
    ----------
    name : str
        The dataset's name, e.g. ``"trade"``.
    data_dir : path-like, optional
        A folder of datasets to use instead of the bundled one.

    Returns
    -------
    dict
        A fresh copy; changing it changes nothing on disk.

    Examples
    --------
    >>> import sinorus
    >>> sinorus.descriptor("trade")["schema"]["primaryKey"]
    ['year', 'reporter_iso3', 'partner_iso3', 'flow', 'vintage']
    """
    path = _resolve(name, _dir(data_dir))
    return json.loads(json.dumps(_read_descriptor(path)))


#: Files larger than this (bytes) are read in blocks and validated afresh on every load; smaller ones (every
#: bundled dataset) are kept, bytes and frame, in the per-process cache of validated frames. Kept small, so
#: that the cache holds at most a few tens of MB and a cached load (the bytes, the frame and the copy handed
#: out) stays within a few MB however its ratio to the file's size comes out.
UNCACHED_BYTES = 1_000_000


@lru_cache(maxsize=32)
def _validated(
    name: str, csv_name: str, content: bytes, descriptor_json: bytes, bundled: bool
) -> tuple[pd.DataFrame, np.ndarray]:
    """Validate and type one dataset, once per distinct (CSV bytes, descriptor bytes).

    Keyed on content, not on file times, so an edit is never missed however
    quickly it follows the last read. The frame returned is shared:
    :func:`load` hands out copies. A file that fails validation is never
    cached, so it raises every time. Returns the frame and the CSV line of
    each row (for messages about references into other tables).
    """
    desc = _parse_descriptor(descriptor_json, f"{name}{DESCRIPTOR_SUFFIX}")
    algorithm = _hash_algorithm(desc, csv_name)
    if algorithm:
        _compare_hash(desc, algorithm, hashlib.new(algorithm, content).hexdigest(), csv_name)
    columns, lines = validate_table(content, desc["schema"], csv_name, trusted=bundled)
    return _frame(name, desc, columns, bundled), lines


def _validated_file(
    name: str, csv_path: Path, descriptor_json: bytes, bundled: bool
) -> tuple[pd.DataFrame, np.ndarray]:
    """:func:`_validated` for a large file: read in blocks and hashed as it is read, never cached.

    Neither the file's bytes nor its text are held whole: peak memory stays
    within a small multiple of the file's size.
    """
    desc = _parse_descriptor(descriptor_json, f"{name}{DESCRIPTOR_SUFFIX}")
    algorithm = _hash_algorithm(desc, csv_path.name)
    with open(csv_path, "rb") as raw:
        stream = _Hashing(raw, algorithm or "sha256")
        try:
            columns, lines = validate_table(stream, desc["schema"], csv_path.name, trusted=bundled)
        except DataValidationError:
            if algorithm:  # a changed file is reported as changed, before what is wrong inside it
                _compare_hash(desc, algorithm, stream.finish(), csv_path.name)
            raise
        if algorithm:
            _compare_hash(desc, algorithm, stream.finish(), csv_path.name)
    return _frame(name, desc, columns, bundled), lines


class _Hashing(io.RawIOBase):
    """A binary file that updates a hash with every byte read from it."""

    def __init__(self, raw: Any, algorithm: str) -> None:
        self._raw, self._hash = raw, hashlib.new(algorithm)
        self.name = raw.name  # the file's path, to find bad bytes again

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)
        self._hash.update(memoryview(buffer)[:n])
        return n

    def finish(self) -> str:
        """Read what is left and return the hex digest of the whole file."""
        while chunk := self._raw.read(1 << 20):
            self._hash.update(chunk)
        return self._hash.hexdigest()


def _frame(name: str, desc: dict, columns: dict[str, Any], bundled: bool) -> pd.DataFrame:
    frame = pd.DataFrame(columns, copy=False)
    frame.attrs.update(
        {
            "name": name,
            "title": desc.get("title", name),
            "licence": _licence(desc),
            "sources": _frozen(desc.get("sources", [])),
            "caveats": _frozen(desc.get("caveats", [])),
            "citation": _citation.dataset_text(name, desc, bundled=bundled),
            "version": desc.get("version"),
            "coverage": _frozen(
                {k: v for k, v in desc.get("coverage", {}).items() if k in ("start", "end") and v}
            ),
        }
    )
    return frame


_HASHES = {"md5", "sha1", "sha256", "sha512"}


def _hash_algorithm(desc: dict, csv_name: str) -> str | None:
    """The algorithm of the descriptor's ``hash`` (``md5`` when none is named), or None without a hash."""
    expected = desc.get("hash")
    if expected is None:
        return None
    algorithm = str(expected).rpartition(":")[0] or "md5"
    if algorithm not in _HASHES:
        raise DataValidationError(
            [
                Problem(
                    csv_name,
                    None,
                    None,
                    str(expected),
                    "hash",
                    "the descriptor's hash names an unknown algorithm; use one of "
                    + ", ".join(sorted(_HASHES)),
                )
            ]
        )
    return algorithm


def _compare_hash(desc: dict, algorithm: str, actual: str, csv_name: str) -> None:
    """Refuse a CSV whose bytes do not match the descriptor's ``hash`` (as Frictionless does).

    The hash is ``ALGORITHM:HEXDIGEST``, so an edited CSV whose descriptor
    was not updated (and its ``version`` not bumped) is caught at load time.
    """
    digest = str(desc["hash"]).rpartition(":")[2]
    if actual != digest.lower():
        raise DataValidationError(
            [
                Problem(
                    csv_name,
                    None,
                    None,
                    None,
                    "hash",
                    f"the file's {algorithm} is {actual}, but its descriptor says {digest}: the CSV changed "
                    "without its descriptor: record the new hash with `sinorus rehash NAME` (add --data-dir "
                    "for your own folder), bump the version and note the change in a changelog",
                )
            ]
        )


def rehash(name: str, *, data_dir: str | os.PathLike | None = None) -> str:
    """Record the current hash of a dataset's CSV in its descriptor (after you edited the CSV).

    The descriptor is rewritten in place (through a temporary file), only
    its ``hash`` value changed; a descriptor without a ``hash`` gets none.
    Bump its ``version`` too, and say what changed in a changelog.

    Parameters
    ----------
    name : str
        The dataset.
    data_dir : path-like, optional
        Its folder (the bundled one by default).

    Returns
    -------
    str
        The new hash, ``sha256:...``, or ``""`` when the descriptor has none.

    Raises
    ------
    UnknownDatasetError
        If there is no such dataset.

    Examples
    --------
    >>> import shutil, tempfile, sinorus
    >>> d = tempfile.mkdtemp()
    >>> for f in ("trade.csv", "trade.resource.json"):
    ...     _ = shutil.copy(sinorus.data_dir() / f, d)
    >>> rehash("trade", data_dir=d).startswith("sha256:")
    True
    """
    import hashlib
    import re

    from ._io import write_text

    folder = _dir(data_dir)
    dpath = _resolve(name, folder)
    raw = dpath.read_bytes()
    desc = _parse_descriptor(raw, dpath.name)  # a malformed descriptor is a DescriptorError here too
    text = raw.decode("utf-8")
    if "hash" not in desc:
        return ""
    algorithm = _hash_algorithm(desc, desc["path"])
    csv_path = _csv_path(folder, desc["path"], dpath.name)  # never a file outside the folder
    new = f"{algorithm}:" + hashlib.new(str(algorithm), csv_path.read_bytes()).hexdigest()
    changed = re.sub(r'("hash"\s*:\s*)"[^"]*"', lambda m: f'{m.group(1)}"{new}"', text, count=1)
    try:
        ok = json.loads(changed) == {**desc, "hash": new}  # the top-level hash changed, and nothing else
    except ValueError:
        ok = False
    if not ok:  # the first "hash" in the text was another one (or the key is written with escapes)
        changed = json.dumps({**desc, "hash": new}, indent=2, ensure_ascii=False) + "\n"
    write_text(dpath, changed)
    return new


def _csv_path(folder: Path, path: str, descriptor_file: str) -> Path:
    """A descriptor's CSV: inside its folder (symbolic links resolved) and a regular file."""
    csv_path = (folder / path).resolve()
    if folder.resolve() not in csv_path.parents:
        raise DescriptorError(descriptor_file, "path", "resolves outside the data folder")
    try:
        mode = csv_path.stat().st_mode
    except FileNotFoundError:
        raise DescriptorError(
            descriptor_file, "path", f"names {path!r}, which is not a file in {folder}"
        ) from None
    if not stat.S_ISREG(mode):
        raise DescriptorError(descriptor_file, "path", "is not a regular file (a device or FIFO?)")
    return csv_path


def load(name: str, *, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load a dataset as a typed, validated DataFrame.

    Every call reads the CSV and validates every cell against the
    descriptor's schema (types, required values, enums, ranges, patterns,
    primary key). Nothing is coerced or dropped: any problem raises
    :class:`~sinorus.DataValidationError` listing each one.

    Parameters
    ----------
    name : str
        The dataset's name; see :func:`sinorus.datasets`.
    data_dir : path-like, optional
        A folder of datasets (``NAME.csv`` + ``NAME.resource.json``) to use
        instead of the bundled one, e.g. a student's own.

    Returns
    -------
    pandas.DataFrame
        Columns typed from the schema: integers and years as ``int64``
        (``Int64`` where values are missing), numbers as ``float64``, dates as
        ``datetime64[ns]``, enumerated codes as ``category``, other text as
        ``str`` (pandas' string dtype, held in Arrow memory; a missing cell
        is ``NaN``). ``df.attrs`` holds ``name``, ``title``, ``licence``,
        ``sources``, ``citation`` and ``caveats``; ``sources`` and
        ``caveats`` are read-only (tuples, and read-only dicts), so that
        pandas can carry them through every operation at no cost.

    Raises
    ------
    UnknownDatasetError
        If no dataset has that name (the message suggests the closest).
    DataValidationError
        If the file breaks its schema.

    Examples
    --------
    >>> import sinorus
    >>> df = sinorus.load("trade")
    >>> str(df["flow"].dtype), str(df["year"].dtype)
    ('category', 'int64')
    >>> df.attrs["licence"]
    'CC-BY-4.0'
    """
    folder = _dir(data_dir)
    dpath = _resolve(name, folder)
    descriptor_json = dpath.read_bytes()
    desc = _parse_descriptor(descriptor_json, dpath.name)
    csv_path = _csv_path(folder, desc["path"], dpath.name)
    size = csv_path.stat().st_size
    if "bytes" in desc and size != desc["bytes"]:  # Frictionless checks the size too
        raise DataValidationError(
            [
                Problem(
                    csv_path.name,
                    None,
                    None,
                    None,
                    "bytes",
                    f"the file has {size} bytes; its descriptor says {desc['bytes']}",
                )
            ]
        )
    if size > UNCACHED_BYTES:
        # a large file is read in blocks and validated for this call only: no cached copy to keep
        frame, lines = _validated_file(name, csv_path, descriptor_json, _is_bundled(folder))
    else:
        content = read_file(csv_path)
        frame, lines = _validated(name, csv_path.name, content, descriptor_json, _is_bundled(folder))
        frame = frame.copy(deep=True)  # the cached frame is shared: hand out a copy
    _check_references(name, folder, frame, desc, csv_path.name, lines)
    _LOADED[(folder.resolve(), name)] = None
    return frame


_licence = _citation.licence
_accessed = _citation.accessed
_THREAD = threading.local()  # per thread: the datasets whose references are being checked (a cycle stops)


def _checking() -> set[tuple[Path, str]]:
    if not hasattr(_THREAD, "checking"):
        _THREAD.checking = set()
    return _THREAD.checking


def _check_references(
    name: str, folder: Path, frame: pd.DataFrame, desc: dict, csv_name: str, lines: np.ndarray
) -> None:
    """Foreign keys into another dataset of the same folder: every key must be one of its rows' keys."""
    from ._validate import column_array, foreign_key_problems, one_field_reference
    from .errors import DataValidationError

    fks = [fk for fk in desc["schema"].get("foreignKeys", []) if fk["reference"].get("resource", "")]
    key = (folder.resolve(), name)
    if not fks or key in _checking():
        return
    _checking().add(key)
    try:
        problems = []
        for i, fk in enumerate(fks):
            resource = fk["reference"]["resource"]
            try:
                other = load(resource, data_dir=folder)
            except UnknownDatasetError:
                raise DescriptorError(
                    f"{name}{DESCRIPTOR_SUFFIX}",
                    f"schema.foreignKeys[{i}].reference.resource",
                    f"names {resource!r}, which is not a dataset in {folder}",
                ) from None
            theirs = (
                [fk["reference"]["fields"]]
                if isinstance(fk["reference"]["fields"], str)
                else fk["reference"]["fields"]
            )
            missing = [f for f in theirs if f not in other.columns]
            if missing:
                raise DescriptorError(
                    f"{name}{DESCRIPTOR_SUFFIX}",
                    f"schema.foreignKeys[{i}].reference.fields",
                    f"names {missing[0]!r}, which is not a field of {resource}",
                )
            own = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
            if len(own) == 1 and one_field_reference(  # on the arrays, without a Python value per row
                problems,
                csv_name,
                lines,
                column_array(frame[own[0]]),
                column_array(other[theirs[0]]),
                own[0],
                f"the dataset {resource}",
            ):
                continue
            targets = set(
                zip(
                    *[other[f].astype(object).where(other[f].notna(), None).tolist() for f in theirs],
                    strict=True,
                )
            )
            columns = {f: frame[f].astype(object).where(frame[f].notna(), None).tolist() for f in own}
            problems += foreign_key_problems(
                columns, lines.tolist(), fk, targets, csv_name, f"the dataset {resource}"
            )
        if problems:
            raise DataValidationError(problems)
    finally:
        _checking().discard(key)


def _is_bundled(folder: Path) -> bool:
    return folder.resolve() == data_dir().resolve()


def _coverage_field(desc: dict) -> str | None:
    return desc.get("coverage", {}).get("temporal_field")


def datasets(*, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """List the available datasets, one row each.

    Returns
    -------
    pandas.DataFrame
        Columns ``name``, ``title``, ``rows``, ``start``, ``end`` (first and
        last period covered, as found in the data) and ``licence``.

    Examples
    --------
    >>> import sinorus
    >>> table = sinorus.datasets()
    >>> list(table.columns)
    ['name', 'title', 'rows', 'start', 'end', 'licence']
    >>> bool((table["rows"] > 0).all())
    True
    """
    records = []
    for name in names(data_dir):
        frame = load(name, data_dir=data_dir)
        desc = descriptor(name, data_dir=data_dir)
        field = _coverage_field(desc)
        start = end = None
        if field is not None:
            col = frame[field]
            start, end = col.min(), col.max()
            if isinstance(start, pd.Timestamp):
                start, end = start.date().isoformat(), end.date().isoformat()
            else:
                start, end = str(start), str(end)
        records.append(
            {
                "name": name,
                "title": desc.get("title", name),
                "rows": len(frame),
                "start": start,
                "end": end,
                "licence": _licence(desc),
            }
        )
    return pd.DataFrame.from_records(records, columns=["name", "title", "rows", "start", "end", "licence"])


def _wrap(text: str, indent: str = "    ", width: int = 88) -> str:
    import textwrap

    return textwrap.fill(text, width=width, initial_indent=indent, subsequent_indent=indent)


def describe(name: str, *, data_dir: str | os.PathLike | None = None) -> str:
    """Return a data dictionary for a dataset, as plain text a person can read.

    It lists the title, description, coverage, licence, sources, every field
    (type, unit, constraints, meaning), the primary key and the caveats.

    Examples
    --------
    >>> import sinorus
    >>> text = sinorus.describe("trade")
    >>> "value_usd_bn" in text and "Caveats" in text
    True
    """
    desc = descriptor(name, data_dir=data_dir)
    frame = load(name, data_dir=data_dir)
    out = [desc.get("title", name), "=" * len(desc.get("title", name)), ""]
    if desc.get("description"):
        out += [_wrap(desc["description"], indent=""), ""]
    cov = desc.get("coverage", {})
    out.append(f"Dataset:   {name} ({len(frame)} rows; files {desc['path']}, {name}{DESCRIPTOR_SUFFIX})")
    if cov:
        parts = []
        if cov.get("start") or cov.get("end"):  # a dataset without dates (a lookup table) has neither
            parts.append(f"{cov.get('start') or 'its start'} to {cov.get('end') or 'its end'}")
        parts += [cov[k] for k in ("frequency", "geographic") if cov.get(k)]
        if parts:
            out.append("Coverage:  " + "; ".join(parts))
    out.append(f"Licence:   {_licence(desc)}")
    out += ["", "Sources"]
    for s in desc.get("sources", []):
        line = f"  - {s['title']}"
        if s.get("path"):
            line += f" <{s['path']}>"
        if s.get("accessed"):
            line += f" (accessed {s['accessed']})"
        out.append(line)
    out += ["", "Fields"]
    pk = desc["schema"].get("primaryKey", [])
    for f in desc["schema"]["fields"]:
        unit = f" [{f['unit']}]" if f.get("unit") else ""
        out.append(f"  {f['name']} ({f.get('type', 'string')}){unit}")
        if f.get("description"):
            out.append(_wrap(f["description"], indent="      "))
        rules = _rules_text(f.get("constraints", {}))
        if rules:
            out.append(_wrap("rules: " + rules, indent="      "))
    if pk:
        out += ["", f"Primary key: {', '.join([pk] if isinstance(pk, str) else pk)}"]
    if desc.get("caveats"):
        out += ["", "Caveats"]
        for c in desc["caveats"]:
            out.append(_wrap(c, indent="    ").replace("    ", "  - ", 1))
    return "\n".join(out) + "\n"


def _rules_text(constraints: dict) -> str:
    parts = []
    if constraints.get("required"):
        parts.append("required")
    if constraints.get("unique"):
        parts.append("unique")
    if "enum" in constraints:
        parts.append("one of " + ", ".join(str(v) for v in constraints["enum"]))
    if "minimum" in constraints:
        parts.append(f"minimum {constraints['minimum']}")
    if "maximum" in constraints:
        parts.append(f"maximum {constraints['maximum']}")
    if "pattern" in constraints:
        parts.append(f"pattern {constraints['pattern']}")
    return "; ".join(parts)


def cite(
    *names_: str, style: str = "text", data_dir: str | os.PathLike | None = None, package: bool = True
) -> str:
    """Return how to cite the package and, optionally, some of its datasets.

    Parameters
    ----------
    *names_ : str
        Dataset names to cite alongside the package; each is cited once,
        however often it is named.
    style : {"text", "bibtex"}
        Plain-text references or BibTeX entries (``@misc``, valid for both
        BibTeX and biblatex; keys ``sinorus`` and ``sinorus-NAME``, stable
        across calls). Dataset entries carry ``url`` (the dataset's primary
        source), ``urldate``, ``version`` and a ``note`` listing its sources.
    data_dir : path-like, optional
        A folder of datasets instead of the bundled one. Its datasets are
        credited to their descriptors' ``contributors``, never to sinorus.
    package : bool
        Include the package's own entry (leave it out when appending to a
        ``.bib`` that already has it).

    Returns
    -------
    str
        The references, separated by blank lines, ending with a newline.

    Raises
    ------
    ValueError
        An unknown ``style``.
    UnknownDatasetError
        A name that is not a dataset (the closest is suggested).

    Examples
    --------
    >>> import sinorus
    >>> print(sinorus.cite("trade").splitlines()[0])  # doctest: +ELLIPSIS
    The sinorus contributors (2026). sinorus: ...
    >>> print(sinorus.cite("trade", style="bibtex", package=False).splitlines()[0])
    @misc{sinorus-trade,
    """
    if style not in ("text", "bibtex"):
        raise ValueError(f"style must be 'text' or 'bibtex', not {style!r}")
    folder = _dir(data_dir)
    bundled = _is_bundled(folder) if folder.exists() else False
    wanted = list(dict.fromkeys(names_))
    descs = {name: descriptor(name, data_dir=data_dir) for name in wanted}
    if style == "text":
        entries = [_citation.text()] if package else []
        entries += [_citation.dataset_text(n, d, bundled=bundled) for n, d in descs.items()]
    else:
        entries = [_citation.bibtex()] if package else []
        entries += [
            _citation.dataset_bibtex(n, d, bundled=bundled, folder=folder.name) for n, d in descs.items()
        ]
    return "\n\n".join(entries) + "\n" if entries else ""


_SAFE_URL = re.compile(r"https?://[^\s<>\"'`{}\\]+")


def _md(text: Any) -> str:
    """Text from a descriptor made inert in Markdown: on one line, HTML escaped, punctuation backslashed.

    Line breaks are folded into spaces, so no text can start a heading, a list
    or a block of its own.
    """
    import html

    one_line = " ".join(str(text).split())
    return re.sub(r"([\\`*_\[\]()|#~])", r"\\\1", html.escape(one_line, quote=False))


class SourceList(list):
    """The sources of the datasets loaded so far; prints as a readable list."""

    def __repr__(self) -> str:
        if not self:
            return "No sinorus dataset has been loaded in this session."
        lines = ["Data used in this notebook:"]
        for item in self:
            lines.append(f"- {item['name']}: {item['title']} (licence {item['licence']})")
            if item.get("folder") and Path(item["folder"]) != data_dir().resolve():
                lines.append(f"    read from your folder {item['folder']}")
            for s in item["sources"]:
                acc = f", accessed {s['accessed']}" if s.get("accessed") else ""
                lines.append(f"    source: {s['title']}{acc}")
            lines.append(f"    rows cite their own source_url; see sinorus.describe({item['name']!r})")
        return "\n".join(lines)

    def _repr_markdown_(self) -> str:
        if not self:
            return "_No sinorus dataset has been loaded in this session._"
        lines = ["**Data used in this notebook**", ""]
        for item in self:
            # a dataset name is a plain identifier (checked by load), safe inside a code span
            lines.append(f"- `{item['name']}`: {_md(item['title'])} (licence {_md(item['licence'])})")
            for s in item["sources"]:
                acc = f", accessed {_md(s['accessed'])}" if s.get("accessed") else ""
                path = str(s.get("path") or "")
                # only http(s) links: a javascript: or data: address is shown as text, never linked
                link = f"[{_md(s['title'])}](<{path}>)" if _SAFE_URL.fullmatch(path) else _md(s["title"])
                lines.append(f"  - {link}{acc}")
        lines += ["", "Every row also carries its own `source_url`; see `sinorus.describe(name)`."]
        return "\n".join(lines)


def sources_used(*, data_dir: Any = _ANY) -> SourceList:
    """List the datasets loaded so far in this process, with their sources.

    End a notebook with it so the reader (and the HTML report) sees where
    every figure's data came from.

    Parameters
    ----------
    data_dir : path-like or None, optional
        Only the datasets loaded from this folder (``None``: the bundled
        one). By default, every dataset loaded from any folder.

    Returns
    -------
    SourceList
        A list of dicts (``name``, ``title``, ``licence``, ``sources``,
        ``folder``) in the order the datasets were first loaded; it prints
        as a readable list, and as Markdown in a notebook.

    Examples
    --------
    >>> import sinorus
    >>> _ = sinorus.load("trade")
    >>> "trade" in [item["name"] for item in sinorus.sources_used()]
    True
    """
    wanted = None if data_dir is _ANY else _dir(data_dir).resolve()
    out = SourceList()
    for folder, name in _LOADED:
        if wanted is not None and folder != wanted:
            continue
        try:
            desc = descriptor(name, data_dir=folder)
        except (
            OSError,
            UnknownDatasetError,
            DescriptorError,
        ):  # its folder was moved or changed since the load
            desc = {"title": f"{name} (its descriptor can no longer be read from {folder})"}
        out.append(
            {
                "name": name,
                "title": desc.get("title", name),
                "licence": _licence(desc),
                "sources": desc.get("sources", []),
                "folder": str(folder),
            }
        )
    return out
