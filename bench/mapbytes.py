"""Bytes per place on the county map (/karta/): the portal's map against a default folium map.

For N synthetic places (bench/synthetic.py) this counts what a visitor's browser fetches for the map on
/karta/ beyond Leaflet itself: the portal's map document (kartor/karta.html), its script and style
(ods-map.js, ods-map.css) and the county's data (kartor/data/karta.json), as the generator writes them.
Against it: the map as folium makes it by default, one document with each place's latest position as a
marker or polygon with a popup (its name, the same status sentence, a link) and a tooltip, saved with
folium's own Map.save. Leaflet is fetched by both and left out of both; folium's default page also loads
jQuery, Bootstrap and Font Awesome from CDNs, which are left out too (so the ratio flatters folium).
Printed: bytes raw and gzip-compressed (as the host sends them), per place, and the ratio portal/folium
with folium's bytes as the denominator.

    .venv/bin/python bench/mapbytes.py            # 5000 places
    .venv/bin/python bench/mapbytes.py --places 1000
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import folium  # noqa: E402  (the default map to compare with; the generator uses folium only in render/maps.py)
import synthetic  # noqa: E402

from generator import urls  # noqa: E402
from generator.config import load_settings  # noqa: E402
from generator.render.maps import render_maps  # noqa: E402
from generator.render.text import status_now  # noqa: E402


def portal_files(catalog, settings) -> dict[str, bytes]:
    wanted = {urls.map_path("county"), urls.map_data_path("county")}
    files = {f.path: f.content for f in render_maps(catalog, settings) if f.path in wanted}
    for name in ("ods-map.js", "ods-map.css"):
        files[name] = (ROOT / "theme" / "maps" / name).read_bytes()
    return files


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
    args = parser.parse_args()
    settings = load_settings()
    with tempfile.TemporaryDirectory(prefix="ods-mapbytes-") as tmp:
        catalog = synthetic.write(args.places, Path(tmp) / "data")
    ours = portal_files(catalog, settings)
    theirs = default_folium(catalog, settings)
    n = len(catalog.scenes)
    raw, packed = sum(map(len, ours.values())), sum(len(gzip.compress(b, mtime=0)) for b in ours.values())
    f_raw, f_packed = len(theirs), len(gzip.compress(theirs, mtime=0))
    print(f"/karta/ med {n} syntetiska platser (utan Leaflet, som båda hämtar):")
    print(
        f"  portalen: {raw:,} byte, gzip {packed:,} ({raw / n:.0f} / {packed / n:.0f} byte per plats)".replace(",", " ")
    )
    print(f"  folium som standard: {f_raw:,} byte, gzip {f_packed:,}".replace(",", " "))
    print(
        f"  portalen / folium som standard: {raw / f_raw:.1%} okomprimerat, {packed / f_packed:.1%} gzip (nämnaren: folium)"
    )


if __name__ == "__main__":
    main()
