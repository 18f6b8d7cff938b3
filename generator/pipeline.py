"""The build, stage by stage: load+validate -> link -> render -> pdf -> write -> site.

Each stage returns a new value; the run stops before anything is written if the data has problems.
This module does the reading the renderers need (content/, theme assets, node_modules, settings),
so that every renderer is a function of the Catalog and what it is given.
"""

from __future__ import annotations

import calendar
import ctypes
import datetime as dt
import hashlib
import itertools
import os
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import yaml

from . import cms, urls
from .catalog import Catalog, check
from .config import Paths, Settings, load_settings
from .drift import check_prose
from .problems import InvalidData, SetupError
from .render import OutputFile, exports, maps
from .render.book import Book, book_html
from .render.content import check_markers, link_pdf, render_content, with_chapter_list
from .render.dataformat import render_dataformat
from .render.env import Renderer, environment
from .render.pages import render_pages
from .render.searchmeta import with_search_meta
from .render.statistics import render_statistics
from .write import write_tree

__all__ = ["Paths", "build", "check", "generate", "render_all"]

# Leaflet files copied from node_modules/leaflet (the licence goes with them).
_LEAFLET = [("dist/leaflet.js", "leaflet.js"), ("dist/leaflet.css", "leaflet.css"), ("LICENSE", "LICENSE")]


def read_content(content_dir: Path) -> dict[str, bytes]:
    """Every file under content/, by its path relative to it."""
    return {
        p.relative_to(content_dir).as_posix(): p.read_bytes() for p in sorted(content_dir.rglob("*")) if p.is_file()
    }


def read_assets(paths: Paths) -> list[OutputFile]:
    """Self-hosted browser assets for the maps: Leaflet from npm and the portal's own map script."""
    leaflet = paths.node_modules / "leaflet"
    if not (leaflet / "dist" / "leaflet.js").is_file():
        raise SetupError(
            f"{leaflet}/dist/leaflet.js saknas: webbläsarfilerna från npm är inte installerade; "
            "kör `make site` (eller `npm ci`)"
        )
    files = [(leaflet / src, name) for src, name in _LEAFLET]
    files += [(p, f"images/{p.name}") for p in sorted((leaflet / "dist" / "images").glob("*.png"))]
    out = [OutputFile(urls.vendor_path(name), path.read_bytes()) for path, name in files]
    out += [OutputFile(urls.map_asset(name), (paths.theme / "maps" / name).read_bytes()) for name in urls.MAP_ASSETS]
    return out + read_admin(paths)


def read_admin(paths: Paths) -> list[OutputFile]:
    """The web editor: Sveltia CMS from npm with its licence, and the portal's page, scripts and config."""
    missing = [src for src, _ in cms.SVELTIA_FILES if not (paths.node_modules / src).is_file()]
    if missing:
        raise SetupError(
            f"{paths.node_modules / missing[0]} saknas: webbredigeraren från npm är inte installerad; "
            "kör `make site` (eller `npm ci`)"
        )
    files = cms.SVELTIA_FILES
    out = [
        OutputFile(urls.admin_path(f"sveltia/{name}"), (paths.node_modules / src).read_bytes()) for src, name in files
    ]
    admin = paths.theme / "admin"
    return out + [OutputFile(urls.admin_path(name), (admin / name).read_bytes()) for name in urls.ADMIN_FILES]


def render_all(
    catalog: Catalog, content: dict[str, bytes], assets: list[OutputFile], settings: Settings
) -> Iterator[OutputFile]:
    """Stage 4: one Jinja environment for the whole build, its templates compiled once; files come
    one at a time and go straight to disk (write_tree), so memory does not grow with every page."""
    r = Renderer(catalog, settings, environment())
    pages = itertools.chain(
        render_content(content, r), render_pages(r), render_statistics(r), render_dataformat(settings)
    )
    return itertools.chain(
        with_search_meta(pages, catalog), maps.render_maps(catalog, settings), exports.render_exports(catalog), assets
    )


def read_book(paths: Paths, content: dict[str, bytes]) -> Book:
    """What the PDF is made of: the method-support chapters in the order of the menu in mkdocs.yml,
    the glossary, the site's address and the print style sheet."""
    config = yaml.safe_load(paths.mkdocs_yml.read_text(encoding="utf-8"))
    content = with_chapter_list(content, method_support_nav(config))
    chapters = [entry for entry in _nav_files(config.get("nav", [])) if entry.startswith("metodstod/")]
    missing = [c for c in chapters + ["ordlista.md"] if c not in content]
    if not chapters or missing:
        raise SetupError(
            f"{paths.mkdocs_yml.name}: PDF:en med metodstödet behöver sidorna under Metodstöd i menyn "
            f"(nav) och ordlistan; saknas i content/: {', '.join(missing) or 'alla kapitel'}"
        )
    site_url = str(config.get("site_url") or "")
    if not site_url.startswith(("https://", "http://")):
        raise SetupError(f"{paths.mkdocs_yml.name}: site_url saknas; PDF:en länkar tillbaka till webbplatsen med den")
    return Book(
        chapters=tuple((c, content[c].decode("utf-8")) for c in chapters),
        titles=dict((path, title) for title, path in method_support_nav(config)),
        glossary=content["ordlista.md"].decode("utf-8"),
        site_url=site_url.rstrip("/") + "/",
        css=(paths.theme / "pdf" / "metodstod.css").read_text(encoding="utf-8"),
    )


def read_nav(paths: Paths) -> tuple[tuple[str, str], ...]:
    return method_support_nav(yaml.safe_load(paths.mkdocs_yml.read_text(encoding="utf-8")))


def method_support_nav(config: dict) -> tuple[tuple[str, str], ...]:
    """(name in the menu, path) of each chapter of the method support, in menu order: the titled entries
    of the menu section that holds metodstod/index.md. The menu is where a chapter's name is set; the
    chapter list on metodstod/index.md and the contents of the PDF take it from here."""
    for section in _nav_lists(config.get("nav", [])):
        if "metodstod/index.md" in section:
            return tuple(
                (str(title), path)
                for item in section
                if isinstance(item, dict)
                for title, path in item.items()
                if isinstance(path, str)
            )
    return ()


def _nav_lists(node) -> Iterator[list]:
    if isinstance(node, list):
        yield node
    items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for item in items:
        yield from _nav_lists(item)


def _nav_files(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return [path for item in items for path in _nav_files(item)]


def render_pdf(catalog: Catalog, book: Book, cache: Path | None = None) -> OutputFile:
    """Stage 5: the method support as a PDF, from the same sources as the pages.

    Laying out its 60 pages is a tenth of a build and the same for 40 places as for 10,000; with a
    cache folder, a PDF made before from the same HTML, date and PDF software is used again (it is
    the same bytes: the PDF is reproducible), and WeasyPrint is not even loaded."""
    html, dated = book_html(catalog, book), catalog.newest_date or _NO_DATE
    stored = cache / f"metodstod-{_pdf_key(html, dated)}.pdf" if cache else None
    if stored and stored.is_file():
        data = stored.read_bytes()
        if data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"):  # not a file cut off half-way
            return OutputFile(urls.PDF, data)
    try:
        from .pdf import write_pdf  # WeasyPrint loads Pango: only when a PDF is made
    except OSError as err:
        raise SetupError(
            f"WeasyPrint kan inte läsa in Pango ({err}); kör `make site`, som installerar "
            "Debians paket libpango-1.0-0, libpangoft2-1.0-0 och fonts-dejavu-core"
        ) from None
    data = write_pdf(html, dated)
    if stored:
        _keep_only(stored, data)
    return OutputFile(urls.PDF, data)


# What a PDF's bytes depend on besides its HTML and date: the PDF software and our use of it.
_PDF_SOFTWARE = ("weasyprint", "pydyf", "fonttools", "pyphen", "tinycss2", "cssselect2")


def _font_subsetter() -> str:
    """What WeasyPrint would subset the fonts with, found without loading it: HarfBuzz with its version
    (Debian builds libharfbuzz-subset0 with the HarfBuzz that shapes the text) or, when that is missing,
    fontTools. The two give different bytes; pdf.py refuses fontTools, so a key naming it never finds a
    PDF in the cache."""
    try:
        library = ctypes.CDLL("libharfbuzz-subset.so.0")
    except OSError:
        return "fonttools"
    library.hb_version_string.restype = ctypes.c_char_p
    return f"harfbuzz-subset {library.hb_version_string().decode('ascii')}"


def _pdf_key(html: str, dated: dt.date) -> str:
    h = hashlib.sha256()
    software = [*(metadata.version(p) for p in _PDF_SOFTWARE), _font_subsetter()]
    for part in [html, dated.isoformat(), *software]:
        h.update(part.encode("utf-8") + b"\0")
    h.update((Path(__file__).parent / "pdf.py").read_bytes())
    return h.hexdigest()[:24]


def _keep_only(stored: Path, data: bytes) -> None:
    """Write the cached PDF (whole or not at all) and remove older ones: the cache holds one."""
    stored.parent.mkdir(parents=True, exist_ok=True)
    tmp = stored.with_name(f".{stored.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, stored)
    for old in stored.parent.glob("metodstod-*.pdf"):
        if old != stored:
            old.unlink()


def render_robots(site_url: str) -> OutputFile:
    """robots.txt: everything may be indexed, and the sitemap is at its full address."""
    text = f"User-agent: *\nAllow: /\n\nSitemap: {site_url}{urls.SITEMAP}\n"
    return OutputFile(urls.ROBOTS, text.encode("utf-8"))


_NO_DATE = dt.date(2024, 1, 1)  # data without any date: the same fixed date as data_epoch()


def generate(paths: Paths, settings: Settings | None = None) -> Catalog:
    """Everything up to build/docs. Nothing is written unless the data and the setup are valid and the PDF is made."""
    catalog = check(paths.data)
    content, assets, settings = read_content(paths.content), read_assets(paths), settings or load_settings()
    check_markers(content)  # setup problems end the run here, before build/docs is touched
    drift = check_prose(catalog, content)  # prose that contradicts the data stops the build like bad data
    if drift:
        raise InvalidData(drift)
    content = with_chapter_list(content, read_nav(paths))
    book = read_book(paths, content)
    pdf = render_pdf(catalog, book, paths.cache)  # made before anything is written, like the checks
    pages = link_pdf(render_all(catalog, content, assets, settings), pdf)
    write_tree(itertools.chain(pages, [pdf, render_robots(book.site_url)]), paths.docs)
    return catalog


def data_epoch(catalog: Catalog) -> int:
    """The newest date in the data, as SOURCE_DATE_EPOCH: same data, same timestamps."""
    newest = catalog.newest_date or _NO_DATE
    return calendar.timegm(newest.timetuple())


def build(paths: Paths, settings: Settings | None = None) -> None:
    # Only the date is kept from the catalog, and MkDocs is imported only now (validate never loads
    # it): MkDocs then reuses the generator's memory instead of adding to it.
    epoch = data_epoch(generate(paths, settings))
    from .site import build_site

    build_site(paths.mkdocs_yml, paths.docs, paths.site, epoch)
