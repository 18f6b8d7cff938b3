"""End to end on the fixture data: build, reproducibility, and what a failed build leaves behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support import build_site, tree_digest

from generator.pipeline import Paths, check, generate
from generator.problems import InvalidData
from generator.render import OutputFile
from generator.write import write_tree


def test_build_writes_a_site(fixture_copy, tmp_path):
    assert build_site(fixture_copy, tmp_path / "site") == 0
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "platser" / "testtorget" / "index.html").is_file()
    assert 'lang="sv"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_two_builds_are_byte_identical(fixture_copy, tmp_path):
    assert build_site(fixture_copy, tmp_path / "a") == 0
    assert build_site(fixture_copy, tmp_path / "b") == 0
    a, b = tree_digest(tmp_path / "a"), tree_digest(tmp_path / "b")
    assert any(p.startswith("pagefind/filter/") for p in a)  # the whole site, the search index included
    assert a == b


def test_invalid_data_writes_nothing_and_keeps_the_old_site(fixture_copy, tmp_path, capsys):
    site = tmp_path / "site"
    assert build_site(fixture_copy, site) == 0
    before = tree_digest(site)
    docs_before = tree_digest(tmp_path / "docs")
    scenes = fixture_copy / "data" / "scenes.yaml"
    scenes.write_text(
        scenes.read_text(encoding="utf-8").replace("municipality: solna", "municipality: solan"), encoding="utf-8"
    )
    assert build_site(fixture_copy, site) == 1
    err = capsys.readouterr().err
    assert 'okänd kommun i municipalities.yaml: "solan" (menade du "solna"?)' in err
    assert "Traceback" not in err
    assert tree_digest(site) == before
    assert tree_digest(tmp_path / "docs") == docs_before


def test_mkdocs_failure_keeps_the_old_site(fixture_copy, tmp_path, capsys):
    site = tmp_path / "site"
    assert build_site(fixture_copy, site) == 0
    before = tree_digest(site)
    (fixture_copy / "content" / "ordlista.md").write_text("# Ordlista\n\n[Trasig](finns-inte.md)\n", encoding="utf-8")
    assert build_site(fixture_copy, site) == 1
    assert "Den tidigare webbplatsen" in capsys.readouterr().err
    assert tree_digest(site) == before
    assert not (tmp_path / ".site.new").exists()


def test_check_reports_all_problems_sorted(fixture_copy):
    scenes = fixture_copy / "data" / "scenes.yaml"
    text = scenes.read_text(encoding="utf-8").replace("place_type: torg", "place_type: square")
    scenes.write_text(text.replace("municipality: nacka", "municipality: nakka"), encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        check(fixture_copy / "data")
    problems = err.value.problems
    assert [p.line for p in problems] == sorted(p.line for p in problems)
    # both problems at once, in file order: place_type (line 6) before municipality (line 55)
    assert [(p.path, p.field) for p in problems] == [
        ("data/scenes.yaml", "scenes[0].place_type"),
        ("data/scenes.yaml", "scenes[2].municipality"),
    ]
    assert '"nakka"' in problems[1].message


def test_a_long_lineage_ring_is_one_problem_at_the_field_that_closes_it(fixture_copy):
    """1,200 places each merged into the next and the last into the first: one problem naming all of
    them, found without deep recursion; a chain that ends is no ring."""
    n = 1200  # beyond what recursion would take
    place = (
        "- id: p{i}\n  name: P {i}\n  municipality: stockholm\n  place_type: torg\n  merged_into: p{next}\n"
        "  years: [{{year: 2023, status: listed, certainty: stated, sources: [testkalla]}}]\n  sources: [testkalla]\n"
    )
    scenes = fixture_copy / "data" / "scenes.yaml"
    text = "".join(place.format(i=i, next=(i + 1) % n) for i in range(n))
    chain = place.format(i="x", next="y") + place.format(i="y", next="p0")  # leads into the ring, not part of it
    scenes.write_text(text + chain, encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        check(fixture_copy / "data")
    problems = [p for p in err.value.problems if "ring" in p.message]
    assert [(p.line, p.field) for p in problems] == [(7 * n - 2, f"scenes[{n - 1}].merged_into")]
    assert problems[0].message.startswith('platserna går i ring: "p0" gick upp i "p1", som gick upp i "p2"')
    assert problems[0].message.count("gick upp i") == n


def test_write_tree_syncs_and_removes_stale_files(tmp_path):
    out = tmp_path / "docs"
    write_tree([OutputFile.text("a/index.md", "A"), OutputFile.text("b.md", "B")], out)
    changed = write_tree([OutputFile.text("a/index.md", "A"), OutputFile.text("c.md", "C")], out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["a/index.md", "c.md"]
    assert changed == 2  # c.md written, b.md removed; a/index.md untouched


def test_generate_only_writes_docs(fixture_copy, tmp_path):
    generate(Paths(data=fixture_copy / "data", content=fixture_copy / "content", docs=tmp_path / "docs"))
    assert (tmp_path / "docs" / "platser" / "testtorget" / "index.md").is_file()
    assert not (tmp_path / "site").exists()


def test_build_loads_mkdocs_only_after_the_generator():
    """MkDocs' modules come after the generator's peak, in memory it freed, not on top of it."""
    code = (
        "import sys; import generator.pipeline as p\n"
        "def generate(paths, settings=None):\n"
        "    print('mkdocs' in sys.modules, 'material' in sys.modules); raise SystemExit(0)\n"
        "p.generate = generate\n"
        "from generator.cli import main; main(['build'])\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "False"], proc.stdout
