"""Stage 4: Catalog + content/ + theme/ -> OutputFiles. Renderers read the Catalog only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFile:
    """One file for build/docs/: a path relative to it and its bytes."""

    path: str
    content: bytes

    @staticmethod
    def text(path: str, text: str) -> OutputFile:
        return OutputFile(path, text.encode("utf-8"))
