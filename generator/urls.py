"""The only place that knows URLs and output paths. Every page is <section>/<id>/index.md."""
from __future__ import annotations

SECTIONS = {
    "scenes": "platser",
    "municipalities": "kommuner",
    "actors": "aktorer",
    "methods": "metoder",
    "examples": "goda-exempel",
    "mappings": "kartlaggningar",
}


def page_path(kind: str, record_id: str | None = None) -> str:
    """Path of a generated Markdown page inside build/docs, e.g. platser/fisksatra/index.md."""
    section = SECTIONS.get(kind, kind)
    return f"{section}/{record_id}/index.md" if record_id else f"{section}/index.md"


def url(kind: str, record_id: str | None = None) -> str:
    """Site-absolute URL of a page, e.g. /platser/fisksatra/."""
    return "/" + page_path(kind, record_id).removesuffix("index.md")


def link(from_page: str, kind: str, record_id: str | None = None) -> str:
    """A relative Markdown link from one page to another, which MkDocs checks in --strict mode."""
    return relative(from_page, page_path(kind, record_id))


def mapping_anchor(year: int) -> str:
    """The anchor of one mapping round on the mappings page, e.g. ar-2023."""
    return f"ar-{year}"


def relative(from_page: str, target: str) -> str:
    depth = from_page.count("/")
    return "../" * depth + target


def map_path(name: str) -> str:
    """Standalone map documents, embedded with <iframe>."""
    return f"kartor/{name}.html"


OPEN_DATA = {"geojson": "oppna-data/platser.geojson", "csv": "oppna-data/platser.csv"}
