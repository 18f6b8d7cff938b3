"""The build, stage by stage: load+validate -> link -> render -> write -> site.

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

from . import urls
from .catalog import Catalog, check
from .config import Paths, Settings, load_settings
from .problems import SetupError
from .render import OutputFile, exports, maps
from .render.content import check_markers, render_content
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
    return {p.relative_to(content_dir).as_posix(): p.read_bytes()
            for p in sorted(content_dir.rglob("*")) if p.is_file()}


def read_assets(paths: Paths) -> list[OutputFile]:
    """Self-hosted browser assets for the maps: Leaflet from npm and the portal's own map script."""
    leaflet = paths.node_modules / "leaflet"
    if not (leaflet / "dist" / "leaflet.js").is_file():
        raise SetupError(f"{leaflet}/dist/leaflet.js saknas: webbläsarfilerna från npm är inte installerade; "
                         "kör `make site` (eller `npm ci`)")
    files = [(leaflet / src, name) for src, name in _LEAFLET]
    files += [(p, f"images/{p.name}") for p in sorted((leaflet / "dist" / "images").glob("*.png"))]
    out = [OutputFile(urls.vendor_path(name), path.read_bytes()) for path, name in files]
    out += [OutputFile(urls.map_asset(name), (paths.theme / "maps" / name).read_bytes()) for name in urls.MAP_ASSETS]
    return out


def render_all(catalog: Catalog, content: dict[str, bytes], assets: list[OutputFile],
               settings: Settings) -> Iterator[OutputFile]:
    """Stage 4: one Jinja environment for the whole build, its templates compiled once; files come
    one at a time and go straight to disk (write_tree), so memory does not grow with every page."""
    r = Renderer(catalog, settings, environment())
    pages = itertools.chain(render_content(content, r), render_pages(r), render_statistics(r),
                            render_dataformat(settings))
    return itertools.chain(with_search_meta(pages, catalog), maps.render_maps(catalog, settings),
                           exports.render_exports(catalog), assets)


def generate(paths: Paths, settings: Settings | None = None) -> Catalog:
    """Everything up to build/docs. Nothing is written unless the data and the setup are valid."""
    catalog = check(paths.data)
    content, assets, settings = read_content(paths.content), read_assets(paths), settings or load_settings()
    check_markers(content)  # setup problems end the run here, before build/docs is touched
    write_tree(render_all(catalog, content, assets, settings), paths.docs)
    return catalog


def data_epoch(catalog: Catalog) -> int:
    """The newest date in the data, as SOURCE_DATE_EPOCH: same data, same timestamps."""
    newest = catalog.newest_date or dt.date(2024, 1, 1)
    return calendar.timegm(newest.timetuple())


def build(paths: Paths, settings: Settings | None = None) -> Catalog:
    from .site import build_site  # MkDocs is imported only when a site is built: validate stays fast

    catalog = generate(paths, settings)
    build_site(paths.mkdocs_yml, paths.docs, paths.site, data_epoch(catalog))
    return catalog
