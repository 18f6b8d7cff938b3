"""The web editor at /admin/ in Chromium: Sveltia CMS with the generated config, against a local
repository. Sveltia's local mode asks for a folder with the File System Access API; a test cannot
click through the browser's folder picker, so the picker is replaced by one that returns a folder in
the page's own private file system (OPFS), filled with the real data/ first. Everything after that is
Sveltia's own code: it reads the files, shows the forms, writes the files back. The test creates a
good example and edits a scene through the forms, then takes the written files out of the browser,
runs the step the pull-request workflow runs (fmt --comments-from main's data), and checks them with
`generator validate` and `fmt --check`."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time

import pytest
import yaml

from .checks import EDITOR_AXE_TAGS, REPO, SCREENSHOTS, SUMMARY, add_axe, axe_problems

PICKER = """
window.showDirectoryPicker = async () => {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle("repo", { create: true });
};
"""
SEED = """async (files) => {
  const root = await navigator.storage.getDirectory();
  try { await root.removeEntry("repo", { recursive: true }); } catch (err) { /* a fresh profile */ }
  const repo = await root.getDirectoryHandle("repo", { create: true });
  await repo.getDirectoryHandle(".git", { create: true });
  for (const [path, text] of Object.entries(files)) {
    const parts = path.split("/");
    let folder = repo;
    for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, { create: true });
    const writable = await (await folder.getFileHandle(parts.at(-1), { create: true })).createWritable();
    await writable.write(text);
    await writable.close();
  }
}"""
READ = """async () => {
  const out = {};
  async function walk(folder, prefix) {
    for await (const [name, handle] of folder.entries()) {
      if (name.endsWith(".crswap")) continue; // a write still under way: read again
      try {
        if (handle.kind === "directory") await walk(handle, prefix + name + "/");
        else out[prefix + name] = await (await handle.getFile()).text();
      } catch (err) {
        out[prefix + name] = null;
      }
    }
  }
  const repo = await (await navigator.storage.getDirectory()).getDirectoryHandle("repo");
  await walk(await repo.getDirectoryHandle("data"), "data/");
  return out;
}"""
NEW_SLUG = "torgvardar-pa-sergels-torg"


def _data_files() -> dict[str, str]:
    data = REPO / "data"
    return {p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8") for p in sorted(data.rglob("*.yaml"))}


@pytest.fixture
def editor(browser, real_site):
    """The editor signed in to a local repository holding the real data/, and what the page did."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    context.add_init_script(PICKER)
    page = context.new_page()
    seen = {"errors": [], "outside": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda err: seen["errors"].append(str(err)))
    local = real_site.url + "/"

    def answered(response):
        if response.status >= 400:
            seen["errors"].append(f"{response.status} {response.url}")
        if not response.url.startswith((local, "blob:", "data:")) and not response.from_service_worker:
            seen["outside"].append(response.url)

    page.on("response", answered)
    page.goto(real_site.url + "/admin/")
    page.evaluate(SEED, _data_files())
    page.get_by_role("button", name="Arbeta med lokalt repository").click()
    page.get_by_text("Samlingar").wait_for()
    yield page, seen
    context.close()


def _choose(page, field: str, *options: str) -> None:
    """Pick options in a relation or select field by what the list shows."""
    box = page.get_by_role("combobox", name=field, exact=True)
    for option in options:
        box.click()
        page.get_by_role("option", name=re.compile(re.escape(option))).first.click()


def _axe(page, where: str) -> list[str]:
    """axe-core WCAG 2.x A and AA (EDITOR_AXE_TAGS) on the editor's page as it is now (the preview frame is its own page)."""
    add_axe(page)
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        EDITOR_AXE_TAGS,
    )
    return axe_problems(where, found["violations"])


def _save(page) -> None:
    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_role("button", name="Spara", exact=True).wait_for(state="detached")


def _create_example(page, problems: list[str]) -> None:
    page.get_by_role("treeitem", name="Goda exempel").click()
    page.get_by_role("button", name="Skapa ny post").click()
    page.get_by_role("textbox", name="Rubrik", exact=True).fill("Torgvärdar på Sergels torg")
    _choose(page, "Kommun", "Stockholm")
    _choose(page, "Platser", "Sergels torg")
    _choose(page, "Metoder", "Platssamverkan")
    _choose(page, "Aktörer", "Polismyndigheten")
    page.get_by_role("textbox", name="Start", exact=True).fill("2024-03")
    page.get_by_role("textbox", name="Sammanfattning", exact=True).fill("Värdar finns på torget på kvällarna.")
    page.get_by_role("button", name=re.compile("Lägg till.*Vad som gjordes")).click()
    page.get_by_role("textbox", name="Vad som gjordes", exact=True).first.fill("Torgvärdar på kvällar och helger.")
    page.get_by_role("textbox", name="Resultat", exact=True).fill("Ett exempel som testet skriver.")
    _choose(page, "Källor", "Platssamverkan för trygga miljöer")
    page.screenshot(path=str(SCREENSHOTS / "cms-exempel.png"))
    problems.extend(_axe(page, "nytt gott exempel"))
    # The id is suggested from the title (ä becomes ae); the guide asks editors to write it the portal's way.
    page.get_by_role("radio", name="Slug").click()
    slug = page.get_by_role("textbox", name="Slugg")
    page.get_by_role("button", name="Redigera slugg").click()
    slug.fill(NEW_SLUG)
    page.get_by_role("button", name="Klar", exact=True).click()
    _save(page)


def _edit_scene(page, problems: list[str]) -> None:
    page.get_by_role("treeitem", name="Platser").click()
    page.get_by_role("row", name="Platser").click()
    district = page.get_by_role("textbox", name="Stadsdel eller kommundel", exact=True).first
    district.fill("Norrmalm och City")
    page.screenshot(path=str(SCREENSHOTS / "cms-plats.png"))
    problems.extend(_axe(page, "platser"))
    _save(page)


def _written(page, done) -> dict[str, str]:
    """The files under data/ in the browser once done(files) holds; Sveltia writes them in the background."""
    deadline = time.monotonic() + 30
    while True:
        files = page.evaluate(READ)
        if all(text is not None for text in files.values()) and done(files):
            return files
        if time.monotonic() > deadline:
            pytest.fail(f"webbredigeraren skrev inte filerna inom 30 s: {sorted(files)}")
        page.wait_for_timeout(200)


def _saved(files: dict[str, str]) -> bool:
    scenes = files.get("data/scenes.yaml") or ""
    return f"data/examples/{NEW_SLUG}.yaml" in files and "Norrmalm och City" in scenes


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=REPO, capture_output=True, text=True)


def test_editor_writes_files_that_pass_the_checks(editor, tmp_path):
    page, seen = editor
    problems: list[str] = []
    _create_example(page, problems)
    _edit_scene(page, problems)
    written = _written(page, _saved)
    data = tmp_path / "data"
    shutil.copytree(REPO / "data", data)
    for path, text in written.items():
        (tmp_path / path).write_text(text, encoding="utf-8")
    example = yaml.safe_load(written[f"data/examples/{NEW_SLUG}.yaml"])
    assert example["municipality"] == "stockholm" and example["scenes"] == ["sergels-torg-klara"]
    assert example["methods"] == ["platssamverkan"] and example["actors"] == ["polisen"]
    scenes = yaml.safe_load(written["data/scenes.yaml"])
    assert scenes[0]["district"] == "Norrmalm och City"
    assert len(scenes) == len(yaml.safe_load((REPO / "data" / "scenes.yaml").read_text(encoding="utf-8")))

    fixed = _run("fmt", "--data", str(data), "--comments-from", str(REPO / "data"))
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    checked = _run("fmt", "--check", "--data", str(data))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    valid = _run("validate", "--data", str(data))
    assert valid.returncode == 0, valid.stdout + valid.stderr
    before = (REPO / "data" / "scenes.yaml").read_text(encoding="utf-8")
    after = (data / "scenes.yaml").read_text(encoding="utf-8")
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == ["  district: Norrmalm och City"], changed  # one line changed, comments and layout kept

    assert not problems, "\n".join(problems)
    assert not seen["outside"], f"förfrågningar till andra värdar: {seen['outside']}"
    assert not seen["errors"], f"fel i konsolen: {seen['errors']}"
    SUMMARY.append(
        f"webbredigeraren: nytt exempel och ändrad plats klarar validate och fmt --check ({len(written)} filer)"
    )


def test_editor_is_kept_out_of_menus_sitemap_and_search(real_site):
    """/admin/ is for editors: noindex, no link from the site's pages, not in the sitemap or the index."""
    import gzip

    site = real_site.root
    page = (site / "admin" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert (site / "admin" / "sveltia" / "LICENSE.txt").is_file() and (site / "admin" / "config.yml").is_file()
    assert "admin/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "admin/" not in (site / "index.html").read_text(encoding="utf-8")
    fragments = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments and not any(b'"url":"/admin/' in gzip.decompress(f.read_bytes()) for f in fragments)
