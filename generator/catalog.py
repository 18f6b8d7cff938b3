"""Stage 3 (link): valid records -> one immutable Catalog with ids resolved and back-links made.

Everything that needs more than one record is checked here: duplicate ids, references to ids
that do not exist, mapping years, lineage.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping as Mapping_
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import cast

from . import geo
from .kinds import KINDS
from .models import (
    Actor,
    District,
    Example,
    Mapping,
    Method,
    Municipality,
    PartialDate,
    Record,
    Scene,
    SceneYear,
    School,
    Source,
    Survey,
    Synonym,
)
from .problems import InvalidData, Problem, did_you_mean
from .validate import ANY_ID, Entry, load_and_validate

# The sizes of municipality the good examples can be filtered on, by the population in municipalities.yaml
# (SCB's figure): (id in the page address, smallest population, smallest population of the next size).
SIZE_CLASSES: tuple[tuple[str, int, int | None], ...] = (
    ("liten", 0, 50_000),
    ("mellan", 50_000, 150_000),
    ("stor", 150_000, None),
)
SCHOOL_RADIUS_M = 500  # the distance the motion about schools near open drug scenes asks about


@dataclass(frozen=True)
class NearbySchool:
    id: str
    name: str
    type: str
    distance_m: float


@dataclass(frozen=True)
class Catalog:
    """Every record by id, in file order, plus the reverse links and derived facts the pages need.

    Derived facts are computed once here, in the link stage; renderers only read them."""

    sources: dict[str, Source]
    municipalities: dict[str, Municipality]
    actors: dict[str, Actor]
    methods: dict[str, Method]
    mappings: dict[int, Mapping]
    scenes: dict[str, Scene]
    examples: dict[str, Example]
    origin: dict[tuple[str, str], tuple[str, int]]  # (kind, id) -> (data file, line)
    backlinks: Mapping_[str, Mapping_[str, tuple]] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)  # optional data/schools.yaml
    # kind -> id -> record for every kind in kinds.KINDS, in file order: what a kind without a field
    # of its own above is read from (the fields name the kinds that derived facts are computed for).
    records: dict[str, dict[str, Record]] = field(default_factory=dict)
    surveys: dict[str, Survey] = field(default_factory=dict)  # optional data/surveys.yaml
    synonyms: dict[str, Synonym] = field(default_factory=dict)  # optional data/synonyms.yaml, for search
    latest_drawn: dict[str, SceneYear] = field(default_factory=dict)  # scene -> newest year with a position
    nearby_schools: dict[str, tuple[NearbySchool, ...]] = field(default_factory=dict)  # within SCHOOL_RADIUS_M
    municipalities_with_content: tuple[str, ...] = ()  # those with a scene or an example get a page
    # (kind, id) -> the newest date of the sources the record rests on (published or read), as precise as known
    record_dates: dict[tuple[str, str], PartialDate] = field(default_factory=dict)
    drawn_scenes: dict[str, tuple[str, ...]] = field(default_factory=dict)  # municipality -> scenes on a map
    disputed: dict[str, tuple[int, ...]] = field(default_factory=dict)  # scene -> years whose status is disputed
    # scene -> the district administration of its municipality whose areas include the scene's district
    district_of: dict[str, District] = field(default_factory=dict)
    cited_sources: frozenset[str] = frozenset()  # every source id that some record cites, anywhere in it
    size_class: dict[str, str] = field(
        default_factory=dict
    )  # municipality -> SIZE_CLASSES id, when its population is known
    # The newest source behind the open-data files (places and mappings): the one date /oppna-data/ shows,
    # in its files (data_date) and at its foot, as precise as the source gives it.
    open_data_date: PartialDate | None = None

    def linked(self, relation: str, key) -> tuple:
        """Ids related to key, e.g. linked("examples_by_scene", "fisksatra"); see _REFERENCES."""
        return self.backlinks.get(relation, {}).get(key, ())

    @property
    def latest_mapping(self) -> Mapping:
        return self.mappings[max(self.mappings)]

    @property
    def latest_counted_mapping(self) -> Mapping | None:
        """The newest mapping whose official number of scenes is known (a newer one may have none)."""
        counted = [y for y, m in self.mappings.items() if m.totals.scenes is not None]
        return self.mappings[max(counted)] if counted else None

    @property
    def newest_date(self) -> dt.date | None:
        """The newest date the data knows of (published, read): the data's own date, for reproducible builds."""
        dates = [s.date.first_day() for s in self.sources.values() if s.date]
        dates += [s.accessed for s in self.sources.values() if s.accessed]
        dates += [m.published.first_day() for m in self.mappings.values() if m.published]
        return max(dates, default=None)

    @property
    def newest_source_date(self) -> dt.date | None:
        """The newest date a source or a round was published: what "the portal's newest source" means to a
        reader (newest_date also counts the days sources were read, which no source is "from")."""
        dates = [s.date.first_day() for s in self.sources.values() if s.date]
        dates += [m.published.first_day() for m in self.mappings.values() if m.published]
        return max(dates, default=None)

    def data_date(self, kind: str, record_id: str | None = None) -> PartialDate | None:
        """How new a page's facts are: the record's newest source, for an index the newest of its kind,
        for kind "all" the newest of every record."""
        if record_id is not None:
            return self.record_dates.get((kind, record_id))
        dates = [d for (k, _), d in self.record_dates.items() if kind in (k, "all")]
        return max(dates, key=lambda d: d.key, default=None)

    def per_municipality(self, scene_ids) -> list[tuple[str, int]]:
        """(municipality, how many of the places are there), in the order of municipalities.yaml."""
        counts = collections.Counter(self.scenes[sid].municipality for sid in scene_ids)
        return [(mid, counts[mid]) for mid in self.municipalities if counts[mid]]

    def source_users(self, source_id: str) -> tuple[tuple[str, str], ...]:
        return self.linked("users_by_source", source_id)

    def drawn_years(self, scene_ids) -> list[int]:
        """Mapping years in which at least one of the places has a position, oldest first."""
        return sorted({y.year for sid in scene_ids for y in self.scenes[sid].years if y.geometry})

    def first_year(self, scene_ids) -> int | None:
        """The year a map of these places opens on: the newest mapping with official figures if it has
        places to show here, else the newest year that has any (a newer round may name only a few)."""
        years = self.drawn_years(scene_ids)
        counted = self.latest_counted_mapping
        if counted and counted.year in years:
            return counted.year
        return years[-1] if years else None

    def listed_with_school(self, year: int) -> tuple[int, int]:
        """(places listed with a position in that year's mapping, of them with a school nearby)."""
        listed = [
            sid
            for sid, s in self.scenes.items()
            if any(y.year == year and y.status == "listed" and y.geometry for y in s.years)
        ]
        return len(listed), sum(1 for sid in listed if self.nearby_schools.get(sid))


# kind -> fields holding ids of another kind: (path into the record, target kind, back-link name).
# The back-link name, when given, makes Catalog.linked(name, target_id) list the records that point
# at target_id through that field; this table is the one place that declares both directions.
_REFERENCES: dict[str, list[tuple[str, str, str | None]]] = {
    "municipalities": [
        ("sources", "sources", "users_by_source"),
        ("districts.*.sources", "sources", "users_by_source"),
        ("population.sources", "sources", "users_by_source"),
    ],
    "actors": [("sources", "sources", "users_by_source")],
    "methods": [
        ("lead_actors", "actors", "methods_by_actor"),
        ("sources", "sources", "users_by_source"),
        ("evidence.sources", "sources", None),
    ],
    "mappings": [
        ("publishers", "actors", None),
        ("sources", "sources", "users_by_source"),
        ("other_figures.*.sources", "sources", "users_by_source"),
    ],
    "scenes": [
        ("municipality", "municipalities", "scenes_by_municipality"),
        ("merged_into", "scenes", "merged_from"),
        ("split_from", "scenes", "split_into"),
        ("measures", "methods", "scenes_by_method"),
        ("sources", "sources", "users_by_source"),
        ("collaboration.actors", "actors", "scenes_by_actor"),
        ("collaboration.sources", "sources", None),
        ("years.*.sources", "sources", None),
        ("years.*.dispute.sources", "sources", None),
        ("years.*.indicators.*.sources", "sources", None),
    ],
    "examples": [
        ("municipality", "municipalities", "examples_by_municipality"),
        ("scenes", "scenes", "examples_by_scene"),
        ("methods", "methods", "examples_by_method"),
        ("actors", "actors", "examples_by_actor"),
        ("sources", "sources", "users_by_source"),
    ],
    "schools": [("sources", "sources", None)],  # schools have no page for the list of sources to link to
    "surveys": [("sources", "sources", "users_by_source")],  # the list of sources links to their chart
    "synonyms": [("not_same_as", "synonyms", None)],
}
REFERENCES = _REFERENCES  # read by cms.py: every id field here is a relation picker in the web editor


def check(data_dir: Path) -> Catalog:
    """Stages 1-3: load, validate and link; raise InvalidData with every problem at once.

    The data is read first without the line and column of every value: for many places those marks
    were most of the build's memory, and valid data never needs them. Only when something is wrong is
    it read again with them, to say where."""
    entries, written, problems = load_and_validate(data_dir, marks=False)
    if not problems:
        catalog, link_problems = link(entries, written)
        if catalog is not None and not link_problems:
            return catalog
    entries, written, problems = load_and_validate(data_dir)
    catalog, link_problems = link(entries, written)
    if problems or link_problems or catalog is None:
        raise InvalidData(problems + link_problems)
    return catalog


def link(
    entries: dict[str, list[Entry]], written: dict[str, set] | None = None
) -> tuple[Catalog | None, list[Problem]]:
    """Check references between the valid records. `written` holds ids of records that exist in
    the files but have errors of their own: references to them are not reported again."""
    problems = _duplicates(entries)
    ids = {kind: {e.id for e in found} | (written or {}).get(kind, set()) for kind, found in entries.items()}
    # None: mappings.yaml could not be read, so no year can be said to be missing from it.
    years = None if ANY_ID in ids["mappings"] else {int(y) for y in ids["mappings"] if str(y).isdigit()}
    for kind, refs in _REFERENCES.items():
        for entry in entries[kind]:
            for path, target, _ in refs:
                for loc, value in _values(entry.record, path.split(".")):
                    if value not in ids[target] and ANY_ID not in ids[target]:
                        problems.append(_unknown(entry, loc, value, target, ids[target]))
    problems += _check_scenes(entries["scenes"], years) + _lineage_rings(entries["scenes"])
    if problems:
        return None, problems
    return _catalog(entries), []


def _duplicates(entries) -> list[Problem]:
    problems = []
    for kind, found in entries.items():
        first: dict[str, Entry] = {}
        for e in found:
            key = e.id if kind != "mappings" else e.record.year
            if key in first:
                line, col = e.where("year" if kind == "mappings" else "id")
                problems.append(
                    Problem(
                        e.doc.path,
                        line,
                        col,
                        e.field("id"),
                        f'id "{key}" finns redan på rad {first[key].line}; varje id ska vara unikt',
                    )
                )
            else:
                first[key] = e
    return problems


def _values(record, path: list[str], loc: tuple = ()):
    """Yield (loc, id) for every id found at a dotted path; '*' walks a list."""
    if not path:
        if isinstance(record, (list, tuple)):
            for i, value in enumerate(record):
                yield loc + (i,), value
        elif record is not None:
            yield loc, record
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for i, item in enumerate(record):
            yield from _values(item, rest, loc + (i,))
        return
    value = getattr(record, head, None)
    if value is not None:
        yield from _values(value, rest, loc + (head,))


def _unknown(entry: Entry, loc: tuple, value: str, target: str, known: set[str]) -> Problem:
    line, col = entry.where(*loc)
    return Problem(
        entry.doc.path,
        line,
        col,
        entry.field(*loc),
        f'okänd {KINDS[target].reference}: "{value}"{did_you_mean(value, sorted(known))}',
    )


def _check_scenes(scenes: list[Entry], years: set[int] | None) -> list[Problem]:
    problems = []
    for e in scenes:
        scene = cast(Scene, e.record)
        for i, y in enumerate(scene.years):
            if years is not None and y.year not in years:
                line, col = e.where("years", i, "year")
                problems.append(
                    Problem(
                        e.doc.path,
                        line,
                        col,
                        e.field("years", i, "year"),
                        f"det finns ingen kartläggning {y.year} i mappings.yaml; "
                        f"kända år: {', '.join(map(str, sorted(years)))}",
                    )
                )
            problems += _check_compared_with(e, i, y, years)
        for loc, other in [(("merged_into",), scene.merged_into)] + [
            (("split_from", i), s) for i, s in enumerate(scene.split_from)
        ]:
            if other == scene.id:
                line, col = e.where(*loc)
                problems.append(
                    Problem(e.doc.path, line, col, e.field(*loc), "en plats kan inte hänvisa till sig själv")
                )
    return problems


def _check_compared_with(e: Entry, i: int, y, years: set[int] | None) -> list[Problem]:
    """A follow-up measure compares with an earlier mapping round that exists (the model cannot see the
    other file, nor say where in the file the year is)."""
    problems = []
    for j, indicator in enumerate(y.indicators):
        other = indicator.compared_with
        if other is None:
            continue
        loc = ("years", i, "indicators", j, "compared_with")
        if other >= y.year:
            message = f"{other} är inte före {y.year}; ett mått kan bara jämföras med en tidigare kartläggning"
        elif years is not None and other not in years:
            message = (
                f"det finns ingen kartläggning {other} i mappings.yaml att jämföra med; "
                f"kända år: {', '.join(map(str, sorted(years)))}"
            )
        else:
            continue
        problems.append(Problem(e.doc.path, *e.where(*loc), e.field(*loc), message))
    return problems


_LINEAGE = {"merged_into": "gick upp i", "split_from": "delades ut från"}


def _lineage_rings(scenes: list[Entry]) -> list[Problem]:
    """A ring of places that each went up in the next (or each split from the next) cannot be true:
    each would have ended, or begun, before the other. One problem per ring, at the field that
    closes it, naming every place in it. The two relations are checked apart: a place may split
    from another and later merge back into it."""
    first: dict[str, Entry] = {}
    for e in scenes:
        first.setdefault(e.id, e)  # a duplicate id is reported already; the first one counts
    problems = []
    for name, verb in _LINEAGE.items():
        graph = {sid: _lineage_targets(e, name) for sid, e in first.items()}
        for ring, loc in _rings(graph):
            e = first[ring[-1]]
            told = f'"{ring[0]}" {verb} "{ring[1]}"' + "".join(f', som {verb} "{p}"' for p in ring[2:] + ring[:1])
            message = f"platserna går i ring: {told}; rätta {name} hos den plats där det är fel"
            problems.append(Problem(e.doc.path, *e.where(*loc), e.field(*loc), message))
    return problems


def _lineage_targets(e: Entry, name: str) -> dict[str, tuple]:
    """The places a scene's merged_into or split_from names, each with the loc of its first mention."""
    targets: dict[str, tuple] = {}
    for loc, other in _values(e.record, [name]):
        targets.setdefault(other, loc)
    return targets


def _rings(graph: dict[str, dict[str, tuple]]) -> list[tuple[list[str], tuple]]:
    """Each ring found by a depth-first walk in file order: an edge back to a place still on the walk
    closes one. Returns the ring's places, from the one first reached, and the loc of the closing
    edge. Iterative, so that a chain of 10,000 places needs no deep recursion; a place pointing at
    itself or at an unknown id is left out (both are reported elsewhere)."""
    rings, state = [], {}  # state: 1 while on the walk, 2 when done
    for start in graph:
        if start in state:
            continue
        path, todo = [start], [iter(graph[start].items())]
        state[start] = 1
        while todo:
            step = next(todo[-1], None)
            if step is None:
                state[path.pop()] = 2
                todo.pop()
                continue
            target, loc = step
            if target not in graph or target == path[-1]:
                continue
            if state.get(target) == 1:
                rings.append((path[path.index(target) :], loc))
            elif target not in state:
                state[target] = 1
                path.append(target)
                todo.append(iter(graph[target].items()))
    return rings


def _catalog(entries) -> Catalog:
    def by_id(kind):
        return {e.id: e.record for e in entries[kind]}

    origin = {(kind, e.id): (e.doc.path, e.line) for kind, found in entries.items() for e in found}
    scenes, schools = by_id("scenes"), by_id("schools")
    latest = {sid: drawn[-1] for sid, s in scenes.items() if (drawn := [y for y in s.years if y.geometry])}
    catalog = Catalog(
        sources=by_id("sources"),
        municipalities=by_id("municipalities"),
        actors=by_id("actors"),
        methods=by_id("methods"),
        mappings={e.record.year: e.record for e in entries["mappings"]},
        records={kind: by_id(kind) for kind in entries},
        scenes=scenes,
        examples=by_id("examples"),
        origin=origin,
        backlinks=_backlinks(entries),
        schools=schools,
        surveys=by_id("surveys"),
        synonyms=by_id("synonyms"),
        latest_drawn=latest,
        disputed={sid: years for sid, s in scenes.items() if (years := tuple(y.year for y in s.years if y.dispute))},
        nearby_schools={sid: _schools_near(y, schools) for sid, y in latest.items()},
        district_of=_districts_of(scenes, by_id("municipalities")),
        cited_sources=_cited_sources(entries),
        size_class={mid: size_class(m.population.count) for mid, m in by_id("municipalities").items() if m.population},
    )
    with_content = tuple(
        m
        for m in catalog.municipalities
        if catalog.linked("scenes_by_municipality", m) or catalog.linked("examples_by_municipality", m)
    )
    on_map = {
        m: tuple(sid for sid in catalog.linked("scenes_by_municipality", m) if sid in latest) for m in with_content
    }
    dates = _record_dates(catalog, entries)
    return dataclasses.replace(
        catalog,
        municipalities_with_content=with_content,
        drawn_scenes=on_map,
        record_dates=dates,
        open_data_date=max(
            (d for (kind, _), d in dates.items() if kind in OPEN_DATA_KINDS), key=lambda d: d.key, default=None
        ),
    )


def size_class(population: int) -> str:
    """The id of the size in SIZE_CLASSES that a population falls in."""
    return next(cid for cid, low, high in SIZE_CLASSES if population >= low and (high is None or population < high))


# What the open-data files are made of: their date is the newest source of these records.
OPEN_DATA_KINDS = ("scenes", "mappings")


def _record_dates(catalog: Catalog, entries) -> dict[tuple[str, str], PartialDate]:
    """For each record, the newest date among every source it cites anywhere (its years, its
    platssamverkan ...: the "sources" fields of _REFERENCES), published or read, and for a mapping its
    own publication date. A date known only to the month or year stays that precise."""
    dates: dict[tuple[str, str], PartialDate] = {}

    def note(user: tuple[str, str], when: PartialDate) -> None:
        if user not in dates or dates[user].key < when.key:
            dates[user] = when

    for kind, refs in _REFERENCES.items():
        for e in entries.get(kind, []):
            for when in _cited_dates(catalog, e.record, [p for p, target, _ in refs if target == "sources"]):
                note((kind, str(e.id)), when)
    for year, mapping in catalog.mappings.items():
        if mapping.published:
            note(("mappings", str(year)), mapping.published)
    # A municipality's page shows its places and examples: it is as new as the newest of them.
    for mid in catalog.municipalities:
        for kind, relation in (("scenes", "scenes_by_municipality"), ("examples", "examples_by_municipality")):
            for rid in catalog.linked(relation, mid):
                if (kind, rid) in dates:
                    note(("municipalities", mid), dates[(kind, rid)])
    return dates


def _cited_sources(entries) -> frozenset[str]:
    """The ids of the sources that some record cites, at any of the "sources" paths of _REFERENCES."""
    return frozenset(
        sid
        for kind, refs in _REFERENCES.items()
        for e in entries.get(kind, [])
        for path, target, _ in refs
        if target == "sources"
        for _, sid in _values(e.record, path.split("."))
    )


def _cited_dates(catalog: Catalog, record, paths: list[str]) -> list[PartialDate]:
    """The publication and reading dates of the sources a record cites at these paths."""
    found = []
    for path in paths:
        for _, sid in _values(record, path.split(".")):
            source = catalog.sources.get(sid)  # None: a source with errors of its own, already reported
            if source is not None:
                found += [source.date] if source.date else []
                found += [PartialDate.parse(source.accessed)] if source.accessed else []
    return found


def _backlinks(entries) -> MappingProxyType:
    """Every back-link declared in _REFERENCES, in file order, without duplicates."""
    links: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for kind, refs in _REFERENCES.items():
        for e in entries.get(kind, []):
            for path, _, name in refs:
                if name is None:
                    continue
                # The list of sources names the kind of each user as well, to link to it.
                user = (kind, e.id) if name == "users_by_source" else e.id
                for _, target_id in _values(e.record, path.split(".")):
                    links[name][target_id].append(user)
    return MappingProxyType(
        {rel: MappingProxyType({k: tuple(dict.fromkeys(v)) for k, v in d.items()}) for rel, d in links.items()}
    )


def _districts_of(scenes: dict[str, Scene], municipalities: dict[str, Municipality]) -> dict[str, District]:
    """Each place whose district (as written in scenes.yaml) is one of the areas of a district
    administration of its own municipality: the administration a resident there turns to."""
    found = {}
    for sid, scene in scenes.items():
        m = municipalities.get(scene.municipality)
        if m and scene.district:
            match = next((d for d in m.districts if scene.district in d.areas), None)
            if match:
                found[sid] = match
    return found


def _schools_near(year: SceneYear, schools: dict[str, School]) -> tuple[NearbySchool, ...]:
    """Schools within SCHOOL_RADIUS_M of the shape (0 m inside an area), nearest first."""
    g = year.geometry
    if g is None:
        return ()
    found = []
    for sid, school in schools.items():
        d = geo.distance_to_geometry_m(school.geometry.coordinates, g.type, g.coordinates)
        if d <= SCHOOL_RADIUS_M:
            found.append(NearbySchool(sid, school.name, school.type, d))
    return tuple(sorted(found, key=lambda s: (s.distance_m, s.id)))
