"""Citations that resolve: BibTeX that parses, dataset entries with URLs, the audited article identified."""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess

import bibtexparser
import pytest

import sinorus
from sinorus import _citation

from .helpers import ROOT, copy_dataset

NAMES = sinorus.names()


def parse(text: str):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


@pytest.mark.parametrize("size", [0, 1, 2, len(NAMES)])
def test_a_bib_from_any_set_of_names_parses_without_duplicate_keys(size):
    for names in itertools.islice(itertools.combinations(NAMES, size), 6):
        library = parse(sinorus.cite(*names, style="bibtex"))
        keys = [e.key for e in library.entries]
        assert len(keys) == len(set(keys)) == size + 1
        assert keys[0] == "sinorus" and all(e.entry_type == "misc" for e in library.entries)
        for entry in library.entries[1:]:
            fields = {f.key: f.value for f in entry.fields}
            for required in ("url", "urldate", "version", "note", "title", "author"):
                assert fields.get(required), f"{entry.key} has no {required}"
            assert fields["url"].startswith(("http://", "https://"))


def test_naming_a_dataset_twice_cites_it_once_and_appending_needs_no_second_package_entry():
    assert sinorus.cite("trade", "trade", style="bibtex").count("@misc{sinorus-trade,") == 1
    combined = (
        sinorus.cite("trade", style="bibtex")
        + "\n"
        + sinorus.cite("swap_lines", style="bibtex", package=False)
    )
    assert [e.key for e in parse(combined).entries] == ["sinorus", "sinorus-trade", "sinorus-swap_lines"]


def test_keys_are_stable_and_proper_nouns_are_braced():
    entry = parse(sinorus.cite("trade", style="bibtex", package=False)).entries[0]
    assert entry.key == "sinorus-trade"
    title = {f.key: f.value for f in entry.fields}["title"]
    assert "{China's}" in title and "{Russia}" in title


def test_special_characters_are_escaped():
    assert _citation.escape("5% & $3_x#") == r"5\% \& \$3\_x\#"


def test_a_users_dataset_is_credited_to_its_contributors_or_to_nobody(tmp_path):
    folder = copy_dataset("trade", ROOT / "data", tmp_path)
    text = sinorus.cite("trade", data_dir=folder, style="bibtex", package=False)
    assert "sinorus contributors" not in text and "author" not in text
    assert "sinorus contributors" not in sinorus.cite("trade", data_dir=folder, package=False)
    desc = json.loads((folder / "trade.resource.json").read_text())
    desc["contributors"] = [
        {"title": "Jane Doe", "role": "author"},
        {"title": "Lab & Co", "role": "publisher"},
    ]
    (folder / "trade.resource.json").write_text(json.dumps(desc))
    fields = {
        f.key: f.value
        for f in parse(sinorus.cite("trade", data_dir=folder, style="bibtex")).entries[1].fields
    }
    assert fields["author"] == r"{Jane Doe} and {Lab \& Co}"
    assert sinorus.load("trade", data_dir=folder).attrs["citation"].startswith("Jane Doe and Lab & Co.")


def test_citation_cff_lists_every_dataset_as_generated_from_the_descriptors():
    import importlib.util

    spec = importlib.util.spec_from_file_location("citation_cff", ROOT / "tools" / "citation_cff.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert current == module.expected(current), (
        "CITATION.cff is stale: run .venv/bin/python tools/citation_cff.py"
    )
    for name in NAMES:
        assert f"(sinorus dataset '{name}')" in current


CFFCONVERT = ROOT / ".venv-tools" / "bin" / "cffconvert"


@pytest.mark.skipif(
    not CFFCONVERT.exists(),
    reason="cffconvert lives in its own environment (it pins jsonschema<4, which Jupyter cannot use); "
    "`make test` installs it into .venv-tools, or run `make tools` first",
)
def test_citation_cff_is_valid_cff_1_2_0():
    result = subprocess.run(
        [str(CFFCONVERT), "--validate", "-i", str(ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid according to schema version 1.2.0" in result.stdout


def test_the_audited_article_is_identified_by_url_everywhere_it_is_named():
    url = "http://stop-imperialism.com/2017/05/12/14152/"
    desc = sinorus.descriptor("claims")
    assert any(s.get("path") == url for s in desc["sources"])
    assert "Sanakoyev" in desc["description"] and desc["homepage"] == url
    assert url in (ROOT / "README.md").read_text()
    import nbformat

    intro = nbformat.read(ROOT / "notebooks" / "05_claims_audit.ipynb", as_version=4).cells[0].source
    assert url in intro
    # no reference to a file outside the repository (its name is spelt in two parts so this file passes)
    outside = "source" + "-article"
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for path in tracked.split():
        if path.endswith((".py", ".md", ".json", ".ipynb", ".csv", ".cff", ".toml", ".yml")):
            assert outside not in (ROOT / path).read_text(encoding="utf-8"), path


def test_figures_for_a_paper(tmp_path):
    import matplotlib.pyplot as plt

    from sinorus import plotting

    fig, ax = plt.subplots()
    plotting.bar_chart(sinorus.metrics.trade_series(sinorus.load("trade")), ax=ax)
    plotting.headline(ax, "Trade grew", "bn USD")
    plotting.source_note(ax, "trade")
    pdf = plotting.save_figure(fig, tmp_path / "f.pdf").read_bytes()
    assert b"/Type3" not in pdf and b"/FontFile2" in pdf  # TrueType outlines (Type 42), no Type 3
    small = plotting.save_figure(fig, tmp_path / "a.png", dpi=100).stat().st_size
    assert plotting.save_figure(fig, tmp_path / "b.png").stat().st_size > small  # 300 dpi by default
    with pytest.raises(ValueError, match="dpi"):
        plotting.save_figure(fig, tmp_path / "c.png", dpi=0)
    data = plotting.save_chart_data(ax, tmp_path / "f.csv").read_text()
    assert data.splitlines()[:2] == ["# Trade grew", "# bn USD"]
    assert "# Licence: CC-BY-4.0" in data and "year,value_usd_bn" in data
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "a temporary file was left behind"
    shutil.rmtree(tmp_path)


def test_chart_data_of_a_plain_matplotlib_chart_is_read_back():
    import matplotlib.pyplot as plt
    import pandas as pd

    from sinorus import plotting

    _, ax = plt.subplots()
    ax.barh(["visit", "summit"], [3, 5], label="meetings")
    ax.step(pd.to_datetime(["2020-01-01", "2021-01-01"]), [1, 2], label="running")
    ax.axhline(1)
    data = plotting.chart_data(ax)
    assert set(data["series"]) == {"meetings", "running"}
    assert data.loc[data["series"] == "meetings", "y"].tolist() == ["visit", "summit"]
    assert data.loc[data["series"] == "running", "x"].tolist() == ["2020-01-01", "2021-01-01"]


def test_the_bundled_and_a_users_dataset_of_the_same_name_get_different_keys(tmp_path):
    folder = copy_dataset("trade", ROOT / "data", tmp_path / "my_data")
    bib = (
        sinorus.cite("trade", style="bibtex")
        + "\n"
        + sinorus.cite("trade", data_dir=folder, style="bibtex", package=False)
    )
    assert [e.key for e in parse(bib).entries] == ["sinorus", "sinorus-trade", "my_data-trade"]
