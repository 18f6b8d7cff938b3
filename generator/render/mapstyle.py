"""How places look on the maps, shared by the map documents and their text alternatives on the
pages, so that a colour named in a table is the colour drawn on the map."""

from __future__ import annotations

from ..catalog import Catalog
from ..models import SceneYear

# Status colours on the overview maps; removed places are grey with a dashed edge.
STATUS_STYLE = {
    "listed": {"fill": True, "color": "#b71c1c", "fillColor": "#e53935", "fillOpacity": 0.45, "weight": 3},
    "removed": {
        "fill": True,
        "color": "#424242",
        "fillColor": "#9e9e9e",
        "fillOpacity": 0.35,
        "weight": 3,
        "dashArray": "5 4",
    },
}
# A year that is our inference, not stated by a source: dotted edge and a paler fill, on every map.
INFERRED_STYLE = {"dashArray": "1 6", "fillOpacity": 0.15, "lineCap": "round"}
INFERRED_NOTE = "vår slutsats, inte angivet i källan"
# On "Senast kända läge", a place whose latest entry is from an older round than the newest: a paler
# fill, the edge kept (its contrast against the tiles is what makes the shape visible).
AGED_STYLE = {"fillOpacity": 0.15}
AGED_NOTE = "uppgiften är från en äldre kartläggning"
# One colour per mapping year on a place's map (by the year's position among all mappings).
YEAR_COLOURS = [("#c62828", "röd"), ("#1565c0", "blå"), ("#2e7d32", "grön"), ("#6a1b9a", "lila"), ("#e65100", "orange")]
SCHOOL_STYLE = {"fill": True, "color": "#0d47a1", "fillColor": "#ffffff", "fillOpacity": 1, "weight": 3}
RING_STYLE = {
    "fill": True,
    "color": "#37474f",
    "fillColor": "#90a4ae",
    "fillOpacity": 0.08,
    "weight": 2,
    "dashArray": "6 6",
}
SCHOOL_TYPES = {"förskola": "Förskola", "grundskola": "Grundskola", "gymnasium": "Gymnasium", "annan": "Skola"}


def year_colour(catalog: Catalog, year: int) -> tuple[str, str]:
    """(hex, Swedish name) of a mapping year on a place's map."""
    return YEAR_COLOURS[sorted(catalog.mappings).index(year) % len(YEAR_COLOURS)]


def with_certainty(base: dict, y: SceneYear) -> dict:
    return {**base, **INFERRED_STYLE} if y.certainty == "inferred" else base


def with_age(base: dict, older: bool) -> dict:
    return {**base, **AGED_STYLE} if older else base
