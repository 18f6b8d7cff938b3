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
- The data files are small, because a county map of thousands of places must stay far below a default
  folium map of them (bench/mapbytes.py): each place's name and municipality once, in a table of
  places; every text and style once, in tables the shapes point into by index; the place's link from
  one template (urls.page_template); many shapes as one list per key; no empty values. The map opens
  on "Senast kända läge" only: each year layer of the county and of a municipality is a file of its
  own, fetched when a visitor turns it on. What a popup says beyond the name (the status sentence
  first, then that year's entry) is in the place's own file, fetched when its popup opens.
- No clustering: the county has a few dozen known places, each drawn as a circle or an area, and
  the zoom-to-municipality control separates the crowded inner city.
- The 500 m zone on a place's map is the latest drawn shape grown by 500 m (a circle around a
  point; for an area its convex hull grown by 500 m, see geo.buffer_ring).
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import re
from collections.abc import Iterator

import folium
from branca.element import Element, MacroElement
from folium.template import Template

from .. import csp, geo, urls
from ..catalog import SCHOOL_RADIUS_M, Catalog
from ..config import Settings
from ..kinds import KINDS
from ..models import Geometry, SceneYear
from . import OutputFile
from .env import THEME
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

NOSCRIPT = "Kartan behöver JavaScript. Samma uppgifter står i texten och tabellen under kartan på sidan."
_CHARSET = re.compile(r'\s*<meta http-equiv="content-type"[^>]*>')


@functools.cache
def _shell() -> Template:
    """theme/maps/document.html.j2, the document around folium's map (rendered by folium: Figure.render)."""
    return Template((THEME / "maps" / "document.html.j2").read_text(encoding="utf-8"))


def _document(m: folium.Map, title: str, description: str) -> str:
    """Render and finish the document: valid HTML, a viewport that allows zooming, no favicon request."""
    root = m.get_root()
    root._template = _shell()
    html = root.render(title=title, description=description, noscript=NOSCRIPT)
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


class _Tables:
    """The texts and style objects of one data file, each once: places and shapes point into them by
    index, so that a label or a sentence shared by a thousand places is written once."""

    def __init__(self) -> None:
        self._texts: dict[str, int] = {}
        self._styles: dict[str, tuple[int, dict]] = {}

    def text(self, value: str) -> int:
        return self._texts.setdefault(value, len(self._texts))

    def style(self, value: dict) -> int:
        key = json.dumps(value, sort_keys=True)
        if key not in self._styles:
            self._styles[key] = (len(self._styles), value)
        return self._styles[key][0]

    def data(self) -> dict:
        return {"texts": list(self._texts), "styles": [style for _, style in self._styles.values()]}


def _coordinates(g) -> list:
    """A shape's coordinates only: a position [lon, lat] is a point; an area is a list of rings, each a
    flat list of whole millionths of a degree (geo.rounded keeps six decimals, so nothing is lost), the
    first corner as it is and each next one as the step from the one before: short numbers."""
    coordinates = geo.geojson_geometry(g.type, g.coordinates)["coordinates"]
    return coordinates if g.type == "Point" else [_steps(ring) for ring in coordinates]


def _steps(ring: list) -> list[int]:
    out, last = [], (0, 0)
    for lon, lat in ring:
        here = (round(lon * 1e6), round(lat * 1e6))
        out += [here[0] - last[0], here[1] - last[1]]
        last = here
    return out


def _columns(rows: list[dict]) -> dict[str, list]:
    """Rows that all have the same keys as one list per key: each kind of value together packs best."""
    return {key: [row[key] for row in rows] for key in (rows[0] if rows else {})}


def _places(catalog: Catalog, scene_ids, tables: _Tables, sentence: bool) -> tuple[list[dict], dict[str, int]]:
    """Each place with a position once, in Swedish name order (the order a keyboard reaches them): what
    every shape of it has in common, whichever year is drawn. The shapes point here by index. The
    status sentence only if asked: a map of many places fetches it from the place's own file when
    its popup opens."""
    drawn = [sid for sid in scene_ids if (d := catalog.latest_drawn.get(sid)) is not None and d.geometry]
    drawn.sort(key=lambda sid: _name_order(catalog.scenes[sid].name))
    places = []
    for sid in drawn:
        scene = catalog.scenes[sid]
        place = {"id": sid, "n": scene.name, "m": tables.text(catalog.municipalities[scene.municipality].name)}
        if sentence:  # what is known now, whichever year is drawn
            place["t"] = tables.text(status_now(scene, catalog))
        places.append(place)
    return places, {sid: i for i, sid in enumerate(drawn)}


def _shape(catalog: Catalog, tables: _Tables, place: int, y: SceneYear, g: Geometry, style: dict, full: bool) -> dict:
    """A place in one year: the place's index, g (that year's geometry), its style and status; in full
    (on the place's own map, whose file a popup elsewhere reads) also what the popup says of that year.
    Texts and styles are indexes into the file's tables; what a year does not have is left out."""
    label = LABELS["status"][y.status] + (f" ({LABELS['dispute']['short']})" if y.dispute else "")
    shape = {
        "i": place,
        "g": _coordinates(g),
        "y": y.year,
        "s": tables.style(with_certainty(style, y)),
        "a": tables.text(label),
    }
    if not full:
        return shape
    shape["p"] = tables.text(LABELS["precision"][g.precision])
    if y.certainty == "inferred":  # "c" is there only for a conclusion of ours: what it rests on
        shape["c"] = tables.text(y.inferred_from or "")
    optional = {"o": y.note, "d": dispute_sv(y), "q": _dispute_sources(catalog, y)}
    shape.update({key: tables.text(value) for key, value in optional.items() if value})
    return shape


def _dispute_sources(catalog: Catalog, y: SceneYear) -> str | None:
    """'Källa: Mitt i, Lugnare i Storvreten …': plain text for the popup, which sets it as text."""
    if not y.dispute:
        return None
    found = [catalog.sources[sid] for sid in y.dispute.sources]
    word = KINDS["sources"].singular if len(found) == 1 else KINDS["sources"].plural
    return f"{word}: " + "; ".join(f"{s.publisher}, {s.title}" for s in found) + "."


def _school_layer(catalog: Catalog, tables: _Tables, name: str, show: bool, ids=None) -> dict:
    schools = sorted(
        ((sid, s) for sid, s in catalog.schools.items() if ids is None or sid in ids),
        key=lambda item: _name_order(item[1].name),
    )
    shapes = [
        {
            "n": s.name,
            "k": tables.text(SCHOOL_TYPES[s.type]),
            "g": _coordinates(s.geometry),
            "s": tables.style(SCHOOL_STYLE),
        }
        for _, s in schools
    ]
    return {"name": name, "show": show, "kind": "school", "shapes": shapes}


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


def _years_map(catalog: Catalog, scene_ids, kind: str, record_id: str | None) -> tuple[dict, dict[str, dict], list]:
    """The data of a map of many places, and the files of its year layers by path, and every position.

    The map opens on "Senast kända läge", each place once at its latest entry (a single round leaves
    out the places it does not name: Storvreten is only in 2025, Hässelby torg only up to 2021). Each
    mapping year is a hidden layer in a file of its own, fetched when a visitor turns it on; its
    shapes point into this file's places, so a place's name is written once."""
    tables = _Tables()
    places, index = _places(catalog, scene_ids, tables, sentence=False)
    newest = max(catalog.mappings)
    latest = []
    for sid in index:
        y = max(catalog.scenes[sid].years, key=lambda e: e.year)  # the status now, drawn where last known
        style = with_age(STATUS_STYLE[y.status], y.year < newest)
        g = catalog.latest_drawn[sid].geometry
        assert g is not None  # _places keeps only the places with a position
        shape = _shape(catalog, tables, index[sid], y, g, style, False)
        del shape["i"]  # one shape per place, in the order of the places
        latest.append(shape)
    layers: list[dict] = [{"name": LATEST_LAYER, "show": True, "shapes": _columns(latest)}]
    parts, positions = {}, []
    for year in catalog.drawn_years(list(index)):
        part, shapes = _Tables(), []
        for sid in index:
            for y in catalog.scenes[sid].years:
                if y.year == year and (g := y.geometry):
                    shapes.append(_shape(catalog, part, index[sid], y, g, STATUS_STYLE[y.status], False))
                    positions += geo.positions(g.type, g.coordinates)
        path = urls.map_layer_path(kind, record_id, year)
        parts[path] = {"shapes": _columns(shapes), **part.data()}
        src = urls.relative(urls.map_path(kind), path)
        layers.append({"name": catalog.mappings[year].title, "show": False, "src": src})
    data = {
        "places": _columns(places),
        "layers": layers,
        # Each place's link, and the file with what its popup says: {id} is its id.
        "href": urls.page_template(urls.map_path(kind), "scenes"),
        "detail": urls.relative(urls.map_path(kind), urls.map_data_path("scenes", "{id}")),
        **tables.data(),
    }
    return data, parts, positions


# Å, Ä and Ö come last and in that order, as in a Swedish dictionary.
_SWEDISH = str.maketrans({"å": "\uffff1", "ä": "\uffff2", "æ": "\uffff2", "ö": "\uffff3", "ø": "\uffff3"})


def _name_order(name: str) -> str:
    """Places in the order a keyboard reaches them on a map: by name, as Swedish sorts it."""
    return name.casefold().translate(_SWEDISH)


def county_data(catalog: Catalog) -> tuple[dict, dict[str, dict]]:
    """The county map's data and the files of its year layers by path."""
    data, parts, positions = _years_map(catalog, list(catalog.scenes), "county", None)
    legend = _status_legend()
    if catalog.schools:
        tables = _Tables()
        data["layers"].append(_school_layer(catalog, tables, KINDS["schools"].plural, show=False))
        parts[urls.map_data_path("county", "skolor")] = {"shapes": data["layers"][-1].pop("shapes"), **tables.data()}
        data["layers"][-1]["src"] = urls.relative(urls.map_path("county"), urls.map_data_path("county", "skolor"))
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
    data |= {
        "title": "Karta: öppna drogscener i Stockholms län",
        "legend": legend,
        "areas": areas,
        "bounds": geo.bounds(positions),
        "max_fit_zoom": 13,
    }
    return data, parts


def municipality_data(catalog: Catalog, mid: str) -> tuple[dict, dict[str, dict]]:
    """A municipality's map data and the files of its year layers by path."""
    scene_ids = catalog.linked("scenes_by_municipality", mid)
    data, parts, positions = _years_map(catalog, scene_ids, "municipalities", mid)
    data |= {
        "title": f"Karta: platser i {catalog.municipalities[mid].official_name}",
        "legend": _status_legend(),
        "bounds": geo.bounds(positions),
        "max_fit_zoom": 15,
    }
    return data, parts


def scene_data(catalog: Catalog, sid: str) -> dict:
    """Every drawn year in its own colour (older years dashed), the 500 m zone and nearby schools; a few
    shapes, so every layer is in the one file."""
    scene = catalog.scenes[sid]
    drawn = [(y, g) for y in scene.years if (g := y.geometry)]
    latest, latest_g = drawn[-1]
    tables = _Tables()
    places, _ = _places(catalog, [sid], tables, sentence=True)
    ring = geo.buffer_ring(latest_g.type, latest_g.coordinates, SCHOOL_RADIUS_M)
    layers = [
        {
            "name": "500 m från platsen",
            "show": True,
            "kind": "ring",
            "shapes": [{"g": [_steps(ring)], "s": tables.style(RING_STYLE)}],
        }
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
    layers.append(
        {"name": LATEST_LAYER, "show": True, "shapes": [_shape(catalog, tables, 0, now, latest_g, style, True)]}
    )
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
        shape = _shape(catalog, tables, 0, y, g, style, True)
        layers.append({"name": catalog.mappings[y.year].title, "show": False, "shapes": [shape]})
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
        layers.append(_school_layer(catalog, tables, "Skolor inom 500 m", True, {s.id for s in near}))
        legend.append(_school_legend(f"Skola inom {SCHOOL_RADIUS_M} m"))
    return {
        "title": f"Karta: {scene.name}",
        "places": _columns(places),
        "layers": layers,
        "legend": legend,
        "bounds": geo.bounds(ring),
        "max_fit_zoom": 16,
        **tables.data(),
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
    each place with a position, and the year layers of the first two in files of their own; one file
    at a time."""
    for kind, title, description in _DOCUMENTS:
        yield OutputFile.text(urls.map_path(kind), _map_document(settings, kind, title, description))
    data, parts = county_data(catalog)
    yield OutputFile.text(urls.map_data_path("county"), _json(data))
    for path, part in parts.items():
        yield OutputFile.text(path, _json(part))
    for sid in catalog.scenes:
        if sid in catalog.latest_drawn:
            yield OutputFile.text(urls.map_data_path("scenes", sid), _json(scene_data(catalog, sid)))
    for mid in catalog.municipalities_with_content:
        if catalog.drawn_scenes[mid]:
            data, parts = municipality_data(catalog, mid)
            yield OutputFile.text(urls.map_data_path("municipalities", mid), _json(data))
            for path, part in parts.items():
                yield OutputFile.text(path, _json(part))
