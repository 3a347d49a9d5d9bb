"""Leader-contact metrics on frames shaped like the ``leader_contacts`` dataset.

The frame has one row per reported contact between two heads of state:
``date`` (naive datetime64), ``iso3_a`` and ``iso3_b`` (ISO 3166-1 alpha-3),
``format`` (``in-person``, ``video``, ``phone``) and ``setting``
(``bilateral``, ``multilateral``). A dyad is given as two codes in either
order; it must occur in the frame, so a pair the data do not cover (say
RUS-IND in the bundled data, which hold Xi's contacts only) raises instead of
counting zero. Source of the bundled data: Kremlin and Chinese foreign
ministry readouts and wires, one ``source_url`` per row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import _checks

__all__ = [
    "COMPARABLE_COUNTS",
    "RateRatio",
    "contacts_per_period",
    "counts_for_tallies",
    "cumulative_count",
    "dyad_contacts",
    "in_person_gaps",
    "longest_gap",
    "rate_ratio",
    "rolling_count",
]

_COLUMNS = ["date", "iso3_a", "iso3_b", "format", "setting"]
#: Period-end frequencies accepted by ``freq``.
FREQUENCIES = {"YE": "years", "QE": "quarters", "ME": "months"}
#: ``count_type`` values of ``contact_tallies`` that our own count can be set against.
COMPARABLE_COUNTS = ("running total", "in-year", "since date")
#: Columns a count can be split ``by``.
SPLITS = ("format", "setting")


def _text(frame: pd.DataFrame, column: str) -> np.ndarray:
    # plain numpy: this runs in loops, and each pandas operation costs about 1 ms
    return np.asarray(frame[column].astype(object), dtype=object)


def _pairs(frame: pd.DataFrame) -> list[str]:
    a, b = _text(frame, "iso3_a"), _text(frame, "iso3_b")
    return sorted({"-".join(sorted((str(x), str(y)))) for x, y in zip(a, b, strict=True)})


def _check_frame(frame: pd.DataFrame, func: str) -> None:
    _checks.frame(frame, _COLUMNS, func)
    if not pd.api.types.is_datetime64_dtype(frame["date"]) or isinstance(
        frame["date"].dtype, pd.DatetimeTZDtype
    ):
        raise TypeError(
            f"{func}() needs a 'date' column of time-zone-naive datetime64 values "
            f"(as sinorus.load gives), not {frame['date'].dtype}"
        )


def _check_dyad(
    frame: pd.DataFrame, iso3_a: str, iso3_b: str, func: str, *, arg: str = ""
) -> tuple[str, str]:
    """Both codes valid and present, and the pair itself present in the frame."""
    codes = _checks.present(frame, "iso3_a", "iso3_b")
    names = (f"{arg}[0]", f"{arg}[1]") if arg else ("iso3_a", "iso3_b")
    what = "the frame's iso3_a/iso3_b"
    a = _checks.country(iso3_a, arg=names[0], func=func, among=codes, what=what)
    b = _checks.country(iso3_b, arg=names[1], func=func, among=codes, what=what)
    if a == b:
        raise ValueError(f"{func}(): a dyad needs two different countries, not {a}-{b}")
    pair = "-".join(sorted((a, b)))
    pairs = _pairs(frame)
    if pair not in pairs:
        raise ValueError(
            f"{func}(): no contacts for {a}-{b} in the frame, which holds the pairs: {', '.join(pairs)}"
        )
    return a, b


def _check_kinds(frame, formats, settings, func) -> tuple[list[str] | None, list[str] | None]:
    if formats is not None:
        formats = _checks.choices(formats, _checks.allowed(frame, "format"), arg="formats", func=func)
    if settings is not None:
        settings = _checks.choices(settings, _checks.allowed(frame, "setting"), arg="settings", func=func)
    return formats, settings


def _rows(frame, a, b, formats=None, settings=None, start=None, end=None) -> pd.DataFrame:
    """The dyad's rows, filtered; arguments already checked."""
    x, y = _text(frame, "iso3_a"), _text(frame, "iso3_b")
    mask = ((x == a) & (y == b)) | ((x == b) & (y == a))
    if formats is not None:
        mask &= np.isin(_text(frame, "format"), list(formats))
    if settings is not None:
        mask &= np.isin(_text(frame, "setting"), list(settings))
    dates = frame["date"].to_numpy()
    if start is not None:
        mask &= dates >= start.to_datetime64()
    if end is not None:
        mask &= dates <= end.to_datetime64()
    return frame.loc[mask].sort_values("date", kind="stable").reset_index(drop=True)


def _window(start, end, func: str, *, strict: bool = False, frame: pd.DataFrame | None = None):
    """Check a window; with ``frame``, also that it lies inside the period the frame's data cover."""
    lo = _checks.optional_date(start, arg="start", func=func)
    hi = _checks.optional_date(end, arg="end", func=func)
    _checks.window(lo, hi, func=func, strict=strict)
    if frame is not None:
        _covered(frame, lo, hi, func)
    return lo, hi


def _not_before(day, start, func: str) -> None:
    if start is not None and day < start:
        raise ValueError(
            f"{func}(): at ({day.date()}) is before start ({start.date()}): nothing has been counted yet"
        )


def _covered(frame: pd.DataFrame, lo, hi, func: str) -> None:
    if lo is not None and hi is not None:
        _checks.within_coverage(lo, hi, frame, "date", func=func)
    elif lo is not None or hi is not None:
        _checks.within_coverage(lo if lo is not None else hi, None, frame, "date", func=func)


def dyad_contacts(
    frame: pd.DataFrame,
    iso3_a: str = "CHN",
    iso3_b: str = "RUS",
    *,
    formats: Sequence[str] | None = None,
    settings: Sequence[str] | None = None,
    start=None,
    end=None,
) -> pd.DataFrame:
    """The contacts of one pair of countries, optionally filtered, sorted by date.

    Parameters
    ----------
    frame : DataFrame
        Shaped like the ``leader_contacts`` dataset.
    iso3_a, iso3_b : str
        The dyad, in either order: ISO 3166-1 alpha-3 codes, upper case.
    formats, settings : list of str, optional
        Keep only these formats (``in-person``, ``video``, ``phone``) or
        settings (``bilateral``, ``multilateral``).
    start, end : date, optional
        Keep contacts on or after ``start`` and on or before ``end``: ISO
        ``YYYY-MM-DD`` strings, ``datetime.date`` or naive ``Timestamp``.

    Returns
    -------
    DataFrame
        The matching rows (all columns), sorted by date, index reset; it may
        be empty when the filters or the window exclude every contact.

    Raises
    ------
    TypeError
        If the frame is not a DataFrame with a naive datetime64 ``date``, a
        code is not a str, or a date is a number or another type.
    KeyError
        If a column is missing.
    ValueError
        If a code is malformed or absent, the pair has no contact in the
        frame (the pairs it holds are listed), a format or setting is not
        one of those allowed, a date is not ISO, or ``end`` precedes ``start``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2020-01-01", "2020-02-01"]),
    ...                    "iso3_a": ["RUS", "CHN"], "iso3_b": ["CHN", "USA"],
    ...                    "format": ["phone", "phone"], "setting": ["bilateral"] * 2})
    >>> len(dyad_contacts(df, "CHN", "RUS"))
    1
    """
    func = "dyad_contacts"
    _check_frame(frame, func)
    a, b = _check_dyad(frame, iso3_a, iso3_b, func)
    formats, settings = _check_kinds(frame, formats, settings, func)
    lo, hi = _window(start, end, func, frame=frame)
    return _rows(frame, a, b, formats, settings, lo, hi)


def _period_index(lo: pd.Timestamp, hi: pd.Timestamp, freq: str) -> pd.DatetimeIndex:
    offset = pd.tseries.frequencies.to_offset(freq)
    return pd.period_range(lo, hi, freq=offset).to_timestamp(how="end").normalize()


def contacts_per_period(
    frame: pd.DataFrame,
    iso3_a: str = "CHN",
    iso3_b: str = "RUS",
    *,
    freq: str = "YE",
    by: str | Sequence[str] | None = "format",
    formats: Sequence[str] | None = None,
    settings: Sequence[str] | None = None,
    start=None,
    end=None,
) -> pd.DataFrame:
    """Count a dyad's contacts per period, split by format and/or setting.

    Periods with no contact appear with zeros, from ``start`` (or the first
    contact) to ``end`` (or the last). The first and last periods may be
    partial when ``start``/``end`` fall inside them.

    Parameters
    ----------
    frame, iso3_a, iso3_b, formats, settings, start, end
        As for :func:`dyad_contacts`.
    freq : {"YE", "QE", "ME"}
        Years, quarters or months (pandas period-end aliases).
    by : {"format", "setting"}, a list of both, or None
        Column(s) to split by, or ``None`` for one ``contacts`` column.

    Returns
    -------
    DataFrame
        int64 counts indexed by period end (``period_end``); one column per
        category present (or combination, joined by " / "). The ends of the
        periods the window cuts short (a year from March, say) are listed
        in ``df.attrs["partial_periods"]``, so a chart can mark them.

    Raises
    ------
    TypeError, KeyError
        As :func:`dyad_contacts`.
    ValueError
        As :func:`dyad_contacts`; or ``freq`` or ``by`` is not one of those
        allowed; or the window holds no contact and no ``start``/``end``
        bound it.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2019-05-01", "2021-03-01", "2021-04-01"]),
    ...                    "iso3_a": "CHN", "iso3_b": "RUS",
    ...                    "format": ["in-person", "phone", "video"], "setting": "bilateral"})
    >>> contacts_per_period(df, by=None)["contacts"].tolist()
    [1, 0, 2]
    """
    func = "contacts_per_period"
    _check_frame(frame, func)
    a, b = _check_dyad(frame, iso3_a, iso3_b, func)
    formats, settings = _check_kinds(frame, formats, settings, func)
    freq = _checks.choice(freq, FREQUENCIES, arg="freq", func=func, what="the frequencies allowed")
    if by is not None:
        cols = [by] if isinstance(by, str) else list(by)
        cols = [_checks.choice(c, SPLITS, arg="by", func=func, what="the columns allowed") for c in cols]
        if not cols or len(set(cols)) != len(cols):
            raise ValueError(f"{func}(): by must name format and/or setting, each once, not {by!r}")
    lo, hi = _window(start, end, func, frame=frame)
    rows = _rows(frame, a, b, formats, settings, lo, hi)
    return _per_period(rows, freq, None if by is None else cols, lo, hi, f"{func}(): {a}-{b}")


def _per_period(rows, freq, cols, lo, hi, what) -> pd.DataFrame:
    lo = lo if lo is not None else (rows["date"].min() if len(rows) else None)
    hi = hi if hi is not None else (rows["date"].max() if len(rows) else None)
    if lo is None or hi is None:
        raise ValueError(f"{what} has no contacts to count and no start/end to bound the periods")
    index = _period_index(lo, hi, freq)
    period = rows["date"].dt.to_period(pd.tseries.frequencies.to_offset(freq)).dt.to_timestamp(how="end")
    period = period.dt.normalize()
    if cols is None:
        counts = period.value_counts().rename("contacts").to_frame()
    else:
        keys = rows[cols].astype(str)
        labels = keys.agg(" / ".join, axis=1) if keys.shape[1] > 1 else keys.iloc[:, 0]
        counts = pd.crosstab(period, labels)
    counts = counts.reindex(index, fill_value=0).fillna(0).astype("int64")
    counts.index.name = "period_end"
    counts.columns.name = None
    # periods the window cuts: their counts cover only part of the period
    offset = pd.tseries.frequencies.to_offset(freq)
    starts = pd.PeriodIndex(index, freq=offset).start_time.normalize()
    partial = [
        str(e.date()) for s, e in zip(starts, index, strict=True) if s < lo.normalize() or e > hi.normalize()
    ]
    counts.attrs = {**counts.attrs, "partial_periods": partial}
    return counts


def rolling_count(
    frame: pd.DataFrame,
    iso3_a: str = "CHN",
    iso3_b: str = "RUS",
    *,
    months: int = 12,
    formats: Sequence[str] | None = None,
    settings: Sequence[str] | None = None,
    start=None,
    end=None,
) -> pd.Series:
    """Contacts in the trailing ``months`` months, at each month end.

    The first ``months - 1`` month ends (before a full window exists) are
    ``NaN``, not partial counts.

    Parameters
    ----------
    months : int
        Window length in months (at least 1).
    Others
        As for :func:`dyad_contacts`.

    Returns
    -------
    Series
        float64 counts indexed by month end, named ``contacts_{months}m``.

    Raises
    ------
    TypeError, KeyError, ValueError
        As :func:`contacts_per_period`; ``months`` not a positive int.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2020-01-10", "2020-02-10", "2020-03-10"]),
    ...                    "iso3_a": "CHN", "iso3_b": "RUS", "format": "phone",
    ...                    "setting": "bilateral"})
    >>> rolling_count(df, months=2).tolist()
    [nan, 2.0, 2.0]
    """
    func = "rolling_count"
    if isinstance(months, bool) or not isinstance(months, int | np.integer) or months < 1:
        raise TypeError(f"{func}(): months must be a positive int, not {months!r}")
    monthly = contacts_per_period(
        frame, iso3_a, iso3_b, freq="ME", by=None, formats=formats, settings=settings, start=start, end=end
    )
    if months > len(monthly):
        raise ValueError(
            f"{func}(): a {months}-month window is longer than the {len(monthly)} months counted; "
            "every value would be missing"
        )
    return monthly["contacts"].rolling(months, min_periods=months).sum().rename(f"contacts_{months}m")


def cumulative_count(
    frame: pd.DataFrame,
    iso3_a: str = "CHN",
    iso3_b: str = "RUS",
    *,
    at=None,
    formats: Sequence[str] | None = None,
    settings: Sequence[str] | None = None,
    start=None,
    end=None,
) -> pd.Series | int:
    """Running total of a dyad's contacts.

    Parameters
    ----------
    at : date or sequence of dates, optional
        Return the number of contacts on or before this date (an ``int``), or
        on or before each of these dates (a Series indexed by them). Without
        it, return the running total after each contact, indexed by date.
    formats, settings : list of str, optional
        Count only these kinds of contact (officials' tallies often count
        in-person meetings only).
    start, end : date, optional
        Count contacts from ``start`` (e.g. the start of a presidency) up to
        ``end`` (both included); a date in ``at`` after ``end`` gets the
        total up to ``end``.

    Returns
    -------
    int, or Series of int64
        See ``at``.

    Raises
    ------
    TypeError, KeyError, ValueError
        As :func:`dyad_contacts`; a date in ``at`` that is not a date.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2020-01-10", "2020-02-10", "2020-03-10"]),
    ...                    "iso3_a": "CHN", "iso3_b": "RUS", "format": ["phone", "in-person", "phone"],
    ...                    "setting": "bilateral"})
    >>> cumulative_count(df, at="2020-02-10")
    2
    >>> cumulative_count(df, at="2020-12-31", formats=["in-person"])
    1
    >>> cumulative_count(df, at="2020-12-31", end="2020-01-31")
    1
    """
    func = "cumulative_count"
    _check_frame(frame, func)
    a, b = _check_dyad(frame, iso3_a, iso3_b, func)
    formats, settings = _check_kinds(frame, formats, settings, func)
    lo, hi = _window(start, end, func, frame=frame)
    rows = _rows(frame, a, b, formats, settings, lo, hi)
    dates = rows["date"].to_numpy()
    if at is None:
        return pd.Series(np.arange(1, len(rows) + 1), index=rows["date"], name="cumulative_contacts")
    if isinstance(at, str) or not isinstance(at, Sequence | pd.Index | np.ndarray | pd.Series):
        day = _checks.date(at, arg="at", func=func)
        _covered(frame, day, None, func)
        _not_before(day, lo, func)
        return int(np.searchsorted(dates, day.to_datetime64(), side="right"))
    stamps = _checks.dates(at, arg="at", func=func)
    if len(stamps):
        _covered(frame, stamps.min(), stamps.max(), func)
        _not_before(stamps.min(), lo, func)
    counts = np.searchsorted(dates, stamps.to_numpy(), side="right")
    return pd.Series(counts.astype("int64"), index=stamps, name="cumulative_contacts")


def in_person_gaps(
    frame: pd.DataFrame, iso3_a: str = "CHN", iso3_b: str = "RUS", *, start=None, end=None
) -> pd.DataFrame:
    """Days between consecutive in-person meetings of a dyad.

    Both bilateral talks and joint attendance of a multilateral summit count
    as meeting in person; several meetings on one day count once.

    Parameters
    ----------
    start, end : date, optional
        Only the stretches without a meeting that overlap this window. They
        are measured between meetings, wherever those fall: a stretch that
        began before ``start`` or ended after ``end`` is kept whole, not cut
        at the window's edge.
    Others
        As for :func:`dyad_contacts`.

    Returns
    -------
    DataFrame
        Columns ``previous``, ``next`` (datetime64), ``days`` (int64), one
        row per consecutive pair, in date order; empty with fewer than two
        meetings.

    Raises
    ------
    TypeError, KeyError, ValueError
        As :func:`dyad_contacts`.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2019-06-05", "2019-11-13", "2023-03-20"]),
    ...                    "iso3_a": "CHN", "iso3_b": "RUS", "format": "in-person",
    ...                    "setting": "bilateral"})
    >>> in_person_gaps(df)["days"].tolist()
    [161, 1223]
    """
    func = "in_person_gaps"
    _check_frame(frame, func)
    a, b = _check_dyad(frame, iso3_a, iso3_b, func)
    lo, hi = _window(start, end, func, frame=frame)
    rows = _rows(frame, a, b, ["in-person"], None, None, None)
    dates = rows["date"].drop_duplicates().reset_index(drop=True)
    out = pd.DataFrame({"previous": dates.iloc[:-1].to_numpy(), "next": dates.iloc[1:].to_numpy()})
    if lo is not None:
        out = out[out["next"] >= lo]
    if hi is not None:
        out = out[out["previous"] <= hi]
    out = out.reset_index(drop=True)
    out["days"] = (out["next"] - out["previous"]).dt.days.astype("int64")
    return out


def longest_gap(
    frame: pd.DataFrame, iso3_a: str = "CHN", iso3_b: str = "RUS", *, start=None, end=None
) -> pd.Series:
    """The longest stretch without an in-person meeting (a row of :func:`in_person_gaps`).

    Returns
    -------
    Series
        ``previous``, ``next`` and ``days``; the earliest of equal gaps.

    Raises
    ------
    TypeError, KeyError
        As :func:`dyad_contacts`.
    ValueError
        As :func:`dyad_contacts`, or the dyad has fewer than two in-person
        meetings in the window.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2019-06-05", "2019-11-13", "2023-03-20"]),
    ...                    "iso3_a": "CHN", "iso3_b": "RUS", "format": "in-person",
    ...                    "setting": "bilateral"})
    >>> int(longest_gap(df)["days"])
    1223
    """
    gaps = in_person_gaps(frame, iso3_a, iso3_b, start=start, end=end)
    if gaps.empty:
        raise ValueError(
            f"longest_gap(): {iso3_a}-{iso3_b} has fewer than two in-person meetings in the window"
        )
    return gaps.loc[gaps["days"].idxmax()]


def _clopper_pearson(x: int, n: int, confidence: float) -> tuple[float, float]:
    """Exact (Clopper-Pearson) bounds on a binomial proportion, from scipy's beta quantiles.

    scipy's regularised incomplete beta function is accurate for any count,
    where a sum of binomial terms overflows floats past about a thousand.
    """
    from scipy.special import (
        betaincinv,
    )  # the beta quantile; scipy.special imports far faster than scipy.stats

    alpha = 1 - confidence
    low = 0.0 if x == 0 else float(betaincinv(x, n - x + 1, alpha / 2))
    high = 1.0 if x == n else float(betaincinv(x + 1, n - x, 1 - alpha / 2))
    return low, high


class RateRatio(dict):
    """The result of :func:`rate_ratio`: a dict that prints as one readable line."""

    def __repr__(self) -> str:
        span = f"{self['start']} to {self['end']}"
        if (self["baseline_start"], self["baseline_end"]) != (self["start"], self["end"]):
            span += f" vs {self['baseline_start']} to {self['baseline_end']}"
        return (
            f"{self['dyad']} vs {self['baseline']}, {span}: "
            f"{self['count']} vs {self['baseline_count']} contacts; rate ratio {self['ratio']:.2f} "
            f"({self['confidence']:.0%} CI {self['ci_low']:.2f} to {self['ci_high']:.2f})"
        )


def _pair_arg(value, arg: str, func: str) -> tuple[str, str]:
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) != 2:
        raise TypeError(f"{func}(): {arg} must be a pair of codes such as ('CHN', 'USA'), not {value!r}")
    return value[0], value[1]


def rate_ratio(
    frame: pd.DataFrame,
    iso3_a: str = "CHN",
    iso3_b: str = "RUS",
    *,
    baseline: Sequence[str] = ("CHN", "USA"),
    start,
    end,
    baseline_start=None,
    baseline_end=None,
    baseline_frame: pd.DataFrame | None = None,
    formats: Sequence[str] | None = None,
    settings: Sequence[str] | None = None,
    confidence: float = 0.95,
) -> RateRatio:
    """Ratio of two contact rates, with an exact confidence interval.

    Compares two dyads over one window (the default), or one dyad (or two)
    over two windows (give ``baseline_start``/``baseline_end``, and the same
    pair as ``baseline`` to compare a dyad with its own past). Each count is
    treated as Poisson over its window's length; given their sum, the first
    count is binomial with ``p = r * t1 / (r * t1 + t2)``, where ``r`` is the
    rate ratio and ``t1``, ``t2`` the window lengths. The exact
    (Clopper-Pearson) interval for ``p``, from scipy's beta quantiles, maps
    back to ``r``; it holds for any counts.

    Parameters
    ----------
    frame : DataFrame
        Shaped like ``leader_contacts``.
    iso3_a, iso3_b : str
        The dyad of interest (ISO 3166-1 alpha-3, either order).
    baseline : (str, str)
        The comparison dyad.
    start, end : date
        The window of the dyad of interest, both ends included.
    baseline_start, baseline_end : date, optional
        The baseline's window; by default the same as ``start``/``end``.
        Windows of the same dyad must not overlap.
    baseline_frame : DataFrame, optional
        Where the baseline's contacts are, if not in ``frame``.
    formats, settings : list of str, optional
        Count only these kinds of contact, for both.
    confidence : float
        Confidence level of the interval, strictly between 0 and 1.

    Returns
    -------
    RateRatio
        A dict with ``dyad``, ``baseline``, ``start``, ``end``,
        ``baseline_start``, ``baseline_end`` (ISO strings), ``count`` and
        ``baseline_count`` (ints), ``years`` and ``baseline_years`` (window
        lengths, 365.25-day years), ``rate`` and ``baseline_rate`` (contacts
        a year), ``ratio``, ``ci_low``, ``ci_high`` and ``confidence``.
        When the baseline count is zero the ratio and ``ci_high`` are
        ``inf`` (the data bound the ratio from below only).

    Raises
    ------
    TypeError
        A date given as a number, a code not a str, ``baseline`` not a pair.
    ValueError
        A code or pair absent from the frame, a format or setting not
        allowed, an end not after its start, overlapping windows of the
        same dyad, a confidence outside (0, 1), or no contact at all in
        either window (the ratio is then undefined).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2020-01-01"] * 3 + ["2020-06-01"]),
    ...                    "iso3_a": "CHN", "iso3_b": ["RUS", "RUS", "RUS", "USA"],
    ...                    "format": "phone", "setting": "bilateral"})
    >>> rr = rate_ratio(df, start="2020-01-01", end="2020-12-31")
    >>> rr["ratio"], round(rr["ci_low"], 3)
    (3.0, 0.241)
    """
    func = "rate_ratio"
    if isinstance(confidence, bool) or not isinstance(confidence, float | int) or not 0 < confidence < 1:
        raise ValueError(
            f"{func}(): confidence must be a number strictly between 0 and 1, not {confidence!r}"
        )
    other = frame if baseline_frame is None else baseline_frame
    _check_frame(frame, func)
    _check_frame(other, func)
    a, b = _check_dyad(frame, iso3_a, iso3_b, func)
    base = _pair_arg(baseline, "baseline", func)
    c, d = _check_dyad(other, base[0], base[1], func, arg="baseline")
    formats, settings = _check_kinds(frame, formats, settings, func)
    if start is None or end is None:
        raise TypeError(f"{func}(): start and end are required dates")
    lo, hi = _window(start, end, func, strict=True, frame=frame)
    b_lo = lo if baseline_start is None else _checks.date(baseline_start, arg="baseline_start", func=func)
    b_hi = hi if baseline_end is None else _checks.date(baseline_end, arg="baseline_end", func=func)
    if b_hi <= b_lo:
        raise ValueError(
            f"{func}(): baseline_end ({b_hi.date()}) must be after baseline_start ({b_lo.date()})"
        )
    _covered(other, b_lo, b_hi, func)
    same_pair = sorted((a, b)) == sorted((c, d)) and (
        other is frame
        or other[_COLUMNS].reset_index(drop=True).equals(frame[_COLUMNS].reset_index(drop=True))
    )
    if same_pair and b_lo <= hi and lo <= b_hi:
        raise ValueError(
            f"{func}(): the dyad {a}-{b} is compared with itself over overlapping windows "
            f"({lo.date()} to {hi.date()} and {b_lo.date()} to {b_hi.date()}); "
            "give windows that do not overlap"
        )
    x1 = len(_rows(frame, a, b, formats, settings, lo, hi))
    x2 = len(_rows(other, c, d, formats, settings, b_lo, b_hi))
    n = x1 + x2
    if n == 0:
        raise ValueError(
            f"{func}(): no contacts for {a}-{b} ({lo.date()} to {hi.date()}) nor for {c}-{d} "
            f"({b_lo.date()} to {b_hi.date()}); a rate ratio is undefined"
        )
    t1 = ((hi - lo).days + 1) / 365.25
    t2 = ((b_hi - b_lo).days + 1) / 365.25
    p_lo, p_hi = _clopper_pearson(x1, n, float(confidence))

    def to_ratio(p: float) -> float:
        return float("inf") if p >= 1 else float(p / (1 - p) * (t2 / t1))

    return RateRatio(
        dyad=f"{a}-{b}",
        baseline=f"{c}-{d}",
        start=str(lo.date()),
        end=str(hi.date()),
        baseline_start=str(b_lo.date()),
        baseline_end=str(b_hi.date()),
        years=round(t1, 3),
        baseline_years=round(t2, 3),
        count=x1,
        baseline_count=x2,
        rate=x1 / t1,
        baseline_rate=x2 / t2,
        ratio=x1 / x2 * (t2 / t1) if x2 else float("inf"),
        ci_low=to_ratio(p_lo),
        ci_high=to_ratio(p_hi),
        confidence=float(confidence),
    )


def counts_for_tallies(
    contacts: pd.DataFrame,
    tallies: pd.DataFrame,
    iso3_a: str = "CHN",
    iso3_b: str = "RUS",
    *,
    formats: Sequence[str] | None = None,
    settings: Sequence[str] | None = None,
) -> pd.Series:
    """Our own count of a dyad's contacts over the same days as each official count.

    For a tally whose ``count_type`` is comparable (:data:`COMPARABLE_COUNTS`:
    a running total, an in-year count or a count since a date), the contacts
    from its ``window_start`` to its ``window_end`` (or, when that is empty,
    to the day of the statement), both included; for a plan or a rate, no
    count (``<NA>``). A tally whose ``formats`` column says what it counted
    is counted that way; the others under ``formats`` and ``settings``.

    Parameters
    ----------
    contacts : DataFrame
        Shaped like ``leader_contacts``.
    tallies : DataFrame
        Shaped like ``contact_tallies``: ``date``, ``count_type``,
        ``window_start``, ``window_end``.
    iso3_a, iso3_b, formats, settings
        As for :func:`cumulative_count`.

    Returns
    -------
    Series
        Int64, aligned on ``tallies``' index, named ``ours``.

    Raises
    ------
    TypeError, KeyError, ValueError
        As :func:`cumulative_count`; a comparable tally without ``window_start``.

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"date": pd.to_datetime(["2016-06-25", "2016-09-04", "2017-05-14"]),
    ...                   "iso3_a": "CHN", "iso3_b": "RUS", "format": "in-person", "setting": "bilateral"})
    >>> t = pd.DataFrame({"date": pd.to_datetime(["2017-02-09", "2017-06-01", "2021-07-14"]),
    ...                   "count_type": ["in-year", "running total", "rate"],
    ...                   "window_start": pd.to_datetime(["2016-01-01", "2013-03-14", None]),
    ...                   "window_end": pd.to_datetime(["2016-12-31", None, None])})
    >>> counts_for_tallies(c, t).tolist()
    [2, 3, <NA>]
    """
    func = "counts_for_tallies"
    _checks.frame(tallies, ["date", "count_type", "window_start", "window_end"], func)
    _check_frame(contacts, func)
    a, b = _check_dyad(contacts, iso3_a, iso3_b, func)
    formats, settings = _check_kinds(contacts, formats, settings, func)
    stated = tallies["formats"] if "formats" in tallies.columns else pd.Series(None, index=tallies.index)
    dates_for: dict[tuple, np.ndarray] = {}  # one sorted array of contact days per definition
    out = []
    for row, said in zip(
        tallies[["date", "count_type", "window_start", "window_end"]].itertuples(index=False),
        stated,
        strict=True,
    ):
        if row.count_type not in COMPARABLE_COUNTS:
            out.append(pd.NA)
            continue
        if pd.isna(row.window_start):
            raise ValueError(f"{func}(): the {row.count_type} of {row.date:%Y-%m-%d} has no window_start")
        until = pd.Timestamp(row.date if pd.isna(row.window_end) else row.window_end)
        start = pd.Timestamp(row.window_start)
        if isinstance(said, str) and said:  # the speaker says what was counted: count that, in any setting
            kinds, where = _check_kinds(contacts, said.split(";"), None, func)
        else:
            kinds, where = formats, settings
        _covered(contacts, start, until, func)
        key = (tuple(kinds or ()), tuple(where or ()))
        if key not in dates_for:
            dates_for[key] = _rows(contacts, a, b, kinds, where, None, None)["date"].to_numpy()
        days = dates_for[key]
        out.append(
            int(np.searchsorted(days, until.to_datetime64(), side="right"))
            - int(np.searchsorted(days, start.to_datetime64(), side="left"))
        )
    return pd.Series(out, index=tallies.index, dtype="Int64", name="ours")
