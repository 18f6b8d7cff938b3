"""A copy of data/ with a script payload in every free-text field of every kind of record.

Free text is every field of a string type that no rule narrows to an id, a web address or a code
(generator/models.py): names, titles, summaries, notes, list items, synonyms. The payload tries every way
a text could become markup or code somewhere on the site: tags and attribute breakers in HTML, </script>
in JavaScript, Markdown links and attribute lists, template syntax (Jinja and JavaScript), a `javascript:`
address, matplotlib's $…$ and an entity that must stay as it is written.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic.functional_validators import AfterValidator

from generator.kinds import DATA_FILES
from generator.models import models_in

# "alert(" occurs in the payload only: any text on a page that has it must have the whole payload.
MARK = "alert("
PAYLOAD = (
    "\"'><script>alert(1)</script><img src=x onerror=alert(2)><svg onload=alert(3)> </script><script>alert(4)"
    '</script> [länk](javascript:alert(5)) <a href="javascript:alert(6)">a</a> {: onclick="alert(7)" } '
    "{{ 7*7 }} {% if 1 %}x{% endif %} ${alert(8)} `alert(9)` &lt;i&gt; $x$"
)


def _narrowed(metadata) -> bool:
    """An id, an address or a code: a rule checks the text, so it is not free text."""
    return any(isinstance(m, AfterValidator) or getattr(m, "pattern", None) for m in metadata)


def _text_kind(annotation, metadata=()) -> str | None:
    """'one' for a free-text string, 'list' for a list of them, None for anything else."""
    if get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        return _text_kind(inner, [*metadata, *extra])
    if annotation is str:
        return None if _narrowed(metadata) else "one"
    if get_origin(annotation) is Union:
        kinds = {_text_kind(a, metadata) for a in get_args(annotation) if a is not type(None)}
        return kinds.pop() if len(kinds) == 1 else None
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        return "list" if _text_kind(item) == "one" else None
    return None


def poison_record(value: Any, model) -> int:
    """Add the payload to every free-text field of a record and of the records inside it; returns how many."""
    if not isinstance(value, dict):
        return 0
    count = 0
    for name, field in model.model_fields.items():
        if name not in value or value[name] is None:
            continue
        kind = _text_kind(field.annotation, field.metadata)
        if kind == "one" and isinstance(value[name], str):
            value[name] = f"{value[name]} {PAYLOAD}"
            count += 1
        elif kind == "list":
            value[name] = [f"{item} {PAYLOAD}" for item in value[name]]
            count += len(value[name])
        else:
            for inner in models_in(field.annotation):
                items = value[name] if isinstance(value[name], list) else [value[name]]
                count += sum(poison_record(item, inner) for item in items)
    return count


def drop_sources_only_pages_name(out: Path) -> list[str]:
    """Remove the sources that no record in out/ cites: the real pages name them, and a poisoned build uses
    the fixture's pages, so the drift check would rightly call them unused. Returns the ids removed."""
    path = out / "sources.yaml"
    others = "\n".join(p.read_text(encoding="utf-8") for p in sorted(out.rglob("*.yaml")) if p != path)
    sources = yaml.safe_load(path.read_text(encoding="utf-8"))
    cited = [s for s in sources if re.search(rf"(?<![\w-]){re.escape(s['id'])}(?![\w-])", others)]
    path.write_text(yaml.safe_dump(cited, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return sorted({s["id"] for s in sources} - {s["id"] for s in cited})


def poisoned_copy(data: Path, out: Path) -> dict[str, int]:
    """data/ copied to out/ with every free-text field poisoned; how many fields in each file."""
    shutil.copytree(data, out)
    counts: dict[str, int] = {}
    for name, (model, shape) in DATA_FILES.items():
        files = sorted((out / name).glob("*.yaml")) if shape == "one" else [out / name]
        for path in files:
            if not path.exists():
                continue
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
            records = doc if shape == "list" else [doc]
            counts[name] = counts.get(name, 0) + sum(poison_record(r, model) for r in records)
            path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return counts
