"""The browser checks as plain functions, so the site tests and the tests of the checks share them.

check_page(visit)   -> problems seen in a loaded page (console, network, dialogs, axe, overflow)
check_links(root)   -> dead internal links and anchors in every HTML file under root (static, no browser)
check_keyboard(visit) -> what Tab cannot reach, or reaches without a visible focus indicator
"""

from __future__ import annotations

import base64
import itertools
import re
import tomllib
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "/__test__/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# The web editor under /admin/ is Sveltia CMS's own page: it is held to WCAG 2.x A and AA, not to axe's
# best practices (its layout has no main landmark or h1; listed in the accessibility statement).
EDITOR_AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
OUTPUT = REPO / "test-output"
SCREENSHOTS = OUTPUT / "screenshots"
LOCAL_HOSTS = {"127.0.0.1"}
NOT_LOCAL = re.compile(r"^(?!(?:https?|wss?)://127\.0\.0\.1(?:[:/]|$)|data:|blob:|about:)")
# A 1×1 transparent PNG: map tiles are answered with this, so maps draw without the internet.
TRANSPARENT_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAAC0lEQVR4nGNgAAIAAAUAAXpeqz8AAAAASUVORK5CYII="
)

# Lines for the terminal summary (printed by conftest.pytest_terminal_summary).
SUMMARY: list[str] = []


# --------------------------------------------------------------------------------------------- tiles


def tile_host_pattern(toml_path: Path = REPO / "portal.toml") -> re.Pattern | None:
    """The host of `[map] tiles` as a regex ({s} and other placeholders match one label)."""
    try:
        tiles = tomllib.loads(toml_path.read_text(encoding="utf-8"))["map"]["tiles"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return None
    host = re.match(r"^[a-z]+://([^/]+)", tiles)
    if not host:
        return None
    parts = re.split(r"(\{[^}]*\})", host.group(1).lower())
    regex = "".join("[^./]+" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(rf"^{regex}$")


def is_tile_url(url: str, pattern: re.Pattern | None) -> bool:
    host = (urlparse(url).hostname or "").lower()
    return bool(pattern and pattern.match(host))


# --------------------------------------------------------------------------------------------- visit


@dataclass
class Visit:
    page: object  # playwright Page, loaded with wait_until="load"
    url: str
    width: int
    height: int
    console_errors: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    tiles: list[str] = field(default_factory=list)
    context: object = None

    @property
    def path(self) -> str:
        """The URL path of the page, for messages."""
        parsed = urlparse(self.page.url if self.page else self.url)
        return parsed.path + (f"#{parsed.fragment}" if parsed.fragment else "")

    def axe(self, tags: list[str] | None = None) -> list[dict]:
        """axe-core violations in this page and its (same-origin) iframes, the map documents included.
        Without tags: AXE_TAGS, or EDITOR_AXE_TAGS on the web editor under /admin/."""
        for frame in self.page.frames:
            try:
                if not frame.evaluate("() => typeof window.axe !== 'undefined'"):
                    add_axe(frame)
            except Exception:  # noqa: BLE001 - a detached or cross-origin frame: axe reports it itself
                pass
        if tags is not None:
            return self._axe_run(None, tags)
        if "/admin/" in urlparse(self.page.url).path:
            return self._axe_run(None, EDITOR_AXE_TAGS)
        return self._axe_run(None, AXE_TAGS)

    def _axe_run(self, context: dict | None, tags: list[str], iframes: bool = True) -> list[dict]:
        result = self.page.evaluate(
            """([context, tags, iframes]) => axe.run(context || document,
            {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'], iframes: iframes})""",
            [context, tags, iframes],
        )
        return result["violations"]

    def close(self) -> None:
        if self.context is not None:
            try:
                self.context.close()
            except Exception:  # noqa: BLE001 - already closed with the browser
                pass
            self.context = None


def add_axe(frame) -> None:
    """axe-core in a page or frame, from the test server (conftest.py serves it at AXE_URL): a script
    from the site itself is one the site's security policy allows."""
    frame.add_script_tag(url=urljoin(frame.url, AXE_URL))


def open_visit(browser, url: str, width: int = 1280, height: int = 900, tile_pattern=None) -> Visit:
    """A fresh context; everything leaving 127.0.0.1 is aborted and recorded, except map tiles."""
    visit = guarded_context(browser, url, width, height, tile_pattern)
    visit.page.goto(url, wait_until="load")
    load_iframes(visit.page)
    return visit


def guarded_context(browser, url: str, width: int, height: int, tile_pattern=None) -> Visit:
    """A fresh context and page where every request leaving 127.0.0.1 is aborted and recorded, and map
    tiles are answered with a transparent picture; nothing is loaded yet."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="sv-SE")
    visit = Visit(page=None, url=url, width=width, height=height, context=context)

    def guard(route):
        req_url = route.request.url
        if req_url.startswith(("data:", "blob:")) or urlparse(req_url).hostname in LOCAL_HOSTS:
            route.continue_()
        elif is_tile_url(req_url, tile_pattern):
            visit.tiles.append(req_url)
            route.fulfill(status=200, content_type="image/png", body=TRANSPARENT_PNG)
        else:
            visit.external.append(req_url)
            route.abort("blockedbyclient")

    # A regex is matched inside the browser, so only requests leaving 127.0.0.1 make the round trip to Python.
    context.route(NOT_LOCAL, guard)
    page = visit.page = context.new_page()

    def on_console(msg):
        if msg.type == "error":
            where = msg.location.get("url") if msg.location else ""
            visit.console_errors.append(f"{msg.text} ({where})" if where and where not in msg.text else msg.text)

    def on_dialog(dialog):
        visit.dialogs.append(f"{dialog.type}: {dialog.message}")
        try:
            dialog.dismiss()
        except Exception:  # noqa: BLE001
            pass

    page.on("console", on_console)
    page.on("pageerror", lambda err: visit.console_errors.append(f"uncaught: {err}"))
    page.on("dialog", on_dialog)
    return visit


def load_iframes(page, timeout_ms: int = 30_000) -> None:
    """Make lazy iframes (the maps) load now and wait for them, so their errors and requests are seen too.
    An iframe still not loaded after timeout_ms is an error, not something to carry on without."""
    not_loaded = page.evaluate(
        """ms => Promise.all([...document.querySelectorAll('iframe')].map(f => new Promise(
      done => {
        const ready = () => { try { const d = f.contentDocument;
            return d && d.readyState === 'complete' && d.location.href !== 'about:blank'; } catch (e) { return true; } };
        if (ready()) return done(null);
        f.addEventListener('load', () => done(null), {once: true});
        setTimeout(() => done(ready() ? null : f.getAttribute('src')), ms);  // the deadline of the condition
        if (f.loading === 'lazy') f.loading = 'eager';
    }))).then(srcs => srcs.filter(s => s !== null))""",
        timeout_ms,
    )
    if not_loaded:
        raise AssertionError(
            f"{page.url}: iframe laddades inte inom {timeout_ms / 1000:.0f} s / "
            f"did not load: {', '.join(map(str, not_loaded))}"
        )


_frame_waits = itertools.count()


def after_frames(target, frames: int = 2, timeout_ms: int = 10_000) -> None:
    """Wait until the page (or frame) has drawn `frames` more animation frames: everything a script started
    before now (rendering, resize handlers, an alert() that would block the frame) has run. A condition with a
    deadline, not a fixed sleep: it returns as soon as the frames are drawn."""
    key = f"__odsFrames{next(_frame_waits)}"
    # polling="raf": the predicate runs once now and then once per animation frame.
    target.wait_for_function(
        "([key, n]) => (window[key] = (window[key] || 0) + 1) > n", arg=[key, frames], polling="raf", timeout=timeout_ms
    )


# --------------------------------------------------------------------------------------------- page


def _short(text: str, n: int = 160) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


def axe_problems(where: str, violations: list[dict]) -> list[str]:
    problems = []
    for v in violations:
        for node in v.get("nodes", []):
            target = " ".join(map(str, node.get("target", [])))
            problems.append(
                f"{where}: axe {v['id']} ({v.get('impact')}): {target} — {_short(v.get('help', ''), 90)}"
                f" — {_short(node.get('html', ''), 120)}"
            )
    return problems


def overflow(visit: Visit) -> tuple[int, int]:
    return tuple(
        visit.page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    )


def check_page(visit: Visit, axe: bool = True) -> list[str]:
    """Everything wrong with one loaded page, as readable lines naming the page and the problem."""
    where = f"{visit.path} [{visit.width}px]"
    problems: list[str] = []
    if axe:  # run first: it also gives late scripts time to fail before the console is read
        problems += axe_problems(where, visit.axe())
    scroll, client = overflow(visit)
    if scroll > client + 1:
        widest = visit.page.evaluate(
            """w => {
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
              const r = el.getBoundingClientRect();
              if (r.right > w + 1 && r.width > 0 && getComputedStyle(el).position !== 'fixed') {
                out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                         (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') +
                         ' (right ' + Math.round(r.right) + ')');
              }
            }
            return out.slice(-3);
        }""",
            client,
        )
        problems.append(
            f"{where}: sidan är bredare än fönstret / wider than the viewport: scrollWidth {scroll} > "
            f"clientWidth {client}; e.g. {', '.join(widest) or '?'}"
        )
    blocked = [
        e
        for e in visit.console_errors  # the browser's echo of a request we aborted: reported below
        if "ERR_BLOCKED_BY_CLIENT" in e and any(u in e for u in visit.external)
    ]
    problems += [
        f"{where}: konsolfel / console error: {_short(e, 300)}" for e in visit.console_errors if e not in blocked
    ]
    problems += [f"{where}: extern begäran / external request: {u}" for u in visit.external]
    problems += [f"{where}: dialogruta / dialog fired: {_short(d)}" for d in visit.dialogs]
    return problems


# --------------------------------------------------------------------------------------------- links


class _PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag.attr, url)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "a" and a.get("href") is not None:
            self.links.append(("a[href]", a["href"]))
        elif tag in ("iframe", "img", "script", "source", "embed") and a.get("src"):
            self.links.append((f"{tag}[src]", a["src"]))
        elif (
            tag == "link"
            and a.get("href")
            and "canonical" not in (a.get("rel") or "")
            and "alternate" not in (a.get("rel") or "")
        ):
            self.links.append(("link[href]", a["href"]))
        elif tag == "object" and a.get("data"):
            self.links.append(("object[data]", a["data"]))

    handle_startendtag = handle_starttag


def html_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if p.is_file())


def url_path(root: Path, file: Path) -> str:
    """/a/b/ for root/a/b/index.html, /a/b.html otherwise."""
    rel = file.relative_to(root).as_posix()
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


def _target_file(root: Path, path: str) -> Path | None:
    """The file a URL path on the local server would serve, or None."""
    rel = unquote(path).lstrip("/")
    candidate = (root / rel) if rel else root
    try:
        candidate.resolve().relative_to(root.resolve())
    except ValueError:
        return None  # escapes the site
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def parse_site(root: Path) -> dict[Path, _PageParser]:
    parsed = {}
    for file in html_files(root):
        parser = _PageParser()
        parser.feed(file.read_text(encoding="utf-8", errors="replace"))
        parsed[file] = parser
    return parsed


def check_links(root: Path, skip: tuple[str, ...] = ("404.html",)) -> list[str]:
    """Every internal link (a[href], and src of iframes/images/scripts, stylesheet hrefs) must point to a file
    under root, and every #fragment to an element id on the target page. External links are not checked here."""
    root = Path(root)
    parsed = parse_site(root)
    problems = []
    base = "http://site.invalid"
    for file, page in parsed.items():
        rel = file.relative_to(root).as_posix()
        if rel in skip:  # MkDocs' 404 page uses site_url paths: it is served from any depth
            continue
        here = base + url_path(root, file)
        for what, href in page.links:
            href = href.strip()
            if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:", "blob:")):
                continue
            absolute = urljoin(here, href)
            parsed_url = urlparse(absolute)
            if f"{parsed_url.scheme}://{parsed_url.netloc}" != base:
                continue  # external: the browser part makes sure nothing external is loaded
            target = _target_file(root, parsed_url.path)
            if target is None:
                problems.append(
                    f"{url_path(root, file)}: död länk / dead link {what}={href!r} "
                    f"(ingen fil för / no file for {parsed_url.path})"
                )
                continue
            fragment = unquote(parsed_url.fragment)
            if fragment and what == "a[href]" and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else set()
                if fragment not in ids:
                    problems.append(
                        f"{url_path(root, file)}: ankaret saknas / missing anchor {what}={href!r} "
                        f"(inget id={fragment!r} på / no such id on {url_path(root, target)})"
                    )
    return problems


def pages_to_visit(root: Path) -> list[str]:
    """URL paths of every HTML page except 404.html and map documents under kartor/ that are shown in an iframe
    (those are checked inside the page that embeds them)."""
    root = Path(root)
    parsed = parse_site(root)
    framed: set[Path] = set()
    for file, page in parsed.items():
        for what, src in page.links:
            if what == "iframe[src]":
                target = _target_file(root, urlparse(urljoin("http://x" + url_path(root, file), src)).path)
                if target:
                    framed.add(target)
    out = []
    for file in parsed:
        rel = file.relative_to(root).as_posix()
        if rel == "404.html" or (rel.startswith("kartor/") and file in framed):
            continue
        out.append(url_path(root, file))
    return out


# --------------------------------------------------------------------------------------------- keyboard

_FOCUS_JS = """() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const cs = getComputedStyle(el);
  const r = el.getBoundingClientRect();
  const label = (el.getAttribute('aria-label') || el.innerText || el.value || el.placeholder || '').trim().slice(0, 40);
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id || '',
    cls: typeof el.className === 'string' ? el.className : '',
    href: el.getAttribute('href') || '',
    label: label,
    search: !!el.closest('.md-search, [role=search], form[role=search]') || el.type === 'search'
            || (el.name || '') === 'query' || /search|sök/i.test(el.getAttribute('aria-label') || ''),
    nav: el.tagName === 'A' && !!el.closest('nav, .md-tabs, .md-nav, [role=navigation]')
         && !el.closest('main, .md-content'),
    skip: el.tagName === 'A' && (el.classList.contains('md-skip') || /^#main/.test(el.getAttribute('href') || '')),
    inMain: !!el.closest('main, [role=main], .md-content'),
    outlineStyle: cs.outlineStyle,
    outlineWidth: parseFloat(cs.outlineWidth) || 0,
    boxShadow: cs.boxShadow,
    visible: r.width > 0 && r.height > 0,
  };
}"""


def _describe(f: dict) -> str:
    cls = "." + ".".join(f["cls"].split()) if f["cls"].strip() else ""
    return (
        f"<{f['tag']}{'#' + f['id'] if f['id'] else ''}{cls}{' href=' + f['href'] if f['href'] else ''}> {f['label']!r}"
    )


def _focus_visible(f: dict) -> bool:
    outline = f["outlineStyle"] != "none" and f["outlineWidth"] > 0
    shadow = bool(f["boxShadow"]) and f["boxShadow"] != "none"
    return outline or shadow


def check_keyboard(visit: Visit, max_tabs: int = 80) -> tuple[list[str], list[dict]]:
    """Tab from the top of the page: search, a navigation link and the main content must be reached, each with
    a visible focus indicator. Returns (problems, the focus sequence)."""
    where = f"{visit.path} [{visit.width}px]"
    page = visit.page
    page.evaluate("() => { window.scrollTo(0, 0); if (document.activeElement) document.activeElement.blur(); }")
    sequence: list[dict] = []
    wanted = {"search": None, "nav": None, "main": None}
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        f = page.evaluate(_FOCUS_JS)
        if not f:
            continue
        sequence.append(f)
        if f["search"] and not wanted["search"]:
            wanted["search"] = f
        if f["nav"] and not wanted["nav"]:
            wanted["nav"] = f
        if (f["skip"] or (f["inMain"] and f["tag"] == "a")) and not wanted["main"]:
            wanted["main"] = f
        if all(wanted.values()):
            break
    problems = []
    names = {
        "search": "sökningen / the search",
        "nav": "en länk i navigeringen / a navigation link",
        "main": "huvudinnehållet / the main content (skip link or a link in main)",
    }
    for key, f in wanted.items():
        if f is None:
            problems.append(
                f"{where}: Tab når inte / Tab never reaches {names[key]} "
                f"(fokusordning / focus order: {' → '.join(_describe(s) for s in sequence[:25])})"
            )
        elif not _focus_visible(f):
            problems.append(
                f"{where}: ingen synlig fokusmarkering / no visible focus indicator on {_describe(f)} "
                f"(outline {f['outlineStyle']} {f['outlineWidth']}px, box-shadow {f['boxShadow']})"
            )
    return problems, sequence


# --------------------------------------------------------------------------------------------- screenshots

# One page of each type: (name, predicate on the URL path); the first match in sorted order is used.
INDEX_PAGES = [
    "/platser/",
    "/kommuner/",
    "/kartlaggningar/",
    "/metodstod/",
    "/metoder/",
    "/goda-exempel/",
    "/aktorer/",
    "/oppna-data/",
    "/om/kallor/",
]


def _detail(prefix: str):
    return lambda p: p.startswith(prefix) and p != prefix and p.count("/") == prefix.count("/") + 1


PAGE_TYPES: list[tuple[str, object]] = [
    ("start", lambda p: p == "/"),
    ("metodstod-kapitel", _detail("/metodstod/")),
    ("plats", _detail("/platser/")),
    ("kommun", _detail("/kommuner/")),
    ("aktor", _detail("/aktorer/")),
    ("metod", _detail("/metoder/")),
    ("gott-exempel", _detail("/goda-exempel/")),
    *[("index-" + (p.strip("/").replace("/", "-")), (lambda q: lambda p: p == q)(p)) for p in INDEX_PAGES],
    ("karta", lambda p: p == "/karta/"),
    ("om", lambda p: p == "/om/"),
]


def screenshot_plan(paths: list[str]) -> dict[str, str]:
    """URL path -> type name, for one page of each type that exists."""
    plan: dict[str, str] = {}
    for name, matches in PAGE_TYPES:
        for p in sorted(paths):
            if matches(p) and p not in plan:
                plan[p] = name
                break
    return plan


# --------------------------------------------------------------------------------------------- reporting

_LINE = re.compile(r"^(?P<where>\S+(?: \[\d+px\])?): (?P<what>.*)$")
_AXE = re.compile(r"^axe (?P<rule>\S+) \((?P<impact>[^)]*)\): (?P<target>.*?) — (?P<help>.*?) — (?P<html>.*)$")


def summarize(problems: list[str], max_groups: int = 40, max_pages: int = 8) -> str:
    """Group identical problems (same console text, external URL or axe rule) and list the pages they occur on."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for line in problems:
        m = _LINE.match(line)
        where, what = (m["where"], m["what"]) if m else ("?", line)
        detail = ""
        a = _AXE.match(what)
        if a:
            what, detail = f"axe {a['rule']} ({a['impact']}): {a['help']}", f"{a['target']} — {a['html']}"
        groups.setdefault(what, []).append((where, detail))
    out = []
    for what, hits in sorted(groups.items(), key=lambda kv: -len(kv[1]))[:max_groups]:
        pages = sorted({w for w, _ in hits})
        out.append(f"- {what}  [{len(hits)}× på / on {len(pages)} sida(or)/page(s)]")
        out.append(f"    sidor / pages: {', '.join(pages[:max_pages])}{' …' if len(pages) > max_pages else ''}")
        details = sorted({d for _, d in hits if d})
        for d in details[:3]:
            out.append(f"    t.ex. / e.g.: {d}")
        if len(details) > 3:
            out.append(f"    … {len(details) - 3} fler element / more elements")
    if len(groups) > max_groups:
        out.append(f"- … {len(groups) - max_groups} fler slag av problem / more kinds of problems")
    return "\n".join(out)
