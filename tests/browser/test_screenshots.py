"""The README's screenshots of the editor's admin, taken in Chromium on the demo content.

`make screenshots` runs this with SCREENSHOTS_DIR=docs/screenshots, so the pictures
follow the code; in the test suite it writes to a temporary folder and checks that the
pages render (a lead-partner editor's home, a change form with language tabs, the
translation overview).
"""

import os
from pathlib import Path

from partners.models import Partner
from tests.browser.conftest import log_in_to_admin
from tests.factories import staff_user
from tests.pages import build_demo

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
