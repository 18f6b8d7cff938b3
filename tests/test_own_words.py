"""Own words: no run of ten or more words in our texts may also stand in a seed text.

The seeds are the source documents the portal was started from (../shared/seeds/*.txt, next to
the repository; the environment variable ODS_SEEDS points elsewhere). Both sides are normalised
the same way: lower case, diacritics removed (NFKD, combining characters dropped), everything but
a-z, 0-9 and space replaced by a space, then split on whitespace. Each line of content/**/*.md and
data/**/*.yaml (except data/sources.yaml, which holds titles and notes about the sources) is
compared with every ten-word window of the seeds. A missing seed directory is a failure, never a
skip: without the seeds the check would pass without checking anything."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WINDOW = 10
NOT_WORD = re.compile(r"[^a-z0-9 ]")


def seeds_dir() -> Path:
    override = os.environ.get("ODS_SEEDS")
    return Path(override) if override else ROOT.parent / "shared" / "seeds"


def words(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return NOT_WORD.sub(" ", plain).split()


def windows(tokens: list[str], size: int = WINDOW) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def seed_windows(directory: Path) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for seed in sorted(directory.glob("*.txt")):
        found |= windows(words(seed.read_text(encoding="utf-8", errors="replace")))
    return found


def copied_windows(line: str, seeds: set[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The ten-word windows of one line that also occur in the seeds."""
    return sorted(windows(words(line)) & seeds)


def our_files() -> list[Path]:
    files = sorted((ROOT / "content").rglob("*.md"))
    files += sorted(p for p in (ROOT / "data").rglob("*.yaml") if p != ROOT / "data" / "sources.yaml")
    return files


def offending_lines(files: list[Path], seeds: set[tuple[str, ...]], root: Path = ROOT) -> list[str]:
    """One "file:line: «first copied window»" per line that shares a ten-word run with a seed."""
    problems = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            hits = copied_windows(line, seeds)
            if hits:
                problems.append(f"{path.relative_to(root)}:{number}: «{' '.join(hits[0])}»")
    return problems


def load_seeds() -> set[tuple[str, ...]]:
    directory = seeds_dir()
    assert directory.is_dir(), (
        f"Källtexterna (seeds) saknas: {directory} finns inte. Kontrollen av egna ord kan inte köras "
        "utan dem; ange katalogen med miljövariabeln ODS_SEEDS."
    )
    seeds = seed_windows(directory)
    assert seeds, f"Inga källtexter med minst {WINDOW} ord i {directory} (*.txt)."
    return seeds


def test_no_ten_word_run_copied_from_a_seed():
    seeds = load_seeds()
    problems = offending_lines(our_files(), seeds)
    assert not problems, (
        f"{len(problems)} rad(er) har {WINDOW} eller fler ord i följd ur en källtext. "
        "Skriv om dem med egna ord:\n" + "\n".join(problems)
    )


def test_checker_catches_a_copied_line(tmp_path):
    """The check can fail: a line quoting ten words of a seed, as written there, is reported."""
    seeds = load_seeds()
    seed = sorted(seeds_dir().glob("*.txt"))[0]
    raw = seed.read_text(encoding="utf-8", errors="replace").split()
    # The first stretch of the seed's own text (original case, punctuation, å/ä/ö) with ten words.
    start = next(
        i
        for i in range(len(raw))
        if len(words(" ".join(raw[i : i + WINDOW]))) == WINDOW and tuple(words(" ".join(raw[i : i + WINDOW]))) in seeds
    )
    quote = " ".join(raw[start : start + WINDOW])
    page = tmp_path / "sida.md"
    page.write_text(f"# Rubrik\n\nEgen mening först. {quote} Och sedan egna ord.\n", encoding="utf-8")
    assert offending_lines([page], seeds, root=tmp_path) == [f"sida.md:3: «{' '.join(words(quote))}»"]
    # Nine of the same words are not a copy.
    nine = " ".join(raw[start : start + WINDOW - 1])
    assert len(words(nine)) < WINDOW and copied_windows(nine, seeds) == []
