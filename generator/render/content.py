"""Hand-written pages from content/, as read by the pipeline: copied as they are, with the start
page's figures filled in where a `<!-- ods:senaste-siffror -->` marker stands, the link to the PDF of
the method support where `<!-- ods:metodstod-pdf -->` stands (once the PDF is made, see link_pdf), and their "Redigera"
link (ods_edit) in front matter like the generated pages (so no template needs page.file)."""
from __future__ import annotations

import re

from .. import urls
from ..problems import SetupError
from . import OutputFile
from .book import PDF_MARKER, pdf_link_text
from .env import Renderer, yaml_str
from .pages import latest_figures

FIGURES_MARKER = "<!-- ods:senaste-siffror -->"
_MARKER = re.compile(r"<!--\s*ods:([^\s>]*)\s*-->")
MARKERS = {"senaste-siffror", "metodstod-pdf"}


def render_content(files: dict[str, bytes], r: Renderer) -> list[OutputFile]:
    """files: path relative to content/ -> bytes."""
    out = []
    for rel, data in sorted(files.items()):
        if rel.endswith(".md"):
            text = data.decode("utf-8")
            _check_markers(rel, text)
            if FIGURES_MARKER in text:
                text = text.replace(FIGURES_MARKER, latest_figures(r, rel))
            data = with_edit_link(text, f"{r.settings.edit_base}content/{rel}").encode("utf-8")
        out.append(OutputFile(rel, data))
    return out


def link_pdf(files: list[OutputFile], pdf: OutputFile) -> list[OutputFile]:
    """After the PDF stage: each `<!-- ods:metodstod-pdf -->` becomes a link to the PDF with its real size."""
    marker = PDF_MARKER.encode("utf-8")
    out = []
    for f in files:
        if f.path.endswith(".md") and marker in f.content:
            link = f"[{pdf_link_text(len(pdf.content))}]({urls.relative(f.path, pdf.path)})"
            f = OutputFile(f.path, f.content.replace(marker, link.encode("utf-8")))
        out.append(f)
    return out


def with_edit_link(text: str, edit_url: str) -> str:
    """Add ods_edit to the page's front matter (a new block if it has none); one already there wins."""
    line = f"ods_edit: {yaml_str(edit_url)}\n"
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        if end != -1 and any(x.startswith("ods_edit:") for x in text[4:end].splitlines()):
            return text
        return "---\n" + line + text[4:]
    return "---\n" + line + "---\n" + text


def _check_markers(rel: str, text: str) -> None:
    for match in _MARKER.finditer(text):
        if match.group(1) not in MARKERS:
            line = text.count("\n", 0, match.start()) + 1
            raise SetupError(f'content/{rel}:{line}: okänd markör "{match.group(0)}"; '
                             f"kända markörer: {', '.join(f'<!-- ods:{m} -->' for m in sorted(MARKERS))}")
