"""Currency-swap metrics on frames shaped like the ``swap_lines`` dataset.

The frame has one row per signing event of a PBOC bilateral swap line:
``date`` (naive datetime64), ``iso3`` (the counterparty, ISO 3166-1 alpha-3
or ``EMU``), ``event`` (``new``, ``renewal``, ``enlargement``), ``cny_bn``
(the yuan leg, billion yuan), ``local_currency`` (ISO 4217),
``local_amount_bn`` (billion units of it), ``tenor_years`` and ``standing``.
Source of the bundled data: PBOC and counterparty central-bank releases and
wires, one ``source_url`` per row. Dollar values use the ECB's reference
rates (and the Bank of Russia's for the rouble after 1 March 2022), via
:mod:`sinorus.fx`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _checks
from .trade import trade_series

__all__ = [
    "SIGNING_EVENTS",
    "implied_vs_market",
    "lines_in_force",
    "months_of_trade",
    "network_size",
    "swap_rank",
    "swap_usd_values",
]

ON_MISSING = ("previous", "raise")


def _on_missing(value, func: str) -> str:
    return _checks.choice(value, ON_MISSING, arg="on_missing", func=func, what="the choices")


def _tenor(value, func: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or not 1 <= value <= 50:
        raise TypeError(
            f"{func}(): default_tenor must be a whole number of years from 1 to 50, not {value!r}"
        )
    return int(value)


def _fx_note(err: Exception) -> str:
    return str(err).split(". Days available")[0]


def swap_usd_values(swaps: pd.DataFrame, *, on_missing: str = "previous", data_dir=None) -> pd.DataFrame:
    """Each swap's two legs in US dollars at the reference rates of its signing day.

    A leg that cannot be converted (the ECB does not quote the currency, no
    rouble rate exists for the day, the day is outside a currency's series)
    gets ``NaN`` and a reason in ``fx_note``; the other rows are unaffected.
    Nothing is guessed. Only signings (:data:`SIGNING_EVENTS`) are valued: a
    drawdown, activation or lapse row gets ``NaN`` and says why.

    Parameters
    ----------
    swaps : DataFrame
        Shaped like ``swap_lines`` (needs ``date``, ``cny_bn``,
        ``local_currency``, ``local_amount_bn``).
    on_missing : {"previous", "raise"}
        Signing days without published rates (weekends) use the latest earlier
        rates by default; the date used is in ``rate_date``. With
        ``"raise"`` such a leg is left unconverted, with a note.
    data_dir : path-like, optional
        A folder whose ``cbr_rates`` dataset holds the Bank of Russia rates
        to use after 1 March 2022 (default: the bundled one).

    Returns
    -------
    DataFrame
        The input plus ``cny_usd_bn`` and ``local_usd_bn`` (float64, billion
        US dollars), ``rate_date`` (datetime64) and ``fx_note`` (str, empty
        when both legs converted).

    Raises
    ------
    TypeError, KeyError
        If ``swaps`` is not a DataFrame with those columns.
    ValueError
        If ``on_missing`` is not one of the choices.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2014-10-13"]), "iso3": ["RUS"], "cny_bn": [150.0],
    ...                   "local_currency": ["RUB"], "local_amount_bn": [815.0]})
    >>> out = swap_usd_values(s)
    >>> round(float(out.loc[0, "cny_usd_bn"]), 2), round(float(out.loc[0, "local_usd_bn"]), 2)
    (24.48, 20.14)
    """
    from .. import fx

    func = "swap_usd_values"
    _checks.frame(swaps, ["date", "cny_bn", "local_currency", "local_amount_bn"], func)
    on_missing = _on_missing(on_missing, func)
    cny_usd, local_usd, used, notes = [], [], [], []
    events = (
        swaps["event"].astype(object) if "event" in swaps.columns else pd.Series("new", index=swaps.index)
    )
    for day, cny, cur, amount, event in zip(
        swaps["date"],
        swaps["cny_bn"],
        swaps["local_currency"].astype(object),
        swaps["local_amount_bn"],
        events,
        strict=True,
    ):
        note = []
        c_val = l_val = np.nan
        day_used = pd.NaT
        if event not in SIGNING_EVENTS:  # a drawdown, activation or lapse: no legs signed that day
            cny_usd.append(c_val)
            local_usd.append(l_val)
            used.append(day_used)
            notes.append(f"a {event}, not a signing: its amounts are not the legs of a line")
            continue
        if pd.notna(cny):
            try:
                r = fx.rate("CNY", "USD", day, on_missing=on_missing, data_dir=data_dir)
                c_val, day_used = cny * r.value, pd.Timestamp(r.date_used)
            except fx.FxGapError as err:
                note.append(_fx_note(err))
        if pd.notna(amount):
            if pd.isna(cur):
                note.append("the local leg has no currency code")
            else:
                try:
                    r = fx.rate(str(cur), "USD", day, on_missing=on_missing, data_dir=data_dir)
                    l_val = amount * r.value
                except fx.FxGapError as err:
                    note.append(_fx_note(err))
        cny_usd.append(c_val)
        local_usd.append(l_val)
        used.append(day_used)
        notes.append("; ".join(note))
    out = swaps.copy()
    out["cny_usd_bn"] = np.asarray(cny_usd, dtype="float64")
    out["local_usd_bn"] = np.asarray(local_usd, dtype="float64")
    out["rate_date"] = pd.to_datetime(pd.Series(used, index=out.index))
    out["fx_note"] = notes
    return out


def implied_vs_market(swaps: pd.DataFrame, *, on_missing: str = "previous", data_dir=None) -> pd.DataFrame:
    """The exchange rate the two legs imply, against the market cross rate that day.

    Parameters
    ----------
    swaps : DataFrame
        Shaped like ``swap_lines``.
    on_missing : {"previous", "raise"}
        As for :func:`swap_usd_values`.
    data_dir : path-like, optional
        As for :func:`swap_usd_values`.

    Returns
    -------
    DataFrame
        The input plus ``implied`` (local currency per yuan, local leg divided
        by yuan leg), ``market`` (the reference cross rate, local currency per
        yuan) and ``gap`` (``implied / market - 1``: negative means the local
        leg was worth less than the yuan leg), all float64. Rows missing a leg
        or a rate get ``NaN`` and an ``fx_note``.

    Raises
    ------
    TypeError, KeyError, ValueError
        As :func:`swap_usd_values`.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2014-10-13"]), "iso3": ["RUS"], "cny_bn": [150.0],
    ...                   "local_currency": ["RUB"], "local_amount_bn": [815.0]})
    >>> out = implied_vs_market(s)
    >>> [round(float(out.loc[0, c]), 3) for c in ("implied", "market", "gap")]
    [5.433, 6.604, -0.177]
    """
    from .. import fx

    func = "implied_vs_market"
    _checks.frame(swaps, ["date", "cny_bn", "local_currency", "local_amount_bn"], func)
    on_missing = _on_missing(on_missing, func)
    implied = (swaps["local_amount_bn"] / swaps["cny_bn"]).astype("float64")
    market, notes = [], []
    for day, cur, imp in zip(swaps["date"], swaps["local_currency"].astype(object), implied, strict=True):
        if pd.isna(imp) or pd.isna(cur):
            market.append(np.nan)
            notes.append("a leg is missing")
            continue
        try:
            market.append(fx.rate("CNY", str(cur), day, on_missing=on_missing, data_dir=data_dir).value)
            notes.append("")
        except fx.FxGapError as err:
            market.append(np.nan)
            notes.append(_fx_note(err))
    out = swaps.copy()
    out["implied"] = implied
    out["market"] = np.asarray(market, dtype="float64")
    out["gap"] = out["implied"] / out["market"] - 1
    out["fx_note"] = notes
    return out


#: ``event`` values that sign, renew or enlarge a line; ``activation`` and ``drawdown`` rows (uses of a
#: line) and ``lapse`` rows (a line that ended before its renewal) are not signings.
SIGNING_EVENTS = ("new", "renewal", "enlargement")


def _swap_intervals(swaps: pd.DataFrame, default_tenor: int, bridge: bool = False) -> pd.DataFrame:
    """Each signing event as the interval in which it defines its counterparty's line.

    Event k of a counterparty governs from its date until the next event or
    its expiry, whichever comes first (no end if the agreement is standing);
    its size is the latest stated yuan leg up to and including it.
    """
    # plain numpy on ~100 rows: this runs once per date asked about, so it must be cheap
    # another date for an event another row records is not a signing of its own
    swaps = _checks.default_rows(swaps, "lines_in_force", "swap events")
    lapse = np.zeros(len(swaps), dtype=bool)
    renews = np.zeros(len(swaps), dtype=bool)  # the event is a renewal or enlargement of a line in force
    if "event" in swaps.columns:
        # activations and drawdowns use a line, they do not make one; a lapse ends it
        event = swaps["event"].astype(str).to_numpy()
        keep = np.isin(event, (*SIGNING_EVENTS, "lapse"))
        swaps = swaps[keep]
        lapse = event[keep] == "lapse"
        renews = np.isin(event[keep], ("renewal", "enlargement"))
    iso = swaps["iso3"].astype(str).to_numpy()
    dates = swaps["date"].to_numpy(dtype="datetime64[ns]")
    order = np.lexsort((dates, iso))  # stable: by counterparty, then date
    iso, dates, lapse, renews = iso[order], dates[order], lapse[order], renews[order]
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
    if bridge:  # a later renewal says the line was still alive: no gap before it
        renewed_next = np.zeros(len(dates), dtype=bool)
        renewed_next[:-1][same] = renews[1:][same]
        end = np.where(renewed_next, following, end)
    size = swaps["cny_bn"].to_numpy(dtype="float64", na_value=np.nan)[order]
    size[lapse] = np.nan
    for i in np.flatnonzero(same) + 1:  # a renewal without a stated size keeps the last stated one
        if np.isnan(size[i]) and not lapse[i]:
            size[i] = size[i - 1]
    intervals = pd.DataFrame({"iso3": iso, "start": dates, "end": end, "expires": expires, "cny_bn": size})
    return intervals[~lapse].reset_index(
        drop=True
    )  # a lapse governs nothing: it only ended the line before it


def _check_swaps(swaps: pd.DataFrame, func: str) -> None:
    _checks.frame(swaps, ["date", "iso3", "cny_bn", "tenor_years", "standing"], func)
    if not pd.api.types.is_datetime64_dtype(swaps["date"]) or isinstance(
        swaps["date"].dtype, pd.DatetimeTZDtype
    ):
        raise TypeError(
            f"{func}() needs a naive datetime64 'date' column (as sinorus.load gives), "
            f"not {swaps['date'].dtype}"
        )


def _live(intervals: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    return (intervals["start"] <= day) & (intervals["end"].isna() | (day < intervals["end"]))


def lines_in_force(
    swaps: pd.DataFrame, date, *, default_tenor: int = 3, bridge_renewals: bool = False
) -> pd.DataFrame:
    """The swap lines in force on a day, with their size.

    A line is in force from its latest signing event (``new``, ``renewal``,
    ``enlargement``) on or before ``date`` until that event's tenor runs out
    (``default_tenor`` years when the tenor is not stated), until a recorded
    ``lapse``, or indefinitely if the agreement is standing; ``activation``
    and ``drawdown`` rows are uses of a line and change nothing here. Its
    size is the yuan leg of that event, or of the latest earlier event of the
    same counterparty that states one (a renewal "at the same size").

    Parameters
    ----------
    swaps : DataFrame
        Shaped like ``swap_lines``.
    date : date
        ISO ``YYYY-MM-DD`` string, ``datetime.date`` or naive ``Timestamp``.
    default_tenor : int
        Years a line runs when its tenor is not stated (1 to 50).
    bridge_renewals : bool
        If true, a line whose next recorded event is a renewal or an
        enlargement counts as in force until that event even after its tenor
        ran out: a renewal extends a live agreement, so the gap is taken to be
        a renewal missing from the data. An upper estimate; the default
        (false) counts only what the recorded events cover.

    Returns
    -------
    DataFrame
        One row per counterparty in force: ``iso3``, ``since``, ``expires``
        (``NaT`` if standing), ``cny_bn`` (float64, billion yuan), sorted by
        size, largest first.

    Raises
    ------
    TypeError
        A date that is a number, or ``default_tenor`` not an int.
    KeyError
        A column missing.
    ValueError
        A date string that is not ISO.

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
    func = "lines_in_force"
    _check_swaps(swaps, func)
    day = _checks.date(date, arg="date", func=func)
    _checks.within_coverage(day, None, swaps, "date", func=func)
    intervals = _swap_intervals(
        swaps, _tenor(default_tenor, func), _checks.flag(bridge_renewals, "bridge_renewals", func)
    )
    live = intervals[_live(intervals, day)]
    out = pd.DataFrame(
        {"iso3": live["iso3"], "since": live["start"], "expires": live["expires"], "cny_bn": live["cny_bn"]}
    )
    out = out.sort_values(["cny_bn", "iso3"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return out.astype({"cny_bn": "float64"})


def network_size(
    swaps: pd.DataFrame, dates, *, default_tenor: int = 3, bridge_renewals: bool = False
) -> pd.DataFrame:
    """Number of lines in force and their total yuan size on each of some dates.

    Parameters
    ----------
    swaps : DataFrame
        Shaped like ``swap_lines``.
    dates : sequence of dates
        Each an ISO string, ``datetime.date`` or naive ``Timestamp``.
    default_tenor, bridge_renewals
        As for :func:`lines_in_force`.

    Returns
    -------
    DataFrame
        Indexed by ``date``: ``lines`` (int64) and ``total_cny_bn`` (float64,
        billion yuan; lines of unknown size count as 0).

    Raises
    ------
    TypeError, KeyError, ValueError
        As :func:`lines_in_force`, for any of the dates.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2014-10-13", "2016-01-01"]), "iso3": ["RUS", "KOR"],
    ...                   "cny_bn": [150.0, 360.0], "tenor_years": [3, 3], "standing": [False, False]})
    >>> network_size(s, ["2015-01-01", "2017-01-01"])["total_cny_bn"].tolist()
    [150.0, 510.0]
    """
    func = "network_size"
    _check_swaps(swaps, func)
    days = _checks.dates(dates, arg="dates", func=func)
    if len(days):
        _checks.within_coverage(days.min(), days.max(), swaps, "date", func=func)
    intervals = _swap_intervals(
        swaps, _tenor(default_tenor, func), _checks.flag(bridge_renewals, "bridge_renewals", func)
    )
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


def swap_rank(
    swaps: pd.DataFrame, counterparty: str, date, *, default_tenor: int = 3, bridge_renewals: bool = False
) -> int | None:
    """A counterparty's rank by yuan size among the lines in force (1 = largest).

    Ties share the better rank. ``None`` when its line is not in force that
    day, or is in force with no stated size. A rank can depend on renewals
    missing from the data (a larger line that lapsed in the data but was in
    fact renewed): compare it with ``bridge_renewals=True``.

    Parameters
    ----------
    counterparty : str
        ISO 3166-1 alpha-3 code (or ``EMU``) present in ``swaps["iso3"]``.
    Others
        As for :func:`lines_in_force`, ``bridge_renewals`` included.

    Returns
    -------
    int or None

    Raises
    ------
    TypeError, KeyError
        As :func:`lines_in_force`.
    ValueError
        As :func:`lines_in_force`, or a counterparty absent from the frame.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"date": pd.to_datetime(["2014-10-13", "2016-01-01"]), "iso3": ["RUS", "KOR"],
    ...                   "cny_bn": [150.0, 360.0], "tenor_years": [3, 3], "standing": [False, False]})
    >>> swap_rank(s, "RUS", "2017-01-01")
    2
    >>> g = pd.DataFrame({"date": pd.to_datetime(["2016-01-01", "2017-06-01", "2020-01-01"]),
    ...                   "iso3": ["KOR", "RUS", "KOR"], "event": ["new", "new", "renewal"],
    ...                   "cny_bn": [360.0, 150.0, 360.0], "tenor_years": [3, 3, 3], "standing": False})
    >>> swap_rank(g, "RUS", "2019-06-01"), swap_rank(g, "RUS", "2019-06-01", bridge_renewals=True)
    (1, 2)
    """
    func = "swap_rank"
    _check_swaps(swaps, func)
    counterparty = _checks.country(
        counterparty,
        arg="counterparty",
        func=func,
        among=_checks.present(swaps, "iso3"),
        what="the frame's iso3",
    )
    live = lines_in_force(swaps, date, default_tenor=default_tenor, bridge_renewals=bridge_renewals)
    mine = live.loc[live["iso3"] == counterparty, "cny_bn"]
    if mine.empty or pd.isna(mine.iloc[0]):
        return None
    return int((live["cny_bn"] > float(mine.iloc[0])).sum()) + 1


def months_of_trade(
    cny_bn: float,
    date,
    trade: pd.DataFrame,
    *,
    partner: str = "RUS",
    flow: str = "imports",
    year: int | None = None,
    data_dir=None,
) -> float:
    """How many months of a bilateral trade flow a yuan amount could pay for.

    The amount is converted to dollars at the reference rate of ``date`` and
    divided by the monthly average of China's ``flow`` with ``partner`` in
    ``year`` (default: the year of ``date``), from the ``trade`` dataset.

    Parameters
    ----------
    cny_bn : float
        Billion yuan.
    date : date
        The conversion day (ISO string, ``datetime.date``, naive Timestamp).
    trade : DataFrame
        Shaped like ``trade``.
    partner : str
        ISO 3166-1 alpha-3 code present in ``trade["partner_iso3"]``.
    flow : str
        A flow present in ``trade["flow"]``.
    year : int, optional
        The trade year.
    data_dir : path-like, optional
        Where ``cbr_rates`` is read for rouble dates after 1 March 2022.

    Returns
    -------
    float
        Months (a monthly average of the year's flow).

    Raises
    ------
    TypeError
        ``cny_bn`` not a number, a date or year of the wrong type.
    KeyError
        If the trade dataset has no figure for that year and flow.
    ValueError
        A code or flow absent from the trade frame.
    sinorus.fx.FxGapError
        No yuan-dollar rate for the date.

    Examples
    --------
    >>> import sinorus
    >>> round(months_of_trade(150, "2014-10-13", sinorus.load("trade")), 1)
    7.1
    """
    from .. import fx

    func = "months_of_trade"
    if isinstance(cny_bn, bool) or not isinstance(cny_bn, int | float | np.number):
        raise TypeError(f"{func}(): cny_bn must be a number of billion yuan, not {type(cny_bn).__name__}")
    _checks.number(cny_bn, arg="cny_bn", func=func, minimum=0)
    day = _checks.date(date, arg="date", func=func)
    year = day.year if year is None else _checks.year(year, arg="year", func=func)
    series = trade_series(trade, partner=partner, flow=flow)
    if year not in series.index:
        raise KeyError(f"{func}(): no {flow} figure with {partner} for {year} in the trade data")
    usd = fx.convert(float(cny_bn), "CNY", "USD", day, on_missing="previous", data_dir=data_dir)
    return float(usd / (series.loc[year] / 12))
