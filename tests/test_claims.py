"""The claims audit: every claim has a check, and verdicts follow the data."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

import sinorus
from sinorus import claims
from sinorus._datasets import rehash


@pytest.fixture
def data(tmp_path):
    """A writable copy of every bundled dataset; edit(name, match, change) rewrites one cell."""
    for path in sinorus.data_dir().iterdir():
        if path.suffix in (".csv", ".json"):
            shutil.copy(path, tmp_path / path.name)

    def edit(name: str, match: dict, column: str, value: str) -> None:
        path = tmp_path / f"{name}.csv"
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
        hits = [r for r in rows if all(r[k] == v for k, v in match.items())]
        assert len(hits) == 1, f"{name}: {match} matched {len(hits)} rows"
        hits[0][column] = value
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
        rehash(name, data_dir=tmp_path)  # as a student would after editing: `sinorus rehash NAME --data-dir`

    edit.folder = tmp_path
    return edit


def test_every_check_in_the_ledger_exists_and_every_check_is_used():
    ledger = sinorus.load("claims")
    assert set(ledger["check"]) == set(claims.CHECKS)


def test_audit_returns_a_verdict_for_every_claim():
    table = claims.audit()
    assert len(table) == len(sinorus.load("claims"))
    assert set(table["verdict"].astype(str)) <= set(claims.VERDICTS)
    assert table["explanation"].str.len().min() > 10


def test_known_verdicts_on_the_bundled_data():
    table = claims.audit().set_index("claim_id")["verdict"].astype(str)
    assert table["C08"] == "contradicted"  # 30-year gas contract, not 40
    assert table["C11"] == "supported"  # 150 bn yuan and 815 bn roubles
    assert table["C13"] == "contradicted"  # Belarus, Argentina... signed earlier
    assert table["C16"] == "supported"  # trade fell in dollars in 2015


def test_gas_contract_verdict_follows_the_data(data):
    data("energy_deals", {"deal_id": "2014-gas-gazprom-cnpc-1"}, "duration_years", "40")
    result = claims.gas_contract_length(data_dir=data.folder)
    assert result.verdict == "supported" and result.figures["duration_years"] == 40.0


def test_trade_fall_verdict_follows_the_data(data):
    data(
        "trade",
        {"year": "2015", "partner_iso3": "RUS", "flow": "total", "default": "true"},
        "value_usd_bn",
        "99.0",
    )
    assert claims.trade_fell_in_dollars_2015(data_dir=data.folder).verdict == "contradicted"


def test_swap_first_outside_asia_follows_the_regions(data):
    # if every earlier counterparty were in Asia, the claim would hold
    for code in ["BLR", "ARG", "ISL", "NZL", "AUS", "UKR", "BRA", "GBR", "HUN", "ALB", "EMU", "CHE"]:
        data("country_regions", {"iso3": code}, "region", "Asia")
    assert claims.swap_first_outside_asia(data_dir=data.folder).verdict == "supported"


def test_swap_amounts_verdict_follows_the_data(data):
    data("swap_lines", {"iso3": "RUS", "date": "2014-10-13"}, "local_amount_bn", "1000")
    result = claims.swap_2014_amounts(data_dir=data.folder)
    assert result.verdict == "partly supported" and result.figures["local_amount_bn"] == 1000.0


def test_overtake_verdict_follows_the_data(data):
    # Russia behind Saudi Arabia in 2016 (40 Mt against 51): first seen ahead in 2017
    data("energy_flows", {"year": "2016", "exporter_iso3": "RUS", "commodity": "crude oil"}, "value", "40")
    assert claims.russia_overtakes_saudi_arabia(data_dir=data.folder).figures["first year ahead"] == 2017


def test_meeting_frequency_verdict_follows_the_data(data):
    # 5, 6, 6 and 5 in-person meetings in 2013-2016: an average of 5.5
    assert (
        claims.meetings_several_times_a_year(data_dir=data.folder, several=5.5).verdict == "partly supported"
    )
    assert claims.meetings_several_times_a_year(data_dir=data.folder, several=6).verdict == "contradicted"
    data("leader_contacts", {"date": "2016-06-25", "iso3_b": "RUS"}, "format", "phone")
    data("leader_contacts", {"date": "2016-06-25", "iso3_b": "RUS"}, "city", "")
    data("leader_contacts", {"date": "2016-06-25", "iso3_b": "RUS"}, "host_iso3", "")
    result = claims.meetings_several_times_a_year(data_dir=data.folder, several=5)
    assert result.verdict == "partly supported" and result.figures["in-person meetings per year"][2016] == 4


def test_april_trade_verdict_follows_the_data(data):
    data("trade_monthly", {"month": "2017-04-01", "flow": "total"}, "value_usd_bn", "6.43")
    assert claims.trade_april_2017_growth(data_dir=data.folder).verdict == "supported"  # 6.43 / 5.59 = +15.0%


def test_evidence_based_verdicts_follow_the_data(data):
    assert claims.thaad_decision_mid_2016(data_dir=data.folder).verdict == "supported"
    data("claim_evidence", {"claim_id": "C24"}, "date", "2017-03-06")
    assert claims.thaad_decision_mid_2016(data_dir=data.folder).verdict == "contradicted"
    data("claim_evidence", {"claim_id": "C26"}, "value", "ARM;BLR;KAZ;RUS")
    assert claims.eeu_members(data_dir=data.folder).verdict == "contradicted"
    data("claim_evidence", {"claim_id": "C25"}, "date", "2017-07-21")
    assert claims.first_joint_naval_drill_south_china_sea(data_dir=data.folder).verdict == "supported"


def test_a_verdict_must_be_one_of_four():
    with pytest.raises(ValueError):
        claims.Verdict("maybe", "not a verdict")


def test_an_unknown_check_in_the_ledger_is_an_error(data):
    data("claims", {"claim_id": "C01"}, "check", "no_such_check")
    with pytest.raises(sinorus.DataValidationError, match="no_such_check"):
        claims.audit(data_dir=data.folder)


def test_the_ledger_schema_names_exactly_the_checks_that_exist():
    """A ledger naming a check that does not exist fails validation at load, not halfway through an audit."""
    field = next(f for f in sinorus.descriptor("claims")["schema"]["fields"] if f["name"] == "check")
    assert field["constraints"]["enum"] == sorted(claims.CHECKS)


def test_data_that_do_not_cover_a_claim_leave_it_not_checkable(data):
    import pandas as pd

    path = data.folder / "leader_contacts.csv"
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows[rows["date"] >= "2017-01-01"].to_csv(path, index=False, lineterminator="\n")
    text = (data.folder / "leader_contacts.resource.json").read_text()
    (data.folder / "leader_contacts.resource.json").write_text(
        text.replace('"start": "2013-03-14"', '"start": "2017-01-01"')
    )
    rehash("leader_contacts", data_dir=data.folder)
    for check in (
        claims.meetings_several_times_a_year,
        claims.lima_apec_meeting_november_2016,
        claims.goa_brics_summit_october_2015,
    ):
        verdict = check(data_dir=data.folder)
        assert verdict.verdict == "not checkable", check.__name__
        assert "covers 2017-01-01 to" in verdict.explanation
    assert claims.putin_at_belt_and_road_forum(data_dir=data.folder).verdict == "supported"


def test_thresholds_must_make_sense():
    for bad in (0, -1):
        with pytest.raises(ValueError, match="several must be at least 1"):
            claims.meetings_several_times_a_year(several=bad)


def test_largest_partner_verdict_is_computed_from_russias_own_figures(data):
    result = claims.china_russias_largest_partner_2015()
    assert result.verdict == "supported" and result.figures["China's rank"] == 1
    # were the Netherlands ahead in the same list, the verdict would turn
    data(
        "russia_trade",
        {"year": "2015", "months": "8", "partner_iso3": "NLD", "flow": "total"},
        "value_usd_bn",
        "50.0",
    )
    turned = claims.china_russias_largest_partner_2015(data_dir=data.folder)
    assert turned.verdict == "contradicted" and turned.figures["China's rank"] == 2


def test_an_audit_of_some_topics_checks_only_their_claims_and_names_the_topics_allowed():
    energy = claims.audit(topics=["energy", "trade"])
    everything = claims.audit()
    assert set(energy["topic"]) == {"energy", "trade"}
    assert len(energy) == everything["topic"].isin(["energy", "trade"]).sum()
    with pytest.raises(ValueError, match="currency swap, diplomacy, energy"):
        claims.audit(topics=["energie"])
    with pytest.raises(TypeError, match="bare str"):
        claims.audit(topics="energy")
