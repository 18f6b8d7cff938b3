"""`python -m generator new <kind> <id>`: a record from the annotated template, never overwriting."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator import fmt, new
from generator.kinds import DATA_FILES
from generator.render.dataformat import rows

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "data"
LIST_KINDS = {
    "scene": "scenes.yaml",
    "method": "methods.yaml",
    "actor": "actors.yaml",
    "mapping": "mappings.yaml",
    "source": "sources.yaml",
}


@pytest.fixture
def data(tmp_path) -> Path:
    shutil.copytree(FIXTURES, tmp_path / "data")
    return tmp_path / "data"


def _new_id(kind: str) -> str:
    return "2031" if kind == "mapping" else "ny-post-1"


@pytest.mark.parametrize("kind", sorted(LIST_KINDS))
def test_list_kind_is_appended(data, kind, cli):
    path = data / LIST_KINDS[kind]
    before = path.read_text(encoding="utf-8")
    result = cli("new", kind, _new_id(kind), "--data", str(data))
    assert result.returncode == 0, result.stderr
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)  # nothing that was there changed
    where = re.search(rf"data/{LIST_KINDS[kind]}:(\d+)", result.stdout)
    assert where, result.stdout
    line = after.splitlines()[int(where.group(1)) - 1]
    key = "year" if kind == "mapping" else "id"
    assert line == f"- {key}: {_new_id(kind)}"
    assert "make validate" in result.stdout
    records = yaml.safe_load(after)
    assert str(records[-1][key]) == _new_id(kind)
    assert len(records) == len(yaml.safe_load(before)) + 1


def test_example_is_a_new_file(data, cli):
    result = cli("new", "example", "nytt-exempel", "--data", str(data))
    assert result.returncode == 0, result.stderr
    path = data / "examples" / "nytt-exempel.yaml"
    assert path.exists()
    assert "data/examples/nytt-exempel.yaml:" in result.stdout and "make validate" in result.stdout
    assert isinstance(yaml.safe_load(path.read_text(encoding="utf-8")), dict)


def test_refuses_existing_ids_and_never_overwrites(data, cli):
    scenes = (data / "scenes.yaml").read_text(encoding="utf-8")
    result = cli("new", "scene", "testtorget", "--data", str(data))
    assert result.returncode == 1
    assert "finns redan" in result.stderr and "data/scenes.yaml" in result.stderr
    assert (data / "scenes.yaml").read_text(encoding="utf-8") == scenes
    example = (data / "examples" / "testexemplet.yaml").read_text(encoding="utf-8")
    result = cli("new", "example", "testexemplet", "--data", str(data))
    assert result.returncode == 1 and "finns redan" in result.stderr
    assert (data / "examples" / "testexemplet.yaml").read_text(encoding="utf-8") == example
    result = cli("new", "mapping", "2023", "--data", str(data))
    assert result.returncode == 1 and "finns redan" in result.stderr


@pytest.mark.parametrize("bad", ["Stora-Torget", "torg_1", "mälarhöjden", "a-", "a--b", "x", "a b"])
def test_refuses_invalid_ids(data, bad, cli):
    before = (data / "scenes.yaml").read_text(encoding="utf-8")
    result = cli("new", "scene", bad, "--data", str(data))
    assert result.returncode == 1
    assert "inget giltigt id" in result.stderr
    assert (data / "scenes.yaml").read_text(encoding="utf-8") == before


def test_refuses_invalid_year(data, cli):
    result = cli("new", "mapping", "tjugo", "--data", str(data))
    assert result.returncode == 1 and "årtal" in result.stderr


def test_file_without_final_newline(data):
    path = data / "sources.yaml"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    created = new.create("source", "ny-kalla", data)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))[-1]["id"] == "ny-kalla"
    assert path.read_text(encoding="utf-8").splitlines()[created.line - 1] == "- id: ny-kalla"


def test_new_record_is_in_canonical_form_and_validate_points_at_it(data, cli):
    for path in fmt.data_files(data):  # start from formatted files, as data/ is
        path.write_text(fmt.format_file(path, data)[1], encoding="utf-8")
    for kind in LIST_KINDS:
        assert cli("new", kind, _new_id(kind), "--data", str(data)).returncode == 0
    assert cli("new", "example", "nytt-exempel", "--data", str(data)).returncode == 0
    check = cli("fmt", "--check", "--data", str(data))
    assert check.returncode == 0, check.stdout
    result = cli("validate", "--data", str(data))
    assert result.returncode == 1
    assert "YAML-syntaxfel" not in result.stderr  # only the fields still to fill in
    assert "data/scenes.yaml:" in result.stderr and "data/examples/nytt-exempel.yaml:" in result.stderr


KIND_MODEL = {
    "scene": "scenes.yaml",
    "method": "methods.yaml",
    "example": "examples/",
    "actor": "actors.yaml",
    "mapping": "mappings.yaml",
    "source": "sources.yaml",
}


@pytest.mark.parametrize("kind", sorted(KIND_MODEL))
def test_template_has_every_field_with_a_comment(kind):
    text = new.template(kind)
    model = DATA_FILES[KIND_MODEL[kind]][0]
    for row in rows(model):
        field = row.name.split(" ")[0].split(".")[-1].removesuffix("[]")
        assert re.search(rf"^[ #-]*{field}:", text, re.M), f"{kind}: {row.name} saknas i mallen"
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"^ *(- )?[a-z_]+:", line):
            previous = lines[i - 1].strip()
            assert previous.startswith("#"), f"{kind}: ingen kommentar före {line.strip()!r}"
    comments = " ".join(l for l in lines if l.strip().startswith("#"))
    assert re.search(r"[åäö]", comments)  # Swedish
