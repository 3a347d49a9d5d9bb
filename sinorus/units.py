"""Unit conversions with documented factors.

Crude oil is reported in million tonnes by China's customs and in barrels per
day by many news reports. The conversion depends on the oil's density; we use
the average factor for crude petroleum published by the United Nations
Statistics Division in its Energy Statistics Yearbook conversion table
(https://unstats.un.org/unsd/energy/yearbook/conversion.htm): 7.32 barrels per
metric ton. A flow of ``b`` barrels per day over a year of ``d`` days is
``b * d / 7.32`` tonnes.
"""

from __future__ import annotations

import calendar

__all__ = ["BARRELS_PER_TONNE_CRUDE", "FACTOR_SOURCE", "to_million_tonnes"]

#: Barrels per metric ton of crude petroleum of average specific gravity (UNSD).
BARRELS_PER_TONNE_CRUDE = 7.32
FACTOR_SOURCE = "https://unstats.un.org/unsd/energy/yearbook/conversion.htm"


def to_million_tonnes(value: float, unit: str, year: int) -> float:
    """Convert a crude-oil quantity to million tonnes.

    Parameters
    ----------
    value : float
        The quantity.
    unit : {"Mt", "kb/d"}
        Million tonnes (returned unchanged) or thousand barrels per day, an
        average over the calendar ``year``.
    year : int
        The year of a kb/d average (its length, 365 or 366 days, matters).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        For any other unit: there is no honest conversion of, say, bcm of gas
        into tonnes of crude.

    Examples
    --------
    >>> round(to_million_tonnes(1000, "kb/d", 2015), 2)   # 1 million b/d for a year
    49.86
    >>> to_million_tonnes(12.5, "Mt", 2015)
    12.5
    """
    if unit == "Mt":
        return float(value)
    if unit == "kb/d":
        days = 366 if calendar.isleap(int(year)) else 365
        return float(value) * 1000 * days / BARRELS_PER_TONNE_CRUDE / 1e6
    raise ValueError(f"cannot convert {unit!r} to million tonnes of crude oil (known: 'Mt', 'kb/d')")
