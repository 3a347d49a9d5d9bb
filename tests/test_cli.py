"""The sinorus command line."""

from __future__ import annotations

import subprocess
import sys

import pytest

import sinorus
from sinorus.cli import main

from .helpers import FIXTURES, copy_dataset


def test_list(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "trade" in out and "rows" in out


def test_describe(capsys):
    assert main(["describe", "trade"]) == 0
    assert capsys.readouterr().out == sinorus.describe("trade")


def test_cite_text_and_bibtex(capsys):
    assert main(["cite", "trade"]) == 0
    assert capsys.readouterr().out == sinorus.cite("trade")
    assert main(["cite", "--bibtex", "trade"]) == 0
    out = capsys.readouterr().out
    assert "@misc{sinorus," in out and "@misc{sinorus-trade," in out
    assert main(["cite", "--bibtex", "--no-package", "trade"]) == 0
    assert capsys.readouterr().out.startswith("@misc{sinorus-trade,")


def test_rehash_records_an_edited_csv(tmp_path, capsys):
    copy_dataset("trade", sinorus.data_dir(), tmp_path)
    path = tmp_path / "trade.csv"
    path.write_bytes(path.read_bytes().replace(b"228.105", b"228.106"))
    with pytest.raises(sinorus.DataValidationError, match="sinorus rehash NAME"):
        sinorus.load("trade", data_dir=tmp_path)
    assert main(["rehash", "trade", "--data-dir", str(tmp_path)]) == 0
    assert "trade: hash sha256:" in capsys.readouterr().out
    assert sinorus.load("trade", data_dir=tmp_path)["value_usd_bn"].max() > 0


def test_validate_all_bundled(capsys):
    assert main(["validate"]) == 0
    assert "trade: valid" in capsys.readouterr().out


def test_validate_reports_problems_and_fails(tmp_path, capsys):
    copy_dataset("mini", FIXTURES, tmp_path)
    csv = tmp_path / "mini.csv"
    csv.write_text(csv.read_text().replace("2021,gamma", "2021,omega"))
    assert main(["validate", "mini", "--data-dir", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "mini: INVALID" in err
    assert "mini.csv, line 4, column 'code': value 'omega'" in err  # ours
    assert "frictionless:" in err  # and Frictionless's own verdict


def test_unknown_name_exits_2_with_a_suggestion(capsys):
    assert main(["describe", "trde"]) == 2
    assert "Did you mean 'trade'?" in capsys.readouterr().err


def test_python_dash_m_entry_point():
    result = subprocess.run(
        [sys.executable, "-m", "sinorus", "list"], capture_output=True, text=True, check=True
    )
    assert "trade" in result.stdout


def test_usage_error_without_command(capsys):
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2


def test_validate_warns_when_rows_are_missing_from_the_declared_coverage(tmp_path, capsys):
    import pandas as pd

    copy_dataset("leader_contacts", sinorus.data_dir(), tmp_path)
    path = tmp_path / "leader_contacts.csv"
    rows = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows[rows["date"] >= "2017-01-01"].to_csv(path, index=False, lineterminator="\n")
    assert main(["rehash", "leader_contacts", "--data-dir", str(tmp_path)]) == 0
    assert main(["validate", "leader_contacts", "--data-dir", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "warning: the first row (2017-" in err and "declared coverage start (2013-03-14)" in err


def test_version_and_clear_messages(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0 and capsys.readouterr().out.strip() == f"sinorus {sinorus.__version__}"
    assert main(["validate", "--data-dir", "/nonexistent/sinorus"]) == 2
    assert "is not a folder" in capsys.readouterr().err


def test_report_without_the_notebooks_extra_says_which_extra(monkeypatch, capsys):
    from sinorus import report

    def missing(module):
        raise ImportError(
            f"building notebooks needs {module!r}; install the extras: pip install 'sinorus[notebooks]'"
        )

    monkeypatch.setattr(report, "_needs", missing)
    assert main(["report"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'sinorus[notebooks]'" in err and "Traceback" not in err
