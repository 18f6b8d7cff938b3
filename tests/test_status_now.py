"""The plain answer to "is it an open drug scene now?" (issue 26, item 1): one sentence per place, checked
against the data for every place in the real and the fixture data, and the same words on the place's page,
in its map popup, in its row on /platser/ and in the open data."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
import re
from pathlib import Path

import markdown
import pytest
from support import map_shapes

from generator import urls
from generator.catalog import Catalog, check
from generator.config import load_settings
from generator.models import Dispute, Totals
from generator.render import maps
from generator.render.env import Renderer, environment
from generator.render.exports import render_exports
from generator.render.pages import render_pages
from generator.render.text import status_now, when_sv

ROOT = Path(__file__).resolve().parent.parent
DATA = {"real": ROOT / "data", "fixture": ROOT / "tests" / "fixtures" / "data"}


@pytest.fixture(scope="module", params=sorted(DATA))
def catalog(request) -> Catalog:
    return check(DATA[request.param])


@pytest.fixture(scope="module")
def outputs(catalog):
    """Every place's page, the /platser/ page and the CSV and GeoJSON, rendered once per data set."""
    renderer = Renderer(catalog, load_settings(), environment())
    pages = {f.path: html.unescape(f.content.decode("utf-8")) for f in render_pages(renderer)}
    files = {f.path: f.content for f in render_exports(catalog)}
    return pages, files


def _agrees_with_data(catalog: Catalog, sid: str, text: str) -> None:
    """The sentence says what the data says, checked fact by fact rather than by wording it again."""
    scene = catalog.scenes[sid]
    latest = max(scene.years, key=lambda y: y.year)
    newer = [m for year, m in sorted(catalog.mappings.items()) if year > latest.year]
    assert catalog.mappings[latest.year].title in text
    assert ("pekas ut" in text or "pekades den ut" in text) == (latest.status == "listed")
    assert ("upphört" in text) == (latest.status == "removed")
    if latest.removed_date:
        assert when_sv(latest.removed_date) in text
    assert ("vår slutsats" in text) == (latest.certainty == "inferred")
    assert ("Det säger " in text) == (latest.certainty == "stated")
    for source in latest.sources:  # the basis is named, whether stated or inferred
        assert catalog.sources[source].publisher in text
    assert ("ifrågasätter" in text) == bool(latest.dispute)
    if latest.dispute:
        assert latest.dispute.by in text
    assert ("den senaste kartläggningen" in text) == (not newer)
    assert bool(re.search(r"\bvet (vi )?inte\b", text)) == bool(
        newer
    )  # what is not known: each newer round without an entry
    for m in newer:
        assert m.title in text
    unread = [m for m in newer if m.totals == Totals()]
    assert ("inte kunnat läsa" in text) == bool(unread)
    for m in catalog.mappings.values():  # no round other than the latest entry and the newer ones
        if m.year < latest.year:
            assert m.title not in text.replace(catalog.mappings[latest.year].title, "")


def test_every_place_has_a_sentence_that_agrees_with_the_data(catalog):
    for sid, scene in catalog.scenes.items():
        text = status_now(scene, catalog)
        _agrees_with_data(catalog, sid, text)
        assert "\n" not in text and "  " not in text and text.endswith(".")


def test_the_page_opens_with_the_sentence_and_links_to_how_we_know(catalog, outputs):
    pages, _ = outputs
    for sid, scene in catalog.scenes.items():
        page = pages[urls.page_path("scenes", sid)]
        body = page[page.index("\n# ") + 1 :].split("\n")
        first = next(line for line in body[1:] if line.strip())  # the first thing under the heading
        assert first == f"{status_now(scene, catalog)} [Hur vet vi det?](#status-per-kartlaggning)", sid
        # The anchor is the one MkDocs gives the section that explains "enligt källan" and "vår slutsats".
        assert 'id="status-per-kartlaggning"' in markdown.markdown(page, extensions=["toc", "tables"])
        assert "*Enligt källan* betyder" in page.split("## Status per kartläggning", 1)[1]


def test_the_popup_starts_with_the_same_sentence(catalog):
    county, parts = maps.county_data(catalog)
    # A map of many places has no status sentence; its popup reads it from the place's own file.
    assert all("status_now" not in p for p in map_shapes(county, parts))
    assert county["detail"] == "data/plats-{id}.json"
    for sid, scene in catalog.scenes.items():
        if sid not in catalog.latest_drawn:
            continue  # not on any map
        found = [p for p in map_shapes(maps.scene_data(catalog, sid)) if p.get("id") == sid and p["kind"] == "scene"]
        assert found and {p["status_now"] for p in found} == {status_now(scene, catalog)}, sid
    script = (ROOT / "theme" / "maps" / "ods-map.js").read_text(encoding="utf-8")
    start = script.index("function popupLines(p)")
    lines = script[start : script.index("return lines", start)]
    # The popup's first line after the title, set as text like every other line.
    assert lines.index("lines.push(p.status_now)") < lines.index("lines.push(p.year")
    assert "innerHTML" not in script


def test_the_places_index_row_carries_the_sentence(catalog, outputs):
    pages, _ = outputs
    index = pages[urls.page_path("scenes", None)]
    for sid, scene in catalog.scenes.items():
        [row] = [line for line in index.splitlines() if line.startswith("| [") and f"({sid}/index.md)" in line]
        assert f"| {status_now(scene, catalog)} |" in row, sid


def test_the_open_data_carry_the_sentence_in_every_row(catalog, outputs):
    _, files = outputs
    rows = list(csv.DictReader(io.StringIO(files[urls.OPEN_DATA["csv"]].decode("utf-8"))))
    features = json.loads(files[urls.OPEN_DATA["geojson"]])["features"]
    for sid, scene in catalog.scenes.items():
        text = status_now(scene, catalog)
        assert {r["status_now"] for r in rows if r["id"] == sid} == {text}, sid
        assert {f["properties"]["status_now"] for f in features if f["properties"]["id"] == sid} == {text}, sid
    excel = files[urls.OPEN_DATA["csv_excel"]].decode("utf-8-sig")
    # Appended after the dispute's columns (and before the follow-up's): older columns keep their place.
    assert ";Adresser till källorna för invändningen;Vad vi vet nu;Polisens uppföljning;" in excel.splitlines()[0]


def _variant(catalog: Catalog, sid: str, years: dict | None = None, unread: bool | None = None) -> str:
    """The sentence for a place whose latest year is changed, or with the newest round read or unread."""
    scene = catalog.scenes[sid]
    if years is not None:
        scene = scene.model_copy(update={"years": [*scene.years[:-1], scene.years[-1].model_copy(update=years)]})
    mappings = dict(catalog.mappings)
    if unread is not None:
        newest = mappings[max(mappings)]
        totals = Totals() if unread else Totals(scenes=40)
        mappings[newest.year] = newest.model_copy(update={"totals": totals})
    changed = dataclasses.replace(catalog, mappings=mappings, scenes={**catalog.scenes, sid: scene})
    text = status_now(scene, changed)
    _agrees_with_data(changed, sid, text)
    return text


def test_every_kind_of_sentence_reads_as_intended():
    catalog = check(DATA["fixture"])
    # Removed in the newest round, with the month it ended.
    removed = {"year": 2025, "status": "removed", "certainty": "stated", "removed_date": None}
    assert _variant(catalog, "okanda-platsen", removed).startswith(
        "Enligt Kartläggningen 2025, som är den senaste kartläggningen, har platsen upphört som öppen drogscen."
    )
    # Our inference in the newest round names whom it rests on.
    inferred = {"certainty": "inferred", "inferred_from": "En kommun nämner platsen."}
    assert "Det är vår slutsats utifrån uppgifter från Testkommunen; ingen källa säger det rakt ut." in _variant(
        catalog, "okanda-platsen", inferred
    )
    # A newer round with figures: we do not know, but we do not claim its list is unread.
    read = _variant(catalog, "testtorget", unread=False)
    assert read.endswith(
        "Om platsen fanns med i Kartläggningen 2025 vet vi inte; ingen källa som vi har kunnat läsa säger det."
    )
    assert _variant(catalog, "gamla-platsen", unread=False).endswith(
        "Om platsen fanns med i Uppföljningen februari 2024 och Kartläggningen 2025 vet vi inte; "
        "ingen källa som vi har kunnat läsa säger det."
    )
    # A disputed year names who disputes it.
    dispute = Dispute(by="Lokalpolisen", says="Fel.", sources=["testkalla"])
    assert "Lokalpolisen ifrågasätter uppgiften." in _variant(catalog, "okanda-platsen", {"dispute": dispute})
