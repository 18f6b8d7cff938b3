"""The built site as a whole (issue 17): valid HTML on every page (the Nu HTML Checker, vnu), a title and a
meta description of its own on every page, a Swedish 404 page whose links work from any depth, robots.txt
and the apple-touch-icon.

The real data and the fixture data (hostile strings included) are built once each; vnu runs once, in one
Java process, over every HTML file of both and over one page that is invalid on purpose, so a checker that
stopped reporting would fail here too.
"""

from __future__ import annotations

import collections
import json
import re
import shutil
import struct
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from support import build_site

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SETS = {"real": ROOT, "fixture": ROOT / "tests" / "fixtures"}
# The map documents are shown only inside the pages' iframes: valid and described like any page, but
# with no footer or touch icon of their own.
FRAMED = "kartor/"
INVALID_ON_PURPOSE = (
    '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Fel</title></head><body>'
    '<input type="checkbox" id="x" autocomplete="off"><label for="saknas">Etikett</label></body></html>'
)
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"].rstrip("/") + "/"
SITE_PATH = "/" + re.sub(r"^https?://[^/]+/?", "", SITE_URL)  # /ods-portalen/: the 404 page's links start so


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    out = {}
    for name, base in SETS.items():
        site = tmp_path_factory.mktemp(f"shell-{name}") / "site"
        assert build_site(base, site) == 0, f"bygget av {name}-webbplatsen misslyckades"
        out[name] = site
    return out


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# The web editor (theme/admin/index.html) is Sveltia's page for editors, not a page of the site: it has
# no header, footer or icon of the portal (tests/browser/test_cms.py checks it).
EDITOR = "admin/"


def checked(site: Path, page: Path) -> bool:
    return not page.relative_to(site).as_posix().startswith(EDITOR)


def run_vnu(files: list[Path]) -> list[dict]:
    """The Nu HTML Checker over files, in one Java process: its error messages."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        pytest.fail(
            "Java eller vnu.jar saknas: kör `make test` (eller `make check`), som installerar Debians "
            "default-jre-headless och npm-paketet vnu-jar. / Java or vnu.jar is missing: run `make test`.",
            pytrace=False,
        )
    proc = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        return json.loads(proc.stderr)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"vnu svarade inte med JSON (slutkod {proc.returncode}):\n{proc.stderr[-3000:]}", pytrace=False)


def test_every_page_is_valid_html(sites, tmp_path):
    bad = tmp_path / "invalid.html"
    bad.write_text(INVALID_ON_PURPOSE, encoding="utf-8")
    files = [p for site in sites.values() for p in pages(site) if checked(site, p)]
    assert len(files) > 100, files
    messages = run_vnu([bad, *files])
    on_purpose = [m for m in messages if m.get("url", "").endswith("/invalid.html")]
    assert len(on_purpose) >= 2, f"vnu hittade inte felen i sidan som är fel med flit: {on_purpose}"
    others = [m for m in messages if m not in on_purpose]
    kinds = collections.Counter(m["message"] for m in others)
    where = collections.defaultdict(list)
    for m in others:
        where[m["message"]].append(f"{m.get('url', '?').split('/site/', 1)[-1]}:{m.get('lastLine', '?')}")
    report = "\n".join(f"{n}× {msg}\n    t.ex. {', '.join(where[msg][:4])}" for msg, n in kinds.most_common(20))
    assert not others, f"{len(others)} fel i HTML enligt vnu / HTML errors:\n{report}"


def _head(page: Path) -> tuple[str | None, str | None]:
    html = page.read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    description = re.search(r'<meta name="description" content="([^"]*)"', html)
    return (title.group(1).strip() if title else None), (description.group(1) if description else None)


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_page_has_a_title_and_a_description_of_its_own(sites, name):
    site = sites[name]
    titles, descriptions = collections.defaultdict(list), collections.defaultdict(list)
    for page in pages(site):
        rel = page.relative_to(site).as_posix()
        title, description = _head(page)
        titles[title].append(rel)
        if checked(site, page):
            descriptions[description].append(rel)
    problems = [f"ingen <title>: {v}" for k, v in titles.items() if not k]
    problems += [f"ingen beskrivning: {v}" for k, v in descriptions.items() if not k]
    problems += [f"samma titel {k!r} på {v}" for k, v in titles.items() if k and len(v) > 1]
    problems += [f"samma beskrivning {k!r} på {v}" for k, v in descriptions.items() if k and len(v) > 1]
    assert not problems, "\n".join(problems)


def test_the_404_page_is_swedish_and_its_links_work_from_any_depth(sites):
    site = sites["real"]
    page = site / "404.html"
    html = page.read_text(encoding="utf-8")
    title, description = _head(page)
    start_title, _ = _head(site / "index.html")
    assert title and "Sidan finns inte" in title and title != start_title
    assert description and "Sidan finns inte" in description
    assert "Not found" not in html and '<meta name="robots" content="noindex">' in html
    assert re.search(rf'<form[^>]*action="{re.escape(SITE_PATH)}sok/"', html), "ingen sökning till sok/"
    hrefs = re.findall(r'<(?:a|link)\b[^>]*\bhref="([^"]+)"', html)
    relative = [h for h in hrefs if not h.startswith((SITE_PATH, "#", "https://", "http://", "mailto:", "data:"))]
    assert not relative, f"adresser som bara fungerar på en viss nivå: {relative}"
    for section in ("karta/", "platser/", "metodstod/", "goda-exempel/", "aktorer/", "om/"):
        target = SITE_PATH + section
        assert f'href="{target}"' in html, f"404-sidan länkar inte till {target}"
        assert (site / section / "index.html").is_file()


def test_robots_txt_names_the_sitemap(sites):
    site = sites["real"]
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert re.search(r"^User-agent: \*$", robots, re.M)
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()
    assert (site / "sitemap.xml").is_file()


def test_apple_touch_icon_is_a_180_px_png_linked_from_every_page(sites):
    site = sites["real"]
    icon = site / "assets" / "apple-touch-icon.png"
    data = icon.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (180, 180)
    missing = [
        p.relative_to(site).as_posix()
        for p in pages(site)
        if checked(site, p)
        and not p.relative_to(site).as_posix().startswith(FRAMED)
        and '<link rel="apple-touch-icon"' not in p.read_text(encoding="utf-8")
    ]
    assert not missing, f"sidor utan apple-touch-icon: {missing[:10]}"


def test_every_page_links_to_the_accessibility_statement_from_its_footer(sites):
    """The DOS law expects the statement one click from every page; the link works at any depth."""
    site = sites["real"]
    footer = re.compile(r'<footer.*?href="([^"]*tillganglighet/)"', re.S)
    for page in pages(site):
        if not checked(site, page) or page.relative_to(site).as_posix().startswith(FRAMED):
            continue
        found = footer.search(page.read_text(encoding="utf-8"))
        assert found, f"{page.relative_to(site)}: ingen länk till tillgänglighetsredogörelsen i sidfoten"
        href = found.group(1)  # relative, or on 404.html absolute under the site's path (it is served anywhere)
        target = site / href.removeprefix(SITE_PATH).lstrip("/") if href.startswith("/") else page.parent / href
        assert (target.resolve() / "index.html").is_file(), page.relative_to(site)


def test_every_search_exclusion_is_one_pagefind_understands(sites):
    """data-pagefind-ignore takes no value, "index" or "all"; anything else (Markdown writes a bare
    attribute out as ="data-pagefind-ignore") makes Pagefind warn once per page and guess."""
    for site in sites.values():
        for page in pages(site):
            values = re.findall(r'data-pagefind-ignore(?:="([^"]*)")?', page.read_text(encoding="utf-8"))
            assert set(values) <= {"", "index", "all"}, (page, set(values))


def _policy(page: Path) -> dict[str, list[str]]:
    """The page's Content-Security-Policy by directive; it must come right after <meta charset>, before
    any script or style (a policy in a meta tag covers only what follows it)."""
    html = page.read_text(encoding="utf-8")
    match = re.search(
        r'<meta charset="utf-8">\s*<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html, re.I
    )
    assert match, f"{page}: ingen säkerhetspolicy direkt efter <meta charset>"
    assert not re.search(r"<(script|style|link)\b", html[: match.start()], re.I)
    return {d.split()[0]: d.split()[1:] for d in match.group(1).split("; ")}


@pytest.mark.parametrize("name", SETS)
def test_every_page_and_map_document_has_a_strict_policy(sites, name):
    tiles = tomllib.loads((ROOT / "portal.toml").read_text(encoding="utf-8"))["map"]["tiles"]
    for page in pages(sites[name]):
        if not checked(sites[name], page):
            continue
        policy = _policy(page)
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]
        assert not any(v in ("'unsafe-eval'", "*", "data:", "https:") for v in policy["script-src"])
        map_document = page.relative_to(sites[name]).as_posix().startswith(FRAMED)
        # Only a map document shows tiles, and only from the configured host.
        assert ("https://" + tiles.split("/")[2] in policy["img-src"]) == map_document


def test_the_editor_has_its_own_policy_without_inline_or_eval_scripts(sites):
    policy = _policy(sites["real"] / "admin" / "index.html")
    assert policy["script-src"] == ["'self'", "https://unpkg.com"]
    assert "https://api.github.com" in policy["connect-src"]
