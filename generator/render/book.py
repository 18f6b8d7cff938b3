"""The method support as one HTML document for print: title page, contents, the chapters from
content/metodstod/ in the order of the site's menu, the method catalogue, the actors' roles, the
glossary and the sources. generator/pdf.py makes the PDF of it. The markup is the template
theme/pdf/book.html.j2 (autoescaped, like every *.html.j2); this module gives it what it shows. The only
module that knows Python-Markdown: the chapters are converted here, never copied by hand.

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
from .env import Environment, environment
from .facts import fill_facts
from .text import LABELS, number_sv

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

    @property
    def nav(self) -> tuple[tuple[str, str], ...]:
        """(name in the menu, path) of each chapter, in menu order, as with_chapter_list takes them."""
        return tuple((title, path) for path, title in self.titles.items())


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


def book_html(catalog: Catalog, book: Book, env: Environment | None = None) -> str:
    """The whole document, from theme/pdf/book.html.j2 (an HTML template: Jinja escapes every value);
    the chapters are Python-Markdown's HTML. env: the build's one Jinja environment."""
    dated = catalog.newest_date or dt.date(2024, 1, 1)
    # The facts that markers name are filled in as on the site: the PDF says what the pages say.
    filled = [(rel, fill_facts(text, catalog, rel)) for rel, text in book.chapters]
    glossary = fill_facts(book.glossary, catalog, _GLOSSARY)
    known = {rel for rel, _ in filled} | {_GLOSSARY}
    links = _Links(catalog, known, book.site_url)
    for rel, text in filled:
        chapter_title(rel, text)
    contents = [(f"#{anchor(rel)}", book.titles.get(rel) or chapter_title(rel, text)) for rel, text in book.chapters]
    contents += [
        ("#metodkatalog", _catalogue_title(book)),
        ("#aktorer", "Aktörernas roller"),
        (f"#{anchor(_GLOSSARY)}", chapter_title(_GLOSSARY, book.glossary)),
        ("#kallor", "Källor"),
    ]
    return (
        (env or environment())
        .get_template("pdf/book.html.j2")
        .render(
            c=catalog,
            title=TITLE,
            subtitle=SUBTITLE,
            dated=dated,
            site_url=book.site_url,
            css=Markup(book.css),
            contents=contents,
            chapters=[(anchor(rel), Markup(_markdown(rel, text, links))) for rel, text in filled],
            catalogue_title=_catalogue_title(book),
            evidence=_evidence_definitions(dict(filled), links),
            sara_anchor=anchor("metodstod/sara.md"),
            numbers={sid: i for i, sid in enumerate(catalog.sources, 1)},
            glossary=(anchor(_GLOSSARY), Markup(_markdown(_GLOSSARY, glossary, links))),
            blocks=_blocks,
        )
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


def _blocks(value: str) -> list[str | list[str]]:
    """Free text from data as the template shows it: paragraphs (a string each), and a paragraph of
    '- ' lines as a list (the lines without their dashes)."""
    out: list[str | list[str]] = []
    for part in (p.strip() for p in str(value).split("\n\n")):
        lines = [line.strip() for line in part.splitlines()]
        if not part:
            continue
        out.append([line[2:] for line in lines] if all(line.startswith("- ") for line in lines) else " ".join(lines))
    return out


def _catalogue_title(book: Book) -> str:
    """The method catalogue's name in the menu, the same in the PDF."""
    return book.titles.get(CATALOGUE, "Metodkatalog")
