"""The page om/dataformat/: every field of every data file, taken from the models so it cannot drift."""

from __future__ import annotations

import datetime as dt
import types
from dataclasses import dataclass
from typing import Annotated, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .. import kinds, models, urls
from ..config import Settings
from . import OutputFile, exports, statistics
from .text import md

PAGE = urls.page_path("dataformat")

# What each data file holds, in plain Swedish.
FILE_INTRO = {
    "sources.yaml": "Källor: de publicerade dokument som uppgifterna bygger på. Alla andra poster hänvisar hit med id.",
    "municipalities.yaml": "Länets kommuner.",
    "actors.yaml": "Aktörer: myndigheter, kommuner och organisationer med en roll i arbetet.",
    "methods.yaml": "Metoder och arbetsprocesser i metodstödet.",
    "mappings.yaml": "Polisens kartläggningar och uppföljningar, med de officiella siffrorna.",
    "scenes.yaml": "Platser (öppna drogscener), med en uppgift per kartläggning.",
    "examples/": "Goda exempel. En fil per exempel; filens namn (utan .yaml) är exemplets id.",
    "schools.yaml": "Skolor, för avståndet mellan platser och skolor.",
    "surveys.yaml": "Enkäter och sammanställningar med siffror som inte kommer från kartläggningarna; de blir diagram på sidan Statistik.",
    "synonyms.yaml": "Sökord: förkortningar och ord som sökningen behandlar som samma sak.",
}


@dataclass(frozen=True)
class Row:
    name: str  # years[].geometry.type
    kind: str  # plain Swedish type
    required: str
    description: str


def _strip(tp) -> tuple[object, list]:
    """Annotated[X, ...] -> (X, metadata); X | None -> X."""
    meta: list = []
    while True:
        if get_origin(tp) is Annotated:
            args = get_args(tp)
            tp = args[0]
            for extra in args[1:]:
                meta += getattr(extra, "metadata", []) if isinstance(extra, FieldInfo) else [extra]
            continue
        if get_origin(tp) in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) == 1:
                tp = members[0]
                continue
        return tp, meta


def _union_models(tp) -> list[type[BaseModel]]:
    tp, _ = _strip(tp)
    if get_origin(tp) in (Union, types.UnionType):
        return [m for a in get_args(tp) for m in _union_models(a)]
    return [tp] if models.is_model(tp) else []


def _is_slug(meta: list) -> bool:
    return models.SLUG_CHECK in meta


def type_sv(tp, meta: list | None = None) -> str:
    """A field's type in plain Swedish: text, heltal, datum, lista med id, ja/nej, ett av: …"""
    tp, more = _strip(tp)
    meta = (meta or []) + more
    origin = get_origin(tp)
    if origin is Literal:
        return "ett av: " + ", ".join(str(v) for v in get_args(tp))
    if origin is list:
        (item,) = get_args(tp) or (str,)
        return _list_sv(type_sv(item))
    if origin in (Union, types.UnionType):
        found = _union_models(tp)
        if found:
            names = [str(get_args(m.model_fields["type"].annotation)[0]) for m in found if "type" in m.model_fields]
            return "grupp av fält: " + " eller ".join(names) + " (fälten står nedan)"
        return " eller ".join(type_sv(a) for a in get_args(tp))
    if models.is_model(tp):
        return "grupp av fält (fälten står nedan)"
    if tp is str:
        return "id" if _is_slug(meta) else "webbadress" if models.URL_CHECK in meta else "text"
    return _SCALARS.get(tp) or str(getattr(tp, "__name__", tp))


_SCALARS: dict[object, str] = {
    bool: "ja/nej (true eller false)",
    int: "heltal",
    float: "tal",
    dt.date: "datum (ÅÅÅÅ-MM-DD)",
    models.PartialDate: "datum (ÅÅÅÅ-MM-DD), eller bara månad (ÅÅÅÅ-MM) eller år (ÅÅÅÅ)",
}


def _list_sv(inner: str) -> str:
    if inner == "id":
        return "lista med id"
    if inner.startswith("ett av: "):
        return "lista, varje punkt ett av: " + inner.removeprefix("ett av: ")
    if inner.startswith(("grupp", "post")):
        return "lista med poster (fälten står nedan)"
    return f"lista med {inner}".replace("lista med lista med", "lista med listor med")


def _required(field: FieldInfo, parent_optional: str | None) -> str:
    if field.is_required():
        return f"ja, om {parent_optional} anges" if parent_optional else "ja"
    default = field.get_default(call_default_factory=True)
    if default is True or default is False:
        return f"nej (standard: {'true' if default else 'false'})"
    return "nej"


def rows(model: type[BaseModel], prefix: str = "", parent_optional: str | None = None, variant: str = "") -> list[Row]:
    """One row per field, nested models after their field: years, years[].status, …"""
    out: list[Row] = []
    for name, field in model.model_fields.items():
        full = f"{prefix}{name}"
        label = f"{full} ({variant})" if variant else full
        metadata = list(field.metadata)
        out.append(
            Row(label, type_sv(field.annotation, metadata), _required(field, parent_optional), field.description or "")
        )
        inner, _ = _strip(field.annotation)
        is_list = get_origin(inner) is list
        if is_list:
            inner, _ = _strip(get_args(inner)[0])
        nested = _union_models(inner)
        if not nested:
            continue
        child_prefix = f"{full}[]." if is_list else f"{full}."
        optional = parent_optional or (None if field.is_required() or is_list else full)
        for sub in nested:
            tag = ""
            if len(nested) > 1 and "type" in sub.model_fields:
                tag = str(get_args(sub.model_fields["type"].annotation)[0])
            out += rows(sub, child_prefix, optional, tag)
    return out


def _cell(text: str) -> str:
    return str(md(text))


def page_text(settings: Settings) -> str:
    lines = [
        "---",
        'title: "Dataformat"',
        'description: "Alla fält i datafilerna: namn, typ, om fältet är obligatoriskt och vad det ska innehålla."',
        f'ods_edit: "{settings.edit_base}generator/models.py"',
        "---",
        "# Dataformat",
        "",
        "Alla uppgifter på webbplatsen står i YAML-filer i mappen `data/`. Här finns varje fält i varje fil:",
        "vad det heter, vilken sorts värde det ska ha, om det måste finnas och vad det ska innehålla.",
        "Sidan skapas av datamodellen i generatorn, så den stämmer alltid med kontrollen som",
        "`make validate` gör.",
        "",
        "Så läser du tabellerna:",
        "",
        "- **id**: små bokstäver a–z, siffror och bindestreck, t.ex. `fridhemsplan-stadshagen`.",
        "  Ett id som hänvisar till en annan post måste finnas i den filen.",
        "- **lista med id**: t.ex. `[polisen, kommunerna]` eller en punkt per rad som börjar med `- `.",
        "- **datum**: ÅÅÅÅ-MM-DD, t.ex. `2024-02-20`. Där typen också tillåter månad eller år skriver du",
        '  bara det som källan anger: `"2021-12"` för december 2021 eller `2021` för året. Hitta aldrig på en dag.',
        "- **ja/nej**: `true` eller `false`.",
        "- **years[].status** betyder fältet `status` i varje punkt under `years`.",
        "- Ett fält som inte är obligatoriskt kan utelämnas.",
        "",
        "Hur du lägger till och ändrar poster står i",
        f"[CONTRIBUTING.md](<{settings.view_base}CONTRIBUTING.md>).",
        "",
    ]
    for name, (model, shape) in kinds.DATA_FILES.items():
        shown = f"data/{name}*.yaml" if shape == "one" else f"data/{name}"
        lines += [f"## {shown}", ""]
        intro = FILE_INTRO.get(name) or (model.__doc__ or "").strip().split("\n")[0]
        if intro:
            lines += [_cell(intro), ""]
        if shape == "list":
            lines += ["Filen är en lista; varje post börjar med `- ` i första kolumnen.", ""]
        lines += ["| Fält | Typ | Obligatoriskt | Vad som ska stå där |", "|---|---|---|---|"]
        for row in rows(model):
            lines.append(f"| `{row.name}` | {_cell(row.kind)} | {_cell(row.required)} | {_cell(row.description)} |")
        lines.append("")
    return "\n".join(lines + _published_files())


def _published_files() -> list[str]:
    """How the CSV files the site publishes name their sources: the same rule in every file."""
    sep = exports.SOURCE_SEPARATOR.strip()
    return [
        "## Källorna i CSV-filerna som webbplatsen ger ut",
        "",
        "Portalen ger ut sina uppgifter som CSV-filer under Öppna data och under Statistik. I varje sådan fil står",
        "en källa med sin titel och sin webbadress på samma rad, i två kolumner som hör ihop: titlarna i den ena",
        f"(`source_titles`, i Excelfilerna och statistikens filer {_quoted(statistics.SOURCE_HEADERS[0])}) och",
        f"webbadresserna i den andra (`source_urls`, {_quoted(statistics.SOURCE_HEADERS[1])}). Båda har källorna i",
        f"samma ordning med ett lodrätt streck (`{sep}`) emellan, så att den andra adressen hör till den andra",
        "titeln. En källa utan webbadress lämnar sin plats tom. Källornas titlar och adresser kommer ur",
        "`data/sources.yaml`; filerna hänvisar aldrig bara till en källas id.",
        "",
    ]


def _quoted(text: str) -> str:
    return f"”{text}”"


def render_dataformat(settings: Settings) -> list[OutputFile]:
    return [OutputFile.text(PAGE, page_text(settings))]
