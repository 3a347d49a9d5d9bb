"""Check a notebook's parameters against the data it will use, before anything runs.

Every notebook opens with a ``parameters`` cell (papermill's convention) and,
right after it, a cell that calls :func:`check_parameters`. Each parameter is
described by a rule (:func:`data_dir`, :func:`country`, :func:`pair`,
:func:`date`, :func:`year`, :func:`choice`, :func:`choices`,
:func:`number`); the rules run in the order given, can refer to parameters
checked before them by name (``after="START"``), and read the data from the
folder in ``DATA_DIR``. The first parameter that fails stops the notebook
with a :class:`ParameterError` that names the parameter, the value given,
what is wrong and what is allowed.

Papermill passes ``-p NAME VALUE`` values as ints, floats, booleans, ``None``
or strings, and ``-y`` YAML values as lists and dates. So the rules accept a
list parameter as a string too (``-p BASELINE CHN-USA``, ``-p TOPICS
energy,trade``) and a date as a YAML date; the checked values come back
normalised (lists as lists of str, dates as ISO strings).

Examples
--------
>>> from sinorus.parameters import check_parameters, country, data_dir, year
>>> checked = check_parameters(
...     DATA_DIR=data_dir(None, needs=["trade"]),
...     PARTNER=country("RUS", data=("trade", "partner_iso3")),
...     START_YEAR=year(2010, data=("trade", "year")),
...     END_YEAR=year(2020, after="START_YEAR", data=("trade", "year")),
... )
>>> checked.PARTNER, checked.END_YEAR
('RUS', 2020)
>>> check_parameters(PARTNER=country("KAZ", data=("trade", "partner_iso3")))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
sinorus.parameters.ParameterError: PARTNER = 'KAZ': not in trade.partner_iso3; the codes ... RUS, WLD
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from . import _checks

__all__ = [
    "ParameterError",
    "Parameters",
    "check_parameters",
    "choice",
    "choices",
    "country",
    "data_dir",
    "date",
    "equals",
    "number",
    "pair",
    "year",
]


class ParameterError(ValueError):
    """A notebook parameter is not usable: the message names it, says why and lists what is allowed."""

    def __init__(self, name: str, value: Any, reason: str):
        self.name, self.value, self.reason = name, value, reason
        super().__init__(f"{name} = {value!r}: {reason}")


class Parameters(dict):
    """The checked, normalised parameters: a dict that also allows ``checked.NAME``."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"no parameter {name!r} was checked; checked: {', '.join(self)}") from None

    def __repr__(self) -> str:
        lines = [f"{len(self)} parameters checked against the data:"]
        for name, value in self.items():
            shown = "None (the bundled datasets)" if name == "DATA_DIR" and value is None else repr(value)
            lines.append(f"  {name} = {shown}")
        return "\n".join(lines)


@dataclass
class _Context:
    data_dir: Any = None
    values: dict[str, Any] = field(default_factory=dict)

    def frame(self, dataset: str) -> pd.DataFrame:
        from ._datasets import load

        return load(dataset, data_dir=self.data_dir)

    def ref(self, name: str, asker: str) -> Any:
        if name not in self.values:
            raise RuntimeError(f"the rule of {asker} refers to {name}, which must be checked before it")
        return self.values[name]


@dataclass
class Rule:
    """One parameter's rule: the value given and a function that checks it in a context."""

    value: Any
    run: Callable[[str, Any, _Context], Any]


def check_parameters(**rules: Rule) -> Parameters:
    """Check notebook parameters, in order; return them normalised.

    Parameters
    ----------
    **rules : Rule
        ``NAME=rule(value, ...)`` for every parameter, in the order to check
        them: a :func:`data_dir` rule first, then rules that may refer to
        earlier names.

    Returns
    -------
    Parameters
        A dict (also ``checked.NAME``) of the checked values: codes as str,
        pairs and lists as lists of str, dates as ISO ``YYYY-MM-DD`` str,
        years as int.

    Raises
    ------
    ParameterError
        For the first parameter that fails, naming it and listing what is
        allowed (a ``ValueError``).
    TypeError
        If a keyword is not given a rule.

    Examples
    --------
    >>> from sinorus.parameters import check_parameters, date
    >>> check_parameters(START=date("2019-01-01"), END=date("2018-01-01", after="START"))
    Traceback (most recent call last):
    ...
    sinorus.parameters.ParameterError: END = '2018-01-01': must not be before START (2019-01-01)
    """
    ctx = _Context()
    out = Parameters()
    for name, rule in rules.items():
        if not isinstance(rule, Rule):
            raise TypeError(
                f"check_parameters(): {name} needs a rule such as year({name}), not {type(rule).__name__}"
            )
        try:
            value = rule.run(name, rule.value, ctx)
        except ParameterError:
            raise
        except (TypeError, ValueError, LookupError) as err:
            raise ParameterError(name, rule.value, _message(err, name)) from None
        ctx.values[name] = value
        out[name] = value
    return out


def _message(err: BaseException, name: str) -> str:
    """The reason in an error from sinorus._checks, without its leading 'NAME=value' (the
    ParameterError says that already)."""
    text = str(err.args[0]) if err.args else str(err)
    return re.sub(rf"^{re.escape(name)}(=('[^']*'|\S+))? ", "", text)


def _rows(
    ctx: _Context,
    dataset: str,
    where: dict[str, str] | None,
    asker: str,
    between: tuple[str, str, str] | None = None,
) -> tuple[pd.DataFrame, str]:
    """The rows of a dataset where each column equals an earlier parameter (and, with
    ``between`` = (column, start, end), whose column lies between two earlier parameters),
    and a label for messages."""
    frame, label = ctx.frame(dataset), ""
    for column, ref in (where or {}).items():
        wanted = ref.value if isinstance(ref, equals) else ctx.ref(ref, asker)
        frame = frame[frame[column].astype(object) == wanted]
        label += f" (where {column} is {wanted})"
    if between is not None:
        column, lo_ref, hi_ref = between
        lo, hi = ctx.ref(lo_ref, asker), ctx.ref(hi_ref, asker)
        if pd.api.types.is_datetime64_dtype(frame[column]):
            lo, hi = pd.Timestamp(lo), pd.Timestamp(hi)
        frame = frame[frame[column].between(lo, hi)]
        label += f" (from {lo_ref} to {hi_ref}: {_short(lo)} to {_short(hi)})"
    return frame, label


def _short(value: Any) -> str:
    return str(value.date()) if isinstance(value, pd.Timestamp) else str(value)


def _values(
    ctx: _Context,
    data: tuple,
    where: dict[str, str] | None,
    asker: str,
    between: tuple[str, str, str] | None = None,
) -> tuple[list[str], str]:
    dataset, columns = data[0], data[1]
    columns = [columns] if isinstance(columns, str) else list(columns)
    frame, label = _rows(ctx, dataset, where, asker, between)
    return _checks.present(frame, *columns), f"{dataset}.{'/'.join(columns)}{label}"


@dataclass(frozen=True)
class equals:
    """A fixed value in a ``where`` filter (``{"volume_unit": equals("bcm/yr")}``), where a
    bare string names an earlier parameter."""

    value: Any


# --- rules -----------------------------------------------------------------------


def data_dir(value: Any, *, needs: Sequence[str] | str = ()) -> Rule:
    """``None`` (the bundled data) or a folder holding valid copies of the datasets ``needs``
    (``"all"``: every dataset in the folder).

    Each dataset needed is loaded, so a missing or malformed one stops the
    notebook here, not halfway through.
    """

    def run(name: str, value: Any, ctx: _Context) -> Any:
        from ._datasets import load, names

        _checks.folder(value, arg=name)
        if value is not None:
            value = os.fspath(value)
        ctx.data_dir = value
        have = names(value)
        wanted = have if needs == "all" else list(needs)
        missing = [n for n in wanted if n not in have]
        if missing:
            raise ValueError(
                f"the folder lacks the dataset(s) {', '.join(missing)} this notebook uses; "
                f"it holds: {', '.join(have) or '(none)'}"
            )
        for dataset in wanted:
            load(dataset, data_dir=value)
        return value

    return Rule(value, run)


def country(
    value: Any,
    *,
    data: tuple[str, str | Sequence[str]] | None = None,
    where: dict[str, str] | None = None,
    between: tuple[str, str, str] | None = None,
    exclude: Iterable[str] = (),
    optional: bool = False,
) -> Rule:
    """An ISO 3166-1 alpha-3 code (upper case) present in ``data`` = (dataset, column).

    With ``optional``, ``None`` is accepted too (no country: the sections that
    need one say so).

    ``where`` restricts the rows first: ``{"commodity": "COMMODITY"}`` keeps
    the rows whose ``commodity`` equals the checked parameter COMMODITY;
    ``between=("date", "START", "END")`` keeps the rows dated inside the
    window of two checked parameters. Codes in ``exclude`` (e.g. the
    aggregate ``WLD``) are refused.
    """

    def run(name: str, value: Any, ctx: _Context) -> str | None:
        if value is None and optional:
            return None
        if not isinstance(value, str):
            raise TypeError(
                f"must be an ISO 3166-1 alpha-3 code as a str, such as 'RUS', not {type(value).__name__}"
                + (" (or None for none)" if optional else "")
            )
        pool, label = (None, "") if data is None else _values(ctx, data, where, name, between)
        if pool is not None:
            pool = [p for p in pool if p not in set(exclude)]
            if value in pool:
                return value
        if value in set(exclude):
            raise ValueError(
                f"{value} is not allowed here; the codes allowed are: {_checks._listing(pool or [])}"
            )
        _checks.country(value, arg=name)  # malformed or not ISO 3166: says so
        if pool is not None:
            raise ValueError(
                f"not in {label}; the codes it holds are: {_checks._listing(pool)}"
                + (" (or None for none)" if optional else "")
            )
        return value

    return Rule(value, run)


def _as_list(value: Any, name: str) -> list:
    if isinstance(value, str):
        return [v for v in re.split(r"[\s,;/-]+", value.strip()) if v]
    if isinstance(value, list | tuple):
        return list(value)
    raise TypeError(f"must be a list (or a string such as 'CHN-USA'), not {type(value).__name__}")


def pair(
    value: Any,
    *,
    data: tuple[str, Sequence[str]] = ("leader_contacts", ("iso3_a", "iso3_b")),
    between: tuple[str, str, str] | None = None,
    unlike: str | None = None,
) -> Rule:
    """Two different country codes, as a list or a string ``"CHN-USA"``, that occur together in ``data``.

    ``between=("date", "START", "END")`` requires a row of the pair inside
    that window; ``unlike`` names an earlier pair parameter this one must
    differ from.
    """

    def run(name: str, value: Any, ctx: _Context) -> list[str]:
        codes = _as_list(value, name)
        if len(codes) != 2:
            raise ValueError(f"must be two country codes, e.g. ['CHN', 'USA'] or 'CHN-USA', not {len(codes)}")
        dataset, (col_a, col_b) = data
        a, b = (_checks.country(c, arg=f"{name}[{i}]") for i, c in enumerate(codes))
        frame = ctx.frame(dataset)
        pairs = sorted(
            {"-".join(sorted((str(x), str(y)))) for x, y in zip(frame[col_a], frame[col_b], strict=True)}
        )
        if a == b or "-".join(sorted((a, b))) not in pairs:
            raise ValueError(
                f"no contacts for {a}-{b} in {dataset}; the pairs it holds are: {', '.join(pairs)}"
            )
        if between is not None:
            rows, label = _rows(ctx, dataset, None, name, between)
            inside = {
                "-".join(sorted((str(x), str(y)))) for x, y in zip(rows[col_a], rows[col_b], strict=True)
            }
            if "-".join(sorted((a, b))) not in inside:
                raise ValueError(
                    f"no contacts for {a}-{b} in {dataset}{label}; pairs with contacts then: "
                    f"{', '.join(sorted(inside)) or '(none)'}"
                )
        if unlike is not None and sorted((a, b)) == sorted(ctx.ref(unlike, name)):
            raise ValueError(f"is the same pair as {unlike}; choose another pair to compare with")
        return [a, b]

    return Rule(value, run)


def _coverage(ctx: _Context, dataset: str) -> tuple[str, str] | None:
    """The period a dataset's descriptor says it covers, as two strings, or None."""
    from ._datasets import descriptor

    cov = descriptor(dataset, data_dir=ctx.data_dir).get("coverage") or {}
    return (str(cov["start"]), str(cov["end"])) if cov.get("start") and cov.get("end") else None


def date(
    value: Any,
    *,
    after: str | None = None,
    data: tuple[str, str] | None = None,
    where: dict[str, str] | None = None,
    coverage: str | None = None,
) -> Rule:
    """A date (ISO ``YYYY-MM-DD`` string, or a YAML date); returned as an ISO string.

    ``after`` names the window's start parameter: this date must not
    precede it, and with ``data`` = (dataset, column) the window must hold
    at least one row (of the rows ``where`` selects, as for :func:`country`).
    ``coverage`` names a dataset whose descriptor's coverage the date must
    lie in: time the data do not cover would be counted as empty.
    """

    def run(name: str, value: Any, ctx: _Context) -> str:
        day = _checks.date(value, arg=name)
        span = None if coverage is None else _coverage(ctx, coverage)
        if span is not None and not pd.Timestamp(span[0]) <= day <= pd.Timestamp(span[1]):
            raise ValueError(
                f"lies outside the period {coverage} covers, {span[0]} to {span[1]}; "
                "choose a day inside it (time the data do not cover would be counted as empty)"
            )
        if after is not None:
            start = pd.Timestamp(ctx.ref(after, name))
            if day < start:
                raise ValueError(f"must not be before {after} ({start.date()})")
            if data is not None:
                rows, label = _rows(ctx, data[0], where, name)
                col = rows[data[1]]
                inside = col.between(start, day)
                if not inside.any():
                    span = f", which covers {col.min().date()} to {col.max().date()}" if len(col) else ""
                    raise ValueError(
                        f"the window {start.date()} to {day.date()} holds no row of {data[0]}{label}{span}"
                    )
        return day.date().isoformat()

    return Rule(value, run)


def year(
    value: Any,
    *,
    after: str | None = None,
    data: tuple[str, str] | None = None,
    within: tuple[str, str] | None = None,
    where: dict[str, str] | None = None,
    coverage: str | None = None,
) -> Rule:
    """A year (int). ``after`` names the start-year parameter it must not precede; with
    ``data`` = (dataset, column) the window must overlap the years the data cover; ``within``
    names two date (or year) parameters whose years must contain it. ``where`` restricts the
    data's rows as for :func:`country`. ``coverage`` names a dataset whose descriptor's
    coverage the year must lie in."""

    def run(name: str, value: Any, ctx: _Context) -> int:
        y = _checks.year(value, arg=name)
        span = None if coverage is None else _coverage(ctx, coverage)
        if span is not None and not int(span[0][:4]) <= y <= int(span[1][:4]):
            raise ValueError(
                f"lies outside the years {coverage} covers, {span[0][:4]}-{span[1][:4]}; "
                "choose a year inside them (years the data do not cover would be counted as empty)"
            )
        if after is not None:
            start = ctx.ref(after, name)
            if y < start:
                raise ValueError(f"must not be before {after} ({start})")
            if data is not None:
                rows, label = _rows(ctx, data[0], where, name)
                col = rows[data[1]]
                if not col.between(start, y).any():
                    span = f", which covers {int(col.min())}-{int(col.max())}" if len(col) else ""
                    raise ValueError(f"the years {start}-{y} hold no row of {data[0]}{label}{span}")
        if within is not None:
            lo, hi = (_year_of(ctx.ref(ref, name)) for ref in within)
            if not lo <= y <= hi:
                raise ValueError(
                    f"lies outside the period chosen ({within[0]}..{within[1]}, years {lo}-{hi}); "
                    f"choose a year from {lo} to {hi} or widen the period"
                )
        return y

    return Rule(value, run)


def _year_of(value: Any) -> int:
    return value if isinstance(value, int) else pd.Timestamp(value).year


def choice(
    value: Any,
    options: Iterable[Any] | None = None,
    *,
    data: tuple[str, str] | None = None,
    where: dict[str, str] | None = None,
) -> Rule:
    """One of ``options``, or of the values in ``data`` = (dataset, column)."""

    def run(name: str, value: Any, ctx: _Context) -> str:
        pool, label = (
            (list(options or []), "the choices") if data is None else _values(ctx, data, where, name)
        )
        if not isinstance(value, str):
            raise TypeError(f"must be a str, one of: {_checks._listing(pool)}")
        if value not in pool:
            raise ValueError(f"not one of {label}: {_checks._listing(pool)}.{_checks._closest(value, pool)}")
        return value

    return Rule(value, run)


def choices(
    value: Any,
    options: Iterable[Any] | None = None,
    *,
    data: tuple[str, str] | None = None,
    optional: bool = False,
) -> Rule:
    """A list of values from ``options`` (or ``data``), or a comma-separated string of them;
    ``None`` too when ``optional`` (meaning all)."""

    def run(name: str, value: Any, ctx: _Context) -> list[str] | None:
        if value is None and optional:
            return None
        pool, label = (list(options or []), "the choices") if data is None else _values(ctx, data, None, name)
        items = (
            [v.strip() for v in value.split(",") if v.strip()]
            if isinstance(value, str)
            else _as_list(value, name)
        )
        if not items:
            raise ValueError(
                f"is empty; give some of: {_checks._listing(pool)}"
                + (" (or None for all)" if optional else "")
            )
        for item in items:
            if item not in pool:
                raise ValueError(
                    f"{item!r} is not one of {label}: {_checks._listing(pool)}."
                    f"{_checks._closest(str(item), pool)}"
                )
        return items

    return Rule(value, run)


def number(
    value: Any, *, minimum: float | None = None, maximum: float | None = None, integer: bool = False
) -> Rule:
    """A number (an int when ``integer``) from ``minimum`` to ``maximum``."""

    def run(name: str, value: Any, ctx: _Context) -> float | int:
        if integer and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(f"must be a whole number (int), not the {type(value).__name__} {value!r}")
        x = _checks.number(value, arg=name)
        if (minimum is not None and x < minimum) or (maximum is not None and x > maximum):
            raise ValueError(f"must be from {minimum} to {maximum}")
        return int(value) if integer else value

    return Rule(value, run)


_RULE_DOC = """
    Returns
    -------
    Rule
        To pass to :func:`check_parameters` as ``NAME=...``; nothing is
        checked until then.

    Raises
    ------
    ParameterError
        Raised by :func:`check_parameters`, naming the parameter, when the
        value breaks the rule.

    Examples
    --------
    >>> from sinorus.parameters import check_parameters, {name}
    >>> {example}
    {result}
"""

_EXAMPLES = {
    data_dir: ('check_parameters(DATA_DIR=data_dir(None, needs=["trade"])).DATA_DIR is None', "True"),
    country: ('check_parameters(P=country("RUS", data=("trade", "partner_iso3"))).P', "'RUS'"),
    pair: ('check_parameters(DYAD=pair("CHN-RUS")).DYAD', "['CHN', 'RUS']"),
    date: ('check_parameters(START=date("2013-03-14", coverage="leader_contacts")).START', "'2013-03-14'"),
    year: ('check_parameters(Y=year(2015, coverage="trade")).Y', "2015"),
    choice: ('check_parameters(F=choice("total", data=("trade", "flow"))).F', "'total'"),
    choices: (
        'check_parameters(T=choices("energy,trade", data=("claims", "topic"))).T',
        "['energy', 'trade']",
    ),
    number: ("check_parameters(N=number(3, minimum=1)).N", "3"),
}
for _rule, (_example, _result) in _EXAMPLES.items():
    _rule.__doc__ = (
        (_rule.__doc__ or "").rstrip()
        + "\n"
        + _RULE_DOC.format(name=_rule.__name__, example=_example, result=_result)
    )
