"""The maps in a real browser, on the fixture site: shapes per year, layer toggles, popups and their links,
the hostile name as text, nothing loaded from outside (tiles are answered locally), no console error, axe
(WCAG 2.0–2.2 A/AA and best practice) inside the map documents, the whole map by keyboard alone, no English
from Leaflet, popups clear of the controls and a text without JavaScript."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator.pipeline import check

from .checks import REPO, after_frames, axe_problems

# axe inside the map documents: beyond WCAG 2.1 AA, also 2.2 AA and axe's best practices (landmarks, headings).
MAP_AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# What Leaflet writes in English unless told otherwise (titles, labels, the attribution prefix).
ENGLISH = re.compile(r"\b(close|popup|zoom in|zoom out|layers?|leaflet|marker|javascript library|ukraine)\b", re.I)
# Every text a visitor or a screen reader meets in a document: text, names, titles and descriptions.
VISIBLE_TEXT = """() => { const out = [document.title, document.body.innerText];
  for (const el of document.querySelectorAll('*')) {
    for (const a of ['aria-label', 'title', 'alt', 'placeholder', 'aria-roledescription']) {
      if (el.hasAttribute(a)) out.push(el.getAttribute(a)); } }
  return out.join('\\n'); }"""
# The focused element of a frame, described: null when the focus is not in it.
FOCUSED = """() => { const a = document.activeElement;
  if (!document.hasFocus() || !a || a === document.body) return null;
  const label = a.labels && a.labels.length ? a.labels[0].textContent : a.textContent;
  return {tag: a.tagName.toLowerCase(), name: (a.getAttribute('aria-label') || label).trim(),
    role: a.getAttribute('role'), inPopup: !!a.closest('.leaflet-popup'),
    outline: getComputedStyle(a).outlineStyle, outlineWidth: parseFloat(getComputedStyle(a).outlineWidth) || 0}; }"""
# Rectangles of the open popup and of every control that could cover it.
POPUP_AND_CONTROLS = """() => { const r = e => { const b = e.getBoundingClientRect();
    return [b.left, b.top, b.right, b.bottom]; };
  const popup = document.querySelector('.leaflet-popup');
  return {popup: popup && r(popup), map: r(window.odsMap.getContainer()),
    controls: [...document.querySelectorAll('.leaflet-control')].filter(c => c.offsetWidth).map(r),
    zoom: r(document.querySelector('.leaflet-control-zoom')),
    others: [...document.querySelectorAll('.leaflet-control:not(.leaflet-control-zoom)')]
      .filter(c => c.offsetWidth).map(r)}; }"""

COUNT = """kind => { let n = 0; window.odsMap.eachLayer(l => {
  if (l instanceof L.Path && l.feature && l.feature.properties.kind === kind) n++; }); return n; }"""
FIXTURE_DATA = REPO / "tests" / "fixtures" / "data"
HOSTILE_ID = "farlig-text"
LATEST = "Senast kända läge"


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


def _now(catalog, sid: str) -> int:
    """The year of a place's latest entry: what "Senast kända läge" draws it with."""
    return max(y.year for y in catalog.scenes[sid].years)


def _latest(catalog, scene_ids=None) -> int:
    """How many places "Senast kända läge" draws: each place with a position, once."""
    return sum(1 for sid in catalog.latest_drawn if scene_ids is None or sid in scene_ids)


def _map_frame(v):
    """The map iframe of a loaded page, scrolled into view (it loads lazily), once its layers are added."""
    iframe = v.page.locator(".ods-map iframe")
    assert iframe.count() == 1
    assert iframe.get_attribute("title").startswith("Karta")
    iframe.scroll_into_view_if_needed()
    frame = iframe.element_handle().content_frame()
    frame.wait_for_function("() => window.odsMapReady === true", timeout=15000)
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
    _details_arrived(frame)
    return popup


def _details_arrived(frame):
    """A popup on a map of many places shows the name at once and the rest when the place's own file
    has arrived (ods-map.js marks it busy until then)."""
    frame.wait_for_function("() => !document.querySelector('.ods-popup__body[aria-busy=true]')", timeout=5000)


def _turn_on(frame, label: str):
    """Tick a layer in the layer list; a year layer's file is fetched then: wait until it is drawn."""
    frame.get_by_label(label).check()
    frame.wait_for_function("() => !window.odsLayersLoading", timeout=5000)


def _no_problems(v):
    errors = [e for e in v.console_errors if "ERR_BLOCKED_BY_CLIENT" not in e]
    assert errors == [] and v.dialogs == []


def test_overview_map_years_popup_and_text(visit, fixture_site, catalog):
    v = visit(fixture_site.url + "/karta/")
    frame = _map_frame(v)
    # The map opens on "Senast kända läge": every place with a position, once, and says so.
    shown, first = _latest(catalog), min(catalog.mappings)
    assert frame.evaluate(COUNT, "scene") == shown
    assert frame.get_by_label(LATEST).is_checked()
    assert frame.locator(".ods-legend__view").inner_text().startswith("Visas: senast kända läge")
    # The rounds are layers: toggle the first year on and its shapes are added.
    _turn_on(frame, catalog.mappings[first].title)
    assert frame.evaluate(COUNT, "scene") == shown + _drawn(catalog, first)
    frame.get_by_label(LATEST).uncheck()
    assert frame.evaluate(COUNT, "scene") == _drawn(catalog, first)
    frame.get_by_label(LATEST).check()
    frame.get_by_label(catalog.mappings[first].title).uncheck()
    # A popup with a link that opens the scene page itself (not inside the frame).
    popup = _open_popup(frame, "testtorget", _now(catalog, "testtorget"))
    link = popup.get_by_role("link")
    assert link.get_attribute("target") == "_top"
    assert urljoin(frame.url, link.get_attribute("href")) == fixture_site.url + "/platser/testtorget/"
    link.click()
    v.page.wait_for_url(fixture_site.url + "/platser/testtorget/")
    _no_problems(v)


def test_a_year_layer_that_cannot_be_read_says_so_and_can_be_tried_again(visit, fixture_site, catalog):
    v = visit(fixture_site.url + "/kartor/karta.html")
    page = v.page
    page.wait_for_function("() => window.odsMapReady === true", timeout=15000)
    shown, first = _latest(catalog), min(catalog.mappings)
    page.route("**/data/karta-*.json", lambda route: route.abort())
    box = page.get_by_label(catalog.mappings[first].title)
    box.click()
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=5000)
    assert alert.inner_text() == f"Lagret {catalog.mappings[first].title} kunde inte läsas. Försök igen om en stund."
    assert not box.is_checked() and page.evaluate(COUNT, "scene") == shown
    page.unroute("**/data/karta-*.json")
    _turn_on(page, catalog.mappings[first].title)
    assert page.evaluate(COUNT, "scene") == shown + _drawn(catalog, first)


def test_hostile_name_is_text_and_nothing_runs(visit, fixture_site, catalog):
    v = visit(fixture_site.url + "/karta/")
    frame = _map_frame(v)
    name = catalog.scenes[HOSTILE_ID].name
    popup = _open_popup(frame, HOSTILE_ID, _now(catalog, HOSTILE_ID))
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


def test_zoom_to_municipality_on_the_button_not_on_arrow_keys(visit, fixture_site):
    v = visit(fixture_site.url + "/karta/")
    frame = _map_frame(v)
    before = frame.evaluate("window.odsMap.getZoom()")
    select = frame.get_by_label("Zooma till kommun")
    select.focus()
    for _ in range(2):  # choosing with the arrow keys does not move the map (WCAG 3.2.2)
        v.page.keyboard.press("ArrowDown")
    after_frames(frame, 2)
    assert select.input_value() != "" and frame.evaluate("window.odsMap.getZoom()") == before
    select.select_option("stockholm")
    frame.get_by_role("button", name="Visa").click()
    frame.wait_for_function("b => window.odsMap.getZoom() > b", arg=before)
    assert frame.evaluate("window.odsMap.getBounds().contains([59.335, 18.025])")


def test_scene_map_every_year_ring_and_schools(visit, fixture_site, catalog):
    v = visit(fixture_site.url + "/platser/testtorget/")
    frame = _map_frame(v)
    scene = catalog.scenes["testtorget"]
    # Opens on the place's latest known status, once; each round's position is a layer to add.
    assert frame.evaluate(COUNT, "scene") == 1
    assert frame.evaluate(COUNT, "ring") == 1
    assert frame.evaluate(COUNT, "school") == 1
    _turn_on(frame, catalog.mappings[scene.years[0].year].title)
    assert frame.evaluate(COUNT, "scene") == 2
    frame.get_by_label(catalog.mappings[scene.years[0].year].title).uncheck()
    popup = _open_popup(frame, "testtorget", _now(catalog, "testtorget"))
    assert "Testtorget" in popup.inner_text() and "Utpekad" in popup.inner_text()
    assert v.page.get_by_role("heading", name="Skolor inom 500 meter").count() == 1
    _no_problems(v)


def test_municipality_map(visit, fixture_site, catalog):
    v = visit(fixture_site.url + "/kommuner/stockholm/")
    frame = _map_frame(v)
    ids = catalog.linked("scenes_by_municipality", "stockholm")
    assert frame.evaluate(COUNT, "scene") == _latest(catalog, ids)
    popup = _open_popup(frame, "testtorget", _now(catalog, "testtorget"))
    href = popup.get_by_role("link").get_attribute("href")
    assert urljoin(frame.url, href) == fixture_site.url + "/platser/testtorget/"
    _no_problems(v)


@pytest.mark.parametrize(
    "doc", ["karta.html", "plats.html?id=testtorget", "plats.html?id=farlig-text", "kommun.html?id=stockholm"]
)
@pytest.mark.parametrize("width", [1280, 375])
def test_map_document_alone_is_local_clean_and_accessible(visit, fixture_site, doc, width):
    v = visit(f"{fixture_site.url}/kartor/{doc}", width=width, height=448)
    v.page.wait_for_function("() => window.odsMapReady === true", timeout=15000)
    assert v.page.evaluate("document.documentElement.lang") == "sv"
    assert v.page.title().startswith("Karta")
    assert v.external == [], "only tiles may leave 127.0.0.1"
    assert v.tiles, "the tile layer is there (answered locally by the test)"
    _no_problems(v)
    assert axe_problems(f"/kartor/{doc} [{width}px]", v.axe(MAP_AXE_TAGS)) == []
    # Again with a popup open and every control unfolded, the parts axe did not see folded. The popup
    # first: on a narrow map the unfolded legend may lie over the place to click.
    _open_popup(v.page, *_first_place(v.page))
    folded = v.page.locator(".ods-control__toggle[aria-expanded=false]")
    while folded.count():
        folded.first.click()
    assert axe_problems(f"/kartor/{doc} [{width}px, popup]", v.axe(MAP_AXE_TAGS)) == []
    text = v.page.evaluate(VISIBLE_TEXT)
    assert not ENGLISH.search(text), f"English in /kartor/{doc}: {ENGLISH.search(text)[0]!r}"


def test_a_map_without_a_valid_id_says_so(visit, fixture_site):
    v = visit(f"{fixture_site.url}/kartor/plats.html?id=../../etc")
    v.page.wait_for_function("() => window.odsMapReady === true", timeout=15000)
    assert "Kartan vet inte vilken plats" in v.page.get_by_role("alert").inner_text()
    assert v.external == []


def _first_place(frame) -> tuple[str, int]:
    return frame.evaluate("""() => { let found = null; window.odsMap.eachLayer(l => {
      if (!found && l.feature && l.feature.properties.kind === 'scene') found = [l.feature.properties.id,
        l.feature.properties.year]; }); return found; }""")


def _clear_of_controls(frame, where: str) -> None:
    """The open popup lies inside the map and under no control, once Leaflet has panned the map to
    show it (autoPan moves the map in an animation after the popup opens)."""
    inside = (
        f"() => {{ const r = ({POPUP_AND_CONTROLS})(); const p = r.popup, m = r.map;"
        " return !!p && m[0] <= p[0] && m[1] <= p[1] && p[2] <= m[2] && p[3] <= m[3]; }"
    )
    try:
        frame.wait_for_function(inside, timeout=3000)
    except PlaywrightTimeout:
        pass  # the assertion below says where the popup ended up
    r = frame.evaluate(POPUP_AND_CONTROLS)
    p, m = r["popup"], r["map"]
    assert p and m[0] <= p[0] and m[1] <= p[1] and p[2] <= m[2] and p[3] <= m[3], f"{where}: popup outside {r}"
    for c in r["controls"]:
        assert not (p[0] < c[2] and c[0] < p[2] and p[1] < c[3] and c[1] < p[3]), f"{where}: covered by {c}: {r}"


def _tab_in_frame(page, frame, limit=40):
    """Tab until the focus is on something in the frame; its description."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = frame.evaluate(FOCUSED)
        if focused:
            return focused
    raise AssertionError("Tab never reached the map")


def _tab_until(page, frame, name: str, limit: int = 20) -> list[dict]:
    """Tab inside the frame until the control named `name` has the focus; what was focused on the way."""
    seen: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(frame.evaluate(FOCUSED) or {"name": None})
        if seen[-1]["name"] == name:
            return seen
    raise AssertionError(f"Tab never reached {name!r}: {[f['name'] for f in seen]}")


def test_keyboard_alone_reaches_every_place_opens_it_and_returns(visit, fixture_site, catalog):
    """At 390 px, by keyboard only from the paragraph before the map: unfold the layers, show one more
    year, reach every drawn place by its name, open each popup (focus moves into it, it is a named dialog
    clear of the controls), close it with Esc (focus returns to the place), and follow a popup's link."""
    v = visit(fixture_site.url + "/karta/", width=390, height=844)
    frame = _map_frame(v)
    page = v.page
    older = min(catalog.mappings)
    page.locator("a[href='#platserna-i-text']").first.focus()
    seen = [_tab_in_frame(page, frame)]
    assert seen[0]["role"] == "region" and seen[0]["name"].startswith("Karta")
    seen += _tab_until(page, frame, "Kartlager")
    page.keyboard.press("Enter")  # unfold the layer list (folded on a narrow map)
    seen += _tab_until(page, frame, catalog.mappings[older].title)
    page.keyboard.press("Space")
    both = _latest(catalog) + _drawn(catalog, older)
    frame.wait_for_function(f"() => ({COUNT})('scene') === {both}")  # the year's file arrives first
    # The controls come first, in the order they are read: zoom, zoom to a municipality, layers.
    names = [f["name"] for f in seen]
    assert names[1:3] == ["Zooma in", "Zooma ut"] and names.index("Visa") < names.index("Kartlager"), names
    places = []
    for _ in range(40):
        page.keyboard.press("Tab")
        f = frame.evaluate(FOCUSED)
        if f is None:
            break  # out of the map
        if f["tag"] != "path":
            continue
        assert f["role"] == "button" and f["outline"] != "none" and f["outlineWidth"] > 0, f
        places.append(f["name"])
        page.keyboard.press("Enter")
        frame.wait_for_function("() => document.activeElement.closest('.leaflet-popup[role=dialog]') !== null")
        dialog = frame.locator(".leaflet-popup[role=dialog]")
        title = dialog.locator("#" + dialog.get_attribute("aria-labelledby"))
        assert f["name"].startswith(title.inner_text()), (f["name"], title.inner_text())
        _details_arrived(frame)
        _clear_of_controls(frame, f["name"])
        page.keyboard.press("Escape")
        frame.wait_for_function("() => document.activeElement.tagName.toLowerCase() === 'path'")
        assert frame.evaluate(FOCUSED)["name"] == f["name"]
        frame.locator(".leaflet-popup").wait_for(state="detached")  # it fades out first
    # Each place once at its latest entry, and again in the older round where it has a position.
    expected = [(catalog.scenes[sid].name, _now(catalog, sid)) for sid in catalog.latest_drawn]
    expected += [(s.name, y.year) for s in catalog.scenes.values() for y in s.years if y.year == older and y.geometry]
    assert len(places) == len(expected)
    for name, year in set(expected):
        found = sum(1 for p in places if p.startswith(name) and p.endswith(str(year)))
        assert found == expected.count((name, year)), (name, year, places)
    # Back to a place, open it and follow its link, all by keyboard.
    for _ in range(5):
        page.keyboard.press("Shift+Tab")
        if (frame.evaluate(FOCUSED) or {}).get("tag") == "path":
            break
    page.keyboard.press("Enter")
    frame.wait_for_function("() => document.activeElement.closest('.leaflet-popup') !== null")
    page.keyboard.press("Tab")
    focused = frame.evaluate(FOCUSED)
    assert focused["tag"] == "a" and focused["inPopup"], focused
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(fixture_site.url) + "/platser/[a-z-]+/$"))
    _no_problems(v)


@pytest.mark.parametrize("width", [320, 1280])
def test_controls_leave_the_zoom_buttons_and_the_popups_free(visit, fixture_site, width):
    for path in ["/karta/", "/platser/testtorget/", "/kommuner/stockholm/"]:
        v = visit(fixture_site.url + path, width=width)
        frame = _map_frame(v)
        frame.evaluate("() => { window.odsZooms = []; odsMap.on('zoomend', e => odsZooms.push(e.type)); }")
        r = frame.evaluate(POPUP_AND_CONTROLS)
        z = r["zoom"]
        assert all(not (z[0] < c[2] and c[0] < z[2] and z[1] < c[3] and c[1] < z[3]) for c in r["others"]), (path, r)
        _open_popup(frame, *_first_place(frame))
        _clear_of_controls(frame, f"{path} [{width}px]")
        # The map opened at rest: a zoom animation still running when the popup opens ends by moving the
        # map back where the zoom aimed, undoing the move that keeps the popup clear.
        assert frame.evaluate("window.odsZooms") == [], path


def test_without_javascript_the_map_points_to_the_table(browser, fixture_site):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(fixture_site.url + "/karta/")
        note = page.locator(".ods-map noscript p")
        assert note.is_visible() and "Kartan behöver JavaScript" in note.inner_text()
        link = note.locator("a")
        assert link.is_visible() and link.get_attribute("href") == "#platserna-i-text"
        assert page.locator("#platserna-i-text").count() == 1
        page.goto(fixture_site.url + "/kartor/karta.html")  # the map document alone, as the frame shows it
        note = page.locator("main .ods-noscript")  # Playwright's text search skips <noscript>
        assert note.is_visible() and "Kartan behöver JavaScript" in note.inner_text()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/karta/", "/kommuner/stockholm/", "/platser/testtorget/"])
def test_the_map_adds_no_axe_problem_to_its_page(visit, fixture_site, path):
    """axe sees the frame as part of the page: nothing in it, and its <main> next to the page's, is a problem.
    (The rest of the page is the page tests' business.)"""
    v = visit(fixture_site.url + path)
    _map_frame(v)
    ours = [
        {**rule, "nodes": [n for n in rule["nodes"] if len(n["target"]) > 1 or n["html"].startswith("<main")]}
        for rule in v.axe(MAP_AXE_TAGS)
    ]
    assert axe_problems(path, ours) == []
