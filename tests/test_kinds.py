"""The registry of record kinds (generator/kinds.py) and the one table of Swedish words
(generator/render/text.py LABELS): each kind, word and URL section is defined once, and every other
table reads it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import kinds, urls
from generator.render.text import LABELS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("generator/**/*.py", "theme/**/*.j2", "theme/**/*.js", "theme/**/*.html", "site_overrides/**/*")
HOMES = {"generator/render/text.py", "generator/kinds.py", "generator/urls.py"}
# Column headings of the open-data CSV, keyed by column name (some columns are named after a kind).
COLUMN_HEADINGS = {"generator/render/exports.py"}


_COMMENT = re.compile(r"^\s*(#|//|\{#|\*|/\*)")


def _texts(root: Path = ROOT) -> dict[str, str]:
    """Code, templates and scripts without their comment lines (a comment may name an address)."""
    files = {
        p
        for pattern in SOURCES
        for p in root.glob(pattern)
        if p.is_file() and p.suffix in (".py", ".j2", ".js", ".html")
    }
    return {
        p.relative_to(root).as_posix(): "\n".join(
            line for line in p.read_text(encoding="utf-8").splitlines() if not _COMMENT.match(line)
        )
        for p in sorted(files)
    }


def _pairs() -> list[tuple[str, str]]:
    """(value, Swedish word) for every value in LABELS and every kind's names."""
    pairs = [(value, word) for group in LABELS.values() for value, word in group.items()]
    for k in kinds.KINDS.values():
        pairs += [(k.name, k.singular), (k.name, k.plural), (k.name, k.search_label)]
    return pairs


def _label_definitions(text: str) -> list[str]:
    """Places where a text gives a value a Swedish word of its own: `"listed": "Utpekad"`,
    `"listed": "listed (utpekad)"`, `"scenes": ("Platser", "Plats")`, `y.status === "removed" ? "upphört"`."""
    found = []
    for value, word in _pairs():
        v, w = re.escape(value), re.escape(word)
        patterns = (
            rf"[\"']{v}[\"']\s*:\s*\(?\s*[\"']({v} \()?{w}[\"')]",
            rf"[\"']{v}[\"']\s*\?\s*[\"']{w}[\"']",
            rf"[\"']{v} \({w}\)[\"']",
            rf"[\"']{v}[\"']\s*:\s*[\"']{v} \(",  # any word of its own beside the value
        )
        found += [f"{value} = {word}" for p in patterns if re.search(p, text, re.I)]
    return found


def _section_definitions(text: str) -> list[str]:
    """Places where a text writes a URL section as an address: 'platser/', "/platser/", "karta/index.md"."""
    return [s for s in urls.SECTIONS.values() if re.search(rf"[\"'/]{re.escape(s)}/", text)]


def test_every_swedish_label_is_defined_once():
    twice = {
        path: found
        for path, text in _texts().items()
        if path not in HOMES | COLUMN_HEADINGS and (found := _label_definitions(text))
    }
    assert not twice, f"ord för värden ska stå i render/text.py LABELS eller kinds.py, inte här: {twice}"


def test_every_url_section_is_defined_once():
    twice = {
        path: found for path, text in _texts().items() if path not in HOMES and (found := _section_definitions(text))
    }
    assert not twice, f"adresser ska komma från urls.py/kinds.py, inte skrivas här: {twice}"


@pytest.mark.parametrize(
    "line",
    [
        '    "scanning": "scanning (kartlägga)",',
        '    "scenes": ("Platser", "Plats"),',
        '"scenes": "Plats",',
        'h("td", null, y.status === "removed" ? "upphört" : "utpekad")',
        '"stated": "stated (enligt källan)",',
    ],
)
def test_the_label_check_finds_a_second_definition(line):
    """The checks above can fail: each of these lines (as the code had them) is a second definition."""
    assert _label_definitions(line)


@pytest.mark.parametrize("line", ["['platser/', 'Platser']", "{{ 'kommuner/' | url }}", 'to("karta/index.md", "x")'])
def test_the_section_check_finds_a_second_address(line):
    assert _section_definitions(line)


def test_each_table_of_kinds_reads_the_registry():
    from generator import cli, cms, new
    from generator.render import env, searchmeta

    pages = {k.name for k in kinds.KINDS.values() if k.section}
    assert {k for k in urls.SECTIONS if k in kinds.KINDS} == pages
    assert {p.kind for p in urls.PAGES if p.per_record} == {k.name for k in kinds.KINDS.values() if k.record_template}
    assert all(searchmeta.KINDS[k] == kinds.KINDS[k].search_label for k in pages)
    assert [c["name"] for c in cms.config("https://github.com/o/r/edit/main/")["collections"]] == list(kinds.CMS_ORDER)
    assert set(new.COMMANDS) == {k.command for k in kinds.KINDS.values() if k.command}
    assert all(c in cli._kinds_help() for c in new.COMMANDS)
    assert env._parent("examples") == ("Goda exempel", "goda-exempel/")


def test_urls_pages_name_real_renderers_and_templates():
    """The table's renderer and template columns are what the build uses: render/pages.py takes its
    rows' templates from it, and every renderer named exists."""
    import importlib

    for page in urls.PAGES:
        module, function = page.renderer.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(f"generator.{module}"), function)), page
        assert page.template.startswith("(") or (ROOT / page.template).is_file(), page


NEW_KIND = """
        Kind(
            "events",
            Event,
            "events.yaml",
            "Händelse",
            "Händelser",
            section="handelser",
            record_template="event.md.j2",
            index_template="events_index.md.j2",
            command="event",
            optional=True,
        ),
"""
NEW_MODEL = """

class Event(Record):
    id: Slug
    name: str
"""
TEMPLATES = {
    "event.md.j2": '{% set title = record.name %}{% set description = "En händelse." %}'
    '{% include "partials/front.md.j2" %}\n# {{ record.name }}\n',
    "events_index.md.j2": '{% set title = "Händelser" %}{% set description = "Alla händelser." %}'
    '{% include "partials/front.md.j2" %}\n# Händelser\n\n'
    '{% for eid in c.records.events %}- {{ link("events", eid) }}\n{% endfor %}',
}
CHECK = """
import json
from pathlib import Path
from generator import kinds, urls, cms, new
from generator.catalog import check
from generator.config import load_settings
from generator.render import searchmeta, env
from generator.render.env import Renderer, environment
from generator.render.pages import render_pages

assert kinds.DATA_FILES["events.yaml"][1] == "list" and "events.yaml" in kinds.OPTIONAL_FILES
assert urls.SECTIONS["events"] == "handelser"
assert searchmeta.kind_of_page("handelser/fest/index.md") == "Händelse"
assert "Händelse" in searchmeta.KIND_ORDER
assert ["handelser/", "Händelser"] in json.loads(searchmeta.labels_file().content)["index_pages"]
assert "events" in [c["name"] for c in cms.config("https://github.com/o/r/edit/main/")["collections"]]
assert new.COMMANDS["event"].new_label == "Ny händelse"
c = check(Path("data"))
pages = {f.path: f.content.decode() for f in render_pages(Renderer(c, load_settings(), environment()))}
print(pages["handelser/fest/index.md"])
print(pages["handelser/index.md"])
"""


def test_a_new_kind_is_one_registry_entry_plus_its_model_templates_and_data(tmp_path):
    """A copy of the project with one more Kind in the registry, its model, its two templates and its
    data file, and nothing else changed: the kind has its pages, its search label, its collection in
    the web editor and its `generator new` command."""
    for folder in ("generator", "theme", "data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "portal.toml", tmp_path / "portal.toml")
    registry = tmp_path / "generator" / "kinds.py"
    text = registry.read_text(encoding="utf-8").replace(
        '        Kind("schools"', NEW_KIND.strip("\n") + '\n        Kind("schools"', 1
    )
    registry.write_text(
        text.replace("from .models import Actor,", "from .models import Event, Actor,", 1), encoding="utf-8"
    )
    models = tmp_path / "generator" / "models.py"
    models.write_text(models.read_text(encoding="utf-8") + NEW_MODEL, encoding="utf-8")
    for name, template in TEMPLATES.items():
        (tmp_path / "theme" / "pages" / name).write_text(template, encoding="utf-8")
    (tmp_path / "data" / "events.yaml").write_text("- id: fest\n  name: Vårfest på torget\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "# Vårfest på torget" in done.stdout
    assert "[Vårfest på torget](fest/index.md)" in done.stdout
