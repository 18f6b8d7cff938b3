"""The checks themselves: a tiny, deliberately broken site must make each of them fail, naming page and problem."""

from __future__ import annotations

import functools
import threading
from http.server import ThreadingHTTPServer

import pytest

from .checks import check_keyboard, check_links, check_page, is_tile_url, pages_to_visit, tile_host_pattern
from .conftest import _QuietHandler

HEAD = (
    '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{title}</title>'
    '<link rel="icon" href="data:,"></head><body><main><h1 id="top">{title}</h1>{body}</main></body></html>'
)

PAGES = {
    "index.html": (
        "Start",
        '<p><a href="ok/">Ok</a> <a href="ok/#finns">Ankare som finns</a> '
        '<a href="https://example.org/">extern länk (inte laddad)</a></p>',
    ),
    "ok/index.html": ("Ok", '<p id="finns">Här.</p><p><a href="../">Tillbaka</a> <a href="#top">Upp</a></p>'),
    "unlabelled/index.html": ("Omärkt fält", '<form><input type="text"></form>'),
    "cdn/index.html": ("CDN", '<script src="https://cdn.jsdelivr.net/npm/x.js"></script><p>Text</p>'),
    "dead/index.html": ("Död länk", '<p><a href="missing/">Saknas</a></p>'),
    "anchor/index.html": ("Ankare", '<p><a href="../ok/#finns-inte">Fel ankare</a> <a href="#inte-heller">Här</a></p>'),
    "error/index.html": ("Fel", "<script>undefinedFunction()</script><p>Text</p>"),
    "alert/index.html": ("Dialog", '<img src="data:," alt="" onerror="alert(1)"><script>alert("xss")</script>'),
    "wide/index.html": (
        "Bred",
        '<meta name="viewport" content="width=device-width">'
        '<div style="width:900px;height:10px;background:#000"></div>',
    ),
    "404.html": ("Finns inte", '<a href="/does-not-matter/">404-sidan kontrolleras inte</a>'),
}


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("broken-site")
    for rel, (title, body) in PAGES.items():
        file = root / rel
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(HEAD.format(title=title, body=body), encoding="utf-8")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _one(problems, *needles):
    hits = [p for p in problems if all(n in p for n in needles)]
    assert hits, f"väntade ett problem med / expected a problem with {needles}; got:\n" + "\n".join(problems)
    return hits[0]


def test_clean_page_passes(broken_site, visit):
    root, url = broken_site
    for path in ("/", "/ok/"):
        assert check_page(visit(url + path)) == []
        assert check_page(visit(url + path, 375, 812)) == []


def test_unlabelled_input_fails_axe(broken_site, visit):
    _, url = broken_site
    problems = check_page(visit(url + "/unlabelled/"))
    _one(problems, "/unlabelled/", "axe label", "input")


def test_cdn_script_is_blocked_and_reported(broken_site, visit):
    _, url = broken_site
    v = visit(url + "/cdn/")
    assert v.external == ["https://cdn.jsdelivr.net/npm/x.js"]
    _one(check_page(v), "/cdn/", "external request", "https://cdn.jsdelivr.net/npm/x.js")


def test_console_error_is_reported(broken_site, visit):
    _, url = broken_site
    _one(check_page(visit(url + "/error/")), "/error/", "undefinedFunction")


def test_dialog_is_reported_and_dismissed(broken_site, visit):
    _, url = broken_site
    v = visit(url + "/alert/")
    assert v.dialogs, "alert() borde ha fångats / should have been caught"
    _one(check_page(v), "/alert/", "dialog", "xss")


def test_overflow_on_mobile_is_reported(broken_site, visit):
    _, url = broken_site
    assert not [p for p in check_page(visit(url + "/wide/", 1280, 900)) if "wider" in p]
    _one(check_page(visit(url + "/wide/", 375, 812), axe=False), "/wide/ [375px]", "wider than the viewport")


def test_dead_link_and_missing_anchors(broken_site):
    root, _ = broken_site
    problems = check_links(root)
    _one(problems, "/dead/", "dead link", "missing/")
    _one(problems, "/anchor/", "missing anchor", "../ok/#finns-inte", "/ok/")
    _one(problems, "/anchor/", "missing anchor", "#inte-heller")
    assert len(problems) == 3, "\n".join(problems)  # nothing from the clean pages, nothing from 404.html


def test_pages_to_visit_skips_404(broken_site):
    root, _ = broken_site
    paths = pages_to_visit(root)
    assert "/" in paths and "/dead/" in paths and not [p for p in paths if "404" in p]


def test_keyboard_check_reports_what_is_missing(broken_site, visit):
    _, url = broken_site
    problems, _ = check_keyboard(visit(url + "/"))
    _one(problems, "/ [1280px]", "the search")
    _one(problems, "/ [1280px]", "navigation link")


def test_map_tiles_are_recognised():
    pattern = tile_host_pattern()
    assert pattern is not None, "portal.toml [map] tiles saknas / missing"
    assert is_tile_url("https://tile.openstreetmap.org/10/1/2.png", pattern) or "openstreetmap" not in pattern.pattern
    assert not is_tile_url("https://cdn.jsdelivr.net/npm/x.js", pattern)
