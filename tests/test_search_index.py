"""The search index is built by Pagefind's asyncio API: it must work also when the caller already has
an event loop running (a test session where Playwright is open, a tool that embeds the build)."""

from __future__ import annotations

import asyncio
import concurrent.futures

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
