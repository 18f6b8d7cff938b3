"""JSON Schemas in schemas/ for VS Code: up to date, described in Swedish, and matching the data."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.kinds import DATA_FILES
from generator.problems import InvalidData
from generator.schema import SCHEMA_DIR, schemas
from generator.validate import kind_of

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "data"
SWEDISH = re.compile(r"[åäöÅÄÖ]|t\.ex\.|\b(och|för|som|en|ett|om|i|av|med|till|eller|på|id|true|när|det|den|namn)\b")
ENGLISH = re.compile(r"\b(the|of|and|is|for|with|should|must)\b", re.I)


def test_committed_schemas_are_up_to_date():
    expected = schemas()
    for name, text in expected.items():
        path = SCHEMA_DIR / name
        assert path.exists(), f"{path} saknas; kör make schema"
        assert path.read_text(encoding="utf-8") == text, f"{path} är inaktuell; kör make schema"
    extra = {p.name for p in SCHEMA_DIR.glob("*.json")} - set(expected)
    assert not extra, f"schemas/ har filer som inte hör till någon datafil: {extra}"


def _properties(node, where=""):
    """Every (path, property schema) in a JSON Schema, $defs included."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            yield f"{where}.{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}[{i}]")


@pytest.mark.parametrize("name", sorted(schemas()))
def test_every_field_has_a_swedish_description(name):
    schema = json.loads(schemas()[name])
    found = list(_properties(schema))
    assert found
    for where, prop in found:
        description = prop.get("description", "")
        assert description, f"{name}: {where} saknar description"
        assert SWEDISH.search(description) and not ENGLISH.search(description), (
            f"{name}: {where} verkar inte vara på svenska: {description!r}"
        )


def _iso_dates(value):
    """YAML reads 2024-02-20 as a date; JSON Schema (and the editor) sees the string."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_iso_dates(v) for v in value]
    return value


def _documents(data_dir: Path):
    for name, (_, shape) in DATA_FILES.items():
        schema = json.loads(schemas()[f"{kind_of(name)}.schema.json"])
        paths = sorted((data_dir / name).glob("*.yaml")) if shape == "one" else [data_dir / name]
        for path in paths:
            if path.exists():
                yield path, schema


def _validate_against_schemas(data_dir: Path):
    for path, schema in _documents(data_dir):
        value = _iso_dates(yaml.safe_load(path.read_text(encoding="utf-8")))
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        errors = [
            f"{path.name}: {'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(value)
        ]
        assert not errors, "\n".join(errors[:10])


def test_fixture_data_matches_the_schemas():
    _validate_against_schemas(FIXTURES)


def test_real_data_matches_the_schemas():
    from generator.pipeline import check

    try:
        check(ROOT / "data")
    except InvalidData:
        pytest.skip("data/ klarar inte make validate just nu")
    _validate_against_schemas(ROOT / "data")


def test_schema_rejects_what_the_model_rejects():
    schema = json.loads(schemas()["scenes.schema.json"])
    scene = _iso_dates(yaml.safe_load((FIXTURES / "scenes.yaml").read_text(encoding="utf-8")))[0]
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert validator.is_valid([scene])
    assert not validator.is_valid([{**scene, "place_type": "torget"}])
    assert not validator.is_valid([{**scene, "nmae": "x"}])
    assert not validator.is_valid([{**scene, "collaboration": {**scene["collaboration"], "since": "2021-13-01"}}])


def test_vscode_maps_every_data_file_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for name, (_, shape) in DATA_FILES.items():
        key = f"./schemas/{kind_of(name)}.schema.json"
        assert key in mapping, f"{key} saknas i .vscode/settings.json"
        assert mapping[key] == (f"data/{name}*.yaml" if shape == "one" else f"data/{name}")
    for key in mapping:
        assert (ROOT / key).exists(), key
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
