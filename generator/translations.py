"""Pages in other languages (content/*.en.md, *.fi.md, *.ar.md, built by mkdocs-static-i18n under /en/, /fi/,
/ar/) and in lättläst svenska (content/lattlast/): each says in its front matter which Swedish page it
follows (`original`), when it was last checked against it (`granskad_mot_svenska`) and the SHA-256 of the
original as it was then (`original_sha256`, the first 16 hex digits).

The check compares that hash with the original as it is now, so it fails as soon as the Swedish page
changes, until someone has read the change, updated the translation and written the new hash. A hash
rather than the original's last commit date: CI runs in a fresh (possibly shallow) clone, where git dates
are missing or are the clone's, and a date says nothing about a change made the same day.

Links from a translated page to a page that exists only in Swedish are written as plain HTML links marked
hreflang="sv" (for_translation): MkDocs builds each language on its own and would otherwise call them broken.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import sys
from collections.abc import Iterator
from pathlib import Path

LANGUAGES = ("en", "fi", "ar")  # as in mkdocs.yml (plugins: i18n); Swedish is the default
EASY_FOLDER = "lattlast/"
EASY_OWN = {f"{EASY_FOLDER}index.md", f"{EASY_FOLDER}platsens-status.md"}
HASH_LENGTH = 16
_SUFFIX = re.compile(r"\.(" + "|".join(LANGUAGES) + r")\.md$")
_FIELD = re.compile(r"^(original|granskad_mot_svenska|original_sha256):\s*(.*?)\s*$", re.M)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A Markdown link to another page of the portal: [text](path.md) or [text](path.md#anchor).
_MD_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\((?!https?:|mailto:|tel:|#)([^)\s#]+\.md)(#[^)\s]*)?\)")


def language(rel: str) -> str | None:
    """en, fi or ar for a translated page in content/ (path relative to content/), else None."""
    found = _SUFFIX.search(rel)
    return found.group(1) if found else None


def follows_original(rel: str) -> bool:
    """A translated page, or a lättläst page that retells one Swedish page. The lättläst start page and
    the page on how to read a place's status sentence follow no one page: the example sentence there is
    filled in from the data (<!-- ods:status-exempel -->), so it cannot go stale."""
    easy = rel.startswith(EASY_FOLDER) and rel.endswith(".md") and rel not in EASY_OWN
    return language(rel) is not None or easy


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def _front_matter(text: str) -> str:
    if not text.startswith("---\n"):
        return ""
    end = text.find("\n---", 3)
    return text[4:end] if end != -1 else ""


def problems(content: Path) -> Iterator[str]:
    """Every translated or lättläst page whose Swedish original changed since it was checked, or that does
    not say what it follows, as `path:line:col: fel: …`."""
    for path in sorted(content.rglob("*.md")):
        rel = path.relative_to(content).as_posix()
        if follows_original(rel):
            yield from _check(content, rel, path.read_text(encoding="utf-8"))


def _check(content: Path, rel: str, text: str) -> Iterator[str]:
    front = _front_matter(text)
    # name -> (value, line in the file: the front matter starts on line 2)
    fields = {
        m.group(1): (m.group(2).strip("\"'"), front.count("\n", 0, m.start()) + 2) for m in _FIELD.finditer(front)
    }
    where = f"content/{rel}"
    missing = [name for name in ("original", "granskad_mot_svenska", "original_sha256") if name not in fields]
    if missing:
        yield f"{where}:1:1: fel: front matter saknar {', '.join(missing)} (vilken svensk sida texten följer och när den granskades mot den)"
        return
    original, line = fields["original"]
    source = content / original
    if not source.is_file() or follows_original(original):
        yield f'{where}:{line}:1: fel: originalet "{original}" finns inte bland de svenska sidorna i content/'
        return
    checked, line = fields["granskad_mot_svenska"]
    if not _DATE.match(checked):
        yield f'{where}:{line}:1: fel: granskad_mot_svenska ska vara ett datum som 2026-12-07, inte "{checked}"'
    stored, line = fields["original_sha256"]
    now = digest(source.read_bytes())
    if stored != now:
        yield (
            f"{where}:{line}:1: fel: den svenska sidan content/{original} har ändrats sedan texten granskades mot den "
            f"({checked}). Läs ändringen, uppdatera texten och skriv sedan granskad_mot_svenska: <dagens datum> "
            f"och original_sha256: {now}"
        )


def _output_url(rel: str) -> str:
    """Where MkDocs (directory URLs) puts a page of content/, relative to the site's root."""
    lang = language(rel)
    path = _SUFFIX.sub(".md", rel) if lang else rel
    path = path.removesuffix(".md")
    path = "" if path == "index" else path.removesuffix("/index") + "/"
    return f"{lang}/{path}" if lang else path


def for_translation(rel: str, text: str, files: set[str]) -> str:
    """In a translated page, a link to a page that has no version in the page's language becomes an HTML
    link to the Swedish page, marked hreflang="sv"; a link to a page that has one stays Markdown."""
    lang = language(rel)
    if not lang:
        return text
    here = posixpath.dirname(rel)

    def swap(m: re.Match) -> str:
        target = posixpath.normpath(posixpath.join(here, m.group(2)))
        if f"{target.removesuffix('.md')}.{lang}.md" in files:
            return m.group(0)
        href = posixpath.relpath(_output_url(target) or ".", _output_url(rel) or ".")
        href = ("" if href == "." else href.rstrip("/") + "/") + (m.group(3) or "")
        return f'<a href="{href or "./"}" hreflang="sv">{m.group(1)}</a>'

    return _MD_LINK.sub(swap, text)


def main(argv: list[str]) -> int:
    """`python -m generator.translations [content]`: the check on its own; make check runs it as a test."""
    found = list(problems(Path(argv[0] if argv else "content")))
    print("\n".join(found) or "Alla översättningar och lättlästa sidor följer sina svenska original.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
