"""Fixtures for the browser tests: a built and served site, one Chromium, and `visit(url)`.

Others write tests against these names; keep them:
  fixture_site, real_site  (session) -> Site(root: Path, url: str without trailing slash)
  browser                  (session) -> one Playwright Chromium for the whole run
  visit                    (function) -> visit(url, width=1280, height=900) -> Visit
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import NamedTuple

import pytest

from . import checks
from .checks import REPO, Visit, is_tile_url, tile_host_pattern

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


class Site(NamedTuple):
    root: Path  # the built site (what MkDocs wrote)
    url: str  # http://127.0.0.1:<port>, no trailing slash


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".geojson": "application/geo+json",
        ".json": "application/json",
        ".js": "text/javascript",
        ".svg": "image/svg+xml",
    }

    def log_message(self, *args):
        pass

    def translate_path(self, path):
        # axe-core is loaded into the pages under test from their own server: the pages' security policy
        # allows scripts from the site only, and an inline <script> with axe's code would (rightly) be refused.
        if path.split("?")[0] == checks.AXE_URL:
            return str(checks.AXE_JS)
        return super().translate_path(path)


def _build(data: Path, content: Path, out: Path) -> Path:
    """Build with the generator in a subprocess, into out/ (docs too: build/docs/ is left alone)."""
    code = (
        "import sys; from pathlib import Path; from generator.pipeline import Paths, build; "
        "build(Paths(data=Path(sys.argv[1]), content=Path(sys.argv[2]), "
        "docs=Path(sys.argv[3]) / 'docs', site=Path(sys.argv[3]) / 'site'))"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", code, str(data), str(content), str(out)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"Bygget av webbplatsen från {data} misslyckades / the site build failed "
            f"(exit {proc.returncode}):\n{proc.stderr[-4000:]}{proc.stdout[-2000:]}",
            pytrace=False,
        )
    return out / "site"


def _serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def served(root: Path):
    """Serve a built site for as long as the fixture that yields from this lives."""
    server, url = _serve(root)
    try:
        yield Site(root, url)
    finally:
        server.shutdown()
        server.server_close()


def _site(tmp_path_factory, name: str, data: Path, content: Path):
    yield from served(_build(data, content, tmp_path_factory.mktemp(name)))


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory):
    """The fixture data (tests/fixtures/), hostile strings included, built once and served."""
    fixtures = REPO / "tests" / "fixtures"
    yield from _site(tmp_path_factory, "fixture-site", fixtures / "data", fixtures / "content")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory):
    """The real data (data/ + content/), built once into a temporary folder and served."""
    yield from _site(tmp_path_factory, "real-site", REPO / "data", REPO / "content")


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the whole run. No browser is a failure, never a skip."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as err:
        pytest.fail(
            f"Playwright saknas ({err}). Kör `make test`, som installerar allt som behövs. / "
            "Playwright is missing: run `make test`.",
            pytrace=False,
        )
    pw = sync_playwright().start()
    try:
        chromium = pw.chromium.launch(executable_path=CHROMIUM)
    except Exception as err:  # noqa: BLE001 - any reason means: no browser
        pw.stop()
        pytest.fail(
            f"Kunde inte starta Chromium ({CHROMIUM}): {str(err).splitlines()[0]}\n"
            "Kör `make test`, som installerar Debians chromium vid behov (eller sätt CHROMIUM_PATH). / "
            "Could not start Chromium: run `make test`, which installs it.",
            pytrace=False,
        )
    try:
        yield chromium
    finally:
        chromium.close()
        pw.stop()


@pytest.fixture(scope="session")
def _tile_pattern():
    return tile_host_pattern()


@pytest.fixture
def visit(browser, _tile_pattern):
    """visit(url, width=1280, height=900) -> Visit: a loaded page in a fresh context, with what it did."""
    opened: list[Visit] = []

    def _visit(url: str, width: int = 1280, height: int = 900) -> Visit:
        v = checks.open_visit(browser, url, width, height, _tile_pattern)
        opened.append(v)
        return v

    yield _visit
    for v in opened:
        v.close()


def pytest_terminal_summary(terminalreporter):
    """Print what the browser tests measured and where the screenshots are (pytest hides print())."""
    if checks.SUMMARY:
        terminalreporter.section("webbläsartester / browser tests")
        for line in checks.SUMMARY:
            terminalreporter.write_line(line)


_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Everything under tests/browser/ is a browser test: `make check` runs `-m "not browser"`.
    (This hook sees every collected item, not only this folder's, hence the path test.)"""
    for item in items:
        if _HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


__all__ = ["Site", "fixture_site", "real_site", "browser", "visit", "is_tile_url"]
