"""Facts from data/ that hand-written prose names, as the text the `<!-- ods:… -->` markers become: the
mapping rounds, when the follow-ups came, the table of official figures and whether the maps show schools. Plain Markdown of the catalog alone, so that the pages
(content.py) and the PDF (book.py) fill a marker with the same words and a fact is written once, in data/.

One marker reads the page itself: `<!-- ods:kontrollerad -->` becomes the date in the page's own front
matter (`kontrollerad: ÅÅÅÅ-MM-DD`), the day its references were last checked, so that the date is
written once, beside the text it dates, and the PDF says the same as the page."""

from __future__ import annotations

import datetime as dt
import re

from .. import urls
from ..catalog import SCHOOL_RADIUS_M, Catalog
from ..problems import SetupError
from .text import date_sv, figure_sv, join_sv, md, number_sv, when_sv

ROUNDS_MARKER = "<!-- ods:kartlaggningsar -->"
FOLLOWUPS_MARKER = "<!-- ods:uppfoljningar -->"
TOTALS_MARKER = "<!-- ods:officiella-siffror -->"
SCHOOLS_MARKER = "<!-- ods:skolor-pa-kartan -->"
CHECKED_MARKER = "<!-- ods:kontrollerad -->"
_CHECKED = re.compile(r"\A---\n(?:.*\n)*?kontrollerad:\s*(\S+)\s*\n(?:.*\n)*?---\n")
MARKERS = {"kartlaggningsar", "uppfoljningar", "officiella-siffror", "skolor-pa-kartan", "kontrollerad"}
# A round's name where prose names it: <!-- ods:omgang-2024 --> becomes the title in mappings.yaml, so
# that every page calls a round what data calls it (drift.py reports a year that is no round).
ROUND_NAME_MARKER = re.compile(r"<!--\s*ods:omgang-(\d{4})\s*-->")
ROUND_NAME_EXAMPLE = "omgang-ÅÅÅÅ"


def is_round_name_marker(name: str) -> bool:
    return re.fullmatch(r"omgang-\d{4}", name) is not None


def fill_facts(text: str, catalog: Catalog, rel: str) -> str:
    """The page at rel (relative to content/) with its fact markers filled in."""
    if ROUNDS_MARKER in text:
        text = text.replace(ROUNDS_MARKER, rounds_sv(catalog))
    if FOLLOWUPS_MARKER in text:
        text = text.replace(FOLLOWUPS_MARKER, followups_sv(catalog))
    if TOTALS_MARKER in text:
        text = text.replace(TOTALS_MARKER, totals_table(catalog, rel))
    if SCHOOLS_MARKER in text:
        text = text.replace(SCHOOLS_MARKER, schools_sv(catalog, rel))
    if CHECKED_MARKER in text:
        text = text.replace(CHECKED_MARKER, date_sv(checked_date(text, rel)))
    return ROUND_NAME_MARKER.sub(lambda m: round_name(catalog, int(m.group(1))), text)


def round_name(catalog: Catalog, year: int) -> str:
    """The round's title as Markdown text; a year that is no round (drift.py has said so) stays the year."""
    found = catalog.mappings.get(year)
    return str(md(found.title)) if found else str(year)


def checked_date(text: str, rel: str) -> dt.date:
    """The `kontrollerad:` date in the page's front matter; a page with the marker and no valid date is a
    setup error that says what to write."""
    found = _CHECKED.match(text)
    try:
        return dt.date.fromisoformat(found.group(1).strip("\"'")) if found else _missing(rel)
    except ValueError:
        return _missing(rel)


def _missing(rel: str) -> dt.date:
    raise SetupError(
        f"content/{rel}: markören {CHECKED_MARKER} behöver datumet i sidans front matter, t.ex. kontrollerad: 2026-12-07"
    )


def rounds_sv(catalog: Catalog) -> str:
    """The years of every mapping (not the follow-ups), oldest first: '2017, 2021, 2023 och 2025'."""
    return join_sv(year for year, m in sorted(catalog.mappings.items()) if m.kind == "kartläggning")


def followups_sv(catalog: Catalog) -> str:
    """When the follow-ups were published, after a verb: 'i februari 2024' (one per follow-up with a date)."""
    return join_sv(
        when_sv(m.published) for _, m in sorted(catalog.mappings.items()) if m.kind == "uppföljning" and m.published
    )


def schools_sv(catalog: Catalog, rel: str) -> str:
    """Whether the maps show schools, said once beside the motion's figure rather than on every place page.
    Without a school register that has a source for each school, the maps draw none."""
    if not catalog.schools:
        return (
            "Portalen visar inte vilka skolor som ligger nära platserna. Vi har ännu ingen förteckning över "
            "skolor där varje skola har en källa, och på kartorna står bara det som en källa stöder."
        )
    page = urls.relative(rel, urls.page_path("map"))
    return f"På [kartan]({page}) syns skolorna, och där står hur många av platserna som har en skola inom {SCHOOL_RADIUS_M} meter."


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
        "\n".join(rows)
        + "\n\n– betyder att ingen källa anger siffran. Källor: "
        + _sources(catalog, used, rel)
        + "."
        + other_figures_md(catalog, rel)
    )


def other_figures_md(catalog: Catalog, rel: str) -> str:
    """The figures beside the rounds that are not their official totals, as a list after the table and
    plainly marked as such, so that a reader never takes 59 on a list in March 2022 for a round's total."""
    items = [(year, f) for year, m in sorted(catalog.mappings.items()) for f in m.other_figures]
    if not items:
        return ""
    lines = [
        "\n\nAndra siffror, som inte är någon kartläggnings officiella siffror utan kommer från andra källor "
        "eller gäller tiden mellan två kartläggningar:\n"
    ]
    for year, f in sorted(items, key=lambda item: item[1].date):
        title = md(catalog.mappings[year].title)
        lines.append(
            f"\n- {md(date_sv(f.date))}: {md(figure_sv(f))} {md(f.counts)}, enligt {md(f.said_by)} "
            f"(vid {title.lower()}). Källa: {_sources(catalog, dict.fromkeys(f.sources), rel)}."
        )
    return "".join(lines)


def _sources(catalog: Catalog, ids, rel: str) -> str:
    page = urls.relative(rel, urls.page_path("sources"))
    return "; ".join(f"[{md(catalog.sources[sid].title)}]({page}#{sid})" for sid in ids)
