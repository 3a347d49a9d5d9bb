"""The data behind a chart, as a tidy frame and as a CSV with its sources (Our World in Data's "download").

Every plotting helper of :mod:`sinorus.plotting` records the tidy frame it
drew on its Axes; a chart drawn with plain matplotlib calls has its data read
back from what it drew (lines, bars, points). :func:`sinorus.plotting.source_note`
records which datasets the chart shows, so the CSV's header names their
sources and licences. In a notebook, every figure shown also carries its data
as a ``text/csv`` output, which ``sinorus report`` writes beside the page.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["chart_data", "chart_data_csv", "record_data", "save_chart_data"]


def record_data(ax: Axes, frame: pd.DataFrame) -> None:
    """Keep the tidy frame a chart draws on its Axes, for :func:`chart_data` (appended if called twice).

    The plotting helpers call it themselves. Call it for a chart drawn with
    plain matplotlib whose drawn positions are not its data (grouped bars
    offset from their year, bars of a missing value drawn as zero).

    Examples
    --------
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> from sinorus import plotting
    >>> _, ax = plt.subplots()
    >>> plotting.record_data(ax, pd.DataFrame({"year": [2020], "value": [1.0]}))
    >>> plotting.chart_data(ax).to_dict("list")
    {'year': [2020], 'value': [1.0]}
    """
    previous = getattr(ax, "_sinorus_data", None)
    frame = frame.reset_index(drop=True)
    ax._sinorus_data = frame if previous is None else pd.concat([previous, frame], ignore_index=True)


def _axes_of(obj: Axes | Figure) -> list[Axes]:
    from matplotlib.figure import Figure

    if isinstance(obj, Figure):
        return [a for a in obj.get_axes() if a.get_visible()]
    return [obj]


def _converter(axis) -> Any:
    """A function that turns an axis's numbers back into what was plotted (dates, categories)."""
    import matplotlib.dates as mdates
    import matplotlib.ticker as mticker

    units = axis.get_units()
    mapping = getattr(units, "_mapping", None)
    if mapping:  # a categorical axis: positions back to labels
        names = {v: k for k, v in mapping.items()}
        return lambda values: [names.get(v, v) for v in values]
    if isinstance(axis.get_major_formatter(), mticker.FixedFormatter):  # labelled ticks (pandas bar charts)
        labels = {
            float(t): lab.get_text()
            for t, lab in zip(axis.get_ticklocs(), axis.get_ticklabels(), strict=False)
        }
        return lambda values: [labels.get(float(v), v) for v in values]
    if isinstance(
        axis.get_major_formatter(),
        mdates.AutoDateFormatter | mdates.ConciseDateFormatter | mdates.DateFormatter,
    ):
        return lambda values: [mdates.num2date(v).date().isoformat() for v in values]
    return lambda values: list(values)


def _label(artist, fallback: str) -> str:
    label = artist.get_label()
    return fallback if not label or label.startswith("_") else str(label)


def _read_back(ax: Axes) -> pd.DataFrame:
    """The series a plain-matplotlib chart drew: lines, bar groups and scatter points."""
    fx, fy = _converter(ax.xaxis), _converter(ax.yaxis)
    parts = []
    for i, line in enumerate(ax.get_lines()):
        x, y = np.asarray(line.get_xdata(orig=False)), np.asarray(line.get_ydata(orig=False))
        if line.get_label().startswith("_child") and len(set(map(str, y))) == 1 and len(x) == 2:
            continue  # a reference line (axhline/axvline), not data
        parts.append(pd.DataFrame({"series": _label(line, f"line {i + 1}"), "x": fx(x), "y": fy(y)}))
    for i, container in enumerate(ax.containers):
        bars = [p for p in getattr(container, "patches", []) if p.get_visible()]
        if not bars:
            continue
        horizontal = getattr(container, "orientation", "vertical") == "horizontal"
        if horizontal:
            pos = [b.get_y() + b.get_height() / 2 for b in bars]
            val = [b.get_width() for b in bars]
            frame = pd.DataFrame({"series": _label(container, f"bars {i + 1}"), "y": fy(pos), "x": val})
        else:
            pos = [b.get_x() + b.get_width() / 2 for b in bars]
            val = [b.get_height() for b in bars]
            frame = pd.DataFrame({"series": _label(container, f"bars {i + 1}"), "x": fx(pos), "y": val})
        parts.append(frame)
    from matplotlib.collections import PathCollection

    for i, coll in enumerate(c for c in ax.collections if isinstance(c, PathCollection)):
        offsets = np.asarray(coll.get_offsets())
        if len(offsets):
            parts.append(
                pd.DataFrame(
                    {
                        "series": _label(coll, f"points {i + 1}"),
                        "x": fx(offsets[:, 0]),
                        "y": fy(offsets[:, 1]),
                    }
                )
            )
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["series", "x", "y"])


def chart_data(obj: Axes | Figure) -> pd.DataFrame:
    """The data a chart shows, as a tidy frame.

    Parameters
    ----------
    obj : Axes or Figure
        A chart; for a figure of several charts, their data are stacked with
        an ``axes`` column (0, 1...).

    Returns
    -------
    DataFrame
        What a sinorus plotting helper drew (its own columns), or, for a
        chart drawn with plain matplotlib, ``series``, ``x`` and ``y`` read
        back from its lines, bars and points (dates and category labels as
        drawn, reference lines left out).

    Examples
    --------
    >>> import pandas as pd
    >>> from sinorus import plotting
    >>> ax = plotting.bar_chart(pd.Series([1.0, 2.0], index=[2020, 2021]))
    >>> plotting.chart_data(ax).to_dict("list")
    {'period': [2020, 2021], 'value': [1.0, 2.0]}
    """
    frames = []
    for i, ax in enumerate(_axes_of(obj)):
        frame = getattr(ax, "_sinorus_data", None)
        frame = _read_back(ax) if frame is None else frame.copy()
        frames.append(frame.assign(axes=i) if len(_axes_of(obj)) > 1 else frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _header(obj: Axes | Figure) -> list[str]:
    from . import _citation
    from ._datasets import descriptor
    from .plotting import source_line

    lines = []
    for ax in _axes_of(obj):
        title = getattr(ax, "_sinorus_headline", (None, None))
        if title[0]:
            lines.append(f"# {title[0]}")
        if title[1]:
            lines.append(f"# {title[1]}")
        names, data_dir = getattr(ax, "_sinorus_sources", ((), None))
        if names:
            descs = [descriptor(n, data_dir=data_dir) for n in names]
            lines.append(f"# {source_line(*names, data_dir=data_dir, compact=False)}")
            lines.append(f"# Licence: {_citation.licence(*descs)}")
    lines.append(f"# The data behind the chart, as drawn. Written by {_citation.short()}.")
    return lines


def chart_data_csv(obj: Axes | Figure) -> str:
    """The data behind a chart as CSV text, after ``#`` lines naming its title, sources and licence.

    Examples
    --------
    >>> import pandas as pd
    >>> from sinorus import plotting
    >>> ax = plotting.bar_chart(pd.Series([1.0], index=[2020]))
    >>> print(plotting.chart_data_csv(ax).splitlines()[-2:])
    ['period,value', '2020,1']
    """
    body = chart_data(obj).to_csv(index=False, lineterminator="\n", float_format="%.10g")
    return "\n".join(_header(obj)) + "\n" + body


def save_chart_data(obj: Axes | Figure, path: str | os.PathLike) -> Path:
    """Write :func:`chart_data_csv` to ``path`` (via a temporary file renamed into place).

    Returns
    -------
    Path
        Where the file was written.

    Raises
    ------
    ValueError
        If ``path`` does not end in ``.csv``.
    """

    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ValueError(f"save_chart_data() writes a .csv file, not {path.suffix!r}")
    from ._io import write_text

    return write_text(path, chart_data_csv(obj))
