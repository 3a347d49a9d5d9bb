"""Leader-contact metrics on small hand-made frames with known answers."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from scipy.stats import binom

from sinorus import metrics


def contacts(rows):
    df = pd.DataFrame(rows, columns=["date", "iso3_a", "iso3_b", "format", "setting"])
    df["date"] = pd.to_datetime(df["date"])
    return df


FRAME = contacts(
    [
        ("2019-06-05", "CHN", "RUS", "in-person", "bilateral"),
        ("2019-06-14", "CHN", "RUS", "in-person", "multilateral"),
        ("2019-11-13", "RUS", "CHN", "in-person", "bilateral"),  # dyad given in the other order
        ("2020-02-04", "CHN", "RUS", "phone", "bilateral"),
        ("2020-05-08", "CHN", "RUS", "phone", "bilateral"),
        ("2020-11-10", "CHN", "RUS", "video", "multilateral"),
        ("2022-02-04", "CHN", "RUS", "in-person", "bilateral"),
        ("2019-06-29", "CHN", "USA", "in-person", "bilateral"),
        ("2020-03-27", "CHN", "USA", "phone", "bilateral"),
    ]
)


def test_dyad_is_order_insensitive_and_filters():
    assert len(metrics.dyad_contacts(FRAME, "CHN", "RUS")) == 7
    assert len(metrics.dyad_contacts(FRAME, "RUS", "CHN")) == 7
    assert len(metrics.dyad_contacts(FRAME, "CHN", "RUS", formats=["phone"])) == 2
    assert len(metrics.dyad_contacts(FRAME, "CHN", "RUS", settings=["multilateral"])) == 2
    assert len(metrics.dyad_contacts(FRAME, "CHN", "RUS", start="2020-01-01", end="2020-12-31")) == 3


def test_contacts_per_year_by_format_with_empty_years():
    table = metrics.contacts_per_period(FRAME, "CHN", "RUS", freq="YE", by="format")
    assert list(table.index.year) == [2019, 2020, 2021, 2022]
    assert table.loc[table.index.year == 2019, "in-person"].item() == 3
    assert table.loc[table.index.year == 2020, ["phone", "video"]].values.tolist() == [[2, 1]]
    assert table.loc[table.index.year == 2021].sum(axis=1).item() == 0  # a year with none is a zero row


def test_contacts_split_by_format_and_setting():
    table = metrics.contacts_per_period(FRAME, "CHN", "RUS", by=["format", "setting"])
    assert table["in-person / multilateral"].sum() == 1
    assert table.values.sum() == 7


def test_contacts_per_quarter_and_explicit_window():
    table = metrics.contacts_per_period(
        FRAME, "CHN", "RUS", freq="QE", by=None, start="2020-01-01", end="2020-12-31"
    )
    assert table["contacts"].tolist() == [1, 1, 0, 1]


def test_a_dyad_the_frame_does_not_hold_is_refused_not_counted_as_zero():
    with pytest.raises(
        ValueError, match="'FRA' is not in the frame's iso3_a/iso3_b; the codes present are: CHN, RUS, USA"
    ):
        metrics.contacts_per_period(FRAME, "CHN", "FRA")
    # both codes are present, but never together: zero would be a quiet wrong answer
    with pytest.raises(
        ValueError, match="no contacts for RUS-USA in the frame, which holds the pairs: CHN-RUS, CHN-USA"
    ):
        metrics.dyad_contacts(FRAME, "RUS", "USA")


def test_contacts_per_period_needs_some_contacts_or_a_window():
    with pytest.raises(ValueError, match="no contacts to count"):
        metrics.contacts_per_period(FRAME, "CHN", "USA", formats=["video"])


def test_rolling_12_month_count():
    rolled = metrics.rolling_count(FRAME, "CHN", "RUS", months=12)
    assert rolled.index[0] == pd.Timestamp("2019-06-30")
    assert math.isnan(rolled.iloc[10])  # the 11th month end has no full window yet
    assert rolled[pd.Timestamp("2020-05-31")] == 5  # Jun 2019 .. May 2020
    assert rolled[pd.Timestamp("2021-11-30")] == 0


def test_cumulative_count_at_dates_and_by_kind():
    assert metrics.cumulative_count(FRAME, "CHN", "RUS", at="2019-12-31") == 3
    assert metrics.cumulative_count(FRAME, "CHN", "RUS", at="2019-06-05") == 1  # the day itself counts
    assert metrics.cumulative_count(FRAME, "CHN", "RUS", at="2030-01-01", formats=["in-person"]) == 4
    series = metrics.cumulative_count(FRAME, "CHN", "RUS", at=["2019-01-01", "2020-06-30"])
    assert series.tolist() == [0, 5]
    running = metrics.cumulative_count(FRAME, "CHN", "RUS")
    assert running.tolist() == list(range(1, 8))


def test_gaps_between_in_person_meetings():
    gaps = metrics.in_person_gaps(FRAME, "CHN", "RUS")
    assert gaps["days"].tolist() == [9, 152, 814]
    longest = metrics.longest_gap(FRAME, "CHN", "RUS")
    assert (longest["previous"], longest["next"], longest["days"]) == (
        pd.Timestamp("2019-11-13"),
        pd.Timestamp("2022-02-04"),
        814,
    )


def test_longest_gap_needs_two_meetings():
    with pytest.raises(ValueError, match="fewer than two"):
        metrics.longest_gap(FRAME, "CHN", "USA")


def test_rate_ratio_counts_and_exact_interval():
    rr = metrics.rate_ratio(
        FRAME, "CHN", "RUS", baseline=("CHN", "USA"), start="2019-01-01", end="2020-12-31"
    )
    assert (rr["count"], rr["baseline_count"]) == (6, 2)
    assert rr["ratio"] == 3.0
    assert rr["years"] == pytest.approx(731 / 365.25, abs=1e-3)
    # Clopper-Pearson: the bounds on p = x1/n are where the binomial tails equal alpha/2.
    n, x1 = 8, 6
    p_lo = rr["ci_low"] / (1 + rr["ci_low"])
    p_hi = rr["ci_high"] / (1 + rr["ci_high"])
    assert binom.sf(x1 - 1, n, p_lo) == pytest.approx(0.025, abs=1e-9)
    assert binom.cdf(x1, n, p_hi) == pytest.approx(0.025, abs=1e-9)
    assert rr["ci_low"] < 3.0 < rr["ci_high"]
    assert "rate ratio 3.00" in repr(rr)


def test_rate_ratio_symmetry_for_equal_counts():
    rows = [(f"2020-{m:02d}-01", "CHN", "RUS", "phone", "bilateral") for m in range(1, 11)]
    rows += [(f"2020-{m:02d}-02", "CHN", "USA", "phone", "bilateral") for m in range(1, 11)]
    rr = metrics.rate_ratio(contacts(rows), start="2020-01-01", end="2020-12-31")
    assert rr["ratio"] == 1.0
    assert rr["ci_low"] == pytest.approx(1 / rr["ci_high"])


def test_rate_ratio_with_a_zero_baseline():
    rows = [
        ("2020-01-01", "CHN", "RUS", "phone", "bilateral"),
        ("2018-01-01", "CHN", "USA", "phone", "bilateral"),
    ]
    rr = metrics.rate_ratio(contacts(rows), start="2020-01-01", end="2020-12-31")
    assert rr["ratio"] == math.inf and rr["ci_high"] == math.inf and rr["ci_low"] > 0


def test_rate_ratio_rejects_bad_windows():
    with pytest.raises(ValueError, match="after start"):
        metrics.rate_ratio(FRAME, start="2020-01-01", end="2019-01-01")
    with pytest.raises(ValueError, match="confidence"):
        metrics.rate_ratio(FRAME, start="2019-01-01", end="2020-01-01", confidence=95)


def test_dyad_contacts_refuses_dates_it_would_have_to_guess_at():
    frame = pd.DataFrame(
        {
            "date": ["2020-01-01"],
            "iso3_a": ["CHN"],
            "iso3_b": ["RUS"],
            "format": ["phone"],
            "setting": ["bilateral"],
        }
    )
    with pytest.raises(TypeError, match="datetime64"):
        metrics.dyad_contacts(frame, start="2019-01-01")
    frame["date"] = pd.to_datetime(frame["date"]).dt.tz_localize("Europe/Moscow")
    with pytest.raises(TypeError, match="time-zone-naive"):
        metrics.dyad_contacts(frame)
