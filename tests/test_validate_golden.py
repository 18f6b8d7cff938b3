"""Golden files: each folder in tests/golden/ overlays the fixture data with broken files, and
expected.txt holds exactly what an editor sees. Regenerate one by running validate by hand and
reviewing the Swedish output before committing it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES)
def test_error_output_matches_golden(case, tmp_path, capsys, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "fixtures" / "data", data)
    for f in (GOLDEN / case).rglob("*"):
        if f.is_file() and f.name != "expected.txt":
            target = data / f.relative_to(GOLDEN / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(f, target)
    monkeypatch.chdir(tmp_path)
    code = main(["validate", "--data", "data"])
    out = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in out.err
    assert out.err == (GOLDEN / case / "expected.txt").read_text(encoding="utf-8")


def test_golden_cases_cover_every_kind_of_error():
    wanted = {"yaml-syntax", "duplicate-key", "unknown-field", "missing-field", "wrong-type", "duplicate-id",
              "unknown-reference", "outside-county", "invalid-date", "bad-url", "empty-file"}
    assert wanted <= set(CASES)


def test_fixture_data_is_valid(capsys):
    assert main(["validate", "--data", str(Path(__file__).parent / "fixtures" / "data")]) == 0
    assert "Inga fel" in capsys.readouterr().out
