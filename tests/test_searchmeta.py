"""The synonym words a page gets for search (generator/render/searchmeta.py): whole words only,
in any case, across any punctuation, and the same answer as folding the whole page would give."""

import random
import re
from types import SimpleNamespace

import pytest

from generator.render.searchmeta import extra_terms, mentions

_NOT_WORD = re.compile(r"[\W_]+")


def _by_folding(text: str, term: str) -> bool:
    """The plain definition: both folded to lower-case words with one space between them."""

    def fold(s: str) -> str:
        return " " + _NOT_WORD.sub(" ", s.casefold()) + " "

    return fold(term) in fold(text)


@pytest.mark.parametrize(
    ("text", "term", "expected"),
    [
        ("Polisen var där.", "polisen", True),
        ("Polisen var där.", "polis", False),  # part of a word is not the word
        ("en polis", "polis", True),
        ("Samverkan\n  Stockholmsregionen (SSR)", "Samverkan Stockholmsregionen", True),
        ("Samverkan i Stockholmsregionen", "Samverkan Stockholmsregionen", False),
        ("_ÖDS_ i city", "ÖDS", True),  # Markdown emphasis: "_" separates words
        ("ÖDS:er", "öds", True),
        ("STRASSE", "straße", True),  # casefold, not lower
        ("xa a a", "a a", True),  # the first match is inside a word, an overlapping one is whole
        ("skola-socialtjänst-polis-fritid", "skola socialtjänst polis", True),
    ],
)
def test_a_term_is_mentioned_as_whole_words(text, term, expected):
    assert mentions(text.casefold(), term) is expected
    assert _by_folding(text, term) is expected


def test_mentions_agrees_with_folding_the_whole_text():
    rng = random.Random(12)
    alphabet = ["a", "b", "Ö", "ö", " ", "_", "-", "\n", "x", "é", "ß", "ss", "1"]
    terms = ["a", "a a", "ö b", "ss", "ß", "a-b", "x_a", "b a b", "1 a"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        for term in terms:
            assert mentions(text.casefold(), term) == _by_folding(text, term), (text, term)


def test_extra_terms_are_the_group_words_the_page_lacks():
    groups = {
        "ssr": SimpleNamespace(terms=["SSR", "Samverkan Stockholmsregionen"]),
        "polisen": SimpleNamespace(terms=["polisen", "Polismyndigheten", "polis"]),
        "sig": SimpleNamespace(terms=["SIG", "sociala insatsgrupper"]),
    }
    catalog = SimpleNamespace(synonyms=groups)
    text = "Inom SSR samverkar Polisen med kommunerna."
    assert extra_terms(text, catalog) == ["Samverkan Stockholmsregionen", "Polismyndigheten", "polis"]
    assert extra_terms("Inget av orden.", catalog) == []
