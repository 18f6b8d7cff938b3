"""Escaping and wording shared by all renderers: every value from data/ passes through here."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata

from markupsafe import Markup

from ..models import VERB_DIRECTIONS, PartialDate

# Characters that HTML or Markdown would read as markup; written as numeric entities they show as
# themselves in both, so data can never add a tag, a link, emphasis or a table cell.
_ENTITIES = {ord(c): f"&#{ord(c)};" for c in "&<>\"'\\`*_[]{}()#+!|~$"}


_WHITESPACE = re.compile(r"\s+")


def md(value) -> Markup:
    """Data as inline Markdown text: escaped for HTML and Markdown, on one line."""
    if isinstance(value, Markup):
        return value
    return _md_text(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _md_text(text: str) -> Markup:
    # Every {{ value }} of every page comes here (finalize); most are names, labels and years that
    # recur on thousands of pages, so each is escaped once.
    return Markup(_WHITESPACE.sub(" ", text.translate(_ENTITIES)))


def paragraphs(value) -> Markup:
    """Free text with blank lines between paragraphs, each paragraph escaped like md()."""
    parts = [md(p) for p in str(value).split("\n\n") if p.strip()]
    return Markup("\n\n".join(parts))


MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def date_sv(value: dt.date | PartialDate | None) -> str:
    """2024-02-20 -> '20 februari 2024'; a month -> 'december 2021'; a year -> '2021'."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        if value.month is None:
            return str(value.year)
        if value.day is None:
            return f"{MONTHS[value.month - 1]} {value.year}"
        value = value.first_day()
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def when_sv(value: dt.date | PartialDate | None) -> str:
    """A date after a verb: 'den 20 februari 2024', 'i december 2021' or 'under 2025'."""
    if value is None:
        return ""
    precision = value.precision if isinstance(value, PartialDate) else "day"
    return {"day": "den ", "month": "i ", "year": "under "}[precision] + date_sv(value)


def number_sv(value: int | None) -> str:
    return f"{value:,}".replace(",", "\u00a0") if value is not None else "uppgift saknas"


def figure_sv(figure) -> str:
    """An OtherFigure's value as the source gives it: '59', or its own words for an approximation."""
    return number_sv(figure.value) if figure.value is not None else str(figure.approximate)


def decimal_sv(value: float | None, decimals: int = 1) -> str:
    """12345.5 -> '12 345,5' and 20.0 -> '20': space between thousands, decimal comma, no needless ',0'."""
    if value is None:
        return "uppgift saknas"
    if float(value).is_integer():
        return number_sv(int(value))
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u00a0").replace(".", ",").replace("-", "\u2212")


# Swedish alphabetical order: å, ä and ö are letters of their own after z (in that order); other
# accented letters sort with their base letter (é as e, ü as y), as in a Swedish dictionary. A space
# and a hyphen sort before every letter, so "Upplands Väsby" comes before "Upplands-Bro".
# ("{", "|" and "}" are the three characters right after "z".)
_SV_LETTERS = {"å": "{", "ä": "|", "ö": "}", "æ": "|", "ø": "}", "ü": "y", " ": "\u0001", "-": "\u0002"}


@functools.lru_cache(maxsize=4096)
def sort_key_sv(text: str) -> tuple[str, str]:
    """A key that sorts names in Swedish alphabetical order; ties fall back on the name as written."""
    folded = []
    for ch in text.casefold():
        if ch in _SV_LETTERS:
            folded.append(_SV_LETTERS[ch])
        else:
            folded.append(unicodedata.normalize("NFD", ch)[0])
    return "".join(folded), text


def sorted_sv(items, attribute: str | None = None) -> list:
    """items in Swedish alphabetical order, by the value itself or by an attribute path such as
    "1.name" (the name of a (id, record) pair), as Jinja's own sort filter spells it."""

    def value(item):
        for part in attribute.split(".") if attribute else ():
            item = item[int(part)] if part.isdigit() else getattr(item, part)
        return sort_key_sv(str(item))

    return sorted(items, key=value)


def join_sv(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " och " + items[-1]


LABELS = {
    "status": {"listed": "Utpekad", "removed": "Upphört"},
    "category": {
        "situational": "Situationella åtgärder",
        "social": "Sociala åtgärder",
        "process": "Arbetsprocesser och verktyg",
    },
    "category_short": {"situational": "Situationell", "social": "Social", "process": "Process"},
    "sara": {"scanning": "Identifiera", "analysis": "Analysera", "response": "Åtgärda", "assessment": "Följa upp"},
    "evidence": {"evaluated": "Utvärderad", "some": "Visst stöd", "none_found": "Ingen utvärdering hittad"},
    # What the level rests on, shown beside it; the definition on the page Kunskapsläge turns on these.
    "evidence_design": {
        "place_controlled": "Effekten är mätt på en drogscen eller en jämförbar allmän plats, med en jämförelse "
        "som skiljer ut metodens del.",
        "place_uncontrolled": "Effekten är mätt på en drogscen eller en jämförbar allmän plats, men utan en "
        "jämförelse som skiljer ut metodens del.",
        "elsewhere": "Effekten är mätt i en annan miljö eller på deltagarna, inte på en plats som en drogscen.",
        "not_measured": "Bedömningar och beskrivningar av arbetet; ingen mätning av effekten.",
    },
    # The same in a few words, where the full sentence does not fit (the web editor's choices).
    "evidence_design_short": {
        "place_controlled": "mätt på platsen, med jämförelse som skiljer ut metodens del",
        "place_uncontrolled": "mätt på platsen, utan sådan jämförelse",
        "elsewhere": "mätt i en annan miljö eller på deltagarna",
        "not_measured": "bedömningar, ingen mätning av effekten",
    },
    "evidence_read": {
        "unread": "Utvärderingen har vi inte kunnat läsa själva; nivån bygger bara på det vi har läst om den."
    },
    "place_type": {
        "station": "Station",
        "torg": "Torg",
        "park": "Park",
        "bostadsområde": "Bostadsområde",
        "centrum": "Centrum",
        "gata": "Gata",
        "annat": "Annan plats",
    },
    "actor_kind": {
        "myndighet": "Myndighet",
        "kommun": "Kommun",
        "region": "Region",
        "samverkan": "Samverkansorgan",
        "organisation": "Organisation",
    },
    "geometry": {"Point": "punkt", "Polygon": "område"},
    "certainty": {"stated": "Enligt källan", "inferred": "Vår slutsats"},
    # A year someone disputes: the status stays what the mapping said, marked and attributed.
    "dispute": {"short": "ifrågasatt", "verb": "ifrågasätter uppgiften"},
    # The police follow-up of a place (models.Indicator): what was measured and which way it went.
    "indicator": {
        "area": "Yta",
        "violence": "Våldsbrott",
        "narcotics": "Narkotikabrott",
        "knife_law": "Brott mot knivlagen",
        "development_index": "Uppföljningsindex",
        "other": "Annat",
    },
    "direction": {
        "increased": "ökade",
        "decreased": "minskade",
        "unchanged": "ingen förändring",
        "negative": "negativ utveckling",
        "positive": "positiv utveckling",
    },
    "precision": {
        "source": "läget enligt källan",
        "landmark": "ungefärligt läge (vid ett landmärke)",
        "district": "mycket ungefärligt läge (bara området är känt)",
    },
    "source_kind": {
        "myndighet": "Myndighet",
        "kommun": "Kommun eller region",
        "nyhet": "Nyhetsartikel",
        "forskning": "Forskning eller utvärdering",
        "politik": "Politiskt dokument",
        "organisation": "Organisation",
    },
}


def size_label(low: int, high: int | None) -> str:
    """A size of municipality in words, from its bounds in catalog.SIZE_CLASSES: 'Under 50 000 invånare'."""
    if not low:
        return f"Under {number_sv(high)} invånare"
    if high is None:
        return f"{number_sv(low)} invånare eller fler"
    return f"{number_sv(low)}–{number_sv(high - 1)} invånare"


def year_status(y, position: bool = False) -> str:
    """A scene-year in a table cell: 'Utpekad', 'Utpekad (slutsats)', 'Utpekad (ifrågasatt)',
    'Upphört (läge okänt)'. Plain text: the template escapes it once."""
    marks = ["slutsats"] if y.certainty == "inferred" else []
    marks += [LABELS["dispute"]["short"]] if y.dispute else []
    marks += ["läge okänt"] if position and y.geometry is None else []
    return LABELS["status"][y.status] + (f" ({', '.join(marks)})" if marks else "")


def dispute_sv(y) -> str:
    """'Lokalpolisen … ifrågasätter uppgiften: what they say', or '' for an undisputed year. Plain text."""
    if not y.dispute:
        return ""
    return f"{y.dispute.by} {LABELS['dispute']['verb']}: {y.dispute.says}"


def indicator_sv(indicator, mappings) -> str:
    """One follow-up measure in plain Swedish, without who says it: 'Yta: ökade kraftigt jämfört med
    kartläggningen 2021', 'Uppföljningsindex: mycket negativ utveckling'. Plain text."""
    what = indicator.other if indicator.measure == "other" else LABELS["indicator"][indicator.measure]
    change = [indicator.amount] if indicator.amount else []
    if indicator.direction in VERB_DIRECTIONS:
        change.insert(0, LABELS["direction"][indicator.direction])
    elif indicator.direction:
        change.append(LABELS["direction"][indicator.direction])
    text = f"{what}: {' '.join(change)}"
    if indicator.compared_with is not None:
        title = mappings[indicator.compared_with].title
        # "Kartläggningen 2021" mid-sentence; a title that starts with an abbreviation (SSR) stays as it is.
        text += " jämfört med " + (title[:1].lower() + title[1:] if title[1:2].islower() else title)
    return text


def by_attribution(indicators, who=lambda i: (i.according_to, tuple(i.sources))) -> list[list]:
    """Follow-up measures in their order, those next to each other that the same people say from the
    same sources in one group: the page and the CSV name who says it once per group."""
    groups: list[list] = []
    for indicator in indicators:
        if groups and who(groups[-1][0]) == who(indicator):
            groups[-1].append(indicator)
        else:
            groups.append([indicator])
    return groups


def figures_sv(mapping) -> str:
    """The newest official figures, for the foot of every page: 'Uppföljningen …, publicerad den …'."""
    return f"{mapping.title}, publicerad {when_sv(mapping.published)}"


def status_now(scene, catalog) -> str:
    """What is known about the place now, from which round, how sure, and what is not known: plain Swedish.

    The same text opens the place's page and its map popup, stands in its row on /platser/ and in the
    open data, so the one answer to "is it an open drug scene now?" is worded here only. Plain text:
    each caller escapes it once."""
    latest = max(scene.years, key=lambda y: y.year)
    newest = max(catalog.mappings)
    publishers = join_sv(dict.fromkeys(catalog.sources[i].publisher for i in latest.sources))
    parts = [
        _known_now(latest, catalog.mappings[latest.year].title, latest.year == newest),
        f"Det säger {publishers}." if latest.certainty == "stated" else _INFERRED.format(publishers=publishers),
        f"{latest.dispute.by} {LABELS['dispute']['verb']}." if latest.dispute else "",
        _not_known([m for year, m in sorted(catalog.mappings.items()) if year > latest.year]),
    ]
    return " ".join(p for p in parts if p)


_INFERRED = "Det är vår slutsats utifrån uppgifter från {publishers}; ingen källa säger det rakt ut."


def _known_now(y, title: str, newest: bool) -> str:
    """The latest status and its round; a round older than the newest is said to be the latest we know."""
    if y.status == "listed":
        if newest:
            return f"Platsen pekas ut som öppen drogscen i {title}, som är den senaste kartläggningen."
        return f"Det senaste vi vet om platsen kommer från {title}: där pekades den ut som öppen drogscen."
    when = f" {when_sv(y.removed_date)}" if y.removed_date else ""
    if newest:
        return f"Enligt {title}, som är den senaste kartläggningen, har platsen upphört som öppen drogscen{when}."
    return f"Det senaste vi vet om platsen kommer från {title}: den hade upphört som öppen drogscen{when}."


def _not_known(newer) -> str:
    """The rounds after the place's latest entry: no source we read names it there. Of a round without
    any official figure we have not read even the list (data/mappings.yaml says so by giving none)."""
    named = join_sv(m.title for m in newer if not _unread(m))
    unread = [m.title for m in newer if _unread(m)]
    lists = f"{'listan' if len(unread) == 1 else 'listorna'} från {join_sv(unread)}"
    if named and unread:
        return f"Om platsen fanns med i {named} vet vi inte, och {lists} har vi inte kunnat läsa."
    if named:
        return f"Om platsen fanns med i {named} vet vi inte; ingen källa som vi har kunnat läsa säger det."
    if unread:
        return f"{lists[0].upper()}{lists[1:]} har vi inte kunnat läsa, så vi vet inte om platsen finns med där."
    return ""


def _unread(mapping) -> bool:
    """A round of which no official figure is known: we have not been able to read its list either."""
    return all(v is None for v in mapping.totals.model_dump().values())
