"""Plotting helpers: ax=None, return the Axes, never show(), sources from descriptors."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.axes import Axes

import sinorus
from sinorus import plotting

from .helpers import FIXTURES, copy_dataset

SERIES = pd.Series([1.0, -2.0, 3.0], index=[2000, 2001, 2003])
FRAME = pd.DataFrame(
    {"year": [2000, 2001, 2003, 2000], "v": [1.0, 2.0, 3.0, 4.0], "iso": ["RUS", "RUS", "RUS", "CHN"]}
)

EVENTS = pd.DataFrame(
    {
        "date": pd.to_datetime(["2020-01-01", "2020-03-01", "2021-06-01"]),
        "format": ["phone", "phone", "in-person"],
    }
)
STACK = pd.DataFrame({"in-person": [2, 1], "phone": [1, 3]}, index=[2020, 2021])

CALLS = {
    "line_chart": lambda ax: plotting.line_chart(FRAME, x="year", y="v", hue="iso", ax=ax),
    "bar_chart": lambda ax: plotting.bar_chart(SERIES, ax=ax),
    "coverage_chart": lambda ax: plotting.coverage_chart(ax=ax),
    "timeline": lambda ax: plotting.timeline(EVENTS, ax=ax),
    "stacked_bars": lambda ax: plotting.stacked_bars(STACK, ax=ax),
    "headline": lambda ax: plotting.headline(ax, "Title", "Subtitle"),
    "source_note": lambda ax: plotting.source_note(ax, "trade"),
}


@pytest.fixture(autouse=True)
def no_show(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a plotting helper called plt.show()")

    monkeypatch.setattr(plt, "show", refuse)
    monkeypatch.setattr(plt.Figure, "show", refuse)


@pytest.mark.parametrize("name", CALLS)
def test_makes_its_own_axes_when_none_given(name):
    ax = CALLS[name](None)
    assert isinstance(ax, Axes)


@pytest.mark.parametrize("name", CALLS)
def test_draws_on_the_axes_it_is_given(name):
    fig, (_, right) = plt.subplots(1, 2)
    assert CALLS[name](right) is right
    assert len(fig.axes) == 2


def test_line_chart_breaks_at_gaps_and_labels_directly():
    ax = plotting.line_chart(FRAME, x="year", y="v", hue="iso")
    russia = next(line for line in ax.lines if line.get_label() == "Russia")
    ys = russia.get_ydata()
    assert list(russia.get_xdata()) == [2000, 2001, 2002, 2003]
    assert pd.isna(ys[2])  # 2002 missing: a break, not a bridge
    assert russia.get_color() == plotting.COLORS["RUS"]
    assert {t.get_text() for t in ax.texts} == {"Russia", "China"}


def test_bar_chart_colours_by_sign():
    ax = plotting.bar_chart(SERIES, positive="#000000", negative="#ffffff")
    colours = [p.get_facecolor()[:3] for p in ax.patches]
    assert colours == [(0, 0, 0), (1, 1, 1), (0, 0, 0)]


def test_source_note_follows_the_descriptor(tmp_path):
    copy_dataset("mini", FIXTURES, tmp_path)
    path = tmp_path / "mini.resource.json"
    desc = json.loads(path.read_text())
    desc["sources"][0]["title"] = "A publisher we just changed"
    path.write_text(json.dumps(desc))
    ax = plotting.source_note(None, "mini", data_dir=tmp_path)
    text = " ".join(t.get_text() for t in ax.texts).replace("\n", " ")
    # a folder of one's own is named as such, never credited to sinorus
    assert text.startswith(
        f"Source: A publisher we just changed (dataset 'mini' from the folder '{tmp_path.name}', "
    )
    assert "sinorus" not in text
    assert "CC0-1.0" in text


def test_many_datasets_get_a_compact_source_line_from_their_descriptors(tmp_path):
    names = ["trade", "swap_lines", "leader_contacts", "energy_flows"]
    for name in names:
        copy_dataset(name, sinorus.data_dir(), tmp_path)
    path = tmp_path / "energy_flows.resource.json"
    desc = json.loads(path.read_text())
    desc["licenses"] = [{"name": "ODbL-1.0"}]
    desc["sources"][0]["accessed"] = "2030-01-01"
    path.write_text(json.dumps(desc))
    line = plotting.source_line(*names, data_dir=tmp_path)
    assert all(f"'{n}'" in line for n in names)
    earliest = min(s["accessed"] for n in names[:-1] for s in sinorus.descriptor(n)["sources"])
    assert f"accessed {earliest} to 2030-01-01" in line and "CC-BY-4.0, ODbL-1.0" in line
    assert "sinorus.cite(NAME)" in line
    full = plotting.source_line(*names, data_dir=tmp_path, compact=False)
    assert len(line) < len(full) / 2 and desc["sources"][0]["title"] in full
    # at or under the threshold the sources themselves are listed
    few = plotting.source_line(*names[: plotting.COMPACT_AFTER], data_dir=tmp_path)
    assert sinorus.descriptor("trade")["sources"][0]["title"] in few


def test_source_line_needs_a_name():
    with pytest.raises(ValueError):
        plotting.source_line()


def test_colours_are_stable_and_distinct():
    assert plotting.color("CHN") != plotting.color("RUS")
    assert plotting.color("KAZ") == plotting.color("KAZ")
    assert plotting.color("KAZ").startswith("#")


def test_country_names():
    assert plotting.country_name("CHN") == "China"
    assert plotting.country_name("RUS") == "Russia"
    assert plotting.country_name("SAU") == "Saudi Arabia"
    with pytest.raises(KeyError):
        plotting.country_name("XXX")


def test_house_style_applies():
    plotting.use_style()
    assert plt.rcParams["axes.spines.right"] is False
    assert plt.rcParams["axes.titlelocation"] == "left"


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_save_figure_is_byte_identical(tmp_path, suffix):
    def draw(path):
        fig, ax = plt.subplots()
        plotting.line_chart(FRAME, x="year", y="v", hue="iso", ax=ax)
        plotting.headline(ax, "Same figure", "twice")
        out = plotting.save_figure(fig, path)
        plt.close(fig)
        return out.read_bytes()

    first, second = draw(tmp_path / f"a{suffix}"), draw(tmp_path / f"b{suffix}")
    assert first == second and len(first) > 1000


def test_save_figure_rejects_unknown_formats(tmp_path):
    fig, _ = plt.subplots()
    with pytest.raises(ValueError, match=r"\.jpg"):
        plotting.save_figure(fig, tmp_path / "x.jpg")


def test_timeline_puts_each_event_on_its_row():
    ax = plotting.timeline(EVENTS)
    rows = {t.get_text(): i for i, t in enumerate(ax.get_yticklabels())}
    assert rows == {"in-person": 0, "phone": 1}
    phone = ax.collections[1]
    assert len(phone.get_positions()) == 2
    from matplotlib.colors import to_rgb

    assert tuple(phone.get_color()[:3]) == pytest.approx(to_rgb(plotting.FORMAT_COLORS["phone"]))
    # formats never borrow a country's colour: red and blue mean China and Russia
    assert not set(plotting.FORMAT_COLORS.values()) & set(plotting.COLORS.values())


def test_stacked_bars_stack_in_column_order():
    ax = plotting.stacked_bars(STACK)
    bars = [(p.get_x() + p.get_width() / 2, p.get_y(), p.get_height()) for p in ax.patches]
    assert bars == [(2020, 0, 2), (2021, 0, 1), (2020, 2, 1), (2021, 1, 3)]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["in-person", "phone"]


def test_line_end_labels_never_overlap_when_lines_end_close_together():
    import matplotlib.pyplot as plt

    frame = pd.DataFrame(
        {
            "year": [2020, 2021] * 4,
            "v": [1, 50, 1, 50.5, 1, 51, 1, 49.8],
            "c": ["RUS"] * 2 + ["SAU"] * 2 + ["IRQ"] * 2 + ["AGO"] * 2,
        }
    )
    ax = plotting.line_chart(frame, x="year", y="v", hue="c")
    ax.set_ylim(0, 60)  # limits set after the chart: the labels are spread when drawn
    fig = ax.get_figure()
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
    assert len(boxes) == 4
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    plt.close(fig)


def test_an_empty_label_draws_the_line_unlabelled():
    import matplotlib.pyplot as plt

    frame = pd.DataFrame({"year": [2020, 2021] * 2, "v": [1, 2, 3, 4], "c": ["RUS"] * 2 + ["IRQ"] * 2})
    ax = plotting.line_chart(frame, x="year", y="v", hue="c", labels={"IRQ": ""}, colors={"IRQ": "#bbbbbb"})
    assert [t.get_text() for t in ax.texts if t.get_text()] == ["Russia"]
    assert len(ax.lines) == 2
    plt.close(ax.get_figure())


def test_partial_periods_are_drawn_apart_and_named_in_the_key():
    import matplotlib.pyplot as plt

    import sinorus
    from sinorus import metrics

    contacts = sinorus.load("leader_contacts")
    per_year = metrics.contacts_per_period(contacts, "CHN", "RUS", freq="YE", by="format", start="2013-03-14")
    assert per_year.attrs["partial_periods"]  # 2013 from March, and the last year
    per_year.index = per_year.index.year
    ax = plotting.stacked_bars(per_year)
    hatched = {round(p.get_x() + p.get_width() / 2) for p in ax.patches if p.get_hatch()}
    assert 2013 in hatched and 2014 not in hatched
    assert "part of the period only" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(ax.get_figure())


def test_sign_bars_use_no_country_colour_and_name_each_colour_in_a_key():
    import matplotlib.pyplot as plt
    from matplotlib.colors import to_hex

    ax = plotting.bar_chart(pd.Series([0.1, -0.2, 0.3], index=[2014, 2015, 2016]), keys=("rise", "fall"))
    drawn = {to_hex(p.get_facecolor()) for p in ax.patches}
    assert drawn == set(plotting.SIGN_COLORS) and not drawn & set(plotting.COLORS.values())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["rise", "fall"]
    plt.close(ax.get_figure())
