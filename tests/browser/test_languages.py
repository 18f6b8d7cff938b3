"""The pages in other languages in a browser (issue 29): axe and no sideways scrolling at both widths, the
Arabic page right to left, and a search from an English page answered from the English index."""

from __future__ import annotations

import pytest

from .checks import check_page
from .test_search_and_filters import open_search, type_query

PAGES = ["/ar/vad-kan-jag-gora/", "/en/vad-kan-jag-gora/", "/fi/", "/lattlast/platsens-status/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("width", [375, 1280])
def test_translated_and_lattlast_pages_pass_axe_at_both_widths(real_site, visit, path, width):
    v = visit(real_site.url + path, width, 812 if width < 600 else 900)
    assert check_page(v) == []


def test_arabic_page_reads_right_to_left(real_site, visit):
    v = visit(real_site.url + "/ar/vad-kan-jag-gora/", 375, 812)
    page = v.page
    assert page.evaluate("() => getComputedStyle(document.querySelector('.md-content h1')).direction") == "rtl"
    # The Swedish contact list inside it reads left to right.
    assert page.evaluate("() => getComputedStyle(document.querySelector('[lang=sv][dir=ltr] li')).direction") == "ltr"


def test_english_search_from_an_english_page_finds_the_english_page_first(real_site, visit):
    hits = type_query(open_search(visit, real_site, path="/en/metodstod/definition/"), "police tip")
    assert hits, "inga träffar"
    assert hits[0]["href"].endswith("/en/vad-kan-jag-gora/"), [h["href"] for h in hits]
    assert all("/en/" in h["href"] for h in hits), [h["href"] for h in hits]
