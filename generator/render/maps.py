"""Map documents with folium on self-hosted Leaflet: one for the county, one for any municipality and
one for any place. The only module that knows folium.

Each kind of map is built once with folium (kartor/karta.html, kartor/kommun.html, kartor/plats.html);
what it draws comes from a small JSON file per record (kartor/data/…, urls.map_data_path) that the
document reads for the id in its address (?id=…). So a new place costs a few kilobytes of data, not a
whole map document. Each map is embedded with <iframe> on its page and followed there by a table of
the same places as a text alternative (rendered by pages.py).

- Assets are self-hosted: the pipeline copies Leaflet from node_modules and the portal's own script
  and style (theme/maps/) into build/docs; folium's default CDN lists (Leaflet, jQuery, Bootstrap,
  Font Awesome) are replaced per Map instance. No jQuery: popups are bound by theme/maps/ods-map.js
  with DOM nodes, so folium's `$`-based Popup is never used.
- Data reaches the documents as JSON only, and every text from data is set with textContent in the
  browser (layer names, which Leaflet writes as HTML, are escaped there); names can never become
  markup or script.
- For keyboard and screen-reader users (theme/maps/ods-map.js): every drawn place is a named button,
  in Swedish name order within its year, after the controls; its popup is a dialog that takes the focus
  and gives it back on Esc; no text of Leaflet's stays in English. The document itself is valid HTML
  (folium's own template puts the script after </body>) with a <main>, a description and a <noscript>.
- folium's random element ids are replaced by a counter while a map is built, so two builds give
  byte-identical files.
- No clustering: the county has a few dozen known places, each drawn as a circle or an area, and
  the zoom-to-municipality control separates the crowded inner city.
- The 500 m zone on a place's map is the latest drawn shape grown by 500 m (a circle around a
  point; for an area its convex hull grown by 500 m, see geo.buffer_ring).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
from collections.abc import Iterator

import folium
from branca.element import Element, MacroElement
from folium.template import Template
from markupsafe import escape

from .. import csp, geo, urls
from ..catalog import SCHOOL_RADIUS_M, Catalog
from ..config import Settings
from ..kinds import KINDS
from ..models import Geometry, SceneYear
from . import OutputFile
from .mapstyle import (
    AGED_NOTE,
    INFERRED_NOTE,
    RING_STYLE,
    SCHOOL_STYLE,
    SCHOOL_TYPES,
    STATUS_STYLE,
    with_age,
    with_certainty,
    year_colour,
)
from .text import LABELS, dispute_sv, status_now


@contextlib.contextmanager
def _counted_ids():
    """folium names every element with 32 random hex digits; count instead, for identical builds."""
    counter = itertools.count()
    original = Element.__dict__["_generate_id"]
    Element._generate_id = classmethod(lambda cls: f"{next(counter):032x}")
    try:
        yield
    finally:
        Element._generate_id = original


class _Setup(MacroElement):
    """The last script in a map document: odsSetup loads the record's data and draws it, then sets
    window.odsMap and window.odsMapReady (theme/maps/ods-map.js)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        odsSetup({{ this._parent.get_name() }}, {{ this.config|tojson }});
        {% endmacro %}
    """)

    def __init__(self, config: dict):
        super().__init__()
        self._name = "OdsSetup"
        self.config = config


_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')

# folium's own Figure template puts the map's script after </body>, which is not valid HTML. This one
# keeps it inside the body and puts the map in a <main> landmark, with a text for browsers without
# JavaScript, a description and a visually hidden heading (ods-map.js sets it to the record's title).
# The heading names the <main>, so that it differs from the <main> of the page the map is shown in.
_FIGURE = Template("""<!DOCTYPE html>
<html lang="sv">
<head>
    <meta charset="utf-8">
    <title>{{ kwargs.title }}</title>
    <meta name="description" content="{{ kwargs.description }}">
    <link rel="icon" href="data:,">
    {{ this.header.render(**kwargs) }}
</head>
<body>
<main aria-labelledby="ods-title">
    <h1 id="ods-title" class="ods-visually-hidden">{{ kwargs.title }}</h1>
    {{ this.html.render(**kwargs) }}
    <noscript><p class="ods-noscript">{{ kwargs.noscript }}</p></noscript>
</main>
<script>
    {{ this.script.render(**kwargs) }}
</script>
</body>
</html>
""")
NOSCRIPT = "Kartan behöver JavaScript. Samma uppgifter står i texten och tabellen under kartan på sidan."
_CHARSET = re.compile(r'\s*<meta http-equiv="content-type"[^>]*>')


def _document(m: folium.Map, title: str, description: str) -> str:
    """Render and finish the document: valid HTML, a viewport that allows zooming, no favicon request.
    The texts are escaped here, once; the template adds them as they are."""
    root = m.get_root()
    root._template = _FIGURE
    texts = {key: str(escape(value)) for key, value in (("title", title), ("description", description))}
    html = root.render(noscript=str(escape(NOSCRIPT)), **texts)
    html = _CHARSET.sub("", html, count=1)  # <meta charset> above says the same, first as it should
    html = _VIEWPORT.sub('<meta name="viewport" content="width=device-width, initial-scale=1.0">', html, count=1)
    return "\n".join(line.rstrip() for line in html.splitlines() if line.strip()) + "\n"


def _new_map(settings: Settings) -> folium.Map:
    m = folium.Map(
        location=[59.33, 18.07],
        zoom_start=10,
        tiles=None,
        zoom_control=False,
        control_scale=False,
        max_zoom=settings.max_zoom,
    )
    # Per instance, never on the class: only our own copies, nothing from a CDN.
    here = urls.map_path("county")  # every map document lives in the same folder
    m.default_js = [
        ("leaflet", urls.relative(here, urls.vendor_path("leaflet.js"))),
        ("ods_map", urls.relative(here, urls.map_asset("ods-map.js"))),
    ]
    m.default_css = [
        ("leaflet_css", urls.relative(here, urls.vendor_path("leaflet.css"))),
        ("ods_map_css", urls.relative(here, urls.map_asset("ods-map.css"))),
    ]
    folium.TileLayer(
        tiles=settings.tiles,
        attr=settings.attribution,
        max_zoom=settings.max_zoom,
        name="Bakgrundskarta",
        control=False,
    ).add_to(m)
    return m


def _scene_feature(catalog: Catalog, sid: str, y: SceneYear, g: Geometry, style: dict, href: str | None) -> dict:
    """A place in one year; g is that year's geometry (the caller has checked there is one)."""
    scene = catalog.scenes[sid]
    return {
        "type": "Feature",
        "geometry": geo.geojson_geometry(g.type, g.coordinates),
        "properties": {
            "kind": "scene",
            "id": sid,
            "name": scene.name,
            "status_now": status_now(scene, catalog),  # what is known now, whichever year is drawn
            "municipality": catalog.municipalities[scene.municipality].name,
            "year": y.year,
            "status": y.status,
            "status_label": LABELS["status"][y.status] + (f" ({LABELS['dispute']['short']})" if y.dispute else ""),
            "certainty": y.certainty,
            "certainty_label": LABELS["certainty"][y.certainty],
            "inferred_from": y.inferred_from,
            "precision_label": LABELS["precision"][g.precision],
            "note": y.note,
            "dispute": dispute_sv(y) or None,
            "dispute_sources": _dispute_sources(catalog, y),
            "href": href,
            "style": with_certainty(style, y),
        },
    }


def _dispute_sources(catalog: Catalog, y: SceneYear) -> str | None:
    """'Källa: Mitt i, Lugnare i Storvreten …': plain text for the popup, which sets it as text."""
    if not y.dispute:
        return None
    found = [catalog.sources[sid] for sid in y.dispute.sources]
    word = KINDS["sources"].singular if len(found) == 1 else KINDS["sources"].plural
    return f"{word}: " + "; ".join(f"{s.publisher}, {s.title}" for s in found) + "."


def _school_features(catalog: Catalog, ids=None) -> list[dict]:
    features = [
        {
            "type": "Feature",
            "geometry": geo.geojson_geometry("Point", s.geometry.coordinates),
            "properties": {
                "kind": "school",
                "id": sid,
                "name": s.name,
                "type_label": SCHOOL_TYPES[s.type],
                "style": SCHOOL_STYLE,
            },
        }
        for sid, s in catalog.schools.items()
        if ids is None or sid in ids
    ]
    return sorted(features, key=lambda f: _name_order(f["properties"]["name"]))


def _status_legend(shapes: str = "circle", now: SceneYear | None = None, newest: int = 0) -> list[dict]:
    """The view the map opens on, in words, then what its colours and edges mean; for one place (now,
    its latest entry) only what its own shape shows, so that the legend stays small on a phone."""
    view = "varje plats en gång med sin senaste uppgift" if now is None else f"uppgiften från {now.year}"
    items: list[dict] = [{"label": f"Visas: {LATEST_LAYER.lower()}, {view}", "heading": True}]
    items += [
        {
            "label": f"{LABELS['status'][k]} enligt senaste uppgiften",
            "color": v["color"],
            "fill": v["fillColor"],
            "dash": "dashArray" in v,
            "shape": shapes,
        }
        for k, v in STATUS_STYLE.items()
        if now is None or k == now.status
    ]
    aged = {
        "label": f"Ljus fyllning: {AGED_NOTE}",
        "color": STATUS_STYLE["listed"]["color"],
        "fill": "#f8d7d7",
        "shape": shapes,
    }
    if now is None:
        return items + [aged, _inferred_legend(shapes)]
    return items + [aged] * (now.year < newest) + [_inferred_legend(shapes)] * (now.certainty == "inferred")


def _inferred_legend(shape: str = "circle") -> dict:
    return {
        "label": f"Prickad kant: uppgiften är {INFERRED_NOTE}",
        "color": "#424242",
        "fill": "transparent",
        "dot": True,
        "shape": shape,
    }


def _school_legend(label: str = "Skola (eget lager)") -> dict:
    return {"label": label, "color": SCHOOL_STYLE["color"], "fill": "#ffffff", "shape": "circle", "dash": False}


LATEST_LAYER = "Senast kända läge"


def _latest_layer(catalog: Catalog, scene_ids, href_from: str) -> dict:
    """Each place once, at its latest entry: the view a map opens on, since a single round leaves out
    the places it does not name (Storvreten is only in 2025, Hässelby torg only up to 2021)."""
    newest = max(catalog.mappings)
    features = []
    for sid in scene_ids:
        drawn = catalog.latest_drawn.get(sid)
        if drawn is None or drawn.geometry is None:
            continue
        y = max(catalog.scenes[sid].years, key=lambda e: e.year)  # the status now, drawn where last known
        href = urls.relative(href_from, urls.url("scenes", sid).lstrip("/"))
        style = with_age(STATUS_STYLE[y.status], y.year < newest)
        features.append(_scene_feature(catalog, sid, y, drawn.geometry, style, href))
    features.sort(key=lambda f: _name_order(f["properties"]["name"]))
    return _layer_data(LATEST_LAYER, features, show=True)


def _years_layers(catalog: Catalog, scene_ids, href_from: str) -> tuple[list[dict], list]:
    """ "Senast kända läge" (shown), then one layer per mapping year with every drawn place, coloured by
    status, each hidden until chosen in the layer list."""
    layers, positions = [_latest_layer(catalog, scene_ids, href_from)], []
    for year in catalog.drawn_years(scene_ids):
        features = []
        for sid in scene_ids:
            for y in catalog.scenes[sid].years:
                if y.year == year and (g := y.geometry):
                    href = urls.relative(href_from, urls.url("scenes", sid).lstrip("/"))
                    features.append(_scene_feature(catalog, sid, y, g, STATUS_STYLE[y.status], href))
                    positions += geo.positions(g.type, g.coordinates)
        features.sort(key=lambda f: _name_order(f["properties"]["name"]))
        layers.append(_layer_data(catalog.mappings[year].title, features, show=False))
    return layers, positions


# Å, Ä and Ö come last and in that order, as in a Swedish dictionary.
_SWEDISH = str.maketrans({"å": "\uffff1", "ä": "\uffff2", "æ": "\uffff2", "ö": "\uffff3", "ø": "\uffff3"})


def _name_order(name: str) -> str:
    """Places in the order a keyboard reaches them on a map: by name, as Swedish sorts it."""
    return name.casefold().translate(_SWEDISH)


def _layer_data(name: str, features: list[dict], show: bool = True, interactive: bool = True) -> dict:
    return {
        "name": name,
        "show": show,
        "interactive": interactive,
        "features": {"type": "FeatureCollection", "features": features},
    }


def county_data(catalog: Catalog) -> dict:
    page = urls.map_path("county")
    layers, positions = _years_layers(catalog, list(catalog.scenes), page)
    legend = _status_legend()
    if catalog.schools:
        layers.append(_layer_data(KINDS["schools"].plural, _school_features(catalog), show=False))
        legend.append(_school_legend())
    areas = []
    for mid, mun in catalog.municipalities.items():
        pts = [
            p
            for sid in catalog.linked("scenes_by_municipality", mid)
            for y in catalog.scenes[sid].years
            if y.geometry
            for p in geo.positions(y.geometry.type, y.geometry.coordinates)
        ]
        if pts:
            areas.append({"id": mid, "name": mun.name, "bounds": geo.bounds(pts)})
    areas.sort(key=lambda a: str(a["name"]))
    return {
        "title": "Karta: öppna drogscener i Stockholms län",
        "layers": layers,
        "legend": legend,
        "areas": areas,
        "bounds": geo.bounds(positions),
        "max_fit_zoom": 13,
    }


def municipality_data(catalog: Catalog, mid: str) -> dict:
    layers, positions = _years_layers(
        catalog, catalog.linked("scenes_by_municipality", mid), urls.map_path("municipalities")
    )
    return {
        "title": f"Karta: platser i {catalog.municipalities[mid].official_name}",
        "layers": layers,
        "legend": _status_legend(),
        "bounds": geo.bounds(positions),
        "max_fit_zoom": 15,
    }


def scene_data(catalog: Catalog, sid: str) -> dict:
    """Every drawn year in its own colour (older years dashed), the 500 m zone and nearby schools."""
    scene = catalog.scenes[sid]
    drawn = [(y, g) for y in scene.years if (g := y.geometry)]
    latest, latest_g = drawn[-1]
    ring = geo.buffer_ring(latest_g.type, latest_g.coordinates, SCHOOL_RADIUS_M)
    layers = [
        _layer_data(
            "500 m från platsen",
            [
                {
                    "type": "Feature",
                    "properties": {"kind": "ring", "style": RING_STYLE},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
            ],
            interactive=False,
        )
    ]
    legend: list[dict] = [
        {
            "label": f"500 m från platsen ({latest.year})",
            "color": RING_STYLE["color"],
            "fill": "transparent",
            "dash": True,
            "shape": "square",
        }
    ]
    now = max(scene.years, key=lambda e: e.year)  # the status now, drawn where the place was last known
    style = with_age(STATUS_STYLE[now.status], now.year < max(catalog.mappings))
    layers.append(_layer_data(LATEST_LAYER, [_scene_feature(catalog, sid, now, latest_g, style, None)]))
    legend = _status_legend("circle" if latest_g.type == "Point" else "square", now, max(catalog.mappings)) + legend
    for y, g in drawn:
        colour, _ = year_colour(catalog, y.year)
        style = {
            "fill": True,
            "color": colour,
            "fillColor": colour,
            "fillOpacity": 0.3 if y is latest else 0.12,
            "weight": 4 if y is latest else 3,
            **({} if y is latest else {"dashArray": "6 4"}),
        }
        feature = _scene_feature(catalog, sid, y, g, style, None)
        layers.append(_layer_data(catalog.mappings[y.year].title, [feature], show=False))
        inferred = y.certainty == "inferred"
        legend.append(
            {
                "label": f"Lagret {y.year}: {LABELS['status'][y.status].lower()}"
                + (f" ({INFERRED_NOTE})" if inferred else "")
                + (f" ({LABELS['dispute']['short']})" if y.dispute else ""),
                "color": colour,
                "fill": "transparent",
                "dash": y is not latest and not inferred,
                "dot": inferred,
                "shape": "circle" if g.type == "Point" else "square",
            }
        )
    near = catalog.nearby_schools.get(sid, ())
    if near:
        layers.append(_layer_data("Skolor inom 500 m", _school_features(catalog, {s.id for s in near})))
        legend.append(_school_legend(f"Skola inom {SCHOOL_RADIUS_M} m"))
    return {
        "title": f"Karta: {scene.name}",
        "layers": layers,
        "legend": legend,
        "bounds": geo.bounds(ring),
        "max_fit_zoom": 16,
    }


def _map_document(settings: Settings, kind: str, title: str, description: str) -> str:
    """The one document of a kind of map; it loads what to draw from data/<kind>-<id>.json."""
    with _counted_ids():
        m = _new_map(settings)
        # "ID" stands for the id in the document's address; the county has one file of data.
        data = urls.relative(urls.map_path(kind), urls.map_data_path(kind, None if kind == "county" else "ID"))
        _Setup({"data": data}).add_to(m)
        # The policy allows the tile host's pictures, and the document's inline scripts and styles by
        # hash: folium writes them, and no value from data is in them (data comes from the JSON file).
        return csp.protect(_document(m, title, description), images=(csp.tile_source(settings.tiles),), trusted=True)


def _json(data: dict) -> str:
    # Sorted keys and no spaces: identical bytes for identical data, and small files.
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


# (kind, title, description) of each map document; ods-map.js gives the title of the record it draws.
_DOCUMENTS = (
    (
        "county",
        "Karta: öppna drogscener i Stockholms län",
        "Karta över de öppna drogscener i Stockholms län som portalen har uppgifter om, ett lager per kartläggning.",
    ),
    (
        "municipalities",
        "Karta: platser i en kommun",
        "Karta över de platser i en kommun som portalen har uppgifter om, ett lager per kartläggning.",
    ),
    (
        "scenes",
        "Karta: en plats",
        "Karta över en plats läge i varje kartläggning, och området inom 500 meter runt den.",
    ),
)


def render_maps(catalog: Catalog, settings: Settings) -> Iterator[OutputFile]:
    """Three map documents and the data they draw: the county, each municipality with a page and
    each place with a position; one file at a time."""
    for kind, title, description in _DOCUMENTS:
        yield OutputFile.text(urls.map_path(kind), _map_document(settings, kind, title, description))
    yield OutputFile.text(urls.map_data_path("county"), _json(county_data(catalog)))
    for sid in catalog.scenes:
        if sid in catalog.latest_drawn:
            yield OutputFile.text(urls.map_data_path("scenes", sid), _json(scene_data(catalog, sid)))
    for mid in catalog.municipalities_with_content:
        if catalog.drawn_scenes[mid]:
            yield OutputFile.text(urls.map_data_path("municipalities", mid), _json(municipality_data(catalog, mid)))
