"""The argument checks every public function uses, and what students were seen to trip on.

Unit tests for each check in :mod:`sinorus._checks`, the regression cases of
issue #10, and a sweep that calls every public function of
``sinorus.metrics``, ``sinorus.fx`` and ``sinorus.claims`` with a code, a
date or a category it does not have: each must raise, never answer.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import sinorus
from sinorus import _checks, claims, fx, metrics

CONTACTS = sinorus.load("leader_contacts")
TRADE = sinorus.load("trade")
FLOWS = sinorus.load("energy_flows")
DEALS = sinorus.load("energy_deals")
SWAPS = sinorus.load("swap_lines")


# --- country codes ---------------------------------------------------------------------


def test_country_accepts_iso_codes_and_pseudo_codes():
    assert _checks.country("RUS", arg="x") == "RUS"
    assert _checks.country("WLD", arg="x") == "WLD"
    assert _checks.country("EMU", arg="x", among=["EMU", "RUS"]) == "EMU"


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (
            "rus",
            ValueError,
            r"x='rus' is not an ISO 3166-1 alpha-3 code \(codes are upper case\). Did you mean 'RUS'\?",
        ),
        ("RU", ValueError, "x='RU' is not an ISO 3166-1 alpha-3 code"),
        ("XYZ", ValueError, "x='XYZ' is not an ISO 3166-1 alpha-3 code"),
        ("Russia", ValueError, "x='Russia' is not an ISO 3166-1 alpha-3 code"),
        (643, TypeError, "x must be an ISO 3166-1 alpha-3 code as a str, not int"),
        (None, TypeError, "not NoneType"),
    ],
)
def test_country_refuses_what_is_not_a_code(value, error, message):
    with pytest.raises(error, match=message):
        _checks.country(value, arg="x")


def test_a_valid_code_absent_from_the_data_lists_the_codes_present():
    with pytest.raises(
        ValueError, match=r"f\(\): partner='KAZ' is not in the data; the codes present are: RUS, WLD"
    ):
        _checks.country("KAZ", arg="partner", func="f", among=["RUS", "WLD"])


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "2019-06-05",
        dt.date(2019, 6, 5),
        dt.datetime(2019, 6, 5),
        pd.Timestamp("2019-06-05"),
        np.datetime64("2019-06-05"),
    ],
)
def test_date_accepts_iso_strings_dates_and_naive_timestamps(value):
    assert _checks.date(value, arg="d") == pd.Timestamp("2019-06-05")


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (2020, TypeError, "d must be a date .* not int 2020"),
        (2020.0, TypeError, "not float 2020.0"),
        (True, TypeError, "not bool"),
        (None, TypeError, "not NoneType"),
        ("01/06/2019", ValueError, "is not an ISO date: write it as YYYY-MM-DD"),
        ("2019-6-5", ValueError, "is not an ISO date"),
        ("5 June 2019", ValueError, "is not an ISO date"),
        ("2019-02-30", ValueError, "is not a real day"),
        (pd.Timestamp("2019-06-05", tz="Europe/Moscow"), ValueError, "time-zone-aware"),
        (dt.datetime(2019, 6, 5, tzinfo=dt.UTC), ValueError, "time-zone-aware"),
        (pd.NaT, ValueError, "NaT"),
        (np.datetime64("NaT"), ValueError, "NaT"),
    ],
)
def test_date_refuses_numbers_ambiguous_strings_and_time_zones(value, error, message):
    with pytest.raises(error, match=message):
        _checks.date(value, arg="d")


def test_dates_names_the_bad_element():
    with pytest.raises(TypeError, match=r"at\[1\] must be a date"):
        _checks.dates(["2020-01-01", 2021], arg="at")
    with pytest.raises(TypeError, match="sequence of dates"):
        _checks.dates("2020-01-01", arg="at")


def test_window_order():
    _checks.window(pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-01"))
    with pytest.raises(ValueError, match="must be after"):
        _checks.window(pd.Timestamp("2020-01-01"), pd.Timestamp("2020-01-01"), strict=True)


# --- years, categories, numbers, folders -------------------------------------------------


def test_year():
    assert _checks.year(np.int64(2015), arg="y") == 2015
    with pytest.raises(TypeError, match=r"y must be a year as an int \(e.g. 2015\), not the str .2015."):
        _checks.year("2015", arg="y")
    with pytest.raises(TypeError, match="not the float"):
        _checks.year(2015.0, arg="y")
    with pytest.raises(TypeError):
        _checks.year(True, arg="y")
    with pytest.raises(ValueError, match="four-digit"):
        _checks.year(15, arg="y")
    with pytest.raises(ValueError, match="years present are 2000-2001"):
        _checks.year(1999, arg="y", among=[2000, 2001])


def test_choice_suggests_the_closest_and_lists_all():
    assert _checks.choice("phone", ["phone", "video"], arg="f") == "phone"
    with pytest.raises(
        ValueError, match=r"f='vidoe' is not one of the values present: phone, video. Did you mean 'video'\?"
    ):
        _checks.choice("vidoe", ["phone", "video"], arg="f")
    with pytest.raises(ValueError, match="Did you mean 'Phone'"):
        _checks.choice("phone", ["Phone"], arg="f")
    with pytest.raises(TypeError, match="must be a str"):
        _checks.choice(1, ["phone"], arg="f")


def test_choices_refuses_a_bare_string_and_an_empty_list():
    with pytest.raises(TypeError, match=r"list of str, e.g. \['phone'\]"):
        _checks.choices("phone", ["phone"], arg="formats")
    with pytest.raises(ValueError, match="is empty"):
        _checks.choices([], ["phone"], arg="formats")


def test_allowed_reads_categories():
    frame = pd.DataFrame({"f": pd.Categorical(["a"], categories=["a", "b"]), "g": ["x", "y"][:1]})
    assert _checks.allowed(frame, "f") == ["a", "b"]
    assert _checks.allowed(frame, "g") == ["x"]


def test_number_and_folder(tmp_path):
    assert _checks.number(3, arg="n") == 3.0
    for bad in ("3", True, None):
        with pytest.raises(TypeError):
            _checks.number(bad, arg="n")
    with pytest.raises(ValueError, match="finite"):
        _checks.number(float("inf"), arg="n")
    assert _checks.folder(None) is None
    with pytest.raises(ValueError, match="does not exist"):
        _checks.folder(tmp_path / "nope")
    with pytest.raises(ValueError, match="holds no dataset"):
        _checks.folder(tmp_path)
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(ValueError, match="is not a folder"):
        _checks.folder(tmp_path / "f.txt")
    with pytest.raises(TypeError, match="folder path"):
        _checks.folder(3)


# --- the cases of issue #10, as regressions ------------------------------------------------


def test_lowercase_code_is_an_error_not_zero_contacts():
    with pytest.raises(
        ValueError, match=r"iso3_b='rus' is not an ISO 3166-1 alpha-3 code.*Did you mean 'RUS'"
    ):
        metrics.rate_ratio(CONTACTS, "CHN", "rus", start="2013-03-14", end="2026-05-20")


def test_years_as_ints_are_not_read_as_nanoseconds():
    with pytest.raises(TypeError, match=r"rate_ratio\(\): start must be a date .* not int 2020"):
        metrics.rate_ratio(CONTACTS, "CHN", "RUS", start=2020, end=2021)


def test_a_pair_the_data_do_not_hold_is_refused():
    with pytest.raises(
        ValueError, match="'IND' is not in the frame's iso3_a/iso3_b; the codes present are: CHN, RUS, USA"
    ):
        metrics.rate_ratio(
            CONTACTS, "CHN", "RUS", baseline=("RUS", "IND"), start="2013-03-14", end="2026-05-20"
        )
    with pytest.raises(ValueError, match="no contacts for RUS-USA"):
        metrics.rate_ratio(
            CONTACTS, "CHN", "RUS", baseline=("RUS", "USA"), start="2013-03-14", end="2026-05-20"
        )


def test_a_partner_the_trade_data_do_not_hold_is_refused():
    with pytest.raises(
        ValueError, match="partner='KAZ' is not in the frame's partner_iso3; the codes present are: RUS, WLD"
    ):
        metrics.trade_series(TRADE, partner="KAZ")


def test_claim_years_outside_the_window_stop_the_check():
    from sinorus.parameters import ParameterError, check_parameters, date, year

    with pytest.raises(ParameterError, match=r"CLAIM_START = 2013: lies outside the period chosen"):
        check_parameters(
            START=date("2018-01-01"),
            END=date("2020-12-31", after="START"),
            CLAIM_START=year(2013, within=("START", "END")),
        )


# --- every public function refuses what it does not have ---------------------------------

C = CONTACTS
W = dict(start="2013-03-14", end="2026-05-20")

BAD_CALLS = {
    "trade_series: partner": lambda: metrics.trade_series(TRADE, partner="rus"),
    "trade_series: flow": lambda: metrics.trade_series(TRADE, flow="export"),
    "trade_series: year": lambda: metrics.trade_series(TRADE, start_year="2010"),
    "trade_series: window": lambda: metrics.trade_series(TRADE, start_year=1990, end_year=1995),
    "trade_balance: reporter": lambda: metrics.trade_balance(TRADE, reporter="RUS"),
    "partner_share: whole": lambda: metrics.partner_share(TRADE, whole="WOR"),
    "cagr: year": lambda: metrics.cagr(metrics.trade_series(TRADE), "2000", 2010),
    "cagr: absent year": lambda: metrics.cagr(metrics.trade_series(TRADE), 1990, 2010),
    "growth: periods": lambda: metrics.growth(metrics.trade_series(TRADE), periods="1"),
    "dyad_contacts: code": lambda: metrics.dyad_contacts(C, "CHN", "IND"),
    "dyad_contacts: date": lambda: metrics.dyad_contacts(C, start=20200101),
    "dyad_contacts: format": lambda: metrics.dyad_contacts(C, formats=["in person"]),
    "dyad_contacts: bare str": lambda: metrics.dyad_contacts(C, formats="phone"),
    "contacts_per_period: freq": lambda: metrics.contacts_per_period(C, freq="A"),
    "contacts_per_period: by": lambda: metrics.contacts_per_period(C, by="city"),
    "rolling_count: months": lambda: metrics.rolling_count(C, months="12"),
    "cumulative_count: at": lambda: metrics.cumulative_count(C, at=2020),
    "cumulative_count: end": lambda: metrics.cumulative_count(C, end="31/12/2020"),
    "in_person_gaps: pair": lambda: metrics.in_person_gaps(C, "RUS", "USA"),
    "longest_gap: code": lambda: metrics.longest_gap(C, "CHN", "usa"),
    "rate_ratio: setting": lambda: metrics.rate_ratio(C, settings=["bilateal"], **W),
    "rate_ratio: tz": lambda: metrics.rate_ratio(
        C, start=pd.Timestamp("2020-01-01", tz="UTC"), end="2021-01-01"
    ),
    "energy_series: commodity": lambda: metrics.energy_series(FLOWS, "oil"),
    "energy_series: exporter": lambda: metrics.energy_series(FLOWS, "crude oil", "KAZ"),
    "energy_series: exporter of that commodity": lambda: metrics.energy_series(FLOWS, "pipeline gas", "SAU"),
    "supplier_ranking: importer": lambda: metrics.supplier_ranking(FLOWS, importer="IND"),
    "first_overtake: b": lambda: metrics.first_overtake(FLOWS, "RUS", "sau"),
    "import_share: year": lambda: metrics.import_share(FLOWS, start_year=2010.0),
    "delivered_vs_contracted: deal": lambda: metrics.delivered_vs_contracted(FLOWS, DEALS, "no-such-deal"),
    "deal_totals: by": lambda: metrics.deal_totals(DEALS, by=["secter"]),
    "lines_in_force: date": lambda: metrics.lines_in_force(SWAPS, 2020),
    "network_size: dates": lambda: metrics.network_size(SWAPS, ["2020-01-01", "01/01/2021"]),
    "swap_rank: counterparty": lambda: metrics.swap_rank(SWAPS, "ZZZ", "2020-01-01"),
    "swap_rank: tenor": lambda: metrics.swap_rank(SWAPS, "RUS", "2020-01-01", default_tenor=0),
    "swap_usd_values: on_missing": lambda: metrics.swap_usd_values(SWAPS.head(1), on_missing="prev"),
    "months_of_trade: partner": lambda: metrics.months_of_trade(150, "2014-10-13", TRADE, partner="KOR"),
    "months_of_trade: year": lambda: metrics.months_of_trade(150, "2014-10-13", TRADE, year="2014"),
    "fx.rate: currency case": lambda: fx.rate("cny", "USD", "2014-10-13"),
    "fx.rate: not a currency": lambda: fx.rate("CNY", "XXQ", "2014-10-13"),
    "fx.rate: int date": lambda: fx.rate("CNY", "USD", 20141013),
    "fx.rate: day/month": lambda: fx.rate("CNY", "USD", "13/10/2014"),
    "fx.rate: before the series": lambda: fx.rate("CNY", "USD", "2004-01-05"),
    "fx.convert: amount": lambda: fx.convert("150", "CNY", "USD", "2014-10-13"),
    "claims: data_dir": lambda: claims.gas_contract_length(data_dir="/nonexistent/sinorus"),
    "claims: threshold": lambda: claims.meetings_several_times_a_year(several="3"),
    "claims: year": lambda: claims.first_joint_naval_drill_south_china_sea(article_year="2017"),
    "claims.audit: data_dir": lambda: claims.audit(data_dir=3),
}


@pytest.mark.parametrize("name", list(BAD_CALLS))
def test_no_public_function_answers_for_what_it_does_not_have(name):
    with pytest.raises((TypeError, ValueError, KeyError, LookupError)) as info:
        BAD_CALLS[name]()
    assert str(info.value), f"{name}: an error without a message"


def test_fx_names_the_series_and_its_bounds():
    with pytest.raises(fx.FxGapError, match=r"the ECB series of CNY in .* runs from 2005-04-01"):
        fx.rate("CNY", "USD", "2004-01-05")


def test_rate_ratio_across_two_windows_of_one_dyad():
    before = dict(baseline=("CHN", "RUS"), start="2017-01-01", end="2019-12-31")
    rr = metrics.rate_ratio(C, "CHN", "RUS", baseline_start="2013-03-14", baseline_end="2016-12-31", **before)
    n1 = len(metrics.dyad_contacts(C, "CHN", "RUS", start="2017-01-01", end="2019-12-31"))
    n2 = len(metrics.dyad_contacts(C, "CHN", "RUS", start="2013-03-14", end="2016-12-31"))
    t1 = (pd.Timestamp("2019-12-31") - pd.Timestamp("2017-01-01")).days + 1
    t2 = (pd.Timestamp("2016-12-31") - pd.Timestamp("2013-03-14")).days + 1
    assert (rr["count"], rr["baseline_count"]) == (n1, n2)
    assert rr["ratio"] == pytest.approx((n1 / t1) / (n2 / t2))
    assert rr["ci_low"] < rr["ratio"] < rr["ci_high"]
    with pytest.raises(ValueError, match="overlapping windows"):
        metrics.rate_ratio(C, "CHN", "RUS", baseline_start="2019-01-01", baseline_end="2020-12-31", **before)


def test_rate_ratio_interval_holds_for_thousands_of_events():
    """A sum of binomial terms overflows past about a thousand events; scipy's beta quantiles do not."""
    from scipy.stats import binom

    days = pd.date_range("2000-01-01", periods=3000, freq="D")
    rows = pd.DataFrame(
        {
            "date": days,
            "iso3_a": "CHN",
            "iso3_b": ["RUS"] * 2000 + ["USA"] * 1000,
            "format": "phone",
            "setting": "bilateral",
        }
    )
    rr = metrics.rate_ratio(rows, start="2000-01-01", end="2010-01-01")
    assert (rr["count"], rr["baseline_count"]) == (2000, 1000)
    p_lo, p_hi = rr["ci_low"] / (1 + rr["ci_low"]), rr["ci_high"] / (1 + rr["ci_high"])
    assert binom.sf(1999, 3000, p_lo) == pytest.approx(0.025, abs=1e-6)
    assert binom.cdf(2000, 3000, p_hi) == pytest.approx(0.025, abs=1e-6)
    assert 1.8 < rr["ci_low"] < 2 < rr["ci_high"] < 2.2


def test_rate_ratio_with_no_contacts_at_all_is_undefined():
    with pytest.raises(ValueError, match="a rate ratio is undefined"):
        metrics.rate_ratio(C, start="2020-01-05", end="2020-01-06")


def test_windows_outside_the_data_are_refused_not_counted_as_zero():
    """The bundled frames carry their descriptor's coverage; time outside it is unrecorded, not empty."""
    outside = {
        "before": lambda: metrics.contacts_per_period(C, start="2010-01-01", end="2016-12-31"),
        "after": lambda: metrics.dyad_contacts(C, end="2035-12-31"),
        "a day": lambda: metrics.cumulative_count(C, at="2000-01-01"),
        "days": lambda: metrics.cumulative_count(C, at=["2020-01-01", "2030-01-01"]),
        "baseline": lambda: metrics.rate_ratio(
            C,
            baseline=("CHN", "RUS"),
            start="2017-01-01",
            end="2020-12-31",
            baseline_start="2000-01-01",
            baseline_end="2012-12-31",
        ),
        "gaps": lambda: metrics.longest_gap(C, start="2020-01-01", end="2030-01-01"),
        "swaps": lambda: metrics.lines_in_force(SWAPS, "2100-01-01"),
        "network": lambda: metrics.network_size(SWAPS, ["2020-01-01", "1990-01-01"]),
        "rank": lambda: metrics.swap_rank(SWAPS, "RUS", "2035-01-01"),
    }
    for name, call in outside.items():
        with pytest.raises(ValueError, match="reaches outside the data, which cover") as info:
            call()
        assert info.value, name
    # a frame of one's own declares its coverage the same way, or is not checked
    mine = C.copy()
    mine.attrs = {}
    assert metrics.cumulative_count(mine, at="2030-01-01") == metrics.cumulative_count(C, at="2026-05-20")


def test_dates_pandas_cannot_hold_are_refused_and_times_of_day_dropped():
    for day in ("1600-01-01", "2300-01-01"):
        with pytest.raises(ValueError, match="outside the days sinorus can compare"):
            metrics.cumulative_count(C, at=day)
    noon = metrics.dyad_contacts(C, start=pd.Timestamp("2019-06-05 12:00"), end="2019-06-06")
    assert len(noon) == len(metrics.dyad_contacts(C, start="2019-06-05", end="2019-06-06")) >= 1


def test_a_stretch_without_meetings_is_measured_whole_across_the_window_edges():
    gap = metrics.longest_gap(C, start="2020-01-01", end="2022-12-31")
    assert (str(gap["previous"].date()), str(gap["next"].date()), gap["days"]) == (
        "2019-11-13",
        "2022-02-04",
        814,
    )


def test_a_copy_of_the_frame_is_still_the_same_dyad_over_overlapping_windows():
    with pytest.raises(ValueError, match="overlapping windows"):
        metrics.rate_ratio(
            C, baseline=("CHN", "RUS"), baseline_frame=C.copy(), start="2017-01-01", end="2020-12-31"
        )


def test_cumulative_count_takes_an_end():
    total = metrics.cumulative_count(C, at="2026-05-20", end="2016-12-31")
    assert total == len(metrics.dyad_contacts(C, end="2016-12-31"))


def test_headline_refuses_undefined_values():
    from sinorus import plotting

    for title in ("ratio inf times", "a nan-fold rise", "verdict: {}", "share NaN%"):
        with pytest.raises(ValueError, match="missing or infinite"):
            plotting.headline(None, title)
    plotting.headline(None, "Financial flows rose; infrastructure and nanotech too")
