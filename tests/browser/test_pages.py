import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from events.demo_content import load_events
from goodpractices.demo_content import load_good_practices
from partners.demo_content import load_partners
from partners.models import Partner
from reporting.demo_content import load_reporting
from tests.browser.conftest import run_axe

CODES = [code for code, _name in settings.LANGUAGES]
PAGES = [
    ("home", "/"),
    ("partner list", "/partners/"),
    ("partner detail", "/partners/ecoplus/"),
    ("former partner", "/partners/lower-austria-government/"),
    ("policy instruments", "/policy-instruments/"),
    ("event list", "/events/"),
    ("event with agenda and registration form", "/events/demo-open-webinar/"),
    ("past event with materials", "/events/ple-1-lahti/"),
    ("good-practice library", "/good-practices/"),
    ("good-practice library, filtered", "/good-practices/?country=ES&theme=smart-territories"),
    ("good practice with a transfer story", "/good-practices/smart-urban-platform/"),
    ("transfer matrix", "/good-practices/transfers/"),
    ("results", "/results/"),
    ("not found", "/no-such-page/"),
]


@pytest.fixture
def demo(transactional_db):
    load_partners()
    load_events()
    load_good_practices()
    load_reporting()


@pytest.mark.parametrize("code", CODES)
def test_public_pages_pass_axe_and_stay_on_the_origin(demo, page, code):
    problems = {}
    for name, path in PAGES:
        response = page.goto(f"/{code}{path}")
        assert response.status == (404 if name == "not found" else 200), path
        assert page.get_attribute("html", "lang") == code
        violations = run_axe(page)
        if violations:
            problems[name] = violations
    assert problems == {}
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
    user = get_user_model().objects.create_superuser("boss", password="a-long-test-password")
    partner = Partner.objects.get(slug="ecoplus")
    page.goto("/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.goto(f"/admin/partners/partner/{partner.pk}/change/")
    # jQuery UI turned the language fields into tabs.
    assert page.locator(".ui-tabs").count() > 0
    for code in CODES:
        assert page.locator(f".ui-tabs-nav a[href='#tab_id_description_{code}']").count() == 1
    page.watcher.assert_clean()
