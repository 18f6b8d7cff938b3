"""Stage 1: YAML files -> documents that remember where every value stands.

PyYAML's parser gives events with line/column marks; we build plain Python values from them
ourselves so that duplicate keys become errors instead of "last one wins", aliases are refused and
nesting has a limit: no file, however it is written, can make the loader hang or run out of memory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: same marks, faster
_STR, _INT, _FLOAT, _MERGE = (f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "merge"))
# Plain decimals, most of the data (coordinates): what YAML reads from them is what Python reads.
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]*)")
# Lists and mappings inside each other, the file's own list counted. The data needs at most 8 (a
# polygon's points in a year of a place); the limit stops "[[[[..." in thousands before Python's
# recursion does, with a RecursionError.
MAX_DEPTH = 50
# Far more than a county's places, years and sources take. A larger file is a mistake (a dump, a file
# copied into data/), and reading it would hold every value in memory before saying so.
MAX_BYTES = 100_000_000


class Loader(_Base):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader, which tries every implicit type's pattern on every plain value; a plain
    decimal is recognised at once (thousands of coordinates), everything else as PyYAML does."""

    def resolve(self, kind, value, implicit):
        if kind is yaml.ScalarNode and implicit[0]:
            if _DECIMAL.fullmatch(value):
                return _FLOAT
            # A plain value's type depends on its text alone; keys and statuses recur thousands of times.
            if (tag := _PLAIN_TAGS.get(value)) is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= 16 and len(_PLAIN_TAGS) < 10_000:  # field names and the like, not ids
                    _PLAIN_TAGS[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


_PLAIN_TAGS: dict[str, str] = {}


Loc = tuple  # a path into the document: ("years", 0, "status")
_SCALARS = yaml.constructor.SafeConstructor()


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its value plus the (line, col) of every value and every key, 1-based."""

    path: str
    value: object
    marks: dict = field(default_factory=dict)
    key_marks: dict = field(default_factory=dict)
    refused: frozenset = frozenset()  # where an alias stood: reported, and read as nothing

    def is_refused(self, loc: Loc) -> bool:
        """Whether loc is at or inside a refused value: its schema errors would only repeat that."""
        return any(loc[:n] in self.refused for n in range(len(loc) + 1))

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


class _Unreadable(Exception):
    """The file cannot be read as data at all: one problem, at (line, col), and no document."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


class _Builder:
    """Builds plain values from the parser's events, one at a time, as PyYAML's composer and safe
    constructor would, noting the mark of every value and key. No node tree is made: for 10,000
    places that tree alone was most of a build's memory (PyYAML keeps two mark objects per value)."""

    def __init__(self, path: str, label: str, loader, marks: bool = True):
        # marks=False: only where each record starts (for its edit link), not every value.
        self.path, self.label, self.loader, self.all_marks = path, label, loader, marks
        self.marks: dict = {}
        self.key_marks: dict = {}
        self.problems: list[Problem] = []
        self.anchors: dict[str, int] = {}  # anchor name -> its line, to say where the value stands
        self.refused: set = set()  # locs of aliases
        self.aliases: dict[int, list] = {}  # line -> (col, loc, anchor name) of each alias on it

    def document(self):
        """The one document of the stream; a second one is an error, as in yaml.compose."""
        get, check = self.loader.get_event, self.loader.check_event
        get()  # StreamStartEvent
        value = None
        if not check(yaml.StreamEndEvent):
            first = get()  # DocumentStartEvent
            value = self.value(())
            get()  # DocumentEndEvent
            if not check(yaml.StreamEndEvent):
                raise yaml.composer.ComposerError(
                    "expected a single document in the stream",
                    first.start_mark,
                    "but found another document",
                    get().start_mark,
                )
        return value

    def value(self, loc: Loc):
        event = self.loader.get_event()
        if len(loc) >= MAX_DEPTH and isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            raise _Unreadable(
                *_mark(event),
                f"mer än {MAX_DEPTH} nivåer av listor och mappningar inuti varandra; så djupt går ingen post. "
                "Kontrollera hakparenteserna [ ] och klammerparenteserna { }",
            )
        if self.all_marks or len(loc) <= 1:
            self.marks[loc] = _mark(event)
        if isinstance(event, yaml.AliasEvent):
            self._refuse_alias(event, loc)
            return None
        if event.anchor:
            self.anchors[event.anchor] = _mark(event)[0]
        if isinstance(event, yaml.ScalarEvent):
            value = self._scalar(event)
        elif isinstance(event, yaml.SequenceStartEvent):
            value = []
            while not self.loader.check_event(yaml.SequenceEndEvent):
                item_loc = loc + (len(value),)
                value.append(item := self.value(item_loc))
                if type(item) is float or type(item) is int:
                    # A number in a list is part of a position: a problem with it is reported at its
                    # [longitude, latitude], on the same line. Half of all marks were these.
                    self.marks.pop(item_loc, None)
            self.loader.get_event()
        else:
            value = self._mapping(loc)
        return value

    def _refuse_alias(self, event, loc: Loc) -> None:
        """An alias (*name) repeats the value at its anchor (&name). Aliases of values that hold
        aliases multiply ("billion laughs": nine levels of nine are 387 million values), and the data
        has no use for them: each is an error, and reads as nothing."""
        self.refused.add(loc)
        line, col = _mark(event)
        self.aliases.setdefault(line, []).append((col, loc, event.anchor))

    def alias_problems(self) -> list[Problem]:
        """One problem per line with aliases, at its first: nine aliases on a line are one thing to
        fix, and a bomb of a few lines gives a few errors, not hundreds."""
        problems = []
        for line, found in self.aliases.items():
            col, loc, name = found[0]
            said = f"*{name}"
            if name in self.anchors:
                said += f" upprepar värdet vid &{name} på rad {self.anchors[name]}"
            if len(found) > 1:
                said += f", och raden har {len(found) - 1} alias till"
            value = "värdena" if len(found) > 1 else "värdet"
            message = f"alias stöds inte: {said}; skriv ut {value} här i stället"
            problems.append(Problem(self.path, line, col, _dotted((self.label,) + loc), message))
        return problems

    def _tag(self, event) -> str:
        if event.tag in (None, "!"):
            return self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        return event.tag

    def _scalar(self, event):
        tag, text = self._tag(event), event.value
        if tag == _STR:
            return text
        if (tag == _FLOAT and _DECIMAL.fullmatch(text)) or (tag == _INT and _WHOLE.fullmatch(text)):
            return float(text) if tag == _FLOAT else int(text)  # as PyYAML would, without its detours
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
        try:
            return _SCALARS.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError):  # e.g. an impossible date 2023-02-30: the schema reports it
            return text

    def _mapping(self, loc: Loc) -> dict:
        result: dict = {}
        while not self.loader.check_event(yaml.MappingEndEvent):
            head = self.loader.peek_event()
            line, col = _mark(head)
            if isinstance(head, yaml.AliasEvent):
                # An alias as a field name: neither it nor its value is read, and the mapping's own
                # errors (a field that seems missing) would only repeat that.
                self._refuse_alias(self.loader.get_event(), loc)
                self._skip(1)
                continue
            if isinstance(head, yaml.ScalarEvent) and head.value == "<<" and self._tag(head) == _MERGE:
                self.problems.append(
                    Problem(self.path, line, col, _dotted(loc), "sammanslagning med << stöds inte; skriv ut fälten")
                )
                self._skip(2)  # the key and its value
                continue
            key = self.value(loc + ("<key>",))
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                first = self.key_marks.get(loc + (key,), (0, 0))[0]
                self.problems.append(
                    Problem(
                        self.path,
                        line,
                        col,
                        _dotted((self.label,) + loc + (key,)),
                        f'fältet "{key}" finns redan på rad {first}; ta bort den ena',
                    )
                )
                self._skip(1)  # the second value; the first one stands
                continue
            if self.all_marks:
                self.key_marks[loc + (key,)] = (line, col)
            result[key] = self.value(loc + (key,))
        self.loader.get_event()
        return result

    def _skip(self, values: int) -> None:
        """Read past whole values without keeping them or their marks."""
        depth = 0
        while values:
            event = self.loader.get_event()
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            if depth == 0:
                values -= 1


def _dotted(loc: Loc) -> str:
    out = ""
    for part in loc:
        if part in ("<key>", ""):
            continue
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_file(path: Path, shown_as: str, label: str = "", marks: bool = True) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML file. Returns no document when it cannot be read at all.

    label names the file's records in messages, e.g. "scenes" gives scenes[3].district. marks=False
    notes only where each record starts: enough for valid data, too little to place a problem."""
    if (size := path.stat().st_size) > MAX_BYTES:
        too_big = f"filen är för stor, {size // 1_000_000} MB; en datafil får vara högst {MAX_BYTES // 1_000_000} MB"
        return None, [Problem(shown_as, 1, 1, "", f"{too_big}. Kontrollera att det är rätt fil")]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [Problem(shown_as, 1, 1, "", "filen är inte UTF-8; spara den som UTF-8")]
    if not text.strip() or all(l.strip().startswith("#") or not l.strip() for l in text.splitlines()):
        return None, [Problem(shown_as, 1, 1, "", "filen är tom; den ska innehålla minst en post")]
    loader = Loader(text)
    builder = _Builder(shown_as, label, loader, marks)
    try:
        value = builder.document()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = err.problem or "okänt fel"
        return None, [Problem(shown_as, line, col, "", f"YAML-syntaxfel: {_swedish_yaml(what)}")]
    except _Unreadable as err:
        return None, [Problem(shown_as, err.line, err.col, "", err.message)]
    except yaml.YAMLError as err:
        return None, [Problem(shown_as, 1, 1, "", f"YAML-syntaxfel: {err}")]
    finally:
        loader.dispose()
    doc = Document(shown_as, value, builder.marks, builder.key_marks, frozenset(builder.refused))
    return doc, builder.problems + builder.alias_problems()


_YAML_PHRASES = {
    "found character '\\t' that cannot start any token": "tabbtecken är inte tillåtet; använd mellanslag",
    "found a tab character": "tabbtecken är inte tillåtet för indrag; använd mellanslag",
    "could not find expected ':'": "hittade inget kolon (:) efter fältnamnet",
    "mapping values are not allowed here": "kolon (:) på fel ställe; sätt texten inom citattecken",
    "mapping values are not allowed in this context": "kolon (:) på fel ställe; sätt texten inom citattecken",
    "expected <block end>, but found '-'": "listpunkten (-) har fel indrag",
    "found unexpected end of stream": "filen tar slut mitt i ett värde; saknas ett citattecken?",
    "did not find expected key": "fel indrag; kontrollera att fälten står rakt under varandra",
    "did not find expected '-' indicator": "fel indrag i listan",
    "did not find expected ',' or ']'": "listan inom [ ] tar inte slut; saknas ett ] eller ett kommatecken?",
    "did not find expected ',' or '}'": "mappningen inom { } tar inte slut; saknas ett } eller ett kommatecken?",
    "but found another document": "filen har fler än ett dokument (en rad med ---); en datafil har bara ett",
}


def _swedish_yaml(problem: str) -> str:
    for english, swedish in _YAML_PHRASES.items():
        if problem.startswith(english):
            return swedish
    return f"{problem} (kontrollera indrag, kolon och citattecken)"
