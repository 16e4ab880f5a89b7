"""The organiser tools in view: the event and registration lists fit a 1280 px screen
(sidebars open), the event's page links to its tools, and the check-in page works on a
360 px phone, with one hand and without JavaScript."""

import pytest
from django.urls import reverse

from events.models import Registration
from tests.browser.conftest import log_in_to_admin, run_axe
from tests.browser.test_layout import OVERFLOWING
from tests.factories import RegistrationFactory
from tests.pages import ADMIN_PASSWORD, build_demo

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

FITS = """() => {
    const results = document.querySelector("#changelist-form .results");
    return {
        page: document.documentElement.scrollWidth <= document.documentElement.clientWidth,
        results: results.scrollWidth <= results.clientWidth,
        widths: [document.documentElement.scrollWidth, results.scrollWidth, results.clientWidth],
    };
}"""

# Buttons, fields and links of the check-in page lower than 44 px.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    ".checkin button, .checkin input:not([type=hidden]), .checkin a"
)].filter((e) => e.getBoundingClientRect().height < 44).map((e) => e.outerHTML.slice(0, 80))"""


@pytest.fixture
def demo(transactional_db):
    demo = build_demo()
    # Long names, organisations and titles, as real lists have them.
    for n in range(4):
        RegistrationFactory(
            event=demo.past_event,
            name=f"Maximilian Alexander Oberhuber-Schwarzenberg {n}",
            organisation="Regionalentwicklungsgesellschaft Niederösterreich Wirtschaftsagentur",
            status=Registration.Status.CONFIRMED,
        )
    return demo


def test_event_and_registration_lists_fit_a_1280_px_screen(demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    for name in ("admin:events_event_changelist", "admin:events_registration_changelist"):
        page.goto(reverse(name))
        assert page.locator("#result_list tbody tr").count() > 0, name
        assert page.locator("#changelist-filter").is_visible(), name  # with the filters
        fits = page.evaluate(FITS)
        assert fits["page"] and fits["results"], (name, fits["widths"])
        assert page.evaluate(OVERFLOWING) == [], name
        # The last column is on screen.
        last = page.locator("#result_list thead th").last.bounding_box()
        assert last["x"] + last["width"] <= DESKTOP["width"], name
        assert run_axe(page) == [], name
    context.close()


def test_the_event_page_has_its_tools_at_the_top(demo, browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)
    page = context.new_page()
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    page.goto(reverse("admin:events_event_change", args=[demo.past_event.pk]))
    tools = page.locator(".object-tools")
    for label in ("Check-in", "Attendance sheet", "Registrations (CSV)"):
        link = tools.get_by_role("link", name=label, exact=True)
        box = link.bounding_box()
        assert box["y"] + box["height"] <= DESKTOP["height"], label  # no scrolling
        assert box["x"] + box["width"] <= DESKTOP["width"], label
    tools.get_by_role("link", name="Check-in", exact=True).click()
    assert page.url.endswith(reverse("admin:events_event_checkin", args=[demo.past_event.pk]))
    context.close()


def test_check_in_and_undo_on_a_phone_without_javascript(demo, browser, live_server):
    url = reverse("admin:events_event_checkin", args=[demo.past_event.pk])
    context = browser.new_context(
        base_url=live_server.url, viewport=PHONE, java_script_enabled=False, has_touch=True
    )
    page = context.new_page()
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    page.goto(url)
    page.fill("#q", "wirtschaftsagentur")  # by organisation
    with page.expect_navigation():
        page.get_by_role("button", name="Search").click()
    rows = page.locator(".checkin-list li")
    assert rows.count() == 4
    with page.expect_navigation():
        rows.first.get_by_role("button", name="Check in").click()
    status = page.get_by_role("status")
    assert "Oberhuber-Schwarzenberg 0 checked in." in status.inner_text()
    assert page.input_value("#q") == "wirtschaftsagentur"  # the search stays
    guest = Registration.objects.get(name__endswith="Schwarzenberg 0")
    assert guest.checked_in_at is not None
    with page.expect_navigation():
        status.get_by_role("button", name="Undo").click()
    assert "undone" in page.locator(".messagelist").inner_text()
    guest.refresh_from_db()
    assert guest.checked_in_at is None
    context.close()


def test_check_in_page_fits_a_360_px_phone_with_large_targets(demo, browser, live_server):
    url = reverse("admin:events_event_checkin", args=[demo.past_event.pk])
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, has_touch=True)
    page = context.new_page()
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    guest = Registration.objects.filter(event=demo.past_event).first()
    page.goto(url)
    with page.expect_navigation():
        page.locator(f'button[name="registration"][value="{guest.pk}"]').click()
    page.goto(f"{url}?q=Oberhuber&done={guest.pk}")  # a search, a check-in and its undo
    for state in ("after a check-in", "the whole list"):
        assert page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        ), state
        assert page.evaluate(OVERFLOWING) == [], state
        assert page.evaluate(SMALL_TARGETS) == [], state
        assert run_axe(page) == [], state
        page.goto(url)
    context.close()
