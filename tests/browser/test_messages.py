"""The organisers' message page and the registrant's details form in Chromium: axe finds
nothing, and both work with JavaScript off."""

from django.core import mail
from django.urls import reverse

from events.models import EventMessage
from tests.browser.conftest import log_in_to_admin, run_axe
from tests.pages import ADMIN_PASSWORD, build_demo


def write_message(page):
    page.get_by_label("Everyone registered").check()
    page.get_by_label("Subject (English)").fill("Bring a laptop")
    page.get_by_label("Text (English)").fill("Dear all,\nplease bring a laptop.")
    with page.expect_navigation():
        page.get_by_role("button", name="Preview").click()


def test_message_page_passes_axe_and_sends_without_javascript(
    transactional_db, browser, live_server
):
    demo = build_demo()
    url = reverse("admin:events_event_message", args=[demo.event.pk])

    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    page.goto(url)
    assert run_axe(page) == []
    write_message(page)
    assert page.get_by_role("heading", name="The email, as a participant receives it").is_visible()
    assert run_axe(page) == []
    context.close()

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in_to_admin(page, demo.admin_user, ADMIN_PASSWORD)
    page.goto(url)
    write_message(page)
    assert "It goes to 1 person." in page.content()
    with page.expect_navigation():
        page.get_by_role("button", name="Send the previewed message").click()
    assert "The message is on its way to 1 person." in page.content()
    assert EventMessage.objects.get().recipients == 1
    assert mail.outbox == [] or all("Bring a laptop" in m.subject for m in mail.outbox)
    context.close()


def test_details_form_passes_axe_and_saves_without_javascript(
    transactional_db, browser, live_server
):
    demo = build_demo()
    url = reverse("events:manage_details", args=[demo.manage_token])
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto(url)
    assert run_axe(page) == []
    context.close()

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    page.locator("#id_organisation").fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Save my details").click()
    assert page.get_by_role("alert").is_visible()  # the error summary
    page.locator("#id_organisation").fill("Lahti UAS")
    with page.expect_navigation():
        page.get_by_role("button", name="Save my details").click()
    assert "Your details are saved." in page.content()
    demo.registration.refresh_from_db()
    assert demo.registration.organisation == "Lahti UAS"
    context.close()
