"""Lighthouse scores for one page of each type, on a phone and on a desktop (issue 17, item 8).

    make lighthouse      (or: .venv/bin/python bench/lighthouse.py [--site site] [--json DIR])

Serves a built site (default site/, made by `make site`) on 127.0.0.1 as the host does (text gzip-compressed;
--okomprimerat to compare) and runs npm's lighthouse (pinned in
bench/lighthouse-npm/package.json, a folder of its own whose overrides lock the two packages Lighthouse's
dependencies ask for as "latest") with Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH) on the start
page, a scene, a method, a good example and the map page, with Lighthouse's mobile and desktop settings.
It prints the four scores of every run and exits with 1 when accessibility, best practices or SEO is below
100 anywhere (performance is reported, not gated: it depends on the machine). `make test` runs it too,
from tests/browser/test_lighthouse.py.
"""

from __future__ import annotations

import argparse
import base64
import functools
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator import csp  # noqa: E402
from generator.config import load_settings  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "bench" / "lighthouse-npm" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
GATED = {"accessibility", "best-practices", "seo"}
# One page of each type; a record page is the first one of its section in sorted order.
TYPES = [("start", ""), ("plats", "platser/"), ("metod", "metoder/"), ("gott exempel", "goda-exempel/")]


# Map tiles are answered here, like in the browser tests: the served pages ask this server for them (the
# tile host in portal.toml is rewritten on the way out) and get a blank tile, so no request leaves the
# machine and no failed tile shows up as a console error under "best practices".
TILE_HOST = re.match(r"https?://[^/]+/", load_settings().tiles).group(0)  # type: ignore[union-attr]
LOCAL_TILES = "/__tiles__/"
BLANK_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


# What GitHub Pages, the portal's host, sends compressed (gzip) to a browser that asks for it: text.
COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".csv", ".geojson", ".map"}


class _Quiet(SimpleHTTPRequestHandler):
    """The built site as the host serves it: text gzip-compressed when the browser accepts it (unless
    `compress` is False, to compare), tiles answered here."""

    compress = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        if path.startswith(LOCAL_TILES):
            return self._send(BLANK_PNG, "image/png")
        file = Path(self.translate_path(path))
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            return super().do_GET()  # its 404 and redirects
        body = file.read_bytes()
        if file.suffix in (".html", ".js", ".json"):
            served = body.replace(TILE_HOST.encode(), LOCAL_TILES.encode())
            if served != body and file.suffix == ".html":
                served = _reprotected(served.decode("utf-8")).encode("utf-8")
            body = served
        return self._send(body, self.guess_type(str(file)), file.suffix in COMPRESSED)

    def _send(self, body: bytes, content_type: str, compressible: bool = False) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        if compressible and self.compress and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _reprotected(html: str) -> str:
    """A map document whose inline script now names this server's tiles: its policy, which allows that
    script by the hash of what the generator wrote, is made again for what is served (generator/csp.py)."""
    return csp.protect(_POLICY.sub("", html, count=1), trusted=True)


_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">')


def pages(site: Path) -> list[tuple[str, str]]:
    out = []
    for name, section in TYPES:
        if not section:
            out.append((name, "/"))
            continue
        first = sorted(p.parent.name for p in (site / section).glob("*/index.html"))[0]
        out.append((name, f"/{section}{first}/"))
    return [*out, ("karta", "/karta/")]


def run(url: str, form: str, report: Path) -> dict[str, int]:
    """One Lighthouse run; its scores 0–100 by category."""
    args = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-path={CHROMIUM}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        f"--only-categories={','.join(CATEGORIES)}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        "--locale=sv",
    ]
    if form == "desktop":
        args.append("--preset=desktop")
    proc = subprocess.run(args, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise SystemExit(f"lighthouse misslyckades för {url} ({form}):\n{proc.stderr[-2000:]}")
    data = json.loads(report.read_text(encoding="utf-8"))
    return {c: round((data["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}


def failing_audits(report: Path) -> list[str]:
    """The audits below full marks in the gated categories, for the printout."""
    data = json.loads(report.read_text(encoding="utf-8"))
    out = []
    for cat in GATED:
        for ref in data["categories"][cat]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                out.append(f"{cat}: {ref['id']} ({audit.get('title', '')})")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--json", type=Path, help="spara Lighthouse-rapporterna (JSON) i den här mappen")
    parser.add_argument(
        "--okomprimerat", action="store_true", help="skicka sidorna utan gzip (värden gör inte så; för jämförelse)"
    )
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(
            "lighthouse saknas: kör `make lighthouse` (bench/lighthouse-npm/package.json pinnar versionen)"
        )
    if not (args.site / "index.html").is_file():
        raise SystemExit(f"ingen byggd webbplats i {args.site}: kör `make site` först")
    handler = type("Served", (_Quiet,), {"compress": not args.okomprimerat})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    out_dir = args.json or Path(tempfile.mkdtemp(prefix="lighthouse-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    below = []
    print(
        "Sidorna skickas "
        + ("okomprimerade." if args.okomprimerat else "gzip-komprimerade, som värden (GitHub Pages) gör.")
    )
    print(f"{'sida':<14}{'form':<9}" + "".join(f"{c:>16}" for c in CATEGORIES))
    try:
        for name, path in pages(args.site):
            for form in ("mobile", "desktop"):
                report = out_dir / f"{name.replace(' ', '-')}-{form}.json"
                scores = run(base + path, form, report)
                print(f"{name:<14}{form:<9}" + "".join(f"{scores[c]:>16}" for c in CATEGORIES), flush=True)
                if any(scores[c] < 100 for c in GATED):
                    below.append(f"{name} {path} ({form}): " + "; ".join(failing_audits(report)))
    finally:
        server.shutdown()
    print(f"rapporter: {out_dir}")
    if below:
        print("under 100 i tillgänglighet, bästa praxis eller SEO:\n  " + "\n  ".join(below))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
