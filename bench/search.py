"""How much the search fetches and how fast it answers, on the real site and on 5,000 synthetic places.

    .venv/bin/python bench/search.py [--scenes 5000] [--keep DIR]

Builds the real data and a synthetic data set (the real data plus N generated places in the real
municipalities, with the real methods and sources) into a temporary folder, serves each site on
127.0.0.1 and types queries key by key into the header's search box in headless Chromium
(/usr/bin/chromium, or CHROMIUM_PATH). For each query it reports the bytes of Pagefind files fetched
(the files' sizes on disk: the index files are already compressed) and the time from the first key
to the first result on screen. A measurement, not a test: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from generator.catalog import check  # noqa: E402
from generator.pipeline import Paths, build  # noqa: E402

QUERIES = ["Fridhemsplan", "trygghetsvandring", "kommunernas", "oppna", "SSR"]
WORDS = ["torg", "park", "station", "centrum", "backe", "gården", "plan", "strand", "hage", "berg"]


def synthetic_data(target: Path, scenes: int, seed: int = 13) -> Path:
    """data/ as it is, plus `scenes` generated places that pass validation."""
    shutil.copytree(ROOT / "data", target)
    c = check(ROOT / "data")
    rnd = random.Random(seed)
    municipalities, methods, sources = list(c.municipalities), list(c.methods), list(c.sources)
    years = sorted(c.mappings)
    text = yaml.safe_load((target / "scenes.yaml").read_text(encoding="utf-8"))
    for i in range(scenes):
        m = rnd.choice(municipalities)
        name = f"{c.municipalities[m].name} {rnd.choice(WORDS)} {i}"
        first = rnd.randrange(len(years))
        text.append(
            {
                "id": f"syntetisk-{i}",
                "name": name,
                "municipality": m,
                "place_type": rnd.choice(["station", "torg", "park", "centrum", "gata"]),
                "years": [
                    {"year": y, "status": "listed", "certainty": "stated", "sources": [rnd.choice(sources)]}
                    for y in years[first:]
                ],
                "measures": rnd.sample(methods, 3),
                "description": (
                    f"En påhittad plats för att mäta sökningen: {name} i {c.municipalities[m].name}. "
                    "Här arbetar kommunen och polisen med trygghetsvandringar, lägesbild och "
                    "platssamverkan mot den öppna drogscenen."
                ),
                "sources": [rnd.choice(sources)],
            }
        )
    (target / "scenes.yaml").write_text(yaml.safe_dump(text, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def log_message(self, *args):
        pass


def _bundle_bytes(site: Path) -> tuple[int, int]:
    files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def measure(site: Path, queries: list[str], chromium: str) -> list[dict]:
    from playwright.sync_api import sync_playwright

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium)
            for query in queries:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                fetched: list[str] = []
                page.on(
                    "request",
                    lambda r, fetched=fetched: fetched.append(urlparse(r.url).path) if "/pagefind/" in r.url else None,
                )
                page.goto(url + "/metoder/")
                page.wait_for_load_state("networkidle")
                box = page.locator("#ods-search-input")
                box.click()  # opening the box loads pagefind.js, its WebAssembly and the filters
                page.wait_for_load_state("networkidle")
                before = len(fetched)
                start = time.perf_counter()
                box.press_sequentially(query, delay=60)  # about as fast as a quick typist
                page.wait_for_selector(".ods-search .ods-hit", timeout=60_000)
                first = time.perf_counter() - start
                page.wait_for_function(
                    "q => document.querySelector('.ods-search__status').textContent.includes('”' + q + '”')",
                    arg=query,
                    timeout=60_000,
                )
                page.wait_for_load_state("networkidle")
                size = lambda paths: sum((site / p.lstrip("/")).stat().st_size for p in set(paths))  # noqa: E731
                after = set(fetched[before:])
                part = lambda folder, after=after: [p for p in after if f"/pagefind/{folder}/" in p]  # noqa: E731
                engine = [p for p in after if p.count("/") == 2]  # pagefind.js, worker, wasm, entry, meta
                rows.append(
                    {
                        "query": query,
                        "open_bytes": size(fetched[:before]),
                        "engine_bytes": size(engine),
                        "index_bytes": size(part("index")),
                        "filter_bytes": size(part("filter")),
                        "fragment_bytes": size(part("fragment")),
                        "fragments": len(part("fragment")),
                        "typing_s": len(query) * 0.06,
                        "first_result_s": first,
                        "status": page.locator(".ods-search__status").text_content(),
                    }
                )
                page.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return rows


def report(label: str, site: Path, rows: list[dict], build_s: float) -> None:
    files, total = _bundle_bytes(site)
    pages = sum(1 for _ in site.rglob("index.html"))
    print(f"\n## {label}: {pages} sidor, bygget {build_s:.1f} s, pagefind/ {files} filer {total / 1024:.0f} KiB")
    print(
        "| sökning | när rutan öppnas | motor under sökningen | ordindex | filter | träffarnas utdrag | "
        "första träff efter första tangent | träffar |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    kib = lambda n: f"{n / 1024:.1f} KiB"  # noqa: E731
    for r in rows:
        print(
            f"| {r['query']} | {kib(r['open_bytes'])} | {kib(r['engine_bytes'])} | {kib(r['index_bytes'])} | "
            f"{kib(r['filter_bytes'])} | {kib(r['fragment_bytes'])} ({r['fragments']} st) | "
            f"{r['first_result_s'] * 1000:.0f} ms (skrivandet tar {r['typing_s'] * 1000:.0f} ms) | {r['status']} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenes", type=int, default=5000, help="antal påhittade platser (0: bara den riktiga)")
    parser.add_argument("--keep", type=Path, help="bygg här och behåll mappen")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="ods-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        sets = [("riktiga data", ROOT / "data", QUERIES)]
        if args.scenes:
            data = synthetic_data(work / "synthetic-data", args.scenes)
            sets.append((f"{args.scenes} påhittade platser till", data, QUERIES + ["Solna park"]))
        for label, data, queries in sets:
            out = work / label.split()[0]
            started = time.perf_counter()
            build(Paths(data=data, content=ROOT / "content", docs=out / "docs", site=out / "site"))
            build_s = time.perf_counter() - started
            report(label, out / "site", measure(out / "site", queries, args.chromium), build_s)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
