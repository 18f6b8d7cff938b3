"""Stage 7: build/docs -> site/ with MkDocs. The only module that knows about MkDocs.

The site is built into a sibling folder, indexed for search there (generator/search.py, Pagefind)
and swapped in at the end, so a failed or interrupted build or index leaves the previous site/ as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's end-of-life banner, not our business

from mkdocs.commands.build import build as mkdocs_build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.exceptions import MkDocsException  # noqa: E402

from . import urls  # noqa: E402
from .problems import SiteBuildError, UnknownInlineCode  # noqa: E402
from .search import SearchIndexError, index_site  # noqa: E402


def _quiet_mkdocs() -> list[str]:
    """Show MkDocs' warnings and errors only, and collect them for the summary."""
    seen: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            seen.append(record.getMessage())

    logger = logging.getLogger("mkdocs")
    logger.handlers = [h for h in logger.handlers if h.get_name() != "ods"]
    handlers: list[logging.Handler] = [logging.StreamHandler(), Collect()]
    for handler in handlers:
        handler.setLevel(logging.WARNING)
        handler.setFormatter(logging.Formatter("mkdocs: %(levelname)s: %(message)s"))
        handler.set_name("ods")  # ours, so a second build in the same process replaces them
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return seen


# Where the site's templates find their addresses: config.extra.ods.<name> (urls.site_addresses).
EXTRA = "ods"


def _with_addresses(config) -> None:
    config["extra"][EXTRA] = urls.site_addresses()


def build_site(config_file: Path, docs_dir: Path, site_dir: Path, epoch: int) -> None:
    """Run `mkdocs build --strict` on docs_dir and atomically replace site_dir."""
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)  # sitemap dates and gzip headers: reproducible
    new = site_dir.with_name(f".{site_dir.name}.new")
    old = site_dir.with_name(f".{site_dir.name}.old")
    for leftover in (new, old):
        shutil.rmtree(leftover, ignore_errors=True)
    seen = _quiet_mkdocs()
    try:
        config = load_config(
            config_file=str(config_file), docs_dir=str(docs_dir.resolve()), site_dir=str(new.resolve()), strict=True
        )
        _with_addresses(config)
        mkdocs_build(config)
    except (MkDocsException, OSError) as err:
        shutil.rmtree(new, ignore_errors=True)
        detail = "\n".join(f"  - {m}" for m in seen[:20])
        raise SiteBuildError(f"MkDocs avbröt bygget ({err}).\n{detail}".rstrip()) from None
    except UnknownInlineCode as err:
        # Data that escaped its escaping and became a script: no site rather than a site that runs it.
        shutil.rmtree(new, ignore_errors=True)
        raise SiteBuildError(
            f"En sida fick ett skript eller en stil som ingen mall skriver ({err}). Bygget avbröts; "
            "kontrollera att texten i data skrivs ut som text."
        ) from None
    try:
        index_site(new)  # before the swap: without an index the old site stays
    except SearchIndexError as err:
        shutil.rmtree(new, ignore_errors=True)
        raise SiteBuildError(str(err)) from None
    if site_dir.exists():
        site_dir.rename(old)
    new.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def serve(config_file: Path, docs_dir: Path, address: str) -> None:
    """Preview with live reload; MkDocs watches docs_dir, which the generator keeps up to date."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _quiet_mkdocs()
    # MkDocs warns in English at every dirty rebuild; here it is the intended mode, not news to an editor.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda r: not r.getMessage().startswith("A 'dirty' build"))
    # site_url: MkDocs serves under the path of site_url (/ods-portalen/); the preview lives at the root,
    # so that http://<address>/platser/<id>/ works as printed.
    mkdocs_serve(
        config_file=str(config_file),
        docs_dir=str(docs_dir.resolve()),
        dev_addr=address,
        livereload=True,
        # Rebuild only the pages whose Markdown changed: the generator rewrites only files whose content
        # changed (write.py keeps the others' timestamps), and the nav holds only hand-written hub pages.
        build_type="dirty",
        site_url=f"http://{address}/",
        # The file's own extra plus the addresses; docs_dir given too, or loading checks mkdocs.yml's
        # build/docs, which a fresh clone does not have.
        extra=dict(load_config(config_file=str(config_file), docs_dir=str(docs_dir.resolve()))["extra"])
        | {EXTRA: urls.site_addresses()},
    )
