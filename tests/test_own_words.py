"""Own words: no run of ten or more words in our texts may also stand in a seed text.

The seeds (the source documents the portal was started from) are not in the repository; their
fingerprints are: tests/seed_runs.txt holds a hash of each normalised ten-word run of them, written by
tests/seed_runs.py when the seeds change. Both sides are normalised the same way: lower case,
diacritics removed, everything but a-z, 0-9 and space replaced by a space, split on whitespace.
Each line of content/**/*.md and data/**/*.yaml (except data/sources.yaml, which holds titles and
notes about the sources) is compared run by run. So the test runs in any clone and still fails on a
copied line."""

from __future__ import annotations

from pathlib import Path

from seed_runs import WINDOW, read_runs, run_hashes, seed_hashes, words, write_runs

ROOT = Path(__file__).resolve().parents[1]


def copied_runs(line: str, seeds: set[str]) -> list[str]:
    """The ten-word runs of one line whose hash is among the seeds' runs."""
    return sorted(run for h, run in run_hashes(line).items() if h in seeds)


def our_files() -> list[Path]:
    files = sorted((ROOT / "content").rglob("*.md"))
    files += sorted(p for p in (ROOT / "data").rglob("*.yaml") if p != ROOT / "data" / "sources.yaml")
    return files


def offending_lines(files: list[Path], seeds: set[str], root: Path = ROOT) -> list[str]:
    """One "file:line: «first copied run»" per line that shares a ten-word run with a seed."""
    problems = []
    for path in files:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if hits := copied_runs(line, seeds):
                problems.append(f"{path.relative_to(root)}:{number}: «{hits[0]}»")
    return problems


def test_the_fingerprints_of_the_seeds_are_in_the_repository():
    # Thousands of runs, as the seeds have: an empty or cut file would let every copy through.
    seeds = read_runs()
    assert len(seeds) > 5000, len(seeds)
    assert all(len(h) == 12 and int(h, 16) >= 0 for h in seeds)


def test_no_ten_word_run_copied_from_a_seed():
    problems = offending_lines(our_files(), read_runs())
    assert not problems, (
        f"{len(problems)} rad(er) har {WINDOW} eller fler ord i följd ur en källtext. "
        "Skriv om dem med egna ord:\n" + "\n".join(problems)
    )


SEED = (
    "Förvaltningen bedömer att samverkan mellan socialtjänsten, polisen och fastighetsägarna "
    "är avgörande för att platsen ska bli trygg igen på sikt."
)


def test_checker_catches_a_copied_line(tmp_path):
    """The check can fail: fingerprints written by the script from a seed catch a line quoting it."""
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "000.txt").write_text(SEED, encoding="utf-8")
    assert write_runs(tmp_path / "seeds", tmp_path / "runs.txt") == len(words(SEED)) - WINDOW + 1
    seeds = read_runs(tmp_path / "runs.txt")
    assert seeds == seed_hashes([SEED])
    quote = " ".join(SEED.split()[2:12])  # ten words as written in the seed: case, commas, å/ä/ö
    page = tmp_path / "sida.md"
    page.write_text(f"# Rubrik\n\nEgen mening först. {quote} Och sedan egna ord.\n", encoding="utf-8")
    assert offending_lines([page], seeds, root=tmp_path) == [f"sida.md:3: «{' '.join(words(quote))}»"]
    # Nine of the same words are not a copy.
    nine = " ".join(SEED.split()[2:11])
    assert copied_runs(nine, seeds) == []
