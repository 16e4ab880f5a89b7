"""No request leaves the portal's origin, on any page type (GDPR-30).

Each page type of tests/pages.py is opened in English and Finnish (the admin in
English, logged in); the PageWatcher of conftest.py records every request the
browser makes, and any that goes elsewhere, or that the CSP refused, fails the test.
"""

import time

import pytest

from tests.browser.conftest import log_in_to_admin, open_visit
from tests.pages import ADMIN_PASSWORD, build_demo, visits

LANGUAGES = ("en", "fi")


@pytest.fixture
def demo(transactional_db):
    return build_demo()


def test_every_page_type_loads_only_from_the_portal(demo, page):
    started = time.monotonic()
    page_visits = [
        visit for visit in visits(demo) if visit.language in LANGUAGES and not visit.page.logged_in
    ]
    for visit in page_visits:
        open_visit(page, visit)
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    behind_login = [visit for visit in visits(demo) if visit.page.logged_in]
    for visit in behind_login:
        open_visit(page, visit)
    pages = len(page_visits) + len(behind_login)
    print(
        f"\nthird parties: {pages} pages, {page.watcher.requests_checked} requests checked "
        f"in {time.monotonic() - started:.1f} s, {len(page.watcher.foreign_requests)} foreign"
    )
    assert page.watcher.requests_checked > pages  # each page loads its CSS at least
    page.watcher.assert_clean()


def test_a_request_to_another_origin_is_caught(demo, page):
    """The check above can fail: an image from elsewhere, added to a page, is noticed."""
    page.route("http://192.0.2.1/**", lambda route: route.abort())  # never sent anywhere
    page.goto("/en/")
    page.evaluate(
        """() => new Promise(resolve => {
            const image = new Image();
            image.onload = image.onerror = resolve;
            image.src = "http://192.0.2.1/tracker.gif";
            document.body.append(image);
        })"""
    )
    page.evaluate("0")
    # Refused by the Content-Security-Policy (a console error) or sent (a foreign request).
    assert page.watcher.foreign_requests or page.watcher.console_errors
    with pytest.raises(AssertionError):
        page.watcher.assert_clean()
