"""Execute the notebooks and build the static HTML report.

``make notebooks`` calls :func:`execute_notebooks` with ``in_place=True`` (it
refreshes the stored outputs); ``make report`` calls :func:`build_report`,
which executes copies and writes ``build/report/index.html`` plus one page per
notebook. Execution is deterministic: no timing metadata is recorded and the
notebook is written in Jupyter's own canonical JSON layout, so running it
twice gives byte-identical files.

Needs the ``notebooks`` extra (nbclient, nbconvert, ipykernel, tqdm).
"""

from __future__ import annotations

import html
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["NotebookRun", "build_report", "execute_notebooks", "find_notebooks"]

TIMEOUT = 600


def _needs(module: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as err:  # pragma: no cover - depends on the environment
        raise ImportError(
            f"building notebooks needs {module!r}; install the extras: pip install 'sinorus[notebooks]'"
        ) from err


@dataclass
class NotebookRun:
    """One executed notebook: where it came from and what it says."""

    source: Path
    notebook: object
    title: str
    datasets: list[str] = field(default_factory=list)


def find_notebooks(path: str | os.PathLike) -> list[Path]:
    """The notebooks to run: those in a folder, by file name, or one ``.ipynb`` file.

    Parameters
    ----------
    path : str or path-like
        A folder of notebooks (files starting with ``.`` are skipped), or one notebook.

    Returns
    -------
    list of Path
        At least one notebook.

    Raises
    ------
    FileNotFoundError
        If ``path`` does not exist, or is a folder with no notebook in it.
    ValueError
        If ``path`` is a file that is not a ``.ipynb`` notebook.

    Examples
    --------
    >>> from sinorus.report import find_notebooks
    >>> [p.name for p in find_notebooks("notebooks")][:2]
    ['00_overview.ipynb', '01_trade.ipynb']
    >>> find_notebooks("/nonexistent")
    Traceback (most recent call last):
    ...
    FileNotFoundError: no notebook folder or file at /nonexistent
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no notebook folder or file at {path}")
    if path.is_file():
        if path.suffix != ".ipynb":
            raise ValueError(f"{path} is not a notebook: give a folder of .ipynb files or one .ipynb file")
        return [path]
    found = sorted(p for p in path.glob("*.ipynb") if not p.name.startswith("."))
    if not found:
        raise FileNotFoundError(f"no notebooks (.ipynb files) in {path}")
    return found


def _title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "Untitled"


_USED = re.compile(r"^- ([a-z0-9_]+): ", re.M)


def _datasets_used(nb) -> list[str]:
    """Names listed by the ``sinorus.sources_used()`` output in the notebook."""
    found: list[str] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            text = out.get("data", {}).get("text/plain", "")
            if isinstance(text, list):
                text = "".join(text)
            if text.startswith("Data used in this notebook:"):
                found += [m for m in _USED.findall(text) if m not in found]
    return found


#: Environment variable through which a notebook kernel learns the image formats to store for each figure
#: (read by :mod:`sinorus.plotting`): ``svg,png`` by default, ``svg`` for the report's pages.
FIGURE_FORMATS_ENV = "SINORUS_FIGURE_FORMATS"
#: The image formats each figure is stored in: both for notebooks (an untrusted notebook in JupyterLab
#: shows only the PNG), SVG alone for the report's pages (see ``make bench``).
NOTEBOOK_FIGURES = ("svg", "png")
REPORT_FIGURES = ("svg",)


def execute_notebooks(
    paths: list[Path],
    *,
    in_place: bool = False,
    progress: bool = True,
    figures: tuple[str, ...] = NOTEBOOK_FIGURES,
) -> list[NotebookRun]:
    """Execute notebooks top to bottom in a fresh kernel each.

    Parameters
    ----------
    paths : list of Path
        Notebooks, run in the given order.
    in_place : bool
        Write the executed notebook back over its source.
    progress : bool
        Show a progress bar over all cells (tqdm, on stderr).
    figures : tuple of str
        The image formats stored for each figure: :data:`NOTEBOOK_FIGURES`
        (SVG and PNG) or :data:`REPORT_FIGURES` (SVG only).

    Returns
    -------
    list of NotebookRun
    """
    nbformat = _needs("nbformat")
    nbclient = _needs("nbclient")
    tqdm = _needs("tqdm").tqdm

    originals = {Path(p): Path(p).read_bytes() for p in paths}
    books = [nbformat.reads(originals[Path(p)].decode("utf-8"), as_version=4) for p in paths]
    total = sum(1 for nb in books for c in nb.cells if c.cell_type == "code")
    runs = []
    with tqdm(total=total, unit="cell", disable=not progress, desc="notebooks") as bar:
        for path, nb in zip(paths, books, strict=True):
            bar.set_postfix_str(path.name)
            client = nbclient.NotebookClient(
                nb,
                km=_own_kernel(),
                timeout=TIMEOUT,
                kernel_name="python3",
                record_timing=False,
                resources={"metadata": {"path": str(path.parent)}},
            )
            # The kernel process's own log (ipykernel's "running over TCP without encryption" warning, its
            # shutdown notices) goes to a file, not across the progress bar; it is shown if a cell fails.
            with tempfile.TemporaryFile() as kernel_log:
                try:
                    with client.setup_kernel(env=_kernel_env(figures), stderr=kernel_log):
                        for index, cell in enumerate(nb.cells):
                            if cell.cell_type == "code":
                                client.execute_cell(cell, index)
                                _coalesce_streams(cell)
                                bar.update(1)
                            cell.metadata.pop("execution", None)
                except Exception as exc:
                    kernel_log.seek(0)
                    log = kernel_log.read().decode("utf-8", "replace").strip()
                    if log:
                        exc.add_note(f"kernel log of {path.name}:\n{log[-4000:]}")
                    raise
            nb.metadata.pop("widgets", None)
            nb.metadata.pop("papermill", None)
            if in_place:
                if Path(path).read_bytes() != originals[Path(path)]:
                    raise RuntimeError(
                        f"{path} changed on disk while it was being executed (an edit saved meanwhile?); "
                        "it was not overwritten. Run again to execute the edited version."
                    )
                write_notebook(nb, path)
            runs.append(NotebookRun(path, nb, _title(nb), _datasets_used(nb)))
    return runs


def _own_kernel():
    """A kernel manager that always starts this interpreter's kernel.

    A ``python3`` kernelspec left in the user's Jupyter folder by another
    Python would otherwise win, and run the notebooks without sinorus.
    """
    import sys

    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class OwnKernelSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(
                argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                display_name="Python 3 (sinorus)",
                language="python",
                name=kernel_name,
            )

    return KernelManager(kernel_name="python3", kernel_spec_manager=OwnKernelSpecs())


def _kernel_env(figures: tuple[str, ...] = NOTEBOOK_FIGURES) -> dict[str, str]:
    """The environment for the kernel: this one, without a matplotlib backend that would hide figures.

    ``MPLBACKEND=Agg`` (set by many CI systems) would stop the inline backend
    and leave the notebooks without figures. The figure formats are passed on
    to :mod:`sinorus.plotting` in :data:`FIGURE_FORMATS_ENV`.
    """
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env[FIGURE_FORMATS_ENV] = ",".join(figures)
    return env


def _coalesce_streams(cell) -> None:
    """Merge consecutive stdout (or stderr) outputs into one.

    A kernel may flush printed text in one message or several depending on
    timing (a busy machine splits it more); merging makes the stored notebook
    the same whatever the load, as nbval does when it compares.
    """
    merged = []
    for out in cell.get("outputs", []):
        if (
            merged
            and out.get("output_type") == "stream"
            and merged[-1].get("output_type") == "stream"
            and merged[-1].get("name") == out.get("name")
        ):
            merged[-1]["text"] += out["text"]
        else:
            merged.append(out)
    cell["outputs"] = merged


def write_notebook(nb, path: Path) -> None:
    """Write a notebook in Jupyter's canonical layout (1-space indent, final newline)."""
    nbformat = _needs("nbformat")
    from ._io import write_text

    text = nbformat.writes(nb)
    if not text.endswith("\n"):
        text += "\n"
    write_text(path, text)


_INDEX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>sinorus report</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 52rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.5; }}
h1 {{ margin-bottom: 0.2rem; }} .sub {{ color: #666; margin-top: 0; }}
li {{ margin-bottom: 1rem; }} .ds {{ color: #555; font-size: 0.9rem; }}
code {{ background: #f3f3f3; padding: 0 0.2rem; }}
pre {{ background: #f6f6f6; padding: 0.75rem; white-space: pre-wrap; overflow-wrap: anywhere; }}
</style></head><body>
<h1>sinorus report</h1>
<p class="sub">sinorus {version}: every notebook executed top to bottom. Each page shows its
figures and, at its end, the sources of the data it used.</p>
<ol>
{items}
</ol>
<h2>Datasets</h2>
<ul>
{datasets}
</ul>
<h2>How to cite</h2>
<pre>{citation}</pre>
</body></html>
"""


def build_report(
    notebooks: str | os.PathLike = "notebooks",
    out: str | os.PathLike = "build/report",
    *,
    progress: bool = True,
) -> Path:
    """Execute every notebook (copies, not the originals) and write the HTML report.

    Parameters
    ----------
    notebooks : path-like
        The folder of notebooks.
    out : path-like
        Where ``index.html`` and one ``NAME.html`` per notebook are written.

    Returns
    -------
    Path
        The report's ``index.html``.
    """
    nbconvert = _needs("nbconvert")
    from . import _citation, cite, descriptor, names
    from .plotting import source_line

    paths = find_notebooks(notebooks)
    if not paths:
        raise FileNotFoundError(f"no notebooks in {Path(notebooks).resolve()}")
    import shutil
    import tempfile

    from ._io import write_text

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    runs = execute_notebooks(paths, in_place=False, progress=progress, figures=REPORT_FIGURES)
    # build in a new folder beside the old one, then swap: an interrupted build leaves the old report whole
    final, out = out, Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))

    try:
        exporter = nbconvert.HTMLExporter(
            template_name="sinorus_offline",
            extra_template_basedirs=[str(Path(__file__).parent / "templates")],
        )
        items, used = [], []
        for run in runs:
            _write_figures(run.notebook, out, run.source.stem)
            run.notebook.metadata["title"] = run.title  # the page's <title>, instead of "Notebook"
            body, _ = exporter.from_notebook_node(run.notebook)
            page = out / f"{run.source.stem}.html"
            write_text(page, body)
            ds = ", ".join(f"<code>{html.escape(n)}</code>" for n in run.datasets) or "none"
            items.append(
                f'<li><a href="{html.escape(page.name)}">{html.escape(run.title)}</a>'
                f'<br><span class="ds">{html.escape(run.source.name)}; data: {ds}</span></li>'
            )
            used += [n for n in run.datasets if n not in used]
        datasets = []
        bundled = set(names())
        for name in used:
            if name not in bundled:  # read from a folder of one's own: its page lists its sources
                datasets.append(
                    f"<li><code>{html.escape(name)}</code>: from a folder of your own (see its page)</li>"
                )
                continue
            desc = descriptor(name)
            datasets.append(
                f"<li><code>{html.escape(name)}</code>: {html.escape(desc.get('title', name))}"
                f'<br><span class="ds">{html.escape(source_line(name))}</span></li>'
            )
        index = out / "index.html"
        write_text(
            index,
            _INDEX.format(
                version=_citation.VERSION,
                items="\n".join(items),
                datasets="\n".join(datasets) or "<li>none</li>",
                citation=html.escape(cite(*[n for n in used if n in bundled])),
            ),
        )
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)
        raise
    old = final.with_name(f".{final.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if final.exists():
        final.rename(old)
    out.rename(final)
    if old.exists():
        shutil.rmtree(old)
    return final / "index.html"


_FIGURE_FILES = {"image/png": ("png", True), "image/svg+xml": ("svg", False), "text/csv": ("csv", False)}


def _write_figures(nb, out: Path, stem: str) -> None:
    """Write each figure's PNG, SVG and data (CSV) beside the page, and link them under the figure."""
    import base64

    from ._io import write_bytes

    number = 0
    for cell in nb.cells:
        outputs = []
        for output in cell.get("outputs", []):
            outputs.append(output)
            data = output.get("data", {})
            if "image/svg+xml" not in data and "image/png" not in data:
                continue
            number += 1
            links = []
            for mime, (suffix, binary) in _FIGURE_FILES.items():
                if mime not in data:
                    continue
                content = data[mime]
                content = "".join(content) if isinstance(content, list) else content
                name = f"{stem}-figure-{number}.{suffix}"
                write_bytes(out / name, base64.b64decode(content) if binary else content.encode("utf-8"))
                label = {"png": "PNG", "svg": "SVG", "csv": "data (CSV)"}[suffix]
                links.append(f'<a href="{html.escape(name)}" download>{label}</a>')
            outputs.append(
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {
                        "text/html": '<p class="sinorus-downloads">Download this chart: '
                        + " · ".join(links)
                        + "</p>"
                    },
                }
            )
        if "outputs" in cell:
            cell["outputs"] = [_as_node(o) for o in outputs]


def _as_node(output):
    nbformat = _needs("nbformat")
    return output if isinstance(output, nbformat.NotebookNode) else nbformat.from_dict(output)
