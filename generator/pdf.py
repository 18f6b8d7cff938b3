"""Stage 5: the method support as a printable, tagged PDF. The only module that knows WeasyPrint.

generator/render/book.py makes the HTML; this module lays it out on A4 pages and writes PDF/UA-1:
tagged, language sv, the title in the metadata and the headings as bookmarks. The same data give
the same bytes: the dates and the file identifier come from the data, never from the clock.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging

from weasyprint import HTML

from .problems import PdfBuildError


def _refuse(url: str, *args, **kwargs):
    """The document is self-contained: nothing is fetched, neither from the disk nor the network."""
    raise ValueError(f"PDF:en hämtar inga filer utifrån ({url})")


@functools.lru_cache(maxsize=2)
def write_pdf(html: str, dated: dt.date) -> bytes:
    """The PDF of one HTML document, byte for byte the same for the same HTML and date. Laying out
    60 pages takes seconds, so `make serve` and the tests make it again only when the HTML changed."""
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
