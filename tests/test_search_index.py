"""The search index is built by Pagefind's command-line program: in bundles, the same byte for byte on
every run, whatever Pagefind settings the caller's environment has, and also when the caller already
has an event loop running (a test session where Playwright is open, a tool that embeds the build)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import json
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from support import tree_digest

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


def test_pagefinds_own_refusal_stops_the_build_with_its_words(tmp_path):
    """A searchable page without a word: the program exits with an error; the message says so in
    Swedish and quotes what Pagefind wrote."""
    empty = PAGE.replace("<h1>Trygghetsvandring</h1><p>En sida om öppna drogscener.</p>", "")
    (tmp_path / "index.html").write_text(empty, encoding="utf-8")
    with pytest.raises(search.SearchIndexError, match=r"(?s)inte bygga sökindexet \(slutkod 1\).*not able to build"):
        index_site(tmp_path)


def test_pagefind_settings_outside_the_generator_change_nothing(tmp_path, monkeypatch):
    """The program also reads PAGEFIND_* variables and a pagefind.json in its working folder; neither
    may change the index (here they would keep index.html at the end of every address)."""
    _filtered_site(tmp_path / "a", pages=3)
    _filtered_site(tmp_path / "b", pages=3)
    index_site(tmp_path / "a")
    monkeypatch.setenv("PAGEFIND_KEEP_INDEX_URL", "true")
    (tmp_path / "pagefind.json").write_text('{"keep_index_url": true}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    index_site(tmp_path / "b")
    assert tree_digest(tmp_path / "a" / "pagefind") == tree_digest(tmp_path / "b" / "pagefind")


KINDS = ["Plats", "Metod", "Aktör", "Kommun", "Gott exempel", "Öppna data", "Statistik", "Ordlista", "Start", "Karta"]
PLACES = ["Stockholm", "Nacka", "Solna", "Södertälje", "Österåker", "Botkyrka", "Järfälla", "Huddinge", "Täby"]


def _filtered_site(root: Path, pages: int = 30) -> None:
    """Pages with a kind and one or two municipalities each, marked up as site_overrides/main.html does."""
    for i in range(pages):
        places = {PLACES[i % len(PLACES)], PLACES[i * 7 % len(PLACES)]}
        marks = f'<span hidden data-pagefind-filter="typ:{KINDS[i % len(KINDS)]}"></span>'
        marks += "".join(f'<span hidden data-pagefind-filter="kommun:{p}"></span>' for p in sorted(places))
        page = PAGE.replace("Testsida", f"Sida {i}").replace("<h1>", marks + "<h1>")
        (root / f"sida-{i}").mkdir(parents=True)
        (root / f"sida-{i}" / "index.html").write_text(page, encoding="utf-8")


def test_two_runs_give_the_same_index_byte_for_byte(tmp_path, monkeypatch):
    """Pagefind 1.5.2 orders each filter's values (and the filters) by a randomly seeded hash map; the
    index, filter files and the metadata and entry that name them included, must not differ. In
    three bundles, so that the other bundles are put in order too."""
    monkeypatch.setattr(search, "PAGES_PER_BUNDLE", 10)
    digests = []
    for run in ("a", "b"):
        _filtered_site(tmp_path / run)
        assert index_site(tmp_path / run) == 30
        digests.append(tree_digest(tmp_path / run / "pagefind"))
    assert digests[0] == digests[1]
    assert len([p for p in digests[0] if p.endswith(".pf_filter")]) == 6  # typ and kommun in each bundle


@contextlib.contextmanager
def _served(root: Path) -> Iterator[str]:
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# Pagefind's own program (pagefind.js and its WebAssembly) in Node: the filters and a filtered search.
SEARCH_IN_NODE = """
const [bundle, url] = process.argv.slice(1);
const pf = await import(bundle + "/pagefind.js");
await pf.options({ basePath: url + "/pagefind/" });
const filters = await pf.filters();
const found = await pf.search(null, { filters: { typ: "Aktör", kommun: "Österåker" } });
const urls = await Promise.all(found.results.map(async (r) => (await r.data()).url));
console.log(JSON.stringify({ filters, urls: urls.map((u) => new URL(u).pathname).sort() }));
"""


def test_the_sorted_index_answers_filtered_searches_in_pagefinds_own_program(tmp_path):
    """The filter files and metadata are written again by this generator: Pagefind's JavaScript and
    WebAssembly must still read them (the portal's filters: typ and kommun, assets/ods-search.js)."""
    _filtered_site(tmp_path)
    index_site(tmp_path)
    with _served(tmp_path) as url:
        out = subprocess.run(
            ["node", "--input-type=module", "-e", SEARCH_IN_NODE, str(tmp_path / "pagefind"), url],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    answer = json.loads(out.stdout)
    pages = [(KINDS[i % len(KINDS)], {PLACES[i % len(PLACES)], PLACES[i * 7 % len(PLACES)]}) for i in range(30)]
    assert answer["filters"]["typ"] == {k: sum(kind == k for kind, _ in pages) for k in KINDS}
    assert answer["filters"]["kommun"] == {p: sum(p in places for _, places in pages) for p in PLACES}
    wanted = [f"/sida-{i}/" for i, (kind, places) in enumerate(pages) if kind == "Aktör" and "Österåker" in places]
    assert wanted and answer["urls"] == sorted(wanted)
