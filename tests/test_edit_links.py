"""Every page's "Redigera" link comes from its front matter (ods_edit): the hand-written pages get it
from the content stage, the generated ones from their templates. The override in
site_overrides/partials/actions.html only prints it (tests/test_zensical.py builds it with Zensical)."""

from __future__ import annotations

import re

import yaml

from generator.cli import main
from generator.config import load_settings
from generator.render.content import with_edit_link

URL = "https://example.org/edit/main/content/sida.md"


def front(text: str) -> dict:
    assert text.startswith("---\n")
    return yaml.safe_load(text[4 : text.index("\n---\n", 3)])


def test_a_page_without_front_matter_gets_one():
    text = with_edit_link("# Rubrik\n\nText.\n", URL)
    assert front(text) == {"ods_edit": URL}
    assert text.endswith("---\n# Rubrik\n\nText.\n")


def test_existing_front_matter_is_kept():
    text = with_edit_link("---\ntitle: Egen titel\nhide:\n  - toc\n---\n# Rubrik\n", URL)
    assert front(text) == {"ods_edit": URL, "title": "Egen titel", "hide": ["toc"]}
    assert text.endswith("---\n# Rubrik\n")


def test_an_edit_link_already_in_front_matter_wins():
    text = "---\nods_edit: https://example.org/annan\n---\n# Rubrik\n"
    assert with_edit_link(text, URL) == text


def test_mkdocs_prints_the_edit_link_on_content_and_record_pages(fixture_copy, tmp_path):
    site = tmp_path / "site"
    assert (
        main(
            [
                "build",
                "--data",
                str(fixture_copy / "data"),
                "--content",
                str(fixture_copy / "content"),
                "--docs",
                str(tmp_path / "docs"),
                "--out",
                str(site),
            ]
        )
        == 0
    )
    base = load_settings().edit_base
    for page, source in [
        ("index.html", "content/index.md"),
        ("metodstod/atgarder/index.html", "content/metodstod/atgarder.md"),
        ("platser/testtorget/index.html", "data/scenes.yaml"),
    ]:
        html = (site / page).read_text(encoding="utf-8")
        assert re.findall(r'<a href="([^"]*)"[^>]*\brel="edit"', html) == [base + source], page
