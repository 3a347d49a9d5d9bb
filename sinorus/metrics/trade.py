"""Trade metrics on frames shaped like the ``trade`` dataset.

The frame has one row per ``year``, ``reporter_iso3``, ``partner_iso3`` and
``flow`` (``exports``, ``imports``, ``total``), with the value in billion
current US dollars in ``value_usd_bn``. Source of the bundled data: China's
customs figures as published by MOFCOM, Xinhua and wires; every row carries
its ``source_url`` (see ``sinorus.describe("trade")``). Where a year has a
first-reported and a later figure, both are rows (``vintage``) and a boolean
``default`` column marks the one the metrics use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _checks

__all__ = ["cagr", "growth", "partner_share", "trade_balance", "trade_series"]

_TRADE_COLUMNS = ["reporter_iso3", "partner_iso3", "flow"]


def trade_series(
    frame: pd.DataFrame,
    *,
    reporter: str = "CHN",
    partner: str = "RUS",
    flow: str = "total",
    start_year: int | None = None,
    end_year: int | None = None,
    time: str = "year",
    value: str = "value_usd_bn",
) -> pd.Series:
    """Pick one reporter-partner-flow series out of the tidy ``trade`` frame.

    Parameters
    ----------
    frame : DataFrame
        The ``trade`` dataset or a frame shaped like it (columns ``time``,
        ``value``, ``reporter_iso3``, ``partner_iso3``, ``flow``).
    reporter, partner : str
        ISO 3166-1 alpha-3 codes, upper case (``"WLD"`` for the world); each
        must be present in the frame's column of that name.
    flow : str
        ``"exports"``, ``"imports"`` or ``"total"`` (the reporter's exports
        to, imports from, or total trade with the partner); must be present.
    start_year, end_year : int, optional
        Keep only these years (both included).
    time, value : str
        Column names.

    Returns
    -------
    Series
        float64, billion US dollars, indexed by ``time`` (int years), sorted,
        named ``value``; years with no observation are absent (never filled).

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame, a code is not a str, or a year not
        an int.
    KeyError
        If a column is missing.
    ValueError
        If a code or flow is malformed or absent from the frame (the message
        lists those present), ``end_year`` is before ``start_year``, the
        selection is empty, or a year has several rows.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"year": [2001, 2000], "reporter_iso3": "CHN",
    ...                    "partner_iso3": "RUS", "flow": "total",
    ...                    "value_usd_bn": [11.0, 10.0]})
    >>> trade_series(df).tolist()
    [10.0, 11.0]
    >>> trade_series(df, partner="KAZ")
    Traceback (most recent call last):
    ...
    ValueError: trade_series(): partner='KAZ' is not in the frame's partner_iso3; the codes present are: RUS
    """
    func = "trade_series"
    _checks.frame(frame, [time, value, *_TRADE_COLUMNS], func)
    reporter = _checks.country(
        reporter,
        arg="reporter",
        func=func,
        among=_checks.present(frame, "reporter_iso3"),
        what="the frame's reporter_iso3",
    )
    partner = _checks.country(
        partner,
        arg="partner",
        func=func,
        among=_checks.present(frame, "partner_iso3"),
        what="the frame's partner_iso3",
    )
    flow = _checks.choice(
        flow, _checks.present(frame, "flow"), arg="flow", func=func, what="the flows present"
    )
    start_year = None if start_year is None else _checks.year(start_year, arg="start_year", func=func)
    end_year = None if end_year is None else _checks.year(end_year, arg="end_year", func=func)
    _checks.year_window(start_year, end_year, func=func)
    mask = (frame["reporter_iso3"] == reporter) & (frame["partner_iso3"] == partner) & (frame["flow"] == flow)
    # other vintages of a figure (later restatements) stay out of the series
    rows = _checks.default_rows(frame.loc[mask], func, f"{reporter}-{partner} {flow}")[[time, value]]
    if rows.empty:
        raise ValueError(f"{func}(): the frame has no {flow} rows for {reporter}-{partner}")
    years = rows[time]
    if start_year is not None or end_year is not None:
        keep = years.between(
            start_year if start_year is not None else -np.inf, end_year if end_year is not None else np.inf
        )
        if not keep.any():
            raise ValueError(
                f"{func}(): no {flow} figure for {reporter}-{partner} in {start_year}-{end_year}; "
                f"the series covers {int(years.min())}-{int(years.max())}"
            )
        rows = rows[keep]
    out = rows.set_index(time)[value].sort_index()
    if out.index.has_duplicates:
        raise ValueError(f"{func}(): several rows for the same {time} in {reporter}-{partner} {flow}")
    return out.astype("float64")


def growth(series: pd.Series, *, periods: int = 1) -> pd.Series:
    """Growth rate of a series over ``periods`` steps of its index, as a fraction.

    Growth is computed between *index values* ``periods`` apart (e.g. 2015 vs
    2014), not between neighbouring rows, so a gap in the data yields ``NaN``
    instead of a silently longer span.

    Parameters
    ----------
    series : Series
        Values indexed by an integer period such as the year.
    periods : int
        How many index units to compare across (a positive int).

    Returns
    -------
    Series
        Same index as ``series``: ``value[t] / value[t - periods] - 1`` (a
        fraction; 0.1 is 10%), ``NaN`` where either is absent.

    Raises
    ------
    TypeError
        If ``series`` is not a Series, its index is not integer, or
        ``periods`` is not an int.
    ValueError
        If ``periods`` is not positive, or a base value is zero or negative
        (the growth of a balance that changes sign means nothing).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([100.0, 110.0, 99.0], index=[2000, 2001, 2003])
    >>> growth(s).round(3).tolist()
    [nan, 0.1, nan]
    """
    if not isinstance(series, pd.Series):
        raise TypeError(f"growth() needs a pandas Series, not {type(series).__name__}")
    if not pd.api.types.is_integer_dtype(series.index.dtype):
        raise TypeError(
            f"growth() needs a Series indexed by integer periods (years), not {series.index.dtype}"
        )
    if isinstance(periods, bool) or not isinstance(periods, int | np.integer):
        raise TypeError(f"growth(): periods must be an int, not {type(periods).__name__}")
    if periods < 1:
        raise ValueError(f"growth(): periods must be at least 1, not {periods}")
    previous = series.copy()
    previous.index = previous.index + periods
    base = previous.reindex(series.index)
    if (base <= 0).any():
        years = sorted(int(y) - periods for y in base.index[base <= 0])
        raise ValueError(
            f"growth(): the series is not positive in {years}; "
            "a growth rate from a zero or negative value (a balance, say) means nothing"
        )
    return (series / base - 1).rename(series.name)


def cagr(series: pd.Series, start_year: int, end_year: int) -> float:
    """Compound annual growth rate between two years of a series.

    Parameters
    ----------
    series : Series
        Positive values indexed by int year.
    start_year, end_year : int
        The first and last year; both must be present and
        ``end_year > start_year``.

    Returns
    -------
    float
        ``(value[end] / value[start]) ** (1 / (end - start)) - 1``, a fraction
        a year.

    Raises
    ------
    TypeError
        If a year is not an int (``"2015"`` is refused).
    KeyError
        If either year is missing from the series (the message lists those present).
    ValueError
        If ``end_year <= start_year`` or a value is not positive.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([100.0, 121.0], index=[2000, 2002])
    >>> round(cagr(s, 2000, 2002), 3)
    0.1
    """
    if not isinstance(series, pd.Series):
        raise TypeError(f"cagr() needs a pandas Series, not {type(series).__name__}")
    start_year = _checks.year(start_year, arg="start_year", func="cagr")
    end_year = _checks.year(end_year, arg="end_year", func="cagr")
    if end_year <= start_year:
        raise ValueError(f"cagr(): end_year ({end_year}) must be after start_year ({start_year})")
    if series.index.has_duplicates:
        twice = sorted(set(series.index[series.index.duplicated()]))
        raise ValueError(f"cagr(): the series has several values for {twice}")
    for year in (start_year, end_year):
        if year not in series.index:
            raise KeyError(f"cagr(): no value for {year}; the series covers {list(series.index)}")
    first, last = float(series.loc[start_year]), float(series.loc[end_year])
    if not (first > 0 and last > 0):  # also refuses NaN
        raise ValueError(f"cagr(): values must be positive, not {first} and {last}")
    return float(np.power(last / first, 1.0 / (end_year - start_year)) - 1.0)


def trade_balance(
    frame: pd.DataFrame,
    *,
    reporter: str = "CHN",
    partner: str = "RUS",
    start_year: int | None = None,
    end_year: int | None = None,
    time: str = "year",
    value: str = "value_usd_bn",
) -> pd.Series:
    """The reporter's trade balance with a partner: exports minus imports.

    Parameters are as for :func:`trade_series`.

    Returns
    -------
    Series
        float64, billion US dollars, indexed by ``time``, only for years with
        both flows; positive means the reporter ran a surplus.

    Raises
    ------
    TypeError, KeyError, ValueError
        As :func:`trade_series`, for either flow.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"year": [2000, 2000, 2001], "reporter_iso3": "CHN",
    ...                    "partner_iso3": "RUS", "flow": ["exports", "imports", "exports"],
    ...                    "value_usd_bn": [5.0, 3.0, 6.0]})
    >>> trade_balance(df).to_dict()
    {2000: 2.0}
    """
    kw = dict(
        reporter=reporter, partner=partner, start_year=start_year, end_year=end_year, time=time, value=value
    )
    exports = trade_series(frame, flow="exports", **kw)
    imports = trade_series(frame, flow="imports", **kw)
    both = exports.index.intersection(imports.index)
    return (exports.loc[both] - imports.loc[both]).rename("balance")


def partner_share(
    frame: pd.DataFrame,
    *,
    reporter: str = "CHN",
    partner: str = "RUS",
    whole: str = "WLD",
    flow: str = "total",
    start_year: int | None = None,
    end_year: int | None = None,
    time: str = "year",
    value: str = "value_usd_bn",
) -> pd.Series:
    """A partner's share of the reporter's trade with the world, as a fraction.

    Parameters
    ----------
    whole : str
        The code of the reporter's trade with everyone (``"WLD"``).
    Others
        As for :func:`trade_series`.

    Returns
    -------
    Series
        Fractions (0.02 is 2%) indexed by ``time``, only for years where both
        the partner's and the world's figures are present.

    Raises
    ------
    TypeError, KeyError
        As :func:`trade_series`.
    ValueError
        As :func:`trade_series`, or if any share is above 1, which means the
        two series are inconsistent.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"year": [2000, 2000], "reporter_iso3": "CHN",
    ...                    "partner_iso3": ["RUS", "WLD"], "flow": "total",
    ...                    "value_usd_bn": [8.0, 400.0]})
    >>> partner_share(df).to_dict()
    {2000: 0.02}
    """
    if partner == whole:
        raise ValueError(f"partner_share(): partner and whole are both {partner!r}; whole is the world (WLD)")
    kw = dict(reporter=reporter, flow=flow, start_year=start_year, end_year=end_year, time=time, value=value)
    part = trade_series(frame, partner=partner, **kw)
    total = trade_series(frame, partner=whole, **kw)
    both = part.index.intersection(total.index)
    share = (part.loc[both] / total.loc[both]).rename("share")
    if (share > 1).any():
        bad = share[share > 1].index.tolist()
        raise ValueError(f"partner_share(): {partner} exceeds {whole} in {bad}")
    return share
