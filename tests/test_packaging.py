"""Pins agree everywhere; the wheel carries the data; citation metadata agree."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile

import pytest

import sinorus
from sinorus import _citation

from .helpers import ROOT

PIN = re.compile(r"^\s*(?:-\s*)?([A-Za-z0-9_.\-]+)==([^\s#;]+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins_from_lines(lines) -> dict[str, str]:
    out = {}
    for line in lines:
        m = PIN.match(line)
        if m:
            out[_norm(m.group(1))] = m.group(2)
    return out


def pyproject_pins() -> dict[str, str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    reqs = list(data["project"]["dependencies"])
    for extra in data["project"]["optional-dependencies"].values():
        reqs += extra
    unpinned = [r for r in reqs if "==" not in r]
    assert not unpinned, f"every dependency must be pinned exactly: {unpinned}"
    return pins_from_lines(reqs)


def test_pyproject_lock_and_environment_agree():
    declared = pyproject_pins()
    lock = pins_from_lines((ROOT / "requirements.lock").read_text().splitlines())
    env = pins_from_lines((ROOT / "environment.yml").read_text().splitlines())
    for name, version in declared.items():
        assert lock.get(name) == version, f"{name}: pyproject {version}, lock {lock.get(name)}"
        assert env.get(name) == version, f"{name}: pyproject {version}, environment.yml {env.get(name)}"
    assert set(env) == set(declared), "environment.yml pins packages pyproject.toml does not declare"


def test_the_installed_versions_are_the_locked_ones():
    from importlib.metadata import version

    lock = pins_from_lines((ROOT / "requirements.lock").read_text().splitlines())
    for name in pyproject_pins():
        assert version(name) == lock[name], name


def test_build_system_pin_matches_the_lock():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    lock = pins_from_lines((ROOT / "requirements.lock").read_text().splitlines())
    (req,) = data["build-system"]["requires"]
    name, version = req.split("==")
    assert lock[_norm(name)] == version


def test_citation_cff_matches_the_package():
    cff = (ROOT / "CITATION.cff").read_text()
    assert f'version: "{_citation.VERSION}"' in cff
    assert f'title: "{_citation.TITLE}"' in cff
    assert sinorus.__version__ == _citation.VERSION
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert data["project"]["version"] == _citation.VERSION


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make report" in readme


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("sinorus-*.whl")
    return path


def test_the_wheel_ships_every_dataset(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for dataset in sinorus.names():
        assert f"sinorus/_data/{dataset}.csv" in names
        assert f"sinorus/_data/{dataset}.resource.json" in names
    assert "sinorus/sinorus.mplstyle" in names


def test_a_non_editable_install_loads_from_the_wheel(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import sinorus; "
        "assert sinorus.__file__.startswith(sys.argv[1]), sinorus.__file__; "
        "assert str(sinorus.data_dir()).startswith(sys.argv[1]); "
        "print(len(sinorus.load('trade')))"
    )
    # run from tmp_path so the checkout is not on sys.path
    result = subprocess.run(
        [sys.executable, "-I", "-c", code, str(target)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == len(sinorus.load("trade"))


def test_ruff_is_clean():
    """`make lint` in the test suite, so CI enforces it."""
    checks = [
        ["check", "sinorus", "tests", "tools", "notebooks", "conftest.py"],
        ["format", "--check", "sinorus", "tests", "tools", "conftest.py"],
    ]
    for args in checks:
        result = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
