"""Stage 6b: the search index. The only module that knows Pagefind.

site.py calls index_site() on the freshly built site folder before it is swapped in, so a failed
index leaves the previous site/ as it was. Pagefind reads the HTML MkDocs wrote: only the part of
each page marked data-pagefind-body (site_overrides/main.html), with its kind, municipality and
search words (data/synonyms.yaml) from front matter. The bundle (index, pagefind.js and its
WebAssembly) lands in <site>/pagefind/ and is served from the portal itself.

Pagefind runs as its command-line program (pagefind_extended from pagefind-bin-extended), not through
its Python service API. The service writes the index with tokio's File::write_all, which returns
while the last write is still on a background thread, answers the Python side, and is then stopped
with SIGTERM on closing: under load files came out short or missing, and the build failed reading
them (JSONDecodeError) or, worse, shipped a broken index. The program exits only after its runtime
has waited for every such write, so the index is whole when the process has ended.

Pagefind keeps every word of every page in memory until it writes the index: about 0.2 MB a page,
2.1 GB for 10,000 places (`make bench`). So a site of more than PAGES_PER_BUNDLE pages is indexed in
parts, one Pagefind run after the other, each into a bundle of its own: the first in pagefind/, the
others in pagefind/del-2/, pagefind/del-3/, … The first bundle's delar.json names the others, and
the browser merges them into one search (assets/ods-search.js, Pagefind's mergeIndex). The portal
itself, with a hundred pages, has one bundle.

Pagefind 1.5.2 writes the values of each filter (typ, kommun), and the filters in its metadata, in
the order of a hash map with a random seed, so each run gave the filter files, the metadata that
names them and the entry file that names the metadata other bytes and names. _sort_filters puts them
in the order Pagefind's next release writes them (by name, the fix Pagefind/pagefind#1124) and
names them by their content as Pagefind does: the index is the same byte for byte on every run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import zlib
from pathlib import Path
from typing import Any

import cbor2
from pagefind_bin_extended import get_executable

BUNDLE = "pagefind"  # <site>/pagefind/: the folder the browser loads pagefind.js from
PARTS = "delar.json"  # in BUNDLE: the folders of the other bundles, relative to BUNDLE
PAGES_PER_BUNDLE = 2000  # Pagefind then needs at most about 450 MB (0.2 MB a page)
# Pages with this attribute on an element are indexed, the others (404, map documents) never are.
_BODY = re.compile(rb"<[a-z]+\b[^<>]*\sdata-pagefind-body[\s=>]")
ERROR_LINES = 20  # of Pagefind's error output, in the message when it fails
# Inside the indexed part but not words of the page: heading anchors (¶), the edit button.
EXCLUDE = (".headerlink", ".md-content__button", ".md-source-file")
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)
_DECODED = b"pagefind_dcd"  # what each compressed file starts with, once decompressed
# The gzip header Pagefind writes (no name, no time, best compression, unknown system), spelled out
# so that the bytes depend neither on the clock nor on the Python version's gzip module.
_GZIP_HEADER = bytes([0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 2, 255])


class SearchIndexError(Exception):
    """Pagefind could not index the built site."""


def _searchable(site: Path) -> list[Path]:
    """The pages Pagefind indexes, as paths relative to site/, in a fixed order."""
    pages = (p for p in site.rglob("*.html") if p.relative_to(site).parts[0] != BUNDLE)
    return sorted(p.relative_to(site) for p in pages if _BODY.search(p.read_bytes()))


DEFAULT_LANGUAGE = "sv"  # the site's language; mkdocs.yml builds the others under their own folder
_HTML_LANG = re.compile(rb'<html lang="([^"]+)"')


def _language(page: Path) -> str:
    found = _HTML_LANG.search(page.read_bytes()[:500])
    return found.group(1).decode("ascii") if found else DEFAULT_LANGUAGE


def _parts(pages: list[Path]) -> list[list[Path]]:
    """Consecutive parts of nearly the same size, none larger than PAGES_PER_BUNDLE."""
    count = -(-len(pages) // PAGES_PER_BUNDLE)  # ceiling divisions: as few parts as the limit allows,
    size = -(-len(pages) // count)  # shared out evenly
    return [pages[i : i + size] for i in range(0, len(pages), size)]


def _stage(site: Path, pages: list[Path], folder: Path) -> None:
    """A tree of just these pages, at the same paths: Pagefind takes a page's address from its path.
    Hard links cost nothing; a copy is the fallback on a file system without them."""
    folder.mkdir(parents=True)
    for page in pages:
        target = folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, target)
        except OSError:
            shutil.copyfile(site / page, target)


def _command(source: Path, output: Path) -> list[str]:
    """Pagefind's command line: the bundle where it belongs, the words that are not the page's left out;
    --quiet, so that it says only warnings and errors, on stderr. Each page is indexed in the language of
    its <html lang> (sv, or en/fi/ar for the translated pages), and pagefind.js searches the index of the
    reader's page, so an English reader finds English pages first."""
    excluded = [f"--exclude-selectors={selector}" for selector in EXCLUDE]  # the option is repeated
    program = Path(get_executable()).resolve()  # the pinned package's binary, never one on PATH
    site, out = f"--site={source}", f"--output-path={output}"
    return [str(program), site, out, *excluded, "--quiet"]


def _index_part(source: Path, output: Path) -> int:
    """One Pagefind run over the staged pages into output; returns the number of pages indexed."""
    # The program also reads pagefind.{json,toml,yml,yaml} in its working folder and PAGEFIND_*
    # variables; the staging folder has no such file and the variables are left out, so only the
    # options given here apply.
    env = {name: value for name, value in os.environ.items() if not name.upper().startswith("PAGEFIND_")}
    run = subprocess.run(_command(source, output), cwd=source.parent, env=env, capture_output=True, check=False)
    if run.returncode != 0:
        raise SearchIndexError(f"Pagefind kunde inte bygga sökindexet (slutkod {run.returncode}):\n{_said(run)}")
    # The count Pagefind wrote itself, per language, rather than its log, which --quiet leaves out.
    entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(int(about["page_count"]) for about in entry["languages"].values())


def _said(run: subprocess.CompletedProcess[bytes]) -> str:
    """The last lines Pagefind wrote on stderr (on stdout if none), indented under the message."""
    said = run.stderr.decode("utf-8", "replace").strip() or run.stdout.decode("utf-8", "replace").strip()
    return "\n".join(f"  {line.rstrip()}" for line in said.splitlines()[-ERROR_LINES:]) or "  (inget felmeddelande)"


def _index(site: Path) -> int:
    pages = _searchable(site)
    if not pages:  # Pagefind would stop with an error of its own, in English
        raise SearchIndexError("Pagefind hittade inga sidor att indexera (saknas data-pagefind-body?)")
    # The few pages in other languages (en/, fi/, ar/) all go into the first bundle: every other bundle
    # then holds only Swedish pages, and assets/ods-search.js merges them only for a Swedish page. (Pagefind
    # searches a bundle without the page's language in the bundle's largest language instead.)
    foreign = [p for p in pages if _language(site / p) != DEFAULT_LANGUAGE]
    swedish = [p for p in pages if p not in set(foreign)]
    parts = _parts(swedish) if swedish else [[]]
    parts[0] = sorted(foreign + parts[0])
    folders = [site / BUNDLE] + [site / BUNDLE / f"del-{k}" for k in range(2, len(parts) + 1)]
    count = 0
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site.parent) as staging:
        for k, (part, output) in enumerate(zip(parts, folders, strict=True)):
            source = Path(staging) / str(k)
            _stage(site, part, source)
            count += _index_part(source, output)
            shutil.rmtree(source)
    for folder in folders:
        _sort_filters(folder)
    # The portal has its own search box (assets/ods-search.js): Pagefind's ready-made interfaces are
    # never loaded, so they are not published; the other bundles use the first one's program.
    for name in UNUSED:
        (site / BUNDLE / name).unlink(missing_ok=True)
    for folder in folders[1:]:
        for program in [*folder.glob("pagefind*.js"), *folder.glob("wasm.*"), *folder.glob("*.css")]:
            program.unlink()
    others = [f"{folder.name}/" for folder in folders[1:]]
    (site / BUNDLE / PARTS).write_text(json.dumps(others), encoding="utf-8")
    return count


def _sort_filters(bundle: Path) -> None:
    """Each filter's values sorted by value and the filters by name, as the next Pagefind writes
    them; every file is named again by its new content, and so is the metadata that names them."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        old_meta = bundle / f"pagefind.{about['hash']}.pf_meta"
        meta = _read_cbor(old_meta)  # [version, pages, index chunks, filters, sorts, meta fields]
        data = _cbor([*meta[:3], _rewrite_filters(bundle / "filter", language, meta[3]), *meta[4:]])
        about["hash"] = _short_name(language, data, len(language) + 8, set())
        old_meta.unlink()
        _write_compressed(bundle / f"pagefind.{about['hash']}.pf_meta", data)
    # One index per language, in Pagefind's own (hash map, so random) order: sorted, for the same bytes.
    entry["languages"] = dict(sorted(entry["languages"].items()))
    text = json.dumps(entry, ensure_ascii=False, separators=(",", ":"))  # as Pagefind writes it (serde_json)
    (bundle / "pagefind-entry.json").write_text(text, encoding="utf-8")


def _rewrite_filters(folder: Path, language: str, named: list[list[str]]) -> list[list[str]]:
    """The filter files [name, [[value, [page, ...]], ...]] with their values in order, under their new
    names; returns the metadata's list of [filter, file name], by filter. All are read before any is
    written, so a new name can never be an old file not yet read."""
    filters = {name: _read_cbor(folder / f"{short}.pf_filter") for name, short in named}
    for _, short in named:
        (folder / f"{short}.pf_filter").unlink()
    out: list[list[str]] = []
    for name in sorted(filters):
        data = _cbor([name, sorted(filters[name][1], key=lambda value: value[0])])
        short = _short_name(language, data, 7, {short for _, short in out})
        _write_compressed(folder / f"{short}.pf_filter", data)
        out.append([name, short])
    return out


def _short_name(language: str, data: bytes, length: int, taken: set[str]) -> str:
    """Pagefind's name for a file: the language and the start of the SHA-1 of its content, each byte
    in hex without a leading zero; longer while it is taken by another file."""
    full = "".join(f"{b:x}" for b in hashlib.sha1(data, usedforsecurity=False).digest())
    name = f"{language}_{full[:length]}"
    while name in taken and length < len(full):
        length += 1
        name = f"{language}_{full[:length]}"
    return name


def _read_cbor(path: Path) -> Any:
    """A compressed index file, decoded; refused if encoding it again would not give the same bytes,
    so that an index format this module does not know stops the build instead of being broken."""
    raw = zlib.decompress(path.read_bytes(), wbits=31)
    try:
        # loads() ignores bytes after the first item; the comparison below catches them.
        value = cbor2.loads(raw[len(_DECODED) :])
        same = raw.startswith(_DECODED) and _DECODED + _cbor(value) == raw
    except cbor2.CBORError:
        same = False
    if not same:
        raise SearchIndexError(f"Pagefind skrev {path.name} i ett format som generatorn inte känner igen")
    return value


def _cbor(value: Any) -> bytes:
    # Pagefind (minicbor) gives every item the shortest head; canonical CBOR does too, so the files
    # Pagefind wrote come back byte for byte (_read_cbor checks it) and new ones are what it would write.
    return cbor2.dumps(value, canonical=True)


def _write_compressed(path: Path, data: bytes) -> None:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: the header and trailer are ours
    body = packer.compress(_DECODED + data) + packer.flush()
    trailer = zlib.crc32(_DECODED + data).to_bytes(4, "little") + len(_DECODED + data).to_bytes(4, "little")
    path.write_bytes(_GZIP_HEADER + body + trailer)


def index_site(site: Path) -> int:
    """Index every page of the built site in site/ into site/pagefind/; return the number of pages."""
    try:
        return _index(site)
    except SearchIndexError:
        raise
    except Exception as err:  # noqa: BLE001 - the binary or the files it wrote: any failure stops the build
        raise SearchIndexError(f"Pagefind kunde inte bygga sökindexet ({type(err).__name__}: {err})") from None
