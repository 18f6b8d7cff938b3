"""`python -m generator new <kind> <id>`: start a record from the annotated template in theme/records/.

A good example becomes a new file data/examples/<id>.yaml; every other kind is appended at the end
of its list file (data/scenes.yaml, ...). Nothing that exists is ever overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .kinds import COMMANDS
from .models import SLUG

TEMPLATES = Path(__file__).resolve().parent.parent / "theme" / "records"
PLACEHOLDER = "__ID__"


class NewRecordError(Exception):
    """The record cannot be created; the message says why, in Swedish."""


@dataclass(frozen=True)
class Created:
    path: Path
    line: int
    kind: str


def template(kind: str) -> str:
    return (TEMPLATES / f"{kind}.yaml").read_text(encoding="utf-8")


def check_id(kind: str, record_id: str) -> None:
    if COMMANDS[kind].key == "year":
        if not (record_id.isdigit() and 2000 <= int(record_id) <= 2100):
            raise NewRecordError(f'"{record_id}" är inget årtal; ange kartläggningens år, t.ex. 2025')
        return
    if not SLUG.match(record_id) or not 2 <= len(record_id) <= 80:
        raise NewRecordError(
            f'"{record_id}" är inget giltigt id; använd små bokstäver a–z, siffror och '
            "bindestreck (inga å, ä, ö, mellanslag eller versaler), t.ex. fridhemsplan-stadshagen"
        )


def _existing(path: Path, key: str) -> set[str]:
    """The ids (or years) already in a list file; read as text if the YAML is broken right now."""
    text = path.read_text(encoding="utf-8")
    try:
        value = yaml.safe_load(text)
        if isinstance(value, list):
            return {str(item.get(key)) for item in value if isinstance(item, dict)}
    except yaml.YAMLError:
        pass
    pattern = re.compile(rf"^-?\s*{key}:\s*[\"']?([^\"'#\s]+)", re.M)
    return set(pattern.findall(text))


def create(kind: str, record_id: str, data_dir: Path) -> Created:
    if kind not in COMMANDS:
        raise NewRecordError(f'okänd sorts post "{kind}"; välj en av: {", ".join(COMMANDS)}')
    check_id(kind, record_id)
    name, key = COMMANDS[kind].data_file, COMMANDS[kind].key
    text = template(kind).replace(PLACEHOLDER, record_id)
    if name.endswith("/"):
        path = data_dir / name / f"{record_id}.yaml"
        if path.exists():
            raise NewRecordError(f"{_shown(data_dir, path)} finns redan; välj ett annat id eller redigera filen")
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as f:  # "x": never overwrite, even in a race
            f.write(text)
        return Created(path, _first_value_line(text), kind)
    path = data_dir / name
    if path.exists():
        if record_id in _existing(path, key):
            what, other = ("året", "ett annat år") if key == "year" else ("id", "ett annat id")
            raise NewRecordError(
                f'{what} "{record_id}" finns redan i {_shown(data_dir, path)}; '
                f"välj {other} eller redigera den befintliga posten"
            )
        before = path.read_text(encoding="utf-8")
    else:
        before = ""
    addition = "" if not before or before.endswith("\n") else "\n"
    addition += ("\n" if before.strip() else "") + text
    start = (before + addition[: len(addition) - len(text)]).count("\n")
    with path.open("a", encoding="utf-8") as f:  # append only: what is there stays as it was
        f.write(addition)
    line = start + _record_line(text, key)
    return Created(path, line, kind)


def _record_line(text: str, key: str) -> int:
    """1-based line of `- id:` (or `- year:`) inside the template."""
    for i, line in enumerate(text.splitlines(), 1):
        if line.startswith(f"- {key}:"):
            return i
    return 1


def _first_value_line(text: str) -> int:
    for i, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            return i
    return 1


def _shown(data_dir: Path, path: Path) -> str:
    return str(Path(data_dir.name) / path.relative_to(data_dir))


def next_steps(created: Created, data_dir: Path) -> str:
    where = f"{_shown(data_dir, created.path)}:{created.line}"
    label = COMMANDS[created.kind].new_label
    return (
        f"{label} finns i {where}\n"
        f"Gör så här:\n"
        f"  1. Öppna {where} (i VS Code: Ctrl+P och skriv filnamnet, eller `code -g {where}`).\n"
        f"  2. Fyll i fälten. Kommentaren ovanför varje fält säger vad som ska stå där;\n"
        f'     tomma "" och [] måste fyllas i, valfria fält kan lämnas tomma.\n'
        f"  3. Kör `make validate` och rätta det som står i felraderna.\n"
        f"  4. Förhandsgranska med `make serve` och öppna http://127.0.0.1:8000/."
    )
