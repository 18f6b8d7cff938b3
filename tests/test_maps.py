"""Map documents and embeds: self-hosted assets, escaping, determinism, schools within 500 m."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator import urls
from generator.config import Paths, load_settings
from generator.pipeline import check, read_assets, read_content, render_all
from generator.render import maps

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HOSTILE = "<img src=x onerror=alert(1)> & ${alert(2)} </script> `x` [a](b) | c"
BANNED = ["cdn.", "unpkg", "jsdelivr", "cdnjs", "code.jquery", "bootstrapcdn", "fontawesome", "user-scalable=no",
          "maximum-scale"]


@pytest.fixture(scope="module")
def catalog():
    return check(FIXTURES / "data")


@pytest.fixture(scope="module")
def settings():
    return load_settings()


def _render(catalog, settings) -> dict[str, bytes]:
    """Everything the render stage makes of the fixture: map documents, their assets and the pages."""
    content = read_content(FIXTURES / "content")
    return {f.path: f.content for f in render_all(catalog, content, read_assets(Paths()), settings)}


@pytest.fixture(scope="module")
def files(catalog, settings):
    return _render(catalog, settings)


def _embed(files, sid) -> str:
    """The map part of a place's page: from its iframe to the next section."""
    page = files[urls.page_path("scenes", sid)].decode("utf-8")
    return page[page.index('<div class="ods-map">'):page.index("## Status per kartläggning")]


def _documents(files):
    return {p: c.decode("utf-8") for p, c in files.items() if p.startswith("kartor/") and p.endswith(".html")}


def test_one_document_per_drawn_place_and_municipality(files):
    docs = set(_documents(files))
    assert docs == {"kartor/karta.html", "kartor/plats-testtorget.html", "kartor/plats-farlig-text.html",
                    "kartor/plats-gamla-platsen.html", "kartor/kommun-stockholm.html", "kartor/kommun-solna.html",
                    "kartor/kommun-nacka.html"}


def test_assets_are_self_hosted_with_licence(files):
    for path in ["assets/vendor/leaflet/leaflet.js", "assets/vendor/leaflet/leaflet.css",
                 "assets/vendor/leaflet/LICENSE", "assets/vendor/leaflet/images/layers.png",
                 "kartor/ods-map.js", "kartor/ods-map.css"]:
        assert files[path], path
    for path, html in _documents(files).items():
        srcs = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
        assert set(srcs) == {"../assets/vendor/leaflet/leaflet.js", "../assets/vendor/leaflet/leaflet.css",
                             "ods-map.js", "ods-map.css", "data:,"}, path


@pytest.mark.parametrize("word", BANNED)
def test_no_cdn_and_no_zoom_lock(files, word):
    for path, html in _documents(files).items():
        assert word not in html.lower(), f"{word} in {path}"


def test_documents_have_language_title_and_no_jquery(files):
    for path, html in _documents(files).items():
        assert '<html lang="sv">' in html and "<title>Karta" in html, path
        assert "$(" not in html and "jquery" not in html.lower(), path
        assert "window.odsMap" not in html  # set by ods-map.js in odsSetup, called last
        assert html.rstrip().endswith("</html>") and "odsSetup(" in html


def test_hostile_name_is_never_markup_or_script(files):
    for path, html in _documents(files).items():
        assert "<img src=x" not in html, path
        assert "</script> `x`" not in html and html.count("</script>") == html.count("<script"), path
        assert "${alert" not in html.split("<title>")[1].split("</title>")[0] or "&lt;img" in html, path
    html = _documents(files)["kartor/plats-farlig-text.html"]
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in html  # as JSON data, shown with textContent
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the title


def test_popup_js_uses_text_not_html(files):
    js = files["kartor/ods-map.js"].decode("utf-8")
    assert "innerHTML" not in js and "textContent" in js
    assert 'target = "_top"' in js


def test_two_renders_are_byte_identical(catalog, settings):
    first = [(f.path, f.content) for f in maps.render_maps(catalog, settings)]
    second = [(f.path, f.content) for f in maps.render_maps(catalog, settings)]
    assert first == second
    assert not re.search(r"_[0-9a-f]{32}\b", "".join(c.decode("utf-8", "replace") for p, c in first
                                                    if p.endswith(".html")).replace("_" + "0" * 28, "_count"))


def test_tiles_and_attribution_come_from_settings(files, settings):
    html = _documents(files)["kartor/karta.html"]
    assert f'"{settings.tiles}"' in html and f'"maxZoom": {settings.max_zoom}' in html
    assert "OpenStreetMap" in html


def test_year_layers_show_latest_only_on_overview(files, catalog):
    html = _documents(files)["kartor/karta.html"]
    adds = re.findall(r"(geo_json_\w+)\.addTo\(map_", html)
    layers = re.findall(r"var (geo_json_\w+) = L\.geoJson", html)
    # 2025 has no drawn place in the fixture: no empty layer for it
    titles = [catalog.mappings[y].title for y in (2023, 2024)] + ["Skolor"]
    assert len(layers) == len(titles)
    assert adds == [layers[1]]  # only 2024, the newest round with official figures, is shown at first
    assert json.dumps(catalog.mappings[2025].title) not in html
    for t in titles:
        assert json.dumps(t) in html


def test_map_opens_on_newest_round_with_figures_or_else_newest_drawn(catalog):
    assert catalog.latest_counted_mapping.year == 2024
    assert catalog.first_year(list(catalog.scenes)) == 2024
    assert catalog.first_year(["gamla-platsen"]) == 2023  # nothing drawn there in 2024
    assert catalog.first_year(["okanda-platsen"]) is None


def test_inferred_year_is_dotted_and_explained(files):
    html = _documents(files)["kartor/karta.html"]
    layer_2023 = html[:html.index(json.dumps("Uppföljningen februari 2024"))]
    assert '"certainty": "inferred"' in layer_2023 and '"dashArray": "1 6"' in layer_2023
    assert json.dumps("Prickad kant: året är vår slutsats, inte angivet i källan") in html
    scene = _documents(files)["kartor/plats-farlig-text.html"]
    assert json.dumps("2023: utpekad (vår slutsats, inte angivet i källan)") in scene


def test_iframe_src_is_relative_to_the_page(files):
    embed = _embed(files, "testtorget")
    assert '<iframe src="../../kartor/plats-testtorget.html" title="Karta: Testtorget" loading="lazy">' in embed
    assert 'src="../../kartor/kommun-solna.html"' in files[urls.page_path("municipalities", "solna")].decode()


def test_hostile_name_escaped_in_embed(files):
    embed = _embed(files, "farlig-text")
    assert "<img" not in embed and "${" not in embed and "</script>" not in embed


def test_schools_within_500_m(catalog):
    near = catalog.nearby_schools["testtorget"]
    assert [s.id for s in near] == ["testskolan"]
    assert 250 < near[0].distance_m < 300
    assert [s.id for s in catalog.nearby_schools["farlig-text"]] == ["farliga-skolan"]
    assert catalog.nearby_schools["gamla-platsen"] == ()
    assert "okanda-platsen" not in catalog.nearby_schools  # no position, no distance
    assert catalog.listed_with_school(2024) == (1, 1)  # 2024: only Testtorget is drawn and listed


def test_scene_embed_lists_nearby_schools(files, catalog):
    embed = _embed(files, "testtorget")
    assert "### Skolor inom 500 meter" in embed and "Testskolan &#40;testdata&#41;" in embed
    # the distance as theme/maps/scene.md.j2 prints it: rounded to the nearest 10 m
    school = catalog.nearby_schools["testtorget"][0]
    rounded = round(school.distance_m / 10) * 10
    assert f"- Testskolan &#40;testdata&#41; (grundskola): cirka {rounded} meter" in embed.splitlines()
    hostile = _embed(files, "farlig-text")
    assert "<b>Skola" not in hostile and "&#60;b&#62;Skola" in hostile


def test_overview_page_counts_schools_only_with_school_data(files):
    page = files["karta/index.md"].decode("utf-8")
    assert "av de 1 platser med känt läge som var utpekade 2024 har 1 minst en skola inom 500 meter" in page
    assert '<iframe src="../kartor/karta.html"' in page
    assert "[Testtorget](../platser/testtorget/index.md)" in page


def test_without_school_data_nothing_about_schools(fixture_copy, settings):
    (fixture_copy / "data" / "schools.yaml").unlink()
    catalog = check(fixture_copy / "data")
    assert catalog.schools == {}
    files = _render(catalog, settings)
    text = {p: c.decode("utf-8", "replace") for p, c in files.items()}
    assert "kola" not in text["karta/index.md"]
    assert "Skol" not in text["kartor/karta.html"] and "Skol" not in text["kartor/plats-testtorget.html"]
    assert "Skol" not in _embed(files, "testtorget")
