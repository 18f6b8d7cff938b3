"""Every record has its page, and related records link to each other in both directions.

Checked on the generated Markdown for both the fixture data and the real data, from the data
itself rather than from a hard-coded list."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest

from generator import urls
from generator.pipeline import Paths, generate

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "fixture": (ROOT / "tests/fixtures/data", ROOT / "tests/fixtures/content"),
    "real": (ROOT / "data", ROOT / "content"),
}
LINK = re.compile(r"\]\(<?([^)>\s]+)>?\)")


@pytest.fixture(scope="module", params=sorted(SETS))
def built(request, tmp_path_factory):
    data, content = SETS[request.param]
    docs = tmp_path_factory.mktemp(f"docs-{request.param}")
    catalog = generate(Paths(data=data, content=content, docs=docs))
    return catalog, docs


def links_from(docs: Path, page: str) -> set[str]:
    """Pages (as docs-relative paths) that a generated page links to."""
    text = (docs / page).read_text(encoding="utf-8")
    found = set()
    for href in LINK.findall(text):
        if "://" in href or href.startswith("#"):
            continue
        found.add(posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0])))
    return found


def assert_links(docs, kind_a, id_a, kind_b, id_b, both=True):
    a, b = urls.page_path(kind_a, id_a), urls.page_path(kind_b, id_b)
    assert b in links_from(docs, a), f"{a} länkar inte till {b}"
    if both:
        assert a in links_from(docs, b), f"{b} länkar inte tillbaka till {a}"


def test_every_record_has_a_page(built):
    catalog, docs = built
    for kind in ("scenes", "actors", "methods", "examples"):
        for record_id in getattr(catalog, kind):
            assert (docs / urls.page_path(kind, record_id)).is_file(), (kind, record_id)
    for scene in catalog.scenes.values():
        assert (docs / urls.page_path("municipalities", scene.municipality)).is_file()


def test_related_records_link_both_ways(built):
    catalog, docs = built
    for sid, scene in catalog.scenes.items():
        assert_links(docs, "scenes", sid, "municipalities", scene.municipality)
        for mid in scene.measures:
            assert_links(docs, "scenes", sid, "methods", mid)
        if scene.merged_into:
            assert_links(docs, "scenes", sid, "scenes", scene.merged_into)
        for parent in scene.split_from:
            assert_links(docs, "scenes", sid, "scenes", parent)
    for xid, example in catalog.examples.items():
        assert_links(docs, "examples", xid, "municipalities", example.municipality)
        for sid in example.scenes:
            assert_links(docs, "examples", xid, "scenes", sid)
        for mid in example.methods:
            assert_links(docs, "examples", xid, "methods", mid)
        for aid in example.actors:
            assert_links(docs, "examples", xid, "actors", aid)
    for mid, method in catalog.methods.items():
        for aid in method.lead_actors:
            assert_links(docs, "methods", mid, "actors", aid)


def test_every_record_page_is_reachable_from_an_index(built):
    catalog, docs = built
    for kind in ("scenes", "actors", "methods", "examples"):
        index = links_from(docs, urls.page_path(kind))
        for record_id in getattr(catalog, kind):
            assert urls.page_path(kind, record_id) in index, (kind, record_id)


def test_start_page_shows_latest_official_figures(built):
    """The figures are the newest round that has them; a newer round without figures is named, and
    its unknown totals are never shown as numbers."""
    catalog, docs = built
    counted, latest = catalog.latest_counted_mapping, catalog.latest_mapping
    start = (docs / "index.md").read_text(encoding="utf-8")
    assert f"Senaste officiella siffror: {counted.title}" in start
    assert f"**{counted.totals.scenes} öppna drogscener**" in start
    assert "None" not in start
    if latest is not counted:
        assert f"{latest.title} publicerades" in start and "inte hittat dess siffror" in start
    assert "ods:senaste-siffror" not in start


def test_no_empty_sections(built):
    _, docs = built
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"^## [^\n]+\n\s*(?=^## |\Z)", text, flags=re.M), f"tomt avsnitt i {page}"


def test_record_pages_link_to_their_yaml_line(built):
    catalog, docs = built
    sid = next(iter(catalog.scenes))
    file, line = catalog.origin[("scenes", sid)]
    text = (docs / urls.page_path("scenes", sid)).read_text(encoding="utf-8")
    assert f"{file}#L{line}" in text


def test_every_scene_year_says_how_we_know_it(built):
    """Scene page, index and map table: each year carries its certainty, and an inferred year
    says what it rests on; a year without a position says the place is off the map."""
    from generator.render.text import md

    catalog, docs = built
    index = (docs / urls.page_path("scenes")).read_text(encoding="utf-8")
    table = (docs / "karta/index.md").read_text(encoding="utf-8")
    for sid, scene in catalog.scenes.items():
        page = (docs / urls.page_path("scenes", sid)).read_text(encoding="utf-8")
        items = re.findall(r"^- \*\*\[[^\n]*\n(?:  [^\n]*\n)+", page, flags=re.M)
        assert len(items) == len(scene.years), sid
        for y, item in zip(scene.years, items, strict=True):
            assert catalog.mappings[y.year].title in item
            if y.certainty == "inferred":
                assert "*Vår slutsats, inte angivet i källan.*" in item and str(md(y.inferred_from)) in item, (
                    sid,
                    y.year,
                )
            else:
                assert "*Enligt källan.*" in item, (sid, y.year)
            if y.geometry is None:
                assert "Läget är okänt" in item
        inferred = sum(y.certainty == "inferred" for y in scene.years)
        row = next(line for line in index.splitlines() if re.search(rf"[(/]{sid}/index\.md\)", line))
        assert row.count(md("(slutsats)")) == inferred, sid
        row = next(line for line in table.splitlines() if re.search(rf"[(/]{sid}/index\.md\)", line))
        assert row.count(md("(slutsats)")) == inferred, sid
        assert row.count(md("(läge okänt)")) == sum(y.geometry is None for y in scene.years), sid


def test_no_paragraph_runs_into_a_list_item(built):
    """A line right after a list item, not indented and not an item, is glued onto the item in
    Markdown (it happened to "Platser i portalen med uppgift för …" on the mappings page)."""
    _, docs = built
    item, continues = re.compile(r"^(- |\d+\. )"), re.compile(r"^(- |\d+\. |\s)")
    for page in docs.rglob("*.md"):
        lines = page.read_text(encoding="utf-8").split("\n")
        for n, (line, after) in enumerate(zip(lines, lines[1:], strict=False), start=2):
            if item.match(line) and after.strip() and not continues.match(after):
                raise AssertionError(f"{page.relative_to(docs)}:{n}: stycket fastnar i punkten före: {after[:60]}")


def test_more_places_than_a_page_can_list_are_counted_per_municipality(fixture_copy, tmp_path, monkeypatch):
    """Above LIST_LIMIT places, /platser/, the map's text, the mappings and the sources count the
    places per municipality, each count linking to the municipality's own list (thousands of rows
    help no reader); every place is still listed there, and --strict MkDocs finds every anchor."""
    from support import build_site

    from generator.catalog import check
    from generator.render import env

    monkeypatch.setattr(env, "LIST_LIMIT", 1)
    site = tmp_path / "site"
    assert build_site(fixture_copy, site) == 0
    docs, c = tmp_path / "docs", check(fixture_copy / "data")
    anchor = f"#{urls.PLACES_ANCHOR}"
    summaries = {
        "platser/index.md": "för många för en lista på en sida",
        "karta/index.md": "för många för en tabell på en sida",
        "kartlaggningar/index.md": "för många för att räkna upp här",
    }
    for page, words in summaries.items():
        text = (docs / page).read_text(encoding="utf-8")
        assert words in text, page
        assert "platser/" + next(iter(c.scenes)) not in text.replace("../", ""), f"{page} listar platser"
        for mid, n in c.per_municipality(c.scenes):
            link = urls.link(page, "municipalities", mid) + anchor
            assert f"]({link}) | {n} |" in text, (page, mid)
    assert "Källan används av" in (docs / "om/kallor/index.md").read_text(encoding="utf-8")
    for mid in c.municipalities_with_content:
        html = (site / urls.url("municipalities", mid).lstrip("/") / "index.html").read_text(encoding="utf-8")
        assert f'id="{urls.PLACES_ANCHOR}"' in html
        for sid in c.linked("scenes_by_municipality", mid):
            assert f'href="../../platser/{sid}/"' in html, (mid, sid)


def test_every_method_page_shows_its_level_and_what_it_rests_on(built):
    """The level, what it rests on (design) and, for an evaluation we have not read, that we have not:
    on the method's page and, for the last, in the catalogue's table too."""
    from generator.render.text import LABELS, md

    catalog, docs = built
    index = (docs / urls.page_path("methods")).read_text(encoding="utf-8")
    for mid, m in catalog.methods.items():
        page = (docs / urls.page_path("methods", mid)).read_text(encoding="utf-8")
        row = next(line for line in page.splitlines() if "Kunskapsläge" in line and line.startswith("|"))
        assert LABELS["evidence"][m.evidence.level] in row, mid
        basis = [line for line in page.splitlines() if line.startswith("| Underlag för nivån |")]
        if m.evidence.design is None:
            assert not basis, mid
            continue
        assert str(md(LABELS["evidence_design"][m.evidence.design])) in basis[0], mid
        assert (str(md(LABELS["evidence_read"]["unread"])) in basis[0]) == (m.evidence.read is False), mid
        listed = next(line for line in index.splitlines() if re.search(rf"[(/]{mid}/index\.md\)", line))
        assert ("inte läst av oss" in listed) == (m.evidence.read is False), mid
