"""Finding things: Swedish search finds records by name, and the good-example filters work
without a server and are kept in the URL."""
from __future__ import annotations

from generator.pipeline import check

from .checks import REPO


def search(visit, site, query: str) -> list[str]:
    v = visit(site.url + "/")
    page = v.page
    page.locator("label.md-search__icon, .md-search__input").first.click()
    # lunr builds its index in a worker; a query typed before it is ready is lost. Wait until the
    # result line stops saying that search is starting, then type, then wait for results.
    page.wait_for_function("""() => { const m = document.querySelector('.md-search-result__meta');
        return m && m.textContent.trim() && !/initiali/i.test(m.textContent); }""", timeout=30_000)
    page.locator(".md-search__input").press_sequentially(query)  # key by key, as a person types
    page.wait_for_selector(".md-search-result__item", timeout=30_000)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")
    assert v.console_errors == [], v.console_errors
    return hrefs


def test_search_finds_scenes_methods_and_examples_by_name(visit, real_site):
    catalog = check(REPO / "data")
    sid = "fridhemsplan-stadshagen" if "fridhemsplan-stadshagen" in catalog.scenes else next(iter(catalog.scenes))
    hits = search(visit, real_site, catalog.scenes[sid].name.split("/")[0])
    assert any(f"/platser/{sid}/" in h for h in hits), hits
    assert any("/goda-exempel/" in h for h in hits), hits
    mid = next(iter(catalog.methods))
    hits = search(visit, real_site, catalog.methods[mid].name.split(" ")[0])
    assert any(f"/metoder/{mid}/" in h for h in hits), hits


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
