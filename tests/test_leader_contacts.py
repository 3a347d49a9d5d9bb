"""Rules of the leader_contacts and contact_tallies datasets that a Table Schema cannot express."""

from __future__ import annotations

import pandas as pd
import pytest

import sinorus

CONTACTS = sinorus.load("leader_contacts")

# Heads of state by term: (iso3, leader, first day, last day or None).
TERMS = [
    ("CHN", "Xi Jinping", "2013-03-14", None),
    ("RUS", "Vladimir Putin", "2012-05-07", None),
    ("USA", "Barack Obama", "2009-01-20", "2017-01-19"),
    ("USA", "Donald Trump", "2017-01-20", "2021-01-19"),
    ("USA", "Joe Biden", "2021-01-20", "2025-01-19"),
    ("USA", "Donald Trump", "2025-01-20", None),
]


def test_in_person_rows_have_a_place_and_remote_rows_do_not():
    in_person = CONTACTS["format"] == "in-person"
    assert CONTACTS.loc[in_person, "city"].notna().all()
    assert CONTACTS.loc[in_person, "host_iso3"].notna().all()
    assert CONTACTS.loc[~in_person, "city"].isna().all()
    assert CONTACTS.loc[~in_person, "host_iso3"].isna().all()


def test_remote_contacts_are_not_multilateral_phone_calls():
    assert not ((CONTACTS["format"] == "phone") & (CONTACTS["setting"] == "multilateral")).any()


@pytest.mark.parametrize("side", ["a", "b"])
def test_each_leader_was_head_of_state_on_the_date(side):
    for _, row in CONTACTS.iterrows():
        iso, leader = row[f"iso3_{side}"], row[f"leader_{side}"]
        terms = [t for t in TERMS if t[0] == iso and t[1] == leader]
        assert terms, f"{row['date'].date()}: no term known for {leader} ({iso})"
        assert any(
            pd.Timestamp(start) <= row["date"] and (end is None or row["date"] <= pd.Timestamp(end))
            for _, _, start, end in terms
        ), f"{row['date'].date()}: {leader} was not head of state of {iso}"


def test_one_dyad_orientation():
    # China is always side a, so a dyad is never split across two spellings
    assert (CONTACTS["iso3_a"] == "CHN").all()


def test_tallies_are_not_decreasing_for_exact_statements():
    tallies = sinorus.load("contact_tallies")
    exact = tallies[(tallies["qualifier"] == "exact") & (tallies["count_type"] == "running total")]
    exact = exact.sort_values("date", kind="stable")
    # officials disagree (Denisov's 19 in August 2017 against Xi's 22 a month earlier): the dataset keeps
    # the conflicts on purpose; but one speaker's own running total never falls (in-year counts restart)
    for speaker, rows in exact.groupby("speaker"):
        assert (rows["count"].diff().dropna() >= 0).all(), speaker
    assert (exact["count"].diff().dropna() < -1).any(), "the conflicting tallies are there to be reconciled"
