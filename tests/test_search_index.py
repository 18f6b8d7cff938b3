"""The search index is built by Pagefind's asyncio API: it must work also when the caller already has
an event loop running (a test session where Playwright is open, a tool that embeds the build)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json

import pytest

from generator import search
from generator.search import index_site

PAGE = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Testsida</title></head>
<body><main data-pagefind-body><h1>Trygghetsvandring</h1><p>En sida om öppna drogscener.</p></main></body></html>"""


def test_index_builds_inside_a_running_event_loop(tmp_path):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")

    async def inside_a_loop():
        return index_site(tmp_path)

    # On a thread of its own, since the test session may already run a loop on this one (Playwright).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, inside_a_loop()).result() == 1
    assert (tmp_path / "pagefind" / "pagefind.js").is_file()


def test_a_large_site_is_indexed_in_bundles_that_name_each_other(tmp_path, monkeypatch):
    """More pages than PAGES_PER_BUNDLE: parts of nearly equal size, one Pagefind run each, the first
    bundle with the program and delar.json, the others with only their index; pages without
    data-pagefind-body are in none."""
    monkeypatch.setattr(search, "PAGES_PER_BUNDLE", 2)
    for i in range(5):
        (tmp_path / f"sida-{i}").mkdir()
        (tmp_path / f"sida-{i}" / "index.html").write_text(PAGE.replace("Testsida", f"Sida {i}"), encoding="utf-8")
    (tmp_path / "404.html").write_text(PAGE.replace(" data-pagefind-body", ""), encoding="utf-8")
    assert index_site(tmp_path) == 5
    bundle = tmp_path / "pagefind"
    assert json.loads((bundle / "delar.json").read_text(encoding="utf-8")) == ["del-2/", "del-3/"]
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("wasm.sv.pagefind"))
    for part in ("del-2", "del-3"):
        assert (bundle / part / "pagefind-entry.json").is_file()
        assert not list((bundle / part).glob("*.js")) and not list((bundle / part).glob("wasm.*"))
    pages = [
        json.loads((b / "pagefind-entry.json").read_text())["languages"]["sv"]["page_count"]
        for b in (bundle, bundle / "del-2", bundle / "del-3")
    ]
    assert pages == [2, 2, 1]
    assert not list(tmp_path.parent.glob(".pagefind-*")), "the staging folder beside the site is removed"


def test_a_site_without_searchable_pages_says_so(tmp_path):
    (tmp_path / "404.html").write_text(PAGE.replace(" data-pagefind-body", ""), encoding="utf-8")
    with pytest.raises(search.SearchIndexError, match="hittade inga sidor"):
        index_site(tmp_path)
