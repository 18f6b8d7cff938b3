"""Hand-written pages from content/, as read by the pipeline: copied as they are, with the start
page's figures filled in where a `<!-- ods:senaste-siffror -->` marker stands, the link to the PDF of
the method support where `<!-- ods:metodstod-pdf -->` stands (once the PDF is made, see link_pdf), and their "Redigera"
link (ods_edit) in front matter like the generated pages (so no template needs page.file)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .. import urls
from ..problems import SetupError
from . import OutputFile
from .book import PDF_MARKER, pdf_link_text
from .env import Renderer, yaml_str
from .pages import latest_figures
from .text import date_sv

FIGURES_MARKER = "<!-- ods:senaste-siffror -->"
_MARKER = re.compile(r"<!--\s*ods:([^\s>]*)\s*-->")
MARKERS = {"senaste-siffror", "metodstod-pdf"}


def render_content(files: dict[str, bytes], r: Renderer) -> Iterator[OutputFile]:
    """files: path relative to content/ -> bytes."""
    for rel, data in sorted(files.items()):
        if rel.endswith(".md"):
            text = data.decode("utf-8")
            if FIGURES_MARKER in text:
                text = text.replace(FIGURES_MARKER, latest_figures(r, rel))
            text = with_edit_link(text, f"{r.settings.edit_base}content/{rel}", date_sv(r.catalog.newest_date))
            data = text.encode("utf-8")
        yield OutputFile(rel, data)


def link_pdf(files: Iterable[OutputFile], pdf: OutputFile) -> Iterator[OutputFile]:
    """After the PDF stage: each `<!-- ods:metodstod-pdf -->` becomes a link to the PDF with its real size."""
    marker = PDF_MARKER.encode("utf-8")
    for f in files:
        if f.path.endswith(".md") and marker in f.content:
            link = f"[{pdf_link_text(len(pdf.content))}]({urls.relative(f.path, pdf.path)})"
            f = OutputFile(f.path, f.content.replace(marker, link.encode("utf-8")))
        yield f


def with_edit_link(text: str, edit_url: str, data_date: str = "") -> str:
    """Add ods_edit (and the data's date, for printouts) to the page's front matter (a new block if it
    has none); an ods_edit already there wins."""
    line = f"ods_edit: {yaml_str(edit_url)}\n" + (f"ods_data_date: {yaml_str(data_date)}\n" if data_date else "")
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
        if match.group(1) not in MARKERS:
            line = text.count("\n", 0, match.start()) + 1
            raise SetupError(
                f'content/{rel}:{line}: okänd markör "{match.group(0)}"; '
                f"kända markörer: {', '.join(f'<!-- ods:{m} -->' for m in sorted(MARKERS))}"
            )
