"""A reader's route through the real site, clicked as a person would, and clean printing."""

from __future__ import annotations

from generator.pipeline import check

from .checks import REPO

SCENE = "fridhemsplan-stadshagen"


def test_follow_a_scene_from_the_map_to_example_method_actor_and_back(visit, real_site):
    catalog = check(REPO / "data")
    example_id = catalog.linked("examples_by_scene", SCENE)[0]
    example = catalog.examples[example_id]
    method_id = example.methods[0]
    actor_id = catalog.methods[method_id].lead_actors[0]

    v = visit(real_site.url + "/karta/")
    page = v.page
    page.locator("main table a", has_text=catalog.scenes[SCENE].name).first.click()
    page.wait_for_url(f"**/platser/{SCENE}/")
    page.locator("main a", has_text=example.title).first.click()
    page.wait_for_url(f"**/goda-exempel/{example_id}/")
    page.locator("main li a", has_text=catalog.methods[method_id].name).first.click()
    page.wait_for_url(f"**/metoder/{method_id}/")
    page.locator("main table a", has_text=catalog.actors[actor_id].name).first.click()
    page.wait_for_url(f"**/aktorer/{actor_id}/")
    # and back: the actor page leads to the method, the method to the example, the example to the scene
    assert page.locator(f"main a[href$='metoder/{method_id}/']").count() >= 1
    page.go_back()
    page.go_back()
    page.wait_for_url(f"**/goda-exempel/{example_id}/")
    page.locator(f"main a[href$='platser/{SCENE}/']").first.click()
    page.wait_for_url(f"**/platser/{SCENE}/")
    assert v.console_errors == [] and v.external == []


def test_method_pages_print_without_navigation(visit, real_site):
    catalog = check(REPO / "data")
    v = visit(f"{real_site.url}/metoder/{next(iter(catalog.methods))}/")
    v.page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-content__button"):
        assert not v.page.locator(selector).first.is_visible(), f"{selector} syns vid utskrift"
    assert v.page.locator("main h1").is_visible()
