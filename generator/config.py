"""Settings that are not data: portal.toml at the project root, and the project's folders."""

from __future__ import annotations

import datetime as dt
import re
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

    @property
    def cache(self) -> Path:
        """What a build keeps for the next one (the PDF), beside build/docs: build/cache."""
        return self.docs.with_name("cache")


@dataclass(frozen=True)
class Publisher:
    """Who publishes the portal and how a reader reaches a person ([utgivare] in portal.toml)."""

    name: str
    about: str
    contact_url: str
    contact_label: str
    response_time: str
    email: str = ""
    press: str = ""  # a line about the press contact in words (hours, who answers), shown as it is
    press_email: str = ""  # the press contact's e-mail: a way to reach a person without a GitHub account
    press_phone: str = ""  # the press contact's phone, as written; a tel: link dials press_phone_tel

    @property
    def press_phone_tel(self) -> str:
        """The number for a tel: link: +46 8 123 456 00 -> +46812345600, 08-123 456 00 -> 0812345600."""
        return re.sub(r"[^\d+]", "", self.press_phone)

    @property
    def has_press_contact(self) -> bool:
        return bool(self.press_email or self.press_phone)


@dataclass(frozen=True)
class Settings:
    edit_base: str
    view_base: str
    tiles: str
    attribution: str
    max_zoom: int
    publisher: Publisher
    reviewed: dt.date  # when the site was last reviewed against WCAG 2.1 AA ([tillganglighet] granskad)


# [table] key -> what it is, for the message when it is missing.
_KEYS = {
    ("repo", "edit_base"): "adressen där en fil redigeras, t.ex. https://github.com/org/repo/edit/main/",
    ("repo", "view_base"): "adressen där en fil visas, t.ex. https://github.com/org/repo/blob/main/",
    ("map", "tiles"): "adressmallen för kartbilderna, t.ex. https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    ("map", "attribution"): "texten om kartbildernas upphov",
    ("map", "max_zoom"): "största zoomnivån, ett heltal, t.ex. 18",
    ("utgivare", "namn"): "vem som ger ut portalen, t.ex. Samverkan Stockholmsregionen",
    ("utgivare", "om"): "en mening om vem utgivaren är",
    ("utgivare", "kontakt"): "en adress där en läsare når en människa, t.ex. ett formulär eller mailto:",
    ("utgivare", "kontakt_text"): "länktexten till kontaktvägen",
    ("utgivare", "svarstid"): "hur snart en läsare får svar, t.ex. inom fem arbetsdagar",
    ("tillganglighet", "granskad"): "datumet för den senaste tillgänglighetsgranskningen, t.ex. 2026-12-01",
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
    publisher = raw["utgivare"]
    if not str(values["kontakt"]).startswith(("https://", "http://", "mailto:")):
        raise SetupError(f"{path.name}: kontakt under [utgivare] ska börja med https:// eller mailto:")
    email = _email(path, publisher, "e_post")
    press_email = _email(path, publisher, "press_e_post")
    press_phone = str(publisher.get("press_telefon", "")).strip()
    if press_phone and not _PHONE.fullmatch(press_phone):
        raise SetupError(
            f"{path.name}: press_telefon under [utgivare] ska vara ett telefonnummer med riktnummer, bara "
            "siffror, mellanslag och bindestreck och gärna + först, t.ex. 08-123 456 00 eller +46 8 123 456 00"
        )
    if not isinstance(values["granskad"], dt.date) or isinstance(values["granskad"], dt.datetime):
        raise SetupError(
            f"{path.name}: granskad under [tillganglighet] ska vara ett datum utan citattecken, t.ex. 2026-12-01"
        )
    return Settings(
        edit_base=values["edit_base"],
        view_base=values["view_base"],
        tiles=values["tiles"],
        attribution=values["attribution"],
        max_zoom=max_zoom,
        reviewed=values["granskad"],
        publisher=Publisher(
            name=values["namn"],
            about=values["om"],
            contact_url=values["kontakt"],
            contact_label=values["kontakt_text"],
            response_time=values["svarstid"],
            email=email,
            press=str(publisher.get("press", "")).strip(),
            press_email=press_email,
            press_phone=press_phone,
        ),
    )


# A phone number as people write it: an optional +, then 7 to 15 digits with spaces or hyphens between.
_PHONE = re.compile(r"\+?\d(?:[ -]?\d){6,14}")


def _email(path: Path, table: dict, key: str) -> str:
    """An e-mail address under [utgivare], or "" when the key is empty or missing."""
    value = str(table.get(key, "")).strip()
    if value and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise SetupError(f"{path.name}: {key} under [utgivare] ska vara en e-postadress, t.ex. namn@kommun.se")
    if value and _PLACEHOLDER.search(value):
        # A journalist who writes to it gets no answer: better no address than one that cannot arrive.
        raise SetupError(
            f"{path.name}: {key} under [utgivare] är en platshållare ({value}) som ingen post når fram till; "
            "skriv utgivarens riktiga funktionsbrevlåda eller lämna fältet tomt"
        )
    return value


# Domains reserved for examples (RFC 2606): no mail to them ever arrives.
_PLACEHOLDER = re.compile(r"@(?:[^@]*\.)?(?:example\.(?:com|org|net)|[^@]*\.(?:example|test|invalid|localhost))$", re.I)
