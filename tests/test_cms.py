"""The web editor's configuration (theme/admin/config.yml): up to date with the data model, no field
of the model missing from the forms, and every form field saying what the model says."""

from __future__ import annotations

import re

import pytest

from generator import cms
from generator.catalog import REFERENCES
from generator.kinds import DATA_FILES
from generator.models import Example, Scene
from generator.validate import kind_of

SWEDISH = re.compile(r"[åäöÅÄÖ]|t\.ex\.|\b(och|för|som|en|ett|om|i|av|med|till|eller|på|id|när|det|den|namn)\b")


def test_committed_config_is_up_to_date():
    assert cms.CONFIG_FILE.read_text(encoding="utf-8") == cms.config_text(), (
        f"{cms.CONFIG_FILE} är inaktuell; kör make schema (python -m generator cms)"
    )


def _collection(kind: str) -> dict:
    return next(c for c in cms.config()["collections"] if c["name"] == kind)


def _record_fields(kind: str) -> list[dict]:
    collection = _collection(kind)
    if "folder" in collection:
        return collection["fields"]
    (root,) = collection["files"][0]["fields"]
    assert root["widget"] == "list" and root["root"] is True, "a list file is one list at the top of the file"
    return root["fields"]


def _form_paths(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    """Every field of a form by its path (years.*.geometry.Point.coordinates), nested ones included."""
    out = {}
    for field in fields:
        path = f"{prefix}{field['name']}"
        out[path] = field
        inner = field.get("fields") or []
        star = ".*." if field["widget"] == "list" else "."
        out |= _form_paths(inner, path + star)
        for variant in field.get("types", []):
            out |= _form_paths(variant["fields"], f"{path}.{variant['name']}.")
    return out


def _model_paths(model, prefix: str = "") -> dict[str, object]:
    """Every field of a model by the same kind of path; the `type` of a geometry picks the form."""
    from generator.models import models_in

    out = {}
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        out[path] = info
        inner = models_in(info.annotation)
        listed = "list[" in str(info.annotation)
        if len(inner) == 1:
            out |= _model_paths(inner[0], path + (".*." if listed else "."))
        elif len(inner) > 1:
            for variant in inner:
                value = variant.model_fields["type"].annotation.__args__[0]
                sub = _model_paths(variant, f"{path}.{value}.")
                out |= {p: f for p, f in sub.items() if not p.endswith(".type")}
    return out


@pytest.mark.parametrize("file_name", sorted(DATA_FILES))
def test_every_field_of_the_model_is_in_the_form(file_name):
    model, _ = DATA_FILES[file_name]
    form = _form_paths(_record_fields(kind_of(file_name)))
    fields = _model_paths(model)
    assert set(form) == set(fields), {
        "saknas i formuläret": set(fields) - set(form),
        "finns inte": set(form) - set(fields),
    }
    for path, info in fields.items():
        field = form[path]
        assert field["required"] == info.is_required(), path
        assert field["hint"] == info.description, path
        assert SWEDISH.search(field["label"] + " " + field["hint"]), (path, field["label"])


def test_ids_that_point_at_other_records_are_relation_pickers():
    for kind, references in REFERENCES.items():
        form = _form_paths(_record_fields(kind))
        for path, target, _ in references:
            field = form[path]
            assert field["widget"] == "relation" and field["collection"] == target, (kind, path)
            assert field["value_field"] == f"{target}.*.id"
            assert cms.DATA_FILES_BY_KIND[target][1] == "list", "relations point at list files (file: …)"


def test_choices_are_selects_with_every_allowed_value():
    form = _form_paths(_record_fields("scenes"))
    assert [o["value"] for o in form["place_type"]["options"]] == list(
        Scene.model_fields["place_type"].annotation.__args__
    )
    assert form["times_of_day"]["widget"] == "select" and form["times_of_day"]["multiple"] is True
    assert form["years.*.status"]["options"][0] == {"label": "listed (utpekad)", "value": "listed"}
    assert [t["name"] for t in form["years.*.geometry"]["types"]] == ["Point", "Polygon"]


def test_ids_and_dates_are_checked_in_the_form_like_in_the_model():
    form = _form_paths(_record_fields("scenes"))
    slug, message = form["id"]["pattern"]
    assert re.fullmatch(slug, "hasselby-torg") and not re.fullmatch(slug, "Hässelby torg")
    assert "små bokstäver" in message
    date, _ = form["years.*.removed_date"]["pattern"]
    assert all(re.fullmatch(date, v) for v in ("2021-12-14", "2021-12", "2021")) and not re.fullmatch(date, "2021-13")


def test_a_good_example_is_one_file_named_by_its_id():
    collection = _collection("examples")
    assert collection["folder"] == "data/examples" and collection["extension"] == "yaml"
    assert collection["create"] is True and collection["slug"]["editable"] == ["create"]
    assert [f["name"] for f in collection["fields"]] == list(Example.model_fields)
