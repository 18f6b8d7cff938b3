"""The web editor's configuration (Sveltia CMS), generated from the data model. The only module that
knows Sveltia's configuration format.

Each kind of record in kinds.KINDS becomes one collection: a list file (scenes.yaml, ...) is a
file collection whose one field is a list saved at the top of the file (`root: true`); the folder
data/examples/ is a folder collection with one file per good example. The fields come from the
JSON Schema that pydantic makes of each model (the same one VS Code uses): label from LABELS, help
text from the model's description, required where the model requires it, a select for every
Literal, a relation for every id that catalog.REFERENCES says points at another kind, lists and
objects for nested records. `python -m generator cms` writes the result to theme/admin/config.yml,
and tests/test_cms.py fails when the committed file differs from what the model gives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from .catalog import REFERENCES
from .config import load_settings
from .kinds import CMS_ORDER, DATA_FILES, KINDS, in_order, kind_of
from .models import CODE_PATTERN, EMAIL_PATTERN, HTTPS_PATTERN, SLUG_PATTERN, URL_PATTERN
from .render.text import LABELS as WORDS

ROOT = Path(__file__).resolve().parent.parent
CONFIG_FILE = ROOT / "theme" / "admin" / "config.yml"
# What the build copies from node_modules into admin/sveltia/ (paths relative to node_modules): the
# script that ods-admin.js loads, the parts and fonts it would fetch from CDNs (ods-sw.js answers
# those requests with these copies), the Swedish translation and every licence.
SVELTIA_FILES = (
    ("@sveltia/cms/dist/sveltia-cms.js", "sveltia-cms.js"),
    ("@sveltia/cms/dist/chunks/react-dom.js", "chunks/react-dom.js"),
    ("@sveltia/cms/locales/sv.json", "sv.json"),
    ("@sveltia/cms/LICENSE.txt", "LICENSE.txt"),
    # Not "immutable.es.js": the language plugin (mkdocs-static-i18n, suffix structure) reads ".es" as
    # Spanish and leaves the file out of the Swedish build.
    ("immutable/dist/immutable.es.js", "immutable-es.js"),
    ("immutable/LICENSE", "LICENSE-immutable.txt"),
    (
        "@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2",
        "fonts/source-sans-3-latin-wght-normal.woff2",
    ),
    ("@fontsource-variable/source-sans-3/LICENSE", "fonts/LICENSE-source-sans-3.txt"),
    (
        "@fontsource-variable/material-symbols-outlined/files/material-symbols-outlined-latin-wght-normal.woff2",
        "fonts/material-symbols-outlined-latin-wght-normal.woff2",
    ),
    ("@fontsource-variable/material-symbols-outlined/LICENSE", "fonts/LICENSE-material-symbols.txt"),
)

# The field that names a record in lists and in the relation pickers.
DISPLAY_FIELD = {"sources": "title", "synonyms": "id", "mappings": "title"}

# A short Swedish label for every field name in the model ("Model.field" first, then "field").
LABELS = {
    "accessed": "Läst",
    "approximate": "Ungefärligt, med källans ord",
    "category": "Kategori",
    "certainty": "Säkerhet",
    "code": "Kommunkod",
    "count": "Antal",
    "collaboration": "Platssamverkan",
    "coordinates": "Koordinater",
    "counts": "Vad siffran räknar",
    "date": "Datum",
    "description": "Beskrivning",
    "district": "Stadsdel eller kommundel",
    "districts": "Stadsdelsförvaltningar",
    "District.name": "Förvaltningens namn",
    "District.url": "Förvaltningens sida",
    "areas": "Områden (som i platsernas district)",
    "dispute": "Ifrågasatt",
    "Dispute.by": "Vem ifrågasätter",
    "Dispute.says": "Vad de säger",
    "Dispute.sources": "Källor för invändningen",
    "email": "E-post",
    "indicators": "Polisens uppföljning",
    "Indicator.measure": "Vad som mättes",
    "Indicator.other": "Annat mått",
    "Indicator.direction": "Riktning",
    "Indicator.amount": "Hur mycket",
    "Indicator.compared_with": "Jämfört med kartläggningen",
    "Indicator.according_to": "Enligt vem",
    "Indicator.sources": "Källor för måttet",
    "end": "Slut",
    "evidence": "Evidens",
    "geometry": "Läge",
    "id": "Id",
    "inferred_from": "Slutsatsen bygger på",
    "kind": "Sort",
    "label": "Etikett",
    "lead_actors": "Ledande aktörer",
    "level": "Nivå",
    "design": "Vad underlaget är",
    "read": "Läst av oss",
    "max": "Största möjliga värde",
    "measures": "Metoder på platsen",
    "meeting_frequency": "Hur ofta man ses",
    "merged_into": "Gick upp i",
    "municipality": "Kommun",
    "name": "Namn",
    "new": "Nya platser",
    "not_same_as": "Inte samma som",
    "note": "Anteckning",
    "official_name": "Officiellt namn",
    "other_figures": "Andra siffror, inte officiella",
    "period": "Period",
    "place_type": "Typ av plats",
    "population": "Folkmängd",
    "precision": "Noggrannhet",
    "published": "Publicerad",
    "publisher": "Utgivare",
    "publishers": "Utgivare",
    "removed": "Upphörda platser",
    "removed_date": "Upphörde",
    "responsibilities": "Ansvar och uppgifter",
    "result": "Resultat",
    "said_by": "Vem som anger siffran",
    "sara_phases": "Steg i SARA",
    "short_name": "Kort namn",
    "since": "Sedan",
    "split_from": "Delades ut från",
    "start": "Start",
    "status": "Status",
    "summary": "Sammanfattning",
    "terms": "Ord",
    "text": "Text",
    "times_of_day": "Tider på dygnet",
    "title": "Rubrik",
    "totals": "Officiella siffror",
    "type": "Typ",
    "unit": "Enhet",
    "url": "Webbadress",
    "value": "Värde",
    "values": "Värden",
    "website": "Webbplats",
    "what_was_done": "Vad som gjordes",
    "when_to_use": "När metoden passar",
    "year": "År",
    "years": "Kartläggningsår",
    "OtherFigure.value": "Siffra (exakt tal)",
    "OtherFigure.date": "När siffran gällde",
    "Totals.scenes": "Antal platser",
    "Totals.municipalities": "Antal kommuner",
}
# A field that lists records of a kind is labelled with the kind's name (kinds.py).
LABELS |= {k.name: k.plural for k in KINDS.values() if k.section}
# Fields whose text often runs to several sentences get a text area instead of one line.
LONG_TEXT = {"description", "summary", "result", "when_to_use", "text", "note", "inferred_from", "what_was_done"}
LONG_TEXT |= {"says", "according_to"}  # a dispute's own words; who says a follow-up measure


def _option(value: str, word: str) -> str:
    """A choice in the editor: the value, then the page's word for it in brackets."""
    word = word[:1].lower() + word[1:].replace(" (", ", ").replace(")", "")
    return f"{value} ({word})"


# Swedish words beside the values the data keeps in English: the words the pages use (render/text.py).
OPTION_GROUPS = (
    "status",
    "certainty",
    "precision",
    "category",
    "sara",
    "evidence",
    "evidence_design_short",
    "geometry",
    "indicator",
    "direction",
)
OPTION_LABELS = {v: _option(v, word) for g in OPTION_GROUPS for v, word in WORDS[g].items()}
# Patterns in the model and what an editor is told when a value does not match.
PATTERN_MESSAGES = {
    SLUG_PATTERN: "Använd små bokstäver a–z, siffror och bindestreck (inga å, ä, ö), t.ex. hasselby-torg.",
    URL_PATTERN: "Webbadressen ska börja med https:// eller http://.",
    HTTPS_PATTERN: "Webbadressen ska börja med https://.",
    CODE_PATTERN: "Fyra siffror som börjar med 01, t.ex. 0180.",
    EMAIL_PATTERN: "En e-postadress, t.ex. namn@exempel.se.",
}
DATE_MESSAGE = "Skriv ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM om bara månaden är känd eller ÅÅÅÅ om bara året är känt."
SLUG_HINT = (
    "Exemplets id och filnamn: små bokstäver a–z, siffror och bindestreck. Det blir en del av sidans "
    "adress och ändras inte efter att exemplet har publicerats."
)


# kind -> (file name, shape): relations point at list files by collection and file name.
DATA_FILES_BY_KIND = {kind_of(name): (name, shape) for name, (_, shape) in DATA_FILES.items()}


class _Schema:
    """One data file kind's JSON Schema and the references out of it."""

    def __init__(self, kind: str, schema: dict, references: dict[str, str]):
        self.kind, self.defs, self.references = kind, schema.get("$defs", {}), references

    def resolve(self, node: dict) -> tuple[dict, str | None]:
        """A property schema without its $ref, and the name of the model it points at."""
        ref = node.get("$ref")
        if not ref:
            return node, None
        name = ref.rsplit("/", 1)[-1]
        return self.defs[name], name


def _nullable(node: dict) -> tuple[dict, bool]:
    """`X | None` is anyOf [X, null]: X and whether None is allowed."""
    options = node.get("anyOf")
    if options and any(o.get("type") == "null" for o in options):
        rest = [o for o in options if o.get("type") != "null"]
        inner = rest[0] if len(rest) == 1 else {"anyOf": rest}
        return {**inner, **{k: v for k, v in node.items() if k not in ("anyOf", "default", "title")}}, True
    return node, False


def _label(model: str | None, name: str) -> str:
    return LABELS.get(f"{model}.{name}") or LABELS[name]


def _is_date(node: dict) -> bool:
    """A PartialDate: a string ÅÅÅÅ[-MM[-DD]] or a bare year."""
    options = node.get("anyOf", [])
    return any(o.get("type") == "integer" for o in options) and any("pattern" in o for o in options)


def _options(values: list) -> list[dict]:
    return [{"label": OPTION_LABELS.get(v, v), "value": v} for v in values]


def _relation(target: str, multiple: bool) -> dict:
    shown = DISPLAY_FIELD.get(target, "name")
    field: dict[str, Any] = {"widget": "relation", "collection": target, "file": target}
    field |= {
        "value_field": f"{target}.*.id",
        "display_fields": [f"{target}.*.{shown}"],
        "search_fields": [f"{target}.*.id", f"{target}.*.{shown}"],
    }
    return field | ({"multiple": True} if multiple else {})


def _scalar(node: dict, name: str, model: str | None) -> dict:
    """A field for a value that is not a list or a record."""
    if "enum" in node or "const" in node:
        return {"widget": "select", "options": _options(node.get("enum") or [node["const"]])}
    if _is_date(node):
        pattern = next(o["pattern"] for o in node["anyOf"] if "pattern" in o)
        return {"widget": "string", "pattern": [pattern, DATE_MESSAGE]}
    kind = node.get("type")
    if kind == "string" and node.get("format") == "date":
        return {"widget": "datetime", "time_format": False, "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD"}
    if kind in ("integer", "number"):
        field: dict[str, Any] = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
        for key, limit in (("minimum", "min"), ("maximum", "max"), ("exclusiveMinimum", "min")):
            if key in node:
                field[limit] = node[key]
        return field
    if kind == "boolean":
        return {"widget": "boolean"}
    if kind == "string":
        field = {"widget": "text" if name in LONG_TEXT else "string"}
        if "pattern" in node:
            field["pattern"] = [node["pattern"], PATTERN_MESSAGES[node["pattern"]]]
        return field
    raise ValueError(f"{model}.{name}: okänd sorts fält i modellen ({node}); lägg till den i generator/cms.py")


def _field(schema: _Schema, name: str, node: dict, required: bool, model: str | None, path: str) -> dict:
    """One Sveltia field for one property of a model."""
    node, optional = _nullable(node)
    out: dict[str, Any] = {"name": name, "label": _label(model, name)}
    description = node.get("description")
    body = _body(schema, name, node, model, path)
    out |= body
    if description:
        out["hint"] = description
    out["required"] = required and not optional
    return out


def _body(schema: _Schema, name: str, node: dict, model: str | None, path: str) -> dict:
    target = schema.references.get(path)
    if node.get("type") == "array":
        items, _ = schema.resolve(node["items"])
        if target:
            return _relation(target, multiple=True) | _limits(node)
        if "enum" in items:
            return {"widget": "select", "multiple": True, "options": _options(items["enum"])} | _limits(node)
        return {"widget": "list"} | _list_items(schema, name, node["items"], model, path + ".*") | _limits(node)
    if target:
        return _relation(target, multiple=False)
    if "oneOf" in node:  # a discriminated union (Point | Polygon): one object, its fields by type
        return {"widget": "object", "typeKey": node["discriminator"]["propertyName"], "types": _types(schema, node)}
    resolved, inner_model = schema.resolve(node)
    if inner_model:
        return {"widget": "object", "fields": _fields(schema, resolved, inner_model, path)}
    return _scalar(node, name, model)


def _list_items(schema: _Schema, name: str, items: dict, model: str | None, path: str) -> dict:
    resolved, inner_model = schema.resolve(items)
    if inner_model:
        return {"fields": _fields(schema, resolved, inner_model, path), **_summary(resolved)}
    if resolved.get("type") == "array":  # a list in a list: coordinates of a polygon
        inner = {"name": name, "label": _label(model, name), "widget": "list"}
        return {"field": inner | _list_items(schema, name, resolved["items"], model, path) | _limits(resolved)}
    return {"field": {"name": name, "label": _label(model, name)} | _scalar(resolved, name, model)}


def _summary(model_schema: dict) -> dict:
    """What a collapsed item in a list of records shows: its year, id or label."""
    for key in ("year", "id", "label", "title", "name", "measure"):
        if key in model_schema.get("properties", {}):
            return {"summary": "{{fields." + key + "}}"}
    return {}


def _limits(node: dict) -> dict:
    out = {}
    if node.get("minItems"):
        out["min"] = node["minItems"]
    if node.get("maxItems"):
        out["max"] = node["maxItems"]
    return out


def _types(schema: _Schema, node: dict) -> list[dict]:
    key = node["discriminator"]["propertyName"]
    out = []
    for option in node["oneOf"]:
        resolved, model = schema.resolve(option)
        value = resolved["properties"][key]["const"]
        fields = [f for f in _fields(schema, resolved, model, "") if f["name"] != key]
        out.append({"name": value, "label": OPTION_LABELS.get(value, value), "widget": "object", "fields": fields})
    return out


def _fields(schema: _Schema, model_schema: dict, model: str | None, path: str) -> list[dict]:
    required = set(model_schema.get("required", []))
    return [
        _field(schema, name, node, name in required, model, f"{path}.{name}".lstrip("."))
        for name, node in model_schema.get("properties", {}).items()
    ]


def _references(kind: str) -> dict[str, str]:
    """Path in a record (years.*.sources) -> kind of record its ids point at."""
    return {path: target for path, target, _ in REFERENCES.get(kind, [])}


def _collection(file_name: str, model, shape: str) -> dict:
    kind = kind_of(file_name)
    plural, singular = KINDS[kind].plural, KINDS[kind].singular
    raw = model.model_json_schema()
    schema = _Schema(kind, raw, _references(kind))
    fields = _fields(schema, raw, model.__name__, "")
    common = {"name": kind, "label": plural, "label_singular": singular}
    if shape == "one":
        slug = {"template": "{{title}}", "editable": ["create"], "hint": SLUG_HINT}
        folder = {"folder": f"data/{file_name.rstrip('/')}", "extension": "yaml", "format": "yaml"}
        return common | folder | {"create": True, "delete": False, "slug": slug, "fields": fields}
    root = {"name": kind, "label": plural, "label_singular": singular, "widget": "list", "root": True}
    root |= {"summary": "{{fields." + DISPLAY_FIELD.get(kind, "name") + "}}", "fields": fields}
    file = {"name": kind, "label": plural, "file": f"data/{file_name}", "format": "yaml", "fields": [root]}
    return common | {"files": [file]}


def _backend(edit_base: str) -> dict:
    """The GitHub repository and branch from the edit links in portal.toml (…/OWNER/REPO/edit/BRANCH/)."""
    parts = urlparse(edit_base).path.strip("/").split("/")
    owner, repo, branch = parts[0], parts[1], parts[3]
    return {"name": "github", "repo": f"{owner}/{repo}", "branch": branch}


def config(edit_base: str | None = None) -> dict:
    """The whole Sveltia configuration, deterministic."""
    backend = _backend(edit_base or load_settings().edit_base)
    return {
        "backend": backend | {"commit_messages": COMMIT_MESSAGES},
        "publish_mode": "editorial_workflow",
        "media_folder": "content/bilder",  # required by Sveltia; the data has no images
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "output": {"omit_empty_optional_fields": True, "yaml": {"indent_size": 2, "indent_sequences": True}},
        "collections": [_collection(name, model, shape) for name, (model, shape) in _ordered()],
    }


COMMIT_MESSAGES = {
    "create": "Webbredigeraren: nytt i {{collection}}: {{slug}}",
    "update": "Webbredigeraren: ändrat i {{collection}}: {{slug}}",
    "delete": "Webbredigeraren: borttaget ur {{collection}}: {{slug}}",
}


def _ordered():
    """Collections in the order editors most often need them (kinds.CMS_ORDER), not the load order."""
    order = in_order(CMS_ORDER)
    return sorted(DATA_FILES.items(), key=lambda item: order.index(kind_of(item[0])))


HEADER = (
    "# Webbredigerarens inställningar (Sveltia CMS). Skapas av `python -m generator cms` ur datamodellen\n"
    "# i generator/models.py; redigera inte här. tests/test_cms.py kontrollerar att filen är aktuell.\n"
)


def config_text(edit_base: str | None = None) -> str:
    return HEADER + yaml.safe_dump(config(edit_base), allow_unicode=True, sort_keys=False, width=100)


def write_config(path: Path = CONFIG_FILE) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(config_text(), encoding="utf-8")
    return path
