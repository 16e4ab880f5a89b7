"""Password reset and invitations in the browser: they work with JavaScript off, and
their pages, errors included, pass axe, and so does the page of new recovery codes."""

import re

import pytest
from django.core import mail
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.models import Partner
from tests.browser.conftest import log_in_to_admin, run_axe
from tests.factories import PartnerFactory, staff_user


@pytest.fixture
def people(transactional_db):
    lead = PartnerFactory(slug="lead", name_en="Lead council", role=Partner.Role.LEAD)
    alpha = PartnerFactory(slug="alpha", name_en="Alpha region")
    editor = staff_user(lead, username="lead-editor")
    editor.email = "lead.editor@example.org"
    editor.save()
    return editor, alpha


def emailed_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def test_reset_and_invitation_work_without_javascript(people, browser, live_server):
    editor, alpha = people
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()

    page.goto("/admin/login/")
    page.get_by_role("link", name="Forgotten your login credentials?").click()
    page.get_by_label("Email address").fill("lead.editor@example.org")
    with page.expect_navigation():
        page.get_by_role("button", name="Reset my password").click()
    assert page.url.endswith("/admin/password-reset/sent/")
    assert mail.outbox[-1].to == ["lead.editor@example.org"]

    log_in_to_admin(page, editor, "pw")
    page.goto("/admin/partners/partnerstaff/")
    page.get_by_role("link", name="Invite an editor").click()
    page.get_by_label("Email address").fill("nea@example.org")
    page.get_by_label("First name").fill("Nea")
    page.get_by_label("Last name").fill("Editor")
    page.select_option("#id_partner", label="Alpha region")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the invitation").click()
    assert page.url.endswith("/admin/partners/partnerstaff/")
    assert page.get_by_text("The invitation to nea@example.org is on its way.").is_visible()
    context.close()

    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto(emailed_path(mail.outbox[-1]))
    page.get_by_label("New password:").fill("a-long-new-password")
    page.get_by_label("New password confirmation").fill("a-long-new-password")
    with page.expect_navigation():
        page.get_by_role("button", name="Set my password").click()
    assert page.url.endswith("/admin/password-reset/done/")
    page.get_by_role("link", name="Log in").click()
    page.fill("#id_username", "nea@example.org")
    page.fill("#id_password", "a-long-new-password")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.url.endswith("/admin/"), page.url
    context.close()


def test_reset_and_invitation_pages_pass_axe(people, page):
    editor, alpha = people
    problems = {}
    page.goto("/admin/password-reset/")
    problems["reset"] = run_axe(page)
    page.fill("#id_email", "nobody@example")  # the browser lets it through, Django not
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.locator(".errorlist").count() == 1
    problems["reset with errors"] = run_axe(page)
    page.goto("/admin/invitation/MA/0-0/")
    problems["spent invitation"] = run_axe(page)

    log_in_to_admin(page, editor, "pw")
    page.goto("/admin/partners/partnerstaff/invite/")
    problems["invite"] = run_axe(page)
    page.fill("#id_email", "lead.editor@example.org")
    with page.expect_navigation():
        page.click("input[type=submit]")
    assert page.title().startswith("Error: ")
    problems["invite with errors"] = run_axe(page)
    assert {name: found for name, found in problems.items() if found} == {}
    page.watcher.assert_clean()


def test_the_recovery_codes_page_passes_axe(people, page):
    editor, _alpha = people
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    page.goto("/admin/login/")
    page.fill("#id_username", editor.username)
    page.fill("#id_password", "pw")
    page.fill("#id_otp_token", f"{totp(device.bin_key):06d}")
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto("/admin/two-factor/")
    with page.expect_navigation():
        page.get_by_role("button", name="Generate new recovery codes").click()
    assert page.locator(".recovery-code-list li").count() == 10
    assert run_axe(page) == []
    page.watcher.assert_clean()
