"""Stage 2: documents -> records. Every pydantic error becomes a Swedish Problem at the right line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from pydantic import ValidationError

from .kinds import DATA_FILES, OPTIONAL_FILES, kind_of
from .load import Document, load_file
from .models import SLUG, Record, is_model, models_in
from .problems import Problem, did_you_mean

ANY_ID = "*"


@dataclass(frozen=True)
class Entry:
    """A valid record with where it came from, for cross-record errors and edit links."""

    kind: str  # "scenes", "examples", ...
    id: str
    record: Record
    doc: Document
    loc: tuple

    @property
    def line(self) -> int:
        return self.doc.where(self.loc)[0]

    def where(self, *fields) -> tuple[int, int]:
        return self.doc.where(self.loc + tuple(fields))

    def field(self, *fields) -> str:
        # Records in a list file are named after it (scenes[3].…); a one-record file needs no prefix.
        return _dotted((self.kind if self.loc else "",) + self.loc + tuple(fields))


def load_and_validate(
    data_dir: Path, marks: bool = True
) -> tuple[dict[str, list[Entry]], dict[str, set], list[Problem]]:
    """Read every data file under data_dir.

    Returns the valid entries per kind, the ids written in the files (valid or not, so that a
    reference to a record with an error of its own is not reported twice) and all problems."""
    entries: dict[str, list[Entry]] = {}
    written: dict[str, set] = {}
    problems: list[Problem] = []
    for name, (model, shape) in DATA_FILES.items():
        kind = kind_of(name)
        entries[kind], written[kind] = [], set()
        if shape == "list":
            path = data_dir / name
            if not path.exists():
                if name not in OPTIONAL_FILES:
                    problems.append(Problem(_shown(data_dir, path), 1, 1, "", "filen saknas"))
                continue
            doc, found = load_file(path, _shown(data_dir, path), kind, marks)
            problems += found
            if doc is None or not isinstance(doc.value, list):
                # Unreadable, or not a list of records: its ids are unknown, so references to them
                # from other files are not reported missing (the file's own error says it all).
                written[kind].add(ANY_ID)
            if doc is not None:
                written[kind] |= _ids_written(doc.value)
                got, found = _validate_list(doc, kind, model)
                entries[kind] += got
                problems += found
        else:
            for path in sorted((data_dir / name).glob("*.yaml")):
                doc, found = load_file(path, _shown(data_dir, path), marks=marks)
                problems += found
                written[kind].add(path.stem)
                if doc:
                    got, found = _validate_one(doc, kind, model, path.stem)
                    entries[kind] += got
                    problems += found
    return entries, written, problems


def _ids_written(value) -> set:
    if not isinstance(value, list):
        return set()
    return {str(r.get("id", r.get("year"))) for r in value if isinstance(r, dict)}


def _shown(data_dir: Path, path: Path) -> str:
    """Paths in messages as the editor sees them: data/scenes.yaml."""
    return str(Path(data_dir.name) / path.relative_to(data_dir))


def _validate_list(doc: Document, kind: str, model: type[Record]):
    if not isinstance(doc.value, list):
        line, col = doc.where(())
        return [], [Problem(doc.path, line, col, "", 'filen ska vara en lista av poster, var och en börjar med "- "')]
    entries, problems = [], []
    for i, raw in enumerate(doc.value):
        record, found = _validate_record(doc, (i,), raw, model, kind)
        problems += found
        if record is not None:
            entries.append(Entry(kind, str(getattr(record, "id", None) or record.year), record, doc, (i,)))
    return entries, problems


def _validate_one(doc: Document, kind: str, model: type[Record], stem: str):
    problems = []
    if not SLUG.match(stem):
        problems.append(
            Problem(
                doc.path,
                1,
                1,
                "",
                f'filnamnet "{stem}" är inget giltigt id; använd små bokstäver a–z, siffror och bindestreck',
            )
        )
    record, found = _validate_record(doc, (), doc.value, model, "")
    problems += found
    if record is None or problems:
        return [], problems
    return [Entry(kind, stem, record, doc, ())], []


def _validate_record(doc: Document, base: tuple, raw, model: type[Record], label: str):
    if doc.is_refused(base):  # an alias in place of the record: reported by load_file
        return None, []
    if not isinstance(raw, dict):
        line, col = doc.where(base)
        return None, [
            Problem(doc.path, line, col, _dotted((label,) + base), "posten ska vara en mappning med fält (namn: värde)")
        ]
    try:
        return model.model_validate(raw), []
    except ValidationError as err:
        # A value that was an alias reads as nothing; that it is not text (or a list ...) is no news.
        errors = [e for e in err.errors() if not doc.is_refused(base + _clean_loc(raw, e["loc"]))]
        return None, [_problem(doc, base, raw, model, label, e) for e in errors]


def _problem(doc: Document, base: tuple, raw, model, label: str, error) -> Problem:
    loc = _clean_loc(raw, error["loc"])
    kind = error["type"]
    is_key = kind == "extra_forbidden"
    if kind == "missing":
        line, col = doc.where(base + loc[:-1])
    else:
        line, col = doc.where(base + loc, key=is_key)
    message = _message(kind, error, model, loc)
    return Problem(doc.path, line, col, _dotted((label,) + base + loc), message)


def _clean_loc(raw, loc) -> tuple:
    """Drop the parts pydantic adds that are not in the document (union tags such as 'Point')."""
    out, here = [], raw
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if (
            isinstance(here, dict)
            and part in here
            or isinstance(here, list)
            and isinstance(part, int)
            and part < len(here)
        ):
            here = here[part]
        elif not (last or isinstance(part, str) and part[:1].isupper()):
            here = None
        elif not last:
            continue
        out.append(part)
    return tuple(out)


def _dotted(loc) -> str:
    out = ""
    for part in loc:
        if part in ("", None):
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_TYPES = {
    "string_type": "ska vara text",
    "int_type": "ska vara ett heltal, t.ex. 2023",
    "int_parsing": "ska vara ett heltal, t.ex. 2023",
    "int_from_float": "ska vara ett heltal utan decimaler",
    "float_type": "ska vara ett tal, t.ex. 18.05",
    "float_parsing": "ska vara ett tal, t.ex. 18.05",
    "bool_type": "ska vara true eller false",
    "bool_parsing": "ska vara true eller false",
    "list_type": 'ska vara en lista (rader som börjar med "- ")',
    "dict_type": "ska vara en mappning med fält (namn: värde)",
    "model_type": "ska vara en mappning med fält (namn: värde)",
    "model_attributes_type": "ska vara en mappning med fält (namn: värde)",
    "date_type": "ogiltigt datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-02-20",
    "date_parsing": "ogiltigt datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-02-20",
    "date_from_datetime_parsing": "ogiltigt datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2024-02-20",
    "date_from_datetime_inexact": "ange bara datum, utan klockslag (ÅÅÅÅ-MM-DD)",
    "missing": "fältet saknas men är obligatoriskt",
}


def _message(kind: str, error, model, loc: tuple) -> str:
    ctx = error.get("ctx", {})
    given = error.get("input")
    if kind == "missing":
        allowed = _allowed_values(model, loc)
        return _TYPES[kind] + (f"; skriv ett av: {', '.join(allowed)}" if allowed else "")
    if kind in _TYPES:
        return _TYPES[kind] + f', fick "{_short(given)}"'
    if kind == "extra_forbidden":
        known = _fields_at(model, loc[:-1])
        hint = did_you_mean(loc[-1], known) if known else ""
        return f'okänt fält "{loc[-1]}"{hint}; tillåtna fält: {", ".join(known)}'
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f'ogiltigt värde "{_short(given)}"{did_you_mean(str(given), allowed)}; tillåtna värden: {", ".join(allowed)}'
    if kind.startswith("ods_"):  # our own checks carry their Swedish message (models.py)
        return error["msg"]
    if kind in ("string_too_short", "string_too_long", "too_short", "too_long"):
        return _length_message(kind, ctx.get("min_length", ctx.get("max_length")), given)
    if kind in ("greater_than_equal", "greater_than"):
        return f'"{_short(given)}" är för litet; minsta tillåtna värde är {ctx.get("ge", ctx.get("gt"))}'
    if kind in ("less_than_equal", "less_than"):
        return f'"{_short(given)}" är för stort; största tillåtna värde är {ctx.get("le", ctx.get("lt"))}'
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return 'type ska vara "Point" eller "Polygon"'
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    return error["msg"]


def _length_message(kind: str, n, given) -> str:
    """Too short or too long: a text in characters, a list in points."""
    short = kind.endswith("too_short")
    if kind == "string_too_short" and n == 1:
        return "texten är tom; fyll i en text"
    if kind.startswith("string_") or isinstance(given, str):
        return f"texten är för {'kort' if short else 'lång'}; {'minst' if short else 'högst'} {n} tecken"
    if short:
        return f"minst {n} {'punkt' if n == 1 else 'punkter'} krävs"
    return f"högst {n} punkter är tillåtna"


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _fields_at(model, loc: tuple) -> list[str]:
    """Field names of the model that stands at loc inside model, for did-you-mean hints."""
    current = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if is_model(current) else None
        if field is None:
            return []
        current = _inner_model(field.annotation)
        if current is None:
            return []
    return list(current.model_fields) if is_model(current) else []


def _allowed_values(model, loc: tuple) -> list[str]:
    """The allowed values of a missing field that is a choice (Literal), to say what to write."""
    parent = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = parent.model_fields.get(part) if is_model(parent) else None
        parent = _inner_model(field.annotation) if field else None
    field = parent.model_fields.get(loc[-1]) if is_model(parent) and loc else None
    args = get_args(field.annotation) if field else ()
    return [str(a) for a in args] if args and all(isinstance(a, str) for a in args) else []


def _inner_model(tp):
    """The first model inside a field's type (for a union of geometries: their shared fields)."""
    found = models_in(tp)
    return found[0] if found else None
