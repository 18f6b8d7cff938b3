"""The evidence levels follow the definition on the page Kunskapsläge, as far as a machine can tell:
what the evidence is (design) and whether we have read it (read) bound the level, and a text that says
the evaluation was not read cannot sit beside read: true."""

from __future__ import annotations

import re
from pathlib import Path
from typing import get_args

import pytest
from pydantic import ValidationError

from generator.catalog import check
from generator.models import EvidenceDesign, EvidenceLevel, Method
from generator.render.text import LABELS

ROOT = Path(__file__).resolve().parent.parent
# Words in an evidence text that say we have not read the evaluation itself.
UNREAD = re.compile(r"inte (kunnat )?läsa (rapporten|utvärderingen)|inte läst (rapporten|utvärderingen)", re.I)


def evidence(**fields) -> dict:
    base = {"level": "some", "design": "not_measured", "read": True, "text": "T", "sources": ["kalla"]}
    return {**base, **fields}


def method(ev: dict) -> dict:
    return {
        "id": "metod",
        "name": "M",
        "category": "social",
        "lead_actors": ["polisen"],
        "sara_phases": ["response"],
        "summary": "S",
        "description": "D",
        "when_to_use": "W",
        "evidence": ev,
        "sources": ["kalla"],
    }


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"level": "evaluated", "design": "place_uncontrolled"}, "högst some"),
        ({"level": "evaluated", "design": "elsewhere"}, "högst some"),
        ({"level": "evaluated", "design": "place_controlled", "read": False}, "read: true"),
        ({"level": "some", "design": "place_controlled", "read": True}, "skriv level: evaluated"),
        ({"level": "some", "design": None}, "behöver design"),
        ({"level": "some", "read": None}, "behöver design"),
        ({"level": "none_found", "sources": []}, "varken design eller read"),
    ],
)
def test_a_level_the_definition_does_not_allow_is_an_error(fields, message):
    with pytest.raises(ValidationError, match=re.escape(message)):
        Method.model_validate(method(evidence(**fields)))


@pytest.mark.parametrize(
    "fields",
    [
        {"level": "evaluated", "design": "place_controlled", "read": True},
        {"level": "some", "design": "place_controlled", "read": False},
        {"level": "some", "design": "place_uncontrolled"},
        {"level": "none_found", "design": None, "read": None, "sources": []},
    ],
)
def test_a_level_the_definition_allows_passes(fields):
    Method.model_validate(method(evidence(**fields)))


def test_every_design_and_level_has_a_label():
    assert set(LABELS["evidence_design"]) == set(get_args(EvidenceDesign))
    assert set(LABELS["evidence"]) == set(get_args(EvidenceLevel))


def test_no_method_says_it_has_not_read_an_evaluation_it_marks_as_read():
    catalog = check(ROOT / "data")
    for mid, m in catalog.methods.items():
        if UNREAD.search(m.evidence.text):
            assert m.evidence.read is not True, f"{mid}: texten säger att utvärderingen inte är läst"
            assert m.evidence.level != "evaluated", mid


def test_the_definition_page_explains_every_level_and_what_lifts_a_level():
    page = (ROOT / "content" / "metodstod" / "kunskapslage.md").read_text(encoding="utf-8")
    for label in LABELS["evidence"].values():
        assert f"## {label}\n" in page
    for phrase in ("jämförbar allmän plats", "båda perioderna", "andra insatser", "inte har kunnat läsa"):
        assert phrase in page, phrase
