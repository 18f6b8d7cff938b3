"""Lättläst svenska and the pages in English, Finnish and Arabic (issue 29), on the built site and in
content/: every page says its language (and Arabic its direction), the versions of a page point to each
other with hreflang, the sitemap lists every version, the header offers the languages and Lättläst on
every page, Pagefind keeps one index per language, and the check that a translation follows its Swedish
original (generator/translations.py) fails as soon as the original changes."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from support import build_site

from generator import translations
from generator.translations import digest, for_translation, problems

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
LANGUAGES = {"en": "ltr", "fi": "ltr", "ar": "rtl"}
# The five pages of issue 29 in each language: the Swedish page -> its address.
TRANSLATED = {
    "index.md": "",
    "vad-kan-jag-gora.md": "vad-kan-jag-gora/",
    "metodstod/definition.md": "metodstod/definition/",
    "om/index.md": "om/",
    "tillganglighet.md": "tillganglighet/",
}
EASY = [
    "lattlast/",
    "lattlast/oppen-drogscen/",
    "lattlast/vad-kan-jag-gora/",
    "lattlast/om-portalen/",
    "lattlast/platsens-status/",
]
HTML_LANG = re.compile(r'<html lang="([^"]+)"')
BODY_DIR = re.compile(r'<body dir="([^"]+)"')
ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]+)">')


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("languages") / "site"
    assert build_site(ROOT, out) == 0, "bygget misslyckades"
    return out


def html(site: Path, address: str) -> str:
    page = site / address / "index.html"
    assert page.is_file(), f"{address} finns inte"
    return page.read_text(encoding="utf-8")


def resolve(address: str, href: str) -> str:
    """An href of the page at address (relative, or absolute under the site's path) as a site address."""
    if href.startswith("/"):
        return re.sub(r"^/[^/]+/", "", href)
    parts = [p for p in address.split("/") if p]
    for piece in href.split("/"):
        if piece == "..":
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts) + ("/" if parts else "")


# --- The pages in each language -------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_has_the_five_pages_with_its_lang_and_dir(site, code):
    for address in TRANSLATED.values():
        page = html(site, f"{code}/{address}")
        assert HTML_LANG.search(page).group(1) == code, address
        assert BODY_DIR.search(page).group(1) == LANGUAGES[code], address


def test_lattlast_has_at_least_four_pages_in_swedish(site):
    for address in EASY:
        page = html(site, address)
        assert HTML_LANG.search(page).group(1) == "sv"
        assert BODY_DIR.search(page).group(1) == "ltr"
    assert len(EASY) - 1 >= 4  # the start page of Lättläst and four pages


def test_every_page_says_its_language_and_offers_the_languages_and_lattlast(site):
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        if "md-header" not in text:  # the map documents in frames and the web editor have no header
            continue
        code = rel.split("/", 1)[0] if rel.split("/", 1)[0] in LANGUAGES else "sv"
        assert HTML_LANG.search(text).group(1) == code, rel
        menu = re.findall(r'<a href="([^"]*)" hreflang="([^"]+)" lang="([^"]+)" class="md-select__link"', text)
        assert sorted(lang for _, lang, _ in menu) == sorted(["sv", *LANGUAGES]), rel
        for href, hreflang, lang in menu:
            assert hreflang == lang
            assert (site / resolve(rel.removesuffix("index.html"), href) / "index.html").is_file(), (rel, href)
        easy = re.search(r'<a href="([^"]*)" class="md-header__button ods-easy-link"([^>]*)>Lättläst</a>', text)
        assert easy, f"{rel}: ingen Lättläst-länk i sidhuvudet"
        assert resolve(rel.removesuffix("index.html"), easy.group(1)) == "lattlast/", rel
        assert ('lang="sv"' in easy.group(2)) == (code != "sv"), rel


def test_untranslated_pages_are_not_faked(site):
    for code in LANGUAGES:
        built = {p.parent.relative_to(site / code).as_posix() for p in (site / code).rglob("index.html")}
        assert built == {a.rstrip("/") or "." for a in TRANSLATED.values()}, code


def test_header_words_are_in_the_page_language(site):
    words = {"": "Sök", "en/": "Search", "fi/": "Hae", "ar/": "بحث"}
    for prefix, word in words.items():
        page = html(site, f"{prefix}vad-kan-jag-gora/")
        assert f'placeholder="{word}"' in page, prefix


# --- Passages in another language -----------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_swedish_passages_in_a_translated_page_are_marked(site, code):
    page = html(site, f"{code}/vad-kan-jag-gora/")
    # The municipalities' contacts come from the data in Swedish (<!-- ods:kommunkontakter -->).
    block = re.search(r'<div (?:dir="ltr" )?lang="sv"[^>]*>(.*?)</div>', page, re.S)
    assert block and "kommun-stockholm" in block.group(1)
    if code == "ar":
        assert 'dir="ltr"' in block.group(0)
    # The links to pages that exist only in Swedish say so, and lead to the Swedish page.
    for href in re.findall(r'<a href="([^"]*)" hreflang="sv">', page):
        assert (site / resolve(f"{code}/vad-kan-jag-gora/", href.split("#")[0]) / "index.html").is_file(), href
    # Tel links as on the Swedish page.
    assert set(re.findall(r'href="(tel:[^"]+)"', page)) == {"tel:112", "tel:11414", "tel:1177"}


def test_arabic_numbers_read_left_to_right(site):
    page = html(site, "ar/vad-kan-jag-gora/")
    assert '<a href="tel:11414"><span dir="ltr">114 14</span></a>' in page


# --- hreflang and the sitemap ---------------------------------------------------------------------


def sitemap_alternates(site: Path) -> dict[str, dict[str, str]]:
    """Each address in sitemap.xml -> {hreflang: address} of its xhtml:link alternates."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    out = {}
    for entry in re.findall(r"<url>.*?</url>", sitemap, re.S):
        loc = re.search(r"<loc>https?://[^/]+/[^/]+/([^<]*)</loc>", entry).group(1)
        links = re.findall(r'hreflang="([^"]+)" href="https?://[^/]+/[^/]+/([^"]*)"', entry)
        out[loc] = dict(links)
    return out


def test_hreflang_alternates_on_both_sides(site):
    """Every version of a page names every other, in sitemap.xml; no link rel=alternate in the head, where
    Material's script would fetch a sitemap.xml under each page (see site_overrides/main.html)."""
    alternates = sitemap_alternates(site)
    for address in TRANSLATED.values():
        versions = {"sv": address, **{code: f"{code}/{address}" for code in LANGUAGES}}
        for here in versions.values():
            assert alternates[here] == versions, (here, alternates[here])
            assert not ALTERNATE.search(html(site, here)), here


def test_a_page_without_translations_claims_no_alternates(site):
    assert sitemap_alternates(site)["platser/"] == {"sv": "platser/"}
    assert sitemap_alternates(site)["lattlast/"] == {"sv": "lattlast/"}


def test_sitemap_lists_every_version(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>https?://[^/]+/[^/]+/([^<]*)</loc>", sitemap))
    for address in TRANSLATED.values():
        assert address in locs
        for code in LANGUAGES:
            assert f"{code}/{address}" in locs
    assert set(EASY) <= locs


# --- Search ---------------------------------------------------------------------------------------


def test_search_has_one_index_per_language(site):
    """pagefind.js searches the index of the page's <html lang>: from an English page only English pages
    can come up, so the English page comes first."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    languages = entry["languages"]
    for code in LANGUAGES:
        assert languages[code]["page_count"] == len(TRANSLATED), code
    assert languages["sv"]["page_count"] > len(TRANSLATED)


# --- The check that a translation follows its original --------------------------------------------


def test_every_translation_follows_its_swedish_original():
    assert list(problems(CONTENT)) == []


def test_every_translated_page_has_a_checked_date_and_original():
    for code in LANGUAGES:
        for original in TRANSLATED:
            page = CONTENT / original.replace(".md", f".{code}.md")
            text = page.read_text(encoding="utf-8")
            assert f"original: {original}\n" in text
            assert re.search(r"^granskad_mot_svenska: \d{4}-\d{2}-\d{2}$", text, re.M)


@pytest.fixture
def content_copy(tmp_path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy


def test_a_planted_change_to_a_swedish_original_fails_the_check(content_copy):
    original = content_copy / "vad-kan-jag-gora.md"
    original.write_text(original.read_text(encoding="utf-8") + "\nRing också en granne.\n", encoding="utf-8")
    found = list(problems(content_copy))
    stale = sorted(line.split(":", 1)[0] for line in found)
    assert stale == [
        "content/lattlast/vad-kan-jag-gora.md",
        "content/vad-kan-jag-gora.ar.md",
        "content/vad-kan-jag-gora.en.md",
        "content/vad-kan-jag-gora.fi.md",
    ]
    assert all(
        re.match(r"^content/[^:]+:\d+:1: fel: den svenska sidan content/vad-kan-jag-gora.md har ändrats", f)
        for f in found
    )
    assert digest(original.read_bytes()) in found[0]
    assert translations.main([str(content_copy)]) == 1


def test_the_check_names_missing_and_wrong_fields(content_copy):
    page = content_copy / "index.en.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace("original: index.md", "original: finns-inte.md"), encoding="utf-8"
    )
    (content_copy / "ordlista.fi.md").write_text("# Sanasto\n", encoding="utf-8")
    found = list(problems(content_copy))
    assert any(f.startswith('content/index.en.md:3:1: fel: originalet "finns-inte.md"') for f in found), found
    assert any(f.startswith("content/ordlista.fi.md:1:1: fel: front matter saknar original") for f in found), found


# --- Links from a translated page -----------------------------------------------------------------


def test_links_to_swedish_only_pages_become_marked_html_links():
    files = {"vad-kan-jag-gora.md", "vad-kan-jag-gora.en.md", "karta/index.md", "om/index.md", "om/index.en.md"}
    text = "[map](karta/index.md), [about](om/index.md#kontakt), [x](https://example.org/a.md)"
    assert for_translation("vad-kan-jag-gora.en.md", text, files) == (
        '<a href="../../karta/" hreflang="sv">map</a>, [about](om/index.md#kontakt), [x](https://example.org/a.md)'
    )
    assert (
        for_translation("om/index.fi.md", "[k](../karta/index.md#a)", files)
        == '<a href="../../karta/#a" hreflang="sv">k</a>'
    )
    assert for_translation("vad-kan-jag-gora.md", text, files) == text  # Swedish pages are left as they are


def test_the_language_plugin_leaves_no_file_of_the_build_out(site):
    """Every file the generator writes reaches the site: the plugin's suffix structure reads a name like
    "immutable.es.js" as Spanish and drops it from the Swedish build (the web editor then fetched it from a
    CDN, which its service worker had to refuse)."""
    from generator.cms import SVELTIA_FILES

    missing = [name for _, name in SVELTIA_FILES if not (site / "admin" / "sveltia" / name).is_file()]
    assert missing == [], missing
    written = [p for p in (site / "assets").rglob("*") if p.is_file()]
    assert written, "inga filer under assets/"
