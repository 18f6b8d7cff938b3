"""Stage 6b: the search index. The only module that knows Pagefind.

site.py calls index_site() on the freshly built site folder before it is swapped in, so a failed
index leaves the previous site/ as it was. Pagefind reads the HTML MkDocs wrote: only the part of
each page marked data-pagefind-body (site_overrides/main.html), with its kind, municipality and
search words (data/synonyms.yaml) from front matter. The bundle (index, pagefind.js and its
WebAssembly) lands in <site>/pagefind/ and is served from the portal itself.

Pagefind keeps every word of every page in memory until it writes the index: about 0.2 MB a page,
2.1 GB for 10,000 places (`make bench`). So a site of more than PAGES_PER_BUNDLE pages is indexed in
parts, one Pagefind run after the other, each into a bundle of its own: the first in pagefind/, the
others in pagefind/del-2/, pagefind/del-3/, … The first bundle's delar.json names the others, and
the browser merges them into one search (assets/ods-search.js, Pagefind's mergeIndex). The portal
itself, with a hundred pages, has one bundle.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

BUNDLE = "pagefind"  # <site>/pagefind/: the folder the browser loads pagefind.js from
PARTS = "delar.json"  # in BUNDLE: the folders of the other bundles, relative to BUNDLE
PAGES_PER_BUNDLE = 2000  # Pagefind then needs at most about 450 MB (0.2 MB a page)
# Pages with this attribute on an element are indexed, the others (404, map documents) never are.
_BODY = re.compile(rb"<[a-z]+\b[^<>]*\sdata-pagefind-body[\s=>]")
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


def _searchable(site: Path) -> list[Path]:
    """The pages Pagefind indexes, as paths relative to site/, in a fixed order."""
    pages = (p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != BUNDLE)
    return sorted(p.relative_to(site) for p in pages if _BODY.search(p.read_bytes()))


def _parts(pages: list[Path]) -> list[list[Path]]:
    """Consecutive parts of nearly the same size, none larger than PAGES_PER_BUNDLE."""
    if not pages:
        return [[]]  # one empty part: Pagefind then says it found nothing to index
    count = -(-len(pages) // PAGES_PER_BUNDLE)  # ceiling divisions: as few parts as the limit allows,
    size = -(-len(pages) // count)  # shared out evenly
    return [pages[i : i + size] for i in range(0, len(pages), size)]


def _stage(site: Path, pages: list[Path], folder: Path) -> None:
    """A tree of just these pages, at the same paths: Pagefind takes a page's address from its path.
    Hard links cost nothing; a copy is the fallback on a file system without them."""
    folder.mkdir(parents=True)
    for page in pages:
        target = folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, target)
        except OSError:
            shutil.copyfile(site / page, target)


async def _index_part(source: Path, output: Path) -> int:
    config = IndexConfig(force_language=LANGUAGE, output_path=str(output), exclude_selectors=list(EXCLUDE))
    async with PagefindIndex(config=config) as index:  # its own Pagefind process, ended on closing
        result = await index.add_directory(str(source))
        return int(result.get("page_count", 0))


async def _index(site: Path) -> int:
    parts = _parts(_searchable(site))
    folders = [site / BUNDLE] + [site / BUNDLE / f"del-{k}" for k in range(2, len(parts) + 1)]
    count = 0
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site.parent) as staging:
        for k, (pages, output) in enumerate(zip(parts, folders, strict=True)):
            source = Path(staging) / str(k)
            _stage(site, pages, source)
            count += await _index_part(source, output)
            shutil.rmtree(source)
    if count == 0:
        raise SearchIndexError("Pagefind hittade inga sidor att indexera (saknas data-pagefind-body?)")
    # The portal has its own search box (assets/ods-search.js): Pagefind's ready-made interfaces are
    # never loaded, so they are not published; the other bundles use the first one's program.
    for name in UNUSED:
        (site / BUNDLE / name).unlink(missing_ok=True)
    for folder in folders[1:]:
        for program in [*folder.glob("pagefind*.js"), *folder.glob("wasm.*"), *folder.glob("*.css")]:
            program.unlink()
    others = [f"{folder.name}/" for folder in folders[1:]]
    (site / BUNDLE / PARTS).write_text(json.dumps(others), encoding="utf-8")
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
