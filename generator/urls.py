"""The only place that knows URLs and output paths.

Every file the generator writes into build/docs/ gets its path from here, and PAGES says which
renderer and which template make each generated page, so a newcomer goes from an address on the
site to its code in one step. Generated pages are <section>/<id>/index.md or <section>/index.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .kinds import KINDS

# Pages that are no kind of record, by name: their URL section, renderer and template. A record
# kind's section and templates are in kinds.KINDS.
_OTHER_PAGES = {
    "map": ("karta", "render.pages.render_pages", "map.md.j2"),
    "open_data": ("oppna-data", "render.pages.render_pages", "open_data.md.j2"),
    "statistics": ("statistik", "render.statistics.render_statistics", "statistics.md.j2"),
    "dataformat": ("om/dataformat", "render.dataformat.render_dataformat", None),
}

SECTIONS = {k.name: k.section for k in KINDS.values() if k.section} | {
    name: section for name, (section, _, _) in _OTHER_PAGES.items()
}


@dataclass(frozen=True)
class Page:
    """One kind of generated page: its path pattern, the function that renders it and its template."""

    kind: str
    path: str  # relative to build/docs; {id} is the record's id
    renderer: str  # the function, from generator/, that yields the page
    template: str  # theme/pages/…, or "(…)" for a page made without one

    @property
    def per_record(self) -> bool:
        return "{id}" in self.path


def _template(name: str | None) -> str:
    return f"theme/pages/{name}" if name else "(generated from models.py)"


_PAGES_RENDERER = "render.pages.render_pages"

# Each record's own page first, then the index pages, then the others.
PAGES = (
    [
        Page(k.name, f"{k.section}/{{id}}/index.md", _PAGES_RENDERER, _template(k.record_template))
        for k in KINDS.values()
        if k.record_template
    ]
    + [
        Page(k.name, f"{k.section}/index.md", _PAGES_RENDERER, _template(k.index_template))
        for k in KINDS.values()
        if k.index_template
    ]
    + [
        Page(name, f"{section}/index.md", renderer, _template(template))
        for name, (section, renderer, template) in _OTHER_PAGES.items()
    ]
)

# Other files in build/docs: map documents, their assets and open data.
MAPS = "kartor"
MAP_ASSETS = ("ods-map.js", "ods-map.css")  # copied from theme/maps/
VENDOR = "assets/vendor/leaflet"  # Leaflet from node_modules, with its licence
OPEN_DATA = {
    "geojson": "oppna-data/platser.geojson",
    "csv": "oppna-data/platser.csv",
    "csv_excel": "oppna-data/platser-excel.csv",
    "mappings_json": "oppna-data/kartlaggningar.json",
    "mappings_csv": "oppna-data/kartlaggningar.csv",
    "mappings_csv_excel": "oppna-data/kartlaggningar-excel.csv",
}
# The words the browser scripts show (search, the web editor's preview), from the label tables.
LABELS_FILE = "assets/ods-labels.json"
# For search engines: robots.txt says where the sitemap is (MkDocs writes sitemap.xml).
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"
# The web editor (generator/cms.py): its page, scripts and generated configuration from theme/admin/,
# Sveltia CMS and its licence from node_modules under sveltia/. Not a page: no menu, sitemap or search.
ADMIN = "admin"
ADMIN_FILES = ("index.html", "config.yml", "ods-admin.js", "ods-sw.js", "ods-preview.js")
# The method support as a PDF (generator/render/book.py and generator/pdf.py), next to its chapters.
PDF = "metodstod/metodstod.pdf"


def page_path(kind: str, record_id: str | None = None) -> str:
    """Path of a generated Markdown page inside build/docs, e.g. platser/fisksatra/index.md."""
    section = SECTIONS[kind]
    return f"{section}/{record_id}/index.md" if record_id else f"{section}/index.md"


def url(kind: str, record_id: str | None = None) -> str:
    """Site-absolute URL of a page, e.g. /platser/fisksatra/."""
    return "/" + page_path(kind, record_id).removesuffix("index.md")


def filtered(from_page: str, kind: str, **query: str) -> str:
    """A link to an index page opened with its filters set, e.g. goda-exempel/?metod=sara."""
    return link(from_page, kind) + "?" + "&".join(f"{k}={v}" for k, v in sorted(query.items()))


def link(from_page: str, kind: str, record_id: str | None = None) -> str:
    """A relative Markdown link from one page to another, which MkDocs checks in --strict mode."""
    return relative(from_page, page_path(kind, record_id))


# The list of a municipality's places on its page, where a long list elsewhere points instead.
PLACES_ANCHOR = "platser-per-kartlaggning"


# The hand-written page for residents (content/vad-kan-jag-gora.md): where to turn, with each
# municipality's contacts under its own anchor, below the emergency numbers.
HELP_PAGE = "vad-kan-jag-gora.md"


# Hand-written pages that the site's own templates (site_overrides/) link to.
SEARCH_PAGE = "sok.md"
ACCESSIBILITY_PAGE = "tillganglighet.md"
ABOUT_PAGE = "om/index.md"
METHOD_SUPPORT_PAGE = "metodstod/index.md"
CONTACT_ANCHOR = "kontakt"  # the publisher's contacts on the about page


def folder_url(page: str) -> str:
    """A page's address relative to the site's root, as MkDocs serves it: sok.md -> sok/."""
    return page.removesuffix("index.md").removesuffix(".md").rstrip("/") + "/" if page != "index.md" else ""


def site_addresses() -> dict[str, str]:
    """The addresses the site's templates and scripts (site_overrides/) link to, relative to the
    site's root: every section, the hand-written pages they name and the labels file. The build gives
    them to MkDocs as config.extra.ods, so no template writes an address of its own."""
    sections = {kind: folder_url(page_path(kind)) for kind in SECTIONS}
    pages = {
        "search": SEARCH_PAGE,
        "help": HELP_PAGE,
        "accessibility": ACCESSIBILITY_PAGE,
        "about": ABOUT_PAGE,
        "method_support": METHOD_SUPPORT_PAGE,
    }
    contact = folder_url(ABOUT_PAGE) + "#" + CONTACT_ANCHOR
    return sections | {name: folder_url(p) for name, p in pages.items()} | {"contact": contact, "labels": LABELS_FILE}


def contact_anchor(municipality_id: str) -> str:
    """The anchor of one municipality's contacts on the help page, e.g. kommun-botkyrka."""
    return f"kommun-{municipality_id}"


def contacts(from_page: str, municipality_id: str) -> str:
    """A link to one municipality's contacts on the help page."""
    return relative(from_page, HELP_PAGE) + "#" + contact_anchor(municipality_id)


def mapping_anchor(year: int) -> str:
    """The anchor of one mapping round on the mappings page, e.g. ar-2023."""
    return f"ar-{year}"


def relative(from_page: str, target: str) -> str:
    """The path from one file in build/docs to another; a folder URL keeps its slash.

    Both are clean paths inside build/docs (no "." or ".." parts), so this is string work only:
    posixpath.relpath would make both absolute against the working directory, a system call per
    link, and every page has hundreds of links."""
    here = from_page.split("/")[:-1]
    there = [part for part in target.split("/") if part]
    same = 0
    for a, b in zip(here, there, strict=False):
        if a != b:
            break
        same += 1
    rel = "/".join([".."] * (len(here) - same) + there[same:]) or "."
    return rel + "/" if target.endswith("/") and not rel.endswith("/") else rel


_MAP_NAMES = {"county": "karta", "municipalities": "kommun", "scenes": "plats"}


def map_path(kind: str) -> str:
    """The one map document of a kind: the county, any municipality or any place."""
    return f"{MAPS}/{_MAP_NAMES[kind]}.html"


def map_data_path(kind: str, record_id: str | None = None) -> str:
    """What a map document draws for one record: kartor/data/plats-<id>.json (the county has one)."""
    name = _MAP_NAMES[kind] + (f"-{record_id}" if record_id else "")
    return f"{MAPS}/data/{name}.json"


def map_layer_path(kind: str, record_id: str | None, year: int) -> str:
    """One hidden year layer of a map, loaded when a visitor turns it on: kartor/data/karta-2023.json,
    kartor/data/kommun-solna-2023.json."""
    return map_data_path(kind, f"{record_id}-{year}" if record_id else str(year))


def page_template(from_page: str, kind: str) -> str:
    """The relative address of any record's page with "{id}" where its id goes, e.g. ../platser/{id}/:
    a map computes each place's link from it in the browser instead of carrying one per place."""
    return relative(from_page, url(kind, "{id}").lstrip("/"))


def map_embed(from_page: str, kind: str, record_id: str | None = None) -> str:
    """The address a page embeds: the document of the kind, told which record to draw."""
    src = relative(from_page, map_path(kind))
    return f"{src}?id={record_id}" if record_id else src


def map_asset(name: str) -> str:
    return f"{MAPS}/{name}"


def chart_path(chart_id: str, ext: str) -> str:
    """A chart on the statistics page as SVG, or its numbers as CSV: statistik/<id>.svg."""
    return f"{SECTIONS['statistics']}/{chart_id}.{ext}"


def admin_path(name: str) -> str:
    """A file of the web editor in build/docs: admin/index.html, admin/sveltia/sveltia-cms.js."""
    return f"{ADMIN}/{name}"


def vendor_path(name: str) -> str:
    return f"{VENDOR}/{name}"


def _pattern(template: str) -> re.Pattern:
    return re.compile("^" + re.escape(template).replace(re.escape("{id}"), "[a-z0-9-]+") + "$")


# Every generated path matches one of these; tests check every written file against them.
GENERATED = [_pattern(p.path) for p in PAGES] + [
    *(_pattern(map_path(kind)) for kind in _MAP_NAMES),
    _pattern(map_data_path("county")),
    _pattern(map_data_path("county", "{id}")),  # a year layer
    _pattern(map_data_path("municipalities", "{id}")),
    _pattern(map_data_path("scenes", "{id}")),
    *(_pattern(map_asset(a)) for a in MAP_ASSETS),
    re.compile("^" + re.escape(VENDOR) + "/"),
    *(_pattern(admin_path(name)) for name in ADMIN_FILES),
    re.compile("^" + re.escape(admin_path("sveltia/"))),
    *(_pattern(p) for p in OPEN_DATA.values()),
    _pattern(chart_path("{id}", "svg")),
    _pattern(chart_path("{id}", "csv")),
    _pattern(PDF),
    _pattern(ROBOTS),
    _pattern(LABELS_FILE),
]


def page_for(path: str) -> Page | None:
    """The entry of PAGES that makes a generated page, or None (a map, an asset, a content page)."""
    return next((p for p in PAGES if _pattern(p.path).match(path)), None)
