"""Every generated Markdown page, from theme/pages/*.md.j2: records, indexes, the map page, the
open-data page and the list of sources; plus the map partials (theme/maps/) and the start page's
figures. urls.PAGES lists which template makes which page."""

from __future__ import annotations

from collections.abc import Iterator

from markupsafe import Markup

from .. import urls
from ..catalog import SCHOOL_RADIUS_M, Catalog
from . import OutputFile, exports
from .env import Renderer
from .mapstyle import year_colour
from .text import LABELS, by_attribution, indicator_sv, join_sv, md


def render_pages(r: Renderer) -> Iterator[OutputFile]:
    """Every page urls.PAGES gives to this function, in its order, each with its template from there;
    one at a time, so the build never holds every page in memory."""
    c = r.catalog

    def page(entry: urls.Page, record_id: str | None = None, **context) -> OutputFile:
        kind = entry.kind
        path = urls.page_path(kind, record_id)
        origin = (kind, record_id) if record_id else None
        when = c.open_data_date if kind == "open_data" else c.data_date(_FACTS_OF.get(kind, kind), record_id)
        template = entry.template.removeprefix("theme/")
        return OutputFile.text(path, r.page(template, path, origin, id=record_id, page_date=when, **context))

    for entry in urls.PAGES:
        if entry.renderer != _RENDERER:
            continue
        if entry.per_record:
            for record_id in _RECORDS.get(entry.kind, _every)(c, entry.kind):
                yield page(entry, record_id, **_RECORD_CONTEXT.get(entry.kind, _record)(r, entry.kind, record_id))
        else:
            yield page(entry, **_INDEX_CONTEXT.get(entry.kind, _nothing)(r))


_RENDERER = "render.pages.render_pages"  # this function's name in urls.PAGES


def _every(c: Catalog, kind: str) -> list[str]:
    return list(c.records[kind])


def _record(r: Renderer, kind: str, record_id: str) -> dict:
    return {"record": r.catalog.records[kind][record_id]}


# The records that have a page of their own: every one (_every), but only municipalities with
# something to show.
_RECORDS = {"municipalities": lambda c, kind: c.municipalities_with_content}

# What each record's template is given besides the record's id; a kind not named here gets the
# record as `record` (_record).
_RECORD_CONTEXT = {
    "scenes": lambda r, kind, sid: dict(
        s=r.catalog.scenes[sid],
        map=_scene_embed(r, sid),
        timeline=_timeline(r.catalog, r.catalog.scenes[sid]),
        followup=_followup(r.catalog, r.catalog.scenes[sid]),
    ),
    "municipalities": lambda r, kind, mid: dict(m=r.catalog.municipalities[mid], map=_municipality_embed(r, mid)),
    "actors": lambda r, kind, aid: dict(a=r.catalog.actors[aid]),
    "methods": lambda r, kind, mid: dict(m=r.catalog.methods[mid]),
    "examples": lambda r, kind, xid: dict(x=r.catalog.examples[xid]),
}

# What an index or other page's template is given; a page not named here gets only the catalogue.
_INDEX_CONTEXT = {
    "scenes": lambda r: dict(years=sorted(r.catalog.mappings), municipalities=r.catalog.municipalities_with_content),
    "municipalities": lambda r: dict(municipalities=r.catalog.municipalities_with_content),
    "map": lambda r: _map_page(r),
    "open_data": lambda r: _open_data_page(r.catalog),
}


def _nothing(r: Renderer) -> dict:
    return {}


# Pages that are not one kind of record: whose dates say how new their facts are.
_FACTS_OF = {"map": "scenes", "sources": "all"}


def _scene_embed(r: Renderer, sid: str) -> Markup:
    """The place's map and its table, or nothing when no year has a position."""
    c = r.catalog
    latest = c.latest_drawn.get(sid)
    if latest is None:
        return Markup("")
    path = urls.page_path("scenes", sid)
    now = max(c.scenes[sid].years, key=lambda y: y.year)  # what "Senast kända läge" draws
    rows = [
        {
            "year": y.year,
            "status": LABELS["status"][y.status],
            "colour": year_colour(c, y.year)[1],
            "dashed": y is not latest,
            "shape": LABELS["geometry"][y.geometry.type],
            "inferred": y.certainty == "inferred",
            "disputed": y.dispute is not None,
            "precision": LABELS["precision"][y.geometry.precision],
        }
        for y in c.scenes[sid].years
        if y.geometry
    ]
    iframe = r.linker(path).iframe("scenes", sid, f"Karta: {c.scenes[sid].name}")
    return Markup(
        r.partial(
            "maps/scene.md.j2",
            path,
            s=c.scenes[sid],
            id=sid,
            rows=rows,
            iframe=iframe,
            latest=latest,
            now_status=LABELS["status"][now.status],
            now_year=now.year,
            has_schools=bool(c.schools),
            schools=c.nearby_schools[sid],
            radius=SCHOOL_RADIUS_M,
        ).strip()
    )


def _timeline(c: Catalog, scene) -> Markup:
    """The place's status in every mapping round as a row of boxes: solid where a source says so,
    dashed where it is our inference, dotted where the round says nothing about the place."""
    by_year = {y.year: y for y in scene.years}
    items = []
    for year in sorted(c.mappings):
        y = by_year.get(year)
        if y is None:
            css, text = "none", "Ingen uppgift"
        else:
            css = y.status + (" inferred" if y.certainty == "inferred" else "") + (" disputed" if y.dispute else "")
            text = LABELS["status"][y.status] + ", " + LABELS["certainty"][y.certainty].lower()
            text += f", {LABELS['dispute']['short']}" if y.dispute else ""
        items.append(f'<li class="{css}"><span class="year">{year}</span> {md(text)}</li>')
    return Markup('<ol class="ods-timeline" aria-label="Status per kartläggning">\n' + "\n".join(items) + "\n</ol>")


def _followup(c: Catalog, scene) -> list[dict]:
    """The police follow-up per year, for the place page: the measures in plain Swedish, grouped
    under who says them (text.by_attribution), in the data's order."""
    return [
        {
            "year": y.year,
            "groups": [
                {
                    "according_to": group[0].according_to,
                    "sources": group[0].sources,
                    "lines": [indicator_sv(i, c.mappings) for i in group],
                }
                for group in by_attribution(y.indicators)
            ],
        }
        for y in scene.years
        if y.indicators
    ]


def _municipality_embed(r: Renderer, mid: str) -> Markup:
    c = r.catalog
    drawn = c.drawn_scenes[mid]
    if not drawn:
        return Markup("")
    path = urls.page_path("municipalities", mid)
    name = c.municipalities[mid].official_name
    iframe = r.linker(path).iframe("municipalities", mid, f"Karta: platser i {name}", urls.PLACES_ANCHOR)
    return Markup(r.partial("maps/municipality.md.j2", path, m=c.municipalities[mid], iframe=iframe).strip())


def _map_page(r: Renderer) -> dict:
    c = r.catalog
    shown = c.first_year(list(c.scenes))
    listed, with_school = c.listed_with_school(shown) if shown else (0, 0)
    iframe = r.linker(urls.page_path("map")).iframe(
        "county", None, "Karta: öppna drogscener i Stockholms län", "platserna-i-text"
    )
    return dict(
        iframe=iframe,
        years=sorted(c.mappings),
        latest=max(c.mappings),
        shown=c.mappings[shown] if shown else c.latest_mapping,
        has_schools=bool(c.schools),
        listed=listed,
        with_school=with_school,
        radius=SCHOOL_RADIUS_M,
    )


def _open_data_page(c: Catalog) -> dict:
    rows = exports.rows(c)
    return dict(
        count=len(rows),
        places=len({sid for sid, _, _ in rows}),
        years=sorted({y.year for _, _, y in rows}),
        geojson_name=urls.OPEN_DATA["geojson"].split("/")[-1],
        csv_name=urls.OPEN_DATA["csv"].split("/")[-1],
        # Column names are the generator's own constants, not data: Markdown code, written as it is.
        mapping_columns=Markup(join_sv([f"`{name}`" for name in exports.MAPPING_COLUMNS])),
        example=exports.place_url(rows[0][0]) if rows else exports.place_url("id"),
    )


def latest_figures(r: Renderer, page_path: str) -> str:
    """The start page's block of official figures, from mappings.yaml only."""
    counted = r.catalog.latest_counted_mapping
    if counted is None:
        return (
            '!!! info "Officiella siffror saknas"\n\n    Ingen kartläggning i portalen har publicerade siffror ännu.\n'
        )
    return r.partial("partials/figures.md.j2", page_path, latest=r.catalog.latest_mapping, counted=counted)
