"""sinorus.check_parameters on its own: each rule, the string forms papermill passes, the messages."""

from __future__ import annotations

import datetime as dt

import pytest

import sinorus
from sinorus import parameters as rule
from sinorus.parameters import ParameterError

from .helpers import FIXTURES, ROOT, copy_dataset


def fails(match: str, **rules):
    with pytest.raises(ParameterError, match=match) as info:
        sinorus.check_parameters(**rules)
    return info.value


def test_values_come_back_normalised():
    checked = sinorus.check_parameters(
        DATA_DIR=rule.data_dir(None, needs=["leader_contacts"]),
        START=rule.date(dt.date(2017, 1, 20)),  # papermill -y gives YAML dates as datetime.date
        END=rule.date("2021-01-19", after="START", data=("leader_contacts", "date")),
        DYAD=rule.pair("CHN-USA", between=("date", "START", "END")),  # -p DYAD CHN-USA
        BASELINE=rule.pair(("RUS", "CHN"), unlike="DYAD"),
        TOPICS=rule.choices("energy, trade", data=("claims", "topic")),  # -p TOPICS energy,trade
        SEVERAL=rule.number(3, minimum=1),
    )
    assert checked == {
        "DATA_DIR": None,
        "START": "2017-01-20",
        "END": "2021-01-19",
        "DYAD": ["CHN", "USA"],
        "BASELINE": ["RUS", "CHN"],
        "TOPICS": ["energy", "trade"],
        "SEVERAL": 3,
    }
    assert checked.DYAD == ["CHN", "USA"]
    assert "DYAD = ['CHN', 'USA']" in repr(checked)


def test_the_error_names_the_parameter_the_value_and_what_is_allowed():
    err = fails(
        r"^PARTNER = 'KAZ': not in trade.partner_iso3 \(where reporter_iso3 is CHN\); "
        r"the codes it holds are: RUS$",
        REPORTER=rule.country("CHN", data=("trade", "reporter_iso3")),
        PARTNER=rule.country(
            "KAZ", data=("trade", "partner_iso3"), where={"reporter_iso3": "REPORTER"}, exclude=["WLD"]
        ),
    )
    assert (err.name, err.value) == ("PARTNER", "KAZ")
    assert isinstance(err, ValueError)


def test_country_rule():
    fails(
        "is not an ISO 3166-1 alpha-3 code .codes are upper case.. Did you mean 'RUS'", P=rule.country("rus")
    )
    fails("must be an ISO 3166-1 alpha-3 code as a str", P=rule.country(643))
    fails("WLD is not allowed here", P=rule.country("WLD", data=("trade", "partner_iso3"), exclude=["WLD"]))
    fails(
        r"not in swap_lines.iso3 \(from START to END: 2009-01-01 to 2009-12-31\)",
        START=rule.date("2009-01-01"),
        END=rule.date("2009-12-31", after="START"),
        C=rule.country("RUS", data=("swap_lines", "iso3"), between=("date", "START", "END")),
    )


def test_pair_rule():
    fails(
        r"no contacts for RUS-IND in leader_contacts; the pairs it holds are: CHN-RUS, CHN-USA",
        DYAD=rule.pair(["RUS", "IND"]),
    )
    fails("must be two country codes", DYAD=rule.pair(["CHN"]))
    fails(r"DYAD\[1\]='usa' is not an ISO 3166-1 alpha-3 code", DYAD=rule.pair("CHN-usa"))
    fails("must be a list", DYAD=rule.pair(7))
    fails("no contacts for CHN-CHN", DYAD=rule.pair(["CHN", "CHN"]))
    fails("is the same pair as DYAD", DYAD=rule.pair(["CHN", "RUS"]), B=rule.pair("RUS-CHN", unlike="DYAD"))


def test_date_and_year_rules():
    fails("START = 2018: must be a date", START=rule.date(2018))
    fails("START = '01/06/2019': is not an ISO date", START=rule.date("01/06/2019"))
    fails(
        r"END = '2018-01-01': must not be before START \(2019-01-01\)",
        START=rule.date("2019-01-01"),
        END=rule.date("2018-01-01", after="START"),
    )
    fails(
        "the window 1990-01-01 to 1991-01-01 holds no row of leader_contacts",
        START=rule.date("1990-01-01"),
        END=rule.date("1991-01-01", after="START", data=("leader_contacts", "date")),
    )
    fails("Y = '2015': must be a year as an int", Y=rule.year("2015"))
    fails(
        "the years 1990-1995 hold no row of trade",
        A=rule.year(1990),
        B=rule.year(1995, after="A", data=("trade", "year")),
    )
    fails(
        r"lies outside the period chosen \(START..END, years 2018-2020\)",
        START=rule.date("2018-01-01"),
        END=rule.date("2020-12-31", after="START"),
        CLAIM_START=rule.year(2013, within=("START", "END")),
    )


def test_choice_number_and_equals_rules():
    fails(
        "not one of energy_flows.commodity: coal, crude oil, lng, pipeline gas. Did you mean 'crude oil'",
        C=rule.choice("crude", data=("energy_flows", "commodity")),
    )
    fails("not one of the choices: a, b", C=rule.choice("c", ["a", "b"]))
    fails("must be a str", C=rule.choice(3, ["a"]))
    fails(
        "not one of energy_deals.deal_id \\(where volume_unit is bcm/yr\\)",
        G=rule.choice(
            "2005-oil-rosneft-cnpc",
            data=("energy_deals", "deal_id"),
            where={"volume_unit": rule.equals("bcm/yr")},
        ),
    )
    fails(
        "'enrgy' is not one of claims.topic.*Did you mean 'energy'",
        T=rule.choices("enrgy", data=("claims", "topic")),
    )
    assert sinorus.check_parameters(T=rule.choices(None, ["a"], optional=True)).T is None
    fails("is empty", T=rule.choices([], ["a"]))
    fails("must be a whole number", N=rule.number(3.5, integer=True))
    fails("must be from 1 to 50", N=rule.number(0, minimum=1, maximum=50))


def test_data_dir_rule(tmp_path):
    assert sinorus.check_parameters(D=rule.data_dir(FIXTURES, needs="all")).D == str(FIXTURES)
    fails("does not exist", D=rule.data_dir(tmp_path / "nope"))
    fails("holds no dataset", D=rule.data_dir(tmp_path))
    fails("must be a folder path", D=rule.data_dir(3))
    copy_dataset("trade", ROOT / "data", tmp_path)
    fails(
        "the folder lacks the dataset.s. leader_contacts this notebook uses; it holds: trade",
        D=rule.data_dir(tmp_path, needs=["leader_contacts"]),
    )
    (tmp_path / "trade.csv").write_text((tmp_path / "trade.csv").read_text() + "x,y\n")
    fails("D = .*problem", D=rule.data_dir(tmp_path, needs=["trade"]))


def test_a_rule_may_only_refer_to_earlier_parameters():
    with pytest.raises(RuntimeError, match="refers to START, which must be checked before it"):
        sinorus.check_parameters(END=rule.date("2020-01-01", after="START"))
    with pytest.raises(TypeError, match="needs a rule"):
        sinorus.check_parameters(X=3)
