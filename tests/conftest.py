"""Shared helpers for the unit tests: paths to the fixture data and a fresh copy of it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture
def fixture_copy(tmp_path) -> Path:
    """A writable copy of the fixture data and content: tmp/data, tmp/content."""
    shutil.copytree(FIXTURES / "data", tmp_path / "data")
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return tmp_path
