"""`python -m generator fmt`: one canonical form for the YAML files in data/, comments kept.

ruamel.yaml reads and writes the files round-trip, so comments, blank lines, block texts (|-),
dates, number formats and short lists like [a, b] stay as they are. What changes:

- two spaces per level, lists indented under their key (mapping=2, sequence=4, offset=2), the
  top-level list of a data file at column 0;
- the fields of every record, and of nested parts (years, geometry, collaboration, evidence,
  period, totals), in the order the model in models.py declares them; unknown fields last;
- quotes only where YAML needs them, and then double quotes;
- exactly one newline at the end.

A formatted file must mean exactly the same as before (checked with yaml.safe_load on both);
otherwise the file is left alone and the problem is reported as a bug.
"""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path
from typing import get_args

import yaml as pyyaml
from pydantic import BaseModel
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import YAMLError
from ruamel.yaml.tokens import CommentToken

from .kinds import DATA_FILES
from .models import models_in

_NESTED_SEQ = re.compile(r"^( *)-   (- .*)$")


class FormatError(Exception):
    """A file that cannot be formatted (not YAML, or the result would mean something else)."""


class _DoubleQuoteEmitter(Emitter):
    """Quote with "…" rather than '…' when a string needs quotes, like the rest of the data."""

    def choose_scalar_style(self):
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def round_trip() -> YAML:
    y = YAML()  # round-trip
    y.Emitter = _DoubleQuoteEmitter
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 100_000  # never fold long lines: one sentence stays on one line
    y.preserve_quotes = False
    y.allow_unicode = True
    return y


def model_for(relative: str) -> type[BaseModel] | None:
    """The record model for a path relative to data/: scenes.yaml -> Scene, examples/x.yaml -> Example."""
    for name, (model, shape) in DATA_FILES.items():
        if shape == "list" and relative == name:
            return model
        if shape == "one" and relative.startswith(name) and "/" not in relative[len(name) :]:
            return model
    return None


def format_text(text: str, model: type[BaseModel] | None = None) -> str:
    """The canonical form of one YAML text. Raises FormatError if it is not valid YAML."""
    y = round_trip()
    try:
        data = y.load(text)
    except YAMLError as err:
        raise FormatError(f"YAML-syntaxfel: {err}") from None
    if data is None:
        return text
    if model is not None:
        if isinstance(data, CommentedSeq):
            for item in data:
                _order(item, model)
        else:
            _order(data, model)
    out = io.StringIO()
    y.dump(data, out)
    result = out.getvalue()
    if isinstance(data, list):  # ruamel indents a top-level list too; data files start at column 0
        result = "".join(line[2:] if line.startswith("  ") else line for line in result.splitlines(True))
    result = _align_comments(_tidy_nested_sequences(result))
    result = result.rstrip("\n") + "\n"
    try:
        same = pyyaml.safe_load(result) == pyyaml.safe_load(text)
    except pyyaml.YAMLError as err:
        raise FormatError(f"formaterad text gick inte att läsa (programfel): {err}") from None
    if not same:
        raise FormatError("formateringen skulle ändra innehållet (programfel); filen lämnas orörd")
    return result


def _tidy_nested_sequences(text: str) -> str:
    """ruamel writes a list in a list as `-   - x`; write it `- - x` and the rest of it two columns left."""
    lines = text.splitlines(True)
    i = 0
    while i < len(lines):
        match = _NESTED_SEQ.match(lines[i])
        if not match:
            i += 1
            continue
        indent = len(match.group(1))
        lines[i] = f"{match.group(1)}- {match.group(2)}\n"
        j = i + 1
        while j < len(lines):
            line = lines[j]
            if line.strip() and len(line) - len(line.lstrip(" ")) <= indent + 2:
                break
            if line.startswith(" " * (indent + 4)):
                lines[j] = line[2:]
            j += 1
        # the same line may hold one more level (`- -   - x`): look at it again
    return "".join(lines)


_BLOCK_START = re.compile(r"^( *)(?:- +)*(?:[^#'\"\s][^#]*?: +|- +)?[|>][-+0-9]*( +#.*)?$")


def _align_comments(text: str) -> str:
    """Indent every comment line like the line it describes (the next line with a value)."""
    lines = text.splitlines(True)
    in_block = None  # indentation of the key that started a block text (|, >)
    kinds = []
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        if in_block is not None and (not line.strip() or indent > in_block):
            kinds.append("text")
            continue
        in_block = None
        stripped = line.strip()
        if stripped.startswith("#"):
            kinds.append("comment")
        elif not stripped:
            kinds.append("blank")
        else:
            kinds.append("value")
            if _BLOCK_START.match(line.rstrip("\n")):
                in_block = indent
    next_indent = 0
    for i in range(len(lines) - 1, -1, -1):
        if kinds[i] == "value":
            next_indent = len(lines[i]) - len(lines[i].lstrip(" "))
        elif kinds[i] == "comment":
            lines[i] = " " * next_indent + lines[i].lstrip(" ")
    return "".join(lines)


# --- field order -------------------------------------------------------------------------------


def _pick(models: list[type[BaseModel]], value) -> type[BaseModel] | None:
    """The model for a mapping value; for a union, the one whose `type` literal matches."""
    if len(models) <= 1:
        return models[0] if models else None
    kind = value.get("type") if isinstance(value, dict) else None
    for m in models:
        field = m.model_fields.get("type")
        if field is not None and kind in get_args(field.annotation):
            return m
    return models[0]


def _order(node, model: type[BaseModel]) -> None:
    """Put the keys of a record (and its nested parts) in the order the model declares them."""
    if not isinstance(node, CommentedMap):
        return
    for key, field in model.model_fields.items():
        if key not in node:
            continue
        models = models_in(field.annotation)
        if not models:
            continue
        value = node[key]
        if isinstance(value, CommentedSeq):
            for item in value:
                inner = _pick(models, item)
                if inner:
                    _order(item, inner)
        else:
            inner = _pick(models, value)
            if inner:
                _order(value, inner)
    wanted = [k for k in model.model_fields if k in node] + [k for k in node if k not in model.model_fields]
    current = list(node)
    if wanted == current:
        return
    trailing = _pop_trailing_comment(node) if wanted[-1] != current[-1] else None
    for key in wanted:
        node.move_to_end(key)
    if trailing is not None:
        _push_trailing_comment(node, trailing)


def _is_block(value) -> bool:
    return isinstance(value, (CommentedMap, CommentedSeq)) and len(value) > 0 and not value.fa.flow_style()


def _slot(node) -> tuple[dict, object, int]:
    """Where the comment after the last value of a block collection is kept."""
    if isinstance(node, CommentedMap):
        return node.ca.items, list(node)[-1], 2
    return node.ca.items, len(node) - 1, 0


def _pop_trailing_comment(node):
    """Take away the lines (comments, blank lines) after the last value of node; they belong after node."""
    last = node[list(node)[-1]] if isinstance(node, CommentedMap) else node[-1]
    if _is_block(last):
        return _pop_trailing_comment(last)
    items, key, index = _slot(node)
    entry = items.get(key)
    if not entry or entry[index] is None:
        return None
    token = entry[index]
    if token.value.startswith("\n"):  # no end-of-line comment: everything goes
        entry[index] = None
        return token
    first, rest = token.value.split("\n", 1)
    if not rest:  # only an end-of-line comment: it stays with its value
        return None
    token.value = first + "\n"
    return CommentToken("\n" + rest, token.start_mark, None)


def _push_trailing_comment(node, token) -> None:
    last = node[list(node)[-1]] if isinstance(node, CommentedMap) else node[-1]
    if _is_block(last):
        _push_trailing_comment(last, token)
        return
    items, key, index = _slot(node)
    entry = items.setdefault(key, [None, None, None, None])
    if entry[index] is None:
        entry[index] = token
    else:  # the new last value has an end-of-line comment: the moved lines follow it
        text = entry[index].value
        entry[index].value = (text if text.endswith("\n") else text + "\n") + token.value[1:]


# --- files -------------------------------------------------------------------------------------


def data_files(data_dir: Path) -> list[Path]:
    """Every YAML file under data/ that the generator reads."""
    files = []
    for name, (_, shape) in DATA_FILES.items():
        if shape == "list":
            if (data_dir / name).exists():
                files.append(data_dir / name)
        else:
            files += sorted((data_dir / name).glob("*.yaml"))
    return files


def expand(paths: list[Path], data_dir: Path) -> list[Path]:
    """Paths given on the command line: files as they are, folders as every *.yaml under them."""
    if not paths:
        return data_files(data_dir)
    out = []
    for p in paths:
        out += sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
    return out


def relative_path(path: Path, data_dir: Path) -> str:
    try:
        return path.resolve().relative_to(data_dir.resolve()).as_posix()
    except ValueError:  # a file outside data/: guess from its name and folder
        parent = path.resolve().parent.name
        return f"{parent}/{path.name}" if parent == "examples" else path.name


def format_file(path: Path, data_dir: Path) -> tuple[str, str]:
    """(before, after) for one file; after == before when it is already formatted."""
    before = path.read_text(encoding="utf-8")
    return before, format_text(before, model_for(relative_path(path, data_dir)))


def diff(before: str, after: str, shown: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(True), after.splitlines(True), fromfile=f"{shown} (nu)", tofile=f"{shown} (formaterad)"
        )
    )
