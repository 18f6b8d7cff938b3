"""Markdown pages for every record and every index, from theme/pages/*.md.j2."""
from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import urls
from ..catalog import Catalog
from ..config import Settings
from . import OutputFile, maps
from .text import LABELS, date_sv, join_sv, md, number_sv, paragraphs, when_sv, year_status

THEME = Path(__file__).resolve().parent.parent.parent / "theme"


def environment(theme: Path = THEME) -> Environment:
    """Every {{ value }} is escaped for HTML and Markdown unless a helper marked it as Markup."""
    env = Environment(loader=FileSystemLoader(str(theme)), autoescape=False, undefined=StrictUndefined,
                      keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
                      finalize=md)
    env.filters.update(extract=lambda key, container: container[key], yaml_str=yaml_str, paragraphs=paragraphs, date_sv=date_sv, when_sv=when_sv, number_sv=number_sv, join_sv=join_sv,
                       source_refs=source_refs, year_status=year_status,
                       mapping_anchor=urls.mapping_anchor)
    env.globals.update(LABELS=LABELS)
    return env


def source_refs(used, listed) -> str:
    """'Källa 2' or 'Källor 1 och 3': numbers into the page's numbered list of sources."""
    numbers = sorted({list(listed).index(sid) + 1 for sid in used})
    return ("Källa " if len(numbers) == 1 else "Källor ") + join_sv(numbers)


def yaml_str(value) -> Markup:
    """A front-matter value. MkDocs' templates print page.title and meta without escaping, so the
    value is HTML-escaped here; a JSON string is valid YAML."""
    return Markup(json.dumps(str(escape(str(value))), ensure_ascii=False))


class Linker:
    """Makes escaped Markdown links from the page being rendered to records."""

    def __init__(self, catalog: Catalog, page: str):
        self.catalog, self.page = catalog, page

    def __call__(self, kind: str, record_id=None, text=None) -> Markup:
        if text is None:
            text = self.name(kind, record_id)
        return Markup(f"[{md(text)}]({urls.link(self.page, kind, record_id)})")

    def mapping(self, year: int, text: str | None = None) -> Markup:
        """A link to one mapping round's section on the page of all mappings."""
        target = urls.link(self.page, "mappings") + "#" + urls.mapping_anchor(year)
        return Markup(f"[{md(text or self.catalog.mappings[year].title)}]({target})")

    def to(self, path: str, text: str) -> Markup:
        return Markup(f"[{md(text)}]({urls.relative(self.page, path)})")

    def name(self, kind: str, record_id) -> str:
        record = getattr(self.catalog, kind)[record_id]
        return getattr(record, "name", None) or getattr(record, "title")

    def source(self, source_id: str) -> Markup:
        # Every piece is Markup, so joining never escapes a second time (str + Markup escapes the str).
        s = self.catalog.sources[source_id]
        published = md(s.publisher) + (Markup(", ") + md(date_sv(s.date)) if s.date else Markup(""))
        parts = [md(s.title), published, md(LABELS["source_kind"][s.kind])]
        if s.accessed:
            parts.append(md(f"Läst {date_sv(s.accessed)}"))
        text = Markup(". ").join(parts) + Markup(".")
        if s.url:
            text += Markup(" ") + self.external(s.url, "Öppna källan")
        return text

    @staticmethod
    def external(address: str, text: str) -> Markup:
        """A link out of the site; the address is a validated http(s) URL, made Markdown-safe."""
        safe = address.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")
        return Markup(f"[{md(text)}](<{safe.replace('>', '%3E')}>)")


def render_pages(catalog: Catalog, settings: Settings, env: Environment | None = None) -> list[OutputFile]:
    env = env or environment()
    out: list[OutputFile] = []

    def page(template: str, path: str, origin: tuple[str, str] | None = None, **context):
        # Record pages are edited in their YAML file; index pages in their template.
        file, line = catalog.origin[origin] if origin else (f"theme/pages/{template}", 1)
        text = env.get_template(f"pages/{template}").render(
            c=catalog, link=Linker(catalog, path), page_path=path, settings=settings,
            edit_url=settings.edit_base + file, source_url=f"{settings.view_base}{file}#L{line}",
            source_file=file, source_line=line, record_page=origin is not None,
            parent=_parent(origin[0]) if origin else None, **context)
        out.append(OutputFile.text(path, text))

    for sid, scene in catalog.scenes.items():
        path = urls.page_path("scenes", sid)
        page("scene.md.j2", path, ("scenes", sid), s=scene, id=sid, map=maps.scene_map_embed(catalog, sid, path))
    for mid in _municipalities_with_content(catalog):
        path = urls.page_path("municipalities", mid)
        page("municipality.md.j2", path, ("municipalities", mid), m=catalog.municipalities[mid], id=mid,
             map=maps.municipality_map_embed(catalog, mid, path))
    for aid, actor in catalog.actors.items():
        page("actor.md.j2", urls.page_path("actors", aid), ("actors", aid), a=actor, id=aid)
    for mid, method in catalog.methods.items():
        page("method.md.j2", urls.page_path("methods", mid), ("methods", mid), m=method, id=mid)
    for xid, example in catalog.examples.items():
        page("example.md.j2", urls.page_path("examples", xid), ("examples", xid), x=example, id=xid)
    page("scenes_index.md.j2", urls.page_path("scenes"), years=sorted(catalog.mappings),
         municipalities=_municipalities_with_content(catalog))
    page("municipalities_index.md.j2", urls.page_path("municipalities"),
         municipalities=_municipalities_with_content(catalog))
    page("actors_index.md.j2", urls.page_path("actors"))
    page("methods_index.md.j2", urls.page_path("methods"))
    page("examples_index.md.j2", urls.page_path("examples"))
    page("mappings.md.j2", urls.page_path("mappings"))
    page("sources.md.j2", "om/kallor/index.md")
    return out


def _parent(kind: str) -> tuple[str, str]:
    """The index page a record page belongs to, for its path line: (title, site-relative URL)."""
    return LABELS["section"][kind], urls.url(kind).lstrip("/")


def _municipalities_with_content(catalog: Catalog) -> list[str]:
    """Municipalities that have a scene or a good example get a page; the rest would be empty."""
    return [m for m in catalog.municipalities
            if catalog.linked("scenes_by_municipality", m) or catalog.linked("examples_by_municipality", m)]


def latest_figures(catalog: Catalog, env: Environment | None = None, page_path: str = "index.md") -> str:
    """The start page's block of official figures, from mappings.yaml only."""
    env = env or environment()
    counted = catalog.latest_counted_mapping
    if counted is None:
        return "!!! info \"Officiella siffror saknas\"\n\n    Ingen kartläggning i portalen har publicerade siffror ännu.\n"
    return env.get_template("partials/figures.md.j2").render(
        c=catalog, link=Linker(catalog, page_path), latest=catalog.latest_mapping, counted=counted)
