"""What a web editor's file lost, put back (generator/restore.py, `fmt --comments-from`): the comments,
the short lists on one line, the values written as before; no value changes."""

from __future__ import annotations

import shutil

import yaml

from generator import cms
from generator.cli import main
from generator.fmt import format_text
from generator.models import Scene
from generator.restore import restore_comments, restore_layout

PREVIOUS = """# Platserna.
# En rad till.

# --- Norrort ---
- id: a
  name: A

- id: b
  name: B
"""


def test_the_header_and_the_heading_above_a_record_come_back():
    written = "- id: a\n  name: A\n- id: b\n  name: B2\n"
    restored = restore_comments(written, PREVIOUS)
    assert restored.startswith("# Platserna.\n# En rad till.\n\n# --- Norrort ---\n- id: a\n")
    assert restored.endswith("- id: b\n  name: B2\n")


def test_a_heading_above_a_removed_record_is_dropped_and_a_file_with_its_own_header_keeps_it():
    assert "Norrort" not in restore_comments("- id: b\n  name: B\n", PREVIOUS)
    assert restore_comments("# Ny rubrik.\n- id: z\n", PREVIOUS) == "# Ny rubrik.\n- id: z\n"


def test_layout_short_lists_on_one_line_blank_lines_between_records_and_unchanged_numbers_as_before():
    previous = "- id: a\n  sources: [x, y]\n  lat: 59.3000\n\n- id: b\n  sources: [x]\n  lat: 59.1\n"
    written = "- id: a\n  sources:\n  - x\n  - y\n  lat: 59.3\n- id: b\n  sources:\n  - x\n  lat: 59.2\n"
    restored = restore_layout(written, previous)
    assert restored == "- id: a\n  sources: [x, y]\n  lat: 59.3000\n\n- id: b\n  sources: [x]\n  lat: 59.2\n"
    assert yaml.safe_load(restored) == yaml.safe_load(written)


def test_editor_output_gets_the_canonical_form_and_comments_back():
    """What Sveltia writes (no comments, lists in blocks, numbers shortened) comes back as the file was."""
    before = (cms.ROOT / "data" / "scenes.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(before)
    data[0]["district"] = "Norrmalm och City"
    written = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    assert "#" not in written.split("\n", 1)[0]
    after = format_text(restore_layout(written, before), Scene)
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == ["  district: Norrmalm och City"]
    assert after.splitlines()[0] == before.splitlines()[0] and after.startswith("# ")


def test_fmt_comments_from_restores_every_file_the_editor_rewrote(tmp_path, capsys):
    """`fmt --comments-from` (the step in cms.yml) on files rewritten without comments and in block
    style gives back the committed files byte for byte; files the editor did not touch stay as they are."""
    data = tmp_path / "data"
    shutil.copytree(cms.ROOT / "data", data)
    rewritten = ["scenes.yaml", "sources.yaml", "examples/fisksatra.yaml"]
    for name in rewritten:
        path = data / name
        path.write_text(
            yaml.safe_dump(yaml.safe_load(path.read_text(encoding="utf-8")), allow_unicode=True, sort_keys=False)
        )
    assert main(["fmt", "--data", str(data), "--comments-from", str(cms.ROOT / "data")]) == 0
    for path in sorted(data.rglob("*.yaml")):
        original = cms.ROOT / "data" / path.relative_to(data)
        assert path.read_text(encoding="utf-8") == original.read_text(encoding="utf-8"), path.name
    assert capsys.readouterr().out.count("kommentarerna från") == len(rewritten)
