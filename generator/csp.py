"""The Content Security Policy of every page: scripts and styles only from the site itself.

The site is static, so the policy travels in each document as `<meta http-equiv="Content-Security-Policy">`
right after `<meta charset>`, before any script. The few inline scripts the templates write (Material's
helper, the portal's "ods-js" flag; in the map documents folium's set-up and styles) are allowed by their
sha256. A page is never given the hash of whatever inline script it happens to hold: one that no
template writes (data that escaped its escaping) stops the build instead (PAGE_SCRIPTS).

What a meta tag cannot say: `frame-ancestors`, `report-uri` and `sandbox` only work as HTTP headers, which
GitHub Pages cannot send; a host that can should add `frame-ancestors 'self'` there (README).

This module knows no MkDocs and needs nothing of the generator but its error: MkDocs loads it as a hook (mkdocs.yml
`hooks:`), and calls `on_post_page` and `on_post_template` with each page it writes; the map documents
(generator/render/maps.py) call `protect` themselves, with the tile host added.
"""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import urlsplit

# Absolute: MkDocs loads this file by its path, as a module of its own, and the build must catch the same
# class that the module raises.
from generator.problems import UnknownInlineCode

# Scripts: the site's own files and the inline ones by hash. 'wasm-unsafe-eval' lets the search (Pagefind)
# compile its WebAssembly; it allows no eval() of JavaScript.
_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    # data: for Material's icons drawn as CSS masks and Leaflet's empty tile.
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    # Pagefind searches in a web worker that it starts from a blob: URL.
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}

# The inline scripts the page templates write, with ADDRESS where Material puts the site's relative address.
# Only these get a hash: a script that comes from anything else (data that escaped its escaping) is
# refused at build time instead of being allowed by its own hash. tests/test_csp.py checks that each
# one is still in Material's templates, so an upgrade that changes them fails loudly.
PAGE_SCRIPTS = (
    # Material: partials/javascripts/base.html (localStorage helpers, on every page)
    '__md_scope=new URL("ADDRESS",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),'
    '__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}',
    # Material: partials/javascripts/content.html (opens the tab a link points to)
    "var target=document.getElementById(location.hash.slice(1));target&&target.name&&"
    '(target.checked=target.name.startsWith("__tabbed_"))',
    # ours: site_overrides/main.html (what needs JavaScript is shown from the start)
    'document.documentElement.classList.add("ods-js")',
)
_ADDRESS = r"[A-Za-z0-9_./:%~-]*"  # a relative or absolute address: no quote, no markup
_KNOWN = re.compile("|".join(re.escape(s).replace("ADDRESS", _ADDRESS) for s in PAGE_SCRIPTS))


_INLINE = re.compile(r"<(script|style)(\s[^>]*)?>(.*?)</\1>", re.S | re.I)
_DATA_BLOCK = re.compile(r"""\stype=["']?application/(?:json|ld\+json)""", re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
META = '<meta http-equiv="Content-Security-Policy" content="{}">'


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_hashes(html: str, trusted: bool = False) -> dict[str, list[str]]:
    """The sha256 of each inline script and style element, in order, without repeats. Scripts with a
    src and JSON data blocks (never executed) need none. Unless the document is trusted (made by the
    generator alone, with no data in it: the map documents), an inline script must be one of
    PAGE_SCRIPTS and there may be no inline style."""
    found: dict[str, list[str]] = {"script-src": [], "style-src": []}
    for kind, attrs, body in _INLINE.findall(html):
        script = kind.lower() == "script"
        if script and (" src=" in (attrs or "") or _DATA_BLOCK.search(attrs or "")):
            continue
        if not trusted and not (script and _KNOWN.fullmatch(body)):
            raise UnknownInlineCode(f"<{kind}{attrs}>{body[:80]}")
        digests = found["script-src" if script else "style-src"]
        if (digest := _hash(body)) not in digests:
            digests.append(digest)
    return found


def policy(html: str, images: tuple[str, ...] = (), trusted: bool = False) -> str:
    """The policy for one finished document; images adds hosts that may serve pictures (map tiles)."""
    directives = {name: list(values) for name, values in _POLICY.items()}
    for name, digests in inline_hashes(html, trusted).items():
        directives[name] += digests
    directives["img-src"] += list(images)
    return "; ".join(" ".join([name, *values]) for name, values in directives.items())


def protect(html: str, images: tuple[str, ...] = (), trusted: bool = False) -> str:
    """The document with its policy as the first thing after <meta charset> (a meta policy covers only
    what comes after it)."""
    match = _CHARSET.search(html)
    if match is None:
        raise ValueError("dokumentet saknar <meta charset>; säkerhetspolicyn ska stå direkt efter den")
    meta = META.format(policy(html, images, trusted))
    return html[: match.end()] + meta + html[match.end() :]


def tile_source(template: str) -> str:
    """The origin of a tile URL template for img-src: https://{s}.tile.example/{z}/{x}/{y}.png ->
    https://*.tile.example."""
    parts = urlsplit(template.replace("{s}", "subdomain"))
    host = (parts.hostname or "").replace("subdomain", "*")
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


# MkDocs' events (mkdocs.yml `hooks:`): every Markdown page, and the static templates (404.html).
def on_post_page(output: str, page, **kwargs) -> str:
    try:
        return protect(output)
    except UnknownInlineCode as err:
        raise UnknownInlineCode(f"sidan {page.url or '/'}: {err}") from None


def on_post_template(output_content: str, template_name: str, **kwargs) -> str:
    # An empty output is a template MkDocs will not write (404.html in the builds of other languages).
    return protect(output_content) if template_name.endswith(".html") and output_content.strip() else output_content
