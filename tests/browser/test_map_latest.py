"""The maps on the real data: they open on "Senast kända läge", so the places people look for are there on
load (Hässelby torg, last known in 2023, on the county map; Storvreten, 2025, on Botkyrka's), and on a
phone (375 px) the panels start folded and a tapped place's popup title and close button lie inside the
map under no control. Screenshots at 375 and 1280 px go to test-output/maps/ to be looked at."""

from __future__ import annotations

import pytest

from .checks import OUTPUT
from .test_maps import _details_arrived, _map_frame

SHOTS = OUTPUT / "maps"
MAPS = [
    ("/karta/", "hasselby-torg", "Hässelby torg (Hässelby gård)", "lan"),
    ("/kommuner/botkyrka/", "storvreten", "Storvreten", "botkyrka"),
]

# The place's shape is on the map and its middle is inside the map box as drawn (not panned away).
ON_MAP = """id => { let found = false; const box = window.odsMap.getContainer().getBoundingClientRect();
  window.odsMap.eachLayer(l => { if (!l.feature || l.feature.properties.id !== id || !l.getElement) return;
    const r = l.getElement().getBoundingClientRect(), x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
    if (r.width && box.left <= x && x <= box.right && box.top <= y && y <= box.bottom) found = true; });
  return found; }"""
# The popup's title and close button: inside the map, and overlapping no visible control.
CLEAR = """() => { const r = e => e && e.getBoundingClientRect();
  const map = r(window.odsMap.getContainer()), parts = ['.ods-popup__title', '.leaflet-popup-close-button']
    .map(s => r(document.querySelector('.leaflet-popup ' + s)));
  if (parts.some(p => !p || !p.width)) return false;
  const controls = [...document.querySelectorAll('.leaflet-control')].filter(c => c.offsetWidth).map(r);
  const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return parts.every(p => map.left <= p.left && map.top <= p.top && p.right <= map.right && p.bottom <= map.bottom
    && !controls.some(c => meet(p, c))); }"""
MARK = """id => { window.odsMap.eachLayer(l => {
  if (l.feature && l.feature.properties.id === id && l.getElement) l.getElement().setAttribute('data-test', id); }); }"""


@pytest.mark.parametrize(("path", "sid", "place", "name"), MAPS)
def test_the_map_opens_on_the_latest_known_status(visit, real_site, path, sid, place, name):
    v = visit(real_site.url + path)
    frame = _map_frame(v)
    frame.wait_for_function(ON_MAP, arg=sid, timeout=5000)
    assert frame.get_by_label("Senast kända läge").is_checked()
    assert frame.locator(".ods-legend__view").inner_text().startswith("Visas: senast kända läge")
    # The page says so in words too, next to the map.
    assert "senast kända läge" in v.page.locator("article").inner_text()
    SHOTS.mkdir(parents=True, exist_ok=True)
    v.page.locator(".ods-map iframe").screenshot(path=SHOTS / f"{name}-1280.png")


@pytest.mark.parametrize(("path", "sid", "place", "name"), MAPS)
def test_on_a_phone_panels_fold_and_a_tapped_popup_is_clear(visit, real_site, path, sid, place, name):
    v = visit(real_site.url + path, width=375, height=740)
    frame = _map_frame(v)
    toggles = frame.locator(".ods-control__toggle")
    assert toggles.count() == 2
    assert all(toggles.nth(i).get_attribute("aria-expanded") == "false" for i in range(2))
    frame.wait_for_function(ON_MAP, arg=sid, timeout=5000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    v.page.locator(".ods-map iframe").screenshot(path=SHOTS / f"{name}-375.png")
    # The whole map below the page's sticky header, as a visitor would scroll to it before tapping.
    v.page.locator(".ods-map iframe").evaluate("e => e.scrollIntoView({block: 'center'})")
    frame.evaluate(MARK, sid)
    # A tap where the place is drawn: at county zoom a neighbour may lie on top of it (Vällingby over
    # Hässelby), and then the neighbour's popup lists it as a button to tap.
    frame.locator(f"[data-test={sid}]").first.click(force=True)
    title = frame.locator(".leaflet-popup .ods-popup__title")
    title.wait_for(timeout=5000)
    if title.inner_text() != place:
        frame.locator(".ods-popup__near button", has_text=place).click()
        frame.wait_for_function("name => document.querySelector('.ods-popup__title').textContent === name", arg=place)
    _details_arrived(frame)
    frame.wait_for_function(CLEAR, timeout=5000)
    v.page.locator(".ods-map iframe").screenshot(path=SHOTS / f"{name}-375-popup.png")
