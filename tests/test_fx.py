"""Exchange rates: published reference rates reproduced, gaps named, nothing guessed."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from sinorus import fx

from .helpers import FIXTURES

PUBLISHED = list(csv.DictReader(open(FIXTURES / "published_rates.csv", encoding="utf-8")))


@pytest.mark.parametrize("row", PUBLISHED, ids=[f"{r['date']}-{r['base']}{r['currency']}" for r in PUBLISHED])
def test_reproduces_published_reference_rates(row):
    """Each value was published by a central bank or a republisher (URL in the fixture)."""
    if row["base"] == "EUR":
        got = fx.rate("EUR", row["currency"], row["date"])
        assert got.value == pytest.approx(float(row["rate"]), rel=1e-9)
        assert got.source == "ECB"
    else:  # Bank of Russia: roubles per unit of the currency
        got = fx.rate(row["currency"], "RUB", row["date"])
        assert got.value == pytest.approx(float(row["rate"]), rel=1e-9)
        assert got.source == "Bank of Russia"


def test_cross_rates_are_ratios_of_euro_rates():
    usd_cny = fx.rate("USD", "CNY", "2005-10-24").value
    assert usd_cny == pytest.approx(9.6646 / 1.1944)
    assert fx.convert(100, "CNY", "USD", "2005-10-24") == pytest.approx(100 * 1.1944 / 9.6646)
    assert fx.rate("CNY", "CNY", "2020-01-01").value == 1.0


def test_a_weekend_raises_unless_asked_to_look_back():
    with pytest.raises(fx.FxGapError, match="on_missing='previous'"):
        fx.rate("EUR", "NZD", "2014-10-12")  # a Sunday
    r = fx.rate("EUR", "NZD", "2014-10-12", on_missing="previous")
    assert r.date_used == dt.date(2014, 10, 10) and r.date == dt.date(2014, 10, 12)


def test_rouble_after_the_ecb_stopped_uses_the_bank_of_russia():
    r = fx.rate("RUB", "USD", "2023-03-01")
    assert r.value == pytest.approx(1 / 74.8932) and r.source == "Bank of Russia"
    # RUB to a third currency crosses through the dollar, and says so
    eur = fx.rate("RUB", "EUR", "2023-03-01")
    assert eur.source == "ECB and Bank of Russia"
    assert eur.value == pytest.approx(1 / 74.8932 / fx.rate("EUR", "USD", "2023-03-01").value)


def test_a_rouble_gap_is_named_not_filled():
    with pytest.raises(fx.FxGapError) as info:
        fx.rate("RUB", "USD", "2023-05-05")
    message = str(info.value)
    assert "ECB stopped quoting RUB after 2022-03-01" in message
    assert "cbr_rates" in message and "2023-03-01" in message  # lists the days it does have


def test_the_last_ecb_rouble_rate_still_works():
    assert fx.rate("EUR", "RUB", "2022-03-01").source == "ECB"


def test_unknown_currency_and_bad_arguments():
    with pytest.raises(fx.FxGapError, match="no reference rate for 'XXX'"):
        fx.rate("EUR", "XXX", "2014-10-13")
    with pytest.raises(ValueError, match="on_missing"):
        fx.rate("EUR", "USD", "2014-10-13", on_missing="nearest")
    with pytest.raises(TypeError, match="amount"):
        fx.convert("100", "EUR", "USD", "2014-10-13")
    with pytest.raises(TypeError, match="date"):
        fx.rate("EUR", "USD", 20141013)


def test_one_currency_converters_agree_with_the_whole_ecb_file():
    """sinorus builds a converter per currency for speed; it must give currencyconverter's own answers."""
    from currency_converter import CurrencyConverter, RateNotFoundError

    full = CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)
    assert {c for c in full.currencies if c != "EUR"} == set(fx._ecb_table()[0])
    days = [
        dt.date(1999, 1, 4),
        dt.date(2008, 1, 2),
        dt.date(2014, 10, 12),
        dt.date(2014, 10, 13),
        dt.date(2022, 3, 1),
        dt.date(2022, 3, 2),
        dt.date(2024, 12, 31),
    ]
    for currency in ["USD", "CNY", "RUB", "KRW", "TRY", "HKD", "CYP", "ISK"]:
        for day in days:
            try:
                expected = full.convert(1, "EUR", currency, date=day)
            except RateNotFoundError:
                expected = None
            assert fx._per_eur(currency, day) == expected, (currency, day)
    with pytest.raises(fx.FxGapError, match="no reference rate for 'ARS'"):
        fx.rate("CNY", "ARS", "2020-01-02")


def _ecb_zip(path, rows):
    import zipfile

    text = "Date,USD,CNY,RUB,\n" + "".join(f"{d},{usd},{cny},N/A,\n" for d, usd, cny in rows)
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("eurofxref-hist.csv", text)
    return path


def test_fx_update_fetches_into_the_user_cache_and_is_used_when_present(tmp_path, monkeypatch):
    """Offline: a small ECB-shaped file served from disk stands in for the ECB's."""
    from sinorus import cli

    monkeypatch.setenv("SINORUS_CACHE_DIR", str(tmp_path / "cache"))
    fixture = _ecb_zip(
        tmp_path / "ecb.zip", [("2026-11-27", "1.2000", "8.4000"), ("2026-11-26", "1.1900", "8.3500")]
    )
    try:
        assert fx.ecb_file().name == "eurofxref-hist.zip" and "cache" not in str(fx.ecb_file())
        assert cli.main(["fx-update", "--url", fixture.as_uri()]) == 0
        assert fx.ecb_file() == tmp_path / "cache" / "eurofxref-hist.zip"
        fx._ecb_table.cache_clear()
        fx._ecb_bounds.cache_clear()
        fx._ecb.cache_clear()
        assert fx.rate("CNY", "USD", "2026-11-27").value == pytest.approx(1.2 / 8.4)
        broken = tmp_path / "broken.zip"
        broken.write_bytes(b"not a zip")
        assert cli.main(["fx-update", "--url", broken.as_uri()]) == 1  # refused; the cache stays as it was
        assert fx.rate("CNY", "USD", "2026-11-26").value == pytest.approx(1.19 / 8.35)
    finally:
        monkeypatch.undo()
        fx._ecb_table.cache_clear()
        fx._ecb_bounds.cache_clear()
        fx._ecb.cache_clear()
    with pytest.raises(ValueError, match="fetches http, https or file URLs"):
        fx.update_ecb_rates("ftp://example.org/eurofxref-hist.zip")
