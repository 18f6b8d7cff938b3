"""Three new users' routes through the real site at 375 px, clicked from the start page as each of
them would (issue 16): a resident near Fridhemsplan, a safety coordinator starting a platssamverkan
and a journalist after the official series. Each step waits for what the user must see; a
screenshot of every step goes to test-output/routes/ to be looked at."""

from __future__ import annotations

import csv
import io
import re
import urllib.request
from pathlib import Path

from generator.pipeline import check

from .checks import OUTPUT, REPO

WIDTH, HEIGHT = 375, 812
SHOTS = OUTPUT / "routes"
SCENE = "fridhemsplan-stadshagen"
METHOD = "platssamverkan"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def main_link(page, text: str):
    """The first visible link in the page text (not the menu) with this text."""
    return page.locator(".md-content a:visible", has_text=text).first


def test_resident_from_start_to_fridhemsplan_and_what_to_do(visit, real_site):
    catalog = check(REPO / "data")
    scene = catalog.scenes[SCENE]
    v = visit(real_site.url + "/", WIDTH, HEIGHT)
    page = v.page
    shot(page, "invanare-1-start")
    main_link(page, "Platser").click()
    page.wait_for_url("**/platser/")
    main_link(page, scene.name).click()
    page.wait_for_url(f"**/platser/{SCENE}/")
    # its measures, each named, and the 500 m ring explained where the map draws it
    measures = page.locator("h2:has-text('Åtgärder på platsen') + ul > li")
    assert measures.count() == len(scene.measures)
    for mid in scene.measures:
        assert measures.locator("a", has_text=catalog.methods[mid].name).first.is_visible(), mid
    assert page.locator(".md-content p:visible", has_text="500 meter").count() >= 1
    shot(page, "invanare-2-platsen")
    # 112 first on the place page, then the way to its own municipality's section of "Vad kan jag göra?"
    assert page.locator(".md-content a[href='tel:112']:visible").count() >= 1
    official = catalog.municipalities[scene.municipality].official_name
    main_link(page, f"Så når du {official}").click()
    page.wait_for_url(f"**/vad-kan-jag-gora/#kommun-{scene.municipality}")
    anchor = page.locator(f"#kommun-{scene.municipality}")
    anchor.locator("xpath=..").wait_for(state="visible")
    assert page.locator(".md-content li:visible", has_text="Ring 114 14").count() == 1
    assert page.locator(".md-content h2:visible", has_text="ring 112").count() == 1
    website = catalog.municipalities[scene.municipality].website
    assert anchor.locator(f"xpath=..//a[@href='{website}']").is_visible()
    shot(page, "invanare-3-vad-kan-jag-gora")
    assert v.console_errors == [] and v.external == []


def test_coordinator_from_method_support_to_method_examples_and_pdf(visit, real_site):
    catalog = check(REPO / "data")
    method = catalog.methods[METHOD]
    v = visit(real_site.url + "/", WIDTH, HEIGHT)
    page = v.page
    main_link(page, "Metodstöd").click()
    page.wait_for_url("**/metodstod/")
    shot(page, "samordnare-1-metodstod")
    main_link(page, "Metodkatalog").click()
    page.wait_for_url("**/metoder/")
    main_link(page, method.name).click()
    page.wait_for_url(f"**/metoder/{METHOD}/")
    # its evidence: the level and what it rests on
    level = page.locator(".md-content tr", has_text="Kunskapsläge").first
    assert level.is_visible() and method.evidence.level and level.locator("td").nth(1).inner_text().strip()
    shot(page, "samordnare-2-metoden")
    main_link(page, "filtrerad på").click()
    page.wait_for_url(re.compile(rf"/goda-exempel/\?metod={METHOD}$"))
    expected = sum(1 for x in catalog.examples.values() if METHOD in x.methods)
    assert expected > 0
    page.locator(".ods-example:visible").nth(expected - 1).wait_for()
    assert page.locator(".ods-example:visible").count() == expected
    shot(page, "samordnare-3-exempel")
    # and the method support as a PDF to print or pass on
    page.goto(real_site.url + "/metodstod/")
    href = page.locator(".md-content a[href$='metodstod.pdf']").first.get_attribute("href")
    with urllib.request.urlopen(f"{real_site.url}/metodstod/{href}") as response:
        assert response.headers["Content-Type"] == "application/pdf"
        assert response.read(5) == b"%PDF-"
    assert v.console_errors == [] and v.external == []


def test_journalist_from_start_to_the_official_series_and_a_download(visit, real_site):
    catalog = check(REPO / "data")
    v = visit(real_site.url + "/", WIDTH, HEIGHT)
    page = v.page
    main_link(page, "Kartläggningar").click()
    page.wait_for_url("**/kartlaggningar/")
    counted = [m for m in catalog.mappings.values() if m.totals.scenes is not None]
    for m in counted:  # every official number is on the page
        assert page.locator(".md-content td", has_text=re.compile(rf"^{m.totals.scenes}$")).count() >= 1, m.year
    shot(page, "journalist-1-serien")
    page.goto(real_site.url + "/oppna-data/")
    link = page.locator(".md-content a[href$='kartlaggningar.csv']").first
    link.wait_for(state="visible")
    shot(page, "journalist-2-oppna-data")
    with page.expect_download() as download:
        link.click(modifiers=["Alt"])  # Alt+click: Chromium saves the link instead of showing it
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_year = {int(r["year"]): r for r in rows}
    assert set(by_year) == set(catalog.mappings)
    for m in counted:
        assert int(by_year[m.year]["scenes"]) == m.totals.scenes
    assert v.console_errors == [] and v.external == []
