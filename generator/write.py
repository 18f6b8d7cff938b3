"""Stage 6: OutputFiles -> build/docs. The only module that writes there.

The folder is synchronised rather than replaced: unchanged files keep their timestamps and
stale files are removed, so `mkdocs serve` sees exactly what changed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from .render import OutputFile


def write_tree(files: Iterable[OutputFile], out_dir: Path) -> int:
    """Write files into out_dir as they come, remove everything else there; return how many changed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    changed = 0
    paths: set[str] = set()
    folders: set[Path] = {out_dir}  # made already: one mkdir per folder, not per file
    for f in files:
        if f.path in paths:  # a bug in the URL table: two pages for one address
            raise ValueError(f"två sidor skulle skrivas till samma fil: {f.path}")
        paths.add(f.path)
        target = out_dir / f.path
        old = _read(target)
        if old == f.content:
            continue
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        if old is None:  # a new file: nobody reads it half-written (mkdocs serve only sees changes)
            target.write_bytes(f.content)
        else:
            tmp = target.with_name(f".{target.name}.tmp")
            tmp.write_bytes(f.content)
            os.replace(tmp, target)
        changed += 1
    wanted = {out_dir / p for p in paths}
    for existing in sorted(out_dir.rglob("*"), reverse=True):
        if existing.is_file() and existing not in wanted:
            existing.unlink()
            changed += 1
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    return changed


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
