"""Stage 6b: the search index. The only module that knows Pagefind.

site.py calls index_site() on the freshly built site folder before it is swapped in, so a failed
index leaves the previous site/ as it was. Pagefind reads the HTML MkDocs wrote: only the part of
each page marked data-pagefind-body (site_overrides/main.html), with its kind, municipality and
search words (data/synonyms.yaml) from front matter. The bundle (index, pagefind.js and its
WebAssembly) lands in <site>/pagefind/ and is served from the portal itself.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

BUNDLE = "pagefind"  # <site>/pagefind/: the folder the browser loads pagefind.js from
LANGUAGE = "sv"  # Swedish stemming for the whole site, whatever a page's lang says
# Inside the indexed part but not words of the page: heading anchors (¶), the edit button.
EXCLUDE = (".headerlink", ".md-content__button", ".md-source-file")
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)


class SearchIndexError(Exception):
    """Pagefind could not index the built site."""


async def _index(site: Path) -> int:
    config = IndexConfig(force_language=LANGUAGE, output_path=str(site / BUNDLE), exclude_selectors=list(EXCLUDE))
    async with PagefindIndex(config=config) as index:
        result = await index.add_directory(str(site))
        count = int(result.get("page_count", 0))
        if count == 0:
            raise SearchIndexError("Pagefind hittade inga sidor att indexera (saknas data-pagefind-body?)")
    # Closing the index wrote the bundle. The portal has its own search box (assets/ods-search.js):
    # Pagefind's ready-made interfaces are never loaded, so they are not published.
    for name in UNUSED:
        (site / BUNDLE / name).unlink(missing_ok=True)
    return count


def index_site(site: Path) -> int:
    """Index every page of the built site in site/ into site/pagefind/; return the number of pages."""
    try:
        # Pagefind's API is asyncio; run it on its own thread so that a caller that already has an
        # event loop running (a test session with Playwright, an editor's tool) can still build.
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, _index(site)).result()
    except SearchIndexError:
        raise
    except Exception as err:  # noqa: BLE001 - the binary or its service: any failure stops the build
        raise SearchIndexError(f"Pagefind kunde inte bygga sökindexet ({type(err).__name__}: {err})") from None
