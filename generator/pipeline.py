"""The build, stage by stage: load+validate -> link -> render -> write -> site.

Each stage returns a new value; the run stops before anything is written if the data has problems.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .catalog import Catalog, link
from .config import ROOT, Settings, load_settings
from .problems import InvalidData
from .render import OutputFile, exports, maps
from .render.content import render_content
from .render.dataformat import render_dataformat
from .render.pages import render_pages
from .validate import load_and_validate
from .write import write_tree


@dataclass(frozen=True)
class Paths:
    data: Path = ROOT / "data"
    content: Path = ROOT / "content"
    docs: Path = ROOT / "build" / "docs"
    site: Path = ROOT / "site"
    mkdocs_yml: Path = ROOT / "mkdocs.yml"


def check(data_dir: Path) -> Catalog:
    """Load, validate and link; raise InvalidData with every problem at once."""
    entries, written, problems = load_and_validate(data_dir)
    catalog, link_problems = link(entries, written)
    if problems or link_problems:
        raise InvalidData(problems + link_problems)
    return catalog


def render_all(catalog: Catalog, content_dir: Path, settings: Settings) -> list[OutputFile]:
    return (render_content(content_dir, catalog) + render_pages(catalog, settings)
            + maps.render_maps(catalog, settings) + exports.render_exports(catalog) + render_dataformat())


def generate(paths: Paths, settings: Settings | None = None) -> Catalog:
    """Everything up to build/docs. Nothing is written unless the data is valid."""
    catalog = check(paths.data)
    files = render_all(catalog, paths.content, settings or load_settings())
    write_tree(files, paths.docs)
    return catalog


def data_epoch(catalog: Catalog) -> int:
    """The newest date in the data, as SOURCE_DATE_EPOCH: same data, same timestamps."""
    newest = catalog.newest_date or dt.date(2024, 1, 1)
    return calendar.timegm(newest.timetuple())


def build(paths: Paths, settings: Settings | None = None) -> Catalog:
    from .site import build_site  # MkDocs is only imported when a site is built

    catalog = generate(paths, settings)
    build_site(paths.mkdocs_yml, paths.docs, paths.site, data_epoch(catalog))
    return catalog
