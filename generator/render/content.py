"""Hand-written pages from content/: copied as they are, with the start page's figures filled in
and their "Redigera" link (ods_edit) in front matter, like the generated pages."""
from __future__ import annotations

from pathlib import Path

from ..catalog import Catalog
from ..config import Settings, load_settings
from . import OutputFile
from .pages import latest_figures, yaml_str

FIGURES_MARKER = "<!-- ods:senaste-siffror -->"


def with_edit_link(text: str, edit_url: str) -> str:
    """Add ods_edit to the page's front matter (a new block if it has none); one already there wins."""
    line = f"ods_edit: {yaml_str(edit_url)}\n"
    if text.startswith("---\n"):
        end = text.find("\n---", 3)
        if end != -1 and any(l.startswith("ods_edit:") for l in text[4:end].splitlines()):
            return text
        return "---\n" + line + text[4:]
    return "---\n" + line + "---\n" + text


def render_content(content_dir: Path, catalog: Catalog, settings: Settings | None = None) -> list[OutputFile]:
    edit_base = (settings or load_settings()).edit_base + "content/"
    out = []
    for path in sorted(p for p in content_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(content_dir).as_posix()
        data = path.read_bytes()
        if path.suffix == ".md":
            text = data.decode("utf-8")
            if FIGURES_MARKER in text:
                text = text.replace(FIGURES_MARKER, latest_figures(catalog, page_path=rel))
            data = with_edit_link(text, edit_base + rel).encode("utf-8")
        out.append(OutputFile(rel, data))
    return out
