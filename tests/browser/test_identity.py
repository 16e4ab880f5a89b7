"""The programme identity where the programme wants it (VIS-02): the EU emblem in colour,
with the references to the Union and the Fund, inside the first screen of every
language's home page on a desktop and on a phone, and on paper."""

import pytest
from django.conf import settings

from tests.pages import build_demo

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SCREENS = [(1280, 720), (375, 667)]


@pytest.fixture
def demo(transactional_db):
    return build_demo()


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_emblem_is_on_the_first_screen_of_every_home_page(
    demo, browser, live_server, width, height
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    for code in LANGUAGES:
        page.goto(f"/{code}/")
        emblem = page.locator(".site-header .eu-emblem")
        box = emblem.bounding_box()
        assert box and box["height"] >= 40, code
        assert box["y"] >= 0 and box["y"] + box["height"] <= height, (code, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (code, box)
        # In colour: the reflex blue ground and the gold stars.
        assert emblem.locator('rect[fill="#003399"]').count() == 1
        assert emblem.locator('path[fill="#FFCC00"]').count() == 1
        funding = page.locator(".site-header .site-funding")
        assert funding.is_visible()
        funding_box = funding.bounding_box()
        assert funding_box["y"] + funding_box["height"] <= height, code
        # No other logo on the page is taller than the emblem.
        logos = page.locator("img[alt*='logo' i], svg.logo").all()
        assert all(logo.bounding_box()["height"] <= box["height"] for logo in logos)
    context.close()


def test_a_printed_page_keeps_the_identity(demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto("/de/events/")
    assert page.locator(".site-header .eu-emblem").is_visible()
    assert (
        "Europäischer Fonds für regionale Entwicklung" in page.locator(".site-header").inner_text()
    )
    assert not page.locator(".main-nav").is_visible()
    context.close()
