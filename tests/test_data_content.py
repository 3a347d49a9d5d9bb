"""What the bundled data must hold (#12): complete series, one default per figure, sourced alternatives."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import sinorus
from sinorus import metrics
from sinorus.units import to_million_tonnes

KEY = ["year", "commodity", "exporter_iso3", "importer_iso3"]


@pytest.fixture(scope="module")
def flows() -> pd.DataFrame:
    return sinorus.load("energy_flows")


def test_every_flow_figure_has_exactly_one_default_row(flows):
    defaults = flows[flows["default"]]
    counts = flows.groupby(KEY, observed=True)["default"].sum()
    assert (counts == 1).all(), counts[counts != 1]
    assert defaults["value"].notna().all()


def test_every_series_is_in_one_unit_and_matches_the_reported_figure(flows):
    assert set(flows.loc[flows["commodity"] == "pipeline gas", "unit"]) == {"bcm"}
    assert set(flows.loc[flows["commodity"] != "pipeline gas", "unit"]) == {"Mt"}
    scale = {"Mt": 1.0, "kt": 1e-3, "10k t": 1e-2, "100 Mt": 100.0, "bcm": 1.0}
    for row in flows.dropna(subset=["value"]).itertuples():
        unit = row.reported_unit
        if unit in scale:
            expected = row.reported_value * scale[unit]
        else:
            kbd = row.reported_value * {"kb/d": 1, "bbl/d": 1e-3, "mb/d": 1e3}[unit]
            expected = to_million_tonnes(kbd, "kb/d", row.year)
        assert math.isclose(row.value, expected, abs_tol=0.006), row


def test_a_disagreement_is_kept_as_rows_and_the_default_is_the_customs_first_release(flows):
    wld_2025 = flows[(flows["year"] == 2025) & (flows["exporter_iso3"] == "WLD")]
    assert {577.73, 557.73} <= set(wld_2025["reported_value"])
    assert wld_2025.loc[wld_2025["default"], "reported_value"].tolist() == [577.73]


def test_the_crude_race_uses_only_default_rows(flows):
    rus = metrics.energy_series(flows, "crude oil", "RUS")
    assert not rus.index.has_duplicates
    assert rus.loc[2024] == pytest.approx(108.5)
    assert rus.loc[2016] == pytest.approx(to_million_tonnes(1050, "kb/d", 2016))


def test_china_total_crude_imports_cover_every_year_from_2005(flows):
    total = metrics.energy_series(flows, "crude oil", "WLD")
    assert set(range(2005, 2026)) <= set(total.index)


def test_tallies_hold_the_conflicting_counts_and_say_what_each_counts():
    tallies = sinorus.load("contact_tallies")
    comparable = tallies["count_type"].isin(metrics.COMPARABLE_COUNTS)
    assert tallies.loc[comparable, "window_start"].notna().all()
    assert {"running total", "in-year"} <= set(tallies["count_type"])
    summer_2017 = tallies[tallies["date"].between("2017-07-01", "2017-08-31")]
    assert {19, 22} <= set(summer_2017["count"])  # the ambassador's 19 a month after Xi's 22


def test_our_count_over_each_tallys_window_is_computed_for_every_comparable_count():
    contacts, tallies = sinorus.load("leader_contacts"), sinorus.load("contact_tallies")
    ours = metrics.counts_for_tallies(
        contacts, tallies, formats=["in-person", "video"], settings=["bilateral"]
    )
    comparable = tallies["count_type"].isin(metrics.COMPARABLE_COUNTS).to_numpy()
    assert ours[comparable].notna().all() and ours[~comparable].isna().all()
    full_2016 = tallies[(tallies["count_type"] == "in-year") & (tallies["window_end"] == "2016-12-31")]
    assert ours.loc[full_2016.index].tolist() == [5]  # the ministry's five meetings of 2016, and ours


def test_trade_keeps_both_vintages_and_the_series_uses_one():
    trade = sinorus.load("trade")
    rus_2015 = trade[(trade["year"] == 2015) & (trade["partner_iso3"] == "RUS") & (trade["flow"] == "total")]
    assert {64.2, 68.0} <= set(rus_2015["value_usd_bn"])
    series = metrics.trade_series(trade)
    assert series.loc[2015] == 64.2 and {2001, 2004} <= set(series.index)


@pytest.mark.parametrize(
    ("name", "key", "rule"),
    [
        ("trade", ["year", "reporter_iso3", "partner_iso3", "flow"], "vintage"),
        ("energy_flows", ["year", "commodity", "exporter_iso3", "importer_iso3"], "basis"),
    ],
)
def test_one_default_per_figure_and_it_follows_the_stated_rule(name, key, rule):
    frame = sinorus.load(name)
    counts = frame.groupby(key, observed=True)["default"].sum()
    assert (counts == 1).all(), counts[counts != 1]
    if rule == "vintage":  # the first-reported figure is the default wherever the table has one
        firsts = frame[frame["vintage"] == "as first reported"].set_index(key)["default"]
        assert firsts.all(), firsts[~firsts]


def test_tally_windows_are_coherent():
    """In-year counts stay in one year; a window ends after the statement only to take in a coming meeting."""
    tallies = sinorus.load("contact_tallies")
    dated = tallies.dropna(subset=["window_start"])
    end = dated["window_end"].fillna(dated["date"])
    assert (end >= dated["window_start"]).all()
    in_year = dated[dated["count_type"] == "in-year"]
    assert (in_year["window_start"].dt.year == end[in_year.index].dt.year).all()
    ahead = dated[dated["window_end"] > dated["date"]]
    planned_or_coming = ahead["count_type"].eq("planned") | ahead["note"].str.contains("coming meeting")
    assert planned_or_coming.all(), ahead.loc[~planned_or_coming, ["date", "count", "counted_what"]]
