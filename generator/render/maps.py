"""Maps: folium -> standalone Leaflet documents in kartor/, and the embeds on the pages.

Every map is its own HTML document (kartor/karta.html, kartor/plats-<id>.html,
kartor/kommun-<id>.html) embedded with <iframe>, followed on the page by a table of the same
places as a text alternative.

- Assets are self-hosted: Leaflet is copied from node_modules into assets/vendor/leaflet/, and the
  portal's own script and style (theme/maps/) into kartor/. folium's default CDN lists (Leaflet,
  jQuery, Bootstrap, Font Awesome) are replaced per Map instance. No jQuery: popups are bound by
  theme/maps/ods-map.js with DOM nodes, so folium's `$`-based Popup is never used.
- Data goes into the documents as JSON only (folium's tojson escapes <, > and &), and every text
  from data is set with textContent in the browser; names can never become markup or script.
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
import re
from dataclasses import dataclass

import folium
from branca.element import Element, MacroElement
from folium.template import Template
from folium.utilities import JsCode
from markupsafe import Markup, escape

from .. import geo, urls
from ..catalog import Catalog
from ..config import ROOT, Settings
from ..models import Scene, SceneYear
from . import OutputFile
from .text import LABELS, md

NODE_MODULES = ROOT / "node_modules"
THEME_MAPS = ROOT / "theme" / "maps"
VENDOR = "assets/vendor/leaflet"
SCHOOL_RADIUS_M = 500

# Status colours on the overview maps; removed places are grey with a dashed edge.
STATUS_STYLE = {
    "listed": {"fill": True, "color": "#b71c1c", "fillColor": "#e53935", "fillOpacity": 0.45, "weight": 3},
    "removed": {"fill": True, "color": "#424242", "fillColor": "#9e9e9e", "fillOpacity": 0.35, "weight": 3, "dashArray": "5 4"},
}
# One colour per mapping year on a place's map (by the year's position among all mappings).
YEAR_COLOURS = [("#c62828", "röd"), ("#1565c0", "blå"), ("#2e7d32", "grön"), ("#6a1b9a", "lila"),
                ("#e65100", "orange")]
SCHOOL_STYLE = {"fill": True, "color": "#0d47a1", "fillColor": "#ffffff", "fillOpacity": 1, "weight": 3}
RING_STYLE = {"fill": True, "color": "#37474f", "fillColor": "#90a4ae", "fillOpacity": 0.08, "weight": 2, "dashArray": "6 6"}
STATUS_LABEL = {"listed": "Utpekad", "removed": "Upphört"}
# A year that is our inference, not stated by a source: dotted edge and a paler fill, on every map.
INFERRED_STYLE = {"dashArray": "1 6", "fillOpacity": 0.15, "lineCap": "round"}
INFERRED_NOTE = "vår slutsats, inte angivet i källan"


def _style(base: dict, y: SceneYear) -> dict:
    return {**base, **INFERRED_STYLE} if y.certainty == "inferred" else base
SCHOOL_TYPES = {"förskola": "Förskola", "grundskola": "Grundskola", "gymnasium": "Gymnasium", "annan": "Skola"}


# --- data helpers, shared with the pages ------------------------------------------------------

def latest_geometry(scene: Scene) -> SceneYear | None:
    """The newest year in which the place is drawn."""
    drawn = [y for y in scene.years if y.geometry]
    return drawn[-1] if drawn else None


@dataclass(frozen=True)
class NearbySchool:
    id: str
    name: str
    type: str
    distance_m: float


def schools_near(catalog: Catalog, scene_id: str, radius_m: float = SCHOOL_RADIUS_M) -> list[NearbySchool]:
    """Schools within radius_m of the place's latest drawn shape (0 m inside an area), nearest first."""
    year = latest_geometry(catalog.scenes[scene_id])
    if year is None:
        return []
    g = year.geometry
    found = []
    for sid, school in catalog.schools.items():
        d = geo.distance_to_geometry_m(school.geometry.coordinates, g.type, g.coordinates)
        if d <= radius_m:
            found.append(NearbySchool(sid, school.name, school.type, d))
    return sorted(found, key=lambda s: (s.distance_m, s.id))


def listed_with_school(catalog: Catalog, year: int) -> tuple[int, int]:
    """(places listed and drawn in that year's mapping, of them with a school within 500 m)."""
    listed = [sid for sid, s in catalog.scenes.items()
              if any(y.year == year and y.status == "listed" and y.geometry for y in s.years)]
    return len(listed), sum(1 for sid in listed if schools_near(catalog, sid))


def _year_colour(catalog: Catalog, year: int) -> tuple[str, str]:
    return YEAR_COLOURS[sorted(catalog.mappings).index(year) % len(YEAR_COLOURS)]


def _round(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], 6), round(coordinates[1], 6)]
    return [_round(c) for c in coordinates]


def _geometry(g) -> dict:
    coords = g.coordinates if g.type == "Point" else geo.oriented(g.coordinates)
    return {"type": g.type, "coordinates": _round(coords)}


def _positions(g) -> list:
    return [g.coordinates] if g.type == "Point" else list(g.coordinates[0])


def _bounds(positions) -> list[list[float]] | None:
    """Leaflet bounds [[south, west], [north, east]] around [lon, lat] positions."""
    if not positions:
        return None
    lons, lats = [p[0] for p in positions], [p[1] for p in positions]
    return [[round(min(lats), 6), round(min(lons), 6)], [round(max(lats), 6), round(max(lons), 6)]]


# --- the map documents ------------------------------------------------------------------------

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
    """The last script in a map: legend, controls, fit to bounds, window.odsMap and odsMapReady."""

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


def _document(m: folium.Map, title: str) -> str:
    """Render and finish the document: language, title, a viewport that allows zooming, no favicon request."""
    html = m.get_root().render()
    safe_title = str(escape(title))
    html = html.replace("<html>", '<html lang="sv">', 1)
    html = html.replace("<head>", f'<head>\n    <title>{safe_title}</title>\n    <link rel="icon" href="data:,">', 1)
    html = _VIEWPORT.sub('<meta name="viewport" content="width=device-width, initial-scale=1.0">', html, count=1)
    html = re.sub(r'(<body>\s*)', rf'\1<h1 class="ods-visually-hidden">{safe_title}</h1>\n    ', html, count=1)
    html = "\n".join(line.rstrip() for line in html.splitlines()) + "\n"
    return html


def _new_map(settings: Settings) -> folium.Map:
    m = folium.Map(location=[59.33, 18.07], zoom_start=10, tiles=None, zoom_control=False,
                   control_scale=True, max_zoom=settings.max_zoom)
    # Per instance, never on the class: only our own copies, nothing from a CDN.
    m.default_js = [("leaflet", f"../{VENDOR}/leaflet.js"), ("ods_map", "ods-map.js")]
    m.default_css = [("leaflet_css", f"../{VENDOR}/leaflet.css"), ("ods_map_css", "ods-map.css")]
    folium.TileLayer(tiles=settings.tiles, attr=settings.attribution, max_zoom=settings.max_zoom,
                     name="Bakgrundskarta", control=False).add_to(m)
    return m


_ON_EACH = JsCode("function (feature, layer) { odsFeature(feature, layer); }")


def _layer(features: list[dict], name: str, show: bool = True, **options) -> folium.GeoJson:
    return folium.GeoJson({"type": "FeatureCollection", "features": features}, name=name, show=show,
                          marker=folium.CircleMarker(radius=8), on_each_feature=_ON_EACH, **options)


def _scene_feature(catalog: Catalog, sid: str, y: SceneYear, style: dict, href: str | None) -> dict:
    scene = catalog.scenes[sid]
    return {"type": "Feature", "geometry": _geometry(y.geometry), "properties": {
        "kind": "scene", "id": sid, "name": scene.name, "municipality": catalog.municipalities[scene.municipality].name,
        "year": y.year, "status": y.status, "status_label": STATUS_LABEL[y.status],
        "certainty": y.certainty, "certainty_label": LABELS["certainty"][y.certainty],
        "inferred_from": y.inferred_from, "precision_label": LABELS["precision"][y.geometry.precision],
        "note": y.note, "href": href, "style": _style(style, y)}}


def _school_features(catalog: Catalog, ids=None) -> list[dict]:
    return [{"type": "Feature", "geometry": _geometry(s.geometry), "properties": {
        "kind": "school", "id": sid, "name": s.name, "type_label": SCHOOL_TYPES[s.type], "style": SCHOOL_STYLE}}
        for sid, s in catalog.schools.items() if ids is None or sid in ids]


def _status_legend(shapes: str = "circle") -> list[dict]:
    items = [{"label": f"{STATUS_LABEL[k]} det året", "color": v["color"], "fill": v["fillColor"],
              "dash": "dashArray" in v, "shape": shapes} for k, v in STATUS_STYLE.items()]
    return items + [_inferred_legend(shapes)]


def _inferred_legend(shape: str = "circle") -> dict:
    return {"label": f"Prickad kant: året är {INFERRED_NOTE}", "color": "#424242", "fill": "transparent",
            "dot": True, "shape": shape}


def _school_legend(label: str = "Skola (eget lager)") -> dict:
    return {"label": label, "color": SCHOOL_STYLE["color"], "fill": "#ffffff", "shape": "circle",
            "dash": False}


def drawn_years(catalog: Catalog, scene_ids) -> list[int]:
    """Mapping years in which at least one of the places is drawn, oldest first."""
    return sorted({y.year for sid in scene_ids for y in catalog.scenes[sid].years if y.geometry})


def first_year(catalog: Catalog, scene_ids) -> int | None:
    """The year a map opens on: the newest mapping with official figures if it has places to show
    here, else the newest year that has any (a newer round may name only a few places)."""
    years = drawn_years(catalog, scene_ids)
    counted = catalog.latest_counted_mapping
    if counted and counted.year in years:
        return counted.year
    return years[-1] if years else None


def _years_layers(catalog: Catalog, m: folium.Map, scene_ids, href_from: str) -> list:
    """One layer per mapping year with every drawn place, coloured by status; first_year is shown."""
    shown = first_year(catalog, scene_ids)
    positions = []
    for year in drawn_years(catalog, scene_ids):
        features = []
        for sid in scene_ids:
            for y in catalog.scenes[sid].years:
                if y.year == year and y.geometry:
                    href = urls.relative(href_from, urls.url("scenes", sid).lstrip("/"))
                    features.append(_scene_feature(catalog, sid, y, STATUS_STYLE[y.status], href))
                    positions += _positions(y.geometry)
        _layer(features, f"{catalog.mappings[year].title}", show=year == shown).add_to(m)
    return positions


def overview_map(catalog: Catalog, settings: Settings) -> str:
    with _counted_ids():
        m = _new_map(settings)
        page = urls.map_path("karta")
        positions = _years_layers(catalog, m, list(catalog.scenes), page)
        legend = _status_legend()
        if catalog.schools:
            _layer(_school_features(catalog), "Skolor", show=False).add_to(m)
            legend.append(_school_legend())
        areas = []
        for mid, mun in catalog.municipalities.items():
            pts = [p for sid in catalog.linked("scenes_by_municipality", mid)
                   for y in catalog.scenes[sid].years if y.geometry for p in _positions(y.geometry)]
            if pts:
                areas.append({"id": mid, "name": mun.name, "bounds": _bounds(pts)})
        areas.sort(key=lambda a: a["name"])
        folium.LayerControl(collapsed=False, position="topright").add_to(m)
        _Setup({"bounds": _bounds(positions), "legend": legend, "areas": areas, "max_fit_zoom": 13}).add_to(m)
        return _document(m, "Karta: öppna drogscener i Stockholms län")


def municipality_map(catalog: Catalog, settings: Settings, mid: str) -> str:
    with _counted_ids():
        m = _new_map(settings)
        positions = _years_layers(catalog, m, catalog.linked("scenes_by_municipality", mid),
                                  urls.map_path(f"kommun-{mid}"))
        folium.LayerControl(collapsed=False, position="topright").add_to(m)
        _Setup({"bounds": _bounds(positions), "legend": _status_legend(), "max_fit_zoom": 15}).add_to(m)
        return _document(m, f"Karta: platser i {catalog.municipalities[mid].name} kommun")


def scene_map(catalog: Catalog, settings: Settings, sid: str) -> str:
    """Every drawn year in its own colour (older years dashed), the 500 m zone and nearby schools."""
    scene = catalog.scenes[sid]
    drawn = [y for y in scene.years if y.geometry]
    with _counted_ids():
        m = _new_map(settings)
        legend, positions = [], []
        latest = drawn[-1]
        ring = geo.buffer_ring(latest.geometry.type, latest.geometry.coordinates, SCHOOL_RADIUS_M)
        _layer([{"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [ring]},
                 "properties": {"kind": "ring", "style": RING_STYLE}}],
               "500 m från platsen", interactive=False).add_to(m)
        legend.append({"label": f"500 m från platsen ({latest.year})", "color": RING_STYLE["color"],
                       "fill": "transparent", "dash": True, "shape": "square"})
        positions += ring
        for y in drawn:
            colour, _ = _year_colour(catalog, y.year)
            style = {"fill": True, "color": colour, "fillColor": colour, "fillOpacity": 0.3 if y is latest else 0.12,
                     "weight": 4 if y is latest else 3, **({} if y is latest else {"dashArray": "6 4"})}
            _layer([_scene_feature(catalog, sid, y, style, None)], catalog.mappings[y.year].title).add_to(m)
            shape = "circle" if y.geometry.type == "Point" else "square"
            inferred = y.certainty == "inferred"
            legend.append({"label": f"{y.year}: {STATUS_LABEL[y.status].lower()}"
                                    + (f" ({INFERRED_NOTE})" if inferred else ""), "color": colour,
                           "fill": "transparent", "dash": y is not latest and not inferred, "dot": inferred,
                           "shape": shape})
        near = schools_near(catalog, sid)
        if near:
            _layer(_school_features(catalog, {s.id for s in near}), "Skolor inom 500 m").add_to(m)
            legend.append(_school_legend(f"Skola inom {SCHOOL_RADIUS_M} m"))
        folium.LayerControl(collapsed=False, position="topright").add_to(m)
        _Setup({"bounds": _bounds(positions), "legend": legend, "max_fit_zoom": 16}).add_to(m)
        return _document(m, f"Karta: {scene.name}")


# --- embeds on the pages ----------------------------------------------------------------------

def _iframe(page_path: str, map_name: str, title: str) -> Markup:
    src = urls.relative(page_path, urls.map_path(map_name))
    # md(): HTML and Markdown characters as numeric entities, valid in an attribute too.
    return Markup(f'<div class="ods-map">\n<iframe src="{escape(src)}" title="{md(title)}" loading="lazy">'
                  f'</iframe>\n</div>')


def _render(template: str, catalog: Catalog, page_path: str, **context) -> Markup:
    from .pages import Linker, environment  # pages imports this module

    text = environment().get_template(f"maps/{template}").render(
        c=catalog, link=Linker(catalog, page_path), **context)
    return Markup(text.strip())


def scene_map_embed(catalog: Catalog, scene_id: str, page_path: str) -> Markup:
    scene = catalog.scenes[scene_id]
    drawn = [y for y in scene.years if y.geometry]
    if not drawn:
        return Markup("")
    rows = [{"year": y.year, "title": catalog.mappings[y.year].title, "status": STATUS_LABEL[y.status],
             "colour": _year_colour(catalog, y.year)[1], "dashed": y is not drawn[-1],
             "shape": "punkt" if y.geometry.type == "Point" else "område",
             "inferred": y.certainty == "inferred", "precision": LABELS["precision"][y.geometry.precision]}
            for y in drawn]
    return _render("scene.md.j2", catalog, page_path, s=scene, id=scene_id, rows=rows,
                   iframe=_iframe(page_path, f"plats-{scene_id}", f"Karta: {scene.name}"),
                   latest=drawn[-1], has_schools=bool(catalog.schools),
                   schools=schools_near(catalog, scene_id), radius=SCHOOL_RADIUS_M)


def _drawn_scenes(catalog: Catalog, mid: str) -> list[str]:
    return [sid for sid in catalog.linked("scenes_by_municipality", mid)
            if latest_geometry(catalog.scenes[sid])]


def municipality_map_embed(catalog: Catalog, municipality_id: str, page_path: str) -> Markup:
    if not _drawn_scenes(catalog, municipality_id):
        return Markup("")
    name = catalog.municipalities[municipality_id].name
    return _render("municipality.md.j2", catalog, page_path, m=catalog.municipalities[municipality_id],
                   iframe=_iframe(page_path, f"kommun-{municipality_id}", f"Karta: platser i {name} kommun"),
                   shown=catalog.mappings[first_year(catalog, _drawn_scenes(catalog, municipality_id))])


def _vendor_files() -> list[OutputFile]:
    leaflet = NODE_MODULES / "leaflet"
    if not (leaflet / "dist" / "leaflet.js").exists():
        raise FileNotFoundError(f"{leaflet}/dist/leaflet.js saknas; kör `npm ci` (eller `make site`) först")
    files = [(leaflet / "dist" / "leaflet.js", "leaflet.js"), (leaflet / "dist" / "leaflet.css", "leaflet.css"),
             (leaflet / "LICENSE", "LICENSE")]
    files += [(p, f"images/{p.name}") for p in sorted((leaflet / "dist" / "images").glob("*.png"))]
    return [OutputFile(f"{VENDOR}/{name}", path.read_bytes()) for path, name in files]


def render_maps(catalog: Catalog, settings: Settings) -> list[OutputFile]:
    from .pages import Linker, environment, _municipalities_with_content

    out = _vendor_files()
    out += [OutputFile(f"kartor/{name}", (THEME_MAPS / name).read_bytes()) for name in ("ods-map.js", "ods-map.css")]
    out.append(OutputFile.text(urls.map_path("karta"), overview_map(catalog, settings)))
    for sid, scene in catalog.scenes.items():
        if latest_geometry(scene):
            out.append(OutputFile.text(urls.map_path(f"plats-{sid}"), scene_map(catalog, settings, sid)))
    for mid in _municipalities_with_content(catalog):
        if _drawn_scenes(catalog, mid):
            out.append(OutputFile.text(urls.map_path(f"kommun-{mid}"), municipality_map(catalog, settings, mid)))

    path = "karta/index.md"
    template = "pages/map.md.j2"
    shown = catalog.mappings[first_year(catalog, list(catalog.scenes))]
    listed, with_school = listed_with_school(catalog, shown.year)
    text = environment().get_template(template).render(
        c=catalog, link=Linker(catalog, path), page_path=path, settings=settings,
        edit_url=settings.edit_base + f"theme/{template}", source_url=f"{settings.view_base}theme/{template}#L1",
        source_file=f"theme/{template}", source_line=1, record_page=False,
        iframe=_iframe(path, "karta", "Karta: öppna drogscener i Stockholms län"),
        years=sorted(catalog.mappings), latest=max(catalog.mappings),
        shown=shown,
        has_schools=bool(catalog.schools), listed=listed, with_school=with_school, radius=SCHOOL_RADIUS_M,
        status_style=STATUS_STYLE)
    out.append(OutputFile.text(path, text))
    return out
