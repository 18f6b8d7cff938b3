"""Settings that are not data: portal.toml at the project root, and the project's folders."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from .problems import SetupError

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Paths:
    data: Path = ROOT / "data"
    content: Path = ROOT / "content"
    docs: Path = ROOT / "build" / "docs"
    site: Path = ROOT / "site"
    mkdocs_yml: Path = ROOT / "mkdocs.yml"
    theme: Path = ROOT / "theme"
    node_modules: Path = ROOT / "node_modules"


@dataclass(frozen=True)
class Settings:
    edit_base: str
    view_base: str
    tiles: str
    attribution: str
    max_zoom: int


# [table] key -> what it is, for the message when it is missing.
_KEYS = {
    ("repo", "edit_base"): "adressen där en fil redigeras, t.ex. https://github.com/org/repo/edit/main/",
    ("repo", "view_base"): "adressen där en fil visas, t.ex. https://github.com/org/repo/blob/main/",
    ("map", "tiles"): "adressmallen för kartbilderna, t.ex. https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    ("map", "attribution"): "texten om kartbildernas upphov",
    ("map", "max_zoom"): "största zoomnivån, ett heltal, t.ex. 18",
}


def load_settings(path: Path = ROOT / "portal.toml") -> Settings:
    """Read portal.toml; a missing file or key is a SetupError that names it, never a crash."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SetupError(f"{path.name} saknas; den ska ligga i projektets rot (se README.md)") from None
    except tomllib.TOMLDecodeError as err:
        raise SetupError(f"{path.name}: kan inte läsas som TOML: {err}") from None
    values = {}
    for (table, key), what in _KEYS.items():
        value = raw.get(table, {}).get(key)
        if value is None:
            raise SetupError(f"{path.name}: nyckeln {key} saknas under [{table}]; ange {what}")
        values[key] = value
    try:
        max_zoom = int(values["max_zoom"])
    except (TypeError, ValueError):
        raise SetupError(f"{path.name}: max_zoom under [map] ska vara ett heltal, t.ex. 18") from None
    return Settings(
        edit_base=values["edit_base"],
        view_base=values["view_base"],
        tiles=values["tiles"],
        attribution=values["attribution"],
        max_zoom=max_zoom,
    )
