"""Energy metrics on frames shaped like ``energy_flows`` and ``energy_deals``.

``energy_flows`` has one row per ``year``, ``commodity`` (``crude oil``,
``pipeline gas``, ``lng``, ``coal``), ``exporter_iso3`` and ``importer_iso3``
(ISO 3166-1 alpha-3; ``WLD`` for the importer's total), with ``value`` in
``unit`` (``Mt``, ``bcm``; a frame of one's own may also use ``kb/d``). Where
sources disagree the bundled data hold several rows for one year, and a
boolean ``default`` column marks the one the metrics use; a frame without that
column must have one row per year. ``energy_deals`` has one row per
agreement (``deal_id``, ``date``, ``sector``, ``deal_type``, ``volume``,
``volume_unit``, ``value_usd_bn``...). Source of the bundled data: China's
customs figures as reported by wires and trade press, and company and
government releases; one ``source_url`` per row.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import _checks

__all__ = [
    "EVENT_TYPES",
    "deal_totals",
    "delivered_vs_contracted",
    "energy_series",
    "first_overtake",
    "import_share",
    "supplier_ranking",
]

_FLOW_COLUMNS = ["year", "commodity", "exporter_iso3", "importer_iso3", "value", "unit"]
#: ``deal_type`` values that are events in a deal's life, not agreements of their own.
EVENT_TYPES = ("milestone", "cancellation")
#: The deal sector whose contracts a commodity's flows deliver.
_SECTOR = {"pipeline gas": "gas", "crude oil": "oil", "lng": "lng", "coal": "coal"}


def _years(start_year, end_year, func):
    lo = None if start_year is None else _checks.year(start_year, arg="start_year", func=func)
    hi = None if end_year is None else _checks.year(end_year, arg="end_year", func=func)
    _checks.year_window(lo, hi, func=func)
    return lo, hi


def _in_years(series: pd.Series, lo, hi) -> pd.Series:
    keep = np.ones(len(series), dtype=bool)
    if lo is not None:
        keep &= series.index >= lo
    if hi is not None:
        keep &= series.index <= hi
    return series[keep]


def _commodity(flows, commodity, func) -> str:
    return _checks.choice(
        commodity, _checks.allowed(flows, "commodity"), arg="commodity", func=func, what="the commodities"
    )


def _code(flows, value, column, arg, func, commodity=None) -> str:
    rows = flows if commodity is None else flows[flows["commodity"] == commodity]
    what = f"the frame's {column}" + (f" for {commodity}" if commodity is not None else "")
    return _checks.country(value, arg=arg, func=func, among=_checks.present(rows, column), what=what)


def _series(flows, commodity, exporter, importer) -> pd.Series:
    """One supplier's series in one unit; arguments already checked."""
    from ..units import to_million_tonnes

    rows = flows[
        (flows["commodity"] == commodity)
        & (flows["exporter_iso3"] == exporter)
        & (flows["importer_iso3"] == importer)
    ]
    # alternatives (other bases, later revisions) stay out of the series
    rows = _checks.default_rows(rows, "energy_series", f"{commodity} from {exporter}")
    if rows["value"].isna().any():
        years = sorted(rows.loc[rows["value"].isna(), "year"].tolist())
        raise ValueError(f"energy_series(): {commodity} from {exporter} has no value in {years}")
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
    out = pd.Series(
        values, index=rows["year"].to_numpy(dtype="int64"), name=name, dtype="float64"
    ).sort_index()
    if out.index.has_duplicates:
        years = sorted(set(out.index[out.index.duplicated()]))
        raise ValueError(
            f"energy_series(): several {commodity} rows from {exporter} to {importer} for {years}"
        )
    return out


def energy_series(
    flows: pd.DataFrame,
    commodity: str = "crude oil",
    exporter: str = "RUS",
    *,
    importer: str = "CHN",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.Series:
    """One supplier's annual flow of a commodity, in one unit.

    Crude oil given in thousand barrels per day is converted to million
    tonnes with :func:`sinorus.units.to_million_tonnes` (a documented
    factor), so the series is in Mt throughout; other commodities must
    already share one unit, or a ``ValueError`` names the mix.

    Parameters
    ----------
    flows : DataFrame
        Shaped like ``energy_flows``.
    commodity : str
        One of the frame's commodities (``crude oil``, ``pipeline gas``,
        ``lng``, ``coal`` in the bundled data).
    exporter, importer : str
        ISO 3166-1 alpha-3 codes (``WLD`` as exporter: the importer's total);
        the exporter must supply that commodity in the frame.
    start_year, end_year : int, optional
        Keep only these years (both included).

    Returns
    -------
    Series
        float64 indexed by int year, sorted, named after its unit (``Mt``
        for crude oil); never empty: a window with no figure raises.

    Raises
    ------
    TypeError
        A code not a str, a year not an int.
    KeyError
        A column missing.
    ValueError
        A commodity or code absent from the frame (those present are
        listed), mixed units, duplicate years, or ``end_year`` before
        ``start_year``.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"year": [2015, 2016], "commodity": "crude oil", "exporter_iso3": "RUS",
    ...                   "importer_iso3": "CHN", "value": [42.0, 1000.0], "unit": ["Mt", "kb/d"]})
    >>> energy_series(f).round(2).to_dict()
    {2015: 42.0, 2016: 50.0}
    """
    func = "energy_series"
    _checks.frame(flows, _FLOW_COLUMNS, func)
    commodity = _commodity(flows, commodity, func)
    exporter = _code(flows, exporter, "exporter_iso3", "exporter", func, commodity)
    importer = _code(flows, importer, "importer_iso3", "importer", func, commodity)
    lo, hi = _years(start_year, end_year, func)
    full = _series(flows, commodity, exporter, importer)
    out = _in_years(full, lo, hi)
    if out.empty and (lo is not None or hi is not None):
        raise ValueError(
            f"{func}(): no {commodity} figure from {exporter} to {importer} in {lo}-{hi}; "
            f"the series covers {int(full.index.min())}-{int(full.index.max())}"
        )
    return out


def supplier_ranking(
    flows: pd.DataFrame,
    commodity: str = "crude oil",
    *,
    importer: str = "CHN",
    exclude: Sequence[str] = ("WLD",),
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """Suppliers ranked by volume in each year (1 = largest), among those in the data.

    Parameters
    ----------
    flows : DataFrame
        Shaped like ``energy_flows``.
    commodity, importer, start_year, end_year
        As for :func:`energy_series`.
    exclude : list of str
        Exporter codes (upper-case ISO 3166-1 alpha-3) left out of the
        ranking; aggregates such as the total, ``WLD``, are always left out.

    Returns
    -------
    DataFrame
        Years as rows, suppliers as columns, ranks (float64, ties share the
        better rank) as values; ``NaN`` where a supplier has no figure that
        year. A rank is only among the suppliers with a figure, so it is a
        rank within the data, not necessarily in China's full list.

    Raises
    ------
    TypeError, KeyError, ValueError
        As :func:`energy_series`.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"year": [2020, 2020, 2021, 2021], "commodity": "crude oil",
    ...                   "exporter_iso3": ["RUS", "SAU", "RUS", "SAU"], "importer_iso3": "CHN",
    ...                   "value": [83.6, 84.9, 90.0, 80.0], "unit": "Mt"})
    >>> supplier_ranking(f)["RUS"].tolist()
    [2.0, 1.0]
    """
    func = "supplier_ranking"
    _checks.frame(flows, _FLOW_COLUMNS, func)
    commodity = _commodity(flows, commodity, func)
    importer = _code(flows, importer, "importer_iso3", "importer", func, commodity)
    if isinstance(exclude, str):
        raise TypeError(f"{func}(): exclude must be a list of codes, e.g. [{exclude!r}], not a bare str")
    exclude = {_checks.country(c, arg="exclude", func=func) for c in exclude}
    lo, hi = _years(start_year, end_year, func)
    rows = flows[(flows["commodity"] == commodity) & (flows["importer_iso3"] == importer)]
    # aggregates such as WLD (the importer's total) are never ranked among the suppliers
    suppliers = sorted(set(_checks.present(rows, "exporter_iso3")) - exclude - set(_checks.PSEUDO_CODES))
    table = pd.DataFrame({s: _in_years(_series(flows, commodity, s, importer), lo, hi) for s in suppliers})
    table.index.name = "year"
    return table.rank(axis=1, ascending=False, method="min")


def first_overtake(
    flows: pd.DataFrame,
    a: str = "RUS",
    b: str = "SAU",
    commodity: str = "crude oil",
    *,
    importer: str = "CHN",
    start_year: int | None = None,
    end_year: int | None = None,
) -> int | None:
    """The first year supplier ``a`` is seen to overtake ``b``: ahead of it after being behind or level.

    Only years with figures for both count, so the answer is the first
    *observed* year ahead; when years are missing just before it, the
    overtaking may have happened in one of them. If ``a`` is already ahead
    in the first year with both figures, that is not an overtaking (it may
    have happened before the data) and the search goes on from there.

    Parameters
    ----------
    a, b : str
        Exporter codes present for the commodity; aggregates (``WLD``) are
        refused.
    Others
        As for :func:`energy_series`.

    Returns
    -------
    int or None
        ``None`` if it never did in the data (in the window). Years missing
        either figure are skipped, never assumed.

    Raises
    ------
    TypeError, KeyError
        As :func:`energy_series`, for either supplier.
    ValueError
        As :func:`energy_series`; or ``a`` equals ``b``; or no year (in the
        window) has figures for both, so that "never" could not be told
        from "unknown".

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"year": [2014, 2014, 2016, 2016], "commodity": "crude oil",
    ...                   "exporter_iso3": ["RUS", "SAU"] * 2, "importer_iso3": "CHN",
    ...                   "value": [33.1, 49.7, 1050, 1020], "unit": ["Mt", "Mt", "kb/d", "kb/d"]})
    >>> first_overtake(f)
    2016
    """
    func = "first_overtake"
    _checks.frame(flows, _FLOW_COLUMNS, func)
    commodity = _commodity(flows, commodity, func)
    a = _code(flows, a, "exporter_iso3", "a", func, commodity)
    b = _code(flows, b, "exporter_iso3", "b", func, commodity)
    if a == b:
        raise ValueError(f"{func}(): a and b are both {a}; compare two different suppliers")
    for arg, code in (("a", a), ("b", b)):
        if code in _checks.PSEUDO_CODES:
            raise ValueError(f"{func}(): {arg}={code!r} is an aggregate, not a supplier")
    importer = _code(flows, importer, "importer_iso3", "importer", func, commodity)
    lo, hi = _years(start_year, end_year, func)
    both = pd.DataFrame(
        {
            "a": _in_years(_series(flows, commodity, a, importer), lo, hi),
            "b": _in_years(_series(flows, commodity, b, importer), lo, hi),
        }
    ).dropna()
    if both.empty:
        when = f"from {lo} to {hi} " if lo or hi else ""
        raise ValueError(f"{func}(): no year {when}has {commodity} figures for both {a} and {b}")
    ahead = (both["a"] > both["b"]).to_numpy()
    for i in range(1, len(ahead)):
        if ahead[i] and not ahead[i - 1]:
            return int(both.index[i])
    return None


def import_share(
    flows: pd.DataFrame,
    exporter: str = "RUS",
    commodity: str = "crude oil",
    *,
    importer: str = "CHN",
    whole: str = "WLD",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.Series:
    """A supplier's share of the importer's total imports of a commodity, by year.

    Parameters
    ----------
    whole : str
        The exporter code of the total (``WLD``); it must be present.
    Others
        As for :func:`energy_series`.

    Returns
    -------
    Series
        Fractions (0.15 is 15%) indexed by int year, named ``share``; years
        missing either figure are left out.

    Raises
    ------
    TypeError, KeyError, ValueError
        As :func:`energy_series`, for the supplier or the total.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"year": [2020, 2020], "commodity": "crude oil", "exporter_iso3": ["RUS", "WLD"],
    ...                   "importer_iso3": "CHN", "value": [83.6, 542.4], "unit": "Mt"})
    >>> import_share(f).round(3).to_dict()
    {2020: 0.154}
    """
    if exporter == whole:
        raise ValueError(
            f"import_share(): exporter and whole are both {exporter!r}; whole is the total (WLD)"
        )
    kw = dict(importer=importer, start_year=start_year, end_year=end_year)
    part = energy_series(flows, commodity, exporter, **kw)
    total = energy_series(flows, commodity, whole, **kw)
    both = part.index.intersection(total.index)
    share = (part.loc[both] / total.loc[both]).rename("share")
    if (share > 1).any():
        raise ValueError(
            f"import_share(): {exporter} exceeds {whole} in {share[share > 1].index.tolist()}; "
            f"is {whole!r} the total?"
        )
    return share


def delivered_vs_contracted(
    flows: pd.DataFrame,
    deals: pd.DataFrame,
    deal_id: str,
    *,
    commodity: str = "pipeline gas",
    exporter: str = "RUS",
    importer: str = "CHN",
    start_year: int | None = None,
    end_year: int | None = None,
) -> pd.DataFrame:
    """Annual deliveries against a deal's contracted annual volume.

    Parameters
    ----------
    flows, deals : DataFrame
        Shaped like ``energy_flows`` and ``energy_deals``.
    deal_id : str
        A supply contract in ``deals`` whose volume is a yearly rate
        (``.../yr``), of the sector of ``commodity`` (``gas`` for pipeline
        gas, ``oil`` for crude oil, ``lng``, ``coal``) and in the flows' unit.
        The flows are everything ``exporter`` delivered, so the comparison
        means something only for the contract that carries them (for
        pipeline gas until the Far Eastern route opens, Power of Siberia's
        ``2014-gas-gazprom-cnpc-1``).
    commodity, exporter, importer : str
        The delivered series (as for :func:`energy_series`).
    start_year, end_year : int, optional
        Years to show (default: every year with deliveries from the
        contract's signing year).

    Returns
    -------
    DataFrame
        Indexed by ``year``: ``delivered`` and ``contracted`` (in the flow's
        unit) and ``ratio`` (delivered / contracted), all float64.

    Raises
    ------
    TypeError
        ``deal_id`` not a str; as :func:`energy_series`.
    KeyError
        A column missing.
    ValueError
        An unknown ``deal_id`` (the closest is suggested); a deal that is not
        a supply contract, is of another sector than ``commodity``, or has no
        yearly volume or one in another unit than the flows; or as
        :func:`energy_series`.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"year": [2020, 2021], "commodity": "pipeline gas", "exporter_iso3": "RUS",
    ...                   "importer_iso3": "CHN", "value": [4.1, 10.4], "unit": "bcm"})
    >>> d = pd.DataFrame({"deal_id": ["x"], "date": pd.to_datetime(["2014-05-21"]), "sector": ["gas"],
    ...                   "deal_type": ["supply contract"], "volume": [38.0], "volume_unit": ["bcm/yr"]})
    >>> delivered_vs_contracted(f, d, "x")["ratio"].round(3).tolist()
    [0.108, 0.274]
    """
    func = "delivered_vs_contracted"
    _checks.frame(deals, ["deal_id", "date", "sector", "deal_type", "volume", "volume_unit"], func)
    deal_id = _checks.choice(
        deal_id, _checks.present(deals, "deal_id"), arg="deal_id", func=func, what="the deals"
    )
    deal = deals[deals["deal_id"] == deal_id].iloc[0]
    commodity = _commodity(flows, commodity, func)
    if str(deal["deal_type"]) != "supply contract":
        raise ValueError(
            f"{func}(): {deal_id} is a {deal['deal_type']}, not a supply contract: "
            "it contracted no deliveries"
        )
    sector = _SECTOR.get(commodity)
    if sector is not None and str(deal["sector"]) != sector:
        raise ValueError(
            f"{func}(): {deal_id} is a {deal['sector']} deal; {commodity} flows belong to {sector} deals"
        )
    if not str(deal["volume_unit"]).endswith("/yr") or pd.isna(deal["volume"]):
        raise ValueError(f"{func}(): {deal_id} has no yearly contracted volume")
    if "status" in deals.columns and str(deal["status"]) not in ("in operation", "completed"):
        raise ValueError(
            f"{func}(): {deal_id} is {deal['status']!r}, not in operation: "
            "the flows it would be compared with are another contract's"
        )
    first = int(deal["date"].year) if start_year is None else start_year
    delivered = energy_series(
        flows, commodity, exporter, importer=importer, start_year=first, end_year=end_year
    )
    unit = str(deal["volume_unit"]).removesuffix("/yr")
    if delivered.name != unit:
        raise ValueError(
            f"{func}(): {deal_id} is in {deal['volume_unit']} but the flows are in {delivered.name}"
        )
    out = pd.DataFrame({"delivered": delivered, "contracted": float(deal["volume"])})
    out["ratio"] = out["delivered"] / out["contracted"]
    out.index.name = "year"
    return out


def deal_totals(deals: pd.DataFrame, *, by: Sequence[str] = ("sector",)) -> pd.DataFrame:
    """Headline values and contracted volumes summed by sector, deal type and/or year.

    Only agreements count: rows whose ``deal_type`` is an event
    (:data:`EVENT_TYPES`: a milestone or a cancellation), rows with a
    ``part_of`` (a prepayment under a contract, one loan seen from its other
    side, an amendment) and agreements whose ``status`` is ``superseded``
    (replaced by a later one) are left out, since they restate another row's
    money or volume. Volumes are contracted supply: only supply contracts'
    volumes are summed (a pipeline's or refinery's capacity is not supply).

    Volumes are summed separately per unit (``Mt/yr``, ``bcm/yr``...): adding
    tonnes to cubic metres is refused by construction.

    Parameters
    ----------
    deals : DataFrame
        Shaped like ``energy_deals``.
    by : list of {"sector", "deal_type", "status", "year"}
        Grouping keys; ``year`` is the signing year.

    Returns
    -------
    DataFrame
        Indexed by the keys: ``deals`` (count), ``value_usd_bn`` (sum of
        reported values, billion US dollars; deals without one count as
        unreported, see ``valued``), ``valued`` (how many had a value), and
        one ``volume [unit]`` column per unit.

    Raises
    ------
    TypeError
        ``by`` a bare str.
    KeyError
        A column missing.
    ValueError
        A key not among those allowed.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"date": pd.to_datetime(["2013-06-21", "2014-05-21", "2014-11-09"]),
    ...                   "sector": ["oil", "gas", "gas"], "value_usd_bn": [270.0, 400.0, None],
    ...                   "volume": [None, 38.0, 30.0], "volume_unit": [None, "bcm/yr", "bcm/yr"]})
    >>> deal_totals(d).loc["gas", ["deals", "value_usd_bn", "valued", "volume [bcm/yr]"]].tolist()
    [2.0, 400.0, 1.0, 68.0]
    """
    func = "deal_totals"
    _checks.frame(deals, ["date", "value_usd_bn", "volume", "volume_unit"], func)
    allowed = [c for c in ("sector", "deal_type", "status") if c in deals.columns] + ["year"]
    keys = _checks.choices(by, allowed, arg="by", func=func, what="the keys allowed")
    frame = deals.assign(year=deals["date"].dt.year)
    # events in a deal's life, rows that re-describe another deal and agreements replaced by later ones
    # would count the same money or volume twice
    if "deal_type" in frame.columns:
        frame = frame[~frame["deal_type"].isin(EVENT_TYPES).to_numpy()]
    if "part_of" in frame.columns:
        frame = frame[frame["part_of"].isna().to_numpy() | (frame["part_of"] == "").to_numpy()]
    if "status" in frame.columns:
        frame = frame[(frame["status"] != "superseded").to_numpy()]
    if "deal_type" in frame.columns:  # a volume is contracted supply; a plant's or pipeline's capacity is not
        supply = (frame["deal_type"] == "supply contract").to_numpy()
        frame = frame.assign(
            volume=frame["volume"].where(supply), volume_unit=frame["volume_unit"].where(supply)
        )
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
