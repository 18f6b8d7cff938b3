"""The maps in a real browser, on the fixture site: shapes per year, layer toggles, popups and their links,
the hostile name as text, nothing loaded from outside (tiles are answered locally), no console error, and
axe (WCAG 2.1 A/AA) inside the map documents."""

from __future__ import annotations

from urllib.parse import urljoin

import pytest

from generator.pipeline import check

from .checks import REPO, after_frames, axe_problems

COUNT = """kind => { let n = 0; window.odsMap.eachLayer(l => {
  if (l instanceof L.Path && l.feature && l.feature.properties.kind === kind) n++; }); return n; }"""
FIXTURE_DATA = REPO / "tests" / "fixtures" / "data"
HOSTILE_ID = "farlig-text"


@pytest.fixture(scope="module")
def catalog():
    return check(FIXTURE_DATA)


def _drawn(catalog, year, scene_ids=None):
    return sum(
        1
        for sid, s in catalog.scenes.items()
        if scene_ids is None or sid in scene_ids
        for y in s.years
        if y.year == year and y.geometry
    )


def _map_frame(v):
    """The map iframe of a loaded page, scrolled into view (it loads lazily), once its layers are added."""
    iframe = v.page.locator(".ods-map iframe")
    assert iframe.count() == 1
    assert iframe.get_attribute("title").startswith("Karta")
    iframe.scroll_into_view_if_needed()
    frame = iframe.element_handle().content_frame()
    frame.wait_for_function("window.odsMapReady === true", timeout=15000)
    return frame


def _open_popup(frame, scene_id, year):
    """Click the shape of scene_id in year like a user would; returns the popup locator."""
    frame.evaluate(
        """([id, year]) => { window.odsMap.eachLayer(l => {
        if (l.feature && l.feature.properties.id === id && l.feature.properties.year === year && l.getElement)
          l.getElement().setAttribute('data-test', 'target'); }); }""",
        [scene_id, year],
    )
    frame.locator("[data-test=target]").first.click(force=True)
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5000)
    return popup


def _no_problems(v):
    errors = [e for e in v.console_errors if "ERR_BLOCKED_BY_CLIENT" not in e]
    assert errors == [] and v.dialogs == []


def test_overview_map_years_popup_and_text(visit, fixture_site, catalog):
    v = visit(fixture_site.url + "/karta/")
    frame = _map_frame(v)
    # The map opens on the newest round with official figures (not a newer one without them).
    latest, first = catalog.first_year(list(catalog.scenes)), min(catalog.mappings)
    assert latest != max(catalog.mappings)
    assert frame.evaluate(COUNT, "scene") == _drawn(catalog, latest)
    # Toggle the first year on: its shapes are added.
    frame.get_by_label(catalog.mappings[first].title).check()
    assert frame.evaluate(COUNT, "scene") == _drawn(catalog, latest) + _drawn(catalog, first)
    frame.get_by_label(catalog.mappings[latest].title).uncheck()
    assert frame.evaluate(COUNT, "scene") == _drawn(catalog, first)
    frame.get_by_label(catalog.mappings[latest].title).check()
    # A popup with a link that opens the scene page itself (not inside the frame).
    popup = _open_popup(frame, "testtorget", latest)
    link = popup.get_by_role("link")
    assert link.get_attribute("target") == "_top"
    assert urljoin(frame.url, link.get_attribute("href")) == fixture_site.url + "/platser/testtorget/"
    link.click()
    v.page.wait_for_url(fixture_site.url + "/platser/testtorget/")
    _no_problems(v)


def test_hostile_name_is_text_and_nothing_runs(visit, fixture_site, catalog):
    v = visit(fixture_site.url + "/karta/")
    frame = _map_frame(v)
    name = catalog.scenes[HOSTILE_ID].name
    popup = _open_popup(frame, HOSTILE_ID, catalog.first_year(list(catalog.scenes)))
    assert name in popup.inner_text()
    assert popup.locator("img").count() == 0 and frame.locator("img[src=x]").count() == 0
    # The popup is rendered; two animation frames later every script its rendering started has run, and an
    # alert() would have blocked those frames until our dialog handler had seen (and dismissed) it.
    after_frames(frame, 2)
    assert v.dialogs == []
    # The page's own title of the iframe and the text table show it as text too.
    assert v.page.locator(".ods-map iframe").get_attribute("title") == "Karta: öppna drogscener i Stockholms län"
    assert v.page.get_by_role("link", name=name).count() == 1
    _no_problems(v)


def test_zoom_to_municipality(visit, fixture_site):
    v = visit(fixture_site.url + "/karta/")
    frame = _map_frame(v)
    before = frame.evaluate("window.odsMap.getZoom()")
    frame.get_by_label("Zooma till kommun").select_option("stockholm")
    frame.wait_for_function(f"window.odsMap.getZoom() > {before}")
    assert frame.evaluate("window.odsMap.getBounds().contains([59.335, 18.025])")


def test_scene_map_every_year_ring_and_schools(visit, fixture_site, catalog):
    v = visit(fixture_site.url + "/platser/testtorget/")
    frame = _map_frame(v)
    scene = catalog.scenes["testtorget"]
    assert frame.evaluate(COUNT, "scene") == sum(1 for y in scene.years if y.geometry)
    assert frame.evaluate(COUNT, "ring") == 1
    assert frame.evaluate(COUNT, "school") == 1
    frame.get_by_label(catalog.mappings[scene.years[0].year].title).uncheck()
    assert frame.evaluate(COUNT, "scene") == len(scene.years) - 1
    popup = _open_popup(frame, "testtorget", scene.years[-1].year)
    assert "Testtorget" in popup.inner_text() and "Utpekad" in popup.inner_text()
    assert v.page.get_by_role("heading", name="Skolor inom 500 meter").count() == 1
    _no_problems(v)


def test_municipality_map(visit, fixture_site, catalog):
    v = visit(fixture_site.url + "/kommuner/stockholm/")
    frame = _map_frame(v)
    ids = catalog.linked("scenes_by_municipality", "stockholm")
    shown = catalog.first_year(ids)
    assert frame.evaluate(COUNT, "scene") == _drawn(catalog, shown, ids)
    popup = _open_popup(frame, "testtorget", shown)
    href = popup.get_by_role("link").get_attribute("href")
    assert urljoin(frame.url, href) == fixture_site.url + "/platser/testtorget/"
    _no_problems(v)


@pytest.mark.parametrize(
    "doc", ["karta.html", "plats.html?id=testtorget", "plats.html?id=farlig-text", "kommun.html?id=stockholm"]
)
def test_map_document_alone_is_local_clean_and_accessible(visit, fixture_site, doc):
    v = visit(f"{fixture_site.url}/kartor/{doc}")
    v.page.wait_for_function("window.odsMapReady === true", timeout=15000)
    assert v.page.evaluate("document.documentElement.lang") == "sv"
    assert v.page.title().startswith("Karta")
    assert v.external == [], "only tiles may leave 127.0.0.1"
    assert v.tiles, "the tile layer is there (answered locally by the test)"
    _no_problems(v)
    assert axe_problems(f"/kartor/{doc}", v.axe()) == []


def test_a_map_without_a_valid_id_says_so(visit, fixture_site):
    v = visit(f"{fixture_site.url}/kartor/plats.html?id=../../etc")
    v.page.wait_for_function("window.odsMapReady === true", timeout=15000)
    assert "Kartan vet inte vilken plats" in v.page.get_by_role("alert").inner_text()
    assert v.external == []
