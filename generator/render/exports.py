"""Open data: every place and year as GeoJSON (RFC 7946) and CSV; pages.py describes them.

One row/feature per place and mapping year, also when the position is unknown (geometry null).
Deterministic: rows sorted by place id and year, keys sorted, coordinates rounded to 6 decimals
(about 0.1 m, geo.rounded), no timestamps.
"""
from __future__ import annotations

import csv
import io
import json

from .. import geo, urls
from ..catalog import Catalog
from ..models import Scene, SceneYear
from . import OutputFile

CSV_COLUMNS = ["id", "name", "municipality", "municipality_id", "municipality_code", "year", "status",
               "certainty", "inferred_from", "removed_date", "geometry_type", "precision", "lon", "lat", "url",
               "source_titles", "source_urls"]


def rows(catalog: Catalog) -> list[tuple[str, Scene, SceneYear]]:
    """Every place and year, also those whose position is unknown (geometry null, no lon/lat)."""
    return sorted(((sid, s, y) for sid, s in catalog.scenes.items() for y in s.years),
                  key=lambda r: (r[0], r[2].year))


def _url(sid: str) -> str:
    """The place's page, relative to the files in oppna-data/ (so it works wherever the site lives)."""
    return urls.relative(urls.OPEN_DATA["geojson"], urls.url("scenes", sid).lstrip("/"))


def _sources(catalog: Catalog, scene: Scene, y: SceneYear) -> list[dict]:
    ids = list(dict.fromkeys(y.sources + scene.sources))
    return [{"id": i, "title": catalog.sources[i].title, "url": catalog.sources[i].url} for i in ids]


def geometry(g) -> dict | None:
    """RFC 7946 geometry, or null when the position is unknown."""
    return geo.geojson_geometry(g.type, g.coordinates) if g else None


def _properties(catalog: Catalog, sid: str, scene: Scene, y: SceneYear) -> dict:
    m = catalog.municipalities[scene.municipality]
    return {"id": sid, "name": scene.name, "municipality": m.name, "municipality_id": scene.municipality,
            "municipality_code": m.code, "year": y.year, "status": y.status, "certainty": y.certainty,
            "inferred_from": y.inferred_from, "removed_date": y.removed_date.iso() if y.removed_date else None,
            "precision": y.geometry.precision if y.geometry else None, "url": _url(sid),
            "sources": _sources(catalog, scene, y)}


def geojson(catalog: Catalog) -> str:
    features = [{"type": "Feature", "id": f"{sid}-{y.year}", "geometry": geometry(y.geometry),
                 "properties": _properties(catalog, sid, s, y)} for sid, s, y in rows(catalog)]
    # One feature per line: small, readable diffs between versions. Same as json.dumps(sort_keys=True).
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, sort_keys=True) for f in features)
    return '{"features": [\n' + lines + ('\n' if lines else '') + '], "type": "FeatureCollection"}\n'


def csv_text(catalog: Catalog) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180
    writer.writerow(CSV_COLUMNS)
    for sid, s, y in rows(catalog):
        p = _properties(catalog, sid, s, y)
        g = y.geometry
        lon, lat = (f"{v:.6f}" for v in geo.centroid(g.type, g.coordinates)) if g else ("", "")
        writer.writerow([sid, p["name"], p["municipality"], p["municipality_id"], p["municipality_code"], y.year,
                         y.status, y.certainty, y.inferred_from or "", p["removed_date"] or "",
                         g.type if g else "", p["precision"] or "", lon, lat, p["url"],
                         " | ".join(x["title"] for x in p["sources"]),
                         " ".join(x["url"] for x in p["sources"] if x["url"])])
    return buffer.getvalue()


def example_url(catalog: Catalog) -> str:
    """A place's page as the files give it, for the page that describes the fields."""
    found = rows(catalog)
    return _url(found[0][0]) if found else "../platser/id/"


def render_exports(catalog: Catalog) -> list[OutputFile]:
    return [OutputFile.text(urls.OPEN_DATA["geojson"], geojson(catalog)),
            OutputFile.text(urls.OPEN_DATA["csv"], csv_text(catalog))]
