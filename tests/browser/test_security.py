"""The strict CSP holds in the admin: no page there needs an inline script or style."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from partners.models import Partner
from tests.factories import PartnerFactory

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


@pytest.fixture
def boss(transactional_db):
    return get_user_model().objects.create_superuser("boss", password="a-long-test-password")


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert page.evaluate("window.__cspViolations") == [], url


def test_admin_pages_raise_no_csp_violation(page, boss):
    partner = PartnerFactory(slug="alpha", role=Partner.Role.LEAD)
    page.add_init_script(RECORD_VIOLATIONS)
    visit(page, "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    # Chromium keeps host-prefixed, secure cookies on http://localhost.
    assert cookies["__Host-sessionid"]["httpOnly"] and cookies["__Host-sessionid"]["secure"]
    visit(page, "/admin/")
    visit(page, "/admin/partners/partner/")
    visit(page, f"/admin/partners/partner/{partner.pk}/change/")
    assert page.locator(".ui-tabs-nav").count() > 0  # modeltranslation's tabs ran
    visit(page, "/admin/partners/partner/add/")
    visit(page, "/admin/auditlog/logentry/")
    visit(page, "/admin/two-factor/")
    assert page.locator("svg.qr-code").is_visible()
    page.watcher.assert_clean()


def test_two_factor_login_in_the_browser(page, boss):
    device = TOTPDevice.objects.create(user=boss, name="phone", confirmed=True)
    page.add_init_script(RECORD_VIOLATIONS)
    visit(page, "/admin/login/")
    page.fill("#id_username", "boss")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    assert page.locator("#login-form .errorlist").inner_text() == (
        "Enter the current code from your authenticator app."
    )
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.fill("#id_password", "a-long-test-password")
    page.fill("#id_otp_token", f"{code:06d}")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    page.watcher.assert_clean()
