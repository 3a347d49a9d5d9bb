"""What a reader sees: a stored notebook opened in JupyterLab, in a real headless browser.

A fresh clone's notebooks are untrusted, and JupyterLab will not render SVG in
an untrusted notebook; each figure is therefore stored as PNG too. This test
starts JupyterLab from the project's environment on a free local port, opens
a copy of a stored notebook (untrusted: a new, empty Jupyter data folder) in
headless Chromium driven by Playwright, and checks that every stored figure is
drawn as an image. It stops the server it started, by its PID.

It needs Debian's ``chromium`` (``/usr/bin/chromium``; Playwright cannot
download its own browsers here). ``.ci/run`` installs it with apt-get; on
another machine run ``apt-get install chromium`` (or set ``SINORUS_CHROMIUM``
to a Chromium executable) and then ``make test``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

from .helpers import NOTEBOOKS

CHROMIUM = Path(os.environ.get("SINORUS_CHROMIUM", "/usr/bin/chromium"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no Chromium at {CHROMIUM}: run `apt-get install chromium` "
        "(or set SINORUS_CHROMIUM), then make test",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab from this environment, on a free port, serving a folder with a copy of a notebook."""
    root = tmp_path_factory.mktemp("lab")
    notebooks, home = root / "notebooks", root / "home"
    notebooks.mkdir()
    home.mkdir()
    shutil.copy(NOTEBOOKS / "01_trade.ipynb", notebooks)
    port = _free_port()
    env = {
        **os.environ,
        "HOME": str(home),  # no user settings, kernels or trust database of the person running the tests
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
    }
    log = (root / "lab.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ip=127.0.0.1",
            "--ServerApp.token=",
            "--ServerApp.password=",
            "--ServerApp.disable_check_xsrf=True",
            f"--ServerApp.root_dir={notebooks}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            "--allow-root",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start:\n{(root / 'lab.log').read_text()[-3000:]}")
            time.sleep(0.5)
        yield f"http://127.0.0.1:{port}", notebooks
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)  # the server we started, by its PID (and its kernels)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=20)
        log.close()


def test_a_fresh_clone_shows_every_stored_figure_in_jupyterlab(lab):
    from playwright.sync_api import sync_playwright

    url, notebooks = lab
    nb = nbformat.read(notebooks / "01_trade.ipynb", as_version=4)
    figures = sum(
        1 for cell in nb.cells for out in cell.get("outputs", []) if "image/png" in out.get("data", {})
    )
    assert figures >= 3
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{url}/lab/tree/01_trade.ipynb", wait_until="domcontentloaded", timeout=120_000)
            page.wait_for_selector(".jp-Notebook", timeout=120_000)
            images = page.locator(".jp-OutputArea-output img")
            deadline = time.monotonic() + 60
            while images.count() < figures and time.monotonic() < deadline:
                page.mouse.wheel(0, 4000)  # JupyterLab renders cells as they scroll into view
                page.wait_for_timeout(300)
            assert images.count() == figures, f"{images.count()} of {figures} figures drawn as images"
            drawn = page.evaluate(
                """() => [...document.querySelectorAll('.jp-OutputArea-output img')].map(
                    img => [img.complete, img.naturalWidth, img.getAttribute('src').slice(0, 22)])"""
            )
            for complete, width, src in drawn:
                assert complete and width > 100, json.dumps(drawn)
                assert src.startswith("data:image/png"), src
            assert not page.locator(".jp-OutputArea-output:has-text('<Figure size')").count()
        finally:
            browser.close()


def _browser(p):
    return p.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    )


def test_report_pages_fit_the_window_and_keep_words_whole(tmp_path_factory):
    """The index's citation block ran off the page; output text broke inside words (lab CSS: break-all)."""
    from playwright.sync_api import sync_playwright

    from sinorus import report

    src = tmp_path_factory.mktemp("nb")
    shutil.copy(NOTEBOOKS / "00_overview.ipynb", src)
    out = tmp_path_factory.mktemp("report")
    index = report.build_report(src, out, progress=False)
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            page.goto(index.as_uri())
            overflow = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert overflow[0] <= overflow[1], f"the index is wider than the window: {overflow}"
            cite = page.evaluate(
                "() => { const e = document.querySelector('pre'); return [e.scrollWidth, e.clientWidth]; }"
            )
            assert cite[0] <= cite[1], f"the citation block runs off the page: {cite}"
            page.goto((out / "00_overview.html").as_uri())
            styles = page.evaluate(
                """() => [...document.querySelectorAll('.jp-OutputArea-output pre')].map(
                    e => getComputedStyle(e).wordBreak)"""
            )
            assert styles and set(styles) == {"normal"}, set(styles)
            assert page.locator("img[alt]").count() >= 1
        finally:
            browser.close()
