import datetime as dt
import html
import re

from generator.render.text import date_sv, join_sv, md, paragraphs


def test_md_neutralises_html_and_markdown():
    text = "<img src=x onerror=alert(1)> [a](b) | *c* `d` ${e} \\ # & _f_"
    out = str(md(text))
    assert html.unescape(out) == text
    bare = re.sub(r"&#\d+;", "", out)
    for raw in "<>[]()|*`$\\#&_{}":
        assert raw not in bare


def test_md_keeps_one_line_and_paragraphs_split_on_blank_lines():
    assert str(md("a\nb")) == "a b"
    assert str(paragraphs("Ett.\n\nTvå.")) == "Ett.\n\nTvå."


def test_swedish_words():
    assert date_sv(dt.date(2024, 2, 20)) == "20 februari 2024"
    assert join_sv(["a", "b", "c"]) == "a, b och c"
