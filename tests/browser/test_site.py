"""Every page of the built site in a real browser (issue 5), on the real data and on the fixture data.

One test per site and check collects every problem and fails once, with a readable list naming page and problem.
Full lists and the screenshots go to test-output/ (gitignored); the terminal summary says where.
"""

from __future__ import annotations

import time

import pytest

from .checks import (
    OUTPUT,
    SCREENSHOTS,
    SUMMARY,
    after_frames,
    check_keyboard,
    check_links,
    check_page,
    pages_to_visit,
    screenshot_plan,
    summarize,
)

WIDTHS = [(1280, 900), (375, 812)]  # desktop, mobile


def _fail_message(label: str, problems: list[str], report) -> str:
    return (
        f"{len(problems)} problem på {label} / problems on the {label}; hela listan / full list: {report}\n"
        + summarize(problems)
    )


def _write_report(name: str, problems: list[str]):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    path = OUTPUT / f"browser-problems-{name}.txt"
    path.write_text("\n".join(problems) + ("\n" if problems else ""), encoding="utf-8")
    return path


def _visit_every_page(site, visit, name: str) -> list[str]:
    paths = pages_to_visit(site.root)
    assert paths, f"inga sidor i / no pages in {site.root}"
    plan = screenshot_plan(paths)
    shots_dir = SCREENSHOTS / name
    shots_dir.mkdir(parents=True, exist_ok=True)
    for old in shots_dir.glob("*.png"):
        old.unlink()
    shots: list[str] = []
    problems: list[str] = []
    started = time.monotonic()
    visits = 0
    for path in paths:
        # One load per page: checked at the desktop width, then resized to the mobile width and checked
        # again (axe stays injected). Half the loads of visiting twice; Material and our scripts follow resizes.
        v = visit(site.url + path, *WIDTHS[0])
        try:
            for i, (width, height) in enumerate(WIDTHS):
                if i:
                    v.page.set_viewport_size({"width": width, "height": height})
                    v.width, v.height = width, height
                    v.console_errors.clear(), v.external.clear(), v.dialogs.clear()
                    # The new width is applied and a frame has been drawn at it: resize handlers have run.
                    v.page.wait_for_function("w => window.innerWidth === w", arg=width, timeout=10_000)
                    after_frames(v.page, 2)
                problems += check_page(v)
                if path in plan:
                    shot = shots_dir / f"{plan[path]}-{width}.png"
                    v.page.screenshot(path=str(shot), full_page=True)
                    shots.append(f"{shot.relative_to(OUTPUT.parent)}  ←  {path} ({width}×{height})")
                visits += 1
        finally:
            v.close()
    elapsed = time.monotonic() - started
    index = shots_dir / "INDEX.txt"
    index.write_text("\n".join(shots) + "\n", encoding="utf-8")
    SUMMARY.append(
        f"{name}: {len(paths)} sidor × {len(WIDTHS)} bredder = {visits} sidbesök på {elapsed:.1f} s "
        f"({elapsed / max(visits, 1):.2f} s/besök), {len(problems)} problem"
    )
    SUMMARY.append(
        f"{name}: skärmbilder / screenshots: {len(shots)} i {shots_dir.relative_to(OUTPUT.parent)}/ "
        f"(lista / list: {index.relative_to(OUTPUT.parent)})"
    )
    print("\n".join(SUMMARY[-2:]))
    return problems


@pytest.mark.parametrize("site_name", ["real_site", "fixture_site"])
def test_every_page_in_the_browser(site_name, request, visit):
    """Console errors, requests leaving 127.0.0.1, dialogs (hostile fixture strings), axe WCAG 2.0/2.1 A+AA,
    and horizontal overflow, on every page at 1280 and 375 px."""
    site = request.getfixturevalue(site_name)
    name = site_name.removesuffix("_site")
    problems = _visit_every_page(site, visit, name)
    report = _write_report(f"{name}-pages", problems)
    assert not problems, _fail_message(f"{name}-webbplatsen", problems, report)


@pytest.mark.parametrize("site_name", ["real_site", "fixture_site"])
def test_internal_links_and_anchors(site_name, request):
    site = request.getfixturevalue(site_name)
    name = site_name.removesuffix("_site")
    problems = check_links(site.root)
    report = _write_report(f"{name}-links", problems)
    assert not problems, _fail_message(f"{name}-webbplatsen", problems, report)


@pytest.mark.parametrize("site_name", ["real_site", "fixture_site"])
def test_keyboard_reaches_search_navigation_and_main(site_name, request, visit):
    site = request.getfixturevalue(site_name)
    v = visit(site.url + "/", 1280, 900)
    problems, sequence = check_keyboard(v)
    assert not problems, "\n".join(problems)
