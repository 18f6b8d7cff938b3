"""Finding things: Swedish queries typed key by key into the search box in the header (Pagefind)
find the right pages first and say what kind of page each result is; the search page keeps its
filters in the address; and the good-example filters work without a server and are kept in the URL."""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import parse_qs, urlparse

import pytest

from generator import search as pagefind_index
from generator.pipeline import check

from .checks import REPO, axe_problems
from .conftest import served

INDEX_PAGES = ["Platser", "Kommuner", "Metoder", "Goda exempel", "Aktörer", "Kartläggningar"]


def open_search(visit, site, width: int = 1280, path: str = "/metoder/"):
    """A page with the search box open and focused, as a reader opens it at that width."""
    v = visit(site.url + path, width, 900 if width > 600 else 812)
    page = v.page
    if width < 960:  # Material's phone layout: the magnifier in the header opens the box
        page.locator("[data-ods-search-open]").click()
    else:
        page.locator("#ods-search-input").click()
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'ods-search-input'")
    return v


def type_query(v, query: str) -> list[dict]:
    """Type key by key, wait for the announced result line for this query, return the results shown."""
    page = v.page
    page.locator("#ods-search-input").press_sequentially(query, delay=20)
    page.wait_for_function(
        """q => { const s = document.querySelector('.ods-search .ods-search__status');
                  return s && s.textContent.includes('”' + q + '”'); }""",
        arg=query,
        timeout=30_000,
    )
    hits = page.eval_on_selector_all(
        ".ods-search .ods-hit",
        """els => els.map(e => ({
        href: e.href, kind: (e.querySelector('.ods-hit__kind') || {}).textContent || '',
        title: e.querySelector('.ods-hit__title').textContent,
        excerpt: e.querySelector('.ods-hit__excerpt').textContent }))""",
    )
    assert v.console_errors == [], v.console_errors
    return hits


def search(visit, site, query: str, width: int = 1280) -> list[dict]:
    return type_query(open_search(visit, site, width), query)


def test_no_lunr_index_in_the_build(real_site):
    assert not (real_site.root / "search" / "search_index.json").exists()
    assert (real_site.root / "pagefind" / "pagefind.js").is_file()
    assert not list(real_site.root.glob("pagefind/pagefind-ui*")), "Pagefinds färdiga gränssnitt används inte"


@pytest.mark.parametrize("width", [1280, 375])
def test_inflected_form_finds_the_municipality_pages(visit, real_site, width):
    hits = search(visit, real_site, "kommunernas", width)
    assert hits, "inga träffar"
    assert all(h["kind"].startswith("Kommun") for h in hits[:3]), hits[:3]
    assert "/kommuner/" in hits[0]["href"], hits[0]


def test_query_without_swedish_letters(visit, real_site):
    hits = search(visit, real_site, "oppna")
    assert hits
    assert any("öppna" in (h["title"] + h["excerpt"]).lower() for h in hits[:3]), hits[:3]


@pytest.mark.parametrize(
    ("query", "page"),
    [
        ("oppna drogscener", "/metodstod/definition/"),  # typed without Swedish letters
        ("öppna drogscener", "/metodstod/definition/"),
        ("sekretessbrytande bestämmelser", "/metodstod/sekretess/"),  # the legal term of art
    ],
)
def test_a_professionals_term_finds_the_page_that_explains_it_first(visit, real_site, query, page):
    hits = search(visit, real_site, query)
    assert hits and hits[0]["href"].endswith(page), [h["href"] for h in hits[:3]]


def test_abbreviation_finds_what_it_stands_for(visit, real_site):
    hits = search(visit, real_site, "SSR")
    assert any(h["href"].endswith("/aktorer/ssr/") and h["kind"].startswith("Aktör") for h in hits[:3]), hits[:3]
    # ÖDS: the abbreviation and, through data/synonyms.yaml, pages that only say "öppen drogscen".
    hits = type_query_again(visit, real_site, "ÖDS")
    assert hits


def type_query_again(visit, site, query: str) -> list[dict]:
    v = open_search(visit, site)
    hits = type_query(v, query)
    count = v.page.locator(".ods-search .ods-search__status").inner_text()
    assert re.match(r"^\d+ träff", count), count
    return hits


def test_scene_name_finds_the_place_first(visit, real_site):
    catalog = check(REPO / "data")
    sid = "fridhemsplan-stadshagen" if "fridhemsplan-stadshagen" in catalog.scenes else next(iter(catalog.scenes))
    scene = catalog.scenes[sid]
    hits = search(visit, real_site, scene.name.split("/")[0])
    assert hits[0]["href"].endswith(f"/platser/{sid}/"), hits[:3]
    assert hits[0]["kind"] == f"Plats · {catalog.municipalities[scene.municipality].name}", hits[0]
    assert any("/goda-exempel/" in h["href"] and h["kind"].startswith("Gott exempel") for h in hits), hits


def test_method_name_finds_the_method_first(visit, real_site):
    hits = search(visit, real_site, "Trygghetsvandring")
    assert hits[0]["href"].endswith("/metoder/trygghetsvandring/"), hits[:3]
    assert hits[0]["kind"].startswith("Metod"), hits[0]
    assert hits[0]["excerpt"].strip(), hits[0]


def test_no_hits_says_so_in_swedish_and_offers_the_index_pages(visit, real_site):
    v = open_search(visit, real_site)
    page = v.page
    page.locator("#ods-search-input").press_sequentially("qwzxkv", delay=20)
    status = page.locator(".ods-search .ods-search__status")
    status.filter(has_text="Inga träffar för ”qwzxkv”").wait_for(timeout=30_000)
    text = status.inner_text()
    assert "Inga träffar för ”qwzxkv”" in text and "Prova" in text, text
    links = status.locator("a").all_inner_texts()
    assert links == INDEX_PAGES, links
    assert page.locator(".ods-search .ods-hit").count() == 0
    assert v.console_errors == []


@pytest.mark.parametrize("width", [1280, 375])
def test_open_search_with_results_passes_axe_and_is_announced(visit, real_site, width):
    v = open_search(visit, real_site, width)
    hits = type_query(v, "Fridhemsplan")
    assert hits
    status = v.page.locator(".ods-search .ods-search__status")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    assert v.page.locator("#__search").is_checked()
    problems = axe_problems(f"sökning [{width}px]", v.axe())
    assert not problems, "\n".join(problems)
    box = v.page.locator(".ods-search .md-search__output").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box
    assert v.external == [], v.external


def test_keyboard_arrows_and_escape(visit, real_site):
    v = open_search(visit, real_site)
    page = v.page
    type_query(v, "Trygghetsvandring")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.classList.contains('ods-hit')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.id") == "ods-search-input"
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert page.evaluate("() => document.activeElement.id") == "ods-search-input"
    assert v.console_errors == []


def test_filters_on_the_search_page_are_in_its_address(visit, real_site):
    v = visit(real_site.url + "/sok/?q=trygghet&typ=Metod")
    page = v.page
    panel = page.locator(".ods-search-page__panel")
    panel.locator(".ods-search__status").filter(has_text="träff").wait_for(timeout=30_000)
    assert not page.locator("[data-ods-search-nojs]").is_visible(), "the search works: no note that it needs JavaScript"
    assert page.locator("#ods-sok-q").input_value() == "trygghet"
    assert page.locator("#ods-sok-typ").input_value() == "Metod"
    kinds = panel.locator(".ods-hit__kind").all_text_contents()
    assert kinds and all(k.startswith("Metod") for k in kinds), kinds
    page.select_option("#ods-sok-kommun", "Stockholm")
    page.wait_for_function("() => location.search.includes('kommun=')")
    query = parse_qs(urlparse(page.url).query)
    assert query == {"q": ["trygghet"], "typ": ["Metod"], "kommun": ["Stockholm"]}, query
    panel.locator(".ods-search__status").filter(has_text="Stockholm").wait_for(timeout=30_000)
    kinds = panel.locator(".ods-hit__kind").all_text_contents()
    assert kinds and all(k.startswith("Metod") and "Stockholm" in k for k in kinds), kinds
    assert v.console_errors == []


def test_without_javascript_the_box_leads_to_the_search_page(browser, real_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(real_site.url + "/metoder/")
        page.locator("#ods-search-input").fill("SSR")
        page.locator("#ods-search-input").press("Enter")
        page.wait_for_url(re.compile(r"/sok/\?q=SSR$"))
        assert page.locator("[data-ods-search-nojs]").is_visible()
        links = page.locator("article a").all_inner_texts()
        assert all(name in links for name in INDEX_PAGES), links
        page.set_viewport_size({"width": 375, "height": 812})
        page.goto(real_site.url + "/metoder/")
        page.locator("[data-ods-search-open]").click()
        page.wait_for_url(re.compile(r"/sok/$"))
    finally:
        context.close()


def test_example_filters_work_from_the_url_and_update_it(visit, real_site):
    catalog = check(REPO / "data")
    kommun = catalog.examples[next(iter(catalog.examples))].municipality
    expected = sum(1 for x in catalog.examples.values() if x.municipality == kommun)
    v = visit(f"{real_site.url}/goda-exempel/?kommun={kommun}")
    page = v.page
    assert page.locator(".ods-example:visible").count() == expected
    assert page.locator("[data-ods-count]").inner_text() == f"Visar {expected} av {len(catalog.examples)} exempel."
    page.select_option("#filter-kommun", "")
    assert page.locator(".ods-example:visible").count() == len(catalog.examples)
    method = next(m for m in catalog.methods if any(m in x.methods for x in catalog.examples.values()))
    page.select_option("#filter-metod", method)
    assert f"metod={method}" in page.url
    with_method = sum(1 for x in catalog.examples.values() if method in x.methods)
    assert page.locator(".ods-example:visible").count() == with_method
    assert v.console_errors == []


@pytest.fixture(scope="module")
def split_site(fixture_site, tmp_path_factory):
    """The fixture site with its index in bundles of at most 8 pages, as a site of more than
    PAGES_PER_BUNDLE pages has it (generator/search.py), served beside the one-bundle original."""
    root = tmp_path_factory.mktemp("split-site") / "site"
    shutil.copytree(fixture_site.root, root, ignore=shutil.ignore_patterns("pagefind"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pagefind_index, "PAGES_PER_BUNDLE", 8)
        pagefind_index.index_site(root)
    yield from served(root)


def _search_page(visit, site, query: str) -> dict:
    v = visit(f"{site.url}/sok/?q={query}")
    panel = v.page.locator(".ods-search-page__panel")
    panel.locator(".ods-search__status").filter(has_text="träff").wait_for(timeout=30_000)
    v.page.locator("#ods-sok-typ option").nth(1).wait_for(state="attached")  # the filters are read
    assert v.console_errors == [], v.console_errors
    return {
        "status": panel.locator(".ods-search__status").inner_text(),
        "hits": panel.locator(".ods-hit").evaluate_all("els => els.map(e => e.getAttribute('href'))"),
        "typ": v.page.locator("#ods-sok-typ option").all_text_contents(),
        "kommun": v.page.locator("#ods-sok-kommun option").all_text_contents(),
    }


def test_an_index_in_several_bundles_searches_as_one(visit, fixture_site, split_site):
    parts = json.loads((split_site.root / "pagefind" / "delar.json").read_text(encoding="utf-8"))
    assert len(parts) >= 3, parts  # the fixture's forty pages, eight at most per bundle
    assert json.loads((fixture_site.root / "pagefind" / "delar.json").read_text(encoding="utf-8")) == []
    # A word on pages in every bundle: the same hits and the same choices in the filters.
    one, several = _search_page(visit, fixture_site, "kommun"), _search_page(visit, split_site, "kommun")
    assert several["status"] == one["status"] and several["typ"] == one["typ"] and several["kommun"] == one["kommun"]
    # A place's name, only in some bundles: every page the single index finds, the place among the first.
    # (A bundle without the word offers its longest word the query begins with, "test": weaker hits. Scores
    # from different bundles are not strictly comparable, so such a hit may land among the real ones, but no
    # real hit is lost.)
    one, several = _search_page(visit, fixture_site, "testtorget"), _search_page(visit, split_site, "testtorget")
    assert set(one["hits"]) <= set(several["hits"]), (one, several)
    assert "/platser/testtorget/" in several["hits"][:3], several
