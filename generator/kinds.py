"""The registry of record kinds: the one place that says what each kind of record is called, where
its data lives, which model checks it, where its pages are and how the editor and the search name it.

Loading, validation, the URL table, the pages' words, the search, the web editor, `generator new`
and the CLI all read KINDS; none of them lists kinds of its own. To add a kind of record: a model in
models.py, one Kind below, its templates in theme/pages/ (and theme/records/ for `generator new`),
and its data in data/.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Actor, Example, Mapping, Method, Municipality, Record, Scene, School, Source, Survey, Synonym


@dataclass(frozen=True)
class Kind:
    """One kind of record."""

    name: str  # the kind in code, data/ and the catalogue: "scenes"
    model: type[Record]
    data_file: str  # under data/: a list file "scenes.yaml", or a folder "examples/" of one record per file
    singular: str  # in Swedish, as a heading or label: "Plats"
    plural: str  # "Platser"
    neuter: bool = False  # an ett-word: "Nytt gott exempel", not "Ny"
    section: str | None = None  # the URL section of its pages ("platser"); None: it has no pages
    record_template: str | None = None  # theme/pages/<…> for one record's page
    index_template: str | None = None  # theme/pages/<…> for the section's index page
    command: str | None = None  # `generator new <command>`; None: not made from the command line
    key: str = "id"  # what names a record in its file: its id, or a mapping's year
    optional: bool = False  # the data file may be missing
    search_as: str | None = None  # what a search result calls its pages, where not `singular`

    @property
    def shape(self) -> str:
        return "one" if self.data_file.endswith("/") else "list"

    @property
    def search_label(self) -> str:
        """What a search result says a page of this kind is, and the search filter's value."""
        return self.search_as or self.singular

    @property
    def new_label(self) -> str:
        """The heading `generator new` puts on a record it starts: "Ny plats", "Nytt gott exempel"."""
        return ("Nytt " if self.neuter else "Ny ") + self.singular.lower()

    @property
    def reference(self) -> str:
        """A record named in an error about a reference to it: "plats i scenes.yaml", "gott exempel"."""
        return self.singular.lower() + (f" i {self.data_file}" if self.shape == "list" else "")


# In load order: a kind comes after the kinds its records point at, so validation reports a file's
# own errors before the references to it.
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "sources",
            Source,
            "sources.yaml",
            "Källa",
            "Källor",
            section="om/kallor",
            index_template="sources.md.j2",
            command="source",
            search_as="Om portalen",
        ),
        Kind(
            "municipalities",
            Municipality,
            "municipalities.yaml",
            "Kommun",
            "Kommuner",
            section="kommuner",
            record_template="municipality.md.j2",
            index_template="municipalities_index.md.j2",
        ),
        Kind(
            "actors",
            Actor,
            "actors.yaml",
            "Aktör",
            "Aktörer",
            section="aktorer",
            record_template="actor.md.j2",
            index_template="actors_index.md.j2",
            command="actor",
        ),
        Kind(
            "methods",
            Method,
            "methods.yaml",
            "Metod",
            "Metoder",
            section="metoder",
            record_template="method.md.j2",
            index_template="methods_index.md.j2",
            command="method",
        ),
        Kind(
            "mappings",
            Mapping,
            "mappings.yaml",
            "Kartläggning",
            "Kartläggningar",
            section="kartlaggningar",
            index_template="mappings.md.j2",
            command="mapping",
            key="year",
        ),
        Kind(
            "scenes",
            Scene,
            "scenes.yaml",
            "Plats",
            "Platser",
            section="platser",
            record_template="scene.md.j2",
            index_template="scenes_index.md.j2",
            command="scene",
        ),
        Kind(
            "examples",
            Example,
            "examples/",
            "Gott exempel",
            "Goda exempel",
            neuter=True,
            section="goda-exempel",
            record_template="example.md.j2",
            index_template="examples_index.md.j2",
            command="example",
        ),
        Kind("schools", School, "schools.yaml", "Skola", "Skolor", optional=True),
        Kind("surveys", Survey, "surveys.yaml", "Enkät", "Enkäter och sammanställningar", optional=True),
        Kind("synonyms", Synonym, "synonyms.yaml", "Ordgrupp", "Sökord", optional=True),
    )
}

# The order of the web editor's collections: the ones editors need most first (a kind not named
# here comes last, see in_order).
CMS_ORDER = (
    "scenes",
    "examples",
    "methods",
    "actors",
    "mappings",
    "sources",
    "municipalities",
    "schools",
    "surveys",
    "synonyms",
)
# The order of the kinds of record in the search filter and among its links to index pages (with
# any other kind that has pages of its own after them).
SEARCH_ORDER = ("scenes", "municipalities", "methods", "examples", "actors", "mappings")


def in_order(preferred: tuple[str, ...], kinds: list[str] | None = None) -> list[str]:
    """The kinds (every one by default) with those in `preferred` first, in its order; then the rest
    in the registry's order."""
    kinds = list(KINDS) if kinds is None else kinds
    return [k for k in preferred if k in kinds] + [k for k in kinds if k not in preferred]


# File name under data/ -> (model, shape), for the stages that walk the files.
DATA_FILES: dict[str, tuple[type[Record], str]] = {k.data_file: (k.model, k.shape) for k in KINDS.values()}
OPTIONAL_FILES = {k.data_file for k in KINDS.values() if k.optional}
# `generator new <command>` -> kind.
COMMANDS = {k.command: k for k in KINDS.values() if k.command}


def kind_of(file_name: str) -> str:
    """The kind of a data file: "scenes.yaml" -> "scenes", "examples/" -> "examples"."""
    return file_name.rstrip("/").removesuffix(".yaml")
