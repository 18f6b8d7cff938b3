"""The statistics page: the portal's figures as charts, each with its numbers, sources and a CSV.

Three kinds of figures, kept apart on the page: the official totals in mappings.yaml (never counted
from the scenes), what the portal's own list of named places holds, and surveys (surveys.yaml).
charts.py draws each Chart; this module decides what the charts show and what they say."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from markupsafe import Markup

from .. import urls
from ..catalog import Catalog
from ..models import PartialDate
from . import OutputFile, charts, exports
from .charts import Chart, Series
from .env import Renderer
from .text import LABELS, date_sv, decimal_sv, join_sv, md

PAGE = urls.page_path("statistics")
TOP_MEASURES = 10


@dataclass(frozen=True)
class Figure:
    """One chart on the page with everything around it."""

    chart: Chart
    group: str  # "official", "portal" or "survey"
    finding: str  # the main finding in one or two sentences: the text alternative
    notes: tuple[str, ...]  # what the reader must know to read it right
    header: str  # the first column of the table
    sources: tuple[str, ...]
    links: tuple[tuple[str, str] | None, ...] = ()  # (kind, id) for each category, or None
    extra: tuple[tuple[str, tuple[str, ...]], ...] = ()  # further table columns: (header, cells)
    # The sources of each category's figures, when they differ by row (each mapping has its own);
    # empty: every row rests on the figure's sources.
    row_sources: tuple[tuple[str, ...], ...] = ()
    svg: bytes = b""

    @property
    def svg_name(self) -> str:
        return urls.chart_path(self.chart.id, "svg").rsplit("/", 1)[-1]

    @property
    def csv_name(self) -> str:
        return urls.chart_path(self.chart.id, "csv").rsplit("/", 1)[-1]

    @property
    def excel_name(self) -> str:
        return urls.chart_path(excel_id(self.chart.id), "csv").rsplit("/", 1)[-1]

    @property
    def size(self) -> tuple[int, int]:
        return charts.size(self.svg)

    def rows(self) -> list[tuple[str, list[str]]]:
        """(category, formatted cells) for the table: 'uppgift saknas' where a figure is unknown."""
        c = self.chart
        return [
            (cat, [c.label(s.values[i]) for s in c.series] + [cells[i] for _, cells in self.extra])
            for i, cat in enumerate(c.categories)
        ]


# The source of the figures counted from the portal's own list of places, in the SVG and the CSV.
PORTAL_LIST = "ÖDS-portalens lista över namngivna platser, med källorna för varje plats på platsens sida"


def excel_id(chart_id: str) -> str:
    """The Excel variant's name beside the CSV, as on the open-data page: <id>-excel.csv."""
    return f"{chart_id}-excel"


def figures(c: Catalog) -> list[Figure]:
    found = [*_official(c), *_portal(c), *(_survey(c, sid) for sid in c.surveys)]
    return [_with_svg(f, c) for f in found]


def _with_svg(f: Figure, c: Catalog) -> Figure:
    chart = replace(f.chart, sources=_source_words(f, c), date=_date(f, c))
    return replace(f, chart=chart, svg=charts.draw(chart))


def _source_words(f: Figure, c: Catalog) -> tuple[str, ...]:
    """The figure's sources as the file says them: title, publisher and address of each."""
    if not f.sources:
        return (PORTAL_LIST,)
    found = [c.sources[s] for s in f.sources]
    return tuple(f"{s.title} ({s.publisher})" + (f", {s.url}" if s.url else "") for s in found)


def _date(f: Figure, c: Catalog) -> str:
    """The newest date of the figure's sources (the whole data's for the portal's own list) in words,
    as precise as the source gives it: never the build's clock, so every build writes the same file."""
    if not f.sources:
        return date_sv(c.newest_date)
    found = [c.sources[s] for s in f.sources]
    dates: list[dt.date | PartialDate] = [s.date for s in found if s.date] + [s.accessed for s in found if s.accessed]
    return date_sv(max(dates, key=_first_day, default=None))


def _first_day(d: dt.date | PartialDate) -> dt.date:
    return d.first_day() if isinstance(d, PartialDate) else d


def _time_axis(years: Sequence[int]) -> tuple[float, ...]:
    """A round's place on the time axis is its year, so 2017 to 2021 is four times 2024 to 2025."""
    return tuple(float(y) for y in years)


def _years_sv(pairs: Sequence[tuple[int, float]], noun: str) -> str:
    """'48 öppna drogscener i länet år 2017, 64 år 2021 och 53 år 2024': the noun once, after the first."""
    return join_sv(
        f"{decimal_sv(v)} {noun} år {y}" if i == 0 else f"{decimal_sv(v)} år {y}" for i, (y, v) in enumerate(pairs)
    )


def _official(c: Catalog) -> list[Figure]:
    years = sorted(c.mappings)
    ms = [c.mappings[y] for y in years]
    cats = tuple(str(y) for y in years)
    sources = tuple(dict.fromkeys(s for m in ms for s in m.sources))
    titles = ("Kartläggning", tuple(m.title for m in ms))
    per_year = tuple(tuple(m.sources) for m in ms)

    def gaps(field: str) -> list[int]:
        return [y for y, m in zip(years, ms, strict=True) if getattr(m.totals, field) is None]

    def gap_sentence(field: str) -> str:
        missing = gaps(field)
        return f"För {join_sv(missing)} saknas uppgift." if missing else ""

    scenes = [(y, m.totals.scenes) for y, m in zip(years, ms, strict=True) if m.totals.scenes is not None]
    finding = (
        f"Enligt de officiella siffrorna fanns det {_years_sv(scenes, 'öppna drogscener i länet')}. "
        if scenes
        else "Ingen kartläggning har något känt antal scener. "
    ) + gap_sentence("scenes")
    out = [
        Figure(
            Chart(
                "scener-per-kartlaggning",
                "Öppna drogscener i länet per kartläggning",
                cats,
                (Series("Öppna drogscener", tuple(m.totals.scenes for m in ms)),),
                "Antal öppna drogscener",
                positions=_time_axis(years),
            ),
            "official",
            finding.strip(),
            (
                "Siffrorna är de som kartläggningarna själva redovisar. Där en kartläggning inte anger antalet står "
                "”uppgift saknas” i stället för en stapel; det betyder inte noll.",
            ),
            "År",
            sources,
            extra=(titles,),
            row_sources=per_year,
        )
    ]

    munis = [
        (y, m.totals.municipalities) for y, m in zip(years, ms, strict=True) if m.totals.municipalities is not None
    ]
    finding = (
        f"Öppna drogscener fanns i {_years_sv(munis, 'av länets 26 kommuner')}. "
        if munis
        else "Ingen kartläggning anger hur många kommuner som hade öppna drogscener. "
    ) + gap_sentence("municipalities")
    out.append(
        Figure(
            Chart(
                "kommuner-per-kartlaggning",
                "Kommuner med öppna drogscener per kartläggning",
                cats,
                (Series("Kommuner", tuple(m.totals.municipalities for m in ms)),),
                "Antal kommuner (av 26)",
                max=26,
                positions=_time_axis(years),
            ),
            "official",
            finding.strip(),
            ("Axeln går till 26, alla kommuner i länet. Flera kartläggningar anger inte antalet kommuner.",),
            "År",
            sources,
            extra=(titles,),
            row_sources=per_year,
        )
    )

    changed = [
        (y, m.totals.removed, m.totals.new)
        for y, m in zip(years, ms, strict=True)
        if m.totals.removed is not None or m.totals.new is not None
    ]
    parts = [
        f"år {y} hade {decimal_sv(r) if r is not None else 'ett okänt antal'} upphört och "
        f"{'inga' if n == 0 else decimal_sv(n) if n is not None else 'ett okänt antal'} tillkommit"
        for y, r, n in changed
    ]
    both = sorted(set(gaps("removed")) & set(gaps("new")))
    finding = (
        f"Enligt de officiella siffrorna {join_sv(parts)}. "
        if parts
        else "Ingen kartläggning anger hur många scener som upphört eller tillkommit. "
    ) + (f"För {join_sv(both)} saknas uppgift." if both else "")
    out.append(
        Figure(
            Chart(
                "upphorda-och-nya",
                "Upphörda och nya scener per kartläggning",
                cats,
                (
                    Series("Upphörda sedan förra kartläggningen", tuple(m.totals.removed for m in ms), "removed"),
                    Series("Nya sedan förra kartläggningen", tuple(m.totals.new for m in ms), "secondary"),
                ),
                "Antal scener",
                positions=_time_axis(years),
            ),
            "official",
            finding.strip(),
            (
                "Helfärgad stapel: upphörda. Rutig stapel: nya. En nolla är en uppgift om att inga "
                "tillkom; ”uppgift saknas” betyder att siffran inte är känd.",
            ),
            "År",
            sources,
            extra=(titles,),
            row_sources=per_year,
        )
    )
    return out


PORTAL_NOTE = (
    "Siffrorna räknar bara de platser som nämns med namn i källor som portalen har läst. "
    "De är inte det officiella antalet öppna drogscener."
)


def _portal(c: Catalog) -> list[Figure]:
    scenes = list(c.scenes.values())
    total = len(scenes)
    sources: tuple[str, ...] = ()  # the source is the list of places itself; each place names its own
    out: list[Figure] = []

    per = Counter(s.municipality for s in scenes)
    order = sorted(per, key=lambda m: (-per[m], c.municipalities[m].name))
    names = tuple(c.municipalities[m].name for m in order)
    top = order[0] if order else None
    finding = (
        f"Portalen har {total} namngivna platser i {len(order)} kommuner; flest i "
        f"{c.municipalities[top].name} ({per[top]})."
        if top
        else "Portalen har inga namngivna platser än."
    )
    out.append(
        Figure(
            Chart(
                "namngivna-platser-per-kommun",
                "Namngivna platser i portalen per kommun",
                names,
                (Series("Namngivna platser", tuple(per[m] for m in order)),),
                "Antal namngivna platser",
                horizontal=True,
            ),
            "portal",
            finding,
            (PORTAL_NOTE,),
            "Kommun",
            sources,
            links=tuple(("municipalities", m) if m in c.municipalities_with_content else None for m in order),
            extra=(("Kommunkod", tuple(c.municipalities[m].code for m in order)),),
        )
    )

    out.append(_status_figure(c, scenes, sources))

    with_collab = sum(1 for s in scenes if s.collaboration)
    finding = (
        f"{with_collab} av portalens {total} namngivna platser har en beskriven platssamverkan."
        if total
        else "Portalen har inga namngivna platser än."
    )
    out.append(
        Figure(
            Chart(
                "platssamverkan-i-portalen",
                "Namngivna platser med platssamverkan",
                ("Med platssamverkan", "Ingen platssamverkan beskriven"),
                (Series("Namngivna platser", (with_collab, total - with_collab)),),
                "Antal namngivna platser",
                horizontal=True,
                max=max(total, 1),
            ),
            "portal",
            finding,
            (
                PORTAL_NOTE,
                "”Ingen platssamverkan beskriven” betyder att portalen inte har hittat en källa om "
                "samverkan på platsen, inte att det saknas samverkan där.",
            ),
            "Platssamverkan",
            sources,
        )
    )

    used = Counter(mid for s in scenes for mid in dict.fromkeys(s.measures))
    ranked = sorted(used, key=lambda m: (-used[m], c.methods[m].name))[:TOP_MEASURES]
    names = tuple(c.methods[m].name for m in ranked)
    finding = (
        f"Vanligast bland portalens namngivna platser är {c.methods[ranked[0]].name.lower()}, "
        f"vid {used[ranked[0]]} av {total} platser."
        if ranked
        else "Portalen har inga åtgärder registrerade än."
    )
    out.append(
        Figure(
            Chart(
                "vanligaste-atgarder",
                "De vanligaste åtgärderna på de namngivna platserna",
                names,
                (Series("Platser", tuple(used[m] for m in ranked)),),
                "Antal namngivna platser",
                horizontal=True,
                max=max(total, 1),
            ),
            "portal",
            finding,
            (
                PORTAL_NOTE,
                f"Diagrammet visar de {len(ranked)} metoder som står vid flest platser. Namnen i tabellen "
                "leder till metodernas sidor.",
            ),
            "Metod",
            sources,
            links=tuple(("methods", m) for m in ranked),
        )
    )
    return out


# The status chart's parts: (status, how we know, style, name). A disputed year is its own part of
# its status's bar: the mapping did list it, so the bar's height stays what the mappings said, but a
# reader counting listings sees at once that one of them is contested (and the table says which).
_HOW = {**{c: w.lower() for c, w in LABELS["certainty"].items()}, "disputed": LABELS["dispute"]["short"]}
_STATUS_PARTS = [
    (status, how, status + ("" if how == "stated" else f"_{how}"), f"{LABELS['status'][status]}, {_HOW[how]}")
    for status in ("listed", "removed")
    for how in ("stated", "inferred", "disputed")
]


def _status_figure(c: Catalog, scenes: list, sources: tuple[str, ...]) -> Figure:
    years = sorted(c.mappings)
    count: Counter[tuple[int, str, str]] = Counter(
        (y.year, y.status, "disputed" if y.dispute else y.certainty) for s in scenes for y in s.years
    )
    # A disputed part only where there is one: an empty column would say nothing.
    used = {(status, how) for _, status, how in count}
    series = tuple(
        Series(name, tuple(count[(yr, status, how)] for yr in years), style, status)
        for status, how, style, name in _STATUS_PARTS
        if how != "disputed" or (status, how) in used
    )
    listed = [(yr, sum(v for (y, st, _), v in count.items() if y == yr and st == "listed")) for yr in years]
    inferred = sum(1 for s in scenes for y in s.years if y.certainty == "inferred")
    stated = sum(1 for s in scenes for y in s.years if y.certainty == "stated")
    best = max(listed, key=lambda p: (p[1], p[0])) if listed else None
    finding = (
        (f"Flest namngivna platser som utpekade har portalen för {best[0]} ({best[1]}). " if best else "")
        + f"Av alla {stated + inferred} uppgifter om ett år är {inferred} vår egen slutsats och {stated} "
        "står uttryckligen i en källa." + _disputed_sentence(c)
    )
    notes: tuple[str, ...] = (
        PORTAL_NOTE,
        "Vänster stapel varje år: utpekade, höger: upphörda. Den helfärgade delen är uppgifter som "
        "står i en källa. Den randiga delen är vår egen slutsats, till exempel att en källa från året innan "
        "nämner platsen. Varje plats sida säger vad slutsatsen bygger på.",
    )
    if c.disputed:
        notes += (
            "Den del som är fylld med ringar är uppgifter som någon annan ifrågasätter, till exempel lokalpolisen "
            "eller kommunen. De räknas med i stapeln, eftersom kartläggningen tog med dem, men visas för sig. "
            "Platsens sida säger vem som ifrågasätter uppgiften och vad de säger.",
        )
    chart = Chart(
        "namngivna-platser-status",
        "Namngivna platser per kartläggning och status",
        tuple(map(str, years)),
        series,
        "Antal namngivna platser",
        positions=_time_axis(years),
    )
    return Figure(chart, "portal", finding, notes, "År", sources)


def _disputed_sentence(c: Catalog) -> str:
    """' Uppgiften om Storvreten 2025 ifrågasätts.' in the text alternative, or '' when none is."""
    named = [f"{c.scenes[sid].name} {year}" for sid, years in c.disputed.items() for year in years]
    if not named:
        return ""
    noun = "Uppgiften" if len(named) == 1 else "Uppgifterna"
    return f" {noun} om {join_sv(named)} ifrågasätts av någon annan än kartläggningen."


def _survey(c: Catalog, sid: str) -> Figure:
    s = c.surveys[sid]
    percent = s.unit.lower().startswith("procent")
    chart = Chart(
        sid,
        s.title,
        tuple(v.label for v in s.values),
        (Series(s.unit.capitalize(), tuple(v.value for v in s.values)),),
        s.unit.capitalize(),
        horizontal=True,
        max=s.max,
        percent=percent,
    )
    first = s.description.split("\n\n")[0].strip()
    notes = tuple(p.strip() for p in s.description.split("\n\n")[1:] if p.strip())
    return Figure(
        chart,
        "survey",
        first,
        notes,
        "Uppgift",
        tuple(s.sources),
        extra=(("Kommentar", tuple(v.note or "" for v in s.values)),),
    )


# The last two columns of every chart's CSV: each row's sources, titles and addresses paired as in
# the open data (exports.source_cells).
SOURCE_HEADERS = ["Källor", "Källornas adresser"]


def csv_text(f: Figure, c: Catalog, excel: bool = False) -> str:
    """The chart's numbers: one row per category, an empty cell where a figure is unknown, and the row's
    sources. excel: the variant Swedish Excel opens as it is, written by the same code as the open data's."""
    header = [f.header] + [s.name for s in f.chart.series] + [h for h, _ in f.extra] + SOURCE_HEADERS
    body = (
        [cat]
        + ["" if (v := s.values[i]) is None else _plain(v) for s in f.chart.series]
        + [cells[i] for _, cells in f.extra]
        + list(_row_sources(f, c, i))
        for i, cat in enumerate(f.chart.categories)
    )
    return exports.table_csv(header, body, excel, names={})  # the headers are Swedish already


def _row_sources(f: Figure, c: Catalog, row: int) -> tuple[str, str]:
    ids = f.row_sources[row] if f.row_sources else f.sources
    if not ids:  # the portal's own list: the address of its list of places, relative to the CSV file
        here = urls.chart_path(f.chart.id, "csv")
        return exports.source_cells(
            [{"title": PORTAL_LIST, "url": urls.relative(here, urls.url("scenes").lstrip("/"))}]
        )
    return exports.source_cells({"title": c.sources[s].title, "url": c.sources[s].url} for s in ids)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def render_statistics(r: Renderer) -> list[OutputFile]:
    found = figures(r.catalog)
    out = [
        OutputFile.text(
            PAGE,
            r.page(
                "pages/statistics.md.j2",
                PAGE,
                figures=found,
                groups=_groups(found),
                image=_image,
                urls_chart=urls.chart_path,
                excel_id=excel_id,
                source_headers=[f"”{h}”" for h in SOURCE_HEADERS],
                separator=f"”{exports.SOURCE_SEPARATOR.strip()}”",
            ),
        )
    ]
    for f in found:
        out.append(OutputFile(urls.chart_path(f.chart.id, "svg"), f.svg))
        out.append(OutputFile.text(urls.chart_path(f.chart.id, "csv"), csv_text(f, r.catalog)))
        out.append(OutputFile.text(urls.chart_path(excel_id(f.chart.id), "csv"), csv_text(f, r.catalog, excel=True)))
    return out


def _groups(found: list[Figure]) -> list[tuple[str, list[Figure]]]:
    return [
        (g, [f for f in found if f.group == g])
        for g in ("official", "portal", "survey")
        if any(f.group == g for f in found)
    ]


def _image(f: Figure) -> Markup:
    """The chart as <img>; its figcaption, with the main finding, describes it."""
    w, h = f.size
    return Markup(
        f'<img src="{f.svg_name}" alt="Diagram: {md(f.chart.title)}" width="{w}" height="{h}" '
        f'aria-describedby="{f.chart.id}-text">'
    )
