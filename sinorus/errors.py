"""Exceptions raised by :mod:`sinorus`.

Every error names what went wrong precisely enough to fix it without a
debugger: the file, the CSV line, the column, the offending value and the
rule it broke.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DataValidationError", "DescriptorError", "Problem", "UnknownDatasetError"]


@dataclass(frozen=True)
class Problem:
    """One validation problem in one place of a CSV file.

    Attributes
    ----------
    file : str
        The file's name (not its full path, so messages stay short).
    line : int or None
        The 1-based physical line of the CSV file; the header is line 1.
        ``None`` for problems with the file as a whole.
    column : str or None
        The column's name, or ``None`` for problems with a whole row or file.
    value : str or None
        The raw text of the offending cell, or ``None``.
    rule : str
        The rule broken, e.g. ``"type: number"`` or ``"enum"``.
    message : str
        A sentence a person can act on.
    """

    file: str
    line: int | None
    column: str | None
    value: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        value = "" if self.value is None else f" value {self.value!r}:"
        return f"{', '.join(where)}:{value} {self.message} [rule: {self.rule}]"


class DataValidationError(ValueError):
    """A dataset file broke its descriptor's rules.

    The message lists every problem found (up to a limit), one per line, each
    with file, line, column, value and rule; :attr:`problems` holds them as
    :class:`Problem` objects (the first 10,000; :attr:`more` counts the rest).

    Examples
    --------
    >>> from sinorus.errors import DataValidationError, Problem
    >>> p = Problem("trade.csv", 3, "year", "20x1", "type: year", "is not a year")
    >>> str(DataValidationError([p])).splitlines()[1]
    "  trade.csv, line 3, column 'year': value '20x1': is not a year [rule: type: year]"
    """

    MAX_LISTED = 50

    def __init__(self, problems: list[Problem], *, more: int = 0):
        self.problems = list(problems)
        #: Problems found beyond those in :attr:`problems` (a file with very many is not held whole).
        self.more = more
        n = len(self.problems) + more
        head = f"{n} problem{'s' if n != 1 else ''} found:"
        lines = [f"  {p}" for p in self.problems[: self.MAX_LISTED]]
        if n > self.MAX_LISTED:
            lines.append(f"  ... and {n - self.MAX_LISTED} more")
        super().__init__("\n".join([head, *lines]))


class DescriptorError(ValueError):
    """A dataset's descriptor (``NAME.resource.json``) is malformed or unsafe.

    The message names the file, the field and the key, and what is allowed.

    Examples
    --------
    >>> from sinorus.errors import DescriptorError
    >>> str(DescriptorError("x.resource.json", "schema", "is missing"))
    "x.resource.json: 'schema' is missing"
    """

    def __init__(self, file: str, where: str, message: str):
        self.file, self.where = file, where
        super().__init__(f"{file}: {where!r} {message}" if where else f"{file}: {message}")


class UnknownDatasetError(LookupError):
    """No dataset has the requested name.

    The message lists the available names and suggests the closest one.

    Examples
    --------
    >>> import sinorus
    >>> try:
    ...     sinorus.load("trades")
    ... except sinorus.UnknownDatasetError as err:
    ...     print("Did you mean 'trade'?" in str(err))
    True
    """

    def __init__(self, name: str, available: list[str], suggestion: str | None):
        self.name = name
        self.available = list(available)
        self.suggestion = suggestion
        hint = f" Did you mean {suggestion!r}?" if suggestion else ""
        listing = ", ".join(self.available) if self.available else "(none)"
        super().__init__(f"Unknown dataset {name!r}.{hint} Available datasets: {listing}.")

    def __str__(self) -> str:  # LookupError would repr() the message
        return str(self.args[0])
