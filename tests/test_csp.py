"""generator/csp.py: which inline code a page may have, and the policy that says so."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest
import yaml

from generator import csp

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = [
    *Path(material.__file__).parent.joinpath("templates").rglob("*.html"),
    ROOT / "site_overrides" / "main.html",
]
PAGE = '<!doctype html><html><head><meta charset="utf-8"><title>t</title>{}</head><body>{}</body></html>'


@pytest.mark.parametrize("script", csp.PAGE_SCRIPTS)
def test_each_allowed_script_is_still_written_by_a_template(script):
    """A Material upgrade that changes one of its inline scripts fails here, not on a visitor's page."""
    pattern = re.escape(f"<script>{script}</script>").replace("ADDRESS", r"\{\{[^}]*\}\}")
    assert any(re.search(pattern, t.read_text(encoding="utf-8")) for t in TEMPLATES)


def test_a_page_with_the_templates_scripts_gets_their_hashes_and_nothing_more():
    helper = csp.PAGE_SCRIPTS[0].replace("ADDRESS", "../..")
    html = PAGE.format(
        f"<script>{helper}</script>",
        '<script id="__config" type="application/json">{}</script><script src="a.js"></script>',
    )
    policy = csp.protect(html)
    assert policy.index('http-equiv="Content-Security-Policy"') < policy.index("<script")
    script_src = re.search(r"script-src ([^;]+);", policy).group(1).split()
    assert script_src == ["'self'", "'wasm-unsafe-eval'", csp._hash(helper)]


@pytest.mark.parametrize(
    "inline",
    [
        "<script>alert(1)</script>",
        '<script>__md_scope=new URL("x",location);alert(1)</script>',  # an allowed script with more after it
        '<script>__md_scope=new URL("");alert(1)//",location)</script>',  # a quote in the address
        "<style>body{background:url(x)}</style>",
        "<SCRIPT type=module>alert(1)</SCRIPT>",
    ],
)
def test_a_page_with_inline_code_no_template_writes_is_refused(inline):
    with pytest.raises(csp.UnknownInlineCode):
        csp.protect(PAGE.format("", inline))


def test_a_map_document_is_trusted_with_its_own_inline_code_and_the_tile_host():
    html = PAGE.format("<style>#map{height:100%}</style>", "<script>L.map('map')</script>")
    out = csp.protect(
        html, images=(csp.tile_source("https://{s}.tile.example.org:8080/{z}/{x}/{y}.png"),), trusted=True
    )
    assert csp._hash("#map{height:100%}") in out and csp._hash("L.map('map')") in out
    assert "img-src 'self' data: https://*.tile.example.org:8080;" in out


def test_the_markup_hook_drops_only_materials_autocomplete_on_its_two_checkboxes():
    """generator/valid_html.py, a hook in mkdocs.yml before the policy; Material's base.html must still
    write the exact strings it rewrites (or the site would keep invalid HTML)."""
    from generator import valid_html

    base = (Path(material.__file__).parent / "templates" / "base.html").read_text(encoding="utf-8")
    for bad, good in valid_html._INVALID_MARKUP.items():
        assert bad in base, "Materials base.html skriver inte längre kryssrutan så"
        assert valid_html.on_post_page(f"<body>{bad}</body>", page=None) == f"<body>{good}</body>"
        assert valid_html.on_post_template(bad, template_name="404.html") == good
    other = '<input type="search" autocomplete="off">'
    assert valid_html.on_post_page(other, page=None) == other
    hooks = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["hooks"]
    assert hooks == ["generator/valid_html.py", "generator/csp.py"]
