"""Hand-written pages from content/, as read by the pipeline: copied as they are, with the start
page's figures filled in where a `<!-- ods:senaste-siffror -->` marker stands."""
from __future__ import annotations

import re

from ..problems import SetupError
from . import OutputFile
from .env import Renderer
from .pages import latest_figures

FIGURES_MARKER = "<!-- ods:senaste-siffror -->"
_MARKER = re.compile(r"<!--\s*ods:([^\s>]*)\s*-->")
MARKERS = {"senaste-siffror"}


def render_content(files: dict[str, bytes], r: Renderer) -> list[OutputFile]:
    """files: path relative to content/ -> bytes."""
    out = []
    for rel, data in sorted(files.items()):
        if rel.endswith(".md"):
            text = data.decode("utf-8")
            _check_markers(rel, text)
            if FIGURES_MARKER in text:
                data = text.replace(FIGURES_MARKER, latest_figures(r, rel)).encode("utf-8")
        out.append(OutputFile(rel, data))
    return out


def _check_markers(rel: str, text: str) -> None:
    for match in _MARKER.finditer(text):
        if match.group(1) not in MARKERS:
            line = text.count("\n", 0, match.start()) + 1
            raise SetupError(f'content/{rel}:{line}: okänd markör "{match.group(0)}"; '
                             f"kända markörer: {', '.join(f'<!-- ods:{m} -->' for m in sorted(MARKERS))}")
