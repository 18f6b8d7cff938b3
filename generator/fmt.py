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
from ruamel.yaml.scalarstring import LiteralScalarString
from ruamel.yaml.tokens import CommentToken

from .kinds import DATA_FILES
from .models import SLUG, models_in

_NESTED_SEQ = re.compile(r"^( *)-   (- .*)$")


class FormatError(Exception):
    """A file that cannot be formatted (not YAML, or the result would mean something else)."""


class _DoubleQuoteEmitter(Emitter):
    """Quote with "…" rather than '…' when a string needs quotes, like the rest of the data."""

    def choose_scalar_style(self):
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


def _yaml() -> YAML:
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
    y = _yaml()
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


def _relative(path: Path, data_dir: Path) -> str:
    try:
        return path.resolve().relative_to(data_dir.resolve()).as_posix()
    except ValueError:  # a file outside data/: guess from its name and folder
        parent = path.resolve().parent.name
        return f"{parent}/{path.name}" if parent == "examples" else path.name


def format_file(path: Path, data_dir: Path) -> tuple[str, str]:
    """(before, after) for one file; after == before when it is already formatted."""
    before = path.read_text(encoding="utf-8")
    return before, format_text(before, model_for(_relative(path, data_dir)))


def diff(before: str, after: str, shown: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(True), after.splitlines(True), fromfile=f"{shown} (nu)", tofile=f"{shown} (formaterad)"
        )
    )


# --- comments and short lists a web editor dropped ---------------------------------------------

_RECORD_START = re.compile(r"^- (?:id|year): *(.+?) *$")


def _comment_blocks(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """The comment lines at the top of a file (up to its last blank line before the first value), and
    the comment lines (with blank lines around them) just above each top-level record, by its id."""
    lines = text.splitlines(True)
    head = 0
    while head < len(lines) and (lines[head].startswith("#") or not lines[head].strip()):
        head += 1
    header_end = max((i + 1 for i in range(head) if not lines[i].strip()), default=0)
    if head < len(lines) and not lines[head].startswith("- "):  # one record per file: all of it is the header
        header_end = head
    above: dict[str, list[str]] = {}
    pending: list[str] = []
    for line in lines[header_end:]:
        match = _RECORD_START.match(line.rstrip("\n"))
        if match and any(p.startswith("#") for p in pending):
            above[match.group(1)] = pending
        pending = pending + [line] if line.startswith("#") or not line.strip() else []
    return lines[:header_end], above


def restore_comments(text: str, previous: str) -> str:
    """Put back the comments of `previous` that `text` lost: the file's header and the lines above a
    top-level record with the same id (section headings). Sveltia CMS, like every YAML writer in a
    browser, writes a file from its data alone."""
    header, above = _comment_blocks(previous)
    out = [] if text.startswith("#") else list(header)
    lines = text.splitlines(True)
    for i, line in enumerate(lines):
        match = _RECORD_START.match(line.rstrip("\n"))
        if match and match.group(1) in above and not (i and lines[i - 1].startswith("#")):
            block = above[match.group(1)]
            out += block[1:] if out and not out[-1].strip() and not block[0].strip() else block
        out.append(line)
    return "".join(out)


def _is_short(value) -> bool:
    """A value that the data writes inside [a, b]: a number, an id or a word or two."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return False
    if not isinstance(value, str) or SLUG.match(value):
        return True
    return len(value) <= 40 and not re.search(r"[.,:#\[\]{}\n]", value)


def _tidy(node) -> None:
    """Lists of ids, numbers and short words on one line ([a, b]) and texts of several lines as
    block texts (|-), as in the rest of the data."""
    items = node.items() if isinstance(node, CommentedMap) else enumerate(node) if isinstance(node, list) else []
    for key, value in list(items):
        if isinstance(value, str) and "\n" in value.strip():
            node[key] = LiteralScalarString(value)
        else:
            _tidy(value)
    if isinstance(node, CommentedSeq) and node and all(_is_short(v) for v in node):
        node.fa.set_flow_style()


def _blank_between_records(text: str, previous: str | None) -> str:
    """A blank line between top-level records when most records of the replaced file had one."""
    if not previous:
        return text
    lines = previous.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("- ") and i]
    spaced = sum(1 for i in starts if not lines[i - 1].strip() or lines[i - 1].startswith("#"))
    if not starts or spaced * 2 <= len(starts):
        return text
    return re.sub(r"(?<=[^\n])\n(?=- )", "\n\n", text)


def _key(item) -> object:
    return item.get("id", item.get("year")) if isinstance(item, dict) else None


def _carry(new, old) -> None:
    """Where a value did not change, keep how the replaced file wrote it: 18.0300 rather than 18.03,
    a folded text (>-), a list on one line or on several."""
    if isinstance(new, CommentedMap) and isinstance(old, dict):
        pairs = [(k, old[k]) for k in new if k in old]
    elif isinstance(new, CommentedSeq) and isinstance(old, list):
        if isinstance(old, CommentedSeq) and old == new:
            if old.fa.flow_style():
                new.fa.set_flow_style()
            else:
                new.fa.set_block_style()
        by_key = {_key(o): o for o in old if _key(o) is not None}
        keyed = by_key and all(_key(n) is not None for n in new)
        pairs = [(i, by_key.get(_key(n)) if keyed else old[i] if i < len(old) else None) for i, n in enumerate(new)]
    else:
        return
    for k, before in pairs:
        value = new[k]
        if isinstance(value, (dict, list)):
            _carry(value, before)
        elif type(value) is not bool and type(before) is not bool and value == before and before is not None:
            new[k] = before


def restore_layout(text: str, previous: str | None) -> str:
    """What a web editor's file needs before `format_text`: short lists on one line, long texts as
    block texts, unchanged values written as before, and the comments of the file it replaced. It
    changes no value (format_text checks that again)."""
    y = _yaml()
    data = y.load(text)
    if data is None:
        return text
    _tidy(data)
    if previous:
        _carry(data, y.load(previous))
    out = io.StringIO()
    y.dump(data, out)
    result = out.getvalue()
    if isinstance(data, list):
        result = "".join(line[2:] if line.startswith("  ") else line for line in result.splitlines(True))
    result = _blank_between_records(result, previous)
    return restore_comments(result, previous) if previous else result


def restore_file(path: Path, previous_dir: Path, data_dir: Path) -> bool:
    """Restore one data file's layout, with the comments of the same file under previous_dir if it is
    there (a new good example has none); True if the file changed."""
    old = previous_dir / _relative(path, data_dir)
    text = path.read_text(encoding="utf-8")
    previous = old.read_text(encoding="utf-8") if old.is_file() else None
    if text == previous:  # not touched by the editor
        return False
    restored = restore_layout(text, previous)
    if restored != text:
        path.write_text(restored, encoding="utf-8")
    return restored != text
