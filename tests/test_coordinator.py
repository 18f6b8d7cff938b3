"""What a municipal safety coordinator needs (issue 26, item 8): the method catalogue filtered and
ordered by evidence and by lead actor, the actors' table naming the methods each actor leads, the
good examples filtered to municipalities like one's own (kind of place, size from SCB's population),
one set of chapter names in the menu, the chapter list and the PDF, and the PDF link at the top of
the method support. Checked on the generated pages against the data, for the real and the fixture data."""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

import pytest
import yaml

from generator import urls
from generator.catalog import SIZE_CLASSES, check, size_class
from generator.config import Paths
from generator.pipeline import generate, read_content
from generator.render.book import book_html
from generator.render.content import method_support_nav, read_book, with_chapter_list
from generator.render.text import date_sv, number_sv, size_label

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "fixture": (ROOT / "tests/fixtures/data", ROOT / "tests/fixtures/content"),
    "real": (ROOT / "data", ROOT / "content"),
}
ROW = re.compile(r'<tr class="ods-method"([^>]*) markdown><td markdown="span">\[[^\]]*\]\(([^)]+)\)')
ATTR = re.compile(r'(data-[a-z-]+)="([^"]*)"')
LINK = re.compile(r"\]\(<?([^)>\s]+)>?\)")


_BUILT: dict[str, tuple] = {}


def _generate(name: str, tmp_path_factory) -> tuple:
    """Each data set is generated once for the module, whichever fixture asks first."""
    if name not in _BUILT:
        data, content = SETS[name]
        docs = tmp_path_factory.mktemp(f"docs-{name}")
        _BUILT[name] = (generate(Paths(data=data, content=content, docs=docs)), docs)
    return _BUILT[name]


@pytest.fixture(scope="module", params=sorted(SETS))
def built(request, tmp_path_factory):
    return _generate(request.param, tmp_path_factory)


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    """The real data and content: the method support's own pages (the fixture's are stand-ins)."""
    return _generate("real", tmp_path_factory)


def page(docs: Path, kind: str) -> str:
    return (docs / urls.page_path(kind)).read_text(encoding="utf-8")


def attrs(text: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in ATTR.findall(text)}


def options(text: str, name: str) -> list[str]:
    """The values a filter's select offers, without the empty 'all' choice."""
    select = re.search(rf'<select [^>]*name="{name}"[^>]*>(.*?)</select>', text, re.S)
    assert select, f"inget val med namnet {name}"
    return [html.unescape(v) for v in re.findall(r'<option value="([^"]*)"', select.group(1)) if v]


# --- 1. The method catalogue ---------------------------------------------------------------------


def method_rows(docs: Path) -> dict[str, dict[str, str]]:
    """Method id (from the row's link) -> the row's data attributes."""
    rows = {}
    for found in ROW.finditer(page(docs, "methods")):
        href = found.group(2)
        mid = href.removesuffix("/index.md")
        assert href == urls.link(urls.page_path("methods"), "methods", mid), href
        rows[mid] = attrs(found.group(1))
    return rows


def test_every_method_has_one_row_with_its_evidence_lead_actors_and_type(built):
    catalog, docs = built
    rows = method_rows(docs)
    assert list(rows) == [
        mid for cat in ("situational", "social", "process") for mid, m in catalog.methods.items() if m.category == cat
    ]
    for mid, m in catalog.methods.items():
        row = rows[mid]
        assert row["data-kunskap"] == m.evidence.level
        assert row["data-leds"].split() == list(m.lead_actors)
        assert row["data-typ"] == m.category


def test_the_filters_offer_what_the_methods_have(built):
    catalog, docs = built
    text = page(docs, "methods")
    levels = [
        lvl
        for lvl in ("evaluated", "some", "none_found")
        if any(m.evidence.level == lvl for m in catalog.methods.values())
    ]
    assert options(text, "kunskap") == levels
    leaders = [aid for aid in catalog.actors if any(aid in m.lead_actors for m in catalog.methods.values())]
    assert options(text, "leds") == leaders
    assert options(text, "typ") == list(
        dict.fromkeys(
            cat for cat in ("situational", "social", "process") for m in catalog.methods.values() if m.category == cat
        )
    )


def test_every_order_has_a_key_on_every_row_and_evidence_sorts_best_first(built):
    catalog, docs = built
    text = page(docs, "methods")
    assert re.search(r'<select [^>]*name="ordning"[^>]*data-ods-sort', text)
    rows = method_rows(docs)
    for key in options(text, "ordning"):
        assert all(f"data-sort-{key}" in row for row in rows.values()), key
    rank = {"evaluated": 0, "some": 1, "none_found": 2}
    by_evidence = sorted(rows, key=lambda mid: int(rows[mid]["data-sort-kunskap"].split()[0]))
    assert [rank[catalog.methods[mid].evidence.level] for mid in by_evidence] == sorted(
        rank[m.evidence.level] for m in catalog.methods.values()
    )
    # The keys are ranks (no name in an attribute inside Markdown): by name as Swedish sorts it, and by lead
    # actor, then name.
    from generator.render.text import sort_key_sv

    by_name = sorted(rows, key=lambda mid: int(rows[mid]["data-sort-namn"]))
    assert by_name == sorted(rows, key=lambda mid: sort_key_sv(catalog.methods[mid].name))

    def lead(mid):
        first = catalog.actors[catalog.methods[mid].lead_actors[0]]
        return sort_key_sv(f"{first.short_name or first.name} {catalog.methods[mid].name}")

    assert sorted(rows, key=lambda mid: int(rows[mid]["data-sort-leds"])) == sorted(rows, key=lead)
    assert all(re.fullmatch(r"[\d ]+", v) for row in rows.values() for k, v in row.items() if k.startswith("data-sort"))


@pytest.mark.parametrize("kind", ["methods", "examples"])
def test_the_filter_boxes_are_labelled_announce_their_hits_and_run_no_inline_code(built, kind):
    _, docs = built
    text = page(docs, kind)
    box = re.search(r"<div class=\"ods-filter\" data-ods-filter[^>]*>(.*?)\n</div>", text, re.S)
    assert box, "ingen filterruta"
    ids = re.findall(r'<select id="([^"]+)"', box.group(1))
    assert ids and all(f'<label for="{i}">' in box.group(1) for i in ids), "ett val saknar etikett"
    assert '<p role="status" data-ods-count></p>' in box.group(1)
    assert "<legend>" in box.group(1)
    assert "<script" not in text and not re.search(r"\son[a-z]+=", text), "kod i sidan: CSP:n stoppar den"


def test_the_script_filters_and_orders_by_what_the_box_names():
    js = (ROOT / "site_overrides/assets/ods.js").read_text(encoding="utf-8")
    # One mechanism for both pages: the box names its items, its noun and its sort control.
    assert js.count("[data-ods-filter]") == 1
    for name in ("odsItems", "odsNoun", "[data-ods-sort]", "localeCompare", "history.replaceState"):
        assert name in js, name


# --- 2. The actors' table ------------------------------------------------------------------------


def test_an_actors_page_links_to_the_catalogue_filtered_on_it(built):
    catalog, docs = built
    for aid in catalog.actors:
        text = (docs / urls.page_path("actors", aid)).read_text(encoding="utf-8")
        target = urls.filtered(urls.page_path("actors", aid), "methods", leds=aid)
        assert (f"]({target})" in text) == bool(catalog.linked("methods_by_actor", aid)), aid


def test_the_actors_table_links_each_actor_to_the_methods_it_leads(built):
    catalog, docs = built
    text = page(docs, "actors")
    index = urls.page_path("actors")
    for aid in catalog.actors:
        row = next(line for line in text.splitlines() if line.startswith("| [") and f"]({aid}/index.md)" in line)
        linked = {posixpath.normpath(posixpath.join("aktorer", h)) for h in LINK.findall(row)}
        led = {urls.page_path("methods", mid) for mid, m in catalog.methods.items() if aid in m.lead_actors}
        assert linked - {urls.page_path("actors", aid)} == led, (aid, index)
        if not led:
            assert "Ingen metod i katalogen" in row


# --- 3. The good examples by kind of place and size -----------------------------------------------


@pytest.mark.parametrize(
    ("population", "expected"),
    [(1, "liten"), (49_999, "liten"), (50_000, "mellan"), (149_999, "mellan"), (150_000, "stor"), (995_574, "stor")],
)
def test_size_classes_have_no_gaps_at_their_bounds(population, expected):
    assert size_class(population) == expected


def test_size_labels_say_the_bounds_in_words():
    labels = [size_label(low, high) for _, low, high in SIZE_CLASSES]
    assert labels == [
        "Under 50\u00a0000 invånare",
        "50\u00a0000–149\u00a0999 invånare",
        "150\u00a0000 invånare eller fler",
    ]


def test_each_example_carries_its_places_kinds_and_its_municipalitys_size(built):
    catalog, docs = built
    text = page(docs, "examples")
    articles = {
        LINK.search(body).group(1).split("/")[0]: attrs(head)
        for head, body in re.findall(r'<article class="ods-example"([^>]*)>(.*?)</article>', text, re.S)
    }
    assert set(articles) == set(catalog.examples)
    for xid, x in catalog.examples.items():
        kinds = {catalog.scenes[s].place_type for s in x.scenes}
        assert set(articles[xid]["data-platstyp"].split()) == kinds
        population = catalog.municipalities[x.municipality].population
        expected = (
            ""
            if population is None
            else next(
                cid
                for cid, low, high in SIZE_CLASSES
                if low <= population.count and (high is None or population.count < high)
            )
        )
        assert articles[xid]["data-storlek"] == expected
    kinds_used = {catalog.scenes[s].place_type for x in catalog.examples.values() for s in x.scenes}
    assert set(options(text, "platstyp")) == kinds_used
    sizes = {articles[xid]["data-storlek"] for xid in articles} - {""}
    if sizes:
        assert set(options(text, "storlek")) == sizes
        note = re.search(r'<p id="filter-storlek-om"[^>]*>(.*?)</p>', text, re.S).group(1)
        for mid in {x.municipality for x in catalog.examples.values()}:
            population = catalog.municipalities[mid].population
            if population:
                assert date_sv(population.date) in note
                municipality = (docs / urls.page_path("municipalities", mid)).read_text(encoding="utf-8")
                line = f"**Folkmängd:** {number_sv(population.count)} invånare den {date_sv(population.date)}"
                assert line.replace("\u00a0", " ") in municipality.replace("\u00a0", " ")
    else:
        assert 'name="storlek"' not in text


def test_population_needs_a_known_source_and_a_positive_count(fixture_copy, cli):
    path = fixture_copy / "data" / "municipalities.yaml"
    text = path.read_text(encoding="utf-8")
    bad = text.replace(
        '  code: "0184"\n',
        '  code: "0184"\n  population:\n    count: 0\n    date: 2024-12-31\n    sources: [finns-inte]\n',
        1,
    )
    assert bad != text
    path.write_text(bad, encoding="utf-8")
    result = cli("validate", "--data", fixture_copy / "data")
    assert result.returncode != 0
    assert re.search(r"municipalities\.yaml:\d+:\d+: fel: .*population\.count", result.stdout + result.stderr)
    fixed = bad.replace("count: 0", "count: 81000")
    path.write_text(fixed, encoding="utf-8")
    result = cli("validate", "--data", fixture_copy / "data")
    assert result.returncode != 0
    assert re.search(r"municipalities\.yaml:\d+:\d+: fel: .*finns-inte", result.stdout + result.stderr)


# --- 4. One set of chapter names ------------------------------------------------------------------


def nav() -> tuple[tuple[str, str], ...]:
    return method_support_nav(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))


def test_the_chapter_list_is_the_menu(real):
    _, docs = real
    index = (docs / "metodstod/index.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\d+\. \[([^\]]+)\]\(([^)]+)\)", index, re.M)
    assert [(title, posixpath.normpath(posixpath.join("metodstod", href))) for title, href in listed] == list(nav())
    assert "<!-- ods:kapitel -->" not in index


def test_the_pdf_contents_use_the_menus_names():
    book = read_book(Paths(), read_content(Paths().content))
    document = book_html(check(Paths().data), book)
    contents = re.search(r'<nav class="innehall".*?</nav>', document, re.S).group(0)
    titles = [html.unescape(t) for t in re.findall(r'<li><a href="#(?:kap-[^"]+|metodkatalog)">([^<]+)</a>', contents)]
    expected = [title for title, path in nav()]
    assert [t for t in titles if t in expected] == expected
    assert f"<h1>{html.escape(dict((p, t) for t, p in nav())['metoder/index.md'])}</h1>" in document


def test_each_chapter_heading_begins_with_its_name_in_the_menu(real):
    _, docs = real
    for title, path in nav():
        heading = re.search(r"^# (.+)$", (docs / path).read_text(encoding="utf-8"), re.M).group(1)
        assert heading.startswith(title), (path, heading, title)


def test_a_new_name_in_the_menu_changes_the_list():
    files = {
        "metodstod/index.md": b"# M\n\n<!-- ods:kapitel -->\n",
        "metodstod/a.md": b'---\ndescription: "Metodst\xc3\xb6det: om a."\n---\n# A\n',
    }
    out = with_chapter_list(files, (("Ett nytt namn", "metodstod/a.md"), ("Katalogen", "metoder/index.md")))
    assert (
        out["metodstod/index.md"].decode()
        == "# M\n\n1. [Ett nytt namn](a.md) – om a.\n2. [Katalogen](../metoder/index.md)\n"
    )


# --- 5. The PDF link at the top of the method support ---------------------------------------------


def test_the_pdf_link_is_the_first_thing_under_the_heading(real):
    """Above the introduction, so it shows without scrolling on a phone (375 × 667) as on a desktop."""
    _, docs = real
    text = (docs / "metodstod/index.md").read_text(encoding="utf-8")
    first = re.search(r"^# .+\n+(.+?)\n\n", text, re.M).group(1)
    link = rf"\[Ladda ner metodstödet som PDF \([\d\u00a0]+ kB\)\]\({re.escape(urls.relative('metodstod/index.md', urls.PDF))}\)"
    assert re.fullmatch(link, first), first
