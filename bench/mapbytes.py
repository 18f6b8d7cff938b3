"""Bytes per place on the county map (/karta/): the portal's map against a default folium map.

For N synthetic places (bench/synthetic.py) this counts what a visitor's browser fetches for the map on
/karta/ beyond Leaflet itself: the portal's map document (kartor/karta.html), its script and style
(ods-map.js, ods-map.css) and the county's data (kartor/data/karta.json: every place once, at its latest
entry, the layer the map opens on), as the generator writes them. What is fetched only on demand is
printed beside it, not added: a year layer's file when a visitor turns it on (kartor/data/karta-<year>.json)
and a place's own file when its popup opens (kartor/data/plats-<id>.json, with the status sentence).
Against it: the map as folium makes it by default, one document with each place's latest position as a
marker or polygon with a popup (its name, the same status sentence, a link) and a tooltip, saved with
folium's own Map.save. Leaflet is fetched by both and left out of both; folium's default page also loads
jQuery, Bootstrap and Font Awesome from CDNs, which are left out too (so the ratio flatters folium).
Printed: bytes raw and gzip-compressed (as the host sends them), per place, and the ratio portal/folium
with folium's bytes as the denominator. bench/run.py (`make bench`) runs this at each size with --json.

    .venv/bin/python bench/mapbytes.py            # 5000 places
    .venv/bin/python bench/mapbytes.py --places 1000
    .venv/bin/python bench/mapbytes.py --data /tmp/ods-data-1000 --json   # a folder bench/synthetic.py wrote
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import folium  # noqa: E402  (the default map to compare with; the generator uses folium only in render/maps.py)
import synthetic  # noqa: E402

from generator import urls  # noqa: E402
from generator.catalog import check  # noqa: E402
from generator.config import load_settings  # noqa: E402
from generator.render.maps import render_maps  # noqa: E402
from generator.render.text import status_now  # noqa: E402


def portal_files(catalog, settings) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(what /karta/ fetches when it opens, every other file of map data: fetched on demand)."""
    wanted = {urls.map_path("county"), urls.map_data_path("county")}
    files = {f.path: f.content for f in render_maps(catalog, settings)}
    opening = {path: content for path, content in files.items() if path in wanted}
    for name in ("ods-map.js", "ods-map.css"):
        opening[name] = (ROOT / "theme" / "maps" / name).read_bytes()
    return opening, {path: content for path, content in files.items() if path.endswith(".json") and path not in wanted}


def _sizes(files) -> tuple[int, int]:
    return sum(map(len, files)), sum(len(gzip.compress(b, mtime=0)) for b in files)


def _mean(files) -> tuple[int, int]:
    raw, packed = _sizes(files)
    return (round(raw / len(files)), round(packed / len(files))) if files else (0, 0)


def measure(catalog, settings) -> dict:
    opening, later = portal_files(catalog, settings)
    theirs = default_folium(catalog, settings)
    raw, packed = _sizes(opening.values())
    f_raw, f_packed = _sizes([theirs])
    years = [c for p, c in later.items() if any(p == urls.map_layer_path("county", None, y) for y in catalog.mappings)]
    places = [c for p, c in later.items() if p.startswith(urls.map_data_path("scenes", "x").removesuffix("x.json"))]
    return {
        "places": len(catalog.scenes),
        "portal": [raw, packed],
        "folium": [f_raw, f_packed],
        "year_layer_mean": list(_mean(years)),
        "place_file_mean": list(_mean(places)),
    }


def lines(m: dict) -> list[str]:
    """The figures in Swedish, as this script and bench/run.py print them."""
    n, (raw, packed), (f_raw, f_packed) = m["places"], m["portal"], m["folium"]

    def b(x: int) -> str:
        return f"{x:,}".replace(",", " ")

    return [
        f"/karta/ med {n} syntetiska platser (utan Leaflet, som båda hämtar):",
        f"  portalen när kartan öppnas: {b(raw)} byte, gzip {b(packed)} ({raw / n:.0f} / {packed / n:.0f} byte per plats)",
        f"  folium som standard: {b(f_raw)} byte, gzip {b(f_packed)} ({f_raw / n:.0f} / {f_packed / n:.0f} byte per plats)",
        f"  portalen / folium som standard: {raw / f_raw:.1%} okomprimerat, {packed / f_packed:.1%} gzip "
        "(nämnaren: en folium-karta som standard med samma platser)",
        f"  på begäran, inte medräknat: ett årslager i snitt {b(m['year_layer_mean'][0])} byte "
        f"(gzip {b(m['year_layer_mean'][1])}), en plats egen fil när dess ruta öppnas i snitt "
        f"{b(m['place_file_mean'][0])} byte (gzip {b(m['place_file_mean'][1])})",
    ]


def default_folium(catalog, settings) -> bytes:
    m = folium.Map(location=[59.33, 18.07], zoom_start=10, tiles=settings.tiles, attr=settings.attribution)
    for sid, scene in catalog.scenes.items():
        drawn = [y for y in scene.years if y.geometry]
        if not drawn:
            continue
        g = drawn[-1].geometry
        popup = folium.Popup(
            f"<b>{scene.name}</b><br>{status_now(scene, catalog)}<br><a href='../platser/{sid}/'>Mer</a>"
        )
        if g.type == "Point":
            lon, lat = g.coordinates
            folium.CircleMarker([lat, lon], radius=8, popup=popup, tooltip=scene.name).add_to(m)
        else:
            ring = [[lat, lon] for lon, lat in g.coordinates[0]]
            folium.Polygon(ring, popup=popup, tooltip=scene.name).add_to(m)
    return m.get_root().render().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=5000)
    parser.add_argument("--data", type=Path, help="en datamapp som bench/synthetic.py har skrivit")
    parser.add_argument("--json", action="store_true", help="siffrorna som JSON (för bench/run.py)")
    args = parser.parse_args()
    settings = load_settings()
    if args.data:
        catalog = check(args.data)
    else:
        with tempfile.TemporaryDirectory(prefix="ods-mapbytes-") as tmp:
            catalog = synthetic.write(args.places, Path(tmp) / "data")
    m = measure(catalog, settings)
    print(json.dumps({**m, "lines": lines(m)}, ensure_ascii=False) if args.json else "\n".join(lines(m)))


if __name__ == "__main__":
    main()
