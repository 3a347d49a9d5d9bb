"""Metrics on small hand-made frames with answers worked out by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import sinorus
from sinorus import metrics


def tidy(rows):
    return pd.DataFrame(rows, columns=["year", "reporter_iso3", "partner_iso3", "flow", "value_usd_bn"])


FRAME = tidy(
    [
        (2000, "CHN", "RUS", "exports", 6.0),
        (2000, "CHN", "RUS", "imports", 4.0),
        (2000, "CHN", "RUS", "total", 10.0),
        (2001, "CHN", "RUS", "total", 12.0),
        (2003, "CHN", "RUS", "total", 9.0),
        (2003, "CHN", "RUS", "exports", 3.0),
        (2003, "CHN", "RUS", "imports", 6.0),
        (2000, "CHN", "WLD", "total", 500.0),
        (2001, "CHN", "WLD", "total", 400.0),
        (2002, "CHN", "WLD", "total", 450.0),
        (2000, "CHN", "USA", "total", 70.0),
    ]
)


def test_trade_series_selects_and_sorts():
    s = metrics.trade_series(FRAME.iloc[::-1])
    assert s.to_dict() == {2000: 10.0, 2001: 12.0, 2003: 9.0}
    assert metrics.trade_series(FRAME, partner="USA").to_dict() == {2000: 70.0}


def test_trade_series_rejects_duplicate_years():
    with pytest.raises(ValueError, match="several rows for the same year"):
        metrics.trade_series(pd.concat([FRAME, FRAME]))


def test_trade_series_names_missing_columns():
    with pytest.raises(KeyError, match="'flow'"):
        metrics.trade_series(FRAME.drop(columns="flow"))
    with pytest.raises(TypeError, match="DataFrame"):
        metrics.trade_series([1, 2])


def test_growth_never_bridges_a_gap():
    g = metrics.growth(metrics.trade_series(FRAME))
    assert g[2001] == pytest.approx(0.2)
    assert math.isnan(g[2000]) and math.isnan(g[2003])  # 2002 is missing: no growth for 2003


def test_growth_over_two_periods():
    s = pd.Series([100.0, 50.0, 150.0], index=[2000, 2001, 2002])
    assert metrics.growth(s, periods=2)[2002] == pytest.approx(0.5)


def test_cagr_known_answer():
    s = pd.Series([100.0, 133.1], index=[2000, 2003])
    assert metrics.cagr(s, 2000, 2003) == pytest.approx(0.1)
    falling = pd.Series([100.0, 81.0], index=[2000, 2002])
    assert metrics.cagr(falling, 2000, 2002) == pytest.approx(-0.1)


@pytest.mark.parametrize(
    ("start", "end", "error"),
    [(2003, 2000, ValueError), (2000, 2000, ValueError), (2000, 2002, KeyError)],
)
def test_cagr_rejects_bad_spans(start, end, error):
    with pytest.raises(error):
        metrics.cagr(metrics.trade_series(FRAME), start, end)


def test_cagr_rejects_non_positive_values():
    with pytest.raises(ValueError, match="positive"):
        metrics.cagr(pd.Series([0.0, 1.0], index=[2000, 2001]), 2000, 2001)


def test_trade_balance_only_where_both_flows_exist():
    assert metrics.trade_balance(FRAME).to_dict() == {2000: 2.0, 2003: -3.0}


def test_partner_share_aligns_years():
    share = metrics.partner_share(FRAME)
    assert share.to_dict() == {2000: pytest.approx(0.02), 2001: pytest.approx(0.03)}


def test_partner_share_detects_inconsistent_series():
    bad = tidy([(2000, "CHN", "RUS", "total", 10.0), (2000, "CHN", "WLD", "total", 5.0)])
    with pytest.raises(ValueError, match="exceeds"):
        metrics.partner_share(bad)


def test_metrics_on_the_real_dataset_are_consistent():
    trade = sinorus.load("trade")
    total = metrics.trade_series(trade)
    balance = metrics.trade_balance(trade)
    exports = metrics.trade_series(trade, flow="exports")
    imports = metrics.trade_series(trade, flow="imports")
    for year in balance.index:
        # the parts must add up to the total where all three were published (rounding allowed)
        if year in total.index:
            assert exports[year] + imports[year] == pytest.approx(total[year], abs=0.6), year
    share = metrics.partner_share(trade)
    assert ((share > 0) & (share < 0.1)).all()
