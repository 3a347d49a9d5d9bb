"""Argument checks shared by every public function of sinorus.

One place decides what a country code, a date, a year or a category must
look like, so every function in :mod:`sinorus.metrics`, :mod:`sinorus.fx`
and :mod:`sinorus.claims` accepts the same things and refuses the rest with
the same kind of message: what was wrong, and what is allowed. Nothing is
coerced quietly:

* **country codes** are ISO 3166-1 alpha-3, upper case (``"RUS"``), or one
  of the aggregates the datasets use (:data:`PSEUDO_CODES`: ``WLD`` for the
  world, ``EMU`` for the euro area). Lower case is refused, with the upper
  case code suggested, rather than silently matching nothing. A valid code
  that the frame does not hold raises :class:`ValueError` listing the codes
  it does hold;
* **dates** are ISO ``YYYY-MM-DD`` strings, :class:`datetime.date` or
  :class:`datetime.datetime`, :class:`pandas.Timestamp` or
  :class:`numpy.datetime64`, all without a time zone. Integers and floats
  (which pandas would read as nanoseconds since 1970), other string layouts
  (``01/06/2019`` is ambiguous) and time-zone-aware values are refused;
* **years** are integers; a string such as ``"2015"`` raises
  :class:`TypeError`;
* **categories** (a format, a setting, a flow, a commodity, ``by``,
  ``freq``...) must be one of the values present, and the closest one is
  suggested.

These helpers are internal; their messages are part of the public behaviour
and are tested in ``tests/test_checks.py``.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "PSEUDO_CODES",
    "allowed",
    "choice",
    "choices",
    "country",
    "coverage",
    "date",
    "dates",
    "folder",
    "frame",
    "number",
    "optional_date",
    "present",
    "within_coverage",
    "year",
]

#: Codes the datasets use that are not ISO 3166-1 countries.
PSEUDO_CODES: dict[str, str] = {"WLD": "World", "EMU": "Euro area"}

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ALPHA3 = re.compile(r"[A-Z]{3}")


def _listing(values: Iterable[Any], limit: int = 60) -> str:
    items = sorted({str(v) for v in values})
    if not items:
        return "(none)"
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items) - limit} more)" if len(items) > limit else "")


def _closest(value: str, allowed: Iterable[Any]) -> str:
    options = [str(a) for a in allowed]
    lower = {o.lower(): o for o in options}
    if value.lower() in lower:
        return f" Did you mean {lower[value.lower()]!r}?"
    close = difflib.get_close_matches(value, options, n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def _where(func: str, arg: str) -> str:
    return f"{func}(): {arg}" if func else arg


def folder(value: Any, *, arg: str = "data_dir", func: str = "") -> Any:
    """Check a data folder argument: ``None`` (the bundled data) or an existing folder of datasets.

    Returns
    -------
    None or the value given
        Unchanged, so the caller passes it on as the user wrote it.

    Raises
    ------
    TypeError
        If ``value`` is neither ``None``, a str nor a path-like object.
    ValueError
        If the folder does not exist, is not a folder, or holds no dataset
        (``NAME.csv`` with ``NAME.resource.json``).

    Examples
    --------
    >>> folder(None) is None
    True
    >>> folder("/nonexistent", func="audit")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: audit(): data_dir='/nonexistent' does not exist; give a folder of datasets ...
    """
    import os
    from pathlib import Path

    if value is None:
        return None
    where = _where(func, arg)
    if not isinstance(value, str | os.PathLike):
        raise TypeError(
            f"{where} must be a folder path (str or pathlib.Path) or None, not {type(value).__name__}"
        )
    path = Path(value)
    advice = "give a folder of datasets (NAME.csv with NAME.resource.json) or None for the bundled data"
    if not path.exists():
        raise ValueError(f"{where}={str(value)!r} does not exist; {advice}")
    if not path.is_dir():
        raise ValueError(f"{where}={str(value)!r} is not a folder; {advice}")
    if not any(path.glob("*.resource.json")):
        raise ValueError(f"{where}={str(value)!r} holds no dataset; {advice}")
    return value


def number(value: Any, *, arg: str, func: str = "", minimum: float | None = None) -> float:
    """Check a numeric argument (an int or float, not a bool or str); return it as a float.

    Examples
    --------
    >>> number("3", arg="several")
    Traceback (most recent call last):
    ...
    TypeError: several must be a number, not the str '3'
    """
    where = _where(func, arg)
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise TypeError(f"{where} must be a number, not the {type(value).__name__} {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{where} must be a finite number, not {value!r}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{where} must be at least {minimum:g}, not {value!r}")
    return float(value)


def flag(value: Any, arg: str, func: str = "") -> bool:
    """Check a true/false argument (a bool, not 0, 1 or a str); return it.

    Examples
    --------
    >>> flag("yes", "bridge_renewals")
    Traceback (most recent call last):
    ...
    TypeError: bridge_renewals must be True or False, not the str 'yes'
    """
    if not isinstance(value, bool | np.bool_):
        raise TypeError(
            f"{_where(func, arg)} must be True or False, not the {type(value).__name__} {value!r}"
        )
    return bool(value)


def default_rows(rows: pd.DataFrame, func: str, what: str) -> pd.DataFrame:
    """The rows a metric uses: those marked ``default`` when the frame has that column, else all.

    Datasets that keep several figures of one thing (other sources, later
    vintages, another date) mark the one to use with a boolean ``default``.

    Raises
    ------
    ValueError
        If a ``default`` cell is empty: which row counts is not guessed.
    """
    if "default" not in rows.columns:
        return rows
    flag = rows["default"]
    if flag.isna().any():
        raise ValueError(f"{func}(): the default column is empty for {what}; mark each row true or false")
    return rows[flag.astype(bool).to_numpy()]


def frame(obj: Any, columns: Sequence[str], func: str) -> pd.DataFrame:
    """Check that ``obj`` is a DataFrame with these columns; return it.

    Raises
    ------
    TypeError
        If ``obj`` is not a :class:`pandas.DataFrame`.
    KeyError
        If a column is missing; the message lists the columns it has.

    Examples
    --------
    >>> import pandas as pd
    >>> frame(pd.DataFrame({"a": [1]}), ["b"], "f")
    Traceback (most recent call last):
    ...
    KeyError: "f() needs column(s) 'b'; the frame has 'a'"
    """
    if not isinstance(obj, pd.DataFrame):
        raise TypeError(f"{func}() needs a pandas DataFrame, not {type(obj).__name__}")
    missing = [c for c in columns if c not in obj.columns]
    if missing:
        raise KeyError(
            f"{func}() needs column(s) {', '.join(map(repr, missing))}; "
            f"the frame has {', '.join(map(repr, obj.columns))}"
        )
    return obj


def country(
    value: Any, *, arg: str, func: str = "", among: Iterable[Any] | None = None, what: str = ""
) -> str:
    """Check an ISO 3166-1 alpha-3 code (or a pseudo-code); return it.

    Parameters
    ----------
    value : str
        The code given.
    arg, func : str
        The argument's and the function's names, for the message.
    among : iterable of str, optional
        The codes the data hold; a valid code not among them is refused.
    what : str
        Where ``among`` comes from (e.g. ``"the frame's partner_iso3"``).

    Raises
    ------
    TypeError
        If ``value`` is not a str.
    ValueError
        If it is not an upper-case ISO 3166-1 alpha-3 code or pseudo-code,
        or not among the codes present.

    Examples
    --------
    >>> country("RUS", arg="partner")
    'RUS'
    >>> country("rus", arg="partner", among=["RUS", "WLD"])
    Traceback (most recent call last):
    ...
    ValueError: partner='rus' is not an ISO 3166-1 alpha-3 code (codes are upper case). Did you mean 'RUS'?
    """
    where = _where(func, arg)
    if not isinstance(value, str):
        raise TypeError(f"{where} must be an ISO 3166-1 alpha-3 code as a str, not {type(value).__name__}")
    pool = None if among is None else sorted({str(v) for v in among if not pd.isna(v)})
    if pool is not None and value in pool and _ALPHA3.fullmatch(value):
        return value  # present in the data, whose codes the dataset tests check against ISO 3166
    if not _ALPHA3.fullmatch(value) or not _is_code(value):
        upper = value.upper()
        if pool:
            hint = _closest(value, pool)
        elif upper != value and _ALPHA3.fullmatch(upper) and _is_code(upper):
            hint = f" Did you mean {upper!r}?"
        else:
            hint = ""
        case = (
            " (codes are upper case)" if value.upper() != value and _ALPHA3.fullmatch(value.upper()) else ""
        )
        raise ValueError(f"{where}={value!r} is not an ISO 3166-1 alpha-3 code{case}.{hint}")
    if pool is not None and value not in pool:
        source = f" {what}" if what else " the data"
        raise ValueError(f"{where}={value!r} is not in{source}; the codes present are: {_listing(pool)}")
    return value


def _is_code(code: str) -> bool:
    if code in PSEUDO_CODES:
        return True
    import pycountry

    return pycountry.countries.get(alpha_3=code) is not None


def present(frame_: pd.DataFrame, *columns: str) -> list[str]:
    """The distinct non-missing values of some columns of a frame, as sorted strings.

    Examples
    --------
    >>> import pandas as pd
    >>> present(pd.DataFrame({"a": ["RUS", "CHN"], "b": ["USA", None]}), "a", "b")
    ['CHN', 'RUS', 'USA']
    """
    out: set[str] = set()
    for column in columns:
        out |= {str(v) for v in pd.unique(frame_[column].astype(object)) if not pd.isna(v)}
    return sorted(out)


def allowed(frame_: pd.DataFrame, column: str) -> list[str]:
    """The values a column may take: its categories if categorical, else the values present.

    Examples
    --------
    >>> import pandas as pd
    >>> allowed(pd.DataFrame({"f": pd.Categorical(["a"], categories=["a", "b"])}), "f")
    ['a', 'b']
    """
    col = frame_[column]
    if isinstance(col.dtype, pd.CategoricalDtype):
        return [str(c) for c in col.cat.categories]
    return present(frame_, column)


def date(value: Any, *, arg: str, func: str = "") -> pd.Timestamp:
    """Check a date argument; return it as a naive :class:`pandas.Timestamp`.

    Accepted: an ISO ``YYYY-MM-DD`` string, a :class:`datetime.date` or
    :class:`datetime.datetime`, a :class:`pandas.Timestamp` or a
    :class:`numpy.datetime64`, none of them time-zone-aware.

    Raises
    ------
    TypeError
        For a number (pandas would read it as nanoseconds since 1970), a
        bool, ``None`` or any other type.
    ValueError
        For a string that is not ``YYYY-MM-DD`` or not a real day, a
        time-zone-aware value (pass ``ts.tz_localize(None)`` to keep its
        calendar date), or NaT.

    Examples
    --------
    >>> date("2019-06-05", arg="start")
    Timestamp('2019-06-05 00:00:00')
    >>> date(2020, arg="start", func="rate_ratio")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: rate_ratio(): start must be a date (an ISO 'YYYY-MM-DD' str, ...), not int 2020
    >>> date("01/06/2019", arg="end")
    Traceback (most recent call last):
    ...
    ValueError: end='01/06/2019' is not an ISO date: write it as YYYY-MM-DD (e.g. '2019-06-01')
    """
    where = _where(func, arg)
    if isinstance(value, str):
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(
                f"{where}={value!r} is not an ISO date: write it as YYYY-MM-DD (e.g. '2019-06-01')"
            )
        try:
            day = _dt.date.fromisoformat(value)
        except ValueError as err:
            raise ValueError(f"{where}={value!r} is not a real day ({err})") from None
        return _in_range(day, where, value)
    if isinstance(value, pd.Timestamp | _dt.datetime):
        if value.tzinfo is not None:
            raise ValueError(
                f"{where}={value!r} is time-zone-aware; sinorus dates are calendar days without a time zone: "
                "pass value.tz_localize(None) (a Timestamp) or value.date()"
            )
        if pd.isna(value):
            raise ValueError(f"{where} is NaT, not a date")
        return _in_range(value.date(), where, value)
    if isinstance(value, _dt.date):
        return _in_range(value, where, value)
    if isinstance(value, np.datetime64):
        if np.isnat(value):
            raise ValueError(f"{where} is NaT, not a date")
        return _in_range(value.astype("datetime64[D]").item(), where, value)
    shown = f" {value!r}" if isinstance(value, int | float | np.number) else ""
    raise TypeError(
        f"{where} must be a date (an ISO 'YYYY-MM-DD' str, datetime.date or pandas.Timestamp), "
        f"not {type(value).__name__}{shown}"
    )


#: The days a pandas Timestamp (nanoseconds) can hold.
FIRST_DAY, LAST_DAY = _dt.date(1678, 1, 1), _dt.date(2261, 12, 31)


def _in_range(day: Any, where: str, value: Any) -> pd.Timestamp:
    """A calendar day as a Timestamp at midnight (a time of day is dropped), or an error outside 1678-2261."""
    if not isinstance(day, _dt.date) or not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"{where}={value!r} is outside the days sinorus can compare ({FIRST_DAY} to {LAST_DAY}); "
            "no dataset reaches that far"
        )
    return pd.Timestamp(day.year, day.month, day.day)


def coverage(frame_: pd.DataFrame, column: str) -> tuple[Any, Any]:
    """The period a frame's data are meant to cover completely, if it says so.

    :func:`sinorus.load` keeps each descriptor's ``coverage`` (``start``,
    ``end``) in ``df.attrs["coverage"]``, and pandas carries it through
    filtering. A frame of your own can declare it the same way. Returns
    Timestamps for a date column, ints for a year column, and ``(None, None)``
    when the frame declares no coverage (then no window is refused).
    """
    cov = frame_.attrs.get("coverage") or {}
    if not cov.get("start") or not cov.get("end"):
        return None, None
    if pd.api.types.is_datetime64_dtype(frame_[column]):
        return pd.Timestamp(str(cov["start"])), pd.Timestamp(str(cov["end"]))
    return int(str(cov["start"])[:4]), int(str(cov["end"])[:4])


def within_coverage(lo: Any, hi: Any, frame_: pd.DataFrame, column: str, *, func: str = "") -> None:
    """Refuse a window (or one day: ``hi=None``) reaching outside the period the data cover.

    A count over time the data do not cover would read unrecorded time as
    zero, so it is refused, naming the coverage.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"date": pd.to_datetime(["2013-03-22", "2026-05-01"])})
    >>> f.attrs["coverage"] = {"start": "2013-03-14", "end": "2026-05-20"}
    >>> lo, hi = pd.Timestamp("2010-01-01"), pd.Timestamp("2016-12-31")
    >>> within_coverage(lo, hi, f, "date", func="f")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: f(): the window 2010-01-01 to 2016-12-31 reaches outside the data, which cover 2013-03-14 ...
    """
    first, last = coverage(frame_, column)
    if first is None:
        return

    def show(v: Any) -> str:
        return str(v.date()) if isinstance(v, pd.Timestamp) else str(v)

    if (
        (lo is not None and lo < first)
        or (hi is not None and hi > last)
        or (hi is None and lo is not None and lo > last)
    ):
        prefix = f"{func}(): " if func else ""
        span = f"the day {show(lo)}" if hi is None else f"the window {show(lo)} to {show(hi)}"
        raise ValueError(
            f"{prefix}{span} reaches outside the data, which cover {show(first)} to {show(last)}; "
            "a count there would read unrecorded time as zero"
        )


def optional_date(value: Any, *, arg: str, func: str = "") -> pd.Timestamp | None:
    """:func:`date`, or ``None`` when ``value`` is ``None``."""
    return None if value is None else date(value, arg=arg, func=func)


def dates(values: Any, *, arg: str, func: str = "") -> pd.DatetimeIndex:
    """Check a sequence (list, Series, Index, array) of dates; return them as a DatetimeIndex.

    Raises
    ------
    TypeError, ValueError
        As :func:`date`, for the first bad element (its position is named).

    Examples
    --------
    >>> dates(["2020-01-01", "2021-01-01"], arg="at").year.tolist()
    [2020, 2021]
    """
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise TypeError(f"{_where(func, arg)} must be a sequence of dates, not {type(values).__name__}")
    if isinstance(values, pd.Series | pd.Index) and pd.api.types.is_datetime64_dtype(values.dtype):
        if values.isna().any():
            raise ValueError(f"{_where(func, arg)} holds NaT at position {int(np.argmax(values.isna()))}")
        return pd.DatetimeIndex(values)
    out = [date(v, arg=f"{arg}[{i}]", func=func) for i, v in enumerate(values)]
    return pd.DatetimeIndex(out)


def window(
    start: pd.Timestamp | None, end: pd.Timestamp | None, *, func: str = "", strict: bool = False
) -> None:
    """Refuse a window whose end comes before (or, if ``strict``, on) its start.

    Examples
    --------
    >>> window(pd.Timestamp("2021-01-01"), pd.Timestamp("2020-01-01"), func="f")
    Traceback (most recent call last):
    ...
    ValueError: f(): end (2020-01-01) must not be before start (2021-01-01)
    """
    if start is None or end is None:
        return
    if end < start or (strict and end == start):
        rel = "must be after" if strict else "must not be before"
        prefix = f"{func}(): " if func else ""
        raise ValueError(f"{prefix}end ({end.date()}) {rel} start ({start.date()})")


def year(value: Any, *, arg: str, func: str = "", among: Iterable[Any] | None = None) -> int:
    """Check a year argument (an int); return it as an int.

    Raises
    ------
    TypeError
        If ``value`` is not an integer (a str ``"2015"`` or a float ``2015.0``
        included).
    ValueError
        If it is outside 1000-9999, or not among the years ``among``.

    Examples
    --------
    >>> year(2015, arg="start_year")
    2015
    >>> year("2015", arg="start_year", func="cagr")
    Traceback (most recent call last):
    ...
    TypeError: cagr(): start_year must be a year as an int (e.g. 2015), not the str '2015'
    """
    where = _where(func, arg)
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(
            f"{where} must be a year as an int (e.g. 2015), not the {type(value).__name__} {value!r}"
        )
    value = int(value)
    if not 1000 <= value <= 9999:
        raise ValueError(f"{where}={value} is not a four-digit year")
    if among is not None:
        pool = sorted({int(v) for v in among})
        if value not in pool:
            span = f"{pool[0]}-{pool[-1]}" if pool else "(none)"
            raise ValueError(f"{where}={value} has no data; the years present are {span}: {_listing(pool)}")
    return value


def year_window(start: int | None, end: int | None, *, func: str = "") -> None:
    """Refuse ``end_year`` before ``start_year``."""
    if start is not None and end is not None and end < start:
        prefix = f"{func}(): " if func else ""
        raise ValueError(f"{prefix}end_year ({end}) must not be before start_year ({start})")


def choice(value: Any, allowed: Iterable[Any], *, arg: str, func: str = "", what: str = "") -> str:
    """Check a categorical argument against the values allowed (or present); return it.

    Raises
    ------
    TypeError
        If ``value`` is not a str.
    ValueError
        If it is not allowed; the message suggests the closest value and
        lists them all.

    Examples
    --------
    >>> choice("in person", ["in-person", "phone", "video"], arg="formats")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: formats='in person' is not one of the values present: ... Did you mean 'in-person'?
    """
    where = _where(func, arg)
    pool = [str(a) for a in allowed]
    if not isinstance(value, str):
        raise TypeError(f"{where} must be a str, one of {_listing(pool)}; not {type(value).__name__}")
    if value not in pool:
        source = what or "the values present"
        raise ValueError(
            f"{where}={value!r} is not one of {source}: {_listing(pool)}.{_closest(value, pool)}"
        )
    return value


def choices(values: Any, allowed: Iterable[Any], *, arg: str, func: str = "", what: str = "") -> list[str]:
    """Check a list of categorical values (a bare str is refused: wrap it in a list).

    Raises
    ------
    TypeError
        If ``values`` is a str or not a sequence.
    ValueError
        If any value is not allowed, or the list is empty.

    Examples
    --------
    >>> choices(["phone"], ["in-person", "phone"], arg="formats")
    ['phone']
    """
    where = _where(func, arg)
    if isinstance(values, str):
        raise TypeError(f"{where} must be a list of str, e.g. [{values!r}], not a bare str")
    if not isinstance(values, Iterable):
        raise TypeError(f"{where} must be a list of str, not {type(values).__name__}")
    out = [choice(v, allowed, arg=arg, func=func, what=what) for v in values]
    if not out:
        raise ValueError(f"{where} is empty; give at least one of {_listing(allowed)}")
    return out
