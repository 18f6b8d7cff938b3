"""Synthetic data for the benchmark: a complete, valid data folder with N made-up places.

Everything except the places is the real data, copied from data/ (municipalities, actors, methods,
sources, mappings and the good examples), so every id a place points at is a real id. The places are
clearly not real: "Syntetisk plats 0042", id syntetisk-plats-0042, a description that says so. The
same N and seed always give the same files.

    .venv/bin/python bench/synthetic.py 1000 /tmp/ods-data-1000

The folder is checked with generator.catalog.check before this returns; invalid data is an error.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.catalog import Catalog, check  # noqa: E402

COPIED = ["municipalities.yaml", "actors.yaml", "methods.yaml", "sources.yaml", "mappings.yaml"]
# Positions stay well inside models.COUNTY_BOUNDS.
LON, LAT = (17.4, 19.0), (58.9, 59.9)
PLACE_TYPES = ["station", "torg", "park", "bostadsområde", "centrum", "gata", "annat"]
TIMES = ["morgon", "dag", "kväll", "natt"]
POLYGON_SHARE = 0.2  # about one place in five is drawn as an area
SPREAD = 0.04  # degrees around the municipality's made-up centre
_EXAMPLE_SCENES = re.compile(r"^scenes: .*$", re.MULTILINE)
_PLACE_LINK = re.compile(r"\[([^\]]+)\]\((?:\.\./)*platser/([a-z0-9-]+)/index\.md(?:#[^)]*)?\)")


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes every geometry out in full, like an editor would: no &anchors or *aliases."""

    def ignore_aliases(self, data) -> bool:
        return True


class SyntheticDataError(Exception):
    """The generated folder did not pass the generator's own checks."""


def _read(data: Path, name: str) -> list[dict]:
    return yaml.safe_load((data / name).read_text(encoding="utf-8"))


def _clamp(value: float, bounds: tuple[float, float]) -> float:
    return round(min(max(value, bounds[0]), bounds[1]), 5)


def _point(rng: random.Random, centre: tuple[float, float]) -> dict:
    lon = _clamp(centre[0] + rng.uniform(-SPREAD, SPREAD), LON)
    lat = _clamp(centre[1] + rng.uniform(-SPREAD / 2, SPREAD / 2), LAT)
    return {"type": "Point", "coordinates": [lon, lat], "precision": "landmark"}


def _polygon(rng: random.Random, centre: tuple[float, float]) -> dict:
    """A small closed ring of 5–8 corners around a point, a few hundred metres across."""
    lon0, lat0 = _point(rng, centre)["coordinates"]
    corners = rng.randint(5, 8)
    ring = []
    for i in range(corners):
        r = rng.uniform(0.0015, 0.004)
        dx, dy = _unit(i / corners)
        ring.append([_clamp(lon0 + 2 * r * dx, LON), _clamp(lat0 + r * dy, LAT)])
    ring.append(list(ring[0]))
    return {"type": "Polygon", "coordinates": [ring], "precision": "source"}


def _unit(turn: float) -> tuple[float, float]:
    return math.cos(2 * math.pi * turn), math.sin(2 * math.pi * turn)


def _years(rng: random.Random, mapping_years: list[int], geometry: dict, source_ids: list[str]) -> list[dict]:
    chosen = sorted(rng.sample(mapping_years, rng.randint(2, min(4, len(mapping_years)))))
    ends_removed = rng.random() < 0.3
    out = []
    for i, year in enumerate(chosen):
        entry: dict = {"year": year, "status": "removed" if ends_removed and i == len(chosen) - 1 else "listed"}
        if rng.random() < 0.6:
            entry["certainty"] = "stated"
        else:
            entry["certainty"] = "inferred"
            entry["inferred_from"] = f"Syntetisk slutsats för testdata: platsen antas finnas med {year}."
        if entry["status"] == "removed" and rng.random() < 0.5:
            entry["removed_date"] = f"{year}-{rng.randint(1, 12):02d}"
        if rng.random() < 0.9:
            entry["geometry"] = geometry
        entry["sources"] = rng.sample(source_ids, rng.randint(1, 2))
        out.append(entry)
    return out


def scenes(n: int, real: dict[str, list[dict]], seed: int = 12) -> list[dict]:
    """N made-up places spread round-robin over the real municipalities, with real ids everywhere."""
    rng = random.Random(seed)
    municipalities = [m["id"] for m in real["municipalities.yaml"]]
    centres = {
        m: (rng.uniform(LON[0] + 0.1, LON[1] - 0.1), rng.uniform(LAT[0] + 0.05, LAT[1] - 0.05)) for m in municipalities
    }
    method_ids = [m["id"] for m in real["methods.yaml"]]
    source_ids = [s["id"] for s in real["sources.yaml"]]
    actor_ids = [a["id"] for a in real["actors.yaml"]]
    mapping_years = sorted(m["year"] for m in real["mappings.yaml"])
    width = max(4, len(str(n)))
    out = []
    for i in range(1, n + 1):
        number = f"{i:0{width}d}"
        municipality = municipalities[(i - 1) % len(municipalities)]
        centre = centres[municipality]
        geometry = _polygon(rng, centre) if rng.random() < POLYGON_SHARE else _point(rng, centre)
        scene: dict = {
            "id": f"syntetisk-plats-{number}",
            "name": f"Syntetisk plats {number}",
            "municipality": municipality,
            "district": f"Syntetiskt område {rng.randint(1, 9)}",
            "place_type": rng.choice(PLACE_TYPES),
            "years": _years(rng, mapping_years, geometry, source_ids),
        }
        if rng.random() < 0.25:
            scene["collaboration"] = {
                "actors": rng.sample(actor_ids, rng.randint(1, 3)),
                "description": "Syntetisk platssamverkan för testdata.",
                "sources": rng.sample(source_ids, 1),
            }
        scene["measures"] = rng.sample(method_ids, rng.randint(0, 5))
        scene["times_of_day"] = sorted(rng.sample(TIMES, rng.randint(0, 2)), key=TIMES.index)
        scene["description"] = (
            f"Syntetisk testpost nummer {number} för prestandamätning. Platsen finns inte; "
            "namn, läge och år är slumpade."
        )
        scene["sources"] = rng.sample(source_ids, rng.randint(1, 3))
        out.append(scene)
    return out


def write(n: int, out: Path, data: Path = ROOT / "data", seed: int = 12) -> Catalog:
    """Write a data folder for n places into out (created; must not hold data already) and check it."""
    out.mkdir(parents=True, exist_ok=True)
    real = {name: _read(data, name) for name in COPIED}
    for name in COPIED:
        shutil.copyfile(data / name, out / name)
    made = scenes(n, real, seed)
    header = "# Syntetiska testdata för bench/: inga av platserna finns på riktigt.\n\n"
    body = yaml.dump(made, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    (out / "scenes.yaml").write_text(header + body, encoding="utf-8")
    _copy_examples(data / "examples", out / "examples", made)
    try:
        catalog = check(out)
    except Exception as err:  # InvalidData lists every problem; show them all and stop
        problems = getattr(err, "problems", None)
        detail = "\n".join(str(p) for p in problems[:30]) if problems else repr(err)
        raise SyntheticDataError(f"de syntetiska data i {out} är ogiltiga:\n{detail}") from err
    if len(catalog.scenes) != n:
        raise SyntheticDataError(f"väntade {n} platser i {out}, fick {len(catalog.scenes)}")
    return catalog


def _copy_examples(src: Path, dest: Path, made: list[dict]) -> None:
    """The real examples, byte for byte except their list of places, which points at made-up places in
    the same municipality (the real places they name are not in the synthetic data)."""
    dest.mkdir(exist_ok=True)
    by_municipality: dict[str, list[str]] = {}
    for scene in made:
        by_municipality.setdefault(scene["municipality"], []).append(scene["id"])
    for path in sorted(src.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        example = yaml.safe_load(text)
        ids = by_municipality.get(example["municipality"], [])[:2] if example.get("scenes") else []
        new, count = _EXAMPLE_SCENES.subn(f"scenes: [{', '.join(ids)}]", text, count=1)
        if count != 1 and example.get("scenes"):
            raise SyntheticDataError(f"{path}: hittade ingen rad 'scenes: [...]' att byta ut")
        (dest / path.name).write_text(new, encoding="utf-8")


def write_content(src: Path, dest: Path, catalog: Catalog) -> int:
    """Copy content/ to dest, with links to real places that the synthetic data lacks turned into their
    plain words (MkDocs in strict mode stops at a link to a missing page). Returns how many were unlinked."""
    unlinked = 0

    def unlink(match: re.Match) -> str:
        nonlocal unlinked
        if match.group(2) in catalog.scenes:
            return match.group(0)
        unlinked += 1
        return match.group(1)

    for path in sorted(src.rglob("*")):
        target = dest / path.relative_to(src)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            target.write_text(_PLACE_LINK.sub(unlink, path.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copyfile(path, target)
    return unlinked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Skriv en giltig datamapp med N syntetiska platser.")
    parser.add_argument("n", type=int, help="antal platser")
    parser.add_argument("out", type=Path, help="mappen att skriva (skapas)")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument(
        "--content", type=Path, help="skriv också en kopia av content/ hit, utan länkar till riktiga platser"
    )
    args = parser.parse_args(argv)
    catalog = write(args.n, args.out, seed=args.seed)
    print(f"{args.out}: {len(catalog.scenes)} syntetiska platser, giltiga")
    if args.content:
        unlinked = write_content(ROOT / "content", args.content, catalog)
        print(f"{args.content}: content/ kopierad, {unlinked} länkar till riktiga platser blev vanlig text")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
