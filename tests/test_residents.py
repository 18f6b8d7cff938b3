"""What a resident and a journalist need on every page (issue 16, items 10-12): where to turn
("Vad kan jag göra?" with each municipality's website, linked from every scene and municipality
page), how new the page's facts are, and who publishes the portal. Checked on the generated
Markdown for the fixture and the real data, against the data and portal.toml themselves."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator import urls
from generator.config import load_settings
from generator.pipeline import Paths, generate
from generator.render.text import date_sv

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


def test_the_publisher_and_a_way_to_reach_a_person(built):
    _, docs = built
    p = load_settings().publisher
    text = (docs / "om/index.md").read_text(encoding="utf-8")
    assert "ods:utgivare" not in text
    assert f"**{p.name}** ger ut portalen" in text
    assert f"(<{p.contact_url}>)" in text and p.response_time in text
    assert "**Press:**" in text


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
