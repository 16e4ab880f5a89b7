"""The map of the partnership in Chromium: it fits a 320 px phone, names its regions where
there is room, and passes axe on the pages that show it."""

import pytest

from tests.browser.conftest import run_axe
from tests.browser.test_layout import OVERFLOWING, PHONE
from tests.pages import build_demo

PATHS = ["/en/", "/pl/partners/"]

# Each marker: where its circle is drawn, whether its label shows, and what it is called.
MARKERS = """() => {
    const svg = document.querySelector(".partner-map-svg").getBoundingClientRect();
    return [...document.querySelectorAll(".map-marker")].map((marker) => {
        const circle = marker.querySelector("circle").getBoundingClientRect();
        const label = marker.querySelector(".map-label");
        return {
            inside: circle.left >= svg.left && circle.right <= svg.right
                && circle.top >= svg.top && circle.bottom <= svg.bottom,
            diameter: circle.width,
            labelShown: getComputedStyle(label).display !== "none",
            labelBox: label.getBoundingClientRect().toJSON(),
            name: marker.getAttribute("aria-label"),
        };
    });
}"""


@pytest.fixture
def demo(transactional_db):
    return build_demo()


@pytest.mark.parametrize("path", PATHS)
def test_the_map_fits_a_phone_and_passes_axe(demo, browser, live_server, path):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    page.goto(path)
    assert page.evaluate(OVERFLOWING) == []
    markers = page.evaluate(MARKERS)
    assert len(markers) == 7
    assert all(marker["inside"] for marker in markers)
    # Too narrow for the names: bigger numbered markers, the list names them.
    assert not any(marker["labelShown"] for marker in markers)
    assert all(marker["diameter"] >= 16 for marker in markers)
    assert run_axe(page) == []
    context.close()


@pytest.mark.parametrize("path", PATHS)
def test_the_map_names_the_regions_on_a_wide_screen(demo, browser, live_server, path):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(path)
    markers = page.evaluate(MARKERS)
    assert all(marker["labelShown"] for marker in markers)
    boxes = [marker["labelBox"] for marker in markers]
    for i, box in enumerate(boxes):
        for other in boxes[i + 1 :]:
            apart = (
                box["right"] <= other["left"]
                or other["right"] <= box["left"]
                or box["bottom"] <= other["top"]
                or other["bottom"] <= box["top"]
            )
            assert apart, (box, other)
    assert run_axe(page) == []
    context.close()


def test_a_marker_is_a_link_the_keyboard_reaches(demo, page):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/en/")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('map-marker')"):
            break
    else:
        pytest.fail("Tab never reached a marker of the map")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/en/partners/paijat-hame/")
    page.watcher.assert_clean()
