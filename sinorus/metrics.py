"""Small, tested metrics on tidy frames.

Each function takes a tidy frame (one observation per row, as
:func:`sinorus.load` returns) and names its columns through keyword
arguments, so it works on another dataset with other column names.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "RateRatio",
    "cagr",
    "contacts_per_period",
    "cumulative_count",
    "deal_totals",
    "delivered_vs_contracted",
    "dyad_contacts",
    "energy_series",
    "first_overtake",
    "growth",
    "implied_vs_market",
    "import_share",
    "in_person_gaps",
    "lines_in_force",
    "longest_gap",
    "months_of_trade",
    "network_size",
    "partner_share",
    "rate_ratio",
    "rolling_count",
    "supplier_ranking",
    "swap_rank",
    "swap_usd_values",
    "trade_balance",
    "trade_series",
]


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


# --- leader contacts -----------------------------------------------------------
#
# These take a frame shaped like the ``leader_contacts`` dataset (columns
# ``date``, ``iso3_a``, ``iso3_b``, ``format``, ``setting``) and the dyad as two
# ISO codes, in either order, so a student can point them at another pair.


def dyad_contacts(
    frame: pd.DataFrame,
    iso3_a: str = "CHN",
    iso3_b: str = "RUS",
    *,
    formats: Sequence[str] | None = None,
    settings: Sequence[str] | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """The contacts of one pair of countries, optionally filtered, sorted by date.

    Parameters
    ----------
    frame : DataFrame
        Shaped like the ``leader_contacts`` dataset.
    iso3_a, iso3_b : str
        The dyad, in either order.
    formats, settings : sequence of str, optional
        Keep only these formats (``in-person``, ``video``, ``phone``) or
        settings (``bilateral``, ``multilateral``).
    start, end : date-like, optional
        Keep contacts on or after ``start`` and on or before ``end``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2020-01-01", "2020-02-01"]),
    ...                    "iso3_a": ["RUS", "CHN"], "iso3_b": ["CHN", "USA"],
    ...                    "format": ["phone", "phone"], "setting": ["bilateral"] * 2})
    >>> len(dyad_contacts(df, "CHN", "RUS"))
    1
    """
    _require(frame, ["date", "iso3_a", "iso3_b", "format", "setting"], "dyad_contacts")
    if not pd.api.types.is_datetime64_dtype(frame["date"]):
        raise TypeError(
            f"dyad_contacts() needs a 'date' column of time-zone-naive datetime64 values "
            f"(as sinorus.load gives), not {frame['date'].dtype}"
        )

    def text(column: str) -> np.ndarray:  # plain numpy: this runs in loops, pandas ops cost ~1 ms each
        return np.asarray(frame[column].astype(object), dtype=object)

    a, b = text("iso3_a"), text("iso3_b")
    mask = ((a == iso3_a) & (b == iso3_b)) | ((a == iso3_b) & (b == iso3_a))
    if formats is not None:
        mask &= np.isin(text("format"), list(formats))
    if settings is not None:
        mask &= np.isin(text("setting"), list(settings))
    dates = frame["date"].to_numpy()
    if start is not None:
        mask &= dates >= pd.Timestamp(start).to_datetime64()
    if end is not None:
        mask &= dates <= pd.Timestamp(end).to_datetime64()
    return frame.loc[mask].sort_values("date", kind="stable").reset_index(drop=True)


def contacts_per_period(
    frame: pd.DataFrame,
    iso3_a: str = "CHN",
    iso3_b: str = "RUS",
    *,
    freq: str = "YE",
    by: str | Sequence[str] | None = "format",
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Count a dyad's contacts per period, split by format and/or setting.

    Periods with no contact appear with zeros, from ``start`` (or the first
    contact) to ``end`` (or the last).

    Parameters
    ----------
    freq : str
        Any pandas period-end frequency: ``"YE"`` (years), ``"QE"``, ``"ME"``...
    by : str, sequence of str or None
        Column(s) to split by: ``"format"``, ``"setting"``, both, or ``None``
        for one ``contacts`` column.

    Returns
    -------
    DataFrame
        Indexed by period end; one column per category (or combination).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2019-05-01", "2021-03-01", "2021-04-01"]),
    ...                    "iso3_a": "CHN", "iso3_b": "RUS",
    ...                    "format": ["in-person", "phone", "video"], "setting": "bilateral"})
    >>> contacts_per_period(df, by=None)["contacts"].tolist()
    [1, 0, 2]
    """
    rows = dyad_contacts(frame, iso3_a, iso3_b, start=start, end=end)
    lo = pd.Timestamp(start) if start is not None else (rows["date"].min() if len(rows) else None)
    hi = pd.Timestamp(end) if end is not None else (rows["date"].max() if len(rows) else None)
    if lo is None or hi is None:
        raise ValueError(f"contacts_per_period(): no contacts for {iso3_a}-{iso3_b} and no start/end given")
    index = pd.period_range(lo, hi, freq=pd.tseries.frequencies.to_offset(freq)).to_timestamp(how="end")
    index = index.normalize()
    if by is None:
        keys = rows.assign(contacts="contacts")[["contacts"]]
    else:
        cols = [by] if isinstance(by, str) else list(by)
        keys = rows[cols].astype(str)
    period = rows["date"].dt.to_period(pd.tseries.frequencies.to_offset(freq)).dt.to_timestamp(how="end")
    period = period.dt.normalize()
    if by is None:
        counts = period.value_counts().rename("contacts").to_frame()
    else:
        labels = keys.agg(" / ".join, axis=1) if keys.shape[1] > 1 else keys.iloc[:, 0]
        counts = pd.crosstab(period, labels)
    counts = counts.reindex(index, fill_value=0).fillna(0).astype("int64")
    counts.index.name = "period_end"
    counts.columns.name = None
    return counts


def rolling_count(
    frame: pd.DataFrame,
    iso3_a: str = "CHN",
    iso3_b: str = "RUS",
    *,
    months: int = 12,
    formats: Sequence[str] | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
) -> pd.Series:
    """Contacts in the trailing ``months`` months, at each month end.

    The first ``months - 1`` month ends (before a full window exists) are
    ``NaN``, not partial counts.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2020-01-10", "2020-02-10", "2020-03-10"]),
    ...                    "iso3_a": "CHN", "iso3_b": "RUS", "format": "phone",
    ...                    "setting": "bilateral"})
    >>> rolling_count(df, months=2).tolist()
    [nan, 2.0, 2.0]
    """
    rows = dyad_contacts(frame, iso3_a, iso3_b, formats=formats)
    monthly = contacts_per_period(rows, iso3_a, iso3_b, freq="ME", by=None, start=start, end=end)
    return monthly["contacts"].rolling(months, min_periods=months).sum().rename(f"contacts_{months}m")


def cumulative_count(
    frame: pd.DataFrame,
    iso3_a: str = "CHN",
    iso3_b: str = "RUS",
    *,
    at: str | pd.Timestamp | Sequence | None = None,
    formats: Sequence[str] | None = None,
    settings: Sequence[str] | None = None,
    start: str | pd.Timestamp | None = None,
) -> pd.Series | int:
    """Running total of a dyad's contacts.

    Parameters
    ----------
    at : date-like or sequence of date-like, optional
        Return the number of contacts on or before this date (an ``int``), or
        before each of these dates (a Series indexed by them). Without it,
        return the running total after each contact, indexed by date.
    formats, settings : sequence of str, optional
        Count only these kinds of contact (officials' tallies often count
        in-person meetings only).
    start : date-like, optional
        Count from this date (e.g. the start of a presidency).

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
    """
    rows = dyad_contacts(frame, iso3_a, iso3_b, formats=formats, settings=settings, start=start)
    dates = rows["date"].to_numpy()
    if at is None:
        return pd.Series(np.arange(1, len(rows) + 1), index=rows["date"], name="cumulative_contacts")
    if isinstance(at, (str, pd.Timestamp)) or not isinstance(
        at, Sequence | pd.Index | np.ndarray | pd.Series
    ):
        return int(np.searchsorted(dates, np.datetime64(pd.Timestamp(at)), side="right"))
    stamps = pd.DatetimeIndex([pd.Timestamp(x) for x in at])
    counts = np.searchsorted(dates, stamps.to_numpy(), side="right")
    return pd.Series(counts, index=stamps, name="cumulative_contacts")


def in_person_gaps(frame: pd.DataFrame, iso3_a: str = "CHN", iso3_b: str = "RUS") -> pd.DataFrame:
    """Days between consecutive in-person meetings of a dyad.

    Both bilateral talks and joint attendance of a multilateral summit count
    as meeting in person.

    Returns
    -------
    DataFrame
        Columns ``previous``, ``next`` (dates), ``days`` (int), one row per
        consecutive pair, in date order.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2019-06-05", "2019-11-13", "2023-03-20"]),
    ...                    "iso3_a": "CHN", "iso3_b": "RUS", "format": "in-person",
    ...                    "setting": "bilateral"})
    >>> in_person_gaps(df)["days"].tolist()
    [161, 1223]
    """
    rows = dyad_contacts(frame, iso3_a, iso3_b, formats=["in-person"])
    dates = rows["date"].drop_duplicates().reset_index(drop=True)
    out = pd.DataFrame({"previous": dates.iloc[:-1].to_numpy(), "next": dates.iloc[1:].to_numpy()})
    out["days"] = (out["next"] - out["previous"]).dt.days.astype("int64")
    return out


def longest_gap(frame: pd.DataFrame, iso3_a: str = "CHN", iso3_b: str = "RUS") -> pd.Series:
    """The longest stretch without an in-person meeting (a row of :func:`in_person_gaps`).

    Raises
    ------
    ValueError
        If the dyad has fewer than two in-person meetings.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2019-06-05", "2019-11-13", "2023-03-20"]),
    ...                    "iso3_a": "CHN", "iso3_b": "RUS", "format": "in-person",
    ...                    "setting": "bilateral"})
    >>> int(longest_gap(df)["days"])
    1223
    """
    gaps = in_person_gaps(frame, iso3_a, iso3_b)
    if gaps.empty:
        raise ValueError(f"longest_gap(): {iso3_a}-{iso3_b} has fewer than two in-person meetings")
    return gaps.loc[gaps["days"].idxmax()]


def _binomial_tail(k: int, n: int, p: float, *, upper: bool) -> float:
    """P(X >= k) (upper=False) or P(X <= k) (upper=True) for X ~ Binomial(n, p), exactly."""
    from math import comb

    ks = range(k, n + 1) if not upper else range(0, k + 1)
    return float(sum(comb(n, i) * p**i * (1 - p) ** (n - i) for i in ks))


def _binomial_bound(x: int, n: int, tail: float, *, upper: bool) -> float:
    """Clopper-Pearson bound on p: where the binomial tail beyond x equals ``tail``.

    Solved by bisection on the exact binomial sum (both tails are monotone in
    p), to 1e-12; equivalent to the beta quantile used in textbooks.
    """
    lo, hi = 0.0, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        value = _binomial_tail(x, n, mid, upper=upper)
        # the lower bound solves P(X >= x) = tail, which rises with p;
        # the upper bound solves P(X <= x) = tail, which falls with p
        if (value < tail) != upper:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


class RateRatio(dict):
    """The result of :func:`rate_ratio`: a dict that prints as one readable line."""

    def __repr__(self) -> str:
        return (
            f"{self['dyad']} vs {self['baseline']}, {self['start']} to {self['end']}: "
            f"{self['count']} vs {self['baseline_count']} contacts; rate ratio {self['ratio']:.2f} "
            f"({self['confidence']:.0%} CI {self['ci_low']:.2f} to {self['ci_high']:.2f})"
        )


def rate_ratio(
    frame: pd.DataFrame,
    iso3_a: str = "CHN",
    iso3_b: str = "RUS",
    *,
    baseline: tuple[str, str] = ("CHN", "USA"),
    start: str | pd.Timestamp,
    end: str | pd.Timestamp,
    baseline_frame: pd.DataFrame | None = None,
    formats: Sequence[str] | None = None,
    settings: Sequence[str] | None = None,
    confidence: float = 0.95,
) -> RateRatio:
    """Ratio of two dyads' contact rates over a common window, with an exact CI.

    Treating each dyad's contacts as Poisson counts over the same window, the
    ratio of rates equals the ratio of counts. Its exact confidence interval
    comes from the binomial distribution of one count given their sum
    (Clopper-Pearson), transformed back to the ratio scale.

    Parameters
    ----------
    iso3_a, iso3_b : str
        The dyad of interest.
    baseline : (str, str)
        The comparison dyad.
    start, end : date-like
        The common window, both ends included.
    baseline_frame : DataFrame, optional
        Where the baseline's contacts are, if not in ``frame``.
    formats, settings : sequence of str, optional
        Count only these kinds of contact, for both dyads.
    confidence : float
        Confidence level of the interval.

    Returns
    -------
    RateRatio
        A dict with ``count``, ``baseline_count``, ``years``, ``rate`` and
        ``baseline_rate`` (per year), ``ratio``, ``ci_low``, ``ci_high``.

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
    if not 0 < confidence < 1:
        raise ValueError(f"rate_ratio(): confidence must be between 0 and 1, not {confidence}")
    lo, hi = pd.Timestamp(start), pd.Timestamp(end)
    if hi <= lo:
        raise ValueError(f"rate_ratio(): end ({hi.date()}) must be after start ({lo.date()})")
    kw = dict(formats=formats, settings=settings, start=lo, end=hi)
    x1 = len(dyad_contacts(frame, iso3_a, iso3_b, **kw))
    other = frame if baseline_frame is None else baseline_frame
    x2 = len(dyad_contacts(other, baseline[0], baseline[1], **kw))
    years = ((hi - lo).days + 1) / 365.25
    n = x1 + x2
    alpha = 1 - confidence
    # Clopper-Pearson bounds for p = x1 / n, then ratio = p / (1 - p) (equal exposure).
    p_lo = _binomial_bound(x1, n, alpha / 2, upper=False) if x1 > 0 else 0.0
    p_hi = _binomial_bound(x1, n, alpha / 2, upper=True) if x1 < n else 1.0
    ratio = x1 / x2 if x2 else float("inf") if x1 else float("nan")
    return RateRatio(
        dyad=f"{iso3_a}-{iso3_b}",
        baseline=f"{baseline[0]}-{baseline[1]}",
        start=str(lo.date()),
        end=str(hi.date()),
        years=round(years, 3),
        count=x1,
        baseline_count=x2,
        rate=x1 / years,
        baseline_rate=x2 / years,
        ratio=ratio,
        ci_low=float(p_lo / (1 - p_lo)) if p_lo < 1 else float("inf"),
        ci_high=float(p_hi / (1 - p_hi)) if p_hi < 1 else float("inf"),
        confidence=confidence,
    )


# --- currency swaps ------------------------------------------------------------
#
# These take a frame shaped like the ``swap_lines`` dataset (``date``, ``iso3``,
# ``event``, ``cny_bn``, ``local_currency``, ``local_amount_bn``,
# ``tenor_years``, ``standing``).

_SWAP_COLUMNS = ["date", "iso3", "cny_bn", "local_currency", "local_amount_bn", "tenor_years", "standing"]


def swap_usd_values(swaps: pd.DataFrame, *, on_missing: str = "previous") -> pd.DataFrame:
    """Each swap's two legs in US dollars at the reference rates of its signing day.

    Parameters
    ----------
    swaps : DataFrame
        Shaped like ``swap_lines``.
    on_missing : {"previous", "raise"}
        Signing days without published rates (weekends) use the latest earlier
        rates by default; the date used is in ``rate_date``.

    Returns
    -------
    DataFrame
        The input plus ``cny_usd_bn``, ``local_usd_bn``, ``rate_date`` and
        ``fx_note`` (why a value is missing: the ECB does not quote that
        currency, or no rouble rate exists for the day). Nothing is guessed.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2014-10-13"]), "iso3": ["RUS"], "cny_bn": [150.0],
    ...                   "local_currency": ["RUB"], "local_amount_bn": [815.0]})
    >>> out = swap_usd_values(s)
    >>> round(float(out.loc[0, "cny_usd_bn"]), 2), round(float(out.loc[0, "local_usd_bn"]), 2)
    (24.48, 20.14)
    """
    from . import fx

    _require(swaps, ["date", "cny_bn", "local_currency", "local_amount_bn"], "swap_usd_values")
    cny_usd, local_usd, used, notes = [], [], [], []
    for day, cny, cur, amount in zip(
        swaps["date"],
        swaps["cny_bn"],
        swaps["local_currency"].astype(str),
        swaps["local_amount_bn"],
        strict=True,
    ):
        note = []
        c_val = l_val = np.nan
        day_used = pd.NaT
        if pd.notna(cny):
            r = fx.rate("CNY", "USD", day, on_missing=on_missing)
            c_val, day_used = cny * r.value, pd.Timestamp(r.date_used)
        if pd.notna(amount):
            try:
                r = fx.rate(cur, "USD", day, on_missing=on_missing)
                l_val = amount * r.value
            except fx.FxGapError as err:
                note.append(str(err).split(". Days available")[0])
        cny_usd.append(c_val)
        local_usd.append(l_val)
        used.append(day_used)
        notes.append("; ".join(note))
    out = swaps.copy()
    out["cny_usd_bn"] = cny_usd
    out["local_usd_bn"] = local_usd
    out["rate_date"] = pd.to_datetime(pd.Series(used, index=out.index))
    out["fx_note"] = notes
    return out


def implied_vs_market(swaps: pd.DataFrame, *, on_missing: str = "previous") -> pd.DataFrame:
    """The exchange rate the two legs imply, against the market cross rate that day.

    Returns
    -------
    DataFrame
        The input plus ``implied`` (local currency per yuan, local leg divided
        by yuan leg), ``market`` (the reference cross rate, local currency per
        yuan) and ``gap`` (``implied / market - 1``: negative means the local
        leg was worth less than the yuan leg). Rows missing a leg or a rate get
        ``NaN`` and an ``fx_note``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2014-10-13"]), "iso3": ["RUS"], "cny_bn": [150.0],
    ...                   "local_currency": ["RUB"], "local_amount_bn": [815.0]})
    >>> out = implied_vs_market(s)
    >>> [round(float(out.loc[0, c]), 3) for c in ("implied", "market", "gap")]
    [5.433, 6.604, -0.177]
    """
    from . import fx

    _require(swaps, ["date", "cny_bn", "local_currency", "local_amount_bn"], "implied_vs_market")
    implied = (swaps["local_amount_bn"] / swaps["cny_bn"]).astype("float64")
    market, notes = [], []
    for day, cur, imp in zip(swaps["date"], swaps["local_currency"].astype(str), implied, strict=True):
        if pd.isna(imp):
            market.append(np.nan)
            notes.append("a leg is missing")
            continue
        try:
            market.append(fx.rate("CNY", cur, day, on_missing=on_missing).value)
            notes.append("")
        except fx.FxGapError as err:
            market.append(np.nan)
            notes.append(str(err).split(". Days available")[0])
    out = swaps.copy()
    out["implied"] = implied
    out["market"] = market
    out["gap"] = out["implied"] / out["market"] - 1
    out["fx_note"] = notes
    return out


def _swap_intervals(swaps: pd.DataFrame, default_tenor: int) -> pd.DataFrame:
    """Each signing event as the interval in which it defines its counterparty's line.

    Event k of a counterparty governs from its date until the next event or
    its expiry, whichever comes first (no end if the agreement is standing);
    its size is the latest stated yuan leg up to and including it.
    """
    _require(swaps, ["date", "iso3", "cny_bn", "tenor_years", "standing"], "lines_in_force")
    # plain numpy on ~100 rows: this runs once per date asked about, so it must be cheap
    iso = swaps["iso3"].astype(str).to_numpy()
    dates = swaps["date"].to_numpy(dtype="datetime64[ns]")
    order = np.lexsort((dates, iso))  # stable: by counterparty, then date
    iso, dates = iso[order], dates[order]
    tenor = swaps["tenor_years"].astype("Float64").fillna(default_tenor).to_numpy(dtype="int64")[order]
    # the same calendar day `tenor` years on (29 February becomes 28 February, as DateOffset does)
    day = dates.astype("datetime64[D]")
    year = day.astype("datetime64[Y]")
    month = day.astype("datetime64[M]")
    day_of_month = (day - month).astype("int64")  # 0-based
    leap_day = ((month - year).astype("int64") == 1) & (day_of_month == 28)
    expires = (
        ((year + tenor).astype("datetime64[M]") + (month - year)).astype("datetime64[D]")
        + np.where(leap_day, 27, day_of_month)
    ).astype("datetime64[ns]")
    expires[swaps["standing"].astype(bool).to_numpy()[order]] = np.datetime64("NaT")
    following = np.full(len(dates), np.datetime64("NaT"), dtype="datetime64[ns]")
    same = iso[1:] == iso[:-1]
    following[:-1][same] = dates[1:][same]
    end = np.fmin(expires, following)  # the earlier of the two; NaT only when both are
    size = swaps["cny_bn"].to_numpy(dtype="float64", na_value=np.nan)[order]
    for i in np.flatnonzero(same) + 1:  # a renewal without a stated size keeps the last stated one
        if np.isnan(size[i]):
            size[i] = size[i - 1]
    return pd.DataFrame({"iso3": iso, "start": dates, "end": end, "expires": expires, "cny_bn": size})


def _live(intervals: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    return (intervals["start"] <= day) & (intervals["end"].isna() | (day < intervals["end"]))


def lines_in_force(swaps: pd.DataFrame, date, *, default_tenor: int = 3) -> pd.DataFrame:
    """The swap lines in force on a day, with their size.

    A line is in force from its latest signing event on or before ``date``
    until that event's tenor runs out (``default_tenor`` years when the
    tenor is not stated), or indefinitely if the agreement is standing. Its
    size is the yuan leg of that event, or of the latest earlier event of the
    same counterparty that states one (a renewal "at the same size").

    Returns
    -------
    DataFrame
        One row per counterparty in force: ``iso3``, ``since``, ``expires``
        (``NaT`` if standing), ``cny_bn``, sorted by size, largest first.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2014-10-13", "2016-01-01"]), "iso3": ["RUS", "KOR"],
    ...                   "cny_bn": [150.0, 360.0], "tenor_years": [3, 3], "standing": [False, False]})
    >>> lines_in_force(s, "2017-01-01")["iso3"].tolist()
    ['KOR', 'RUS']
    >>> lines_in_force(s, "2018-01-01")["iso3"].tolist()
    ['KOR']
    """
    intervals = _swap_intervals(swaps, default_tenor)
    live = intervals[_live(intervals, pd.Timestamp(date))]
    out = pd.DataFrame(
        {"iso3": live["iso3"], "since": live["start"], "expires": live["expires"], "cny_bn": live["cny_bn"]}
    )
    out = out.sort_values(["cny_bn", "iso3"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out.astype({"cny_bn": "float64"})


def network_size(swaps: pd.DataFrame, dates, *, default_tenor: int = 3) -> pd.DataFrame:
    """Number of lines in force and their total yuan size on each of some dates.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2014-10-13", "2016-01-01"]), "iso3": ["RUS", "KOR"],
    ...                   "cny_bn": [150.0, 360.0], "tenor_years": [3, 3], "standing": [False, False]})
    >>> network_size(s, ["2015-01-01", "2017-01-01"])["total_cny_bn"].tolist()
    [150.0, 510.0]
    """
    intervals = _swap_intervals(swaps, default_tenor)
    days = pd.DatetimeIndex([pd.Timestamp(d) for d in dates])
    start = intervals["start"].to_numpy()[:, None]
    end = intervals["end"].to_numpy()[:, None]
    day = days.to_numpy()[None, :]
    live = (start <= day) & (np.isnat(end) | (day < end))
    sizes = intervals["cny_bn"].astype("float64").fillna(0.0).to_numpy()[:, None]
    out = pd.DataFrame(
        {"lines": live.sum(axis=0).astype("int64"), "total_cny_bn": (live * sizes).sum(axis=0)}, index=days
    )
    out.index.name = "date"
    return out


def swap_rank(swaps: pd.DataFrame, iso3: str, date, *, default_tenor: int = 3) -> int | None:
    """A counterparty's rank by yuan size among the lines in force (1 = largest).

    Ties share the better rank. ``None`` when its line is not in force.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2014-10-13", "2016-01-01"]), "iso3": ["RUS", "KOR"],
    ...                   "cny_bn": [150.0, 360.0], "tenor_years": [3, 3], "standing": [False, False]})
    >>> swap_rank(s, "RUS", "2017-01-01")
    2
    """
    live = lines_in_force(swaps, date, default_tenor=default_tenor)
    if iso3 not in set(live["iso3"]):
        return None
    size = float(live.loc[live["iso3"] == iso3, "cny_bn"].iloc[0])
    return int((live["cny_bn"] > size).sum()) + 1


def months_of_trade(
    cny_bn: float,
    date,
    trade: pd.DataFrame,
    *,
    partner: str = "RUS",
    flow: str = "imports",
    year: int | None = None,
) -> float:
    """How many months of a bilateral trade flow a yuan amount could pay for.

    The amount is converted to dollars at the reference rate of ``date`` and
    divided by the monthly average of China's ``flow`` with ``partner`` in
    ``year`` (default: the year of ``date``), from the ``trade`` dataset.

    Raises
    ------
    KeyError
        If the trade dataset has no figure for that year and flow.

    Examples
    --------
    >>> import sinorus
    >>> round(months_of_trade(150, "2014-10-13", sinorus.load("trade")), 1)
    7.1
    """
    from . import fx

    year = pd.Timestamp(date).year if year is None else year
    series = trade_series(trade, partner=partner, flow=flow)
    if year not in series.index:
        raise KeyError(f"months_of_trade(): no {flow} figure with {partner} for {year} in the trade data")
    usd = fx.convert(float(cny_bn), "CNY", "USD", date, on_missing="previous")
    return float(usd / (series.loc[year] / 12))


# --- energy -------------------------------------------------------------------
#
# These take frames shaped like ``energy_flows`` (``year``, ``commodity``,
# ``exporter_iso3``, ``importer_iso3``, ``value``, ``unit``) and
# ``energy_deals``.


def energy_series(
    flows: pd.DataFrame,
    commodity: str = "crude oil",
    exporter: str = "RUS",
    *,
    importer: str = "CHN",
) -> pd.Series:
    """One supplier's annual flow of a commodity, in one unit.

    Crude oil given in thousand barrels per day is converted to million
    tonnes with :func:`sinorus.units.to_million_tonnes` (a documented
    factor), so the series is in Mt throughout; other commodities must
    already share one unit, or a ``ValueError`` names the mix.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"year": [2015, 2016], "commodity": "crude oil", "exporter_iso3": "RUS",
    ...                   "importer_iso3": "CHN", "value": [42.0, 1000.0], "unit": ["Mt", "kb/d"]})
    >>> energy_series(f).round(2).to_dict()
    {2015: 42.0, 2016: 50.0}
    """
    from .units import to_million_tonnes

    _require(flows, ["year", "commodity", "exporter_iso3", "importer_iso3", "value", "unit"], "energy_series")
    rows = flows[
        (flows["commodity"] == commodity)
        & (flows["exporter_iso3"] == exporter)
        & (flows["importer_iso3"] == importer)
    ]
    if commodity == "crude oil":
        values = [
            to_million_tonnes(v, u, y)
            for v, u, y in zip(rows["value"], rows["unit"], rows["year"], strict=True)
        ]
        name = "Mt"
    else:
        units = set(rows["unit"].astype(str))
        if len(units) > 1:
            raise ValueError(f"energy_series(): {commodity} from {exporter} mixes units {sorted(units)}")
        values = rows["value"].astype(float).tolist()
        name = units.pop() if units else ""
    return pd.Series(values, index=rows["year"].to_numpy(), name=name, dtype="float64").sort_index()


def supplier_ranking(
    flows: pd.DataFrame,
    commodity: str = "crude oil",
    *,
    importer: str = "CHN",
    exclude: Sequence[str] = ("WLD",),
) -> pd.DataFrame:
    """Suppliers ranked by volume in each year (1 = largest), among those in the data.

    Returns
    -------
    DataFrame
        Years as rows, suppliers as columns, ranks as values (``NaN`` where a
        supplier has no figure that year). A rank is only among the suppliers
        with a figure, so it is a rank within the data, not necessarily in
        China's full list.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"year": [2020, 2020, 2021, 2021], "commodity": "crude oil",
    ...                   "exporter_iso3": ["RUS", "SAU", "RUS", "SAU"], "importer_iso3": "CHN",
    ...                   "value": [83.6, 84.9, 90.0, 80.0], "unit": "Mt"})
    >>> supplier_ranking(f)["RUS"].tolist()
    [2.0, 1.0]
    """
    suppliers = sorted(
        set(flows.loc[flows["commodity"] == commodity, "exporter_iso3"].astype(str)) - set(exclude)
    )
    table = pd.DataFrame({s: energy_series(flows, commodity, s, importer=importer) for s in suppliers})
    return table.rank(axis=1, ascending=False, method="min")


def first_overtake(
    flows: pd.DataFrame,
    a: str = "RUS",
    b: str = "SAU",
    commodity: str = "crude oil",
    *,
    importer: str = "CHN",
) -> int | None:
    """The first year supplier ``a`` shipped more than ``b``, among years with both figures.

    ``None`` if it never did in the data. Years missing either figure are
    skipped, never assumed.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"year": [2014, 2014, 2016, 2016], "commodity": "crude oil",
    ...                   "exporter_iso3": ["RUS", "SAU"] * 2, "importer_iso3": "CHN",
    ...                   "value": [33.1, 49.7, 1050, 1020], "unit": ["Mt", "Mt", "kb/d", "kb/d"]})
    >>> first_overtake(f)
    2016
    """
    both = pd.DataFrame(
        {
            "a": energy_series(flows, commodity, a, importer=importer),
            "b": energy_series(flows, commodity, b, importer=importer),
        }
    ).dropna()
    ahead = both.index[both["a"] > both["b"]]
    return int(ahead[0]) if len(ahead) else None


def import_share(
    flows: pd.DataFrame,
    exporter: str = "RUS",
    commodity: str = "crude oil",
    *,
    importer: str = "CHN",
    whole: str = "WLD",
) -> pd.Series:
    """A supplier's share of the importer's total imports of a commodity, by year.

    Needs rows for the total (``exporter_iso3 == whole``); years missing
    either figure are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"year": [2020, 2020], "commodity": "crude oil", "exporter_iso3": ["RUS", "WLD"],
    ...                   "importer_iso3": "CHN", "value": [83.6, 542.4], "unit": "Mt"})
    >>> import_share(f).round(3).to_dict()
    {2020: 0.154}
    """
    part = energy_series(flows, commodity, exporter, importer=importer)
    total = energy_series(flows, commodity, whole, importer=importer)
    both = part.index.intersection(total.index)
    return (part.loc[both] / total.loc[both]).rename("share")


def delivered_vs_contracted(
    flows: pd.DataFrame,
    deals: pd.DataFrame,
    deal_id: str,
    *,
    commodity: str = "pipeline gas",
    exporter: str = "RUS",
    start: int | None = None,
) -> pd.DataFrame:
    """Annual deliveries against a deal's contracted annual volume.

    Parameters
    ----------
    deal_id : str
        A deal in ``energy_deals`` whose volume is a yearly rate (``.../yr``).
    start : int, optional
        First year to show (default: the first year with deliveries).

    Returns
    -------
    DataFrame
        ``delivered``, ``contracted`` and ``ratio`` (delivered / contracted)
        by year.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"year": [2020, 2021], "commodity": "pipeline gas", "exporter_iso3": "RUS",
    ...                   "importer_iso3": "CHN", "value": [4.1, 10.4], "unit": "bcm"})
    >>> d = pd.DataFrame({"deal_id": ["x"], "volume": [38.0], "volume_unit": ["bcm/yr"]})
    >>> delivered_vs_contracted(f, d, "x")["ratio"].round(3).tolist()
    [0.108, 0.274]
    """
    match = deals[deals["deal_id"] == deal_id]
    if match.empty:
        raise KeyError(f"delivered_vs_contracted(): no deal {deal_id!r}")
    deal = match.iloc[0]
    if not str(deal["volume_unit"]).endswith("/yr") or pd.isna(deal["volume"]):
        raise ValueError(f"delivered_vs_contracted(): {deal_id} has no yearly contracted volume")
    delivered = energy_series(flows, commodity, exporter)
    if start is not None:
        delivered = delivered[delivered.index >= start]
    out = pd.DataFrame({"delivered": delivered, "contracted": float(deal["volume"])})
    out["ratio"] = out["delivered"] / out["contracted"]
    out.index.name = "year"
    return out


def deal_totals(deals: pd.DataFrame, *, by: Sequence[str] = ("sector",)) -> pd.DataFrame:
    """Headline values and contracted volumes summed by sector and/or year.

    ``by`` may name ``"sector"``, ``"year"`` (the signing year) or both.
    Volumes are summed separately per unit (``Mt/yr``, ``bcm/yr``...): adding
    tonnes to cubic metres is refused by construction.

    Returns
    -------
    DataFrame
        ``deals`` (count), ``value_usd_bn`` (sum of reported values; deals
        without one count as unreported, see ``valued``), ``valued`` (how many
        had a value), and one ``volume [unit]`` column per unit.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"date": pd.to_datetime(["2013-06-21", "2014-05-21", "2014-11-09"]),
    ...                   "sector": ["oil", "gas", "gas"], "value_usd_bn": [270.0, 400.0, None],
    ...                   "volume": [None, 38.0, 30.0], "volume_unit": [None, "bcm/yr", "bcm/yr"]})
    >>> deal_totals(d).loc["gas", ["deals", "value_usd_bn", "valued", "volume [bcm/yr]"]].tolist()
    [2.0, 400.0, 1.0, 68.0]
    """
    frame = deals.assign(year=deals["date"].dt.year)
    keys = list(by)
    grouped = frame.groupby(keys, observed=True, sort=True)
    out = pd.DataFrame(
        {
            "deals": grouped.size(),
            "value_usd_bn": grouped["value_usd_bn"].sum(min_count=1),
            "valued": grouped["value_usd_bn"].count(),
        }
    )
    for unit in sorted(frame["volume_unit"].dropna().astype(str).unique()):
        part = frame[frame["volume_unit"].astype(str) == unit].groupby(keys, observed=True)["volume"].sum()
        out[f"volume [{unit}]"] = part.reindex(out.index)
    return out
