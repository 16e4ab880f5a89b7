import time

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import log_in_to_admin, open_visit, run_axe
from tests.pages import ADMIN_PASSWORD, PAGES, build_demo, visits

CODES = [code for code, _name in settings.LANGUAGES]
PUBLIC_PAGES = [page for page in PAGES if not page.admin]
ADMIN_PAGES = [page for page in PAGES if page.admin]


@pytest.fixture
def demo(transactional_db):
    return build_demo()


def axe_over(page, page_visits):
    """axe on each visit in one browser page; the violations by page name."""
    problems = {}
    started = time.monotonic()
    for visit in page_visits:
        open_visit(page, visit)
        violations = run_axe(page)
        if violations:
            problems[f"{visit.page.name} ({visit.path})"] = violations
    print(
        f"\naxe-core: {len(page_visits)} pages checked in {time.monotonic() - started:.1f} s, "
        f"{sum(len(v) for v in problems.values())} violations"
    )
    return problems


def report(problems):
    return "\n".join(
        f"{name}: {violation}" for name, found in problems.items() for violation in found
    )


@pytest.mark.parametrize("code", CODES)
def test_every_public_page_type_passes_axe_and_stays_on_the_origin(demo, page, code):
    page_visits = [visit for visit in visits(demo, PUBLIC_PAGES) if visit.language == code]
    problems = axe_over(page, page_visits)
    assert problems == {}, report(problems)
    page.watcher.assert_clean()


def test_admin_pages_pass_axe(demo, page):
    login, *pages_behind_login = visits(demo, ADMIN_PAGES)
    assert not login.page.logged_in
    problems = axe_over(page, [login])
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    problems |= axe_over(page, pages_behind_login)
    assert problems == {}, report(problems)
    page.watcher.assert_clean()


def test_page_works_on_a_phone_without_javascript(demo, browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport={"width": 360, "height": 740}
    )
    page = context.new_page()
    page.goto("/fi/partners/")
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="Deutsch").click()
    assert page.url.endswith("/de/partners/")
    context.close()


def test_skip_link_is_the_first_stop_for_the_keyboard(demo, page):
    page.goto("/en/partners/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_admin_translation_tabs_load_from_the_portal(demo, page):
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    page.goto(f"/admin/partners/partner/{demo.partner.pk}/change/")
    # jQuery UI turned the language fields into tabs.
    assert page.locator(".ui-tabs").count() > 0
    for code in CODES:
        assert (
            page.locator(f".ui-tabs-nav li[aria-controls='tab_id_description_{code}']").count() == 1
        )
    page.watcher.assert_clean()


def test_admin_autocomplete_is_named_by_its_label_and_choice(demo, page):
    # Select2 names its combobox by the chosen record only, an empty one not at all.
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    page.goto(f"/admin/events/event/{demo.event.pk}/change/")
    host = page.get_by_role("combobox", name="Host partner:")
    expect(host).to_have_accessible_name(f"Host partner: {demo.event.host}")
    page.goto("/admin/events/event/add/")
    expect(page.get_by_role("combobox", name="Host partner:")).to_have_count(1)
    page.watcher.assert_clean()
