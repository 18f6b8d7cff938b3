"""The overrides in site_overrides/ also work with Zensical, the successor to Material for MkDocs.

MkDocs still builds the site. This test builds the same build/docs with the same mkdocs.yml using the
Zensical version pinned in requirements-zensical.txt, which lives in its own environment
(.venv-zensical/, installed by `make test` and `make check` like everything else), so Zensical's
dependencies never change .venv/. Zensical renders templates strictly: an override that reads
something the page does not have (page.file, a missing key) stops the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.config import load_settings
from generator.pipeline import Paths, generate
from generator.site import EXTRA
from generator.urls import site_addresses

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements-zensical.txt"
VENV = ROOT / ".venv-zensical"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
STAMP = VENV / ".installed"

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
PROBLEM = re.compile(r"traceback|^\s*\w*error\b|\berror:", re.IGNORECASE | re.MULTILINE)


def pinned_version() -> str:
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        if line.startswith("zensical=="):
            return line.split("==", 1)[1].strip()
    raise AssertionError("requirements-zensical.txt pinnar inte zensical==<version>")


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def zensical_venv() -> Path:
    """.venv-zensical with exactly requirements-zensical.txt, as `make test` and `make check` install it
    (the Makefile's .venv-zensical/.installed holds the file's sha256). A missing or stale one is a failure
    that says how to make it, never an install from inside a test."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    if not (STAMP.is_file() and STAMP.read_text(encoding="utf-8").strip() == digest and (BIN / "zensical").exists()):
        pytest.fail(
            f"{VENV.name}/ saknas eller följer inte {REQUIREMENTS.name}: kör `make test` eller `make check`, "
            "som installerar Zensical där.",
            pytrace=False,
        )
    return BIN / "zensical"


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> tuple[Path, str]:
    """The real data and content, generated into a temporary project and built by Zensical."""
    zensical = zensical_venv()
    version = run([str(BIN / "python"), "-c", "import importlib.metadata as m; print(m.version('zensical'))"])
    assert version.stdout.strip() == pinned_version(), version.stdout + version.stderr

    # Zensical wants docs_dir inside the folder of the config file, so the project's mkdocs.yml (as it
    # is) and overrides go next to a temporary build/docs; the output lands in its site/.
    project = tmp_path_factory.mktemp("zensical")
    # The addresses the overrides link to are set by the build (generator/site.py) as extra.ods; here
    # they go into the copy of mkdocs.yml, in JSON (which is YAML) on one line.
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    ods = f"\nextra:\n  {EXTRA}: {json.dumps(site_addresses())}\n"
    (project / "mkdocs.yml").write_text(config.replace("\nextra:\n", ods, 1), encoding="utf-8")
    shutil.copytree(ROOT / "site_overrides", project / "site_overrides")
    generate(Paths(docs=project / "build" / "docs"))

    env = {**os.environ, "NO_COLOR": "1"}
    built = run(
        [str(zensical), "build", "--clean", "--config-file", str(project / "mkdocs.yml")],
        cwd=project,
        env=env,
        timeout=300,
    )
    output = ANSI.sub("", built.stdout + built.stderr)
    assert built.returncode == 0, f"zensical build avslutade med {built.returncode}:\n{output[-5000:]}"
    return project / "site", output


def test_zensical_builds_without_errors(zensical_site):
    _, output = zensical_site
    problem = PROBLEM.search(output)
    assert problem is None, f"Zensical skrev ett fel ({problem.group(0)!r}):\n{output[-5000:]}"


def edit_link(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"]*)"[^>]*\brel="edit"', html)
    assert len(links) == 1, f"{page}: {len(links)} redigeringslänkar"
    return links[0]


def test_record_page_has_its_edit_link(zensical_site):
    site, _ = zensical_site
    page = site / "platser" / "fridhemsplan-stadshagen" / "index.html"
    assert page.is_file()
    assert edit_link(page) == load_settings().edit_base + "data/scenes.yaml"
    # The path line from front matter (ods_parent_*), since record pages are not in nav.
    assert re.search(r'class="md-path".*?href="\.\./".*?Platser', page.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize(
    "page, source", [("index.html", "content/index.md"), ("metodstod/sara/index.html", "content/metodstod/sara.md")]
)
def test_content_page_has_its_edit_link(zensical_site, page, source):
    site, _ = zensical_site
    assert (site / page).is_file()
    assert edit_link(site / page) == load_settings().edit_base + source
