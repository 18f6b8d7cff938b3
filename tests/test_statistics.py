"""The statistics page: charts from the official totals (never counted from the places), from the
portal's own list and from surveys.yaml; reproducible SVG with nothing from another host; a table,
sources and a CSV with each chart; gaps say "uppgift saknas" and are never zero."""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import urls
from generator.catalog import check
from generator.pipeline import Paths, generate
from generator.problems import InvalidData
from generator.render import charts
from generator.render.statistics import PORTAL_LIST, SOURCE_HEADERS, figures
from generator.render.text import decimal_sv

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures"
PAGE = "statistik/index.md"


def _generate(data: Path, content: Path, docs: Path) -> Path:
    generate(Paths(data=data, content=content, docs=docs))
    return docs


@pytest.fixture(scope="module")
def real_docs(tmp_path_factory) -> Path:
    return _generate(ROOT / "data", ROOT / "content", tmp_path_factory.mktemp("docs"))


def _svgs(docs: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((docs / "statistik").glob("*.svg"))}


def _csv(docs: Path, chart_id: str, sources: bool = False) -> list[list[str]]:
    """The chart's CSV rows; without sources=True, without the two source columns every file ends with."""
    rows = list(csv.reader(io.StringIO((docs / urls.chart_path(chart_id, "csv")).read_text(encoding="utf-8"))))
    return rows if sources else [r[: -len(SOURCE_HEADERS)] for r in rows]


def test_at_least_six_charts_cover_official_portal_and_survey_figures(real_docs):
    svgs = _svgs(real_docs)
    assert len(svgs) >= 6
    for name in [
        "scener-per-kartlaggning",
        "kommuner-per-kartlaggning",
        "upphorda-och-nya",
        "namngivna-platser-per-kommun",
        "namngivna-platser-status",
        "platssamverkan-i-portalen",
        "vanligaste-atgarder",
        "platssamverkan-aktorer-2022",
        "atgarder-lanet-2022",
        "motesfrekvens-2022",
        "skolor-nara-scener-2023",
    ]:
        assert f"{name}.svg" in svgs and (real_docs / urls.chart_path(name, "csv")).is_file(), name


def test_each_chart_has_a_text_alternative_a_table_a_source_and_a_csv(real_docs):
    text = (real_docs / PAGE).read_text(encoding="utf-8")
    blocks = re.split(r"^### ", text, flags=re.M)[1:]
    assert len(blocks) == len(_svgs(real_docs))
    for block in blocks:
        chart_id = re.search(r"\{ #([a-z0-9-]+) \}", block).group(1)
        assert f'<img src="{chart_id}.svg" alt="Diagram: ' in block
        assert f'aria-describedby="{chart_id}-text"' in block
        caption = re.search(rf'<figcaption id="{chart_id}-text">(.+?)</figcaption>', block).group(1)
        assert len(caption) > 30, chart_id
        assert re.search(r"^\|---\|", block, re.M), chart_id  # the table
        assert "**Källa" in block or '??? note "Källor' in block, chart_id
        assert f"]({chart_id}.csv)" in block, chart_id


def test_two_builds_give_identical_svgs(tmp_path):
    first = _svgs(_generate(FIXTURE / "data", FIXTURE / "content", tmp_path / "a"))
    second = _svgs(_generate(FIXTURE / "data", FIXTURE / "content", tmp_path / "b"))
    assert first and first == second
    # And in a fresh process, where matplotlib starts from nothing.
    code = (
        "import hashlib, sys; from pathlib import Path; from generator.pipeline import Paths, generate; "
        f"generate(Paths(data=Path({str(FIXTURE / 'data')!r}), content=Path({str(FIXTURE / 'content')!r}), "
        f"docs=Path({str(tmp_path / 'c')!r})))"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    assert _svgs(tmp_path / "c") == first


def test_svg_needs_nothing_from_another_host(real_docs):
    namespaces = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    for name, svg in _svgs(real_docs).items():
        text = svg.decode("utf-8")
        # The sources' addresses in <desc> are words for the reader, not something the file loads.
        loaded = re.sub(r"<desc>.*?</desc>", "", text, flags=re.S)
        assert set(re.findall(r"https?://[^\s\"'<>)]+", loaded)) <= namespaces, name
        assert "<!DOCTYPE" not in text and "<script" not in text and "@import" not in text, name
        assert "@font-face" not in text and "<image" not in text, name
        assert "<title>" in text, name
        assert "Date" not in text and "Matplotlib" not in text, name  # no build date, no creator


def test_a_changed_total_changes_the_chart_its_table_and_csv(fixture_copy, tmp_path):
    before = _generate(fixture_copy / "data", fixture_copy / "content", tmp_path / "before")
    mappings = fixture_copy / "data" / "mappings.yaml"
    text = mappings.read_text(encoding="utf-8")
    assert "totals: {scenes: 53," in text
    mappings.write_text(text.replace("totals: {scenes: 53,", "totals: {scenes: 57,"), encoding="utf-8")
    after = _generate(fixture_copy / "data", fixture_copy / "content", tmp_path / "after")
    name = "scener-per-kartlaggning.svg"
    assert _svgs(before)[name] != _svgs(after)[name]
    page = (after / PAGE).read_text(encoding="utf-8")
    assert "| 2024 | 57 |" in page and "| 2024 | 53 |" not in page
    assert "57 år 2024" in page
    assert ["2024", "57", "Uppföljningen februari 2024"] in _csv(after, "scener-per-kartlaggning")


def test_an_unknown_figure_is_a_gap_not_zero(tmp_path):
    docs = _generate(FIXTURE / "data", FIXTURE / "content", tmp_path)
    page = (docs / PAGE).read_text(encoding="utf-8")
    assert "| 2025 | uppgift saknas |" in page  # 2025 has totals: {}
    assert "För 2025 saknas uppgift." in page
    assert ["2025", "", "Kartläggningen 2025"] in _csv(docs, "scener-per-kartlaggning")
    # A real zero stays a zero: no new scenes in 2024.
    assert ["2024", "10", "0", "Uppföljningen februari 2024"] in _csv(docs, "upphorda-och-nya")
    svg = (docs / "statistik" / "scener-per-kartlaggning.svg").read_bytes()
    assert svg != charts.draw(charts.Chart("x", "x", ("2025",), (charts.Series("s", (0,)),), "y"))


def test_official_charts_use_the_totals_never_the_places():
    catalog = check(FIXTURE / "data")
    official = [f for f in figures(catalog) if f.group == "official"]
    scenes = official[0].chart.series[0].values
    assert scenes == tuple(catalog.mappings[y].totals.scenes for y in sorted(catalog.mappings))


def test_survey_charts_come_from_surveys_yaml(tmp_path):
    docs = _generate(FIXTURE / "data", FIXTURE / "content", tmp_path)
    page = (docs / PAGE).read_text(encoding="utf-8")
    assert "### Vilka som deltar i testsamverkan (2022) { #testenkat-2022 }" in page
    assert "| Kameror | 50,5 % |" in page  # Swedish decimal comma (md() writes the no-break space as a space)
    assert _csv(docs, "testandelar-2022")[1] == ["Kameror", "50.5", ""]


def test_an_unknown_source_in_surveys_is_reported_with_line_and_column(fixture_copy):
    path = fixture_copy / "data" / "surveys.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("sources: [testkalla]", "sources: [testkala]", 1), encoding="utf-8"
    )
    with pytest.raises(InvalidData) as caught:
        check(fixture_copy / "data")
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.col) == ("data/surveys.yaml", 11, 13)
    assert 'okänd källa i sources.yaml: "testkala"' in problem.message


def test_surveys_yaml_is_optional(fixture_copy):
    (fixture_copy / "data" / "surveys.yaml").unlink()
    assert check(fixture_copy / "data").surveys == {}


def test_scene_page_has_a_timeline_of_every_round(real_docs):
    text = (real_docs / "platser" / "hasselby-torg" / "index.md").read_text(encoding="utf-8")
    timeline = re.search(r'<ol class="ods-timeline".*?</ol>', text, re.S).group(0)
    assert timeline.count("<li") == 5
    assert '<li class="listed inferred"><span class="year">2017</span> Utpekad, vår slutsats</li>' in timeline
    assert '<li class="none"><span class="year">2025</span> Ingen uppgift</li>' in timeline


def test_start_page_and_mappings_link_to_statistics(real_docs):
    assert "../statistik/index.md" in (real_docs / "kartlaggningar" / "index.md").read_text(encoding="utf-8")
    assert "statistik/index.md" in (real_docs / "index.md").read_text(encoding="utf-8")


def test_swedish_numbers():
    assert decimal_sv(12345) == "12\u00a0345"
    assert decimal_sv(50.5) == "50,5"
    assert decimal_sv(20.0) == "20"
    assert decimal_sv(None) == "uppgift saknas"


def test_digest_is_stable_for_one_chart():
    chart = charts.Chart("t", "Test", ("a", "b"), (charts.Series("s", (1, None)),), "antal")
    assert hashlib.sha256(charts.draw(chart)).hexdigest() == hashlib.sha256(charts.draw(chart)).hexdigest()


def test_text_from_data_is_never_read_as_a_formula():
    """matplotlib sets "$…$" as mathematics; a label from data is text, even one that is no valid formula."""
    chart = charts.Chart("t", "Test", (r"$\notacommand{x}$", "${alert(1)}"), (charts.Series("s", (1, 2)),), "$x$")
    assert charts.draw(chart).startswith(b"<?xml")


def _major_ticks(svg: bytes) -> list[float]:
    """The x of each labelled tick on the category axis, as drawn in the file."""
    text = svg.decode("utf-8")
    axis = text[text.index('<g id="matplotlib.axis_1">') : text.index('<g id="matplotlib.axis_2">')]
    ticks = axis.split('<g id="xtick_')[1:]
    return [float(re.search(r'<use [^>]*x="([\d.]+)"', t).group(1)) for t in ticks if '<g id="text_' in t]


def test_the_time_axis_is_proportional_to_time(real_docs):
    """2017 to 2021 is four years and 2024 to 2025 one: the gaps in the drawing are in that proportion."""
    catalog = check(ROOT / "data")
    years = sorted(catalog.mappings)
    assert len(years) >= 3 and years[1] - years[0] != years[-1] - years[-2]  # the test says something
    for chart_id in [
        "scener-per-kartlaggning",
        "kommuner-per-kartlaggning",
        "upphorda-och-nya",
        "namngivna-platser-status",
    ]:
        x = _major_ticks((real_docs / urls.chart_path(chart_id, "csv")).with_suffix(".svg").read_bytes())
        assert len(x) == len(years), chart_id
        per_year = (x[-1] - x[0]) / (years[-1] - years[0])
        for xi, year in zip(x, years, strict=True):
            assert xi == pytest.approx(x[0] + (year - years[0]) * per_year, abs=0.05), (chart_id, year)


def test_a_chart_without_dates_stays_evenly_spaced():
    chart = charts.Chart("x", "x", ("a", "b", "c"), (charts.Series("s", (1, 2, 3)),), "y")
    x = _major_ticks(charts.draw(chart))
    assert x[1] - x[0] == pytest.approx(x[2] - x[1], abs=0.01)


def test_each_svg_says_its_title_source_and_date(real_docs):
    """A chart saved on its own still says what it shows, where the figures come from and how new they are;
    its <title> is what the page's alt text says."""
    catalog = check(ROOT / "data")
    page = (real_docs / PAGE).read_text(encoding="utf-8")
    for f in figures(catalog):
        text = (real_docs / urls.chart_path(f.chart.id, "svg")).read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", text).group(1)
        desc = re.search(r"<desc>(.*?)</desc>", text, re.S).group(1)
        assert html.unescape(title) == f.chart.title
        assert f'alt="Diagram: {title}"' in page
        assert re.search(r"\. Käll(a|or): ", desc) and "Den senaste källan är från " in desc, f.chart.id
        for sid in f.sources:
            assert html.escape(catalog.sources[sid].title, quote=False) in desc, (f.chart.id, sid)
        assert re.search(r"Den senaste källan är från (\d+ \w+ )?\d{4}\.", desc), desc


def test_the_svg_date_is_the_newest_source_not_the_clock():
    catalog = check(FIXTURE / "data")
    f = next(f for f in figures(catalog) if f.chart.id == "scener-per-kartlaggning")
    newest = max(
        [catalog.sources[s].date.first_day() for s in f.sources if catalog.sources[s].date]
        + [catalog.sources[s].accessed for s in f.sources if catalog.sources[s].accessed]
    )
    assert f.chart.date.endswith(str(newest.year)) and str(newest.year) in f.svg.decode("utf-8")


def _all_csvs(docs: Path) -> dict[str, str]:
    return {p.name: p.read_bytes().decode("utf-8") for p in sorted((docs / "statistik").glob("*.csv"))}


def test_csv_headers_are_unique_and_codes_stay_text(real_docs):
    catalog = check(ROOT / "data")
    for name, text in _all_csvs(real_docs).items():
        excel = name.endswith("-excel.csv")
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";" if excel else ","))
        assert len(set(rows[0])) == len(rows[0]), (name, rows[0])
    rows = _csv(real_docs, "namngivna-platser-per-kommun")
    code = rows[0].index("Kommunkod")
    codes = {r[code] for r in rows[1:]}
    assert codes and codes <= {m.code for m in catalog.municipalities.values()}
    assert all(len(c) == 4 and c.startswith("01") for c in codes)  # "0117", never 117


def test_each_csv_has_an_excel_variant_beside_it(real_docs):
    csvs = _all_csvs(real_docs)
    plain = [n for n in csvs if not n.endswith("-excel.csv")]
    assert plain
    page = (real_docs / PAGE).read_text(encoding="utf-8")
    for name in plain:
        excel = csvs[name.removesuffix(".csv") + "-excel.csv"]
        assert excel.startswith("\ufeff") and "\r\n" in excel  # Excel reads UTF-8 only with a BOM
        rows = list(csv.reader(io.StringIO(excel.removeprefix("\ufeff"), newline=""), delimiter=";"))
        plain_rows = list(csv.reader(io.StringIO(csvs[name], newline="")))
        assert rows[0] == plain_rows[0] and len(rows) == len(plain_rows), name
        assert f"({name.removesuffix('.csv')}-excel.csv)" in page
    kommun = list(
        csv.reader(io.StringIO(csvs["namngivna-platser-per-kommun-excel.csv"][1:], newline=""), delimiter=";")
    )
    code = kommun[0].index("Kommunkod")
    assert all(re.fullmatch(r'="01\d\d"', r[code]) for r in kommun[1:])  # Excel keeps "0117" as text


def test_excel_variant_has_decimal_commas(tmp_path):
    docs = _generate(FIXTURE / "data", FIXTURE / "content", tmp_path)
    assert _csv(docs, "testandelar-2022")[1] == ["Kameror", "50.5", ""]
    excel = (docs / urls.chart_path("testandelar-2022-excel", "csv")).read_text(encoding="utf-8")
    assert excel.splitlines()[1].startswith("Kameror;50,5;;")


def test_statistics_is_a_tab_of_its_own_in_the_top_menu():
    """The journalist's route: /statistik/ one click from every page, not inside Platser."""
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    top = {k: v for item in nav if isinstance(item, dict) for k, v in item.items()}
    assert top.get("Statistik") == PAGE
    assert PAGE not in str(top["Platser"])


def test_every_chart_csv_names_each_rows_sources_with_title_and_address_paired(real_docs):
    """Title and address side by side, in the same order, so a reader never looks an id up."""
    catalog = check(ROOT / "data")
    by_title = {s.title: s.url or "" for s in catalog.sources.values()}
    csvs = _all_csvs(real_docs)
    assert csvs
    for name, text in csvs.items():
        excel = name.endswith("-excel.csv")
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";" if excel else ","))
        assert rows[0][-2:] == SOURCE_HEADERS, name
        for row in rows[1:]:
            titles, addresses = row[-2].split(" | "), row[-1].split(" | ")
            assert len(titles) == len(addresses) and titles != [""], (name, row)
            for title, address in zip(titles, addresses, strict=True):
                if title == PORTAL_LIST:
                    assert address == "../platser/", name
                else:
                    assert by_title[title] == address, (name, title)
    # Each mapping's row names that mapping's own sources, not the sources of every mapping.
    rows = _csv(real_docs, "scener-per-kartlaggning", sources=True)
    for row in rows[1:]:
        want = [catalog.sources[s].title for s in catalog.mappings[int(row[0])].sources]
        assert row[-2].split(" | ") == want
