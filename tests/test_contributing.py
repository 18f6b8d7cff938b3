"""CONTRIBUTING.md tried as a new editor would: paste every example, validate, build, follow the links.

Also checks the "Redigera" information on generated pages: file and line of the record.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from generator.models import PolygonGeometry

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
GUIDE = ROOT / "CONTRIBUTING.md"
GOLDEN = ROOT / "tests" / "golden"
MARK = re.compile(r"^# exempel: (.+)$")


def snippets() -> list[tuple[str, str]]:
    """(target, YAML text) for every ```yaml block that starts with `# exempel: <target>`."""
    text = GUIDE.read_text(encoding="utf-8")
    out = []
    for block in re.findall(r"^```yaml\n(.*?)^```", text, re.S | re.M):
        first = block.splitlines()[0]
        match = MARK.match(first)
        if match:
            out.append((match.group(1).strip(), block))
    return out


def _front(page: Path) -> dict:
    return yaml.safe_load(page.read_text(encoding="utf-8").split("---\n")[1])


def _apply(data: Path, target: str, text: str) -> None:
    if " > " in target:  # "scenes.yaml > exempeltorget > years": paste last in a list inside a record
        file, record_id, field = (p.strip() for p in target.split(">"))
        path = data / file
        lines = path.read_text(encoding="utf-8").splitlines(True)
        start = lines.index(f"- id: {record_id}\n")
        key = next(i for i in range(start, len(lines)) if lines[i] == f"  {field}:\n")
        end = next((i for i in range(key + 1, len(lines)) if re.match(r"^(  )?[^ \n]", lines[i])), len(lines))
        pasted = ["    " + line if line.strip() else line for line in text.splitlines(True)]
        path.write_text("".join(lines[:end] + pasted + lines[end:]), encoding="utf-8")
    elif target.startswith("examples/"):
        path = data / target
        assert not path.exists()
        path.write_text(text, encoding="utf-8")
    else:  # paste at the end of a list file, after a blank line
        path = data / target
        before = path.read_text(encoding="utf-8")
        path.write_text(before.rstrip("\n") + "\n\n" + text, encoding="utf-8")


def test_guide_has_an_example_of_every_kind():
    targets = [t for t, _ in snippets()]
    assert "sources.yaml" in targets and "scenes.yaml" in targets and "mappings.yaml" in targets
    assert "methods.yaml" in targets and any(t.startswith("examples/") for t in targets)
    assert any(t.startswith("scenes.yaml >") and t.endswith("years") for t in targets)


def test_guide_mentions_the_editor_workflow():
    text = GUIDE.read_text(encoding="utf-8")
    for needle in (
        "make serve",
        "make site",
        "make validate",
        "make fmt",
        "fmt --check",
        "make test",
        "make check",
        "redhat.vscode-yaml",
        "data/sources.yaml",
        "egna ord",
        "precision: landmark",
        "certainty: inferred",
    ):
        assert needle in text, needle


def test_quoted_error_line_is_what_the_generator_prints():
    """The error line the guide shows is one the generator really prints: a line of the golden case
    tests/golden/unknown-reference/expected.txt (test_validate_golden.py checks that file against the
    generator's output). The explanation under it names the same line and column."""
    text = GUIDE.read_text(encoding="utf-8")
    quoted = re.findall(r"^data/\S+:\d+:\d+: fel: .*$", text, re.M)
    assert len(quoted) == 1, quoted
    printed = (GOLDEN / "unknown-reference" / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert quoted[0] in printed, f"{quoted[0]!r} finns inte i / is not in {printed}"
    line, column = re.match(r"^data/\S+:(\d+):(\d+):", quoted[0]).groups()
    assert f"rad {line}, tecken {column}" in text


@pytest.fixture(scope="module")
def built(tmp_path_factory, cli):
    """The fixture data with every example from the guide pasted in, validated and built."""
    tmp = tmp_path_factory.mktemp("guide")
    shutil.copytree(FIXTURES / "data", tmp / "data")
    shutil.copytree(FIXTURES / "content", tmp / "content")
    for target, text in snippets():
        _apply(tmp / "data", target, text)
    validate = cli("validate", "--data", str(tmp / "data"))
    assert validate.returncode == 0, validate.stderr
    build = cli(
        "build",
        "--data",
        str(tmp / "data"),
        "--content",
        str(tmp / "content"),
        "--docs",
        str(tmp / "docs"),
        "--out",
        str(tmp / "site"),
    )
    assert build.returncode == 0, build.stderr + build.stdout
    return tmp


def test_pasted_examples_validate_and_build(built):
    example_id = (
        next(t for t, _ in snippets() if t.startswith("examples/")).removeprefix("examples/").removesuffix(".yaml")
    )
    page = built / "docs" / "goda-exempel" / example_id / "index.md"
    assert page.exists()
    assert (built / "site" / "goda-exempel" / example_id / "index.html").exists()
    link = f"goda-exempel/{example_id}/index.md"
    scene_page = (built / "docs" / "platser" / "exempeltorget" / "index.md").read_text(encoding="utf-8")
    method_page = (built / "docs" / "metoder" / "torgvardar" / "index.md").read_text(encoding="utf-8")
    assert link in scene_page, "exemplet länkas inte från platsens sida"
    assert link in method_page, "exemplet länkas inte från metodens sida"
    assert "Kartläggningen 2026" in scene_page  # the year added under years
    assert (built / "docs" / "om" / "dataformat" / "index.md").exists()


def test_polygon_example_is_valid():
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(geometry:\n  type: Polygon.*?)```", text.replace("\n  ", "\n"), re.S)
    assert block, "Polygon-exemplet saknas"
    PolygonGeometry.model_validate(yaml.safe_load(block.group(1))["geometry"])


def _record_line(path: Path, record_id: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(f"- id: {record_id}") + 1


@pytest.mark.parametrize("scene", ["testtorget", "gamla-platsen", "exempeltorget"])
def test_edit_links_point_at_the_record(built, scene):
    line = _record_line(built / "data" / "scenes.yaml", scene)
    page = built / "docs" / "platser" / scene / "index.md"
    front = _front(page)
    assert front["ods_edit"].endswith("/data/scenes.yaml")
    assert front["ods_source"].endswith(f"/data/scenes.yaml#L{line}")
    assert front["ods_source_label"] == f"data/scenes.yaml, rad {line}"
    body = page.read_text(encoding="utf-8").split("---\n", 2)[2]
    assert "scenes.yaml" not in body and f"rad {line}" not in body  # for editors only, never on the page


def test_edit_link_of_an_example_points_at_its_file(built):
    example_id = (
        next(t for t, _ in snippets() if t.startswith("examples/")).removeprefix("examples/").removesuffix(".yaml")
    )
    front = _front(built / "docs" / "goda-exempel" / example_id / "index.md")
    assert front["ods_edit"].endswith(f"/data/examples/{example_id}.yaml")
    assert front["ods_source"].endswith(f"/data/examples/{example_id}.yaml#L2")  # after the `# exempel` line


def test_examples_are_already_in_canonical_form():
    """What an editor pastes from the guide passes `fmt --check` as it is."""
    from generator import fmt

    for target, text in snippets():
        if " > " not in target:
            assert fmt.format_text(text, fmt.model_for(target)) == text, target
