"""The validation path's form, in the browser: the step to the Policy Learning Platform
database asks for the entry's address and says what is wrong next to it, without
JavaScript; the page passes axe with the error shown."""

from django.urls import reverse

from goodpractices.models import GoodPractice
from tests.browser.conftest import log_in_to_admin, run_axe
from tests.pages import ADMIN_PASSWORD, build_demo


def test_the_database_step_asks_for_the_address_on_the_programmes_site(
    transactional_db, browser, live_server
):
    demo = build_demo()
    practice = demo.practice
    GoodPractice.objects.filter(pk=practice.pk).update(status=GoodPractice.Status.VALIDATED)
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    page.goto(reverse("admin:goodpractices_goodpractice_status", args=[practice.pk]))
    # Who is told, next to the steps: here nobody (the demo's staff have no address).
    assert str(practice.owner) in page.locator("#who-is-told").inner_text()
    page.get_by_label("Record entry in the Policy Learning Platform database").check()
    field = page.get_by_label("Address of the practice in the Policy Learning Platform database")
    field.fill("http://www.interregeurope.eu/good-practices/smart-urban-platform")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    field = page.get_by_label("Address of the practice in the Policy Learning Platform database")
    assert field.input_value() == "http://www.interregeurope.eu/good-practices/smart-urban-platform"
    assert field.get_attribute("aria-invalid") == "true"
    assert "https://www.interregeurope.eu/" in page.locator("#id_programme_url_error").inner_text()
    assert run_axe(page) == []
    field.fill("https://www.interregeurope.eu/good-practices/smart-urban-platform")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    practice.refresh_from_db()
    assert practice.status == GoodPractice.Status.IN_DATABASE
    assert practice.programme_url.endswith("/good-practices/smart-urban-platform")
    context.close()
