"""Hand-written pages from content/, as read by the pipeline: copied as they are, with the start
page's figures filled in where a `<!-- ods:senaste-siffror -->` marker stands, the link to the PDF of
the method support where `<!-- ods:metodstod-pdf -->` stands (once the PDF is made, see link_pdf), the
municipalities' contacts and the publisher where `<!-- ods:kommunkontakter -->` and `<!-- ods:utgivare -->`
stand, the date of the last accessibility review where `<!-- ods:granskad -->` stands, the mapping rounds
and the table of official figures where `<!-- ods:kartlaggningsar -->` and `<!-- ods:officiella-siffror -->`
stand, a round's name from mappings.yaml where `<!-- ods:omgang-2024 -->` stands (facts.py, shared with
the PDF), the method support's chapters, named as in the menu, where
`<!-- ods:kapitel -->` stands (with_chapter_list, before the PDF is made from the same text), and their "Redigera" link (ods_edit) in front matter like the
generated pages (so no template needs page.file)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import yaml

from .. import urls
from ..config import Paths
from ..problems import SetupError
from ..translations import for_translation
from . import OutputFile
from .book import PDF_MARKER, Book, pdf_link_text
from .env import Renderer, yaml_str
from .facts import MARKERS as FACT_MARKERS
from .facts import ROUND_NAME_EXAMPLE, fill_facts, is_round_name_marker
from .pages import latest_figures
from .text import date_sv, figures_sv

FIGURES_MARKER = "<!-- ods:senaste-siffror -->"
_MARKER = re.compile(r"<!--\s*ods:([^\s>]*)\s*-->")
# Markers in content/ that a partial fills in: marker -> template in theme/partials/.
PARTIALS = {
    "kommunkontakter": "contacts.md.j2",
    "utgivare": "publisher.md.j2",
    "status-exempel": "status_example.md.j2",  # one place's status sentence, for lattlast/
}
CHAPTERS_MARKER = "<!-- ods:kapitel -->"
MARKERS = {"senaste-siffror", "metodstod-pdf", "granskad", "kapitel", *PARTIALS, *FACT_MARKERS}
_DESCRIPTION = re.compile(r'^description:\s*"(.*)"\s*$', re.M)


def render_content(files: dict[str, bytes], r: Renderer) -> Iterator[OutputFile]:
    """files: path relative to content/ -> bytes."""
    for rel, data in sorted(files.items()):
        if rel.endswith(".md"):
            text = data.decode("utf-8")
            if FIGURES_MARKER in text:
                text = text.replace(FIGURES_MARKER, latest_figures(r, rel))
            text = text.replace("<!-- ods:granskad -->", date_sv(r.settings.reviewed))
            text = fill_facts(text, r.catalog, rel)
            for name, template in PARTIALS.items():
                if f"<!-- ods:{name} -->" in text:
                    text = text.replace(f"<!-- ods:{name} -->", r.partial(f"partials/{template}", rel))
            text = for_translation(rel, text, set(files))
            text = with_edit_link(text, f"{r.settings.edit_base}content/{rel}", _dates(r))
            data = text.encode("utf-8")
        yield OutputFile(rel, data)


def read_book(paths: Paths, content: dict[str, bytes]) -> Book:
    """What the PDF is made of: the method-support chapters in the order of the menu in mkdocs.yml,
    the glossary, the site's address and the print style sheet. The only reading of mkdocs.yml."""
    config = yaml.safe_load(paths.mkdocs_yml.read_text(encoding="utf-8"))
    nav = method_support_nav(config)
    content = with_chapter_list(content, nav)
    chapters = [entry for entry in _nav_files(config.get("nav", [])) if entry.startswith("metodstod/")]
    missing = [c for c in chapters + ["ordlista.md"] if c not in content]
    if not chapters or missing:
        raise SetupError(
            f"{paths.mkdocs_yml.name}: PDF:en med metodstödet behöver sidorna under Metodstöd i menyn "
            f"(nav) och ordlistan; saknas i content/: {', '.join(missing) or 'alla kapitel'}"
        )
    site_url = str(config.get("site_url") or "")
    if not site_url.startswith(("https://", "http://")):
        raise SetupError(f"{paths.mkdocs_yml.name}: site_url saknas; PDF:en länkar tillbaka till webbplatsen med den")
    return Book(
        chapters=tuple((c, content[c].decode("utf-8")) for c in chapters),
        titles=dict((path, title) for title, path in nav),
        glossary=content["ordlista.md"].decode("utf-8"),
        site_url=site_url.rstrip("/") + "/",
        css=(paths.theme / "pdf" / "metodstod.css").read_text(encoding="utf-8"),
    )


def method_support_nav(config: dict) -> tuple[tuple[str, str], ...]:
    """(name in the menu, path) of each chapter of the method support, in menu order: the titled entries
    of the menu section that holds metodstod/index.md. The menu is where a chapter's name is set; the
    chapter list on metodstod/index.md and the contents of the PDF take it from here."""
    for section in _nav_lists(config.get("nav", [])):
        if "metodstod/index.md" in section:
            return tuple(
                (str(title), path)
                for item in section
                if isinstance(item, dict)
                for title, path in item.items()
                if isinstance(path, str)
            )
    return ()


def _nav_lists(node) -> Iterator[list]:
    if isinstance(node, list):
        yield node
    items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for item in items:
        yield from _nav_lists(item)


def _nav_files(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return [path for item in items for path in _nav_files(item)]


def with_chapter_list(files: dict[str, bytes], nav: tuple[tuple[str, str], ...]) -> dict[str, bytes]:
    """Each `<!-- ods:kapitel -->` becomes the numbered list of the method support's chapters, named as
    in the menu (mkdocs.yml nav), so the menu, this list and the PDF's contents cannot drift apart.
    Each name is followed by the chapter's own description (front matter), without its common prefix."""
    marker = CHAPTERS_MARKER.encode("utf-8")
    out = dict(files)
    for rel, data in files.items():
        if rel.endswith(".md") and marker in data:
            out[rel] = data.replace(marker, _chapter_list(rel, nav, files).encode("utf-8"))
    return out


def _chapter_list(rel: str, nav: tuple[tuple[str, str], ...], files: dict[str, bytes]) -> str:
    lines = []
    for number, (title, path) in enumerate(((t, p) for t, p in nav if p != rel), start=1):
        found = _DESCRIPTION.search(files.get(path, b"").decode("utf-8").split("\n---", 1)[0])
        about = found.group(1).removeprefix("Metodstödet: ").rstrip(".") if found else ""
        lines.append(f"{number}. [{title}]({urls.relative(rel, path)})" + (f" – {about}." if about else ""))
    return "\n".join(lines)


def link_pdf(files: Iterable[OutputFile], pdf: OutputFile) -> Iterator[OutputFile]:
    """After the PDF stage: each `<!-- ods:metodstod-pdf -->` becomes a link to the PDF with its real size."""
    marker = PDF_MARKER.encode("utf-8")
    for f in files:
        if f.path.endswith(".md") and marker in f.content:
            link = f"[{pdf_link_text(len(pdf.content))}]({urls.relative(f.path, pdf.path)})"
            f = OutputFile(f.path, f.content.replace(marker, link.encode("utf-8")))
        yield f


def _dates(r: Renderer) -> dict[str, str]:
    """What a hand-written page says about how new the data is: the portal's newest source and figures."""
    c = r.catalog
    dates = {"ods_data_date": date_sv(c.newest_source_date)}
    counted = c.latest_counted_mapping
    if counted and counted.published:
        dates["ods_figures"] = figures_sv(counted)
    return dates


def with_edit_link(text: str, edit_url: str, meta: dict[str, str] | None = None) -> str:
    """Add ods_edit (and the data's dates, shown at the foot of the page) to the page's front matter
    (a new block if it has none); an ods_edit already there wins."""
    line = f"ods_edit: {yaml_str(edit_url)}\n" + "".join(f"{k}: {yaml_str(v)}\n" for k, v in (meta or {}).items() if v)
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        if end != -1 and any(x.startswith("ods_edit:") for x in text[4:end].splitlines()):
            return text
        return "---\n" + line + text[4:]
    return "---\n" + line + "---\n" + text


def check_markers(files: dict[str, bytes]) -> None:
    """Before anything is written: every `<!-- ods:… -->` marker in content/ is one we know."""
    for rel, data in sorted(files.items()):
        if rel.endswith(".md"):
            _check_markers(rel, data.decode("utf-8"))


def _check_markers(rel: str, text: str) -> None:
    for match in _MARKER.finditer(text):
        if match.group(1) not in MARKERS and not is_round_name_marker(match.group(1)):
            line = text.count("\n", 0, match.start()) + 1
            known = sorted(MARKERS | {ROUND_NAME_EXAMPLE})
            raise SetupError(
                f'content/{rel}:{line}: okänd markör "{match.group(0)}"; '
                f"kända markörer: {', '.join(f'<!-- ods:{m} -->' for m in known)}"
            )
