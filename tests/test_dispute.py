"""A disputed scene-year (issue 25, part 2): the model, the reference check, and every place the
status shows: the place page, the map data, the tables, the open data and the status chart."""

from __future__ import annotations

import csv
import html
import io
import json
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError
from support import map_shapes

from generator import urls
from generator.catalog import check
from generator.config import load_settings
from generator.models import SceneYear
from generator.problems import InvalidData
from generator.render import maps
from generator.render.env import Renderer, environment
from generator.render.exports import render_exports
from generator.render.pages import render_pages
from generator.render.statistics import figures

ROOT = Path(__file__).resolve().parent.parent
YEAR = {"year": 2025, "status": "listed", "certainty": "stated", "sources": ["en-kalla"]}
DISPUTE = {"by": "Lokalpolisen", "says": "Platsen borde ha strukits.", "sources": ["en-kalla"]}
BY = "Lokalpolisen i Botkyrka och Botkyrka kommun"


@pytest.fixture(scope="module")
def catalog():
    return check(ROOT / "data")


@pytest.fixture(scope="module")
def renderer(catalog):
    return Renderer(catalog, load_settings(), environment())


def test_the_model_accepts_a_year_with_a_dispute_and_one_without():
    assert SceneYear.model_validate({**YEAR, "dispute": DISPUTE}).dispute.by == "Lokalpolisen"
    assert SceneYear.model_validate(YEAR).dispute is None


@pytest.mark.parametrize(
    "dispute",
    [
        {k: v for k, v in DISPUTE.items() if k != "says"},  # what they say is the point
        {**DISPUTE, "by": ""},
        {**DISPUTE, "sources": []},  # a dispute needs a source like every other fact
        {**DISPUTE, "reason": "okänt fält"},
    ],
)
def test_the_model_refuses_an_incomplete_dispute(dispute):
    with pytest.raises(ValidationError):
        SceneYear.model_validate({**YEAR, "dispute": dispute})


def test_an_unknown_source_in_a_dispute_is_reported_with_line_and_column(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    scenes = data / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8")
    start = text.index("      dispute:\n", text.index("- id: storvreten"))
    at = text.index("[mitti-2025-storvreten]", start) + 1  # the id inside the list
    scenes.write_text(
        text[:at] + text[at:].replace("mitti-2025-storvreten", "mitti-2025-storvretn", 1), encoding="utf-8"
    )
    with pytest.raises(InvalidData) as caught:
        check(data)
    [problem] = caught.value.problems
    line, col = text.count("\n", 0, at) + 1, at - text.rindex("\n", 0, at)
    assert (problem.path, problem.line, problem.col) == ("data/scenes.yaml", line, col)
    assert str(problem).startswith(f"data/scenes.yaml:{line}:{col}: fel: ")
    assert problem.field.endswith(".dispute.sources[0]")
    assert 'okänd källa i sources.yaml: "mitti-2025-storvretn"' in problem.message


def test_storvreten_2025_is_disputed_and_the_note_keeps_the_rest(catalog):
    [year] = catalog.scenes["storvreten"].years
    assert year.status == "listed" and year.certainty == "stated"  # what the mapping said stays
    assert year.dispute is not None and year.dispute.by == BY
    assert year.dispute.sources == ["mitti-2025-storvreten"]
    assert "misstag" not in (year.note or "")  # said once: in the dispute, not in the note as well
    assert catalog.disputed == {"storvreten": (2025,)}


def _page(renderer, kind, record_id=None) -> str:
    path = urls.page_path(kind, record_id)
    # Read as the visitor does: data is written with entities for ( ) and the like, once.
    return html.unescape(next(f for f in render_pages(renderer) if f.path == path).content.decode("utf-8"))


def test_the_place_page_says_who_disputes_it_what_they_say_and_the_source(renderer):
    page = _page(renderer, "scenes", "storvreten")
    # The opening sentence says the latest status and that it is disputed; the facts table does not repeat it.
    assert "| Senaste uppgift |" not in page
    assert "ifrågasätt" in page.split("[Hur vet vi det?]")[0].split("\n# ")[1]
    assert '<li class="listed disputed"><span class="year">2025</span> Utpekad, enligt källan, ifrågasatt</li>' in page
    assert f"**Ifrågasatt.** {BY} ifrågasätter uppgiften: Kort efter att listan kom ut" in page
    assert "mänskligt misstag. (Källa 1.)" in page
    assert "| Utpekad (ifrågasatt) |" in page  # the map's table beside it


def test_the_tables_mark_the_disputed_year(renderer):
    for kind, record_id in [("scenes", None), ("municipalities", "botkyrka"), ("map", None)]:
        page = _page(renderer, kind, record_id)
        assert "| Utpekad (ifrågasatt) |" in page, kind
        assert '"(ifrågasatt)" betyder att någon annan än kartläggningen' in page, kind
    assert "(utpekad (ifrågasatt))" in _page(renderer, "mappings")


def test_an_undisputed_page_has_no_word_about_disputes(renderer):
    page = _page(renderer, "municipalities", "upplands-vasby")
    assert "ifrågasatt" not in page.lower()


def test_the_popup_data_carries_the_dispute_as_text(catalog):
    county, parts = maps.county_data(catalog)
    own = maps.scene_data(catalog, "storvreten")
    for data, extra in ((own, {}), (county, parts)):
        # Drawn twice: on "Senast kända läge" and in its one round's layer, disputed in both.
        found = [p for p in map_shapes(data, extra) if p.get("id") == "storvreten"]
        assert [layer["name"] for layer in data["layers"] if layer["show"]][-1] == maps.LATEST_LAYER
        assert len(found) == 2
        assert all(props["status_label"] == "Utpekad (ifrågasatt)" for props in found)
    # The popup on any map says who disputes it, from the place's own file (the county's has no such text).
    assert "dispute" not in str(county) and all("dispute" not in str(part) for part in parts.values())
    for props in map_shapes(own):
        if props["kind"] == "scene":
            assert props["dispute"].startswith(f"{BY} ifrågasätter uppgiften: ")
            assert props["dispute_sources"] == "Källa: Mitt i, Lugnare i Storvreten sedan drogscenen försvann."
    undisputed = map_shapes(maps.scene_data(catalog, "hasselby-torg"))
    assert all(p.get("dispute") is None for p in undisputed)
    assert not any("ifrågasatt" in p.get("status_label", "") for p in undisputed)


def test_the_popup_script_sets_the_dispute_as_text():
    script = (ROOT / "theme" / "maps" / "ods-map.js").read_text(encoding="utf-8")
    assert "lines.push(p.dispute)" in script and "lines.push(p.dispute_sources)" in script
    assert "innerHTML" not in script


def test_the_open_data_carry_the_dispute(catalog):
    files = {f.path: f.content for f in render_exports(catalog)}
    features = json.loads(files[urls.OPEN_DATA["geojson"]])["features"]
    by_id = {f["id"]: f["properties"] for f in features}
    dispute = by_id["storvreten-2025"]["dispute"]
    assert dispute["by"] == BY and dispute["sources"][0]["id"] == "mitti-2025-storvreten"
    assert by_id["hasselby-torg-2021"]["dispute"] is None
    rows = {(r["id"], r["year"]): r for r in csv.DictReader(io.StringIO(files[urls.OPEN_DATA["csv"]].decode()))}
    row = rows[("storvreten", "2025")]
    assert row["dispute_by"] == BY and row["dispute_says"].endswith("mänskligt misstag.")
    assert row["dispute_source_titles"] == "Lugnare i Storvreten sedan drogscenen försvann"
    assert rows[("hasselby-torg", "2021")]["dispute_by"] == ""
    excel = files[urls.OPEN_DATA["csv_excel"]].decode("utf-8-sig")
    assert "Ifrågasatt av" in excel.splitlines()[0]


def test_the_status_chart_counts_the_disputed_listing_apart(catalog):
    [f] = [f for f in figures(catalog) if f.chart.id == "namngivna-platser-status"]
    series = {s.name: s for s in f.chart.series}
    at = sorted(catalog.mappings).index(2025)
    assert series["Utpekad, ifrågasatt"].values[at] == 1
    assert series["Utpekad, ifrågasatt"].stack == "listed"  # part of the listed bar: the mapping did list it
    assert "Upphört, ifrågasatt" not in series  # no empty part where nothing is disputed
    assert "Uppgiften om Storvreten 2025 ifrågasätts" in f.finding
    assert any("ifrågasätter" in note for note in f.notes)
