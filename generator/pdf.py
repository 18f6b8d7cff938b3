"""Stage 5: the method support as a printable, tagged PDF. The only module that knows WeasyPrint.

generator/render/book.py makes the HTML; this module lays it out on A4 pages and writes PDF/UA-1:
tagged, language sv, the title in the metadata and the headings as bookmarks. The same data give
the same bytes: the dates and the file identifier come from the data, never from the clock, and the
fonts are subset by HarfBuzz (see _check_subsetter).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging

from weasyprint import HTML
from weasyprint.pdf import fonts

from .problems import PdfBuildError


def _check_subsetter() -> None:
    """WeasyPrint keeps only the glyphs the PDF uses, with HarfBuzz when libharfbuzz-subset is installed
    and with fontTools otherwise (the test in fonts.Font.subset). The two give different fonts, and
    fontTools stamps each font it writes with the clock (head.modified), so that PDF differs from one
    run to the next. Refused, so the PDF cannot depend on what else happens to be installed."""
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
        document = HTML(string=html, url_fetcher=_refuse, base_url="about:blank")
        return document.write_pdf(
            pdf_variant="pdf/ua-1", pdf_identifier=identifier.encode("ascii"), custom_metadata=False
        )
    except (OSError, ValueError) as err:
        raise PdfBuildError(
            f"PDF:en med metodstödet kunde inte göras ({err}). Kör `make site`, som installerar "
            "Pango och typsnitten som behövs."
        ) from None
