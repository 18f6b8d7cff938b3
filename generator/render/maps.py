"""Maps (folium -> standalone Leaflet documents) and their embeds. Filled in by the maps work."""
from __future__ import annotations

from markupsafe import Markup

from ..catalog import Catalog
from ..config import Settings
from . import OutputFile


def scene_map_embed(catalog: Catalog, scene_id: str, page_path: str) -> Markup:
    return Markup("")


def municipality_map_embed(catalog: Catalog, municipality_id: str, page_path: str) -> Markup:
    return Markup("")


def render_maps(catalog: Catalog, settings: Settings) -> list[OutputFile]:
    return [OutputFile.text("karta/index.md", "# Karta\n\nKartan byggs i nästa steg.\n")]
