"""JSON Schema for each data file kind, for yaml-language-server in editors (hover help, checks)."""

from __future__ import annotations

import json
from pathlib import Path

from .kinds import DATA_FILES
from .validate import kind_of

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"


def schemas() -> dict[str, str]:
    """File name -> JSON text, deterministic."""
    out = {}
    for name, (model, shape) in DATA_FILES.items():
        schema = model.model_json_schema()
        if shape == "list":
            defs = schema.pop("$defs", {})
            schema = {"type": "array", "items": schema, "$defs": defs} if defs else {"type": "array", "items": schema}
        kind = kind_of(name)
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"ÖDS-portalen: {name}", **schema}
        out[f"{kind}.schema.json"] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
