"""Problems found in the data, and the one format editors see them in."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One error, located in a data file: printed as `path:line:col: fel: field: message`."""

    path: str
    line: int
    col: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.path}:{self.line}:{self.col}: fel: {where}{self.message}"


class InvalidData(Exception):
    """Raised by a stage when the data has problems; carries all of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} fel i data")
        self.problems = sorted(problems)


def did_you_mean(word: str, choices) -> str:
    """A Swedish hint naming the closest known choice, or an empty string."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f' (menade du "{close[0]}"?)' if close else ""


def report(problems: list[Problem]) -> str:
    lines = [str(p) for p in sorted(problems)]
    lines.append(f"{len(problems)} fel hittades. Inget byggdes; rätta felen och försök igen.")
    return "\n".join(lines)


class SetupError(Exception):
    """The project is not set up (a missing install, a missing setting, an unknown marker): not a bug
    in the program and not an error in data/. The message names the file and says what to do."""


class PdfBuildError(SetupError):
    """WeasyPrint could not make the PDF of the method support (generator/pdf.py): nothing is written."""


class SiteBuildError(Exception):
    """MkDocs refused the generated docs (a broken link, a missing page, ...), or Pagefind could not
    index them (generator/site.py): the previous site is left as it was. Defined here, not beside
    MkDocs, so that `build` loads MkDocs only after the generator has run."""


class UnknownInlineCode(ValueError):
    """A page has an inline script or style that no template writes (generator/csp.py)."""
