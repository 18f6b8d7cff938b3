"""`python -m generator fmt`: one canonical form, same meaning, comments kept, idempotent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from generator import fmt
from generator.kinds import DATA_FILES
from generator.models import Mapping, Method, Scene

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "data"


def _data_dirs():
    dirs = [FIXTURES]
    if (ROOT / "data" / "scenes.yaml").exists():
        dirs.append(ROOT / "data")
    return dirs


def _files():
    return [(d, f) for d in _data_dirs() for f in fmt.data_files(d)]


@pytest.mark.parametrize("data_dir,path", _files(), ids=lambda v: str(v).replace(str(ROOT), ""))
def test_same_meaning_idempotent_and_comments_kept(data_dir, path):
    before = path.read_text(encoding="utf-8")
    try:
        once = fmt.format_text(before, fmt.model_for(fmt.relative_path(path, data_dir)))
    except fmt.FormatError as err:  # data/ may be half-written by someone right now
        if "YAML-syntaxfel" in str(err) and data_dir != FIXTURES:
            pytest.skip(str(err))
        raise
    twice = fmt.format_text(once, fmt.model_for(fmt.relative_path(path, data_dir)))
    assert yaml.safe_load(once) == yaml.safe_load(before)
    assert twice == once
    assert once.endswith("\n") and not once.endswith("\n\n")
    comments = [l.strip() for l in before.splitlines() if l.strip().startswith("#")]
    kept = [l.strip() for l in once.splitlines() if l.strip().startswith("#")]
    assert comments == kept


SHUFFLED = """\
# Överst i filen.
- sources: [testkalla]   # källan
  name: Testtorget
  id: testtorget
  years:
    - sources: [testkalla]
      geometry:
        coordinates: [18.02, 59.33]
        approximate: true
        type: Point
      status: "listed"
      year: 2023
  collaboration:
    sources: [testkalla]
    actors: [polisen]
    since: 2021-12-01
  place_type: 'torg'
  municipality: stockholm
# Nästa post.
- id: andra
  name: "Andra: med kolon"
  code: "0180"
  municipality: solna
  place_type: park
  years:
  - year: 2024
    status: listed
    sources: [testkalla]
    geometry:
      type: Polygon
      coordinates:
      - - [18.0, 59.3]
        - [18.1, 59.3]
        - [18.1, 59.4]
        - [18.0, 59.3]
  sources:
  - testkalla"""


def test_canonical_form():
    out = fmt.format_text(SHUFFLED, Scene)
    assert yaml.safe_load(out) == yaml.safe_load(SHUFFLED)
    assert fmt.format_text(out, Scene) == out
    first = yaml.safe_load(out)[0]
    assert list(first) == [k for k in Scene.model_fields if k in first]
    assert list(first["years"][0]) == ["year", "status", "geometry", "sources"]
    assert list(first["years"][0]["geometry"]) == ["type", "coordinates", "approximate"]
    assert list(first["collaboration"]) == ["since", "actors", "sources"]
    lines = out.splitlines()
    assert lines[0] == "# Överst i filen."
    assert lines[1] == "- id: testtorget"  # top-level list at column 0
    assert "  years:" in lines and "    - year: 2023" in lines  # lists indented under their key
    assert "        coordinates: [18.02, 59.33]" in lines  # short flow lists kept
    assert "  place_type: torg" in lines and "      status: listed" in lines  # quotes only when needed
    assert '  name: "Andra: med kolon"' in lines and '  code: "0180"' in lines  # …and then "…"
    assert "    since: 2021-12-01" in lines  # dates unchanged
    assert "          - - [18.0, 59.3]" in lines and "            - [18.1, 59.3]" in lines
    assert "  sources: [testkalla] # källan" in lines
    # the comment before the next record stays before it, not inside the reordered record
    assert lines[lines.index("# Nästa post.") + 1] == "- id: andra"
    assert "code" in yaml.safe_load(out)[1] and list(yaml.safe_load(out)[1])[-1] == "code"  # unknown last


def test_nested_models_are_ordered():
    method = "- evidence:\n    sources: []\n    text: T\n    level: none_found\n  id: m\n"
    assert list(yaml.safe_load(fmt.format_text(method, Method))[0]["evidence"]) == ["level", "text", "sources"]
    mapping = "- totals:\n    new: 1\n    scenes: 3\n  year: 2023\n"
    assert list(yaml.safe_load(fmt.format_text(mapping, Mapping))[0]["totals"]) == ["scenes", "new"]
    example = "period:\n  end: 2024-01-01\n  start: 2023-01-01\ntitle: T\n"
    out = fmt.format_text(example, DATA_FILES["examples/"][0])
    assert out == "title: T\nperiod:\n  start: 2023-01-01\n  end: 2024-01-01\n"


def test_block_text_and_comment_like_lines_in_it_are_untouched():
    text = "- id: a\n  description: |-\n    # inte en kommentar\n\n      indragen rad\n  # kommentar\n  name: A\n"
    out = fmt.format_text(text, Method)
    assert "    # inte en kommentar\n\n      indragen rad\n" in out
    assert yaml.safe_load(out) == yaml.safe_load(text)


def test_final_newline():
    assert fmt.format_text("- id: a", Method) == "- id: a\n"
    assert fmt.format_text("- id: a\n\n\n", Method) == "- id: a\n"


def test_broken_yaml_is_refused():
    with pytest.raises(fmt.FormatError):
        fmt.format_text("- id: [a\n", Method)


def test_cli_check_and_write(tmp_path, cli):
    shutil.copytree(FIXTURES, tmp_path / "data")
    data = tmp_path / "data"
    scenes = data / "scenes.yaml"
    scenes.write_text(SHUFFLED.replace('code: "0180"\n  ', ""), encoding="utf-8")
    before = scenes.read_text(encoding="utf-8")
    check = cli("fmt", "--check", "--data", str(data))
    assert check.returncode == 1
    assert "+- id: testtorget" in check.stdout and "scenes.yaml" in check.stdout
    assert "make fmt" in check.stderr
    assert scenes.read_text(encoding="utf-8") == before  # --check changes nothing
    write = cli("fmt", "--data", str(data))
    assert write.returncode == 0, write.stderr
    assert scenes.read_text(encoding="utf-8") != before
    assert cli("fmt", "--check", "--data", str(data)).returncode == 0
    # one file given on the command line
    single = data / "examples" / "testexemplet.yaml"
    single.write_text("period: {start: 2021-12-01}\ntitle: T\n", encoding="utf-8")
    assert cli("fmt", "--check", "--data", str(data), str(single)).returncode == 1
    assert cli("fmt", "--data", str(data), str(single)).returncode == 0
    assert single.read_text(encoding="utf-8") == "title: T\nperiod: {start: 2021-12-01}\n"
