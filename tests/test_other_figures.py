"""Figures beside a mapping round that are not its official totals (Mapping.other_figures): typed in the
model, shown marked as not official on Kartläggningar, beside the official figures (start page box, the
<!-- ods:officiella-siffror --> table and so the PDF) and in kartlaggningar.json, and never in the totals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import urls
from generator.config import load_settings
from generator.pipeline import check
from generator.problems import InvalidData
from generator.render.env import Renderer, environment
from generator.render.exports import render_exports
from generator.render.facts import totals_table
from generator.render.pages import latest_figures, render_pages
from generator.render.text import date_sv

FIGURES = """  other_figures:
    - date: 2022-03-17
      value: 59
      counts: platser på polisens lista
      said_by: Testkommunen
      note: Listan mellan två kartläggningar.
      sources: [andra-kallan]
    - date: 2022-01
      approximate: ett femtiotal
      counts: öppna drogscener i länet
      said_by: Testmyndigheten
      sources: [testkalla]
"""


def _with_figures(fixture_copy, figures: str = FIGURES):
    """The fixture data with the figures on its first round (2023), before that round's sources."""
    path = fixture_copy / "data" / "mappings.yaml"
    text = path.read_text(encoding="utf-8")
    first_sources = text.index("  sources:")
    path.write_text(text[:first_sources] + figures + text[first_sources:], encoding="utf-8")
    return check(fixture_copy / "data")


def _page(catalog, key: str) -> str:
    r = Renderer(catalog, load_settings(), environment())
    return next(f for f in render_pages(r) if f.path == urls.page_path(key)).content.decode("utf-8")


@pytest.fixture
def catalog(fixture_copy):
    return _with_figures(fixture_copy)


def test_the_round_page_shows_each_figure_under_a_not_official_heading(catalog):
    page = _page(catalog, "mappings")
    section = page[page.index("### Andra siffror, inte officiella") :]
    m = catalog.mappings[2023]
    for f in m.other_figures:
        value = str(f.value) if f.value is not None else f.approximate
        row = next(line for line in section.splitlines() if f.counts in line)
        assert f"| {date_sv(f.date)} | {value} |" in row and f.said_by in row
    # oldest first, whatever order the file has
    assert section.index("ett femtiotal") < section.index("| 59 |")
    # the official table above is untouched: no figure becomes a total
    table = page[: page.index("### Andra siffror")]
    assert "| 59 |" not in table


def test_the_official_figures_table_lists_them_after_it_marked_as_not_official(catalog):
    text = totals_table(catalog, "metodstod/regionala-siffror.md")
    table, _, after = text.partition("Andra siffror, som inte är någon kartläggnings officiella siffror")
    assert after and "59" not in table
    for f in catalog.mappings[2023].other_figures:
        assert f"{date_sv(f.date)}: " in after and f.said_by in after


def test_the_box_beside_the_latest_figures_points_to_them(catalog):
    box = latest_figures(Renderer(catalog, load_settings(), environment()), "index.md")
    assert "Andra siffror, inte officiella" in box and " 2 siffror" in box
    assert "(kartlaggningar/index.md)" in box


def test_the_json_carries_them_as_not_official(catalog):
    files = {f.path: f.content for f in render_exports(catalog)}
    data = json.loads(files[urls.OPEN_DATA["mappings_json"]])
    row = next(m for m in data["mappings"] if m["year"] == 2023)
    assert [f["date"] for f in row["other_figures"]] == ["2022-01", "2022-03-17"]
    assert all(f["official"] is False for f in row["other_figures"])
    assert row["other_figures"][1]["value"] == 59 and row["other_figures"][0]["approximate"] == "ett femtiotal"
    assert row["scenes"] == catalog.mappings[2023].totals.scenes  # the total is still the official one
    assert all(m["other_figures"] == [] for m in data["mappings"] if m["year"] != 2023)


@pytest.mark.parametrize(
    ("value_lines", "message"),
    [
        ("      value: 59\n      approximate: ett sextiotal\n", "ange antingen value"),
        ("", "ange antingen value"),
    ],
)
def test_a_figure_needs_a_number_or_the_sources_words_not_both(fixture_copy, value_lines, message):
    figures = (
        "  other_figures:\n    - date: 2022\n" + value_lines + "      counts: platser\n      said_by: Någon\n"
        "      sources: [testkalla]\n"
    )
    with pytest.raises(InvalidData) as err:
        _with_figures(fixture_copy, figures)
    assert any(message in p.message for p in err.value.problems)


def test_the_real_data_has_the_audits_interim_figures():
    """The figures the audit found (59 on the list in March 2022, Brå's 'ett femtiotal', the city's own
    count beside Länsstyrelsen's) are in data, each with a source."""
    real = check(Path(__file__).resolve().parent.parent / "data")
    figures = [f for m in real.mappings.values() for f in m.other_figures]
    assert any(f.value == 59 for f in figures) and any(f.approximate == "ett femtiotal" for f in figures)
    assert all(f.sources and all(s in real.sources for s in f.sources) for f in figures)
