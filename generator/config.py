"""Settings that are not data: portal.toml at the project root."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    edit_base: str
    view_base: str
    tiles: str
    attribution: str
    max_zoom: int


def load_settings(path: Path = ROOT / "portal.toml") -> Settings:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return Settings(edit_base=raw["repo"]["edit_base"], view_base=raw["repo"]["view_base"],
                    tiles=raw["map"]["tiles"], attribution=raw["map"]["attribution"],
                    max_zoom=int(raw["map"]["max_zoom"]))
