"""The editor's home and the translation overview, walked with JavaScript off."""

from partners.models import Partner
from tests.browser.conftest import log_in_to_admin
from tests.factories import staff_user
from tests.pages import build_demo


def test_home_overview_and_missing_filter_work_without_javascript(
    transactional_db, browser, live_server
):
    build_demo()
    editor = staff_user(Partner.objects.filter(role=Partner.Role.LEAD).first(), "lead-editor")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in_to_admin(page, editor, "pw")
    home = page.locator("#needs-you")
    assert home.get_by_role("heading", name="What needs you").is_visible()
    home.get_by_role("link", name="Translation overview").click()
    assert page.url.endswith("/admin/translations/")
    row = page.locator("#translations-goodpractices-goodpractice")
    link = row.get_by_role("link", name="missing in Finnish")
    missing = int(link.inner_text().split("missing")[0].split(",")[-1].strip())
    link.click()
    assert "missing_in=fi" in page.url
    assert page.locator("#result_list tbody tr").count() == missing
    assert page.locator("#result_list .missing-language", has_text="FI").count() == missing
    context.close()
