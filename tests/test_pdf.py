"""The method support as a PDF: built with the site, tagged, in Swedish, with every chapter and every
method, internal links that land, the same bytes from two builds, and linked from the pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
import yaml
from support import build_site, tree_digest

from generator import translations, urls
from generator.catalog import check
from generator.config import Paths
from generator.pipeline import generate, read_content
from generator.render.book import book_html, pdf_link_text
from generator.render.content import PDF_MARKER, read_book

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils saknas: kör make test")


@pytest.fixture(scope="module")
def site(tmp_path_factory, cli) -> Path:
    """The real data and content, built like `make site` does."""
    out = tmp_path_factory.mktemp("pdf")
    result = cli("build", "--docs", out / "docs", "--out", out / "site")
    assert result.returncode == 0, result.stderr
    return out / "site"


@pytest.fixture(scope="module")
def pdf(site) -> Path:
    path = site / urls.PDF
    assert path.is_file()
    return path


@pytest.fixture(scope="module")
def text(pdf) -> str:
    """The PDF's text, whitespace made single spaces (a heading may wrap onto two lines)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", out.stdout)


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())}


def _catalog_dictionary(pdf: Path) -> bytes:
    """The document catalog (/Type /Catalog), wherever WeasyPrint put it (an object stream is compressed)."""
    data = pdf.read_bytes()
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            chunk = zlib.decompress(data[match.end() : data.find(b"endstream", match.end())])
        except zlib.error:
            continue
        if b"/Type /Catalog" in chunk:
            return chunk
    return data


def test_pdf_is_tagged_with_title_language_and_pages(pdf):
    info = _info(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Metodstöd mot öppna drogscener"
    assert int(info["Pages"]) >= 20
    assert info["Page size"].startswith("595.276 x 841.89")  # A4
    catalog = _catalog_dictionary(pdf)
    assert b"/Lang (sv)" in catalog and b"/Outlines" in catalog  # Swedish, headings as bookmarks


def test_dates_come_from_the_data():
    newest = check(Paths().data).newest_date
    assert newest is not None
    html = book_html(check(Paths().data), read_book(Paths(), read_content(Paths().content)))
    assert f'<meta name="dcterms.created" content="{newest.isoformat()}">' in html
    assert f'<meta name="dcterms.modified" content="{newest.isoformat()}">' in html


def _nav_chapters() -> list[str]:
    nav = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    section = next(item["Metodstöd"] for item in nav if isinstance(item, dict) and "Metodstöd" in item)
    return [
        e if isinstance(e, str) else next(iter(e.values()))
        for e in section
        if (e if isinstance(e, str) else next(iter(e.values()))).startswith("metodstod/")
    ]


def test_every_chapter_heading_is_in_the_pdf_in_menu_order(pdf, text):
    chapters = _nav_chapters()
    # Every Swedish page under metodstod/ is a chapter; its versions in other languages (definition.en.md) are not.
    swedish = [p for p in (ROOT / "content" / "metodstod").glob("*.md") if translations.language(p.name) is None]
    assert len(chapters) == len(swedish)
    titles = []
    for rel in chapters:
        source = (ROOT / "content" / rel).read_text(encoding="utf-8")
        headings = re.findall(r"^#{1,3} (.+)$", source, re.M)
        for heading in headings:
            assert heading.strip() in text, f"{rel}: {heading}"
        titles.append(headings[0].strip())
    # The running header of each page is the chapter it is in: in the menu's order, each once.
    pages = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    headers = [next((line.strip() for line in page.splitlines() if line.strip()), "") for page in pages[2:]]
    order = [h for i, h in enumerate(headers) if h and (i == 0 or headers[i - 1] != h)]
    assert order == ["Innehåll", *titles, "Metodkatalog", "Aktörernas roller", "Ordlista", "Källor"], order


def test_every_method_actor_source_and_glossary_term_is_in_the_pdf(text):
    catalog = check(Paths().data)
    for m in catalog.methods.values():
        assert m.name in text, m.name
    for a in catalog.actors.values():
        assert a.name in text, a.name
    glossary = (ROOT / "content" / "ordlista.md").read_text(encoding="utf-8")
    for term in re.findall(r"^## (.+)$", glossary, re.M):
        assert term in text, term
    definition = re.search(
        r"^## Visst stöd\n+(.+?)\n",
        (ROOT / "content" / "metodstod" / "kunskapslage.md").read_text(encoding="utf-8"),
        re.M,
    ).group(1)
    html = book_html(catalog, read_book(Paths(), read_content(Paths().content)))
    assert html.count(definition.split(",")[0]) >= sum(m.evidence.level == "some" for m in catalog.methods.values())
    for word in ("Kunskapsläge", "Leds oftast av", "Steg i SARA", "Aktörernas roller", "Ordlista", "Källor"):
        assert word in text


def test_title_page_has_the_date_of_the_data_and_the_site_address(pdf):
    first = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    from generator.render.text import date_sv

    assert "Metodstöd mot öppna" in first and site_url in first
    assert f"Uppgifterna är från den {date_sv(check(Paths().data).newest_date)}" in re.sub(r"\s+", " ", first)


def test_table_of_contents_has_page_numbers(pdf):
    contents = subprocess.run(
        ["pdftotext", "-f", "3", "-l", "3", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Innehåll" in contents
    assert re.search(r"Metodkatalog[ .]+\d+", contents), contents[:500]
    assert re.search(r"SARA-modellen[ .]+\d+", contents)


def test_every_internal_link_has_a_target():
    catalog = check(Paths().data)
    html = book_html(catalog, read_book(Paths(), read_content(Paths().content)))
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets and not targets - ids, sorted(targets - ids)
    assert ".md" not in " ".join(re.findall(r'href="([^"]+)"', html)), "en länk pekar på en Markdown-fil"
    assert "metoder/sara/index.md" not in html and 'href="#metod-sara"' in html
    assert PDF_MARKER not in html
    assert len(re.findall(r'<li id="kalla-', html)) == len(catalog.sources)


def test_two_builds_in_two_processes_give_the_same_bytes(pdf, tmp_path):
    """Another interpreter, another day, another hash seed: the same data must give the same file."""
    code = (
        "import sys; from pathlib import Path; from generator.config import Paths; "
        "from generator.catalog import check; from generator.pipeline import read_book, read_content, render_book; "
        "p = Paths(); c = check(p.data); "
        "Path(sys.argv[1]).write_bytes(render_book(c, read_book(p, read_content(p.content))).content)"
    )
    again = tmp_path / "again.pdf"
    subprocess.run(
        [sys.executable, "-c", code, str(again)],
        cwd=ROOT,
        check=True,
        env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1", "TZ": "America/New_York", "PYTHONHASHSEED": "1"},
    )
    assert again.read_bytes() == pdf.read_bytes()


def test_pdf_is_linked_with_its_size_from_the_method_support_and_each_chapter(site, pdf):
    words = pdf_link_text(pdf.stat().st_size)
    assert re.fullmatch(r"Ladda ner metodstödet som PDF \(\d+ kB\)", words)
    for rel in _nav_chapters():
        page = rel.removesuffix(".md").removesuffix("index")
        html = (site / page / "index.html").read_text(encoding="utf-8")
        href = "metodstod.pdf" if rel == "metodstod/index.md" else "../metodstod.pdf"
        assert f'<a href="{href}">{words}</a>' in html, rel
    statement = (site / "tillganglighet" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="../metodstod/metodstod.pdf">{words}</a>' in statement and "PDF/UA-1" in statement


def test_a_failed_pdf_keeps_the_old_site(fixture_copy, tmp_path, capsys, monkeypatch):
    from generator import pdf as pdf_module
    from generator.problems import PdfBuildError

    site = tmp_path / "site"
    assert build_site(fixture_copy, site) == 0
    assert (site / urls.PDF).is_file()
    before, docs_before = tree_digest(site), tree_digest(tmp_path / "docs")

    def broken(html, dated):
        raise PdfBuildError("PDF:en med metodstödet kunde inte göras (testet)")

    monkeypatch.setattr(pdf_module, "write_pdf", broken)
    shutil.rmtree(tmp_path / "cache")  # or the PDF of the first build is used again, not made
    assert build_site(fixture_copy, site) == 1
    err = capsys.readouterr().err
    assert "PDF:en med metodstödet kunde inte göras" in err and "är orörd" in err and "Traceback" not in err
    assert tree_digest(site) == before and tree_digest(tmp_path / "docs") == docs_before


def test_generate_writes_the_pdf_into_build_docs(tmp_path):
    docs = tmp_path / "docs"
    generate(Paths(docs=docs))
    assert (docs / urls.PDF).read_bytes().startswith(b"%PDF-1.7")


def test_a_cached_pdf_is_used_again_until_its_text_changes(tmp_path, monkeypatch):
    """build/cache keeps the last PDF: the same HTML and date give it back without WeasyPrint; other
    text, or a file cut off half-way, makes a new one; the cache holds one PDF."""
    from generator import pdf as pdf_module
    from generator.pipeline import render_book

    catalog, book = check(Paths().data), read_book(Paths(), read_content(Paths().content))
    made = render_book(catalog, book, tmp_path).content
    assert [p.read_bytes() for p in tmp_path.glob("metodstod-*.pdf")] == [made]
    calls = []

    def counted(html, dated):
        calls.append(html)
        return made

    monkeypatch.setattr(pdf_module, "write_pdf", counted)
    assert render_book(catalog, book, tmp_path).content == made and calls == []
    changed = dataclasses.replace(book, glossary=book.glossary + "\n\nEn ny rad.\n")
    render_book(catalog, changed, tmp_path)
    assert len(calls) == 1 and "En ny rad." in calls[0]
    assert len(list(tmp_path.glob("metodstod-*.pdf"))) == 1
    (stored,) = tmp_path.glob("metodstod-*.pdf")
    stored.write_bytes(made[: len(made) // 2])
    render_book(catalog, changed, tmp_path)
    assert len(calls) == 2


def _without_harfbuzz_subset(monkeypatch) -> None:
    """A fresh Debian machine before `make pdf-bibliotek`: no libharfbuzz-subset0, neither for WeasyPrint
    nor for the PDF cache key. (Debian's chromium brings the library, so a test machine has it.)"""
    from weasyprint.pdf import fonts

    from generator import pdf

    def missing(name, *args, **kwargs):
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")

    monkeypatch.setattr(fonts, "harfbuzz_subset", None)
    monkeypatch.setattr(pdf.ctypes, "CDLL", missing)


def test_without_harfbuzz_subset_the_build_stops_and_keeps_the_old_site(fixture_copy, tmp_path, capsys, monkeypatch):
    """WeasyPrint would subset the fonts with fontTools instead, which stamps them with the clock: a PDF
    that differs on every run, and from HarfBuzz's. The build says what to install, and the PDF cached
    by the build before does not hide the missing library."""
    site = tmp_path / "site"
    assert build_site(fixture_copy, site) == 0
    before = tree_digest(site)
    _without_harfbuzz_subset(monkeypatch)
    assert build_site(fixture_copy, site) == 1
    err = capsys.readouterr().err
    assert "libharfbuzz-subset0" in err and "`make site`" in err and "är orörd" in err and "Traceback" not in err
    assert tree_digest(site) == before


def test_the_pdf_cache_key_names_the_font_subsetter_weasyprint_uses(monkeypatch):
    from weasyprint.pdf import fonts

    from generator.pdf import _font_subsetter, _pdf_key

    found, key = _font_subsetter(), _pdf_key("<p>x</p>", dt.date(2024, 1, 1))
    assert found.startswith("harfbuzz-subset ") == bool(fonts.harfbuzz_subset), found
    if fonts.harfbuzz_subset:  # the same HarfBuzz as WeasyPrint's, to the last digit of its version
        major, minor, micro = (int(n) for n in found.removeprefix("harfbuzz-subset ").split("."))
        assert fonts.harfbuzz.hb_version_atleast(major, minor, micro)
        assert not fonts.harfbuzz.hb_version_atleast(major, minor, micro + 1)
    _without_harfbuzz_subset(monkeypatch)
    assert _font_subsetter() == "fonttools"
    assert _pdf_key("<p>x</p>", dt.date(2024, 1, 1)) != key or found == "fonttools"


def test_weasyprint_still_chooses_its_font_subsetter_the_way_check_subsetter_reads():
    """pdf._check_subsetter reads WeasyPrint's private weasyprint.pdf.fonts.harfbuzz_subset, the test
    Font.subset makes; a WeasyPrint that chooses another way must fail here."""
    import inspect

    from weasyprint.pdf import fonts

    assert hasattr(fonts, "harfbuzz_subset") and callable(fonts.harfbuzz.hb_version_atleast)
    assert "harfbuzz_subset" in inspect.getsource(fonts.Font.subset)


def test_the_document_is_a_template_that_escapes_data_once(tmp_path):
    """theme/pdf/book.html.j2 holds the PDF's markup (book.py none); a script in every free-text field
    of the data reaches the document as text, escaped once, never as markup."""
    import html

    from poison import PAYLOAD, poisoned_copy

    source = (ROOT / "generator" / "render" / "book.py").read_text(encoding="utf-8")
    assert not re.findall(r"""f["'][^"']*<[a-z]""", source), "markup in an f-string in book.py"
    poisoned_copy(ROOT / "data", tmp_path / "data")
    document = book_html(check(tmp_path / "data"), read_book(Paths(), read_content(Paths().content)))
    assert "<script>" not in document and "onerror=" not in document.replace("onerror=alert", "")
    assert "&amp;lt;i&amp;gt;" in document and "&amp;amp;" not in document.replace("&amp;lt;i&amp;gt;", "")
    assert PAYLOAD in html.unescape(document)
