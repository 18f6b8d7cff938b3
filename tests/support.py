"""Helpers several test files share (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.cli import main


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root by its path, as a sha256: two equal digests mean byte-identical trees."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def build_site(base: Path, out: Path, docs: Path | None = None) -> int:
    """`generator build` of base/data and base/content into out, with build/docs beside it."""
    docs = docs or out.parent / "docs"
    args = ["--data", base / "data", "--content", base / "content", "--docs", docs, "--out", out]
    return main(["build", *map(str, args)])


def map_rows(table) -> list[dict]:
    """A table of map data as theme/maps/ods-map.js reads it (rows): a list of objects, or one list per key."""
    if isinstance(table, list):
        return table
    return [dict(zip(table, values, strict=True)) for values in zip(*table.values(), strict=True)]


def map_corners(steps: list[int]) -> list[list[float]]:
    """An area's ring from its steps in millionths of a degree (ods-map.js: corners)."""
    lon = lat = 0
    out = []
    for k in range(0, len(steps), 2):
        lon, lat = lon + steps[k], lat + steps[k + 1]
        out.append([lon / 1e6, lat / 1e6])
    return out


def map_part(data: dict, spec: dict, parts: dict[str, dict]) -> dict:
    """The shapes of a layer and the tables they point into: in the map's file, or in a file of its own
    (parts by path in build/docs; a layer's src is relative to the map documents in kartor/)."""
    return parts["kartor/" + spec["src"]] if "src" in spec else {**data, "shapes": spec["shapes"]}


def map_layer(data: dict, spec: dict, parts: dict[str, dict] | None = None) -> list[dict]:
    """One layer of a map as ods-map.js draws it (toFeature): each shape's properties, with its place,
    texts and style looked up; only what the file has."""
    part = map_part(data, spec, parts or {})
    places, text = map_rows(data.get("places", [])), part["texts"]
    out = []
    for j, s in enumerate(map_rows(part["shapes"])):
        p = {"kind": spec.get("kind", "scene"), "style": part["styles"][s["s"]], "g": s["g"]}
        if p["kind"] == "school":
            p |= {"name": s["n"], "type_label": text[s["k"]]}
        elif p["kind"] == "scene":
            place = places[s.get("i", j)]
            p |= {"id": place["id"], "name": place["n"], "municipality": data["texts"][place["m"]]}
            p |= {"year": s["y"], "status_label": text[s["a"]], "certainty": "inferred" if "c" in s else "stated"}
            if "t" in place:
                p["status_now"] = data["texts"][place["t"]]
            if "href" in data:
                p["href"] = data["href"].replace("{id}", place["id"])
            names = {"p": "precision_label", "c": "inferred_from", "o": "note", "d": "dispute", "q": "dispute_sources"}
            p |= {name: text[s[key]] for key, name in names.items() if key in s}
        out.append(p)
    return out


def map_shapes(data: dict, parts: dict[str, dict] | None = None) -> list[dict]:
    """Every shape of every layer of a map (map_layer)."""
    return [p for spec in data["layers"] for p in map_layer(data, spec, parts)]
