"""The real entry point, `python -m generator`, in a subprocess: exit codes and output streams.

Every other test calls `generator.cli.main` in-process (the `cli` fixture in conftest.py), which is the same
code without starting Python again; this file keeps the path through generator/__main__.py covered."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "data"


def _python_m_generator(*args, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # importable from any working folder, as from the repo
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_python_m_generator_validate_exit_codes_and_streams(tmp_path):
    ok = _python_m_generator("validate", "--data", str(FIXTURES), cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Inga fel:") and ok.stderr == ""

    shutil.copytree(FIXTURES, tmp_path / "data")
    scenes = tmp_path / "data" / "scenes.yaml"
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace("municipality: solna", "municipality: solan"), encoding="utf-8"
    )
    bad = _python_m_generator("validate", "--data", "data", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stdout == "" and "Traceback" not in bad.stderr
    lines = bad.stderr.splitlines()
    assert lines[0].startswith("data/scenes.yaml:") and '"solan" (menade du "solna"?)' in lines[0]
    assert lines[-1].endswith("Inget byggdes; rätta felen och försök igen.")


def test_usage_errors_and_help_are_in_swedish(cli):
    """argparse's English (usage, options, invalid choice, required) never reaches an editor."""
    english = ("usage", "error", "invalid choice", "choose from", "positional arguments", "options:", "show this help")
    wrong = cli("generate")
    assert wrong.returncode == 2
    assert "python -m generator: fel: kommando: okänt val 'generate'; välj ett av 'validate', 'build'" in wrong.stderr
    assert wrong.stderr.startswith("användning: python -m generator")
    missing = cli("new", "scene")
    assert "det här saknas: id" in missing.stderr
    unknown = cli("validate", "--nej")
    assert "okända argument: --nej" in unknown.stderr
    helped = cli("build", "--help")
    assert helped.returncode == 0 and "flaggor:" in helped.stdout and "visa den här hjälpen" in helped.stdout
    for result in (wrong, missing, unknown, helped):
        text = (result.stdout + result.stderr).lower()
        assert not [w for w in english if w in text], text


def test_argparse_still_has_the_private_hook_and_every_english_phrase_we_translate():
    """cli._argparse_in_swedish replaces argparse's private gettext alias `_`. A Python whose argparse
    renames it, or rewords a message, must fail here rather than quietly print English."""
    import argparse
    import inspect

    from generator import cli

    source = inspect.getsource(argparse)
    assert "from gettext import gettext as _" in source or "_ = gettext" in source
    missing = [english for english in cli._ARGPARSE_SV if repr(english)[1:-1] not in source]
    assert not missing, f"argparse har inte längre: {missing}"
    assert argparse.ArgumentParser(prog="x").format_usage().startswith("användning: x")
