"""Stage 1: YAML files -> documents that remember where every value stands.

PyYAML's composer gives nodes with line/column marks; we build plain Python values from them
ourselves so that duplicate keys become errors instead of "last one wins".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: same marks, faster
_STR, _INT, _FLOAT = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float"))
# Plain decimals, most of the data (coordinates): what YAML reads from them is what Python reads.
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]*)")


class Loader(_Base):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader, which tries every implicit type's pattern on every plain value; a plain
    decimal is recognised at once (thousands of coordinates), everything else as PyYAML does."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0] and _DECIMAL.fullmatch(value):
            return _FLOAT
        return super().resolve(kind, value, implicit)


Loc = tuple  # a path into the document: ("years", 0, "status")
_SCALARS = yaml.constructor.SafeConstructor()


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its value plus the (line, col) of every value and every key, 1-based."""

    path: str
    value: object
    marks: dict = field(default_factory=dict)
    key_marks: dict = field(default_factory=dict)

    def where(self, loc: Loc, key: bool = False) -> tuple[int, int]:
        """The mark for loc, or for its nearest parent that has one."""
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc not in self.marks and loc:
            loc = loc[:-1]
        return self.marks.get(loc, (1, 1))


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    def __init__(self, path: str, label: str):
        self.path, self.label = path, label
        self.marks: dict = {}
        self.key_marks: dict = {}
        self.problems: list[Problem] = []

    def build(self, node, loc: Loc = ()):
        self.marks[loc] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if (tag == _FLOAT and _DECIMAL.fullmatch(text)) or (tag == _INT and _WHOLE.fullmatch(text)):
            return float(text) if tag == _FLOAT else int(text)  # as PyYAML would, without its detours
        try:
            return _SCALARS.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):  # e.g. an impossible date 2023-02-30: the schema reports it
            return node.value

    def _mapping(self, node, loc: Loc) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                line, col = _mark(key_node)
                self.problems.append(
                    Problem(self.path, line, col, _dotted(loc), "sammanslagning med << stöds inte; skriv ut fälten")
                )
                continue
            key = self.build(key_node, loc + ("<key>",))
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                line, col = _mark(key_node)
                first = self.key_marks[loc + (key,)][0]
                self.problems.append(
                    Problem(
                        self.path,
                        line,
                        col,
                        _dotted((self.label,) + loc + (key,)),
                        f'fältet "{key}" finns redan på rad {first}; ta bort den ena',
                    )
                )
                continue
            self.key_marks[loc + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, loc + (key,))
        return result


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        if part in ("<key>", ""):
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_file(path: Path, shown_as: str, label: str = "") -> tuple[Document | None, list[Problem]]:
    """Parse one YAML file. Returns no document when it cannot be read at all.

    label names the file's records in messages, e.g. "scenes" gives scenes[3].district."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(shown_as, 1, 1, "", "filen är inte UTF-8; spara den som UTF-8")]
    if not text.strip() or all(l.strip().startswith("#") or not l.strip() for l in text.splitlines()):
        return None, [Problem(shown_as, 1, 1, "", "filen är tom; den ska innehålla minst en post")]
    try:
        node = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = err.problem or "okänt fel"
        return None, [Problem(shown_as, line, col, "", f"YAML-syntaxfel: {_swedish_yaml(what)}")]
    except yaml.YAMLError as err:
        return None, [Problem(shown_as, 1, 1, "", f"YAML-syntaxfel: {err}")]
    builder = _Builder(shown_as, label)
    value = builder.build(node)
    return Document(shown_as, value, builder.marks, builder.key_marks), builder.problems


_YAML_PHRASES = {
    "found character '\\t' that cannot start any token": "tabbtecken är inte tillåtet; använd mellanslag",
    "found a tab character": "tabbtecken är inte tillåtet för indrag; använd mellanslag",
    "could not find expected ':'": "hittade inget kolon (:) efter fältnamnet",
    "mapping values are not allowed here": "kolon (:) på fel ställe; sätt texten inom citattecken",
    "expected <block end>, but found '-'": "listpunkten (-) har fel indrag",
    "found unexpected end of stream": "filen tar slut mitt i ett värde; saknas ett citattecken?",
    "did not find expected key": "fel indrag; kontrollera att fälten står rakt under varandra",
    "did not find expected '-' indicator": "fel indrag i listan",
    "found undefined alias": "okänt alias (*)",
}


def _swedish_yaml(problem: str) -> str:
    for english, swedish in _YAML_PHRASES.items():
        if problem.startswith(english):
            return swedish
    return f"{problem} (kontrollera indrag, kolon och citattecken)"
