"""What the search index knows about each page, written into its front matter.

Every Markdown page in build/docs gets `ods_kind` (Plats, Kommun, Metod, ... shown with each result
and used as the filter "typ"), `ods_municipalities` (the filter "kommun") and `ods_terms`: the other
words of each group in data/synonyms.yaml that the page mentions, so a search for "SSR" also finds a
page that only says "Samverkan Stockholmsregionen". site_overrides/main.html turns them into
Pagefind's data attributes; generator/search.py runs Pagefind. A page without ods_kind (the search
page itself) is not indexed.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator

from .. import urls
from ..catalog import Catalog
from ..kinds import KINDS as RECORD_KINDS
from ..kinds import SEARCH_ORDER, in_order
from . import OutputFile
from .env import yaml_str
from .text import LABELS

# Generated pages: the kind in urls.PAGES -> what a result says it is (a record kind's in kinds.KINDS).
KINDS = {k.name: k.search_label for k in RECORD_KINDS.values() if k.section} | {
    "map": "Karta",
    "open_data": "Öppna data",
    "dataformat": "Om portalen",
    "statistics": "Statistik",
}

# Hand-written pages in content/: the first matching path prefix gives the kind; None: not indexed.
CONTENT_KINDS: list[tuple[str, str | None]] = [
    ("sok.md", None),
    ("metodstod/", "Metodstöd"),
    ("om/", "Om portalen"),
    ("ordlista.md", "Ordlista"),
    ("index.md", "Start"),
    ("index.", "Start"),  # the start page in another language: index.en.md, index.fi.md, index.ar.md
    ("", "Om portalen"),
]

# Pages that only lead on: their words count less, so a search for "öppna drogscener" finds the page
# that explains the term (/metodstod/definition/) before the start page that names it in its heading.
KIND_WEIGHTS = {"Start": "0.3"}

# The kinds of record that have pages, in the search's order.
_SEARCHED = in_order(
    SEARCH_ORDER, [k for k, kind in RECORD_KINDS.items() if kind.index_template and not kind.search_as]
)

# The order of the kinds in the search filter: the records first.
KIND_ORDER = [RECORD_KINDS[k].search_label for k in _SEARCHED] + [
    "Metodstöd",
    "Karta",
    "Statistik",
    "Ordlista",
    "Öppna data",
    "Om portalen",
    "Start",
]


def labels_file() -> OutputFile:
    """The words the browser scripts show, from the one table of each: the search's kinds in their
    order and its links to the index pages (assets/ods-search.js), the status and certainty of a
    year (the web editor's preview, theme/admin/ods-preview.js)."""
    labels = {
        "kinds": KIND_ORDER,
        "index_pages": [[urls.url(k).lstrip("/"), RECORD_KINDS[k].plural] for k in _SEARCHED],
        "status": LABELS["status"],
        "certainty": LABELS["certainty"],
    }
    return OutputFile.text(urls.LABELS_FILE, json.dumps(labels, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def kind_of_page(path: str) -> str | None:
    page = urls.page_for(path)
    if page:
        return KINDS[page.kind]
    return next(kind for prefix, kind in CONTENT_KINDS if path.startswith(prefix))


def municipalities_of_page(path: str, c: Catalog) -> list[str]:
    """Names of the municipalities a page is about, for the filter "kommun"."""
    parts = path.split("/")
    if len(parts) != 3 or not (page := urls.page_for(path)):
        return []
    rid = parts[1]
    if page.kind == "scenes":
        ids = [c.scenes[rid].municipality]
    elif page.kind == "municipalities":
        ids = [rid]
    elif page.kind == "examples":
        ids = [c.examples[rid].municipality]
    elif page.kind == "methods":
        ids = [c.scenes[s].municipality for s in c.linked("scenes_by_method", rid)]
        ids += [c.examples[x].municipality for x in c.linked("examples_by_method", rid)]
    else:
        return []
    return [c.municipalities[m].name for m in dict.fromkeys(ids)]


_WORD = re.compile(r"[^\W_]+")  # a word: letters and digits; "_" separates like any punctuation


@functools.lru_cache(maxsize=4096)
def _term_pattern(term: str) -> tuple[str, re.Pattern] | None:
    """A term's first word, and the term as its words with any punctuation or space between them;
    None for a term without a word, which no page mentions."""
    words = _WORD.findall(term.casefold())
    return (words[0], re.compile(r"[\W_]+".join(map(re.escape, words)))) if words else None


def mentions(folded: str, term: str) -> bool:
    """Whether the casefolded text has the term's words in a row, each a whole word.

    Most terms are on no given page: a substring test on their first word rules them out, so the
    page is not searched word by word for every term of every group."""
    if (known := _term_pattern(term)) is None or known[0] not in folded:
        return False
    pattern = known[1]
    at = 0
    while m := pattern.search(folded, at):
        start, end = m.span()
        if not (start and folded[start - 1].isalnum()) and not (end < len(folded) and folded[end].isalnum()):
            return True
        at = start + 1  # not finditer: a whole-word match may overlap one that is not ("xa a a", "a a")
    return False


def extra_terms(text: str, c: Catalog) -> list[str]:
    """The words of every synonym group the text mentions that the text does not have itself."""
    folded = text.casefold()
    found: list[str] = []
    for group in c.synonyms.values():
        present = [t for t in group.terms if mentions(folded, t)]
        if present:
            found += [t for t in group.terms if t not in present and t not in found]
    return found


def with_search_meta(files: Iterable[OutputFile], c: Catalog) -> Iterator[OutputFile]:
    """Every Markdown page with its kind, municipalities and extra search words in front matter."""
    for f in files:
        if not f.path.endswith(".md") or (kind := kind_of_page(f.path)) is None:
            yield f
            continue
        text = f.content.decode("utf-8")
        meta = {
            "ods_kind": kind,
            "ods_municipalities": municipalities_of_page(f.path, c),
            "ods_terms": " ".join(extra_terms(text, c)),
            "ods_weight": KIND_WEIGHTS.get(kind, ""),
        }
        lines = "".join(f"{k}: {yaml_str(v)}\n" for k, v in meta.items() if v)
        body = text[4:] if text.startswith("---\n") else "---\n" + text
        text = "---\n" + lines + body
        yield OutputFile.text(f.path, text)
    yield labels_file()
