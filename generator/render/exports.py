"""Open data: every place and year as GeoJSON (RFC 7946) and CSV; pages.py describes them.

One row/feature per place and mapping year, also when the position is unknown (geometry null).
Deterministic: rows sorted by place id and year, keys sorted, coordinates rounded to 6 decimals
(about 0.1 m, geo.rounded), no timestamps.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping

from .. import geo, urls
from ..catalog import Catalog
from ..models import Scene, SceneYear
from . import OutputFile
from .text import LABELS, by_attribution, indicator_sv, status_now

CSV_COLUMNS = [
    "id",
    "name",
    "municipality",
    "municipality_id",
    "municipality_code",
    "year",
    "status",
    "certainty",
    "inferred_from",
    "removed_date",
    "geometry_type",
    "precision",
    "lon",
    "lat",
    "url",
    "source_titles",
    "source_urls",
    # Added last, so that programs that read the columns by position keep working.
    "dispute_by",
    "dispute_says",
    "dispute_source_titles",
    "dispute_source_urls",
    "status_now",
    "indicators",
    "indicator_source_titles",
    "indicator_source_urls",
]


def rows(catalog: Catalog) -> list[tuple[str, Scene, SceneYear]]:
    """Every place and year, also those whose position is unknown (geometry null, no lon/lat)."""
    return sorted(((sid, s, y) for sid, s in catalog.scenes.items() for y in s.years), key=lambda r: (r[0], r[2].year))


def place_url(sid: str) -> str:
    """The place's page, relative to the open-data files (so it works wherever the site lives)."""
    return urls.relative(urls.OPEN_DATA["geojson"], urls.url("scenes", sid).lstrip("/"))


def _sources(catalog: Catalog, scene: Scene, y: SceneYear) -> list[dict]:
    ids = list(dict.fromkeys(y.sources + scene.sources))
    return [{"id": i, "title": catalog.sources[i].title, "url": catalog.sources[i].url} for i in ids]


def _dispute(catalog: Catalog, y: SceneYear) -> dict | None:
    """Who disputes the year's status, what they say and where, or null when nobody does."""
    if not y.dispute:
        return None
    found = [catalog.sources[i] for i in y.dispute.sources]
    return {
        "by": y.dispute.by,
        "says": y.dispute.says,
        "sources": [{"id": x.id, "title": x.title, "url": x.url} for x in found],
    }


def _indicators(catalog: Catalog, y: SceneYear) -> list[dict]:
    """The police follow-up of the year as a source gives it, with who says so; [] when no source does.
    `text` is the measure in plain Swedish, the same words as on the place page."""
    return [
        {
            "measure": i.measure,
            "other": i.other,
            "direction": i.direction,
            "amount": i.amount,
            "compared_with": i.compared_with,
            "according_to": i.according_to,
            "text": indicator_sv(i, catalog.mappings),
            "sources": [{"id": x, "title": catalog.sources[x].title, "url": catalog.sources[x].url} for x in i.sources],
        }
        for i in y.indicators
    ]


def geometry(g) -> dict | None:
    """RFC 7946 geometry, or null when the position is unknown."""
    return geo.geojson_geometry(g.type, g.coordinates) if g else None


def _properties(catalog: Catalog, sid: str, scene: Scene, y: SceneYear, now: str) -> dict:
    m = catalog.municipalities[scene.municipality]
    return {
        "id": sid,
        "name": scene.name,
        "municipality": m.name,
        "municipality_id": scene.municipality,
        "municipality_code": m.code,
        "year": y.year,
        "status": y.status,
        "certainty": y.certainty,
        "inferred_from": y.inferred_from,
        "removed_date": y.removed_date.iso() if y.removed_date else None,
        "precision": y.geometry.precision if y.geometry else None,
        "url": place_url(sid),
        "sources": _sources(catalog, scene, y),
        "dispute": _dispute(catalog, y),
        "status_now": now,
        "indicators": _indicators(catalog, y),
    }


Record = tuple[str, SceneYear, dict]  # place id, the year, its properties: computed once for every file


def records(catalog: Catalog) -> list[Record]:
    # The place's plain answer is the same in each of its years' rows: worded once per place.
    now = {sid: status_now(s, catalog) for sid, s in catalog.scenes.items()}
    return [(sid, y, _properties(catalog, sid, s, y, now[sid])) for sid, s, y in rows(catalog)]


def geojson(table: list[Record]) -> bytes:
    """As bytes: at 10,000 places this is the one large file, and one en dash in a title would make
    Python hold the whole text at two bytes a character."""
    # One feature per line: small, readable diffs between versions. Same as json.dumps(sort_keys=True).
    out = bytearray(b'{"features": [\n')
    for i, (sid, y, p) in enumerate(table):
        feature = {"type": "Feature", "id": f"{sid}-{y.year}", "geometry": geometry(y.geometry), "properties": p}
        out += (b",\n" if i else b"") + json.dumps(feature, ensure_ascii=False, sort_keys=True).encode("utf-8")
    out += (b"\n" if table else b"") + b'], "type": "FeatureCollection"}\n'
    return bytes(out)


def table_csv(
    header: list[str], body: Iterable[list], excel: bool = False, names: Mapping[str, str] | None = None
) -> str:
    """RFC 4180 (comma, no BOM) for programs; for Swedish Excel a semicolon, a BOM and decimal commas,
    which is what it expects when a file is opened with a double click. names: the Excel file's column
    names (default: the Swedish names of the open-data columns; headers not in it stay as they are)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if excel else ",", lineterminator="\r\n")
    swedish = SWEDISH_HEADERS if names is None else names
    writer.writerow([swedish.get(h, h) for h in header] if excel else header)
    for row in body:
        writer.writerow([_excel_cell(v) for v in row] if excel else row)
    return ("\ufeff" if excel else "") + buffer.getvalue()


# The Excel files have Swedish column names; the others keep the machine names the page documents.
SWEDISH_HEADERS = {
    "id": "id",
    "name": "Plats",
    "municipality": "Kommun",
    "municipality_id": "Kommun-id",
    "municipality_code": "Kommunkod",
    "year": "År",
    "status": "Status",
    "certainty": "Hur vi vet",
    "inferred_from": "Slutsatsen bygger på",
    "removed_date": "Upphörde",
    "geometry_type": "Form",
    "precision": "Lägets noggrannhet",
    "lon": "Longitud",
    "lat": "Latitud",
    "url": "Sida",
    "source_titles": "Källor",
    "source_urls": "Källornas adresser",
    "dispute_by": "Ifrågasatt av",
    "dispute_says": "Vad de säger",
    "dispute_source_titles": "Källor för invändningen",
    "dispute_source_urls": "Adresser till källorna för invändningen",
    "status_now": "Vad vi vet nu",
    "indicators": "Polisens uppföljning",
    "indicator_source_titles": "Källor för uppföljningen",
    "indicator_source_urls": "Adresser till källorna för uppföljningen",
    "title": "Kartläggning",
    "kind": "Typ",
    "published": "Publicerad",
    "scenes": "Öppna drogscener",
    "municipalities": "Kommuner",
    "removed": "Upphörda",
    "new": "Nya",
}


def _excel_cell(value):
    if isinstance(value, str) and value.replace(".", "", 1).replace("-", "", 1).isdigit() and "." in value:
        return value.replace(".", ",")
    if isinstance(value, str) and len(value) > 1 and value.startswith("0") and value.isdigit():
        # A code such as the municipality code "0117": Excel would read it as the number 117 and drop the
        # zero; as a formula that gives text it stays "0117" (and the cell holds only digits, nothing else).
        return f'="{value}"'
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        # A text from data that Excel would run as a formula (=HYPERLINK(…), +, -, @): a leading
        # apostrophe makes it text, shown as written (OWASP's advice against CSV injection).
        return "'" + value
    return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


# Between the sources in a cell. The titles and the addresses are two cells with the same number of
# entries in the same order, so the n-th address belongs to the n-th title (a source without an
# address leaves its place empty); a reader never has to look an id up to know where a title is found.
SOURCE_SEPARATOR = " | "


def source_cells(sources: Iterable[Mapping]) -> tuple[str, str]:
    """The titles and, paired with them, the addresses of sources ({"title", "url"}): two CSV cells."""
    found = list(sources)
    return (
        SOURCE_SEPARATOR.join(x["title"] for x in found),
        SOURCE_SEPARATOR.join(x["url"] or "" for x in found),
    )


def csv_text(table: list[Record], excel: bool = False) -> str:
    body = _csv_rows(table)
    if excel:  # the words a reader uses instead of the machine values
        words = {"status": LABELS["status"], "certainty": LABELS["certainty"], "precision": LABELS["precision"]}
        body = (
            [words[c].get(v, v) if c in words else v for c, v in zip(CSV_COLUMNS, row, strict=True)] for row in body
        )
    return table_csv(CSV_COLUMNS, body, excel)


def _csv_rows(table: list[Record]) -> Iterator[list]:
    """One row at a time, straight into the CSV writer: at 10,000 places the rows would not all fit lightly."""
    for sid, y, p in table:
        g = y.geometry
        d = p["dispute"] or {"by": "", "says": "", "sources": []}
        found = p["indicators"]
        # Who says it after each group of measures, so that the cell read alone is still attributed.
        groups = by_attribution(found, lambda i: (i["according_to"], [x["id"] for x in i["sources"]]))
        follow = ["; ".join(i["text"] for i in g) + f" (enligt {g[0]['according_to']})" for g in groups]
        follow_sources = list({x["id"]: x for i in found for x in i["sources"]}.values())
        lon, lat = (f"{v:.6f}" for v in geo.centroid(g.type, g.coordinates)) if g else ("", "")
        yield (
            [
                sid,
                p["name"],
                p["municipality"],
                p["municipality_id"],
                p["municipality_code"],
                y.year,
                y.status,
                y.certainty,
                y.inferred_from or "",
                p["removed_date"] or "",
                g.type if g else "",
                p["precision"] or "",
                lon,
                lat,
                p["url"],
                *source_cells(p["sources"]),
                d["by"],
                d["says"],
                *source_cells(d["sources"]),
                p["status_now"],
                " | ".join(follow),
                " | ".join(x["title"] for x in follow_sources),
                " ".join(x["url"] for x in follow_sources if x["url"]),
            ]
        )


# The official figures per mapping round: from mappings.yaml only, an unknown figure is empty (null).
MAPPING_COLUMNS = [
    "year",
    "title",
    "kind",
    "published",
    "scenes",
    "municipalities",
    "removed",
    "new",
    "source_titles",
    "source_urls",
]


def _mapping_rows(catalog: Catalog) -> list[dict]:
    out = []
    for year, m in sorted(catalog.mappings.items()):
        sources = [catalog.sources[s] for s in m.sources]
        out.append(
            {
                "year": year,
                "title": m.title,
                "kind": m.kind,
                "published": m.published.iso() if m.published else None,
                **m.totals.model_dump(),
                "sources": [{"id": s.id, "title": s.title, "url": s.url} for s in sources],
                "other_figures": [_other_figure(catalog, f) for f in sorted(m.other_figures, key=lambda f: f.date)],
            }
        )
    return out


def _other_figure(catalog: Catalog, f) -> dict:
    """A figure beside the round that is not its official total (JSON only: the CSV has one row per round)."""
    return {
        "date": f.date.iso(),
        "value": f.value,
        "approximate": f.approximate,
        "counts": f.counts,
        "said_by": f.said_by,
        "note": f.note,
        "official": False,
        "sources": [
            {"id": sid, "title": catalog.sources[sid].title, "url": catalog.sources[sid].url} for sid in f.sources
        ],
    }


def mappings_json(catalog: Catalog) -> str:
    newest = catalog.open_data_date  # the same date the open-data page shows: computed once, in the link stage
    data = {
        "data_date": newest.iso() if newest else None,
        "license": "CC0-1.0",
        "note": (
            "Officiella siffror ur kartläggningarna. null betyder att siffran inte är känd. other_figures är andra "
            "siffror från tiden kring en kartläggning, inte dess officiella siffror."
        ),
        "mappings": _mapping_rows(catalog),
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def mappings_csv(catalog: Catalog, excel: bool = False) -> str:
    body = [
        [
            r["year"],
            r["title"],
            r["kind"],
            r["published"] or "",
            *("" if r[k] is None else r[k] for k in ("scenes", "municipalities", "removed", "new")),
            *source_cells(r["sources"]),
        ]
        for r in _mapping_rows(catalog)
    ]
    return table_csv(MAPPING_COLUMNS, body, excel)


def render_exports(catalog: Catalog) -> Iterator[OutputFile]:
    """The open-data files one at a time: at 10,000 places the GeoJSON alone is tens of megabytes."""
    table = records(catalog)
    makers: dict[str, Callable[[], str | bytes]] = {
        "geojson": lambda: geojson(table),
        "csv": lambda: csv_text(table),
        "csv_excel": lambda: csv_text(table, excel=True),
        "mappings_json": lambda: mappings_json(catalog),
        "mappings_csv": lambda: mappings_csv(catalog),
        "mappings_csv_excel": lambda: mappings_csv(catalog, excel=True),
    }
    for key, make in makers.items():
        content = make()
        path = urls.OPEN_DATA[key]
        yield OutputFile(path, content) if isinstance(content, bytes) else OutputFile.text(path, content)
