"""Helpers several test files share (plain functions; fixtures live in conftest.py)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from generator.cli import main


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under root by its path, as a sha256: two equal digests mean byte-identical trees."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def build_site(base: Path, out: Path, docs: Path | None = None) -> int:
    """`generator build` of base/data and base/content into out, with build/docs beside it."""
    docs = docs or out.parent / "docs"
    args = ["--data", base / "data", "--content", base / "content", "--docs", docs, "--out", out]
    return main(["build", *map(str, args)])
