"""Open data: GeoJSON per RFC 7946, CSV, one row per drawn place and year, deterministic."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from generator import geo, urls
from generator.config import load_settings
from generator.models import PartialDate
from generator.pipeline import check
from generator.render import exports
from generator.render.env import Renderer, environment
from generator.render.exports import CSV_COLUMNS, render_exports
from generator.render.pages import render_pages

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def catalog():
    return check(FIXTURES / "data")


@pytest.fixture(scope="module")
def files(catalog):
    return {f.path: f.content for f in render_exports(catalog)}


def _scene_years(catalog):
    """Every place and year, drawn or not: a place whose position is unknown is still in the data."""
    return sorted((sid, y.year) for sid, s in catalog.scenes.items() for y in s.years)


def test_geojson_is_an_rfc7946_feature_collection(catalog, files):
    data = json.loads(files[urls.OPEN_DATA["geojson"]])
    assert data["type"] == "FeatureCollection"
    assert set(data) == {"type", "features"}  # no crs member, no timestamps
    assert len(data["features"]) == len(_scene_years(catalog))
    for f in data["features"]:
        assert f["type"] == "Feature" and {"geometry", "properties"} <= set(f)
        g = f["geometry"]
        if g is None:  # RFC 7946 allows a feature without a position: the place is unknown
            assert f["properties"]["precision"] is None
            continue
        assert g["type"] in ("Point", "Polygon")
        positions = [g["coordinates"]] if g["type"] == "Point" else [p for r in g["coordinates"] for p in r]
        for lon, lat in positions:
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert 17 < lon < 20 and 58 < lat < 61  # [lon, lat] order, not swapped
        if g["type"] == "Polygon":
            for i, ring in enumerate(g["coordinates"]):
                assert len(ring) >= 4 and ring[0] == ring[-1]
                assert (geo.signed_area(ring) > 0) == (i == 0), "exterior CCW, holes CW"


def test_geojson_properties(catalog, files):
    data = json.loads(files[urls.OPEN_DATA["geojson"]])
    assert sorted((f["properties"]["id"], f["properties"]["year"]) for f in data["features"]) == _scene_years(catalog)
    p = next(f["properties"] for f in data["features"] if f["id"] == "testtorget-2024")
    assert p == {
        **p,
        "name": "Testtorget",
        "municipality": "Stockholm",
        "municipality_id": "stockholm",
        "municipality_code": "0180",
        "year": 2024,
        "status": "listed",
        "certainty": "stated",
        "inferred_from": None,
        "precision": "source",
        "removed_date": None,
        "url": "../platser/testtorget/",
    }
    assert p["sources"] == [
        {"id": "testkalla", "title": "Testrapport om öppna drogscener", "url": "https://example.org/rapport"}
    ]
    hostile = next(f["properties"] for f in data["features"] if f["id"] == "farlig-text-2024")
    assert hostile["name"] == catalog.scenes["farlig-text"].name  # data, unchanged
    assert hostile["removed_date"] == "2024-02"  # only as precise as the source
    inferred = next(f["properties"] for f in data["features"] if f["id"] == "farlig-text-2023")
    assert inferred["certainty"] == "inferred"
    assert inferred["inferred_from"] == catalog.scenes["farlig-text"].years[0].inferred_from
    unknown = next(f for f in data["features"] if f["id"] == "okanda-platsen-2024")
    assert unknown["geometry"] is None


def test_export_makes_clockwise_input_counter_clockwise(tmp_path, fixture_copy):
    scenes = fixture_copy / "data" / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    cw = "[[[18.020, 59.333], [18.020, 59.337], [18.030, 59.337], [18.030, 59.333], [18.020, 59.333]]]"
    text = text.replace(
        "[[[18.020, 59.333], [18.030, 59.333], [18.030, 59.337], [18.020, 59.337], [18.020, 59.333]]]", cw
    )
    scenes.write_text(text, encoding="utf-8")
    files = {f.path: f.content for f in render_exports(check(fixture_copy / "data"))}
    f = next(f for f in json.loads(files[urls.OPEN_DATA["geojson"]])["features"] if f["id"] == "testtorget-2023")
    assert geo.signed_area(f["geometry"]["coordinates"][0]) > 0


def test_csv_rows(catalog, files):
    raw = files[urls.OPEN_DATA["csv"]].decode("utf-8")
    assert not raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert list(rows[0]) == CSV_COLUMNS
    assert sorted((r["id"], int(r["year"])) for r in rows) == _scene_years(catalog)
    row = next(r for r in rows if r["id"] == "testtorget" and r["year"] == "2023")
    assert (row["lon"], row["lat"], row["geometry_type"]) == ("18.025000", "59.335000", "Polygon")
    inferred = next(r for r in rows if r["id"] == "farlig-text" and r["year"] == "2023")
    assert inferred["name"] == catalog.scenes["farlig-text"].name
    assert (inferred["certainty"], inferred["precision"]) == ("inferred", "landmark")
    assert inferred["inferred_from"] == catalog.scenes["farlig-text"].years[0].inferred_from
    unknown = next(r for r in rows if r["id"] == "okanda-platsen" and r["year"] == "2025")
    assert (unknown["lon"], unknown["lat"], unknown["geometry_type"], unknown["precision"]) == ("", "", "", "")


def test_two_renders_are_byte_identical(catalog):
    first = [(f.path, f.content) for f in render_exports(catalog)]
    second = [(f.path, f.content) for f in render_exports(catalog)]
    assert first == second


def test_page_describes_every_field_and_the_licence(catalog):
    page = next(
        f
        for f in render_pages(Renderer(catalog, load_settings(), environment()))
        if f.path == urls.page_path("open_data")
    ).content.decode("utf-8")
    for column in CSV_COLUMNS + ["sources"]:
        assert f"`{column}`" in page or f"`{column.split('_')[0]}`, `" in page, column
    assert "CC0" in page
    assert "(platser.geojson)" in page and "(platser.csv)" in page


def test_official_figures_as_csv_and_json_unknown_is_empty_not_zero(catalog, files):
    data = json.loads(files[urls.OPEN_DATA["mappings_json"]])
    assert [m["year"] for m in data["mappings"]] == sorted(catalog.mappings)
    latest = data["mappings"][-1]
    assert latest["year"] == 2025 and latest["scenes"] is None  # the fixture's 2025 round has no figures
    assert data["data_date"] == catalog.open_data_date.iso()
    rows = list(csv.DictReader(io.StringIO(files[urls.OPEN_DATA["mappings_csv"]].decode("utf-8"), newline="")))
    assert rows[-1]["scenes"] == "" and rows[0]["scenes"] == str(catalog.mappings[2023].totals.scenes)


def test_excel_files_open_in_swedish_excel(catalog, files):
    raw = files[urls.OPEN_DATA["csv_excel"]].decode("utf-8")
    assert raw.startswith("\ufeff")  # Excel reads UTF-8 only with a BOM
    rows = list(csv.reader(io.StringIO(raw.removeprefix("\ufeff"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["id", "Plats", "Kommun"]
    row = dict(zip(rows[0], next(r for r in rows[1:] if r[0] == "testtorget" and r[5] == "2023"), strict=True))
    assert (row["Status"], row["Hur vi vet"], row["Longitud"]) == ("Utpekad", "Enligt källan", "18,025000")
    assert re.fullmatch(r'="01\d\d"', row["Kommunkod"])  # as text: Excel would make "0117" the number 117
    figures = files[urls.OPEN_DATA["mappings_csv_excel"]].decode("utf-8")
    assert figures.startswith("\ufeffÅr;Kartläggning;")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("https://example.org","klicka")', '\'=HYPERLINK("https://example.org","klicka")'),
        ("+46 8 123", "'+46 8 123"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-a", "'-a"),
        ("-5", "-5"),
        ("-17.5", "-17,5"),
        ("Tensta centrum", "Tensta centrum"),
    ],
)
def test_excel_never_runs_a_text_from_data_as_a_formula(value, cell):
    assert exports._excel_cell(value) == cell


def test_open_data_date_is_the_newest_source_behind_the_files(catalog):
    """Worked out here from the sources the places and mappings cite, not from the link stage's tables."""
    dates = []
    for scene in catalog.scenes.values():
        ids = set(scene.sources) | {
            i for y in scene.years for i in y.sources + (y.dispute.sources if y.dispute else [])
        }
        ids |= set(scene.collaboration.sources) if scene.collaboration else set()
        dates += [d for i in ids for d in (catalog.sources[i].date, _read(catalog.sources[i])) if d]
    for m in catalog.mappings.values():
        dates += [d for i in m.sources for d in (catalog.sources[i].date, _read(catalog.sources[i])) if d]
        dates += [m.published] if m.published else []
    assert catalog.open_data_date.key == max(d.key for d in dates)
    # Sources only other pages cite (here: the newest of all) do not date the open data.
    assert catalog.open_data_date.first_day() <= catalog.newest_date


def _read(source):
    return PartialDate.parse(source.accessed) if source.accessed else None


@pytest.mark.parametrize("key", ["csv", "csv_excel", "mappings_csv", "mappings_csv_excel"])
def test_every_open_data_csv_pairs_each_source_title_with_its_address(catalog, files, key):
    """The n-th address belongs to the n-th title; a source without an address keeps its place, empty."""
    text = files[urls.OPEN_DATA[key]].decode("utf-8").removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";" if key.endswith("excel") else ","))
    by_title = {s.title: s.url or "" for s in catalog.sources.values()}
    header, pairs = rows[0], 0
    titles_at = [
        i
        for i, h in enumerate(header)
        if h in ("source_titles", "dispute_source_titles", "Källor", "Källor för invändningen")
    ]
    assert titles_at
    for row in rows[1:]:
        for i in titles_at:
            if not row[i]:
                assert not row[i + 1].strip(" |")
                continue
            titles, addresses = row[i].split(" | "), row[i + 1].split(" | ")
            assert len(titles) == len(addresses), row
            for title, address in zip(titles, addresses, strict=True):
                assert by_title[title.removeprefix("'")] == address
                pairs += 1
    assert pairs


def test_a_source_without_an_address_keeps_its_place_in_the_pair():
    titles, addresses = exports.source_cells(
        [{"title": "A", "url": "https://a"}, {"title": "B", "url": None}, {"title": "C", "url": "https://c"}]
    )
    assert titles.split(" | ") == ["A", "B", "C"]
    assert addresses.split(" | ") == ["https://a", "", "https://c"]
