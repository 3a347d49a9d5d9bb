"""Small, tested metrics on tidy frames.

Each function takes a tidy frame (one observation per row, as
:func:`sinorus.load` returns) and names its columns through keyword
arguments, so it works on another dataset with other column names.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["cagr", "growth", "partner_share", "trade_balance", "trade_series"]


def _require(frame: pd.DataFrame, columns: Sequence[str], func: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{func}() needs a pandas DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(
            f"{func}() needs column(s) {', '.join(map(repr, missing))}; "
            f"the frame has {', '.join(map(repr, frame.columns))}"
        )


def trade_series(
    frame: pd.DataFrame,
    *,
    reporter: str = "CHN",
    partner: str = "RUS",
    flow: str = "total",
    time: str = "year",
    value: str = "value_usd_bn",
) -> pd.Series:
    """Pick one reporter-partner-flow series out of the tidy ``trade`` frame.

    Parameters
    ----------
    frame : DataFrame
        The ``trade`` dataset or a frame shaped like it.
    reporter, partner : str
        ISO 3166-1 alpha-3 codes (``"WLD"`` for the world).
    flow : {"exports", "imports", "total"}
        The reporter's exports to, imports from, or total trade with the partner.
    time, value : str
        Column names.

    Returns
    -------
    Series
        Indexed by ``time``, sorted, named ``value``; years with no
        observation are absent (never filled).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"year": [2001, 2000], "reporter_iso3": "CHN",
    ...                    "partner_iso3": "RUS", "flow": "total",
    ...                    "value_usd_bn": [11.0, 10.0]})
    >>> trade_series(df).tolist()
    [10.0, 11.0]
    """
    _require(frame, [time, value, "reporter_iso3", "partner_iso3", "flow"], "trade_series")
    mask = (frame["reporter_iso3"] == reporter) & (frame["partner_iso3"] == partner) & (frame["flow"] == flow)
    out = frame.loc[mask, [time, value]].set_index(time)[value].sort_index()
    if out.index.has_duplicates:
        raise ValueError(f"trade_series(): several rows for the same {time} in {reporter}-{partner} {flow}")
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
        How many index units to compare across.

    Returns
    -------
    Series
        ``value[t] / value[t - periods] - 1``, ``NaN`` where either is absent.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([100.0, 110.0, 99.0], index=[2000, 2001, 2003])
    >>> growth(s).round(3).tolist()
    [nan, 0.1, nan]
    """
    if not isinstance(series, pd.Series):
        raise TypeError(f"growth() needs a pandas Series, not {type(series).__name__}")
    previous = series.copy()
    previous.index = previous.index + periods
    return (series / previous.reindex(series.index) - 1).rename(series.name)


def cagr(series: pd.Series, start: int, end: int) -> float:
    """Compound annual growth rate between two periods of a series.

    Parameters
    ----------
    series : Series
        Positive values indexed by year.
    start, end : int
        The first and last year; both must be present and ``end > start``.

    Returns
    -------
    float
        ``(value[end] / value[start]) ** (1 / (end - start)) - 1``.

    Raises
    ------
    KeyError
        If either year is missing from the series.
    ValueError
        If ``end <= start`` or a value is not positive.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series([100.0, 121.0], index=[2000, 2002])
    >>> round(cagr(s, 2000, 2002), 3)
    0.1
    """
    if end <= start:
        raise ValueError(f"cagr(): end ({end}) must be after start ({start})")
    for year in (start, end):
        if year not in series.index:
            raise KeyError(f"cagr(): no value for {year}; the series covers {list(series.index)}")
    first, last = float(series.loc[start]), float(series.loc[end])
    if first <= 0 or last <= 0:
        raise ValueError("cagr(): values must be positive")
    return float(np.power(last / first, 1.0 / (end - start)) - 1.0)


def trade_balance(
    frame: pd.DataFrame,
    *,
    reporter: str = "CHN",
    partner: str = "RUS",
    time: str = "year",
    value: str = "value_usd_bn",
) -> pd.Series:
    """The reporter's trade balance with a partner: exports minus imports.

    Returns
    -------
    Series
        Indexed by ``time``, only for periods with both flows; positive means
        the reporter ran a surplus.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"year": [2000, 2000, 2001], "reporter_iso3": "CHN",
    ...                    "partner_iso3": "RUS", "flow": ["exports", "imports", "exports"],
    ...                    "value_usd_bn": [5.0, 3.0, 6.0]})
    >>> trade_balance(df).to_dict()
    {2000: 2.0}
    """
    kw = dict(reporter=reporter, partner=partner, time=time, value=value)
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
    time: str = "year",
    value: str = "value_usd_bn",
) -> pd.Series:
    """A partner's share of the reporter's trade with the world, as a fraction.

    Returns
    -------
    Series
        Indexed by ``time``, only for periods where both the partner's and the
        world's figures are present.

    Raises
    ------
    ValueError
        If any share is above 1, which means the two series are inconsistent.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"year": [2000, 2000], "reporter_iso3": "CHN",
    ...                    "partner_iso3": ["RUS", "WLD"], "flow": "total",
    ...                    "value_usd_bn": [8.0, 400.0]})
    >>> partner_share(df).to_dict()
    {2000: 0.02}
    """
    kw = dict(reporter=reporter, flow=flow, time=time, value=value)
    part = trade_series(frame, partner=partner, **kw)
    total = trade_series(frame, partner=whole, **kw)
    both = part.index.intersection(total.index)
    share = (part.loc[both] / total.loc[both]).rename("share")
    if (share > 1).any():
        bad = share[share > 1].index.tolist()
        raise ValueError(f"partner_share(): {partner} exceeds {whole} in {bad}")
    return share
