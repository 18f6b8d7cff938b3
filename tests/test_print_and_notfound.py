"""A printed place page and the 404 page (issue 26, item 7).

Paper shows no map (the print stylesheet hides the iframe), so a printed place page must not talk about
the map's colours: the paragraph about them and the table's colour column are hidden in print, and a
print-only note says that the table is the print's account of the map. Material draws tables as
inline-block, which Chromium cannot split between pages: a long table jumped whole to the next page and
left the page before it half empty, so the print stylesheet makes tables ordinary tables again. These
are checked statically here, on the stylesheet and on the place pages as Python-Markdown renders them
with the site's extensions (a look at Chromium's PDF is in the closing note, not in a test).

The 404 page is served for a missing address at any depth, so its links are absolute: MkDocs makes them
from the path of site_url. The template itself holds no path, so another site_url (a fork, a custom
domain) gives links under that path; a small MkDocs build with another site_url checks it."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator import urls
from generator.pipeline import Paths, generate
from generator.site import EXTRA
from generator.urls import site_addresses

ROOT = Path(__file__).resolve().parent.parent
CSS = ROOT / "site_overrides" / "assets" / "ods.css"
NOT_FOUND = ROOT / "site_overrides" / "404.html"


def print_rules() -> str:
    """The body of the stylesheet's @media print block(s)."""
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    bodies = []
    for match in re.finditer(r"@media print\s*{", css):
        depth, i = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(css[i], 0)
            i += 1
        bodies.append(css[match.end() : i - 1])
    return "\n".join(bodies)


def rule(rules: str, selector: str) -> str:
    """The declarations of the print rule whose selector list holds selector."""
    for selectors, body in re.findall(r"([^{}]+){([^{}]*)}", rules):
        if selector in [s.strip() for s in selectors.split(",")]:
            return body
    raise AssertionError(f"ingen utskriftsregel för {selector}")


def test_print_hides_what_refers_to_the_map_and_shows_the_note():
    rules = print_rules()
    for selector in (".ods-screen-only", ".ods-map-table th:nth-child(2)", ".ods-map-table td:nth-child(2)"):
        assert re.search(r"display:\s*none", rule(rules, selector)), selector
    assert re.search(r"display:\s*block", rule(rules, ".md-typeset .ods-map-print-note"))
    assert re.search(r"display:\s*none", rule(rules, ".md-typeset .ods-map iframe"))
    # On screen the note is hidden (outside @media print).
    screen = CSS.read_text(encoding="utf-8").replace(rules, "")
    assert re.search(r"\.ods-map-print-note\s*{\s*display:\s*none", screen)


def test_print_lets_tables_break_between_pages():
    rules = print_rules()
    assert re.search(r"display:\s*table\s*!important", rule(rules, ".md-typeset table:not([class])"))
    for selector in (".md-typeset .md-typeset__table", ".md-typeset .md-typeset__scrollwrap"):
        assert re.search(r"display:\s*block\s*!important", rule(rules, selector)), selector
    assert re.search(r"min-width:\s*0", rule(rules, ".md-typeset table:not([class]) th"))


@pytest.fixture(scope="module")
def scene_pages(tmp_path_factory):
    docs = tmp_path_factory.mktemp("docs")
    catalog = generate(Paths(data=ROOT / "data", content=ROOT / "content", docs=docs))
    md = markdown.Markdown(extensions=["attr_list", "md_in_html", "tables"])
    pages = {}
    for sid in catalog.latest_drawn:  # the places with a map
        text = (docs / urls.page_path("scenes", sid)).read_text(encoding="utf-8").split("---\n", 2)[2]
        pages[sid] = md.reset().convert(text)
    return pages


def test_a_printed_place_page_says_nothing_of_colours(scene_pages):
    assert scene_pages
    for sid, html in scene_pages.items():
        paragraphs = re.findall(r"<p([^>]*)>(.*?)</p>", html, re.S)
        colour = [attrs for attrs, text in paragraphs if re.search(r"färg", text, re.I)]
        assert colour, f"{sid}: ingen text om kartans färger (har mallen ändrats?)"
        assert all('class="ods-screen-only"' in attrs for attrs in colour), sid
        assert any('class="ods-map-print-note"' in attrs for attrs, _ in paragraphs), sid
        table = re.search(r'<div class="ods-map-table">\s*<table>.*?</table>\s*</div>', html, re.S)
        assert table, f"{sid}: kartans tabell står inte i ods-map-table"
        headers = re.findall(r"<th>(.*?)</th>", table.group(0))
        assert headers[1] == "Färg på kartan", (sid, headers)  # the column print hides
        assert not any("färg" in h.lower() for i, h in enumerate(headers) if i != 1), sid


def test_the_404_template_writes_no_path_of_its_own():
    template = NOT_FOUND.read_text(encoding="utf-8")
    assert "/ods-portalen/" not in template
    hrefs = re.findall(r'(?:href|action|src)="([^"]*)"', template)
    assert hrefs and all(h.startswith("{{") and "| url" in h for h in hrefs), hrefs


def test_the_404_page_follows_any_base_path(tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    docs.mkdir()
    (docs / "index.md").write_text("# Start\n", encoding="utf-8")
    config = load_config(
        config_file=str(ROOT / "mkdocs.yml"),
        docs_dir=str(docs),
        site_dir=str(site),
        site_url="https://example.org/en-annan-plats/",
        nav=[{"Start": "index.md"}],
        strict=False,
    )
    config["extra"][EXTRA] = site_addresses()  # as generator/site.py sets it
    mkdocs_build(config)
    html = (site / "404.html").read_text(encoding="utf-8")
    assert "/ods-portalen/" not in html
    links = re.findall(r'(?:href|action|src)="([^"]+)"', html)
    local = [h for h in links if not h.startswith(("#", "https://", "http://", "data:", "mailto:"))]
    assert local and all(h.startswith("/en-annan-plats/") for h in local), local
    main = html.split('id="huvuddelar"', 1)[1]
    for section in ("vad-kan-jag-gora/", "karta/", "platser/", "statistik/", "metodstod/", "goda-exempel/", "om/"):
        assert f'href="/en-annan-plats/{section}"' in main, section
    assert ">Vad kan jag göra?</a>" in main
