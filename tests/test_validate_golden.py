"""Golden cases: each folder in tests/golden/ is a few-line edit of the fixture data (edits.yaml)
plus expected.txt, exactly what an editor sees. After a deliberate change of a message, rewrite the
expected files with `UPDATE_GOLDEN=1 make check` and review the Swedish output before committing."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
import yaml

from generator.cli import main

GOLDEN = Path(__file__).parent / "golden"
FIXTURE_DATA = Path(__file__).parent / "fixtures" / "data"
FIXTURE_CONTENT = Path(__file__).parent / "fixtures" / "content"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


def apply_edits(case: str, data: Path) -> None:
    """Copy the fixture data to data/ and apply the case's edits. A `find` must occur exactly once
    (or `all: true`), so an edit never silently stops matching when the fixture changes."""
    shutil.copytree(FIXTURE_DATA, data)
    for edit in yaml.safe_load((GOLDEN / case / "edits.yaml").read_text(encoding="utf-8")):
        path = data / edit["file"]
        if "content" in edit:
            path.write_text(edit["content"], encoding="utf-8")
            continue
        text = path.read_text(encoding="utf-8")
        count = text.count(edit["find"])
        assert count == 1 or (count and edit.get("all")), f"{case}: {edit['find']!r} occurs {count} times"
        path.write_text(text.replace(edit["find"], edit["replace"]), encoding="utf-8")


def validate_case(case: str, tmp_path: Path, capsys) -> tuple[int, str]:
    apply_edits(case, tmp_path / "data")
    old = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(["validate", "--data", "data"])
    finally:
        os.chdir(old)
    return code, capsys.readouterr().err


@pytest.mark.parametrize("case", CASES)
def test_error_output_matches_golden(case, tmp_path, capsys):
    code, err = validate_case(case, tmp_path, capsys)
    expected = GOLDEN / case / "expected.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(err, encoding="utf-8")
    assert code == 1
    assert "Traceback" not in err
    assert err == expected.read_text(encoding="utf-8")


def test_golden_cases_cover_every_kind_of_error():
    wanted = {
        "yaml-syntax",
        "duplicate-key",
        "unknown-field",
        "missing-field",
        "wrong-type",
        "duplicate-id",
        "unknown-reference",
        "outside-county",
        "invalid-date",
        "bad-url",
        "empty-file",
        "inferred-without-basis",
        "missing-precision",
        "alias-bomb",
        "deep-nesting",
        "lineage-ring",
        "file-not-a-list",
        "unreadable-mappings",
        "evidence-above-definition",
        "evidence-unread-evaluated",
    }
    assert wanted <= set(CASES)


@pytest.mark.parametrize(
    "case", ["alias-bomb", "deep-nesting", "lineage-ring", "file-not-a-list", "unreadable-mappings"]
)
def test_malformed_edits_end_at_once_and_build_writes_nothing(case, tmp_path, capsys):
    """Edits that once hung (an alias bomb), crashed (deep nesting) or went unnoticed (a lineage ring):
    validate answers within 2 s, and build stops before it writes a page or a site."""
    started = time.perf_counter()
    code, err = validate_case(case, tmp_path, capsys)
    assert time.perf_counter() - started < 2
    assert code == 1 and err.endswith("Inget byggdes; rätta felen och försök igen.\n")
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    folders = {"--data": "data", "--content": "content", "--docs": "docs", "--out": "site"}
    args = [str(part) for flag, name in folders.items() for part in (flag, tmp_path / name)]
    assert main(["build", *args]) == 1
    assert capsys.readouterr().err == err
    assert not (tmp_path / "docs").exists() and not (tmp_path / "site").exists()


def test_fixture_data_is_valid(capsys):
    assert main(["validate", "--data", str(FIXTURE_DATA)]) == 0
    assert "Inga fel" in capsys.readouterr().out
