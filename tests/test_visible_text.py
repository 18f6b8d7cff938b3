"""What a visitor reads: no page shows HTML codes such as &#40; or &amp; as text (escaped twice), and no
page shows the workshop (house rule 9): data file names, line numbers or words addressed to editors."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from support import build_site

from generator.drift import ROUND_NAME, round_name_conflict
from generator.pipeline import check
from generator.render.text import date_sv

ROOT = Path(__file__).resolve().parent.parent
SETS = {"fixture": ROOT / "tests" / "fixtures", "real": ROOT}

# "data/scenes.yaml", "rad 183", "En redaktör kan lägga till …", "Redaktörer lägger till …". Not "oppna-data/"
# (a page's address in the print line); the edit link's address is an href, which is not text.
WORKSHOP = re.compile(r"(?<![\w-])data/|\.ya?ml\b|\brad \d+|\bredaktör\w*\s+(?:kan\s+)?(?:lägg|ändr)", re.I)
# Pages for editors, not visitors: the web editor, and the reference of every field in every data file,
# whose subject is the files themselves.
FOR_EDITORS = ("admin/", "om/dataformat/")


class _Text(HTMLParser):
    """Visible text and attribute values a reader meets (title, alt, aria-label), entities decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [v for k, v in attrs if k in ("title", "alt", "aria-label", "placeholder") and v]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


@pytest.fixture(scope="module", params=sorted(SETS))
def site(request, tmp_path_factory) -> Path:
    base = SETS[request.param]
    out = tmp_path_factory.mktemp(f"site-{request.param}")
    assert build_site(base, out / "site", out / "docs") == 0
    _DATA[out / "site"] = base / "data"
    return out / "site"


_DATA: dict[Path, Path] = {}  # each built site -> the data it was built from


def _visible(page: Path) -> str:
    parser = _Text()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


_MONTHS = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
_DATE_SV = re.compile(rf"(?:\b\d{{1,2}} )?\b(?:{_MONTHS}) \d{{4}}")


def test_open_data_page_gives_one_date_for_the_newest_source(site):
    catalog = check(_DATA[site])
    text = _visible(site / "oppna-data" / "index.html")
    # The official figures' publication date at the foot is another fact (when the police published them).
    figures = re.search(r"Senaste officiella siffror: [^.]*\.", text)
    text = text.replace(figures.group(0), "") if figures else text
    assert set(_DATE_SV.findall(text)) == {date_sv(catalog.open_data_date)}


def test_no_page_shows_escape_codes_as_text(site):
    bad = []
    for page in sorted(site.rglob("*.html")):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        for text in parser.parts:
            for code in ("&#", "&amp;", "&lt;", "&gt;", "&quot;"):
                if code in text:
                    bad.append(f"{page.relative_to(site)}: {text.strip()[:80]!r}")
    assert not bad, "\n".join(bad[:20])


def test_pages_share_well_and_print_with_their_address_and_data_date(site):
    page = (site / "metoder" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:title" content="Metodkatalog">' in page and 'property="og:description"' in page
    line = page.split('class="ods-print-only">', 1)[1].split("</p>", 1)[0]
    assert "/metoder/" in line and "Källor till och med" in line
    # The print line and the foot say the same date: the page's, not a second one.
    foot = page.split('class="ods-dates">', 1)[1].split("</p>", 1)[0]
    assert line.split("Källor till och med ", 1)[1].strip() in foot
    method = next((site / "metoder").glob("*/index.html")).read_text(encoding="utf-8")
    assert "data-ods-print" in method  # ods.js puts the print button there


def test_no_page_shows_file_names_line_numbers_or_words_to_editors(site):
    bad = []
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        if rel.startswith(FOR_EDITORS):
            continue
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        bad += [f"{rel}: {text.strip()[:120]!r}" for text in parser.parts if WORKSHOP.search(text)]
    assert not bad, "\n".join(bad[:20])


def test_the_workshop_pattern_finds_what_it_should():
    """The check above is only as good as its pattern: it finds the old sentences, and not a page address."""
    for text in (
        "data/scenes.yaml, rad 183",
        "En redaktör kan lägga till en sådan lista",
        "Redaktörer lägger till nya",
    ):
        assert WORKSHOP.search(text), text
    assert not WORKSHOP.search("https://ods-portalen.github.io/ods-portalen/oppna-data/ · Nyaste källan")


def test_no_page_names_a_round_otherwise_than_its_title(site):
    """Every visible text, also what comes from data and templates: a round keeps the kind and month of
    its title in mappings.yaml ("Uppföljningen februari 2024", never "kartläggningen från januari 2024")."""
    catalog = check(_DATA[site])
    kinds = {y: m.kind for y, m in catalog.mappings.items()}
    months = {y: m.published.month if m.published else None for y, m in catalog.mappings.items()}
    bad = []
    for page in sorted(site.rglob("*.html")):
        text = _visible(page)
        bad += [
            f"{page.relative_to(site)}: {m.group(0)!r}"
            for m in ROUND_NAME.finditer(text)
            if round_name_conflict(m, kinds, months)
        ]
        assert "kartläggningen från januari 2024" not in text.lower(), page
    assert not bad, "\n".join(bad[:20])
    for year, m in catalog.mappings.items():  # and the title itself is what the pages call the round
        assert m.title in (site / "kartlaggningar" / "index.html").read_text(encoding="utf-8"), year
