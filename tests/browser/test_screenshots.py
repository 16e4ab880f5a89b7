"""The README's screenshots, taken in Chromium on the demo content: the public site (home,
a practice, an event, the partner map, each on a desktop and on a phone) and the editor's
admin.

`make screenshots` runs this with SCREENSHOTS_DIR=docs/screenshots, so the pictures
follow the code; in the test suite it writes to a temporary folder and checks that the
pages render (the public pages; a lead-partner editor's home, a change form with language
tabs, the translation overview).
"""

import os
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from partners.models import Partner
from tests.browser.conftest import log_in_to_admin
from tests.factories import staff_user
from tests.pages import OPEN_EVENT, build_demo

# The first screen of each page (not the whole long page): what a visitor sees first. The
# map is the map's section on its own. Desktop 1280 px wide, phone 375 px.
SCREENS = (("desktop", {"width": 1280, "height": 800}), ("phone", {"width": 375, "height": 740}))
PUBLIC = (
    ("home", lambda demo: reverse("home"), None),
    ("practice", lambda demo: demo.practice.get_absolute_url(), None),
    ("event", lambda demo: reverse("events:detail", args=[OPEN_EVENT]), None),
    ("partner-map", lambda demo: reverse("partners:list"), "section:has(#partner-map-heading)"),
)

SHOTS = (
    ("editor-home.png", lambda demo: "/admin/", "#needs-you", True),
    (
        "change-form-language-tabs.png",
        lambda demo: f"/admin/goodpractices/goodpractice/{demo.practice.pk}/change/",
        ".ui-tabs-nav",
        False,  # the top of the form: the tabs, not the whole long form
    ),
    (
        "translation-overview.png",
        lambda demo: "/admin/translations/",
        "#translation-overview",
        True,
    ),
)


def test_screenshots_of_the_editors_admin(transactional_db, browser, live_server, tmp_path):
    demo = build_demo()
    out = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    editor = staff_user(Partner.objects.filter(role=Partner.Role.LEAD).first(), "lead-editor")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en"
    )
    page = context.new_page()
    log_in_to_admin(page, editor, "pw")
    for name, url, ready, full_page in SHOTS:
        page.goto(url(demo))
        page.wait_for_selector(ready)
        page.screenshot(path=out / name, full_page=full_page)
        assert (out / name).read_bytes().startswith(b"\x89PNG")
    context.close()


def test_screenshots_of_the_public_site(transactional_db, browser, live_server, tmp_path):
    demo = build_demo()
    out = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    with translation.override("en"):
        paths = [(name, url(demo), part) for name, url, part in PUBLIC]
    for screen, viewport in SCREENS:
        context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="en")
        page = context.new_page()
        for name, path, part in paths:
            assert page.goto(path).status == 200, path
            shot = out / f"public-{name}-{screen}.png"
            if part:  # the part with a margin of the page around it
                box = page.locator(part).bounding_box()
                clip = {
                    "x": max(box["x"] - 16, 0),
                    "y": max(box["y"] - 16, 0),
                    "width": min(box["width"] + 32, viewport["width"]),
                    "height": box["height"] + 32,
                }
                page.screenshot(path=shot, clip=clip, full_page=True)
            else:
                page.screenshot(path=shot)
            assert shot.read_bytes().startswith(b"\x89PNG")
        context.close()
