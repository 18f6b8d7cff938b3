"""Hand-written pages from content/: copied as they are, with the start page's figures filled in."""
from __future__ import annotations

from pathlib import Path

from ..catalog import Catalog
from . import OutputFile
from .pages import latest_figures

FIGURES_MARKER = "<!-- ods:senaste-siffror -->"


def render_content(content_dir: Path, catalog: Catalog) -> list[OutputFile]:
    out = []
    for path in sorted(p for p in content_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(content_dir).as_posix()
        data = path.read_bytes()
        if path.suffix == ".md" and FIGURES_MARKER.encode() in data:
            text = data.decode("utf-8").replace(FIGURES_MARKER, latest_figures(catalog, page_path=rel))
            data = text.encode("utf-8")
        out.append(OutputFile(rel, data))
    return out
