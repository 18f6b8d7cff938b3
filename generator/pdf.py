"""Stage 5: the method support as a printable, tagged PDF. The only module that knows WeasyPrint.

generator/render/book.py makes the HTML; this module lays it out on A4 pages and writes PDF/UA-1:
tagged, language sv, the title in the metadata and the headings as bookmarks. The same data give
the same bytes: the dates and the file identifier come from the data, never from the clock, and the
fonts are subset by HarfBuzz (see _check_subsetter).

Laying out its 60 pages is a tenth of a build and the same for 40 places as for 10,000; with a cache
folder (build/cache), a PDF made before from the same HTML, date and PDF software is used again (it
is the same bytes: the PDF is reproducible), and WeasyPrint is not even loaded.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import functools
import hashlib
import logging
import os
from importlib import metadata
from pathlib import Path

from .problems import PdfBuildError, SetupError


def render_pdf(html: str, dated: dt.date, cache: Path | None = None) -> bytes:
    """The PDF of the document, from the cache when it holds one made from the same HTML and date."""
    stored = cache / f"metodstod-{_pdf_key(html, dated)}.pdf" if cache else None
    if stored and stored.is_file():
        data = stored.read_bytes()
        if data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF"):  # not a file cut off half-way
            return data
    data = write_pdf(html, dated)
    if stored:
        _keep_only(stored, data)
    return data


# --- the cache ----------------------------------------------------------------------------------

# What a PDF's bytes depend on besides its HTML and date: the PDF software and our use of it.
_PDF_SOFTWARE = ("weasyprint", "pydyf", "fonttools", "pyphen", "tinycss2", "cssselect2")


def _font_subsetter() -> str:
    """What WeasyPrint would subset the fonts with, found without loading it: HarfBuzz with its version
    (Debian builds libharfbuzz-subset0 with the HarfBuzz that shapes the text) or, when that is missing,
    fontTools. The two give different bytes; _check_subsetter refuses fontTools, so a key naming it
    never finds a PDF in the cache."""
    try:
        library = ctypes.CDLL("libharfbuzz-subset.so.0")
    except OSError:
        return "fonttools"
    library.hb_version_string.restype = ctypes.c_char_p
    return f"harfbuzz-subset {library.hb_version_string().decode('ascii')}"


def _pdf_key(html: str, dated: dt.date) -> str:
    h = hashlib.sha256()
    software = [*(metadata.version(p) for p in _PDF_SOFTWARE), _font_subsetter()]
    for part in [html, dated.isoformat(), *software]:
        h.update(part.encode("utf-8") + b"\0")
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:24]


def _keep_only(stored: Path, data: bytes) -> None:
    """Write the cached PDF (whole or not at all) and remove older ones: the cache holds one."""
    stored.parent.mkdir(parents=True, exist_ok=True)
    tmp = stored.with_name(f".{stored.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, stored)
    for old in stored.parent.glob("metodstod-*.pdf"):
        if old != stored:
            old.unlink()


# --- WeasyPrint ---------------------------------------------------------------------------------


def _weasyprint():
    """WeasyPrint's module, loaded only when a PDF is made (it loads Pango)."""
    try:
        import weasyprint
        from weasyprint.pdf import fonts  # noqa: F401  (weasyprint.pdf.fonts, for _check_subsetter)
    except OSError as err:
        raise SetupError(
            f"WeasyPrint kan inte läsa in Pango ({err}); kör `make site`, som installerar "
            "Debians paket libpango-1.0-0, libpangoft2-1.0-0 och fonts-dejavu-core"
        ) from None
    return weasyprint


def _check_subsetter() -> None:
    """WeasyPrint keeps only the glyphs the PDF uses, with HarfBuzz when libharfbuzz-subset is installed
    and with fontTools otherwise (the test in fonts.Font.subset). The two give different fonts, and
    fontTools stamps each font it writes with the clock (head.modified), so that PDF differs from one
    run to the next. Refused, so the PDF cannot depend on what else happens to be installed."""
    fonts = _weasyprint().pdf.fonts
    if not (fonts.harfbuzz_subset and fonts.harfbuzz.hb_version_atleast(4, 1, 0)):
        raise PdfBuildError(
            "PDF:en med metodstödet blir inte likadan utan HarfBuzz-Subset (Debians paket libharfbuzz-subset0): "
            "utan det gör WeasyPrint typsnitten med fontTools, och då blir filen en annan vid varje bygge. "
            "Kör `make site` (eller `make pdf-bibliotek`), som installerar det."
        )


def _refuse(url: str, *args, **kwargs):
    """The document is self-contained: nothing is fetched, neither from the disk nor the network."""
    raise ValueError(f"PDF:en hämtar inga filer utifrån ({url})")


def write_pdf(html: str, dated: dt.date) -> bytes:
    """The PDF of one HTML document, byte for byte the same for the same HTML and date."""
    _check_subsetter()  # every time, before the seconds of layout and whatever _layout remembers
    return _layout(html, dated)


@functools.lru_cache(maxsize=2)
def _layout(html: str, dated: dt.date) -> bytes:
    """Laying out 60 pages takes seconds, so `make serve` and the tests make the PDF again only when
    the HTML changed."""
    identifier = hashlib.sha256(f"ods-portalen metodstöd {dated.isoformat()}".encode()).hexdigest()[:32]
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        document = _weasyprint().HTML(string=html, url_fetcher=_refuse, base_url="about:blank")
        return document.write_pdf(
            pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode("ascii"), custom_metadata=False
        )
    except (OSError, ValueError) as err:
        raise PdfBuildError(
            f"PDF:en med metodstödet kunde inte göras ({err}). Kör `make site`, som installerar "
            "Pango och typsnitten som behövs."
        ) from None
