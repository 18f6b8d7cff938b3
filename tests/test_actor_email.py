"""An actor's published e-mail address (Actor.email, e.g. SSR's shared mailbox from the method support's
folder) is shown as a mailto link on its page and in the PDF's list of actors, and is validated."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import urls
from generator.config import Paths, load_settings
from generator.pipeline import check, read_content
from generator.problems import InvalidData
from generator.render import book
from generator.render.content import read_book
from generator.render.env import Renderer, environment
from generator.render.pages import render_pages

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalog():
    return check(ROOT / "data")


def test_every_email_is_a_link_on_the_page_and_in_the_pdf(catalog):
    with_email = {aid: a.email for aid, a in catalog.actors.items() if a.email}
    assert with_email, "SSR's shared mailbox (seed 003) is in data/actors.yaml"
    r = Renderer(catalog, load_settings(), environment())
    pages = {f.path: f.content.decode("utf-8") for f in render_pages(r)}
    document = book.book_html(catalog, read_book(Paths(), read_content(Paths().content)))
    actors_html = document[document.index('<section class="aktorer"') :]
    for aid, email in with_email.items():
        assert f"(<mailto:{email}>)" in pages[urls.page_path("actors", aid)]
        assert f'href="mailto:{email}"' in actors_html


def test_an_address_without_at_sign_is_an_error(fixture_copy):
    path = fixture_copy / "data" / "actors.yaml"
    text = path.read_text(encoding="utf-8")
    first_sources = text.index("  sources:")
    path.write_text(text[:first_sources] + "  email: inte-en-adress\n" + text[first_sources:], encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        check(fixture_copy / "data")
    assert any("är ingen e-postadress" in p.message for p in err.value.problems)
