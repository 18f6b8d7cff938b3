"""The generated page om/dataformat/: every field of every model, in plain Swedish."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import yaml
from pydantic import BaseModel

from generator import kinds, models
from generator.config import load_settings
from generator.render import dataformat
from generator.render.dataformat import page_text, render_dataformat, rows, type_sv

ROOT = Path(__file__).resolve().parent.parent


def _models_in(tp) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    return [m for a in get_args(tp) for m in _models_in(a)]


def _all_fields(model, prefix=""):
    """Independent of the renderer: every (dotted name, field) reachable from a data file's model."""
    for name, field in model.model_fields.items():
        yield prefix + name, field
        is_list = "list[" in str(field.annotation) and _models_in(field.annotation) and name != "coordinates"
        for sub in _models_in(field.annotation):
            yield from _all_fields(sub, f"{prefix}{name}{'[]' if is_list else ''}.")


def _table_rows(text: str, section: str) -> dict[str, list[str]]:
    part = text.split(f"## {section}\n", 1)[1].split("\n## ", 1)[0]
    out = {}
    for line in part.splitlines():
        m = re.match(r"^\| `([^`]+)` \| (.*) \|$", line)
        if m:
            cells = m.group(2).split(" | ")
            out.setdefault(m.group(1).split(" (")[0], []).append(cells)
    return out


def test_every_field_of_every_data_file_is_on_the_page():
    text = page_text(load_settings())
    for name, (model, shape) in kinds.DATA_FILES.items():
        section = f"data/{name}*.yaml" if shape == "one" else f"data/{name}"
        table = _table_rows(text, section)
        for dotted, field in _all_fields(model):
            assert dotted in table, f"{section}: {dotted} saknas på sidan"
            for cells in table[dotted]:
                assert len(cells) == 3
                kind, required, description = cells
                assert required.startswith("ja" if field.is_required() else "nej")
                assert description  # the model's Swedish description


def test_nested_names_and_plain_swedish_types():
    table = _table_rows(page_text(load_settings()), "data/scenes.yaml")
    assert table["years[].status"][0][0] == "ett av: listed, removed"
    assert table["years"][0][0].startswith("lista med poster")
    assert table["sources"][0][0] == "lista med id"
    assert table["municipality"][0][0] == "id"
    assert table["name"][0][0] == "text"
    assert table["years[].year"][0][0] == "heltal"
    assert table["years[].removed_date"][0][0].startswith("datum")
    assert table["years[].geometry.precision"][0][0] == "ett av: source, landmark, district"
    assert table["years[].certainty"][0][1] == "ja"
    assert "Vad slutsatsen bygger på" in table["years[].inferred_from"][0][2]
    assert table["collaboration.actors"][0][1] == "ja, om collaboration anges"
    assert "collaboration.since" in table and "evidence.level" in _table_rows(
        page_text(load_settings()), "data/methods.yaml"
    )
    assert "period.start" in _table_rows(page_text(load_settings()), "data/examples/*.yaml")
    assert "totals.scenes" in _table_rows(page_text(load_settings()), "data/mappings.yaml")
    assert type_sv(list[models.TimeOfDay]) == "lista, varje punkt ett av: morgon, dag, kväll, natt"


def test_cells_are_escaped(monkeypatch):
    class Odd(models.Record):
        weird: str = models.Field(description="a | b <script> [x](y)")

    monkeypatch.setattr(kinds, "DATA_FILES", {"odd.yaml": (Odd, "list")})
    text = page_text(load_settings())
    line = next(l for l in text.splitlines() if l.startswith("| `weird`"))
    assert line.count(" | ") == 3 and "<script>" not in line and "](" not in line


def test_page_front_matter_and_output_file():
    [out] = render_dataformat(load_settings())
    assert out.path == "om/dataformat/index.md"
    front = yaml.safe_load(out.content.decode("utf-8").split("---\n")[1])
    assert front["title"] == "Dataformat"
    assert front["ods_edit"].endswith("generator/models.py")
    assert len(rows(models.Scene)) > len(models.Scene.model_fields)
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "Dataformat: om/dataformat/index.md" in nav
    assert nav.index("Källor: om/kallor/index.md") < nav.index("Dataformat: om/dataformat/index.md")
    assert out.path == dataformat.PAGE
