"""The build, stage by stage: load+validate -> link -> render -> pdf -> write -> site.

Each stage returns a new value; the run stops before anything is written if the data has problems.
This module does the reading the renderers need (content/, theme assets, node_modules, settings),
so that every renderer is a function of the Catalog and what it is given.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

from . import cms, urls
from .catalog import Catalog, check
from .config import Paths, Settings, load_settings
from .drift import check_prose
from .pdf import render_pdf
from .problems import InvalidData, SetupError
from .render import OutputFile, exports, maps
from .render.book import Book, book_html
from .render.content import check_markers, link_pdf, read_book, render_content, with_chapter_list
from .render.dataformat import render_dataformat
from .render.env import Environment, Renderer, environment
from .render.pages import render_pages
from .render.searchmeta import with_search_meta
from .render.statistics import render_statistics
from .write import write_tree

__all__ = ["Paths", "build", "check", "generate", "read_book", "render_all"]

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
    catalog: Catalog,
    content: dict[str, bytes],
    assets: list[OutputFile],
    settings: Settings,
    env: Environment | None = None,
) -> Iterator[OutputFile]:
    """Stage 4: one Jinja environment for the whole build (the PDF's too), its templates compiled once;
    files come one at a time and go straight to disk (write_tree), so memory does not grow with every page."""
    r = Renderer(catalog, settings, env or environment())
    pages = itertools.chain(
        render_content(content, r), render_pages(r), render_statistics(r), render_dataformat(settings)
    )
    return itertools.chain(
        with_search_meta(pages, catalog), maps.render_maps(catalog, settings), exports.render_exports(catalog), assets
    )


def render_book(catalog: Catalog, book: Book, cache: Path | None = None, env: Environment | None = None) -> OutputFile:
    """Stage 5: the method support as a PDF, from the same sources as the pages (cached in build/cache)."""
    html = book_html(catalog, book, env or environment())
    return OutputFile(urls.PDF, render_pdf(html, catalog.newest_date or _NO_DATE, cache))


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
    book = read_book(paths, content)  # the content stage reads the menu in mkdocs.yml
    content = with_chapter_list(content, book.nav)
    env = environment()
    pdf = render_book(catalog, book, paths.cache, env)  # made before anything is written, like the checks
    pages = link_pdf(render_all(catalog, content, assets, settings, env), pdf)
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
