"""Map documents and embeds: self-hosted assets, escaping, determinism, schools within 500 m."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support import map_corners, map_layer, map_part, map_rows

from generator import geo, urls
from generator.config import Paths, load_settings
from generator.pipeline import check, read_assets, read_content, render_all
from generator.render import maps
from generator.render.facts import SCHOOLS_MARKER, schools_sv
from generator.render.text import status_now

FIXTURES = Path(__file__).resolve().parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent
HOSTILE = "<img src=x onerror=alert(1)> & ${alert(2)} </script> `x` [a](b) | c"
BANNED = [
    "cdn.",
    "unpkg",
    "jsdelivr",
    "cdnjs",
    "code.jquery",
    "bootstrapcdn",
    "fontawesome",
    "user-scalable=no",
    "maximum-scale",
]


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
    return page[page.index('<div class="ods-map">') : page.index("## Status per kartläggning")]


def _documents(files):
    return {p: c.decode("utf-8") for p, c in files.items() if p.startswith("kartor/") and p.endswith(".html")}


def _data(files, name: str) -> dict:
    return json.loads(files[f"kartor/data/{name}.json"])


def _parts(files) -> dict[str, dict]:
    return {p: json.loads(c) for p, c in files.items() if p.startswith("kartor/data/")}


def _part(files, data: dict, spec: dict) -> dict:
    return map_part(data, spec, _parts(files))


def _layer(files, name: str, number: int) -> list[dict]:
    """One layer of a map as ods-map.js draws it."""
    data = _data(files, name)
    return map_layer(data, data["layers"][number], _parts(files))


def test_one_document_per_kind_and_data_per_drawn_place_and_municipality(files, catalog):
    assert set(_documents(files)) == {"kartor/karta.html", "kartor/kommun.html", "kartor/plats.html"}
    data = {p for p in files if p.startswith("kartor/data/")}
    # each year a layer of its own, fetched when it is turned on: for the county and a municipality
    years = {f"kartor/data/karta-{y}.json" for y in (2023, 2024)} | {"kartor/data/karta-skolor.json"}
    years |= {
        f"kartor/data/kommun-{mid}-{y}.json"
        for mid in ("stockholm", "solna", "nacka")
        for y in catalog.drawn_years(catalog.linked("scenes_by_municipality", mid))
    }
    assert len(years) > 3 and years <= data
    assert data - years == {
        "kartor/data/karta.json",
        "kartor/data/plats-testtorget.json",
        "kartor/data/plats-farlig-text.json",
        "kartor/data/plats-gamla-platsen.json",
        "kartor/data/kommun-stockholm.json",
        "kartor/data/kommun-solna.json",
        "kartor/data/kommun-nacka.json",
    }
    # okanda-platsen has no position in any year: no map data, and its page has no map
    assert "iframe" not in files[urls.page_path("scenes", "okanda-platsen")].decode("utf-8")


def test_a_document_draws_the_record_in_its_address(files):
    html = _documents(files)["kartor/plats.html"]
    assert "odsSetup(" in html and '{"data": "data/plats-ID.json"}' in html
    js = files["kartor/ods-map.js"].decode("utf-8")
    assert "/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)" in js  # only an id, never a path, reaches the URL


def test_assets_are_self_hosted_with_licence(files):
    for path in [
        "assets/vendor/leaflet/leaflet.js",
        "assets/vendor/leaflet/leaflet.css",
        "assets/vendor/leaflet/LICENSE",
        "assets/vendor/leaflet/images/layers.png",
        "kartor/ods-map.js",
        "kartor/ods-map.css",
    ]:
        assert files[path], path
    for path, html in _documents(files).items():
        srcs = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
        assert set(srcs) == {
            "../assets/vendor/leaflet/leaflet.js",
            "../assets/vendor/leaflet/leaflet.css",
            "ods-map.js",
            "ods-map.css",
            "data:,",
        }, path


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


def test_documents_are_valid_html_with_main_description_and_noscript(files):
    """What the Nu HTML Checker and axe need of the static document: nothing after </body>, the map in
    <main>, a title and a description of its own, and a text for browsers without JavaScript."""
    titles, descriptions = set(), set()
    for path, html in _documents(files).items():
        assert html.rindex("<script>") > html.index("</main>") and html.rstrip().endswith("</body>\n</html>"), path
        assert html.count("<main ") == 1 and html.index('class="folium-map"') < html.index("</main>"), path
        assert '<main aria-labelledby="ods-title">' in html and '<h1 id="ods-title"' in html, path
        assert '<meta charset="utf-8">' in html and 'http-equiv="content-type"' not in html.lower(), path
        assert "<noscript><p" in html and "Kartan behöver JavaScript" in html, path
        titles.add(re.search(r"<title>([^<]+)</title>", html)[1])
        descriptions.add(re.search(r'<meta name="description" content="([^"]+)">', html)[1])
    assert len(titles) == len(descriptions) == 3


def test_embed_names_the_text_alternative_without_javascript(files):
    page = files["karta/index.md"].decode("utf-8")
    assert '<noscript><p>Kartan behöver JavaScript. Samma uppgifter står i <a href="#platserna-i-text">' in page
    assert "## Platserna i text" in page  # the heading whose anchor that is
    kommun = files[urls.page_path("municipalities", "solna")].decode("utf-8")
    assert '<a href="#platser-per-kartlaggning">' in kommun and "## Platser per kartläggning" in kommun
    assert "Kartan behöver JavaScript" in _embed(files, "testtorget")


def test_places_are_in_swedish_name_order(files):
    for number, layer in enumerate(_data(files, "karta")["layers"]):
        names = [shape["name"] for shape in _layer(files, "karta", number)]
        assert names and names == sorted(names, key=maps._name_order), layer["name"]
    assert maps._name_order("Östra") > maps._name_order("Ängen") > maps._name_order("Åsen") > maps._name_order("Zeta")


def test_hostile_name_is_never_markup_or_script(files, catalog):
    for path, html in _documents(files).items():
        assert "<img src=x" not in html and "alert(" not in html, path  # the documents hold no data
    data = _data(files, "plats-farlig-text")
    assert data["title"] == "Karta: " + catalog.scenes["farlig-text"].name  # JSON data, shown with textContent
    names = {
        shape["name"]
        for number in range(len(data["layers"]))
        for shape in _layer(files, "plats-farlig-text", number)
        if shape["kind"] == "scene"
    }
    assert names == {catalog.scenes["farlig-text"].name}
    js = files["kartor/ods-map.js"].decode("utf-8")
    # Leaflet's layer control writes layer names as HTML: the documents list the layers themselves.
    assert "L.control.layers" not in js and 'appendChild(document.createTextNode(" " + entry.name))' in js


def test_popup_js_uses_text_not_html(files):
    js = files["kartor/ods-map.js"].decode("utf-8")
    assert "innerHTML" not in js and "textContent" in js
    assert 'target = "_top"' in js


def test_two_renders_are_byte_identical(catalog, settings):
    first = [(f.path, f.content) for f in maps.render_maps(catalog, settings)]
    second = [(f.path, f.content) for f in maps.render_maps(catalog, settings)]
    assert first == second
    assert all(p.endswith((".html", ".json")) for p, _ in first)
    assert not re.search(
        r"_[0-9a-f]{32}\b",
        "".join(c.decode("utf-8", "replace") for p, c in first if p.endswith(".html")).replace(
            "_" + "0" * 28, "_count"
        ),
    )


def test_tiles_and_attribution_come_from_settings(files, settings):
    html = _documents(files)["kartor/karta.html"]
    assert f'"{settings.tiles}"' in html and f'"maxZoom": {settings.max_zoom}' in html
    assert "OpenStreetMap" in html


def test_maps_open_on_the_latest_known_status_with_rounds_as_layers(files, catalog):
    layers = _data(files, "karta")["layers"]
    # 2025 has no drawn place in the fixture: no empty layer for it
    names = ["Senast kända läge"] + [catalog.mappings[y].title for y in (2023, 2024)] + ["Skolor"]
    assert [layer["name"] for layer in layers] == names
    assert [layer["show"] for layer in layers] == [True, False, False, False]
    # Only the shown layer is in the file; the others are fetched when a visitor turns them on.
    assert ["shapes" in layer for layer in layers] == [True, False, False, False]
    assert [layer.get("src") for layer in layers[1:]] == [
        "data/karta-2023.json",
        "data/karta-2024.json",
        "data/karta-skolor.json",
    ]
    # Each place with a position once, with its latest entry; older than the newest round: a paler fill.
    latest = {shape["id"]: shape for shape in _layer(files, "karta", 0)}
    assert set(latest) == set(catalog.latest_drawn)
    assert (latest["gamla-platsen"]["year"], latest["gamla-platsen"]["status_label"]) == (2023, "Upphört")
    assert latest["testtorget"]["year"] == 2024 and latest["testtorget"]["style"]["fillOpacity"] == 0.15
    for name in ("kommun-stockholm", "plats-testtorget"):
        shown = [layer["name"] for layer in _data(files, name)["layers"] if layer["show"]]
        assert "Senast kända läge" in shown and not any(n.startswith("Kartläggningen") for n in shown), name


def test_map_opens_on_newest_round_with_figures_or_else_newest_drawn(catalog):
    assert catalog.latest_counted_mapping.year == 2024
    assert catalog.first_year(list(catalog.scenes)) == 2024
    assert catalog.first_year(["gamla-platsen"]) == 2023  # nothing drawn there in 2024
    assert catalog.first_year(["okanda-platsen"]) is None


def test_inferred_year_is_dotted_and_explained(files, catalog):
    county = _data(files, "karta")
    layer_2023 = _layer(files, "karta", 1)
    inferred = {
        sid
        for sid, s in catalog.scenes.items()
        for y in s.years
        if y.year == 2023 and y.certainty == "inferred" and y.geometry
    }
    assert inferred and {shape["id"] for shape in layer_2023 if shape["style"].get("dashArray") == "1 6"} == inferred
    assert "Prickad kant: uppgiften är vår slutsats, inte angivet i källan" in [i["label"] for i in county["legend"]]
    scene = _data(files, "plats-farlig-text")
    assert "Lagret 2023: utpekad (vår slutsats, inte angivet i källan)" in [i["label"] for i in scene["legend"]]
    # the popup's words for it come from the place's own file
    assert any(
        shape["certainty"] == "inferred"
        for n in range(len(scene["layers"]))
        for shape in _layer(files, "plats-farlig-text", n)
        if shape["kind"] == "scene"
    )


def _overview_files(files) -> dict[str, dict]:
    """The county's and the municipalities' map data and the files of their year layers."""
    return {p: json.loads(c) for p, c in files.items() if p.startswith(("kartor/data/karta", "kartor/data/kommun-"))}


def test_a_place_text_is_written_once(files, catalog):
    """A place's name and municipality are in its map's table of places, once; the layers point there.
    Its status sentence is not in a map of many places at all (the popup fetches it from the place's
    own file), and every text and style of a file is in it once."""
    overview = _overview_files(files)
    for path, data in overview.items():
        text = json.dumps(data, ensure_ascii=False)
        for table in ("texts", "styles"):
            values = [json.dumps(v, sort_keys=True) for v in data[table]]
            assert len(values) == len(set(values)), (path, table)
        for sid, scene in catalog.scenes.items():
            assert status_now(scene, catalog) not in text, (path, sid)
            mine = "places" in data and sid in [p["id"] for p in map_rows(data["places"])]
            # a JSON string: the name with its quotes, so that a name inside another counts not
            assert text.count(json.dumps(scene.name, ensure_ascii=False)) == (1 if mine else 0), (path, sid)
            assert text.count(json.dumps(sid)) == (1 if mine else 0), (path, sid)
        if "places" not in data:  # a year layer: only what that year says, no place's name or id
            assert set(data) == {"shapes", "styles", "texts"}, path
    county = overview["kartor/data/karta.json"]
    assert len(county["texts"]) < len(catalog.municipalities) + 10  # municipalities and labels, once each


def test_every_place_in_the_county_data_can_be_reached(files, catalog):
    """Every place drawn anywhere is in the table of places and in the layer the map opens on, every
    index in every layer points at something, each place's link and own file exist, and so does every
    layer's file."""
    for path, data in _overview_files(files).items():
        if "places" not in data:
            continue
        name = path.removeprefix("kartor/data/").removesuffix(".json")
        places = [p["id"] for p in map_rows(data["places"])]
        assert len(places) == len(set(places)) and [s["id"] for s in _layer(files, name, 0)] == places, path
        for number, spec in enumerate(data["layers"]):
            part = _part(files, data, spec)
            for shape in map_rows(part["shapes"]):
                assert 0 <= shape["s"] < len(part["styles"]), (path, spec["name"])
                assert all(0 <= shape[k] < len(part["texts"]) for k in ("a", "k") if k in shape), (path, spec["name"])
                assert 0 <= shape.get("i", 0) < len(places), (path, spec["name"])
            assert len(_layer(files, name, number)) == len(map_rows(part["shapes"]))
        for sid in places:
            page = urls.page_path("scenes", sid)
            href = data["href"].replace("{id}", sid)
            assert href == urls.relative(urls.map_path("county"), urls.url("scenes", sid).lstrip("/")) and page in files
            assert "kartor/" + data["detail"].replace("{id}", sid) in files
    county = [p["id"] for p in map_rows(_data(files, "karta")["places"])]
    assert set(county) == set(catalog.latest_drawn)
    drawn = {(sid, y.year) for sid, s in catalog.scenes.items() for y in s.years if y.geometry}
    in_years = {(shape["id"], shape["year"]) for n in (1, 2) for shape in _layer(files, "karta", n)}
    assert in_years == drawn


def test_popup_details_of_every_shape_are_in_the_place_file(files, catalog):
    """A popup on a map of many places shows what the place's own file says of the year drawn; the
    same status sentence as the place's page."""
    for number in range(3):
        for shape in _layer(files, "karta", number):
            own = _data(files, "plats-" + shape["id"])
            years = [
                s
                for n in range(len(own["layers"]))
                for s in _layer(files, "plats-" + shape["id"], n)
                if s["kind"] == "scene"
            ]
            assert shape["year"] in {s["year"] for s in years}, shape["id"]
            assert years[0]["status_now"] == status_now(catalog.scenes[shape["id"]], catalog)


def test_area_rings_are_steps_that_add_up_to_the_positions(files, catalog):
    areas = [
        (sid, y) for sid, s in catalog.scenes.items() for y in s.years if y.geometry and y.geometry.type == "Polygon"
    ]
    assert areas
    for sid, y in areas:
        shape = next(
            s
            for s in _layer(files, "karta", catalog.drawn_years(list(catalog.scenes)).index(y.year) + 1)
            if s["id"] == sid
        )
        want = geo.geojson_geometry("Polygon", y.geometry.coordinates)["coordinates"]
        assert [map_corners(ring) for ring in shape["g"]] == want
        assert all(isinstance(n, int) for ring in shape["g"] for n in ring)


def test_iframe_src_is_relative_to_the_page(files):
    embed = _embed(files, "testtorget")
    assert '<iframe src="../../kartor/plats.html?id=testtorget" title="Karta: Testtorget" loading="lazy">' in embed
    assert 'src="../../kartor/kommun.html?id=solna"' in files[urls.page_path("municipalities", "solna")].decode()


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


def _table_stands_alone(embed: str) -> bool:
    """The text alternative is a Markdown table only with a blank line above it, else it reads as words."""
    lines = embed.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("| Kartläggning |"))
    return lines[header - 1] == ""


def test_scene_embed_lists_nearby_schools(files, catalog):
    embed = _embed(files, "testtorget")
    assert _table_stands_alone(embed)
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
    assert "Skol" not in text["kartor/data/karta.json"] and "Skol" not in text["kartor/data/plats-testtorget.json"]
    assert "kola" not in _embed(files, "testtorget")  # no sentence about schools on every place page
    assert _table_stands_alone(_embed(files, "testtorget"))


def test_whether_schools_are_shown_is_said_once_from_data(fixture_copy, catalog):
    """Beside the motion's figure (content/metodstod/regionala-siffror.md): with no school register the
    maps show none and the sentence says why; with one, it points to the map that counts them."""
    with_schools = schools_sv(catalog, "metodstod/regionala-siffror.md")
    assert "[kartan](../karta/index.md)" in with_schools and "inom 500 meter" in with_schools
    (fixture_copy / "data" / "schools.yaml").unlink()
    without = schools_sv(check(fixture_copy / "data"), "metodstod/regionala-siffror.md")
    assert without.startswith("Portalen visar inte vilka skolor") and "källa" in without
    assert ".yaml" not in without and "redaktör" not in without
    motion = (FIXTURES.parents[1] / "content" / "metodstod" / "regionala-siffror.md").read_text(encoding="utf-8")
    assert f"från 24 av dem (Stockholms socialförvaltning, april 2024). {SCHOOLS_MARKER}" in motion


def test_folium_still_names_its_elements_the_way_counted_ids_replaces():
    """maps._counted_ids swaps folium's private Element._generate_id (32 random hex digits) for a
    counter. A folium that names elements another way must fail here, not give a map that differs on
    every build."""
    import folium
    from branca.element import Element

    assert isinstance(Element.__dict__["_generate_id"], classmethod)
    with maps._counted_ids():
        first, second = folium.Map(tiles=None), folium.Map(tiles=None)
    numbers = [int(m.get_name().removeprefix("map_"), 16) for m in (first, second)]
    assert first.get_name() == "map_" + "0" * 32 and 0 < numbers[1] < 100, numbers
    after = folium.Map(tiles=None).get_name()
    assert re.fullmatch(r"map_[0-9a-f]{32}", after) and after not in (first.get_name(), second.get_name())


def test_the_document_shell_is_the_template_in_theme_and_escapes_its_texts_once():
    """The map document around folium's parts is theme/maps/document.html.j2; its texts are escaped
    there and only there."""
    with maps._counted_ids():
        html = maps._document(maps._new_map(load_settings()), 'Karta: "A & B" <i>', "Om <b>C</b> & D")
    assert "<title>Karta: &#34;A &amp; B&#34; &lt;i&gt;</title>" in html
    assert '<meta name="description" content="Om &lt;b&gt;C&lt;/b&gt; &amp; D">' in html
    assert '<h1 id="ods-title" class="ods-visually-hidden">Karta: &#34;A &amp; B&#34; &lt;i&gt;</h1>' in html
    assert "&amp;amp;" not in html and "&amp;lt;" not in html
    shell = (ROOT / "theme" / "maps" / "document.html.j2").read_text(encoding="utf-8")
    assert "<!DOCTYPE html>" not in Path(maps.__file__).read_text(encoding="utf-8") and "<main" in shell
