"""Stage 3b, after the link stage: the hand-written pages in content/ against the data. A fact lives once, in data/; prose
that restates a place, a mapping round or an official total drifts when the data changes, and a reader
who finds the site contradicting itself believes none of it. The rules are few and literal (see
"Text som motsäger data" in CONTRIBUTING.md): they catch the common phrasings, not every way of saying
something wrong. Each finding is a Problem at the page's line and column, and it says what data says.

1. A place said to be missing from the portal's list (or map) that data/scenes.yaml has.
2. A list of mapping years ("2017, 2021 och 2023") in a sentence about mappings that leaves out a round.
3. "N öppna drogscener" (or "N scener") tied to a round's year where mappings.yaml has another total,
   or none.
4. A source in data/sources.yaml that nothing uses: no record cites it and no page in content/ links to
   its address or names its title. A source list that grows with every audit and is never pruned stops
   telling the reader what the facts rest on.
5. A round named otherwise than data names it: the wrong kind ("kartläggningen 2024" for a follow-up) or
   another month than it was published in ("kartläggningen från januari 2024" for one published in
   February); and an <!-- ods:omgang-ÅÅÅÅ --> marker whose year is no round."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .catalog import Catalog
from .problems import Problem
from .render.facts import ROUND_NAME_MARKER
from .render.text import MONTHS

# Prose that says something is not in the portal: an absence word and a word for the list.
_ABSENT = re.compile(r"\b(saknas|finns\s+(?:\w+\s+)?inte|inte\s+med|inte\s+på|inte\s+i)\b", re.I)
_LIST = re.compile(r"\b(lista|listan|kartan|portalen|webbplatsen)\b", re.I)
_MAPPING_WORD = re.compile(r"kartläggning", re.I)
_PLURAL_MAPPINGS = re.compile(r"\bkartläggningar\b", re.I)
_YEAR_LIST = re.compile(r"(?<!\d)(\d{4})((?:\s*,\s*\d{4})*)\s+och\s+(\d{4})(?!\d)")
_SCENES = r"(?:öppna\s+drogscener|scener)(?:na)?"
_ROUND = r"(?:kartläggningen|uppföljningen)"
_TOTALS = (
    # "63 öppna drogscener 2023", "53 scener i uppföljningen 2024", "48 scenerna i kartläggningen 2017"
    re.compile(
        rf"(?<![\d,])(?P<n>\d+)\s+{_SCENES}\s+(?:år\s+|i\s+{_ROUND}\s+(?:i\s+\w+\s+)?)?(?P<y>\d{{4}})(?!\d)", re.I
    ),
    # "kartläggningen 2023 visade 63 öppna drogscener"
    re.compile(rf"{_ROUND}\s+(?:i\s+\w+\s+)?(?P<y>\d{{4}})\s+(?:\w+\s+){{1,3}}?(?P<n>\d+)\s+{_SCENES}", re.I),
)
# "kartläggningen 2023", "uppföljningen i februari 2024", "kartläggningen från januari 2024", "2023 års kartläggning"
ROUND_NAME = re.compile(
    rf"\b(?P<word>kartläggning|uppföljning)(?:en)?\s+(?:(?:i|från|av)\s+)?(?:(?P<month>{'|'.join(MONTHS)})\s+)?"
    rf"(?P<y>\d{{4}})(?!\d)|\b(?P<y2>\d{{4}})\s+års\s+(?P<word2>kartläggning|uppföljning)",
    re.I,
)
_COUNTY = re.compile(r"\blän", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ])")
_HEADING = re.compile(r"^(#{1,6})\s")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s")
# What is no prose: HTML comments (markers), code, link targets and bare addresses, blanked out so
# that positions stay where they are in the file.
_NOT_PROSE = re.compile(r"<!--.*?-->|```.*?```|`[^`\n]*`|\]\([^)\n]*\)|<https?://[^>\n]*>", re.S)


@dataclass(frozen=True)
class Facts:
    """What the rules compare prose with, read once from the catalog."""

    places: re.Pattern | None  # any name of a place in scenes.yaml
    place_ids: dict[str, str]  # name as written -> scene id
    rounds: dict[int, str]  # year -> kind
    totals: dict[int, int | None]  # year -> official number of scenes
    titles: dict[int, str]
    months: dict[int, int | None]  # year -> the month the round was published in, when the source says
    municipalities: re.Pattern | None
    origin: dict[tuple[str, str], tuple[str, int]]

    @classmethod
    def of(cls, catalog: Catalog) -> Facts:
        names = {n: sid for sid, s in catalog.scenes.items() for n in place_names(s.name)}
        towns = {n for m in catalog.municipalities.values() for n in (m.name, m.official_name) if n}
        return cls(
            places=_any_of(names),
            place_ids=names,
            rounds={y: m.kind for y, m in catalog.mappings.items()},
            totals={y: m.totals.scenes for y, m in catalog.mappings.items()},
            titles={y: m.title for y, m in catalog.mappings.items()},
            months={y: m.published.month if m.published else None for y, m in catalog.mappings.items()},
            municipalities=_any_of(towns, whole_word=False),
            origin=catalog.origin,
        )

    def where(self, kind: str, key: str) -> str:
        path, line = self.origin.get((kind, key), (f"data/{kind}.yaml", 0))
        return f"{path}:{line}" if line else path


def place_names(name: str) -> list[str]:
    """The ways prose names a place: 'Nordkapsgatan, Husby' -> the whole name and 'Nordkapsgatan';
    'Fridhemsplan/Stadshagen' -> also each half. Only parts with a capital (no 'station'), not the
    district after a comma (Husby is a district, not the place)."""
    whole = re.sub(r"\s*\([^)]*\)", "", name).strip()
    parts = re.split(r"/|\s+och\s+", whole.split(",")[0])
    return [whole] + [p.strip() for p in parts if len(p.strip()) >= 4 and p.strip()[0].isupper()]


def _any_of(words, whole_word: bool = True) -> re.Pattern | None:
    words = sorted({w for w in words if w}, key=len, reverse=True)  # longest first: the whole name wins
    if not words:
        return None
    end = r"(?!\w)" if whole_word else ""
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + ")" + end)


def check_prose(catalog: Catalog, content: dict[str, bytes]) -> list[Problem]:
    """Every page in content/ (path relative to it -> bytes) against the data."""
    facts = Facts.of(catalog)
    problems: list[Problem] = []
    pages = {rel: data.decode("utf-8") for rel, data in sorted(content.items()) if rel.endswith(".md")}
    for rel, text in pages.items():
        problems += check_page(f"content/{rel}", text, facts)
    return problems + unused_sources(catalog, pages.values())


def unused_sources(catalog: Catalog, pages) -> list[Problem]:
    """Sources that no record cites and no hand-written page links to (by address) or names (by title)."""
    prose = "\n".join(pages)
    folded = prose.casefold()
    problems = []
    for sid, source in catalog.sources.items():
        if sid in catalog.cited_sources or _named_in(source, prose, folded):
            continue
        path, line = catalog.origin.get(("sources", sid), ("data/sources.yaml", 0))
        problems.append(
            Problem(
                path,
                line,
                1,
                "",
                f'källan "{sid}" används inte: ingen post i data/ hänvisar till den och ingen sida i content/ '
                "länkar till den eller nämner dess titel. Hänvisa till den vid uppgiften den styrker, eller ta bort den",
            )
        )
    return problems


def _named_in(source, prose: str, folded: str) -> bool:
    address = (source.url or "").rstrip("/")
    return bool(address and address in prose) or source.title.casefold() in folded


def check_page(path: str, text: str, facts: Facts) -> list[Problem]:
    page = _Page(path, _NOT_PROSE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text))
    found = (
        list(_missing_places(page, facts)) + list(_round_names(page, facts)) + list(_round_markers(page, text, facts))
    )
    for start, end in page.sentences():
        found += _round_lists(page, start, end, facts) + _totals(page, start, end, facts)
    return sorted(set(found))  # a name under a heading and in a sentence that both claim absence: once


class _Page:
    """A page as blocks (heading, list item, table row, paragraph) with their offsets in the text."""

    def __init__(self, path: str, text: str):
        self.path, self.text = path, text
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]
        self.blocks = list(_blocks(text))  # (kind, start, end, heading level)

    def problem(self, offset: int, message: str) -> Problem:
        line = bisect.bisect_right(self.line_starts, offset)
        return Problem(self.path, line, offset - self.line_starts[line - 1] + 1, "", message)

    def sentences(self) -> Iterator[tuple[int, int]]:
        for _, start, end, _ in self.blocks:
            cut = start
            for m in _SENTENCE_END.finditer(self.text, start, end):
                yield cut, m.start()
                cut = m.end()
            yield cut, end


def _blocks(text: str) -> Iterator[tuple[str, int, int, int]]:
    """Paragraph lines run together into one block; a heading, list item or table row is one line
    (a list item's wrapped lines, indented, stay with it)."""
    offset, para = 0, None
    for line in text.splitlines(keepends=True):
        stripped, end = line.strip(), offset + len(line.rstrip("\n"))
        heading = _HEADING.match(line)
        kind = "heading" if heading else "item" if _LIST_ITEM.match(line) else "row" if stripped[:1] == "|" else ""
        if kind or not stripped:
            if para:
                yield para
            para = None
            if kind:
                para = (kind, offset, end, len(heading.group(1)) if heading else 0)
        elif para and para[0] in ("paragraph", "item") and (para[0] == "paragraph" or line[:1].isspace()):
            para = (para[0], para[1], end, 0)
        else:
            if para:
                yield para
            para = ("paragraph", offset, end, 0)
        offset += len(line)
    if para:
        yield para


def _missing_places(page: _Page, facts: Facts) -> Iterator[Problem]:
    if facts.places is None:
        return
    for start, end in _absence_scopes(page):
        for m in facts.places.finditer(page.text, start, end):
            sid = facts.place_ids[m.group(0)]
            yield page.problem(
                m.start(),
                f'texten säger att "{m.group(0)}" saknas i portalens lista, men platsen finns i '
                f"{facts.where('scenes', sid)} (id {sid}); stryk den här eller länka till platsens sida",
            )


def _absence_scopes(page: _Page) -> Iterator[tuple[int, int]]:
    """Where an absence claim reaches: a heading's whole section, a paragraph ending in ':' with the
    list after it, or else the sentence that makes it."""
    blocks, text = page.blocks, page.text
    for i, (kind, start, end, level) in enumerate(blocks):
        if kind == "heading" and _claims_absence(text[start:end]):
            after = [b for b in blocks[i + 1 :] if b[0] == "heading" and b[3] <= level]
            yield start, after[0][1] if after else len(text)
        elif kind == "paragraph" and _claims_absence(text[start:end]) and text[start:end].rstrip().endswith(":"):
            items = [b for b in _takewhile_items(blocks[i + 1 :])]
            yield start, items[-1][2] if items else end
    for start, end in page.sentences():
        if _claims_absence(text[start:end]):
            yield start, end


def _takewhile_items(blocks) -> Iterator[tuple[str, int, int, int]]:
    for b in blocks:
        if b[0] != "item":
            return
        yield b


def _claims_absence(sentence: str) -> bool:
    return bool(_ABSENT.search(sentence) and _LIST.search(sentence))


def _round_lists(page: _Page, start: int, end: int, facts: Facts) -> list[Problem]:
    sentence = page.text[start:end]
    if not _MAPPING_WORD.search(sentence):
        return []
    found = []
    for m in _YEAR_LIST.finditer(page.text, start, end):
        years = [int(y) for y in re.findall(r"\d{4}", m.group(0))]
        comparison = re.search(r"\bmellan\s+$", page.text[start : m.start()], re.I)
        if comparison or any(y not in facts.rounds for y in years):
            continue  # "mellan 2021 och 2023" compares; years that are no rounds are about something else
        if len(years) < 3 and not _PLURAL_MAPPINGS.search(sentence):
            continue  # "kartläggningarna 2021 och 2023" names two, it does not list them all
        kinds = {facts.rounds[y] for y in years}
        missing = sorted(y for y, kind in facts.rounds.items() if kind in kinds and y not in years)
        if missing:
            where = ", ".join(facts.where("mappings", str(y)) for y in missing)
            found.append(
                page.problem(
                    m.start(),
                    f"uppräkningen {m.group(0)} saknar {_years_sv(missing)}, som finns i {where}; "
                    "skriv <!-- ods:kartlaggningsar --> i stället, så följer åren med data",
                )
            )
    return found


def _years_sv(years: list[int]) -> str:
    return ", ".join(map(str, years[:-1])) + " och " + str(years[-1]) if len(years) > 1 else str(years[0])


def _totals(page: _Page, start: int, end: int, facts: Facts) -> list[Problem]:
    sentence = page.text[start:end]
    if facts.municipalities and facts.municipalities.search(sentence) and not _COUNTY.search(sentence):
        return []  # "Södertälje gick från 6 öppna drogscener 2021": a municipality's count, not the county's
    found = []
    for pattern in _TOTALS:
        for m in pattern.finditer(page.text, start, end):
            year, said = int(m.group("y")), int(m.group("n"))
            if year not in facts.totals or facts.totals[year] == said:
                continue
            official, where = facts.totals[year], facts.where("mappings", str(year))
            data_says = f"har {official}" if official is not None else "har ingen officiell siffra"
            found.append(
                page.problem(
                    m.start("n"),
                    f"texten säger {said} öppna drogscener för {facts.titles[year].lower()}, men {where} "
                    f"{data_says}; ta bort siffran eller visa den med <!-- ods:officiella-siffror -->",
                )
            )
    return found


def round_name_conflict(match: re.Match, kinds: dict[int, str], months: dict[int, int | None]) -> str | None:
    """What is wrong with a round named this way (ROUND_NAME), or None: a kind or month data contradicts."""
    year = int(match.group("y") or match.group("y2"))
    if year not in kinds:
        return None  # a year with no round: something else
    word = (match.group("word") or match.group("word2")).lower()
    if word != kinds[year]:
        return f"omgången {year} är en {kinds[year]}, ingen {word}"
    month = match.group("month")
    published = months[year]
    if month and published and MONTHS.index(month.lower()) + 1 != published:
        return f"omgången {year} publicerades i {MONTHS[published - 1]}, inte i {month.lower()}"
    return None


def _round_names(page: _Page, facts: Facts) -> Iterator[Problem]:
    for m in ROUND_NAME.finditer(page.text):
        wrong = round_name_conflict(m, facts.rounds, facts.months)
        if wrong:
            year = int(m.group("y") or m.group("y2"))
            yield page.problem(
                m.start(),
                f"”{m.group(0)}”: {wrong} ({facts.where('mappings', str(year))} kallar den ”{facts.titles[year]}”); "
                f"skriv <!-- ods:omgang-{year} -->, så står omgångens namn ur data",
            )


def _round_markers(page: _Page, text: str, facts: Facts) -> Iterator[Problem]:
    """Markers are blanked out of page.text: they are read from the page as written."""
    for m in ROUND_NAME_MARKER.finditer(text):
        if int(m.group(1)) not in facts.rounds:
            yield page.problem(
                m.start(),
                f"{m.group(0)}: {m.group(1)} är ingen kartläggning eller uppföljning i mappings.yaml; "
                f"omgångarna är {_years_sv(sorted(facts.rounds))}",
            )
