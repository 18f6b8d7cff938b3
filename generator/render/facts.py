"""Facts from data/ that hand-written prose names, as the text the `<!-- ods:… -->` markers become: the
mapping rounds and the table of official figures. Plain Markdown of the catalog alone, so that the pages
(content.py) and the PDF (book.py) fill a marker with the same words and a fact is written once, in data/."""

from __future__ import annotations

from .. import urls
from ..catalog import Catalog
from .text import date_sv, join_sv, md, number_sv

ROUNDS_MARKER = "<!-- ods:kartlaggningsar -->"
TOTALS_MARKER = "<!-- ods:officiella-siffror -->"
MARKERS = {"kartlaggningsar", "officiella-siffror"}


def fill_facts(text: str, catalog: Catalog, rel: str) -> str:
    """The page at rel (relative to content/) with its fact markers filled in."""
    if ROUNDS_MARKER in text:
        text = text.replace(ROUNDS_MARKER, rounds_sv(catalog))
    if TOTALS_MARKER in text:
        text = text.replace(TOTALS_MARKER, totals_table(catalog, rel))
    return text


def rounds_sv(catalog: Catalog) -> str:
    """The years of every mapping (not the follow-ups), oldest first: '2017, 2021, 2023 och 2025'."""
    return join_sv(year for year, m in sorted(catalog.mappings.items()) if m.kind == "kartläggning")


def totals_table(catalog: Catalog, rel: str) -> str:
    """Every round's official figures as a Markdown table, narrow enough for the PDF's page: a figure no
    source gives is a dash, explained under the table, and the sources follow as one line."""
    rows = ["| Omgång | Öppna drogscener | Kommuner | Upphörda | Nya | Publicerad |", "|---" * 6 + "|"]
    mappings_page = urls.relative(rel, urls.page_path("mappings"))
    for year, m in sorted(catalog.mappings.items()):
        t = m.totals
        title = f"[{md(m.title)}]({mappings_page}#{urls.mapping_anchor(year)})"
        figures = [number_sv(n) if n is not None else "–" for n in (t.scenes, t.municipalities, t.removed, t.new)]
        rows.append(f"| {' | '.join([title, *figures, date_sv(m.published) if m.published else '–'])} |")
    used = dict.fromkeys(sid for m in catalog.mappings.values() for sid in m.sources)
    return (
        "\n".join(rows) + "\n\n– betyder att ingen källa anger siffran. Källor: " + _sources(catalog, used, rel) + "."
    )


def _sources(catalog: Catalog, ids, rel: str) -> str:
    page = urls.relative(rel, urls.page_path("sources"))
    return "; ".join(f"[{md(catalog.sources[sid].title)}]({page}#{sid})" for sid in ids)
