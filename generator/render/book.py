"""The method support as one HTML document for print: title page, contents, the chapters from
content/metodstod/ in the order of the site's menu, the method catalogue, the actors' roles, the
glossary and the sources. generator/pdf.py makes the PDF of it. The only module that knows
Python-Markdown: the chapters are converted here, never copied by hand.

Links between pages become links inside the document where the target is in it (a chapter, a
method, an actor, a glossary term, a source) and links to the site otherwise."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass, field

import markdown
from markdown.extensions.toc import slugify
from markupsafe import Markup, escape

from .. import urls
from ..catalog import Catalog
from ..problems import SetupError
from .facts import fill_facts
from .text import LABELS, date_sv, join_sv, number_sv

TITLE = "Metodstöd mot öppna drogscener"
SUBTITLE = "Så kan kommun, polis, region och andra arbeta tillsammans på en plats i Stockholms län"
PDF_MARKER = "<!-- ods:metodstod-pdf -->"
_GLOSSARY = "ordlista.md"
_EVIDENCE_CHAPTER = "metodstod/kunskapslage.md"
CATALOGUE = urls.page_path("methods")  # the method catalogue in the menu: a generated page, a section of its own here
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_HREF = re.compile(r'href="([^"]*)"')
_H1 = re.compile(r"^# (.+)$", re.M)


@dataclass(frozen=True)
class Book:
    """What the document is made of, as the pipeline read it."""

    chapters: tuple[tuple[str, str], ...]  # (path relative to content/, Markdown), in menu order
    glossary: str  # content/ordlista.md
    site_url: str  # from mkdocs.yml, ends with /
    css: str  # theme/pdf/metodstod.css
    titles: dict[str, str] = field(default_factory=dict)  # path -> the chapter's name in the menu


def anchor(rel: str) -> str:
    """The id of a chapter or the glossary in the document: metodstod/sara.md -> kap-sara."""
    return "kap-" + posixpath.basename(rel).removesuffix(".md")


def chapter_title(rel: str, text: str) -> str:
    found = _H1.search(text)
    if not found:
        raise SetupError(
            f"content/{rel}: kapitlet saknar en rubrik på första nivån (# Rubrik) och kan inte stå i PDF:en"
        )
    return found.group(1).strip()


def pdf_link_text(size: int) -> str:
    """The words of the download link, with the real size of the file."""
    return f"Ladda ner metodstödet som PDF ({number_sv(max(1, round(size / 1000)))} kB)"


def book_html(catalog: Catalog, book: Book) -> str:
    """The whole document. Every value from data/ is escaped; the chapters are Python-Markdown's HTML."""
    dated = catalog.newest_date or dt.date(2024, 1, 1)
    # The facts that markers name are filled in as on the site: the PDF says what the pages say.
    filled = [(rel, fill_facts(text, catalog, rel)) for rel, text in book.chapters]
    glossary = fill_facts(book.glossary, catalog, _GLOSSARY)
    known = {rel for rel, _ in filled} | {_GLOSSARY}
    links = _Links(catalog, known, book.site_url)
    chapters = [_chapter(rel, text, links) for rel, text in filled]
    evidence = _evidence_definitions(dict(filled), links)
    body = [
        _title_page(dated, book.site_url),
        _colophon(catalog, dated, book.site_url),
        _contents(catalog, book),
        *chapters,
        _methods(catalog, evidence, _catalogue_title(book)),
        _actors(catalog),
        _chapter(_GLOSSARY, glossary, links),
        _sources(catalog),
    ]
    head = (
        f'<meta charset="utf-8">\n<title>{escape(TITLE)}</title>\n'
        f'<meta name="author" content="ÖDS-portalen">\n'
        f'<meta name="description" content="{escape(SUBTITLE)}">\n'
        f'<meta name="keywords" content="öppna drogscener, metodstöd, Stockholms län">\n'
        f'<meta name="dcterms.created" content="{dated.isoformat()}">\n'
        f'<meta name="dcterms.modified" content="{dated.isoformat()}">\n'
        f"<style>\n{book.css}</style>"
    )
    return (
        f'<!DOCTYPE html>\n<html lang="sv">\n<head>\n{head}\n</head>\n<body>\n'
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


class _Links:
    """Where a link in a chapter leads in the document, or on the site when the page is not in it."""

    def __init__(self, catalog: Catalog, chapters: set[str], site_url: str):
        self.catalog, self.chapters, self.site_url = catalog, chapters, site_url

    def __call__(self, href: str, from_rel: str) -> str:
        if re.match(r"^[a-z]+:", href) or href.startswith("#"):
            return href if not href.startswith("#") else f"#{anchor(from_rel)}-{href[1:]}"
        path, _, fragment = href.partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(from_rel), path))
        if target in self.chapters:
            return f"#{anchor(target)}-{fragment}" if fragment else f"#{anchor(target)}"
        inside = self._record(target, fragment)
        if inside:
            return inside
        if target == "index.md" or target.endswith("/index.md"):
            page = target.removesuffix("index.md")
        else:
            page = target.removesuffix(".md") + "/" if target.endswith(".md") else target
        return self.site_url + page + (f"#{fragment}" if fragment else "")

    def _record(self, target: str, fragment: str) -> str | None:
        for kind, prefix in (("methods", "metod"), ("actors", "aktor")):
            record_id = target.split("/")[1] if target.count("/") == 2 else None
            if record_id and target == urls.page_path(kind, record_id) and record_id in getattr(self.catalog, kind):
                return f"#{prefix}-{record_id}"
        if target == urls.page_path("sources") and fragment in self.catalog.sources:
            return f"#kalla-{fragment}"
        return None


def _markdown(rel: str, text: str, links: _Links) -> str:
    """A content page as HTML: headings get ids unique in the document, links point into it."""
    prefix = anchor(rel) + "-"
    md = markdown.Markdown(
        extensions=["tables", "admonition", "attr_list", "md_in_html", "sane_lists", "toc"],
        extension_configs={"toc": {"slugify": lambda value, sep: prefix + slugify(value, sep)}},
    )
    text = _FRONT_MATTER.sub("", text).replace(PDF_MARKER, "")
    html = md.convert(text)
    return _HREF.sub(lambda m: f'href="{escape(links(m.group(1).replace("&amp;", "&"), rel))}"', html)


def _chapter(rel: str, text: str, links: _Links) -> str:
    chapter_title(rel, text)
    return f'<section class="kapitel" id="{anchor(rel)}">\n{_markdown(rel, text, links)}\n</section>'


def _evidence_definitions(chapters: dict[str, str], links: _Links) -> dict[str, tuple[str, str]]:
    """Level -> (anchor, its definition: the first paragraph under its heading in the chapter about the
    levels). A level without a heading there links to the chapter and has no definition of its own."""
    text = chapters.get(_EVIDENCE_CHAPTER)
    if text is None:
        raise SetupError(
            f"content/{_EVIDENCE_CHAPTER} saknas i menyn under Metodstöd; PDF:en förklarar "
            "kunskapslägena med texten där"
        )
    found = {}
    for level, label in LABELS["evidence"].items():
        section = re.search(rf"^## {re.escape(label)}\n+(.+?)\n", text, re.M)
        if section:
            paragraph = _markdown(_EVIDENCE_CHAPTER, section.group(1), links).removeprefix("<p>").removesuffix("</p>")
            found[level] = (f"{anchor(_EVIDENCE_CHAPTER)}-{slugify(label, '-')}", paragraph)
        else:
            found[level] = (anchor(_EVIDENCE_CHAPTER), "")
    return found


def _paragraphs(value: str) -> str:
    """Free text from data: paragraphs, and a paragraph of '- ' lines as a list."""
    out = []
    for part in (p.strip() for p in str(value).split("\n\n")):
        lines = [line.strip() for line in part.splitlines()]
        if not part:
            continue
        if all(line.startswith("- ") for line in lines):
            out.append("<ul>" + "".join(f"<li>{escape(line[2:])}</li>" for line in lines) + "</ul>")
        else:
            out.append(f"<p>{escape(' '.join(lines))}</p>")
    return "\n".join(out)


def _title_page(dated: dt.date, site_url: str) -> str:
    return (
        f'<section class="titelsida">\n<p class="avsandare">ÖDS-portalen</p>\n'
        f'<h1 class="titel">{escape(TITLE)}</h1>\n'
        f'<p class="undertitel">{escape(SUBTITLE)}</p>\n'
        f'<p class="datum">Uppgifterna är från den {escape(date_sv(dated))}.</p>\n'
        f'<p class="webb">Webbplatsen: <a href="{escape(site_url)}">{escape(site_url)}</a></p>\n</section>'
    )


def _colophon(catalog: Catalog, dated: dt.date, site_url: str) -> str:
    url = escape(site_url + "metodstod/")
    return (
        f'<section class="kolofon">\n<h2 class="utanfor">Om det här dokumentet</h2>\n'
        f"<p>Det här är metodstödet från ÖDS-portalen som ett dokument att skriva ut eller läsa utan "
        f"uppkoppling. Texten är densamma som på webbplatsen och görs av samma filer varje gång "
        f"webbplatsen byggs.</p>\n"
        f"<p>Uppgifterna om metoder, aktörer och källor är från den {escape(date_sv(dated))}, det senaste "
        f"datum som finns i portalens data. Dokumentet tar upp {len(catalog.methods)} metoder, "
        f"{len(catalog.actors)} aktörer och {len(catalog.sources)} källor.</p>\n"
        f'<p>Den senaste versionen finns på <a href="{url}">{url}</a>. Där finns också kartor, '
        f"platserna i länet och goda exempel, som inte står här.</p>\n"
        f"<p>Dokumentet är märkt för skärmläsare, har sökbar text och bokmärken för varje rubrik. "
        f"Hittar du något som inte går att läsa, skriv till oss; kontaktuppgifterna finns i "
        f'tillgänglighetsredogörelsen på <a href="{escape(site_url)}tillganglighet/">webbplatsen</a>.</p>\n'
        f"<p>Texterna bygger på offentliga källor. Data får användas fritt (CC0).</p>\n</section>"
    )


def _contents(catalog: Catalog, book: Book) -> str:
    # The menu's name of a chapter (the index page of the method support has none: its heading).
    items = [(f"#{anchor(rel)}", book.titles.get(rel) or chapter_title(rel, text), "") for rel, text in book.chapters]
    methods = "".join(f'<li><a href="#metod-{mid}">{escape(m.name)}</a></li>' for mid, m in catalog.methods.items())
    items += [
        ("#metodkatalog", _catalogue_title(book), f'<ol class="under">{methods}</ol>'),
        ("#aktorer", "Aktörernas roller", ""),
        (f"#{anchor(_GLOSSARY)}", chapter_title(_GLOSSARY, book.glossary), ""),
        ("#kallor", "Källor", ""),
    ]
    lis = "\n".join(f'<li><a href="{href}">{escape(title)}</a>{sub}</li>' for href, title, sub in items)
    return (
        f'<nav class="innehall" aria-label="Innehåll">\n<h2 class="utanfor">Innehåll</h2>\n<ol>\n{lis}\n</ol>\n</nav>'
    )


def _source_links(ids) -> str:
    return "; ".join(f'<a href="#kalla-{sid}">Källa {number}</a>' for sid, number in ids)


def _catalogue_title(book: Book) -> str:
    """The method catalogue's name in the menu, the same in the PDF."""
    return book.titles.get(CATALOGUE, "Metodkatalog")


def _methods(catalog: Catalog, evidence: dict[str, tuple[str, str]], title: str) -> str:
    numbers = {sid: i for i, sid in enumerate(catalog.sources, 1)}
    out = [
        f'<section class="katalog" id="metodkatalog">\n<h1>{escape(title)}</h1>\n'
        f"<p>Här är de {len(catalog.methods)} metoder som portalen beskriver. Vid varje metod står vem som "
        "brukar leda den, i vilka steg i SARA den passar och vad vi vet om effekten. Siffrorna i "
        '”Källa” hänvisar till <a href="#kallor">listan över källor</a> sist i dokumentet.</p>'
    ]
    for mid, m in catalog.methods.items():
        lead = join_sv(f'<a href="#aktor-{a}">{escape(catalog.actors[a].name)}</a>' for a in m.lead_actors)
        phases = escape(join_sv(LABELS["sara"][p] for p in m.sara_phases))
        target, definition = evidence[m.evidence.level]
        level = escape(LABELS["evidence"][m.evidence.level])
        used = list(dict.fromkeys([*m.sources, *m.evidence.sources]))
        out.append(
            f'<article class="metod" id="metod-{mid}">\n<div class="topp">\n<h2>{escape(m.name)}</h2>\n'
            f'<p class="ingress">{escape(m.summary)}</p>\n<dl class="fakta">\n'
            f"<dt>Typ</dt><dd>{escape(LABELS['category'][m.category])}</dd>\n"
            f"<dt>Leds oftast av</dt><dd>{lead}</dd>\n"
            f'<dt>Steg i <a href="#{anchor("metodstod/sara.md")}">SARA</a></dt><dd>{phases}</dd>\n'
            f'<dt>Kunskapsläge</dt><dd><a href="#{target}">{level}</a>{": " if definition else ""}{definition}</dd>\n'
            f"{_evidence_basis(m.evidence)}"
            f"</dl>\n</div>\n"
            f"<h3>Vad metoden går ut på</h3>\n{_paragraphs(m.description)}\n"
            f"<h3>När metoden passar</h3>\n{_paragraphs(m.when_to_use)}\n"
            f"<h3>Vad vet vi om effekten?</h3>\n{_paragraphs(m.evidence.text)}\n"
            f'<p class="kallor">{_source_links((sid, numbers[sid]) for sid in used)}</p>\n</article>'
        )
    out.append("</section>")
    return "\n".join(out)


def _evidence_basis(evidence) -> str:
    """What the level rests on, as on the method's page; nothing for a method without an evaluation."""
    if evidence.design is None:
        return ""
    unread = " " + LABELS["evidence_read"]["unread"] if evidence.read is False else ""
    return f"<dt>Underlag för nivån</dt><dd>{escape(LABELS['evidence_design'][evidence.design] + unread)}</dd>\n"


def _actors(catalog: Catalog) -> str:
    numbers = {sid: i for i, sid in enumerate(catalog.sources, 1)}
    out = [
        '<section class="aktorer" id="aktorer">\n<h1>Aktörernas roller</h1>\n'
        "<p>Så här fördelas ansvaret mellan dem som arbetar mot öppna drogscener i länet.</p>"
    ]
    for aid, a in catalog.actors.items():
        leads = [catalog.methods[m].name for m in catalog.linked("methods_by_actor", aid)]
        lead = f"<p>Leder ofta: {escape(join_sv(leads))}.</p>\n" if leads else ""
        web = f'<p>Webbplats: <a href="{escape(a.website)}">{escape(a.website)}</a></p>\n' if a.website else ""
        if a.email:
            web += f'<p>E-post för frågor: <a href="mailto:{escape(a.email)}">{escape(a.email)}</a></p>\n'
        out.append(
            f'<article class="aktor" id="aktor-{aid}">\n<h2>{escape(a.name)}</h2>\n'
            f"<p>{escape(a.summary)}</p>\n<ul>"
            + "".join(f"<li>{escape(r)}</li>" for r in a.responsibilities)
            + f"</ul>\n{lead}{web}"
            f'<p class="kallor">{_source_links((sid, numbers[sid]) for sid in a.sources)}</p>\n</article>'
        )
    out.append("</section>")
    return "\n".join(out)


def _sources(catalog: Catalog) -> str:
    items = []
    for sid, s in catalog.sources.items():
        parts = [
            escape(s.title),
            escape(s.publisher) + (Markup(", ") + escape(date_sv(s.date)) if s.date else ""),
            escape(LABELS["source_kind"][s.kind]),
        ]
        if s.accessed:
            parts.append(escape(f"Läst {date_sv(s.accessed)}"))
        text = ". ".join(parts) + "."
        if s.url:
            text += f' <a class="adress" href="{escape(s.url)}">{escape(s.url)}</a>'
        items.append(f'<li id="kalla-{sid}">{text}</li>')
    return (
        '<section class="kallor-lista" id="kallor">\n<h1>Källor</h1>\n<p>Alla källor som portalens uppgifter '
        "bygger på, i samma ordning som på webbplatsen.</p>\n<ol>\n" + "\n".join(items) + "\n</ol>\n</section>"
    )
