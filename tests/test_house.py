"""The shape of the code: no import circles, validate stays light, every written path comes from
urls.py, and setup mistakes end as one Swedish line instead of a program error."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import urls
from generator.cli import main
from generator.config import Paths

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "generator"


def _module(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported generator module, at top level?) for every import in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _module(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    top = {id(n) for n in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join(base + (node.module.split(".") if node.module else []))
            names = [f"{target}.{a.name}" for a in node.names]
            for name in [target] + names:
                if (ROOT / Path(*name.split("."))).with_suffix(".py").exists() or (
                    ROOT / Path(*name.split(".")) / "__init__.py"
                ).exists():
                    found.append((name, id(node) in top))
        elif isinstance(node, ast.Import):
            found += [(a.name, id(node) in top) for a in node.names if a.name.startswith("generator")]
    return found


def _graph() -> dict[str, set[str]]:
    return {_module(p): {m for m, at_top in _imports(p) if at_top} - {_module(p)} for p in PACKAGE.rglob("*.py")}


def test_no_import_circle_in_the_generator():
    graph = _graph()
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                pytest.fail("importcirkel: " + " -> ".join(trail + [node, nxt]))
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])


def test_no_function_level_import_of_a_sibling_render_module():
    """A render module that imports another inside a function is dodging a circle."""
    for path in (PACKAGE / "render").glob("*.py"):
        late = [m for m, at_top in _imports(path) if not at_top and m.startswith("generator.render")]
        assert not late, f"{path.name}: {late}"


def test_validate_imports_neither_folium_nor_mkdocs():
    code = (
        "import sys; from generator.cli import main; code = main(['validate']); "
        "heavy = [m for m in ('folium', 'branca', 'mkdocs', 'jinja2', 'matplotlib') if m in sys.modules]; "
        "print(heavy); sys.exit(code or (1 if heavy else 0))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_only_render_modules_know_their_library():
    owners = {
        "folium": {"generator.render.maps"},
        "branca": {"generator.render.maps"},
        "mkdocs": {"generator.site"},
        "jinja2": {"generator.render.env"},
        "matplotlib": {"generator.render.charts"},
        "pagefind": {"generator.search"},
        "weasyprint": {"generator.pdf"},
        "markdown": {"generator.render.book"},
    }
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {
            n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and not n.level
        }
        for lib, allowed in owners.items():
            if lib in names:
                assert _module(path) in allowed, f"{_module(path)} importerar {lib}"


def test_every_written_file_comes_from_the_url_table(tmp_path):
    from generator.pipeline import generate

    docs = tmp_path / "docs"
    generate(Paths(docs=docs))
    content = {p.relative_to(ROOT / "content").as_posix() for p in (ROOT / "content").rglob("*") if p.is_file()}
    for path in (p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()):
        assert path in content or any(rx.match(path) for rx in urls.GENERATED), path


def test_relative_links_are_what_posixpath_would_give():
    """urls.relative is string work for speed; it must agree with posixpath.relpath on every kind of
    pair of paths the site has (same folder, up, down, across, folder URLs with a slash)."""
    import posixpath

    paths = ["index.md", "sok.md", "metodstod/index.md", "metodstod/sara.md", "kartor/plats.html"]
    paths += [urls.page_path(kind) for kind in ("scenes", "municipalities", "mappings", "map", "open_data")]
    paths += [urls.page_path("scenes", "hallunda-centrum"), urls.page_path("municipalities", "botkyrka")]
    paths += [urls.map_data_path("scenes", "x"), "platser/", "kartor/", "oppna-data/platser.csv", "a/b/c/d.md"]
    for here in paths:
        for there in paths:
            want = posixpath.relpath(there, posixpath.dirname(here) or ".")
            want += "/" if there.endswith("/") and not want.endswith("/") else ""
            assert urls.relative(here, there) == want, (here, there)


def test_every_nav_entry_is_a_content_page_or_in_the_url_table():
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:", 1)[1].join(["nav:", ""]))

    def entries(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, list):
            for item in node:
                yield from entries(item)
        elif isinstance(node, dict):
            for value in node.values():
                yield from entries(value)

    for entry in entries(nav["nav"]):
        assert (ROOT / "content" / entry).is_file() or urls.page_for(entry), entry


def test_each_generated_page_names_an_existing_template():
    for page in urls.PAGES:
        assert page.template.startswith("(") or (ROOT / page.template).is_file(), page


def _build(tmp_path, **paths):
    return main(
        [
            "build",
            "--docs",
            str(tmp_path / "docs"),
            "--out",
            str(tmp_path / "site"),
            *sum(([f"--{k}", str(v)] for k, v in paths.items()), []),
        ]
    )


def test_missing_node_modules_is_a_setup_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(Paths, "__init__", _with(Paths.__init__, node_modules=tmp_path / "saknas"))
    assert _build(tmp_path) == 1
    err = capsys.readouterr().err
    assert err.startswith("fel: ") and "leaflet.js saknas" in err and "make site" in err
    assert "internt fel" not in err and not (tmp_path / "docs").exists()


def _with(init, **override):
    def patched(self, *args, **kwargs):
        init(self, *args, **{**kwargs, **override})

    return patched


def test_missing_setting_is_a_setup_error(tmp_path, capsys, monkeypatch):
    toml = tmp_path / "portal.toml"
    toml.write_text((ROOT / "portal.toml").read_text(encoding="utf-8").replace("max_zoom = 19\n", ""), encoding="utf-8")
    from generator import config

    monkeypatch.setattr(config.load_settings, "__defaults__", (toml,))
    assert _build(tmp_path) == 1
    err = capsys.readouterr().err
    assert (
        err.strip()
        == "fel: portal.toml: nyckeln max_zoom saknas under [map]; ange största zoomnivån, ett heltal, t.ex. 18"
    )


def test_unknown_content_marker_is_a_setup_error(tmp_path, capsys):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "content", content)
    (content / "om" / "index.md").write_text("# Om\n\n<!-- ods:senaste-sifror -->\n", encoding="utf-8")
    assert _build(tmp_path, data=ROOT / "tests" / "fixtures" / "data", content=content) == 1
    err = capsys.readouterr().err
    assert err.startswith('fel: content/om/index.md:3: okänd markör "<!-- ods:senaste-sifror -->"')


def test_readme_module_table_names_every_module():
    import re

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(generator/[\w/]+\.py)`", text))
    modules = {
        p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py") if p.name not in ("__init__.py", "__main__.py")
    }
    assert named == modules, {"saknas i README": sorted(modules - named), "finns inte": sorted(named - modules)}


def test_a_setup_error_leaves_build_docs_untouched(tmp_path, capsys):
    docs = tmp_path / "docs"
    assert (
        _build(tmp_path, data=ROOT / "tests" / "fixtures" / "data", content=ROOT / "tests" / "fixtures" / "content")
        == 0
    )
    before = {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()}
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "content", content)
    (content / "index.md").write_text("# Start\n\n<!-- ods:okand -->\n", encoding="utf-8")
    assert _build(tmp_path, data=ROOT / "tests" / "fixtures" / "data", content=content) == 1
    assert {p: p.read_bytes() for p in docs.rglob("*") if p.is_file()} == before


# --- one job per module: the pipeline runs the stages, each stage does its own reading ----------------


def test_the_pipeline_reads_no_menu_and_keeps_no_cache():
    """mkdocs.yml is read by the content stage (render/content.py) and the PDF cache is the PDF stage's
    (pdf.py); pipeline.py only runs the stages in order."""
    tree = ast.parse((PACKAGE / "pipeline.py").read_text(encoding="utf-8"))
    libraries = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    libraries |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module and not n.level}
    assert not libraries & {"yaml", "hashlib", "ctypes", "os", "importlib"}, sorted(libraries)
    readers = [p for p in PACKAGE.rglob("*.py") if "mkdocs_yml.read_text" in p.read_text(encoding="utf-8")]
    assert readers == [PACKAGE / "render" / "content.py"]


def test_a_cached_pdf_is_given_back_without_loading_weasyprint(tmp_path):
    """Importing the PDF stage loads no WeasyPrint (it loads Pango), and a cached PDF needs none."""
    make = "import sys, datetime as dt; from pathlib import Path; from generator.pdf import render_pdf; "
    make += "data = render_pdf('<p>x</p>', dt.date(2024, 1, 1), Path(sys.argv[1])); "
    subprocess.run([sys.executable, "-c", make, str(tmp_path)], cwd=ROOT, check=True)
    (cached,) = tmp_path.glob("metodstod-*.pdf")
    check = make + "assert data == Path(sys.argv[2]).read_bytes(); assert 'weasyprint' not in sys.modules"
    again = subprocess.run(
        [sys.executable, "-c", check, str(tmp_path), str(cached)], cwd=ROOT, capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr


def test_front_matter_has_one_escaper_and_no_module_escapes_html_by_hand():
    """yaml_str (render/env.py) escapes every front-matter value, strings and lists alike; HTML text is
    escaped by markupsafe, Jinja or the standard library, never by a hand-written chain of replace()."""
    import re

    from generator.render.env import yaml_str

    sources = {p.relative_to(PACKAGE).as_posix(): p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py")}
    assert [name for name, text in sources.items() if re.search(r"json\.dumps\(\[?str\(escape", text)] == [
        "render/env.py"
    ]
    assert not [name for name, text in sources.items() if re.search(r"""replace\(["']&["'], ["']&amp;""", text)]
    assert yaml_str('A & "B"') == '"A &amp; &#34;B&#34;"'
    assert yaml_str(["Solna", "<Sundbyberg>"]) == '["Solna", "&lt;Sundbyberg&gt;"]'
    assert yaml.safe_load(f"x: {yaml_str(['a: b', 'c'])}") == {"x": ["a: b", "c"]}
