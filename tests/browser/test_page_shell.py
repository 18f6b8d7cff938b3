"""The page shell with the keyboard only (issue 17): on a phone the menu opens with the button in the header,
closed menus and search boxes take no focus, nothing invisible ever does, and the filter on goda-exempel/
does not make the page jump (layout shift)."""

from __future__ import annotations

import pytest

from .checks import after_frames

PHONE = (390, 844)
# Pages with different menus: the start page (top level), a chapter deep in a section, a record page
# outside the menu, and the page with the filter.
PAGES = ["/", "/metodstod/sara/", "/platser/", "/goda-exempel/"]

# What has focus: where it is and whether it can be seen (size, visibility, opacity, inside the window
# sideways), once the transitions that focus starts (the skip link fades in) have ended, or after 2 s.
_FOCUSED = """async () => {
  const running = document.getAnimations().filter(a => Number.isFinite(a.effect.getComputedTiming().endTime));
  await Promise.race([Promise.all(running.map(a => a.finished.catch(() => null))),
                      new Promise(done => setTimeout(done, 2000))]);
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const r = el.getBoundingClientRect();
  const style = getComputedStyle(el);
  const label = (el.getAttribute('aria-label') || el.innerText || el.getAttribute('href') || '').trim();
  return {
    what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ' + JSON.stringify(label.slice(0, 40)),
    seen: r.width > 0 && r.height > 0 && style.visibility === 'visible' && r.right > 0 && r.left < innerWidth
          && (el.checkVisibility ? el.checkVisibility({opacityProperty: true, visibilityProperty: true}) : true),
    inDrawer: !!el.closest('.md-sidebar--primary'),
    inMain: !!el.closest('.md-content'),
    menu: el.hasAttribute('data-ods-menu'),
  };
}"""


def _tab(page, times: int = 1) -> dict | None:
    for _ in range(times):
        page.keyboard.press("Tab")
    return page.evaluate(_FOCUSED)


def _expanded(page) -> str | None:
    return page.get_attribute("[data-ods-menu]", "aria-expanded")


def _tab_until(page, wanted, limit: int = 60) -> tuple[dict | None, list[dict]]:
    """Tab until wanted(focused) holds; every stop on the way is returned too."""
    seen: list[dict] = []
    for _ in range(limit):
        f = _tab(page)
        if f is None:
            continue
        seen.append(f)
        if wanted(f):
            return f, seen
    return None, seen


def _invisible(stops: list[dict]) -> list[str]:
    return [s["what"] for s in stops if not s["seen"]]


@pytest.mark.parametrize("path", PAGES)
def test_phone_menu_opens_and_closes_with_the_keyboard(real_site, visit, path):
    v = visit(real_site.url + path, *PHONE)
    page = v.page
    button, before = _tab_until(page, lambda f: f["menu"], limit=5)
    assert button, f"{path}: Tab når inte menyknappen / the menu button: {[s['what'] for s in before]}"
    assert not _invisible(before), f"{path}: osynliga fokusstopp före menyknappen: {_invisible(before)}"
    assert _expanded(page) == "false"

    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    assert _expanded(page) == "true"
    first = page.evaluate(_FOCUSED)
    assert first and first["inDrawer"] and first["seen"], f"{path}: fokus i den öppna menyn: {first}"
    inside = [first] + [f for f in (_tab(page) for _ in range(2)) if f]
    assert all(f["inDrawer"] for f in inside), f"{path}: Tab lämnade menyn för tidigt: {inside}"
    assert not _invisible(inside), f"{path}: osynliga fokusstopp i menyn: {_invisible(inside)}"

    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__drawer').checked")
    after_frames(page, 2)
    back = page.evaluate(_FOCUSED)
    assert back and back["menu"], f"{path}: Escape ska ge fokus tillbaka till menyknappen, gav {back}"
    assert _expanded(page) == "false"


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("size", [PHONE, (1280, 900)])
def test_tab_from_the_top_reaches_the_content_and_stops_only_where_it_can_be_seen(real_site, visit, path, size):
    v = visit(real_site.url + path, *size)
    main, stops = _tab_until(v.page, lambda f: f["inMain"])
    where = f"{path} [{size[0]}px]"
    assert main, f"{where}: Tab når inte innehållet / the main content: {[s['what'] for s in stops]}"
    assert not _invisible(stops), f"{where}: osynliga fokusstopp / invisible focus stops: {_invisible(stops)}"
    if size == PHONE:
        assert not [s for s in stops if s["inDrawer"]], f"{where}: den stängda menyn tar fokus: {stops}"


def test_menu_opens_from_the_keyboard_and_leads_to_a_page(real_site, visit):
    """The whole errand with the keyboard only: open the menu, pick a section, arrive at its content."""
    v = visit(real_site.url + "/", *PHONE)
    page = v.page
    assert _tab_until(page, lambda f: f["menu"], limit=5)[0]
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    link, stops = _tab_until(page, lambda f: f["inDrawer"] and "Goda exempel" in f["what"], limit=40)
    assert link, f"Tab når inte Goda exempel i menyn: {[s['what'] for s in stops]}"
    assert not _invisible(stops), f"osynliga fokusstopp i menyn: {_invisible(stops)}"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.rstrip("/").endswith("/goda-exempel")
    main, stops = _tab_until(page, lambda f: f["inMain"])
    assert main and not _invisible(stops), [s["what"] for s in stops]


def test_the_filter_does_not_move_the_page(real_site, browser):
    """Cumulative layout shift on goda-exempel/ on a phone, while the page loads and its script runs."""
    context = browser.new_context(viewport={"width": PHONE[0], "height": PHONE[1]}, locale="sv-SE")
    try:
        page = context.new_page()
        page.add_init_script(
            """window.__shift = 0; new PerformanceObserver(list => { for (const e of list.getEntries())
               if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});"""
        )
        page.goto(real_site.url + "/goda-exempel/", wait_until="load")
        page.wait_for_function("() => document.querySelector('[data-ods-count]').textContent.length > 0")
        after_frames(page, 3)
        shift = page.evaluate("() => window.__shift")
        assert shift < 0.1, f"goda-exempel/ hoppar när sidan laddas: layout shift {shift:.3f} (gränsen för bra är 0,1)"
    finally:
        context.close()
