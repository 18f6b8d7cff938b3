"""`python -m generator serve`: the preview rebuilds on save and keeps the last good pages on an error."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return None


def _digest(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _wait(condition, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    pytest.fail(f"{what} inom {timeout} s. Utskrift från serve:\n{log.read_text(errors='replace')[-3000:]}")


def test_serve_rebuilds_and_survives_invalid_edits(tmp_path):
    shutil.copytree(FIXTURES / "data", tmp_path / "data")
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    docs = tmp_path / "docs"
    port = _free_port()
    log = tmp_path / "serve.log"
    page = f"http://127.0.0.1:{port}/platser/testtorget/"
    scenes = tmp_path / "data" / "scenes.yaml"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "serve",
                "--data",
                str(tmp_path / "data"),
                "--content",
                str(tmp_path / "content"),
                "--docs",
                str(docs),
                "--addr",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            first = _wait(lambda: _get(page), 90, "förhandsgranskningen svarade inte", log)
            assert "Testtorget" in first
            assert (docs / "platser" / "testtorget" / "index.md").exists()  # a private docs folder

            scenes.write_text(
                scenes.read_text(encoding="utf-8").replace("name: Testtorget", "name: Nytt torgnamn"), encoding="utf-8"
            )
            _wait(lambda: "Nytt torgnamn" in (_get(page) or ""), 20, "den nya rubriken syntes inte", log)
            _wait(
                lambda: "Ändring upptäckt" in log.read_text(encoding="utf-8", errors="replace"),
                20,
                "omgenereringen blev inte klar",
                log,
            )
            good_docs = _digest(docs)  # the last good pages, fully written

            scenes.write_text(
                scenes.read_text(encoding="utf-8").replace("municipality: stockholm", "municipality: stokholm", 1),
                encoding="utf-8",
            )
            _wait(lambda: "fel:" in log.read_text(errors="replace"), 20, "inget fel skrevs ut", log)
            text = log.read_text(errors="replace")
            error = next(l for l in text.splitlines() if "fel:" in l)
            assert "data/scenes.yaml:" in error and "stokholm" in error
            assert "stockholm" in error  # menade du …
            assert "senaste fungerande version" in text
            # The error is printed after the failed regeneration has decided to write nothing: build/docs is as
            # it was, so MkDocs has nothing to rebuild and keeps serving the last good page.
            assert _digest(docs) == good_docs
            still = _get(page)
            assert still is not None and "Nytt torgnamn" in still  # the last good page is still served
            assert process.poll() is None
            assert "WARNING" not in text and "dirty" not in text  # MkDocs' English notes do not reach the editor
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert not (ROOT / "build" / "docs" / "platser" / "nytt-torgnamn").exists()
