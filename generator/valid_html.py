"""Material's markup that HTML does not allow, taken out of each page as MkDocs writes it.

Material's base.html puts autocomplete="off" on its two hidden checkboxes (the menu drawer and the
search box), to stop Firefox restoring an open menu or search box on reload; HTML allows the attribute
only on text-like inputs. base.html has no block around them, so a template override would mean a copy
of all of base.html (and Zensical's differs). MkDocs loads this file as a hook (mkdocs.yml `hooks:`,
https://www.mkdocs.org/user-guide/configuration/#hooks) and calls `on_post_page` with every page and
`on_post_template` with the static templates (404.html). assets/ods.js and ods-search.js close both
boxes at page load instead.

Only the exact strings in _INVALID_MARKUP are rewritten; a Material that writes them otherwise leaves
them as they are, and the site's HTML check (tests/test_site_shell.py, vnu) fails.
"""

from __future__ import annotations

_INVALID_MARKUP = {
    f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}" autocomplete="off">': (
        f'<input class="md-toggle" data-md-toggle="{name}" type="checkbox" id="__{name}">'
    )
    for name in ("drawer", "search")
}


def drop_invalid_markup(html: str) -> str:
    for bad, good in _INVALID_MARKUP.items():
        html = html.replace(bad, good)
    return html


# MkDocs' events (mkdocs.yml `hooks:`): every Markdown page, and the static templates (404.html).
def on_post_page(output: str, page, **kwargs) -> str:
    return drop_invalid_markup(output)


def on_post_template(output_content: str, template_name: str, **kwargs) -> str:
    return drop_invalid_markup(output_content) if template_name.endswith(".html") else output_content
