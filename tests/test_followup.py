"""The police follow-up per place (issue 25, part 4): the model, and where the measures show: the place
page, attributed as the source does, and the open data. The error messages are golden cases
(tests/golden/bad-indicator and indicator-compared-with)."""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from generator import cms, urls
from generator.catalog import check
from generator.config import load_settings
from generator.models import Indicator, Scene, SceneYear
from generator.render.dataformat import rows as format_rows
from generator.render.env import Renderer, environment
from generator.render.exports import CSV_COLUMNS, render_exports
from generator.render.pages import render_pages
from generator.render.text import LABELS, indicator_sv

ROOT = Path(__file__).resolve().parent.parent
YEAR = {"year": 2023, "status": "listed", "certainty": "stated", "sources": ["en-kalla"]}
MEASURE = {"measure": "area", "direction": "increased", "according_to": "Kommunen", "sources": ["en-kalla"]}
SCENE = "fridhemsplan-stadshagen"
# Seed 002: the letter's authors read the 2023 mapping; the district administration reports February 2024.
AUTHORS = "Liberalerna, Moderaterna och Kristdemokraterna i en skrivelse till Kungsholmens stadsdelsnämnd"
ADMINISTRATION = "Kungsholmens stadsdelsförvaltning"


@pytest.fixture(scope="module")
def catalog():
    return check(ROOT / "data")


@pytest.fixture(scope="module")
def renderer(catalog):
    return Renderer(catalog, load_settings(), environment())


def test_a_year_may_have_measures_or_none():
    year = SceneYear.model_validate({**YEAR, "indicators": [{**MEASURE, "amount": "kraftigt", "compared_with": 2021}]})
    assert year.indicators[0].amount == "kraftigt"
    assert SceneYear.model_validate(YEAR).indicators == []


@pytest.mark.parametrize(
    "measure, message",
    [
        ({k: v for k, v in MEASURE.items() if k != "direction"}, "behöver direction"),  # says nothing
        ({**MEASURE, "measure": "other"}, "behöver other: skriv vad som mättes"),
        ({**MEASURE, "other": "skjutningar"}, "other hör bara till measure: other"),
        ({**MEASURE, "direction": "sjönk"}, None),  # not in the closed set
        ({**MEASURE, "measure": "trygghet"}, None),
        ({**MEASURE, "according_to": ""}, None),  # who says it is required
        ({k: v for k, v in MEASURE.items() if k != "according_to"}, None),
        ({**MEASURE, "sources": []}, None),  # a source, like every other fact
        ({**MEASURE, "unit": "procent"}, None),
    ],
)
def test_the_model_refuses_a_measure_that_cannot_be_shown(measure, message):
    with pytest.raises(ValidationError) as caught:
        SceneYear.model_validate({**YEAR, "indicators": [measure]})
    if message:
        assert message in str(caught.value)


def test_every_measure_and_direction_has_its_words_once():
    measures = Indicator.model_fields["measure"].annotation.__args__
    directions = Indicator.model_fields["direction"].annotation.__args__[0].__args__
    assert set(LABELS["indicator"]) == set(measures)
    assert set(LABELS["direction"]) == set(directions)
    # The web editor's choices take the pages' words, not a list of their own.
    assert cms.OPTION_LABELS["knife_law"] == "knife_law (brott mot knivlagen)"
    assert cms.OPTION_LABELS["negative"] == "negative (negativ utveckling)"


@pytest.mark.parametrize(
    "fields, text",
    [
        ({"amount": "kraftigt", "compared_with": 2021}, "Yta: ökade kraftigt jämfört med kartläggningen 2021"),
        (
            {"direction": "negative", "amount": "mycket", "measure": "development_index"},
            "Uppföljningsindex: mycket negativ utveckling",
        ),
        ({"direction": None, "amount": "12 anmälda brott", "measure": "violence"}, "Våldsbrott: 12 anmälda brott"),
        ({"measure": "other", "other": "Skjutningar", "direction": "unchanged"}, "Skjutningar: ingen förändring"),
        ({"direction": "decreased", "compared_with": 2024}, "Yta: minskade jämfört med uppföljningen februari 2024"),
    ],
)
def test_a_measure_in_plain_swedish(catalog, fields, text):
    assert indicator_sv(Indicator.model_validate({**MEASURE, **fields}), catalog.mappings) == text


def test_fridhemsplan_carries_the_follow_up_as_seed_002_attributes_it(catalog):
    years = {y.year: y for y in catalog.scenes[SCENE].years}
    first = years[2023].indicators
    assert [(i.measure, i.direction) for i in first] == [
        ("area", "increased"),
        ("violence", "increased"),
        ("narcotics", "increased"),
        ("knife_law", "increased"),
        ("development_index", "negative"),
    ]
    assert [i.compared_with for i in first] == [2021, None, None, None, None]  # only the area names 2021
    for i in first:  # the authors' reading of the police mapping, as the administration reports it
        assert i.according_to.startswith(AUTHORS) and "kartläggning 2023" in i.according_to
        assert i.sources == ["seed-kungsholmen-2024-skrivelse"]
    [later] = years[2024].indicators
    assert (later.measure, later.direction, later.compared_with) == ("area", "decreased", 2023)
    assert later.according_to.startswith(ADMINISTRATION) and "februari 2024" in later.according_to
    assert years[2021].indicators == []
    # Said once: the notes no longer repeat the area change without saying who says it.
    assert all("Ytan ökade" not in (y.note or "") and "Ytan minskade" not in (y.note or "") for y in years.values())


def _page(renderer, sid) -> str:
    path = urls.page_path("scenes", sid)
    # Read as the visitor does: data is written with entities for ( ) and the like, once.
    return html.unescape(next(f for f in render_pages(renderer) if f.path == path).content.decode("utf-8"))


def test_the_place_page_shows_the_measures_under_who_says_them(renderer):
    page = _page(renderer, SCENE)
    section = page[page.index("## Polisens uppföljning") : page.index("## Platssamverkan")]
    assert "bland annat hur ytan har förändrats" in section  # what the follow-up measures
    first, later = section.split("### Kartläggningen 2023\n")[1].split("### Uppföljningen februari 2024\n")
    assert f"Enligt {AUTHORS} i december 2023, utifrån polisens kartläggning 2023" in first
    assert "(Källa 1):" in first
    for line in [
        "- Yta: ökade kraftigt jämfört med kartläggningen 2021.",
        "- Våldsbrott: ökade markant.",
        "- Narkotikabrott: ökade till mer än det tredubbla.",
        "- Brott mot knivlagen: ökade till mer än det tredubbla.",
        "- Uppföljningsindex: mycket negativ utveckling.",
    ]:
        assert line in first
    assert first.count("Enligt ") == 1  # one attribution for the five measures it covers
    assert f"Enligt {ADMINISTRATION}, utifrån uppföljningen i februari 2024 (Källa 1):" in later
    assert "- Yta: minskade väsentligt jämfört med kartläggningen 2023." in later
    sources = page[page.index("## Källor") :]
    assert "1. Skrivelse om öppna drogscener. Svar på skrivelse från Liberalerna" in sources


def test_a_place_without_a_follow_up_has_no_section(renderer):
    page = _page(renderer, "hasselby-torg")
    assert "Polisens uppföljning" not in page


def test_who_says_it_is_text_escaped_once(catalog):
    """A measure whose attribution holds markup is shown as text on the page and in the open data."""
    scene = catalog.scenes[SCENE]
    poisoned = "<b>Någon</b> [länk](javascript:x) *fet*"
    years = [
        y.model_copy(update={"indicators": [i.model_copy(update={"according_to": poisoned}) for i in y.indicators]})
        for y in scene.years
    ]
    scenes = {**catalog.scenes, SCENE: scene.model_copy(update={"years": years})}
    changed = Renderer(dataclasses.replace(catalog, scenes=scenes), load_settings(), environment())
    path = urls.page_path("scenes", SCENE)
    raw = next(f for f in render_pages(changed) if f.path == path).content.decode("utf-8")
    assert "<b>" not in raw and "[länk]" not in raw
    assert f"Enligt {poisoned} (Källa 1):" in html.unescape(raw)


def test_the_open_data_carry_the_measures_with_who_says_them(catalog):
    files = {f.path: f.content for f in render_exports(catalog)}
    features = json.loads(files[urls.OPEN_DATA["geojson"]])["features"]
    by_id = {f["id"]: f["properties"] for f in features}
    first = by_id[f"{SCENE}-2023"]["indicators"]
    assert [i["measure"] for i in first] == ["area", "violence", "narcotics", "knife_law", "development_index"]
    area = first[0]
    assert (area["direction"], area["amount"], area["compared_with"]) == ("increased", "kraftigt", 2021)
    assert area["according_to"].startswith(AUTHORS)
    assert area["text"] == "Yta: ökade kraftigt jämfört med kartläggningen 2021"
    assert area["sources"][0]["id"] == "seed-kungsholmen-2024-skrivelse"
    assert by_id[f"{SCENE}-2024"]["indicators"][0]["according_to"].startswith(ADMINISTRATION)
    assert by_id["hasselby-torg-2021"]["indicators"] == []

    assert CSV_COLUMNS[-3:] == ["indicators", "indicator_source_titles", "indicator_source_urls"]  # appended
    rows = {(r["id"], r["year"]): r for r in csv.DictReader(io.StringIO(files[urls.OPEN_DATA["csv"]].decode()))}
    cell = rows[(SCENE, "2023")]["indicators"]
    assert cell.startswith("Yta: ökade kraftigt jämfört med kartläggningen 2021; Våldsbrott: ökade markant; ")
    assert cell.endswith(f"Uppföljningsindex: mycket negativ utveckling (enligt {first[0]['according_to']})")
    assert rows[(SCENE, "2024")]["indicators"].endswith(
        f"(enligt {by_id[f'{SCENE}-2024']['indicators'][0]['according_to']})"
    )
    assert rows[(SCENE, "2023")]["indicator_source_titles"].startswith("Skrivelse om öppna drogscener")
    assert rows[("hasselby-torg", "2021")]["indicators"] == ""
    excel = files[urls.OPEN_DATA["csv_excel"]].decode("utf-8-sig")
    assert excel.splitlines()[0].endswith(
        ";Polisens uppföljning;Källor för uppföljningen;Adresser till källorna för uppföljningen"
    )


def test_the_open_data_page_and_the_data_format_describe_the_field(renderer):
    page = html.unescape(
        next(f for f in render_pages(renderer) if f.path == urls.page_path("open_data")).content.decode("utf-8")
    )
    assert "| `indicators` (GeoJSON;" in page and "| `indicator_source_titles`, `indicator_source_urls` |" in page
    names = [row.name for row in format_rows(Scene)]
    for field in ("measure", "other", "direction", "amount", "compared_with", "according_to", "sources"):
        assert f"years[].indicators[].{field}" in names
