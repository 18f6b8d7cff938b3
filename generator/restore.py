"""`python -m generator fmt --comments-from`: what a web editor's file lost, put back.

Sveltia CMS, like every YAML writer in a browser, writes a data file from its data alone: without
the comments, with every list in block style and numbers as it parses them. Before the file gets
its canonical form (fmt.format_text), it gets back the comments of the file it replaced (the header
and the lines above each top-level record), short lists on one line, long texts as block texts and
the way it wrote values that did not change. No value changes (format_text checks that again).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from .fmt import relative_path, round_trip
from .models import SLUG

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
    y = round_trip()
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
    old = previous_dir / relative_path(path, data_dir)
    text = path.read_text(encoding="utf-8")
    previous = old.read_text(encoding="utf-8") if old.is_file() else None
    if text == previous:  # not touched by the editor
        return False
    restored = restore_layout(text, previous)
    if restored != text:
        path.write_text(restored, encoding="utf-8")
    return restored != text
