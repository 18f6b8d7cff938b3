"""What a resident and a journalist need on every page (issue 16, items 10-12): where to turn
("Vad kan jag göra?" with each municipality's website, linked from every scene and municipality
page), how new the page's facts are, and who publishes the portal. Checked on the generated
Markdown for the fixture and the real data, against the data and portal.toml themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import urls
from generator.catalog import check
from generator.config import load_settings
from generator.pipeline import Paths, generate
from generator.problems import SetupError
from generator.render.env import Renderer, environment
from generator.render.text import date_sv, sort_key_sv, sorted_sv

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "fixture": (ROOT / "tests/fixtures/data", ROOT / "tests/fixtures/content"),
    "real": (ROOT / "data", ROOT / "content"),
}
HELP = "vad-kan-jag-gora.md"


@pytest.fixture(scope="module", params=sorted(SETS))
def built(request, tmp_path_factory):
    data, content = SETS[request.param]
    docs = tmp_path_factory.mktemp(f"docs-{request.param}")
    return generate(Paths(data=data, content=content, docs=docs)), docs


def front(docs: Path, page: str) -> dict[str, str]:
    text = (docs / page).read_text(encoding="utf-8")
    block = text.split("---\n")[1] if text.startswith("---\n") else ""
    return dict(re.findall(r'^(\w+): "?(.*?)"?$', block, re.M))


def test_every_municipality_has_an_anchor_and_its_website(built):
    catalog, docs = built
    text = (docs / HELP).read_text(encoding="utf-8")
    assert "ods:kommunkontakter" not in text
    for mid, m in catalog.municipalities.items():
        line = next((ln for ln in text.splitlines() if f'id="kommun-{mid}"' in ln), None)
        assert line is not None, f"{mid} saknas på {HELP}"
        if m.website:
            assert f"(<{m.website}>)" in line, f"{mid}: webbplatsen {m.website} saknas"
        else:
            assert "webbplatsen saknas" in line


def test_scene_and_municipality_pages_link_to_their_contacts(built):
    catalog, docs = built
    for sid, scene in catalog.scenes.items():
        page = (docs / urls.page_path("scenes", sid)).read_text(encoding="utf-8")
        assert f"vad-kan-jag-gora.md#kommun-{scene.municipality})" in page, sid
    for mid in catalog.municipalities_with_content:
        page = (docs / urls.page_path("municipalities", mid)).read_text(encoding="utf-8")
        assert f"vad-kan-jag-gora.md#kommun-{mid})" in page, mid


def test_a_scene_page_is_as_new_as_its_newest_source(built):
    catalog, docs = built
    for sid, scene in catalog.scenes.items():
        ids = set(scene.sources) | {s for y in scene.years for s in y.sources}
        if scene.collaboration:
            ids |= set(scene.collaboration.sources)
        dates = [d for i in ids for d in (catalog.sources[i].date, catalog.sources[i].accessed) if d]
        meta = front(docs, urls.page_path("scenes", sid))
        if not dates:
            assert "ods_page_date" not in meta, sid
            continue
        newest = max(dates, key=lambda d: (d.year, getattr(d, "month", 1) or 0, getattr(d, "day", 1) or 0))
        assert meta["ods_page_date"] == date_sv(newest), sid


def test_every_page_says_how_new_its_data_is(built):
    catalog, docs = built
    counted = catalog.latest_counted_mapping
    for page in docs.rglob("*.md"):
        if page.relative_to(docs).as_posix() == "om/dataformat/index.md":
            continue  # describes the data model, not any data
        meta = front(docs, str(page.relative_to(docs)))
        assert "ods_page_date" in meta or "ods_data_date" in meta, page
        if counted and counted.published:
            assert meta.get("ods_figures", "").startswith(counted.title), page


def test_the_newest_source_is_a_publication_date_not_a_reading_date():
    """ "Portalens nyaste källa är från …" names the newest date a source or a round was published; the day
    a source was read (accessed) is no source's date."""
    catalog = check(ROOT / "data")
    published = [s.date.first_day() for s in catalog.sources.values() if s.date]
    published += [m.published.first_day() for m in catalog.mappings.values() if m.published]
    assert catalog.newest_source_date == max(published)


def test_the_publisher_and_a_way_to_reach_a_person(built):
    _, docs = built
    p = load_settings().publisher
    text = (docs / "om/index.md").read_text(encoding="utf-8")
    assert "ods:utgivare" not in text
    assert f"**{p.name}** ger ut portalen" in text
    assert f"(<{p.contact_url}>)" in text and p.response_time in text
    assert "**Press:**" in text


def test_a_journalist_finds_the_press_contact_on_om_open_data_and_statistics(built):
    """On Om, Öppna data and Statistik: the press line from portal.toml, the same on each page. Until the
    publisher has a real press mailbox, portal.toml leaves it empty and the line says so honestly."""
    _, docs = built
    p = load_settings().publisher
    lines = set()
    for page in ("om/index.md", "oppna-data/index.md", "statistik/index.md"):
        text = (docs / page).read_text(encoding="utf-8")
        lines.add(next(x[x.index("**Press:**") :] for x in text.splitlines() if "**Press:**" in x))
    assert len(lines) == 1, lines
    (line,) = lines
    if p.has_press_contact:
        assert f"(<mailto:{p.press_email}>)" in line and "github.com" not in line
    else:
        assert "ingen egen presskontakt" in line


def _settings_with(tmp_path, **values) -> Path:
    toml = (ROOT / "portal.toml").read_text(encoding="utf-8")
    for key, value in values.items():
        toml = re.sub(rf"^{key} = .*$", f"{key} = {value}", toml, flags=re.M)
    (tmp_path / "portal.toml").write_text(toml, encoding="utf-8")
    return tmp_path / "portal.toml"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("press_e_post", '"press(at)kommun.se"', "press_e_post under [utgivare] ska vara en e-postadress"),
        ("press_e_post", '"press@ods-portalen.example"', "press_e_post under [utgivare] är en platshållare"),
        ("e_post", '"redaktionen@example.com"', "e_post under [utgivare] är en platshållare"),
        ("press_telefon", '"ring växeln"', "press_telefon under [utgivare] ska vara ett telefonnummer med riktnummer"),
        ("press_telefon", '"112"', "press_telefon under [utgivare] ska vara ett telefonnummer med riktnummer"),
    ],
)
def test_a_press_contact_that_cannot_be_used_is_a_setup_error_in_swedish(tmp_path, key, value, message):
    with pytest.raises(SetupError) as err:
        load_settings(_settings_with(tmp_path, **{key: value}))
    assert str(err.value).startswith(f"portal.toml: {message}")


def test_the_press_line_says_each_way_that_is_set(tmp_path):
    catalog = check(ROOT / "tests/fixtures/data")

    def line(**values) -> str:
        settings = load_settings(_settings_with(tmp_path, **values))
        return Renderer(catalog, settings, environment()).partial("partials/press.md.j2", "om/index.md")

    both = line(press_e_post='"press@kommun.se"', press_telefon='"08-123 456 00"', press='"Vardagar 9–16."')
    assert "(<mailto:press@kommun.se>)" in both and "eller på telefon [08-123 456 00](<tel:0812345600>)" in both
    assert both.endswith("Vardagar 9–16.")
    phone = line(press_e_post='""', press_telefon='"+46 8 123 456 00"')
    assert (
        "når Projektet ÖDS-portalen på telefon [" in phone
        and "(<tel:+46812345600>)" in phone
        and "mailto:" not in phone
    )
    neither = line(press_e_post='""', press_telefon='""', e_post='""')
    assert "ingen egen presskontakt" in neither and "github.com" in neither
    office = line(press_e_post='""', press_telefon='""', e_post='"redaktionen@kommun.se"')
    assert "(<mailto:redaktionen@kommun.se>)" in office and "github.com" not in office


def test_the_accessibility_statement_names_who_answers_and_when_it_was_reviewed(tmp_path):
    docs = tmp_path / "docs"
    generate(Paths(data=ROOT / "data", content=ROOT / "content", docs=docs))
    s = load_settings()
    text = (docs / "tillganglighet.md").read_text(encoding="utf-8")
    assert "ods:" not in text.split("---\n", 2)[2]
    assert f"**{s.publisher.name}** ger ut portalen" in text and s.publisher.response_time in text
    assert "WCAG 2.1" in text and "EN 301 549" in text
    assert f"granskades senast {date_sv(s.reviewed)}" in text
    assert re.search(r"\(\d\.\d+\.\d+ [A-ZÅÄÖ]", text), "de kända bristerna saknar WCAG-kriterier"


# --- Issue 26, item 5: "Vad kan jag göra?" on a phone ---------------------------------------------

# The numbers a visitor may call, as shown and as dialled.
PHONE_NUMBERS = {"112": "112", "114 14": "11414", "1177": "1177"}
# "Ring 112", "ring **114 14**", "Ring [112](tel:112)": a number the text tells the reader to call.
_CALL = re.compile(r"\b[Rr]ing (?:\*\*)?(?:\[)?(112|114 14|1177)\b(\]\(tel:(\d+)\))?")


def _calls(text: str) -> list[tuple[str, str]]:
    """(number, what its link dials or "") for every "ring <number>" in the page's body; headings are
    names of sections, not something to tap (the paragraph under "ring 112" has the link)."""
    body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
    body = "\n".join(line for line in body.splitlines() if not line.startswith("#"))
    return [(m.group(1), m.group(3) or "") for m in _CALL.finditer(body)]


def test_every_number_to_call_is_a_tel_link(built):
    catalog, docs = built
    pages = [HELP, "index.md"] + [urls.page_path("scenes", sid) for sid in catalog.scenes]
    seen = set()
    for page in pages:
        if not (docs / page).is_file():
            continue
        for number, dialled in _calls((docs / page).read_text(encoding="utf-8")):
            assert dialled == PHONE_NUMBERS[number], f"{page}: {number} är ingen tel:-länk"
            seen.add(number)
    help_text = (docs / HELP).read_text(encoding="utf-8")
    if "112" in help_text:  # the real page (the fixture's has only the contacts)
        for number, dialled in PHONE_NUMBERS.items():
            assert f"[{number}](tel:{dialled})" in help_text, f"{number} saknar tel:-länk på {HELP}"
    assert seen >= {"112"}


def test_the_call_pattern_sees_an_unlinked_number():
    assert _calls("Ring **112** om någon är i fara.") == [("112", "")]
    assert _calls("- **Ring [114 14](tel:11414).**") == [("114 14", "11414")]
    assert _calls("ring [1177](tel:1177) för råd") == [("1177", "1177")]


def _anchors(text: str) -> list[str]:
    return re.findall(r'id="kommun-([a-z0-9-]+)"', text)


def test_the_municipalities_are_in_swedish_alphabetical_order(built):
    catalog, docs = built
    order = _anchors((docs / HELP).read_text(encoding="utf-8"))
    names = [catalog.municipalities[mid].name for mid in order]
    assert sorted(order) == sorted(catalog.municipalities), "kommuner saknas eller står två gånger"
    assert names == sorted(names, key=sort_key_sv)
    if "osteraker" in order:  # the real county: Ö last, not among the O:s
        assert order[-1] == "osteraker"
        assert order.index("upplands-vasby") < order.index("upplands-bro") < order.index("vallentuna")
        assert order.index("sundbyberg") < order.index("sodertalje") < order.index("taby")


def test_swedish_collation():
    names = ["Örebro", "Åre", "Zinkgruvan", "Ängelholm", "Östra Ryd", "Upplands-Bro", "Upplands Väsby", "Ekerö"]
    assert sorted_sv(names) == [
        "Ekerö",
        "Upplands Väsby",
        "Upplands-Bro",
        "Zinkgruvan",
        "Åre",
        "Ängelholm",
        "Örebro",
        "Östra Ryd",
    ]
    assert sorted_sv(["Södertälje", "Sollentuna", "Sundbyberg", "solna"]) == [
        "Sollentuna",
        "solna",
        "Sundbyberg",
        "Södertälje",
    ]
    assert sorted_sv(["Émile", "Ekerö", "Eda"]) == ["Eda", "Ekerö", "Émile"]


def test_each_district_administration_is_an_https_page_with_a_source():
    catalog = check(ROOT / "data")
    districts = [(mid, d) for mid, m in catalog.municipalities.items() for d in m.districts]
    assert districts, "ingen stadsdelsförvaltning i data"
    for mid, d in districts:
        assert d.url.startswith("https://"), (mid, d.name)
        assert d.sources and all(catalog.sources[s].url for s in d.sources), (mid, d.name)
        assert ("municipalities", mid) in catalog.source_users(d.sources[0])
    # Every place in a municipality with district administrations finds its own.
    for sid, scene in catalog.scenes.items():
        if scene.district and catalog.municipalities[scene.municipality].districts:
            assert sid in catalog.district_of, f"{sid} ({scene.district}) har ingen stadsdelsförvaltning"
            assert scene.district in catalog.district_of[sid].areas


def test_a_district_administration_needs_https(tmp_path):
    from generator.models import District

    with pytest.raises(ValueError, match="https://"):
        District(name="Farsta stadsdelsförvaltning", url="http://example.org/", areas=["Farsta"], sources=["x1"])


def test_the_help_page_lists_the_district_administrations_under_their_municipality(built):
    catalog, docs = built
    text = (docs / HELP).read_text(encoding="utf-8")
    order = _anchors(text)
    for mid, m in catalog.municipalities.items():
        start = text.index(f'id="kommun-{mid}"')
        nxt = order.index(mid) + 1
        end = text.index(f'id="kommun-{order[nxt]}"') if nxt < len(order) else len(text)
        for d in m.districts:
            assert f"(<{d.url}>)" in text[start:end], f"{d.name} saknas under {mid}"


def test_a_place_links_to_its_municipality_below_the_emergency_number(built):
    catalog, docs = built
    help_text = (docs / HELP).read_text(encoding="utf-8")
    anchors = set(_anchors(help_text))
    if "112" in help_text:  # the real page: the emergency section first, above every municipality's anchor
        assert help_text.index("(tel:112)") < help_text.index('id="kommun-')
        assert re.findall(r"^## .*$", help_text, re.M)[0].endswith("112")
    for sid, scene in catalog.scenes.items():
        page = (docs / urls.page_path("scenes", sid)).read_text(encoding="utf-8")
        target = urls.contact_anchor(scene.municipality)
        assert target.removeprefix("kommun-") in anchors, sid
        link = re.search(rf"\[([^\]]+)\]\(\.\./\.\./{re.escape(HELP)}#{target}\)", page)
        assert link, f"{sid}: ingen länk till {target}"
        assert catalog.municipalities[scene.municipality].official_name in link.group(1), sid
        # The place page gives the emergency number itself, before the link that jumps past it.
        assert page.index("(tel:112)") < link.start(), sid
        office = catalog.district_of.get(sid)
        if office:
            assert f"(<{office.url}>)" in page, sid
