"""The Jinja toolkit every renderer shares: one environment, its filters, the Linker and the context
of a page. The environment is made once per build and its templates are compiled once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_eval_context, select_autoescape
from markupsafe import Markup, escape

from .. import urls
from ..catalog import SIZE_CLASSES, Catalog
from ..config import Settings
from ..kinds import KINDS
from .text import (
    LABELS,
    date_sv,
    dispute_sv,
    figure_sv,
    figures_sv,
    join_sv,
    md,
    number_sv,
    paragraphs,
    size_label,
    sorted_sv,
    status_now,
    when_sv,
    year_status,
)

THEME = Path(__file__).resolve().parent.parent.parent / "theme"
LIST_LIMIT = 200


def environment(theme: Path = THEME) -> Environment:
    """Every {{ value }} is escaped unless a helper marked it as Markup: for HTML and Markdown in the
    Markdown templates (*.md.j2), for HTML by Jinja's autoescape in the HTML templates (*.html.j2,
    the PDF)."""
    env = Environment(
        loader=FileSystemLoader(str(theme)),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
        auto_reload=False,
    )
    env.filters.update(
        extract=lambda key, container: container[key],
        yaml_str=yaml_str,
        paragraphs=paragraphs,
        date_sv=date_sv,
        when_sv=when_sv,
        figures_sv=figures_sv,
        figure_sv=figure_sv,
        number_sv=number_sv,
        join_sv=join_sv,
        sorted_sv=sorted_sv,
        source_refs=source_refs,
        year_status=year_status,
        dispute_sv=dispute_sv,
        status_now=status_now,
        mapping_anchor=urls.mapping_anchor,
        contact_anchor=urls.contact_anchor,
        heading=heading,
        size_label=lambda size: size_label(size[1], size[2]),
    )
    # LIST_LIMIT: a list of more places than this on one page is a count per municipality instead,
    # each linking to that municipality's own list (thousands of rows help no reader, and cost MkDocs).
    env.globals.update(
        KINDS=KINDS, LABELS=LABELS, LIST_LIMIT=LIST_LIMIT, PLACES_ANCHOR=urls.PLACES_ANCHOR, SIZE_CLASSES=SIZE_CLASSES
    )
    return env


@pass_eval_context
def _finalize(eval_ctx, value):
    """Markdown templates: md() escapes each value for HTML and Markdown. HTML templates: autoescape
    does it for HTML, and Markdown's characters stay as they are."""
    return value if eval_ctx.autoescape else md(value)


def heading(value) -> Markup:
    """A title that may break after a slash (Fridhemsplan/Stadshagen) but never inside a word."""
    return Markup(str(md(value)).replace("/", "/<wbr>"))


def source_refs(used, listed) -> str:
    """'Källa 2' or 'Källor 1 och 3': numbers into the page's numbered list of sources."""
    numbers = sorted({list(listed).index(sid) + 1 for sid in used})
    return ("Källa " if len(numbers) == 1 else "Källor ") + join_sv(numbers)


def yaml_str(value) -> Markup:
    """A front-matter value, a string or a list of strings: the one escaper of front matter (the pages'
    templates, content.py and searchmeta.py). MkDocs' templates print page.title and meta without
    escaping, so each string is HTML-escaped here; JSON is valid YAML."""
    if isinstance(value, list):
        return Markup(json.dumps([str(escape(str(v))) for v in value], ensure_ascii=False))
    return Markup(json.dumps(str(escape(str(value))), ensure_ascii=False))


class Linker:
    """Makes escaped Markdown links from the page being rendered to records."""

    def __init__(self, catalog: Catalog, page: str, sources: dict[str, Markup] | None = None):
        # sources: the text of each source as a list entry, shared by every page of a build (the
        # same on every page that cites it, and thousands of pages cite the same few).
        self.catalog, self.page, self._sources = catalog, page, {} if sources is None else sources

    def __call__(self, kind: str, record_id=None, text=None, anchor: str | None = None) -> Markup:
        if text is None:
            text = self.name(kind, record_id)
        target = urls.link(self.page, kind, record_id) + (f"#{anchor}" if anchor else "")
        return Markup(f"[{md(text)}]({target})")

    def mapping(self, year: int, text: str | None = None) -> Markup:
        """A link to one mapping round's section on the page of all mappings."""
        target = urls.link(self.page, "mappings") + "#" + urls.mapping_anchor(year)
        return Markup(f"[{md(text or self.catalog.mappings[year].title)}]({target})")

    def places_in(self, municipality_id: str) -> Markup:
        """A link to the list of places on a municipality's page, named after the municipality."""
        target = urls.link(self.page, "municipalities", municipality_id) + "#" + urls.PLACES_ANCHOR
        return Markup(f"[{md(self.catalog.municipalities[municipality_id].name)}]({target})")

    def filtered(self, kind: str, text: str, **query: str) -> Markup:
        """A link to an index page with its filters set (the ids in query are slugs: URL-safe)."""
        return Markup(f"[{md(text)}]({urls.filtered(self.page, kind, **query)})")

    def help(self, text: str, municipality_id: str | None = None) -> Markup:
        """A link to the page "Vad kan jag göra?", or to one municipality's contacts on it."""
        target = urls.relative(self.page, urls.HELP_PAGE)
        if municipality_id:
            target = urls.contacts(self.page, municipality_id)
        return Markup(f"[{md(text)}]({target})")

    def to(self, path: str, text: str) -> Markup:
        return Markup(f"[{md(text)}]({urls.relative(self.page, path)})")

    def name(self, kind: str, record_id) -> str:
        by_id = getattr(self.catalog, kind, None)  # a kind with a field of its own, or any in records
        record: Any = (self.catalog.records[kind] if by_id is None else by_id)[record_id]
        return getattr(record, "name", None) or record.title

    def source(self, source_id: str) -> Markup:
        if source_id not in self._sources:
            self._sources[source_id] = self._source(source_id)
        return self._sources[source_id]

    def _source(self, source_id: str) -> Markup:
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

    def html_source(self, source_id: str) -> Markup:
        """A source in HTML (a note inside a filter form): its publisher and title, linked to it."""
        s = self.catalog.sources[source_id]
        name = md(f"{s.publisher}: {s.title}")
        return Markup(f'<a href="{md(s.url)}">{name}</a>') if s.url else name

    @staticmethod
    def external(address: str, text: str) -> Markup:
        """A link out of the site; the address is a validated http(s) URL, made Markdown-safe."""
        safe = address.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")
        return Markup(f"[{md(text)}](<{safe.replace('>', '%3E')}>)")

    def website(self, address: str) -> Markup:
        """A link to a website, shown as its host: https://www.sodertalje.se/ -> sodertalje.se."""
        return self.external(address, address.split("//")[1].strip("/").removeprefix("www."))

    def iframe(self, kind: str, record_id: str | None, title: str, table: str | None = None) -> Markup:
        """A map embedded in the page; the table after it (with the id `table`, or right below) is its
        text alternative, which the page names for a browser without JavaScript."""
        src = urls.map_embed(self.page, kind, record_id)
        where = f'<a href="#{escape(table)}">tabellen under kartan</a>' if table else "tabellen under kartan"
        # md(): HTML and Markdown characters as numeric entities, valid in an attribute too.
        return Markup(
            f'<div class="ods-map">\n<iframe src="{escape(src)}" title="{md(title)}" loading="lazy"></iframe>\n'
            f"<noscript><p>Kartan behöver JavaScript. Samma uppgifter står i {where}.</p></noscript>\n</div>"
        )


class Renderer:
    """Renders templates with the context every page shares: the catalog, links from the page,
    the settings and where a reader can edit what the page shows."""

    def __init__(self, catalog: Catalog, settings: Settings, env: Environment):
        self.catalog, self.settings, self.env = catalog, settings, env
        self._sources: dict[str, Markup] = {}  # see Linker

    def page(self, template: str, path: str, origin: tuple[str, str] | None = None, **context) -> str:
        # Record pages are edited in their YAML file; index pages in their template.
        file, line = self.catalog.origin[origin] if origin else (f"theme/{template}", 1)
        s = self.settings
        return self.env.get_template(template).render(
            c=self.catalog,
            link=self.linker(path),
            page_path=path,
            settings=s,
            edit_url=s.edit_base + file,
            source_url=f"{s.view_base}{file}#L{line}",
            source_file=file,
            source_line=line,
            parent=_parent(origin[0]) if origin else None,
            **context,
        )

    def linker(self, path: str) -> Linker:
        return Linker(self.catalog, path, self._sources)

    def partial(self, template: str, path: str, **context) -> str:
        """A piece of a page (a map with its table, the start page's figures)."""
        return self.env.get_template(template).render(
            c=self.catalog, link=self.linker(path), settings=self.settings, **context
        )


def _parent(kind: str) -> tuple[str, str]:
    """The index page a record page belongs to, for its path line: (title, site-relative URL)."""
    return KINDS[kind].plural, urls.url(kind).lstrip("/")
