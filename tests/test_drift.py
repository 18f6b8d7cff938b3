"""The drift check (generator/drift.py): prose in content/ that contradicts the data stops `validate` and
`build` with the page's line and column, and the real pages and the fixtures agree with their data."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.catalog import check
from generator.config import Paths
from generator.drift import Facts, check_page, check_prose, place_names
from generator.pipeline import generate, read_content
from generator.problems import InvalidData, SetupError
from generator.render.facts import fill_facts, rounds_sv
from generator.render.text import when_sv

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

# Three contradictions of tests/fixtures/data, one of each rule, planted on lines 8, 10 and 12 of a page.
PLANTED = """
Testtorget finns inte i vår lista över platser.

Kartläggningar och uppföljningar gjordes 2023 och 2024.

Kartläggningen 2023 visade 62 öppna drogscener.
"""


@pytest.fixture(scope="module")
def fixture_facts() -> Facts:
    return Facts.of(check(FIXTURES / "data"))


def _problems(text: str, facts: Facts) -> list[str]:
    return [str(p) for p in check_page("content/sida.md", text, facts)]


def test_the_real_pages_agree_with_the_real_data():
    assert check_prose(check(ROOT / "data"), read_content(ROOT / "content")) == []


def test_the_fixture_pages_agree_with_the_fixture_data():
    assert check_prose(check(FIXTURES / "data"), read_content(FIXTURES / "content")) == []


def test_validate_reports_each_planted_contradiction_at_its_line(fixture_copy, cli):
    page = fixture_copy / "content" / "ordlista.md"
    page.write_text(page.read_text(encoding="utf-8") + PLANTED, encoding="utf-8")
    result = cli("validate", "--data", fixture_copy / "data", "--content", fixture_copy / "content")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        'content/ordlista.md:8:1: fel: texten säger att "Testtorget" saknas i portalens lista, men platsen finns '
        "i data/scenes.yaml:2 (id testtorget); stryk den här eller länka till platsens sida",
        "content/ordlista.md:10:42: fel: uppräkningen 2023 och 2024 saknar 2025, som finns i "
        "data/mappings.yaml:17; skriv <!-- ods:kartlaggningsar --> i stället, så följer åren med data",
        "content/ordlista.md:12:28: fel: texten säger 62 öppna drogscener för kartläggningen 2023, men "
        "data/mappings.yaml:1 har 63; ta bort siffran eller visa den med <!-- ods:officiella-siffror -->",
    ]
    assert lines[3].startswith("3 fel hittades.")


def test_validate_without_data_folder_checks_the_real_content(cli):
    """`make validate` (no --data) checks content/ too; with another --data, content/ is not its text."""
    assert cli("validate").returncode == 0
    assert cli("validate", "--data", FIXTURES / "data").returncode == 0


def test_the_build_stops_before_writing_anything(fixture_copy):
    page = fixture_copy / "content" / "ordlista.md"
    page.write_text(page.read_text(encoding="utf-8") + PLANTED, encoding="utf-8")
    docs = fixture_copy / "docs"
    with pytest.raises(InvalidData) as err:
        generate(Paths(data=fixture_copy / "data", content=fixture_copy / "content", docs=docs))
    assert [(p.path, p.line) for p in err.value.problems] == [("content/ordlista.md", n) for n in (8, 10, 12)]
    assert not docs.exists()


def test_a_list_claims_absence_for_every_item_under_it(fixture_facts):
    text = "## Platser som saknas i listan\n\nDe finns inte med på kartan:\n\n- Okända platsen\n- Fisksätra\n"
    assert _problems(text, fixture_facts) == [
        'content/sida.md:5:3: fel: texten säger att "Okända platsen" saknas i portalens lista, men platsen finns '
        "i data/scenes.yaml:65 (id okanda-platsen); stryk den här eller länka till platsens sida"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Testtorget finns på listan sedan 2023.",  # no absence claimed
        "Uppgiften saknas för Testtorget i tabellen.",  # absent from something else than the list
        "Scenen minskade mellan 2023 och 2024, enligt kartläggningen.",  # a comparison, not a list
        "Kartläggningarna 2023 och 2024 visade olika saker.",  # two named, not all listed
        "Mätningarna 2003, 2004 och 2008 jämfördes med kartläggningen.",  # years that are no rounds
        "Kartläggningen 2023 visade 63 öppna drogscener.",  # the official figure
        "Av de 63 öppna drogscenerna 2023 låg 31 i Stockholms stad.",
        "Stockholm gick från 6 öppna drogscener 2023 till 4.",  # a municipality's count
        "Omkring 30 av länets 63 öppna drogscener 2022 hade en orsaksanalys.",  # 2022 is no round
        "Kartläggningar har gjorts <!-- ods:kartlaggningsar -->.",  # the marker is data, not prose
        "I uppföljningen i februari 2024 hade ytan minskat.",  # the round's kind and month
        "Kartläggningen i november 2023 nämnde platsen.",  # published 2023-11-16
        "Uppföljningen 2022 gällde något annat.",  # 2022 is no round
        "<!-- ods:omgang-2024 --> visade färre scener.",
    ],
)
def test_what_the_rules_let_pass(text, fixture_facts):
    assert _problems(text, fixture_facts) == []


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("Kartläggningen från januari 2024 publicerades av polisen.", "är en uppföljning, ingen kartläggning"),
        ("I uppföljningen från januari 2024 ströks tio platser.", "publicerades i februari, inte i januari"),
        ("Polisens uppföljning 2023 visade mycket våld.", "är en kartläggning, ingen uppföljning"),
        ("Platsen fanns med i 2024 års kartläggning.", "är en uppföljning, ingen kartläggning"),
    ],
)
def test_a_round_named_otherwise_than_its_title_is_an_error(text, wrong, fixture_facts):
    (problem,) = _problems(text, fixture_facts)
    assert wrong in problem and "<!-- ods:omgang-20" in problem


def test_a_round_marker_needs_a_round(fixture_facts):
    (problem,) = _problems("Se <!-- ods:omgang-2019 -->.", fixture_facts)
    assert problem.startswith("content/sida.md:1:4: fel: <!-- ods:omgang-2019 -->: 2019 är ingen")


def test_the_round_marker_becomes_the_title_in_mappings_yaml():
    catalog = check(FIXTURES / "data")
    assert fill_facts("I <!-- ods:omgang-2024 --> och <!-- ods:omgang-2023 -->.", catalog, "x.md") == (
        f"I {catalog.mappings[2024].title} och {catalog.mappings[2023].title}."
    )


def test_a_total_for_a_round_without_figures_is_an_error(fixture_facts):
    (problem,) = _problems("I länet fanns 40 öppna drogscener 2025.", fixture_facts)
    assert problem.startswith("content/sida.md:1:15: fel: texten säger 40 öppna drogscener för kartläggningen 2025")
    assert "har ingen officiell siffra" in problem


def test_place_names_prose_uses():
    assert place_names("Nordkapsgatan, Husby") == ["Nordkapsgatan, Husby", "Nordkapsgatan"]
    assert place_names("Fridhemsplan/Stadshagen") == ["Fridhemsplan/Stadshagen", "Fridhemsplan", "Stadshagen"]
    assert place_names("Hässelby torg (Hässelby gård)") == ["Hässelby torg", "Hässelby torg"]
    assert place_names("Jakobsbergs centrum och station") == ["Jakobsbergs centrum och station", "Jakobsbergs centrum"]


def test_markers_fill_rounds_and_figures_from_data():
    catalog = check(FIXTURES / "data")
    assert rounds_sv(catalog) == "2023 och 2025"
    text = fill_facts("<!-- ods:officiella-siffror -->", catalog, "metodstod/regionala-siffror.md")
    rows = text.splitlines()
    assert rows[0].startswith("| Omgång | Öppna drogscener |") and rows[2 + len(catalog.mappings)] == ""
    assert "(../kartlaggningar/index.md#ar-2023) | 63 | – | 12 | 11 |" in rows[2]
    assert rows[-1].startswith("– betyder att ingen källa anger siffran. Källor: [")


UNUSED_SOURCE = """
- id: oanvand-kalla
  title: En rapport som ingen hänvisar till
  publisher: Testmyndigheten
  kind: myndighet
  url: https://example.org/oanvand-rapport
"""


def test_a_source_nothing_uses_stops_validate_at_its_line(fixture_copy, cli):
    sources = fixture_copy / "data" / "sources.yaml"
    text = sources.read_text(encoding="utf-8")
    sources.write_text(text.rstrip("\n") + "\n" + UNUSED_SOURCE, encoding="utf-8")
    line = len(text.rstrip("\n").splitlines()) + 2  # after the blank line
    result = cli("validate", "--data", fixture_copy / "data", "--content", fixture_copy / "content")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f'data/sources.yaml:{line}:1: fel: källan "oanvand-kalla" används inte: ingen post i data/ hänvisar till '
        "den och ingen sida i content/ länkar till den eller nämner dess titel. Hänvisa till den vid uppgiften den "
        "styrker, eller ta bort den"
    )


@pytest.mark.parametrize(
    "page",
    [
        "Läs [rapporten](https://example.org/oanvand-rapport).",  # linked by its address
        "Se *En rapport som ingen hänvisar till* (Testmyndigheten).",  # named by its title
    ],
)
def test_a_source_a_page_links_to_or_names_is_used(fixture_copy, page):
    sources = fixture_copy / "data" / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8").rstrip("\n") + "\n" + UNUSED_SOURCE, encoding="utf-8")
    catalog = check(fixture_copy / "data")
    content = read_content(fixture_copy / "content")
    assert [p for p in check_prose(catalog, content) if "oanvand-kalla" in p.message]
    content["sida.md"] = page.encode("utf-8")
    assert check_prose(catalog, content) == []


def test_the_followups_marker_says_when_each_followup_came():
    catalog = check(FIXTURES / "data")
    followups = [m for m in catalog.mappings.values() if m.kind == "uppföljning" and m.published]
    assert followups, "the fixture data needs a dated follow-up for this test"
    filled = fill_facts("En uppföljning kom <!-- ods:uppfoljningar -->.", catalog, "ordlista.md")
    assert "<!--" not in filled
    for m in followups:
        assert when_sv(m.published) in filled


def test_the_checked_marker_takes_the_date_from_the_pages_own_front_matter():
    catalog = check(Path(__file__).parent / "fixtures" / "data")
    page = "---\ndescription: x\nkontrollerad: 2026-12-07\n---\n# Sida\n\nKontrollerad den <!-- ods:kontrollerad -->.\n"
    assert "Kontrollerad den 7 december 2026." in fill_facts(page, catalog, "metodstod/sida.md")
    for broken in ("---\ndescription: x\n---\n", "---\nkontrollerad: 2026-13-40\n---\n", ""):
        with pytest.raises(SetupError, match="kontrollerad: 2026-12-07"):
            fill_facts(broken + "Den <!-- ods:kontrollerad -->.\n", catalog, "metodstod/sida.md")


def test_the_secrecy_chapter_dates_its_legal_check_once_on_the_page_and_in_the_pdf():
    from generator.render.book import book_html
    from generator.render.content import read_book
    from generator.render.facts import checked_date
    from generator.render.text import date_sv

    rel = "metodstod/sekretess.md"
    text = (Paths().content / rel).read_text(encoding="utf-8")
    assert text.count("<!-- ods:kontrollerad -->") == 1 and "sekretessbrytande bestämmelser" in text.lower()
    dated = date_sv(checked_date(text, rel))
    html = book_html(check(Paths().data), read_book(Paths(), read_content(Paths().content)))
    assert html.count(f"Hänvisningarna kontrollerades den {dated}") == 1
