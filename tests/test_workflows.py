"""GitHub workflows: valid against the workflow JSON Schema, and the annotation step really works."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"


@pytest.mark.parametrize("name", ["pr.yml", "pages.yml", "cms.yml"])
def test_workflow_matches_the_github_schema(name):
    result = subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(WORKFLOWS / name)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _load(name):
    # PyYAML reads the key `on` as True
    workflow = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    return workflow, workflow.get("on", workflow.get(True))


def _uses(job) -> list[str]:
    return [s.get("uses", "").split("@")[0] for s in job["steps"]]


def test_pr_workflow_steps():
    workflow, on = _load("pr.yml")
    assert "pull_request" in on
    steps = workflow["jobs"]["check"]["steps"]
    uses = _uses(workflow["jobs"]["check"])
    assert {"actions/checkout", "actions/setup-python", "actions/setup-node"} <= set(uses)
    runs = [s.get("run", "") for s in steps]
    order = [
        next(i for i, r in enumerate(runs) if needle in r)
        for needle in ("make validate", "fmt --check", "make site", "make test")
    ]
    assert order == sorted(order)


def test_web_editor_pull_requests_are_restored_then_checked_by_pr_yml():
    workflow, on = _load("cms.yml")
    assert "pull_request" in on and workflow["permissions"]["contents"] == "write"
    restore = workflow["jobs"]["restore"]
    assert "startsWith(github.head_ref, 'cms/')" in restore["if"]
    runs = " ".join(s.get("run", "") for s in restore["steps"])
    assert "fmt --comments-from" in runs and "git push" in runs
    check = workflow["jobs"]["check"]
    assert check["uses"] == "./.github/workflows/pr.yml" and check["needs"] == "restore"
    assert check["with"]["ref"] == "${{ needs.restore.outputs.sha }}"
    pr, pr_on = _load("pr.yml")
    assert pr_on["workflow_call"]["inputs"]["ref"]["required"]
    # the direct run of pr.yml leaves cms/ branches to the call above, which checks the fixed commit
    assert "!startsWith(github.head_ref, 'cms/')" in pr["jobs"]["check"]["if"]
    assert pr["jobs"]["check"]["steps"][0]["with"]["ref"] == "${{ inputs.ref || '' }}"


def test_pages_workflow():
    workflow, on = _load("pages.yml")
    assert on["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    assert "actions/upload-pages-artifact" in _uses(workflow["jobs"]["build"])
    assert "actions/deploy-pages" in _uses(workflow["jobs"]["deploy"])
    assert any("make site" in s.get("run", "") for s in workflow["jobs"]["build"]["steps"])


def _step(name, step_id):
    workflow, _ = _load(name)
    return next(s for s in workflow["jobs"]["check"]["steps"] if s.get("id") == step_id)


def _fake_make(tmp_path, output: str, status: int) -> dict:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "make"
    fake.write_text(f"#!/bin/sh\ncat <<'END' >&2\n{output}\nEND\nexit {status}\n", encoding="utf-8")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}


def test_validate_errors_become_annotations(tmp_path):
    script = _step("pr.yml", "validate")["run"]
    printed = (ROOT / "tests" / "golden" / "unknown-reference" / "expected.txt").read_text(encoding="utf-8")
    output = (
        ".venv/bin/python -m generator validate\n"
        + printed.splitlines()[0]
        + "\n"  # a line the generator really prints
        "data/examples/x.yaml:3:1: fel: 100% fel\n"
        "2 fel hittades. Inget byggdes; rätta felen och försök igen."
    )
    result = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=_fake_make(tmp_path, output, 1), capture_output=True, text=True
    )
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "::error file=data/scenes.yaml,line=4,col=17::scenes[0].municipality: okänd kommun i "
        'municipalities.yaml: "stokholm" (menade du "stockholm"?)'
    ) in lines
    assert "::error file=data/examples/x.yaml,line=3,col=1::100%25 fel" in lines
    assert sum(l.startswith("::error") for l in lines) == 2


def test_valid_data_passes_the_validate_step(tmp_path):
    script = _step("pr.yml", "validate")["run"]
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=_fake_make(tmp_path, "Inga fel: 3 platser.", 0),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "::error" not in result.stdout


def test_fmt_step_annotates_unformatted_files(tmp_path):
    script = _step("pr.yml", "fmt")["run"]
    shutil.copytree(ROOT / "tests" / "fixtures" / "data", tmp_path / "data")
    (tmp_path / "data" / "examples" / "testexemplet.yaml").write_text("period: {start: 2021-12-01}\ntitle: T\n")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    wrapper = tmp_path / ".venv" / "bin" / "python"
    wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        ["bash", "-c", script.replace("fmt --check", "fmt --check --data data data/examples")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    assert "::error file=data/examples/testexemplet.yaml::Filen är inte formaterad" in result.stdout


def test_pull_request_template_checklist():
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8").lower()
    for item in ("källa angiven", "egna ord", "ungefärligt läge", "make validate", "förhandsgranskat"):
        assert item in text, item
    assert text.count("- [ ]") >= 5


def test_ci_runs_make_test():
    """CI runs exactly what a developer runs: the whole suite."""
    ci = ROOT / ".ci" / "run"
    assert os.access(ci, os.X_OK)
    commands = [l.strip() for l in ci.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    assert commands[-1] == "make test"


def _make_chromium(tmp_path, uid: int) -> subprocess.CompletedProcess:
    """`make chromium` with no chromium on PATH; id, sudo and apt-get are stand-ins that log their calls."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for name, body in {
        "id": f"echo {uid}",
        "sudo": f'echo "sudo $*" >> {log}; "$@"',
        "apt-get": f'echo "apt-get $*" >> {log}',
    }.items():
        tool = bin_dir / name
        tool.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        tool.chmod(tool.stat().st_mode | stat.S_IEXEC)
    return subprocess.run(
        [shutil.which("make"), "--no-print-directory", "-C", str(ROOT), "chromium"],
        env={**os.environ, "PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.skipif(shutil.which("make") is None, reason="make saknas")
def test_make_installs_chromium_without_sudo_as_root(tmp_path):
    result = _make_chromium(tmp_path, 0)
    assert result.returncode == 0, result.stderr
    assert "Chromium saknas: installerar Debians paket chromium med apt-get för webbläsartesterna." in result.stdout
    calls = (tmp_path / "calls.log").read_text(encoding="utf-8").splitlines()
    assert calls == ["apt-get update -qq", "apt-get install -y -qq chromium"]


@pytest.mark.skipif(shutil.which("make") is None, reason="make saknas")
def test_make_installs_chromium_with_sudo_as_user(tmp_path):
    result = _make_chromium(tmp_path, 1000)
    assert result.returncode == 0, result.stderr
    assert "med apt-get (via sudo) för webbläsartesterna" in result.stdout
    calls = (tmp_path / "calls.log").read_text(encoding="utf-8").splitlines()
    assert calls == [
        "sudo apt-get update -qq",
        "apt-get update -qq",
        "sudo apt-get install -y -qq chromium",
        "apt-get install -y -qq chromium",
    ]
