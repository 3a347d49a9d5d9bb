"""Energy metrics and unit conversion on hand-made frames with known answers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import sinorus
from sinorus import metrics, units


def flows(rows):
    return pd.DataFrame(
        rows, columns=["year", "commodity", "exporter_iso3", "importer_iso3", "value", "unit"]
    )


FLOWS = flows(
    [
        (2014, "crude oil", "RUS", "CHN", 33.0, "Mt"),
        (2014, "crude oil", "SAU", "CHN", 50.0, "Mt"),
        (2014, "crude oil", "WLD", "CHN", 300.0, "Mt"),
        (2015, "crude oil", "SAU", "CHN", 51.0, "Mt"),  # no Russian figure this year
        (2016, "crude oil", "RUS", "CHN", 1000.0, "kb/d"),
        (2016, "crude oil", "SAU", "CHN", 900.0, "kb/d"),
        (2017, "crude oil", "RUS", "CHN", 40.0, "Mt"),
        (2017, "crude oil", "SAU", "CHN", 45.0, "Mt"),
        (2020, "pipeline gas", "RUS", "CHN", 4.0, "bcm"),
        (2021, "pipeline gas", "RUS", "CHN", 19.0, "bcm"),
    ]
)

DEALS = pd.DataFrame(
    {
        "deal_id": ["gas-contract", "gas-mou", "oil-loan"],
        "date": pd.to_datetime(["2014-05-21", "2014-11-09", "2009-02-17"]),
        "sector": ["gas", "gas", "oil"],
        "deal_type": ["supply contract", "memorandum", "loan"],
        "volume": [38.0, 30.0, None],
        "volume_unit": ["bcm/yr", "bcm/yr", None],
        "value_usd_bn": [400.0, None, 15.0],
    }
)


def test_barrels_per_day_convert_with_the_documented_factor():
    # 1,000 kb/d for 366 days (2016 is a leap year) at 7.32 barrels per tonne
    assert units.to_million_tonnes(1000, "kb/d", 2016) == pytest.approx(1e6 * 366 / 7.32 / 1e6)
    assert units.to_million_tonnes(1000, "kb/d", 2015) == pytest.approx(1e6 * 365 / 7.32 / 1e6)
    assert units.BARRELS_PER_TONNE_CRUDE == 7.32 and "unstats.un.org" in units.FACTOR_SOURCE
    with pytest.raises(ValueError, match="bcm"):
        units.to_million_tonnes(10, "bcm", 2020)


def test_energy_series_is_in_one_unit():
    rus = metrics.energy_series(FLOWS, "crude oil", "RUS")
    assert rus.index.tolist() == [2014, 2016, 2017]
    assert rus[2016] == pytest.approx(366 / 7.32)
    assert rus.name == "Mt"


def test_mixed_units_are_refused_for_other_commodities():
    mixed = pd.concat([FLOWS, flows([(2022, "pipeline gas", "RUS", "CHN", 1.0, "Mt")])])
    with pytest.raises(ValueError, match="mixes units"):
        metrics.energy_series(mixed, "pipeline gas", "RUS")


def test_supplier_ranking_within_the_data():
    ranks = metrics.supplier_ranking(FLOWS)
    assert list(ranks.columns) == ["RUS", "SAU"]  # the world total is not a supplier
    assert ranks.loc[2014].tolist() == [2.0, 1.0]
    assert ranks.loc[2016].tolist() == [1.0, 2.0]
    assert math.isnan(ranks.loc[2015, "RUS"])


def test_first_overtake_skips_years_missing_a_figure():
    assert metrics.first_overtake(FLOWS, "RUS", "SAU") == 2016
    # ahead already in the first year with both figures is not an overtaking; it moved ahead again in 2017
    assert metrics.first_overtake(FLOWS, "SAU", "RUS") == 2017
    with pytest.raises(ValueError, match="'WLD' is an aggregate"):
        metrics.first_overtake(FLOWS, "WLD", "RUS")
    only_2017 = FLOWS[FLOWS["year"] == 2017]
    assert metrics.first_overtake(only_2017, "RUS", "SAU") is None
    with pytest.raises(
        ValueError, match="no year from 2030 to 2035 has crude oil figures for both RUS and SAU"
    ):
        metrics.first_overtake(FLOWS, "RUS", "SAU", start_year=2030, end_year=2035)
    with pytest.raises(ValueError, match="a and b are both RUS"):
        metrics.first_overtake(FLOWS, "RUS", "RUS")


def test_import_share():
    assert metrics.import_share(FLOWS, "RUS").to_dict() == {2014: pytest.approx(0.11)}


def test_delivered_vs_contracted():
    table = metrics.delivered_vs_contracted(FLOWS, DEALS, "gas-contract")
    assert table["ratio"].tolist() == [pytest.approx(4 / 38), pytest.approx(0.5)]
    with pytest.raises(
        ValueError, match=r"deal_id='gas-contrat' is not one of the deals.*Did you mean 'gas-contract'"
    ):
        metrics.delivered_vs_contracted(FLOWS, DEALS, "gas-contrat")
    with pytest.raises(ValueError, match="oil-loan is a loan, not a supply contract"):
        metrics.delivered_vs_contracted(FLOWS, DEALS, "oil-loan")
    with pytest.raises(ValueError, match="gas-mou is a memorandum"):
        metrics.delivered_vs_contracted(FLOWS, DEALS, "gas-mou")
    real_flows, real_deals = sinorus.load("energy_flows"), sinorus.load("energy_deals")
    with pytest.raises(ValueError, match="is a oil deal; pipeline gas flows belong to gas deals"):
        metrics.delivered_vs_contracted(real_flows, real_deals, "2009-oil-rosneft-cnpc")
    with pytest.raises(ValueError, match="in Mt/yr but the flows are in bcm"):
        oil = real_deals.assign(sector=real_deals["sector"].astype(str).replace({"oil": "gas"}))
        metrics.delivered_vs_contracted(real_flows, oil, "2009-oil-rosneft-cnpc")


def test_deal_totals_by_sector_and_year():
    by_sector = metrics.deal_totals(DEALS)
    assert by_sector.loc["gas", "deals"] == 2
    assert by_sector.loc["gas", "value_usd_bn"] == 400.0 and by_sector.loc["gas", "valued"] == 1
    assert by_sector.loc["gas", "volume [bcm/yr]"] == 38.0  # a memorandum's 30 bcm is intent, not supply
    assert math.isnan(by_sector.loc["oil", "volume [bcm/yr]"])
    by_both = metrics.deal_totals(DEALS, by=["sector", "year"])
    assert by_both.loc[("gas", 2014), "deals"] == 2 and by_both.loc[("oil", 2009), "value_usd_bn"] == 15.0


def test_on_the_real_data_power_of_siberia_ramps_up():
    table = metrics.delivered_vs_contracted(
        sinorus.load("energy_flows"), sinorus.load("energy_deals"), "2014-gas-gazprom-cnpc-1"
    )
    assert table["delivered"].is_monotonic_increasing
    assert (table["contracted"] == 38.0).all()


def test_deal_totals_leave_out_events_and_rows_that_restate_another_deal():
    deals = pd.DataFrame(
        {
            "deal_id": ["2013-oil-a-b", "2013-oil-a-b-prepayment", "2014-oil-a-b-milestone"],
            "date": pd.to_datetime(["2013-06-21", "2013-12-20", "2014-01-01"]),
            "sector": "oil",
            "deal_type": ["supply contract", "prepayment", "milestone"],
            "value_usd_bn": [270.0, 33.0, None],
            "volume": [15.0, None, 15.0],
            "volume_unit": ["Mt/yr", None, "Mt/yr"],
            "part_of": ["", "2013-oil-a-b", ""],
        }
    )
    totals = metrics.deal_totals(deals).loc["oil"]
    assert totals["deals"] == 1 and totals["value_usd_bn"] == 270.0 and totals["volume [Mt/yr]"] == 15.0


def test_every_part_of_names_a_deal_in_the_data():
    deals = sinorus.load("energy_deals")
    parents = deals["part_of"].dropna()
    parents = parents[parents != ""]
    assert len(parents) and set(parents) <= set(deals["deal_id"])
    assert (deals["status_date"] >= deals["date"]).all()


def test_deal_totals_count_contracted_supply_once_on_the_real_data():
    """The 2009 ESPO oil volume was counted three times (contract, pipeline, intergovernmental copy)."""
    deals = sinorus.load("energy_deals")
    binding = deals[deals["deal_type"] != "memorandum"]
    oil = metrics.deal_totals(binding).loc["oil", "volume [Mt/yr]"]
    by_hand = binding[
        (binding["sector"] == "oil")
        & (binding["deal_type"] == "supply contract")
        & (binding["volume_unit"] == "Mt/yr")
        & (binding["part_of"].isna() | (binding["part_of"] == ""))
        & (binding["status"] != "superseded")
    ]["volume"].sum()
    assert oil == by_hand and oil < 30
    assert not ((deals["deal_type"] == "supply contract") & (deals["status"] == "memorandum")).any()
