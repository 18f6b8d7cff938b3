"""Stage 3 (link): valid records -> one immutable Catalog with ids resolved and back-links made.

Everything that needs more than one record is checked here: duplicate ids, references to ids
that do not exist, mapping years, lineage.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from types import MappingProxyType

from .models import Actor, Example, Mapping, Method, Municipality, School, Scene, Source
from .problems import Problem, did_you_mean
from .validate import ANY_ID, Entry


@dataclass(frozen=True)
class Catalog:
    """Every record by id, in file order, plus the reverse links the pages need."""

    sources: dict[str, Source]
    municipalities: dict[str, Municipality]
    actors: dict[str, Actor]
    methods: dict[str, Method]
    mappings: dict[int, Mapping]
    scenes: dict[str, Scene]
    examples: dict[str, Example]
    origin: dict[tuple[str, str], tuple[str, int]]  # (kind, id) -> (data file, line)
    backlinks: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)  # optional data/schools.yaml

    def linked(self, relation: str, key) -> tuple[str, ...]:
        """Ids related to key, e.g. linked("examples_by_scene", "fisksatra")."""
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

    def source_users(self, source_id: str) -> tuple[tuple[str, str], ...]:
        return self.backlinks.get("users_by_source", {}).get(source_id, ())


# kind -> fields holding ids of another kind: (path into the record, target kind)
_REFERENCES = {
    "municipalities": [("sources", "sources")],
    "actors": [("sources", "sources")],
    "methods": [("lead_actors", "actors"), ("sources", "sources"), ("evidence.sources", "sources")],
    "mappings": [("publishers", "actors"), ("sources", "sources")],
    "scenes": [("municipality", "municipalities"), ("merged_into", "scenes"), ("split_from", "scenes"),
               ("measures", "methods"), ("sources", "sources"), ("collaboration.actors", "actors"),
               ("collaboration.sources", "sources"), ("years.*.sources", "sources")],
    "examples": [("municipality", "municipalities"), ("scenes", "scenes"), ("methods", "methods"),
                 ("actors", "actors"), ("sources", "sources")],
    "schools": [("sources", "sources")],
}


def link(entries: dict[str, list[Entry]], written: dict[str, set] | None = None) -> tuple[Catalog | None, list[Problem]]:
    """Check references between the valid records. `written` holds ids of records that exist in
    the files but have errors of their own: references to them are not reported again."""
    problems = _duplicates(entries)
    ids = {kind: {e.id for e in found} | (written or {}).get(kind, set()) for kind, found in entries.items()}
    years = {int(y) for y in ids["mappings"] if str(y).isdigit()}
    for kind, refs in _REFERENCES.items():
        for entry in entries[kind]:
            for path, target in refs:
                for loc, value in _values(entry.record, path.split(".")):
                    if value not in ids[target] and ANY_ID not in ids[target]:
                        problems.append(_unknown(entry, loc, value, target, ids[target]))
    problems += _check_scenes(entries["scenes"], years)
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
                problems.append(Problem(e.doc.path, line, col, e.field("id"),
                                        f'id "{key}" finns redan på rad {first[key].line}; varje id ska vara unikt'))
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


_KIND_NAMES = {"sources": "källa i sources.yaml", "municipalities": "kommun i municipalities.yaml",
               "actors": "aktör i actors.yaml", "methods": "metod i methods.yaml",
               "scenes": "plats i scenes.yaml", "examples": "gott exempel"}


def _unknown(entry: Entry, loc: tuple, value: str, target: str, known: set[str]) -> Problem:
    line, col = entry.where(*loc)
    return Problem(entry.doc.path, line, col, entry.field(*loc),
                   f'okänd {_KIND_NAMES[target]}: "{value}"{did_you_mean(value, sorted(known))}')


def _check_scenes(scenes: list[Entry], years: set[int]) -> list[Problem]:
    problems = []
    for e in scenes:
        scene: Scene = e.record
        for i, y in enumerate(scene.years):
            if y.year not in years:
                line, col = e.where("years", i, "year")
                problems.append(Problem(e.doc.path, line, col, e.field("years", i, "year"),
                                        f"det finns ingen kartläggning {y.year} i mappings.yaml; "
                                        f"kända år: {', '.join(map(str, sorted(years)))}"))
        for loc, other in [(("merged_into",), scene.merged_into)] + [
                (("split_from", i), s) for i, s in enumerate(scene.split_from)]:
            if other == scene.id:
                line, col = e.where(*loc)
                problems.append(Problem(e.doc.path, line, col, e.field(*loc),
                                        "en plats kan inte hänvisa till sig själv"))
    return problems


def _catalog(entries) -> Catalog:
    def by_id(kind):
        return {e.id: e.record for e in entries[kind]}

    origin = {(kind, e.id): (e.doc.path, e.line) for kind, found in entries.items() for e in found}
    scenes, examples, methods = by_id("scenes"), by_id("examples"), by_id("methods")
    links: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for sid, s in scenes.items():
        links["scenes_by_municipality"][s.municipality].append(sid)
        for m in s.measures:
            links["scenes_by_method"][m].append(sid)
        if s.merged_into:
            links["merged_from"][s.merged_into].append(sid)
        for parent in s.split_from:
            links["split_into"][parent].append(sid)
        for a in (s.collaboration.actors if s.collaboration else []):
            links["scenes_by_actor"][a].append(sid)
    for xid, x in examples.items():
        links["examples_by_municipality"][x.municipality].append(xid)
        for sid in x.scenes:
            links["examples_by_scene"][sid].append(xid)
        for m in x.methods:
            links["examples_by_method"][m].append(xid)
        for a in x.actors:
            links["examples_by_actor"][a].append(xid)
    for mid, m in methods.items():
        for a in m.lead_actors:
            links["methods_by_actor"][a].append(mid)
    for kind, found in entries.items():
        if kind == "schools":  # schools have no pages to link to from the list of sources
            continue
        for e in found:
            for _, src in _values(e.record, ["sources"]):
                links["users_by_source"][src].append((kind, e.id))
    frozen = {rel: MappingProxyType({k: tuple(dict.fromkeys(v)) for k, v in d.items()}) for rel, d in links.items()}
    return Catalog(
        sources=by_id("sources"), municipalities=by_id("municipalities"), actors=by_id("actors"),
        methods=methods, mappings={e.record.year: e.record for e in entries["mappings"]},
        scenes=scenes, examples=examples, origin=origin, backlinks=MappingProxyType(frozen),
        schools={e.id: e.record for e in entries.get("schools", [])})
