"""Plotting helpers in the Our-World-in-Data manner.

Every chart states its finding in the title and names its sources on a line
generated from the datasets' descriptors. Every function takes ``ax=None``
(a new figure is made when omitted), returns the Axes it drew on, and never
calls ``plt.show()``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import matplotlib
import matplotlib.artist

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

import numpy as np
import pandas as pd

from ._chartdata import chart_data, chart_data_csv, record_data, save_chart_data
from ._chartdata import record_data as _record
from ._datasets import _accessed, _licence, descriptor

__all__ = [
    "COLORS",
    "STYLE",
    "bar_chart",
    "chart_data",
    "chart_data_csv",
    "color",
    "country_name",
    "coverage_chart",
    "headline",
    "line_chart",
    "record_data",
    "save_chart_data",
    "save_figure",
    "source_note",
    "stacked_bars",
    "timeline",
    "use_style",
]

STYLE = Path(str(resources.files("sinorus") / "sinorus.mplstyle"))

#: A stable colour per country (ISO 3166-1 alpha-3) or aggregate, used in every chart.
COLORS: dict[str, str] = {
    "CHN": "#c8102e",  # red
    "RUS": "#1f5fa8",  # blue
    "USA": "#6a4c93",  # purple
    "SAU": "#2a9d8f",  # teal
    "WLD": "#7a7a7a",  # grey
    "EMU": "#e9a03b",  # amber
}
_FALLBACK = ["#8c564b", "#17becf", "#bcbd22", "#e377c2", "#9467bd", "#8e6c8a"]

# Short names where ISO 3166's official name is long; aggregates that are not ISO codes.
_NAMES = {
    "WLD": "World",
    "EMU": "Euro area",
    "RUS": "Russia",
    "USA": "United States",
    "GBR": "United Kingdom",
    "KOR": "South Korea",
    "PRK": "North Korea",
    "CHN": "China",  # the names most charts use, so that drawing one needs no look-up in pycountry
    "SAU": "Saudi Arabia",
}


def use_style() -> None:
    """Apply the sinorus house style to matplotlib for this session.

    Examples
    --------
    >>> from sinorus import plotting
    >>> plotting.use_style()
    >>> import matplotlib
    >>> matplotlib.rcParams["axes.spines.top"]
    False
    """
    import matplotlib.pyplot as plt

    plt.style.use(str(STYLE))
    _configure_inline()


def _configure_inline() -> None:
    """In a notebook, show figures as SVG and PNG, laid out by sinorus in one pass.

    Jupyter's inline backend saves every figure as a PNG with
    ``bbox_inches="tight"``, which lays it out twice. :func:`headline`,
    :func:`source_note` and :func:`line_chart` reserve the margins a chart
    needs, so one pass is enough. Each figure is stored twice:

    * an SVG with its text kept as text (``svg.fonttype: none`` in the
      house style): sharp at any zoom and searchable; JupyterLab shows it in
      a trusted notebook, and the HTML report embeds it;
    * a PNG at :data:`NOTEBOOK_PNG_DPI` dots per inch, which JupyterLab shows
      in an untrusted notebook (a fresh clone), where it will not render SVG.
      ``sinorus report`` runs its kernels with ``SINORUS_FIGURE_FORMATS`` set
      to ``svg``: its pages show the SVG, and drawing the PNG as well was
      over a third of the report's notebook time.

    Neither carries a date and, with the style's fixed ``svg.hashsalt``, the
    same figure gives the same bytes, so nbval checks the figures too. Each
    figure also carries its data as ``text/csv``. See ``make bench``.
    """
    import sys

    if "IPython" not in sys.modules or "inline" not in matplotlib.get_backend():
        return
    from IPython import get_ipython

    if get_ipython() is None:  # pragma: no cover - IPython imported but no shell
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    set_matplotlib_formats("svg", bbox_inches=None, metadata={"Date": None, "Creator": None})
    shell = get_ipython()
    _register_png_output(shell, png=_figure_formats() != ("svg",))
    _register_chart_data_output(shell)


#: Resolution of the PNG copy of each notebook figure (the one an untrusted notebook shows).
NOTEBOOK_PNG_DPI = 72


def _figure_formats() -> tuple[str, ...]:
    from .report import FIGURE_FORMATS_ENV

    value = os.environ.get(FIGURE_FORMATS_ENV, "svg,png")
    formats = tuple(part.strip() for part in value.split(",") if part.strip())
    if formats not in (("svg", "png"), ("png", "svg"), ("svg",)):
        raise ValueError(f"{FIGURE_FORMATS_ENV}={value!r}: use 'svg,png' (the default) or 'svg'")
    return formats


def _alt_text(fig) -> str:
    """A figure's text alternative: its headline (the finding), else a plain description."""
    for ax in fig.get_axes():
        title = getattr(ax, "_sinorus_headline", (None, None))[0]
        if title:
            return title
    return "Chart"


def _register_png_output(shell, *, png: bool = True) -> None:
    """Store each figure as SVG and PNG (no software or date inside), with its headline as alt text."""
    from IPython.core.pylabtools import print_figure
    from matplotlib.figure import Figure

    def svg(fig: Figure) -> tuple[str, dict]:
        data = print_figure(fig, "svg", bbox_inches=None, metadata={"Date": None, "Creator": None})
        return data, {"alt": _alt_text(fig)}

    def png_of(fig: Figure) -> tuple[bytes, dict]:
        data = print_figure(fig, "png", bbox_inches=None, dpi=NOTEBOOK_PNG_DPI, metadata={"Software": None})
        return data, {"alt": _alt_text(fig)}

    shell.display_formatter.formatters["image/svg+xml"].for_type(Figure, svg)
    if png:
        shell.display_formatter.formatters["image/png"].for_type(Figure, png_of)
    else:  # the inline backend registered its own PNG formatter: take it off
        shell.display_formatter.formatters["image/png"].pop(Figure, None)


def _register_chart_data_output(shell) -> None:
    """Give every figure shown in a notebook a ``text/csv`` output: the data behind it, with its sources.

    JupyterLab and nbconvert show the figure and ignore the CSV; ``sinorus
    report`` writes it beside the page and links it under the figure.
    """
    from IPython.core.formatters import BaseFormatter
    from matplotlib.figure import Figure

    formatters = shell.display_formatter.formatters
    if "text/csv" not in formatters:

        class CSVFormatter(BaseFormatter):
            format_type = "text/csv"
            print_method = "_repr_csv_"

        formatters["text/csv"] = CSVFormatter(parent=shell.display_formatter)
    formatters["text/csv"].for_type(Figure, chart_data_csv)
    active = shell.display_formatter.active_types
    if "text/csv" not in active:
        shell.display_formatter.active_types = [*active, "text/csv"]


def color(iso3: str) -> str:
    """The house colour of a country or aggregate, stable across charts.

    Codes without an assigned colour get one from a fixed fallback list,
    chosen by a checksum of the code, so the same code always gets the same
    colour.

    Examples
    --------
    >>> from sinorus.plotting import color
    >>> color("RUS")
    '#1f5fa8'
    >>> color("KAZ") == color("KAZ")
    True
    """
    if iso3 in COLORS:
        return COLORS[iso3]
    return _FALLBACK[sum(map(ord, iso3)) % len(_FALLBACK)]


def country_name(iso3: str) -> str:
    """A short English name for an ISO 3166-1 alpha-3 code (or ``WLD``, ``EMU``).

    Examples
    --------
    >>> from sinorus.plotting import country_name
    >>> country_name("RUS"), country_name("WLD")
    ('Russia', 'World')
    """
    if iso3 in _NAMES:
        return _NAMES[iso3]
    import pycountry

    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        raise KeyError(f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
    return getattr(country, "common_name", None) or country.name.split(",")[0]


def _axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, ax = plt.subplots()
    return ax


#: What a headline must never show: a value that is missing or infinite.
_UNDEFINED = re.compile(
    r"(?<![A-Za-z])(nan|NaN|inf|NaT|<NA>)(?![A-Za-z])|\{\}|-?inf(?:inity)?%"
    r"|(?<![A-Za-z])None(?! of)(?![A-Za-z])"
)


def headline(ax: Axes, title: str, subtitle: str | None = None) -> Axes:
    """Write a chart's title (its finding) and a grey subtitle above the axes.

    A headline states a finding, so one computed from an empty, missing or
    infinite result is refused rather than printed: a title or subtitle
    holding ``nan``, ``inf``, ``NaT``, ``<NA>``, ``None`` or ``{}`` raises.

    Parameters
    ----------
    ax : Axes or None
        The chart; a new one if ``None``.
    title : str
        The finding, in a sentence.
    subtitle : str, optional
        What is drawn, with units.

    Returns
    -------
    Axes

    Raises
    ------
    TypeError
        If ``title`` or ``subtitle`` is not a str.
    ValueError
        If either shows a missing or infinite value (see above).

    Examples
    --------
    >>> from sinorus import plotting
    >>> ax = plotting.headline(None, "Trade grew", "US$ billion")
    >>> ax.get_title(loc="left")
    'Trade grew'
    >>> plotting.headline(None, "Trade grew nan-fold")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: headline(): the title shows a missing or infinite value ('nan'): 'Trade grew nan-fold'; ...
    """
    for label, text in (("title", title), ("subtitle", subtitle)):
        if text is None and label == "subtitle":
            continue
        if not isinstance(text, str):
            raise TypeError(f"headline(): the {label} must be a str, not {type(text).__name__}")
        bad = _UNDEFINED.search(text)
        if bad:
            raise ValueError(
                f"headline(): the {label} shows a missing or infinite value ({bad.group(0)!r}): {text!r}; "
                "say that the data have no answer instead"
            )
    ax = _axes(ax)
    ax._sinorus_headline = (title, subtitle)  # kept so the layout can be redone if margins change
    _layout_headline(ax)
    return ax


def _layout_headline(ax: Axes) -> None:
    """(Re)draw the title and subtitle wrapped to the space available, and reserve the top margin."""
    import textwrap

    title, subtitle = ax._sinorus_headline
    fig = ax.get_figure()
    # wrap to the width from the axes' left edge to the figure's right edge (bold 13 pt: ~0.62 em a character)
    width_in = fig.get_figwidth() * (1 - fig.subplotpars.left) - 0.1
    title_lines = textwrap.wrap(title, width=max(20, int(width_in * 72 / (13 * 0.62))))
    sub_lines = textwrap.wrap(subtitle, width=max(20, int(width_in * 72 / (10 * 0.55)))) if subtitle else []
    pad = 8 + 14 * len(sub_lines)
    ax.set_title("\n".join(title_lines), loc="left", fontweight="bold", pad=pad)
    old = getattr(ax, "_sinorus_subtitle", None)
    if old is not None:
        old.remove()
        ax._sinorus_subtitle = None
    if sub_lines:
        ax._sinorus_subtitle = ax.annotate(
            "\n".join(sub_lines),
            xy=(0, 1),
            xycoords="axes fraction",
            xytext=(0, 6),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=10,
            color="#555555",
        )
    # reserve the top margin in inches, so the figure needs no second layout pass
    need = (16 * len(title_lines) + pad + 12) / 72 / fig.get_figheight()
    fig.subplots_adjust(top=min(fig.subplotpars.top, 1 - need))


def _text_width_in(text: str, size: float) -> float:
    """A generous estimate of a one-line text's width in inches (DejaVu Sans: ~0.6 em a character)."""
    return max((len(line) for line in str(text).split("\n")), default=0) * size * 0.6 / 72


def _fit_margins(ax: Axes) -> None:
    """Make room on the left for the y tick labels, estimated from their text."""
    fig = ax.get_figure()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    size = matplotlib.rcParams["ytick.labelsize"]
    size = size if isinstance(size, int | float) else 9
    widest = max((_text_width_in(t, size) for t in labels), default=0.0)
    left = (widest + 0.25) / fig.get_figwidth()
    if left > fig.subplotpars.left:
        fig.subplots_adjust(left=min(left, 0.45))
        if getattr(ax, "_sinorus_headline", None):
            _layout_headline(ax)  # less room now: wrap the title again


#: Size in points of a chart's source line: readable at 100% zoom in the report (7 pt was not).
SOURCE_FONTSIZE = 8.5

#: Bars above and below zero (rise and fall, surplus and deficit): dark and light grey, no country's colour.
SIGN_COLORS = ("#4d4d4d", "#b0b0b0")

#: A chart of more datasets than this gets a compact source line (see :func:`source_line`).
COMPACT_AFTER = 3


def source_line(*names: str, data_dir: str | os.PathLike | None = None, compact: bool | None = None) -> str:
    """The source line for some datasets, built from their descriptors.

    Parameters
    ----------
    *names : str
        The datasets a chart shows.
    data_dir : path-like, optional
        A folder of datasets to use instead of the bundled one.
    compact : bool, optional
        Name the datasets, their access dates and licences, and point to
        their metadata for the sources, instead of listing every source.
        By default, compact for more than :data:`COMPACT_AFTER` datasets,
        where a full list would be longer than the chart is tall.

    Examples
    --------
    >>> from sinorus.plotting import source_line
    >>> source_line("trade").startswith("Source: ")
    True
    >>> source_line("trade", "swap_lines", compact=True)[:59]
    "Source: sinorus datasets 'trade' and 'swap_lines' (accessed"
    """
    if not names:
        raise ValueError("source_line() needs at least one dataset name")
    descs = [descriptor(name, data_dir=data_dir) for name in names]
    from ._datasets import _dir, _is_bundled

    folder = _dir(data_dir)
    bundled = _is_bundled(folder)
    # a dataset from a folder of one's own is credited to that folder, never to sinorus
    whose, where = ("sinorus ", "") if bundled else ("", f" from the folder '{folder.name}'")
    if compact is None:
        compact = len(names) > COMPACT_AFTER
    if compact:
        accessed = _accessed(*descs)
        when = f"accessed {accessed}" if accessed else ""
        lic = _licence(*descs)
        quoted = [f"'{n}'" for n in names]
        listed = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"
        details = "; ".join(part for part in (when, lic) if part)
        return (
            f"Source: {whose}dataset{'s' if len(names) > 1 else ''} {listed}{where}"
            f"{f' ({details})' if details else ''}; "
            f"{'the publications behind each' if len(names) > 1 else 'its publications'} "
            "are listed by sinorus.cite(NAME)."
        )
    parts = []
    for name, desc in zip(names, descs, strict=True):
        origins = "; ".join(s["title"] for s in desc.get("sources", []))
        accessed = sorted({s["accessed"] for s in desc.get("sources", []) if s.get("accessed")})
        when = f", accessed {accessed[-1]}" if accessed else ""
        lic = ", ".join(lic.get("name", "") for lic in desc.get("licenses", []))
        parts.append(f"{origins} ({whose}dataset '{name}'{where}{when}; {lic})")
    return "Source: " + " | ".join(parts)


def source_note(
    ax: Axes | None,
    *names: str,
    data_dir: str | os.PathLike | None = None,
    compact: bool | None = None,
) -> Axes:
    """Write an Our-World-in-Data-style source line under a chart.

    The text comes from the named datasets' descriptors (their sources,
    access date and licence), so it is never typed by hand.

    Parameters
    ----------
    ax : Axes or None
        The chart; a new one if ``None``.
    *names : str
        The datasets the chart shows.
    data_dir : path-like, optional
        A folder of datasets to use instead of the bundled one.
    compact : bool, optional
        See :func:`source_line`: by default compact for more than
        :data:`COMPACT_AFTER` datasets.

    Returns
    -------
    Axes

    Examples
    --------
    >>> from sinorus import plotting
    >>> ax = plotting.source_note(None, "trade")
    >>> any(t.get_text().startswith("Source: ") for t in ax.texts)
    True
    """
    import textwrap

    ax = _axes(ax)
    fig = ax.get_figure()
    # wrapped to the figure's width at SOURCE_FONTSIZE (DejaVu Sans: about 0.55 em a character)
    width = max(60, int((fig.get_figwidth() * 72 - 16) / (SOURCE_FONTSIZE * 0.55)))
    text = "\n".join(textwrap.wrap(source_line(*names, data_dir=data_dir, compact=compact), width=width))
    ax._sinorus_sources = (names, data_dir)  # for the header of the chart's data (chart_data_csv)
    ax.annotate(
        text,
        xy=(0, 0),
        xycoords="figure fraction",
        xytext=(8, 6),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=SOURCE_FONTSIZE,
        color="#555555",
    )
    lines = text.count("\n") + 1
    inches = 0.5 + SOURCE_FONTSIZE * 1.3 / 72 * lines  # tick labels plus the note
    top_inches = (1 - fig.subplotpars.top) * fig.get_figheight()
    if (
        inches + top_inches + 0.8 > fig.get_figheight()
    ):  # too short for a plot between title and note: grow it
        fig.set_figheight(inches + top_inches + 0.8)
        fig.subplots_adjust(top=1 - top_inches / fig.get_figheight())
    needed = inches / fig.get_figheight()
    fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, needed))
    _fit_margins(ax)
    return ax


class _LabelSpreader(matplotlib.artist.Artist):
    """Moves direct labels apart vertically, at draw time, so that none overlaps another.

    It draws first (lowest zorder) and, with the axes' final limits known, pushes
    each label up to at least one line above the one below it; labels keep
    their own end point's height where there is room.
    """

    zorder = -100

    def __init__(self, labels, gap_pt: float = 11.0) -> None:
        super().__init__()
        self._labels = labels
        self._gap = gap_pt
        self.set_visible(True)

    def draw(self, renderer) -> None:
        if not self._labels:
            return
        ax = self._labels[0].axes
        to_pt = 72 / ax.get_figure().dpi
        ys = [(ax.transData.transform(a.xy)[1] * to_pt, a) for a in self._labels]
        ys.sort(key=lambda pair: pair[0])
        placed = []
        for y, _ in ys:
            placed.append(y if not placed else max(y, placed[-1] + self._gap))
        top = (ax.bbox.y1 + 20) * to_pt  # room above the axes, below the headline
        excess = placed[-1] - top
        if excess > 0:  # shift the stack down, never below the axes
            floor = ax.bbox.y0 * to_pt
            placed = [max(p - excess, floor + i * self._gap) for i, p in enumerate(placed)]
        for (y, label), new_y in zip(ys, placed, strict=True):
            label.xyann = (6, new_y - y)


def line_chart(
    frame: pd.DataFrame,
    *,
    x: str,
    y: str,
    hue: str | None = None,
    ax: Axes | None = None,
    labels: Mapping[Any, str] | None = None,
    colors: Mapping[Any, str] | None = None,
    marker: str | None = "o",
    break_gaps: bool = True,
) -> Axes:
    """Draw one line per group, labelled directly at its right end.

    Missing periods are shown as breaks in the line, never bridged, when
    ``x`` holds integers (years): a point with no neighbour stands alone.

    Parameters
    ----------
    frame : DataFrame
        Tidy data.
    x, y : str
        Columns for the horizontal and vertical axes.
    hue : str, optional
        Column whose values split the lines (e.g. ``"partner_iso3"``); for
        ISO codes the house colours and country names are used.
    ax : Axes, optional
    labels, colors : mapping, optional
        Label text and colour per ``hue`` value, overriding the defaults;
        a label ``""`` draws that line without a label. Labels that would
        overlap are moved apart when the chart is drawn.
    marker : str or None
        Marker drawn at every observation.
    break_gaps : bool
        Break lines at missing integer ``x`` values (default) instead of
        joining the observations either side.

    Returns
    -------
    Axes

    Examples
    --------
    >>> import pandas as pd
    >>> from sinorus import plotting
    >>> df = pd.DataFrame({"year": [2000, 2001], "v": [1.0, 2.0], "c": "RUS"})
    >>> ax = plotting.line_chart(df, x="year", y="v", hue="c")
    >>> len(ax.lines)
    1
    """
    ax = _axes(ax)
    _record(ax, frame[[c for c in (x, hue, y) if c is not None]])
    groups = [(None, frame)] if hue is None else list(frame.groupby(hue, observed=True, sort=True))
    end_labels = []
    for key, part in groups:
        part = part.sort_values(x)
        if break_gaps and pd.api.types.is_integer_dtype(part[x]) and len(part):
            # reindex on every integer step so that matplotlib breaks the line at a gap
            full = range(int(part[x].min()), int(part[x].max()) + 1)
            part = part.set_index(x).reindex(full).rename_axis(x).reset_index()
        label = (labels or {}).get(key)
        col = (colors or {}).get(key)
        if key is not None and isinstance(key, str) and len(key) == 3 and key.isupper():
            label = _safe_name(key) if label is None else label  # "" asks for no label
            col = col or color(key)
        kwargs = {"color": col} if col else {}
        (line,) = ax.plot(part[x], part[y], marker=marker, markersize=3.5, label=label, **kwargs)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.ticklabel_format(axis="x", style="plain", useOffset=False)
        if label:
            last = part.dropna(subset=[y]).iloc[-1]
            end_labels.append(
                ax.annotate(
                    label,
                    xy=(last[x], last[y]),
                    xytext=(6, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=9,
                    color=line.get_color(),
                    fontweight="bold",
                )
            )
    if len(end_labels) > 1:
        ax.add_artist(_LabelSpreader(end_labels))
    # direct labels sit right of the last point: keep them inside the figure
    labels = [t for t in ax.texts if t.get_text()]
    if labels:
        fig = ax.get_figure()
        size = 9
        right = 1 - (max(_text_width_in(t.get_text(), size) for t in labels) + 0.15) / fig.get_figwidth()
        fig.subplots_adjust(right=min(fig.subplotpars.right, max(right, 0.6)))
    return ax


def bar_chart(
    series: pd.Series,
    *,
    ax: Axes | None = None,
    positive: str = SIGN_COLORS[0],
    negative: str = SIGN_COLORS[1],
    scale: float = 1.0,
    keys: tuple[str, str] | None = None,
) -> Axes:
    """Bars for a series indexed by period, coloured by sign, with a zero line.

    Signs get neutral colours by default (:data:`SIGN_COLORS`), never a
    country's: red and blue mean China and Russia on every chart.

    Parameters
    ----------
    series : Series
        Values indexed by an integer period (years); missing periods get no bar.
    ax : Axes, optional
    positive, negative : str
        Colours of bars at or above zero and below zero.
    scale : float
        Multiply values before drawing (100 for fractions shown as %).
    keys : (str, str), optional
        What a bar above and below zero means (e.g. ``("rise", "fall")``):
        a key names each colour drawn.

    Examples
    --------
    >>> import pandas as pd
    >>> from sinorus import plotting
    >>> ax = plotting.bar_chart(pd.Series([0.1, -0.2], index=[2014, 2015]), scale=100)
    >>> [round(p.get_height()) for p in ax.patches]
    [10, -20]
    """
    ax = _axes(ax)
    values = series.dropna() * scale
    name = str(series.name or "value") if scale == 1 else f"{series.name or 'value'} x {scale:g}"
    _record(ax, pd.DataFrame({series.index.name or "period": values.index, name: values.to_numpy()}))
    ax.bar(values.index, values.values, color=[positive if v >= 0 else negative for v in values])
    ax.axhline(0, color="#444444", linewidth=0.8)
    if keys is not None:
        from matplotlib.patches import Patch

        drawn = [
            (c, k)
            for c, k, sign in ((positive, keys[0], values >= 0), (negative, keys[1], values < 0))
            if sign.any()
        ]
        ax.legend(handles=[Patch(facecolor=c, label=k) for c, k in drawn], loc="best")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.ticklabel_format(axis="x", style="plain", useOffset=False)
    return ax


#: Colours of the three contact formats, used by every chart of leader contacts: hues no country uses
#: (red and blue mean China and Russia, see :data:`COLORS`).
FORMAT_COLORS: dict[str, str] = {"in-person": "#3d3d3d", "video": "#a7c957", "phone": "#b8b8b8"}


def timeline(
    frame: pd.DataFrame,
    *,
    date: str = "date",
    by: str = "format",
    ax: Axes | None = None,
    colors: Mapping[str, str] | None = None,
    order: list[str] | None = None,
) -> Axes:
    """An event plot: one tick per event on a row per category.

    Parameters
    ----------
    frame : DataFrame
        One row per event.
    date : str
        The column of event dates.
    by : str
        The column whose values make the rows (e.g. ``"format"``).
    colors : mapping, optional
        Colour per category (defaults to :data:`FORMAT_COLORS`, then the cycle).
    order : list of str, optional
        Row order, top to bottom (default: as first seen in ``colors``, then sorted).

    Examples
    --------
    >>> import pandas as pd
    >>> from sinorus import plotting
    >>> df = pd.DataFrame({"date": pd.to_datetime(["2020-01-01", "2021-06-01"]),
    ...                    "format": ["phone", "in-person"]})
    >>> ax = plotting.timeline(df)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['in-person', 'phone']
    """
    ax = _axes(ax)
    _record(ax, frame[[date, by]].sort_values(date, kind="stable"))
    colors = dict(FORMAT_COLORS if colors is None else colors)
    present = [str(v) for v in pd.unique(frame[by].astype(str))]
    if order is None:
        order = [k for k in colors if k in present] + sorted(k for k in present if k not in colors)
    for i, key in enumerate(order):
        dates = frame.loc[frame[by].astype(str) == key, date]
        ax.eventplot(
            [dates.to_numpy()],
            lineoffsets=i,
            linelengths=0.7,
            linewidths=1.6,
            colors=[colors.get(key, _FALLBACK[i % len(_FALLBACK)])],
        )
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    return ax


def stacked_bars(
    table: pd.DataFrame,
    *,
    ax: Axes | None = None,
    colors: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    partial: Sequence[Any] | None = None,
) -> Axes:
    """Stacked bars: one bar per row of ``table``, one segment per column.

    Periods only partly covered (the first year of a presidency, the current
    year) are drawn hatched and paler, with a key entry saying so, so that
    they are not read as full years.

    Parameters
    ----------
    table : DataFrame
        Counts, indexed by period (years or timestamps; timestamps are shown
        as their year), one column per category.
    colors : mapping, optional
        Colour per column (defaults to :data:`FORMAT_COLORS`, then the cycle).
    labels : mapping, optional
        Legend text per column.
    partial : sequence, optional
        Index values (or, for timestamps, their periods) covered only in
        part, such as ``attrs["partial_periods"]`` of
        :func:`sinorus.metrics.contacts_per_period`; defaults to that
        attribute of ``table`` when present.

    Examples
    --------
    >>> import pandas as pd
    >>> from sinorus import plotting
    >>> t = pd.DataFrame({"phone": [1, 2], "video": [0, 1]}, index=[2020, 2021])
    >>> ax = plotting.stacked_bars(t)
    >>> [round(p.get_height()) for p in ax.patches]
    [1, 2, 0, 1]
    """
    ax = _axes(ax)
    long = table.rename_axis(table.index.name or "period").reset_index()
    _record(ax, long.melt(id_vars=long.columns[0], var_name="category", value_name="value"))
    colors = dict(FORMAT_COLORS if colors is None else colors)
    index = table.index
    x = index.year if isinstance(index, pd.DatetimeIndex) else index
    if partial is None:
        partial = table.attrs.get("partial_periods", [])
    # bars are labelled by year: a partial period given as a date (or a year) marks that year's bar
    part = {int(p) if isinstance(p, int) else pd.Timestamp(p).year for p in partial}
    is_partial = pd.Index(x).isin(part)
    bottom = None
    for i, column in enumerate(table.columns):
        values = table[column].to_numpy()
        bars = ax.bar(
            x,
            values,
            bottom=bottom,
            label=(labels or {}).get(column, column),
            color=colors.get(column, _FALLBACK[i % len(_FALLBACK)]),
            width=0.75,
        )
        for bar, flag in zip(bars, is_partial, strict=True):
            if flag:  # the category's own colour, hatched in white: partial, and still readable by colour
                bar.set_hatch("///")
                bar.set_edgecolor("white")
                bar.set_linewidth(0)
        bottom = values if bottom is None else bottom + values
    from matplotlib.patches import Patch

    # the key shows each category's own colour, whatever bar came first
    handles = [
        Patch(facecolor=colors.get(c, _FALLBACK[i % len(_FALLBACK)]), label=(labels or {}).get(c, c))
        for i, c in enumerate(table.columns)
    ]
    if is_partial.any():
        handles.append(
            Patch(facecolor="white", hatch="///", edgecolor="#777777", label="part of the period only")
        )
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.ticklabel_format(axis="x", style="plain", useOffset=False)
    if bottom is not None and len(bottom):  # room above the tallest bar for the key
        ax.set_ylim(0, max(float(np.nanmax(bottom)), 1.0) * 1.3)
    ax.legend(handles=handles, loc="upper left", ncols=len(handles))
    return ax


def _safe_name(code: str) -> str:
    try:
        return country_name(code)
    except KeyError:
        return code


def coverage_chart(table: pd.DataFrame | None = None, *, ax: Axes | None = None) -> Axes:
    """Show each dataset's time coverage as a horizontal bar.

    Parameters
    ----------
    table : DataFrame, optional
        The output of :func:`sinorus.datasets`; computed when omitted.

    Examples
    --------
    >>> from sinorus import plotting
    >>> ax = plotting.coverage_chart()
    >>> len(ax.patches) >= 1
    True
    """
    if table is None:
        from ._datasets import datasets

        table = datasets()
    ax = _axes(ax)
    rows = table.dropna(subset=["start", "end"]).reset_index(drop=True)
    _record(ax, rows[["name", "start", "end", "rows"]])
    starts = pd.to_datetime(rows["start"].astype(str), format="mixed")
    ends = pd.to_datetime(rows["end"].astype(str), format="mixed")
    # a year "2025" covers the whole year: draw to its end
    ends = ends + pd.to_timedelta([365 if len(str(e)) == 4 else 1 for e in rows["end"]], unit="D")
    for i, (s, e) in enumerate(zip(starts, ends, strict=True)):
        ax.barh(i, e - s, left=s, height=0.5, color="#555555")  # no country colour: these are datasets
        ax.text(e, i, f"  {rows.loc[i, 'rows']} rows", va="center", fontsize=8, color="#555555")
    ax.set_yticks(range(len(rows)), rows["name"])
    ax.invert_yaxis()
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    return ax


def save_figure(fig: Figure, path: str | os.PathLike, *, dpi: int = 300, **kwargs: Any) -> Path:
    """Save a figure for a paper: byte-reproducible, TrueType fonts in PDF, 300 dpi PNG.

    PNG, SVG and PDF writers embed dates and software versions or random
    ids by default; these are switched off (matplotlib's ``metadata``
    arguments and a fixed ``svg.hashsalt``), so the same figure gives the
    same bytes. PDFs embed their fonts as TrueType (Type 42), which
    publishers accept, not matplotlib's default Type 3. The file is written
    to a temporary file beside ``path`` and renamed into place, so an
    interrupted save never leaves a truncated figure.

    Parameters
    ----------
    fig : Figure
    path : path-like
        Its suffix chooses the format (``.png``, ``.svg`` or ``.pdf``).
    dpi : int
        Resolution of a PNG, in dots per inch (300 by default, print
        quality); SVG and PDF are vector formats and keep their text as text.
    **kwargs
        Passed on to :meth:`matplotlib.figure.Figure.savefig`.

    Returns
    -------
    Path
        Where the file was written.

    Raises
    ------
    ValueError
        For a suffix other than ``.png``, ``.svg`` or ``.pdf``, or a ``dpi``
        that is not a positive whole number.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import matplotlib.pyplot as plt
    >>> from sinorus.plotting import save_figure
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([1, 2])
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> save_figure(fig, d / "a.png").read_bytes() == save_figure(fig, d / "b.png").read_bytes()
    True
    >>> b"/Type3" in save_figure(fig, d / "a.pdf").read_bytes()
    False
    """

    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    metadata = {
        "png": {"Software": None},
        "svg": {"Date": None, "Creator": None},
        "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
    }.get(fmt)
    if metadata is None:
        raise ValueError(f"save_figure() writes .png, .svg or .pdf, not {path.suffix!r}")
    if isinstance(dpi, bool) or not isinstance(dpi, int) or dpi <= 0:
        raise ValueError(f"save_figure(): dpi must be a positive whole number, not {dpi!r}")
    kwargs.setdefault("metadata", metadata)
    kwargs.setdefault("bbox_inches", "tight")
    from ._io import atomic_path

    with (
        atomic_path(path) as tmp,
        matplotlib.rc_context({"svg.hashsalt": "sinorus", "pdf.fonttype": 42, "ps.fonttype": 42}),
    ):
        fig.savefig(tmp, format=fmt, dpi=dpi, **kwargs)
    return path
