"""The fingerprints of the seed texts that the own-words test compares our texts with.

The seeds (the source documents the portal was started from) lie outside the repository and may not
be published with it. What the test needs is only whether a ten-word run of ours also stands in a
seed, so the repository keeps a hash of each normalised ten-word run of the seeds (tests/seed_runs.txt):
the test runs in any clone and still fails on a copied line, and no sentence of a seed can be read
back from it.

When the seeds change, write the file anew (the seeds are in ../shared/seeds next to the repository):

    .venv/bin/python tests/seed_runs.py ../shared/seeds
"""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

WINDOW = 10
HASH_CHARS = 12  # 48 bits: a chance collision among ~10^4 seed runs and ~10^5 of ours is about 10^-6
RUNS_FILE = Path(__file__).with_name("seed_runs.txt")
NOT_WORD = re.compile(r"[^a-z0-9 ]")


def words(text: str) -> list[str]:
    """Lower case, diacritics removed, everything but a-z, 0-9 and space a space, split on space."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return NOT_WORD.sub(" ", plain).split()


def run_hashes(text: str, size: int = WINDOW) -> dict[str, str]:
    """Each ten-word run of the text, by its hash (the run itself only to say which one was found)."""
    tokens = words(text)
    runs = (" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
    return {hashlib.sha256(run.encode()).hexdigest()[:HASH_CHARS]: run for run in runs}


def seed_hashes(texts: Iterable[str]) -> set[str]:
    return {h for text in texts for h in run_hashes(text)}


def write_runs(seeds: Path, target: Path = RUNS_FILE) -> int:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(seeds.glob("*.txt"))]
    hashes = sorted(seed_hashes(texts))
    if not hashes:
        raise SystemExit(f"Inga källtexter med minst {WINDOW} ord i {seeds} (*.txt).")
    header = "# sha256, första 12 tecknen, av varje normaliserad tioordsföljd i källtexterna; se tests/seed_runs.py\n"
    target.write_text(header + "\n".join(hashes) + "\n", encoding="utf-8")
    return len(hashes)


def read_runs(source: Path = RUNS_FILE) -> set[str]:
    return {line for line in source.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")}


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
    print(f"{write_runs(folder)} tioordsföljder skrivna till {RUNS_FILE}")
