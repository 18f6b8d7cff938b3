"""Open data files (GeoJSON, CSV). Filled in by the maps work."""
from __future__ import annotations

from ..catalog import Catalog
from . import OutputFile


def render_exports(catalog: Catalog) -> list[OutputFile]:
    return [OutputFile.text("oppna-data/index.md", "# Öppna data\n\nFilerna byggs i nästa steg.\n")]
