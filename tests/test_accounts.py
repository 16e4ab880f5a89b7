"""Staff accounts: password reset by email, invitations of new editors, recovery codes."""

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import OutboxEmail
from partners.models import Partner, PartnerStaff
from partners.roles import PARTNER_EDITORS
from tests.factories import PartnerFactory, staff_user
from tests.security.conftest import login

RESET = "/admin/password-reset/"
INVITE = "/admin/partners/partnerstaff/invite/"
NEW_PASSWORD = "a-brand-new-long-password"


@pytest.fixture
def lead(db):
    return PartnerFactory(slug="lead", name_en="Lead council", role=Partner.Role.LEAD)


@pytest.fixture
def alpha(db):
    return PartnerFactory(slug="alpha", name_en="Alpha region")


@pytest.fixture
def editor(lead):
    user = staff_user(lead, username="editor")
    user.email = "editor@example.org"
    user.save()
    return user


@pytest.fixture
def now_commits(django_capture_on_commit_callbacks):
    """Run the outbox's after-commit sends as the request ends (the immediate task backend
    then sends at once)."""

    class Capture:
        def post(self, client, *args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return client.post(*args, **kwargs)

    return Capture()


def current_code(device, at=None):
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:06d}"


def link_in(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def set_password(client, link, password=NEW_PASSWORD):
    """Open an emailed link (it redirects to its set-password address) and post the form."""
    page = client.get(link, follow=True)
    assert page.context["validlink"], page.content.decode()
    return client.post(
        page.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )


# --- Password reset -----------------------------------------------------------------


def test_the_login_page_links_to_the_password_reset(client, db):
    page = client.get("/admin/login/").content.decode()
    assert f'<a href="{RESET}">Forgotten your login credentials?</a>' in page


def test_the_reset_page_looks_like_the_admin_and_speaks_the_browsers_language(client, db):
    page = client.get(RESET, HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    assert '<html lang="fi"' in page
    with translation.override("fi"):
        assert translation.gettext("Reset my password") in page
        assert translation.gettext("Next2Met portal administration") in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_staff_user_gets_a_reset_email(client, editor, now_commits):
    response = now_commits.post(client, RESET, {"email": "Editor@Example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["editor@example.org"]
    assert link_in(message).startswith("/admin/password-reset/")
    email = OutboxEmail.objects.get()
    assert (email.kind, email.status, email.owner) == ("admin_password_reset", "sent", editor)
    assert "Forgotten" not in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("who", ["nobody", "not staff", "inactive"])
def test_others_get_the_same_answer_and_no_email(client, editor, now_commits, who):
    if who != "nobody":
        user = get_user_model().objects.create_user(
            "someone", email="someone@example.org", password="pw"
        )
        if who == "inactive":
            user.is_staff, user.is_active = True, False
            user.save()
    known = now_commits.post(client, RESET, {"email": "editor@example.org"})
    unknown = now_commits.post(client, RESET, {"email": "someone@example.org"})
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert [m.to for m in mail.outbox] == [["editor@example.org"]]


def test_an_invalid_address_is_told_next_to_the_field_and_kept(client, db):
    response = client.post(RESET, {"email": "not an address"})
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'<ul class="errorlist[^>]*>.*?Enter a valid email address', page, re.S)
    assert 'value="not an address"' in page


def test_requests_for_one_address_are_rate_limited(client, editor, now_commits):
    for number in range(5):
        response = now_commits.post(
            client, RESET, {"email": "editor@example.org"}, REMOTE_ADDR=f"192.0.2.{number}"
        )
        assert response.status_code == 302
    refused = now_commits.post(
        client, RESET, {"email": "editor@example.org"}, REMOTE_ADDR="192.0.2.99"
    )
    assert refused.status_code == 429
    assert refused.context["form"].errors["email"] == [
        "Too many password reset requests. Please try again in an hour."
    ]
    assert 'value="editor@example.org"' in refused.content.decode()
    assert len(mail.outbox) == 5


def test_requests_from_one_address_are_rate_limited_known_or_not(client, editor, now_commits):
    for number in range(5):
        now_commits.post(client, RESET, {"email": f"nobody{number}@example.org"})
    unknown = now_commits.post(client, RESET, {"email": "nobody9@example.org"})
    known = now_commits.post(client, RESET, {"email": "editor@example.org"})
    assert unknown.status_code == known.status_code == 429
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)):
        assert now_commits.post(client, RESET, {"email": "editor@example.org"}).status_code == 302


def test_the_link_sets_a_new_password_once(client, editor, now_commits):
    now_commits.post(client, RESET, {"email": "editor@example.org"})
    link = link_in(mail.outbox[0])
    response = set_password(client, link)
    assert response.status_code == 302
    assert response["Location"] == "/admin/password-reset/done/"
    done = client.get(response["Location"]).content.decode()
    assert 'href="/admin/login/"' in done
    assert login(client, "editor").status_code == 200  # the old password no longer works
    assert login(client, "editor", NEW_PASSWORD).status_code == 302
    client.logout()
    used = client.get(link, follow=True)
    assert not used.context["validlink"]


def test_after_a_reset_the_two_factor_code_is_still_required(client, editor, now_commits):
    device = TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    now_commits.post(client, RESET, {"email": "editor@example.org"})
    response = set_password(client, link_in(mail.outbox[0]))
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 302  # a reset logs no one in
    without_code = login(client, "editor", NEW_PASSWORD)
    assert without_code.status_code == 200
    assert "otp_token" in without_code.context["form"].errors
    assert login(client, "editor", NEW_PASSWORD, code=current_code(device)).status_code == 302
    assert client.get("/admin/").status_code == 200


# --- Invitations --------------------------------------------------------------------


@pytest.fixture
def lead_client(client, editor):
    login(client, "editor")
    return client


def invite(client, now_commits, partner, email="new.editor@example.org", **extra):
    data = {
        "email": email,
        "first_name": "Nea",
        "last_name": "Editor",
        "partner": partner.pk,
        "language": "en",
        **extra,
    }
    return now_commits.post(client, INVITE, data)


def test_the_partner_staff_list_links_to_the_invitation(lead_client):
    page = lead_client.get("/admin/partners/partnerstaff/").content.decode()
    assert f'<a href="{INVITE}">Invite an editor</a>' in page
    form = lead_client.get(INVITE)
    assert form.status_code == 200
    html = form.content.decode()
    for name in ("email", "first_name", "last_name", "partner", "language"):
        assert f'<label for="id_{name}"' in html


def test_an_invited_editor_chooses_a_password_and_logs_in(lead_client, alpha, now_commits):
    response = invite(lead_client, now_commits, alpha)
    assert response.status_code == 302
    assert response["Location"] == "/admin/partners/partnerstaff/"
    user = get_user_model().objects.get(email="new.editor@example.org")
    assert (user.username, user.first_name) == ("new.editor@example.org", "Nea")
    assert user.is_staff
    assert not user.has_usable_password()
    assert list(user.groups.values_list("name", flat=True)) == [PARTNER_EDITORS]
    assert PartnerStaff.objects.get(user=user).partner == alpha
    (message,) = mail.outbox
    assert message.to == ["new.editor@example.org"]
    assert "Alpha region" in message.body and "7 days" in message.body
    link = link_in(message)
    assert link.startswith("/admin/invitation/")

    lead_client.logout()
    page = lead_client.get(link, follow=True)
    assert "new.editor@example.org" in page.content.decode()
    short = lead_client.post(
        page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"}
    )
    assert "new_password2" in short.context["form"].errors
    response = set_password(lead_client, link)
    assert response["Location"] == "/admin/password-reset/done/"
    assert login(lead_client, "new.editor@example.org", NEW_PASSWORD).status_code == 302
    assert lead_client.get("/admin/partners/partner/").status_code == 200


def test_a_used_invitation_says_so(client, lead_client, alpha, now_commits):
    invite(lead_client, now_commits, alpha)
    link = link_in(mail.outbox[0])
    lead_client.logout()
    set_password(client, link)
    page = client.get(link, follow=True)
    html = page.content.decode()
    assert page.status_code == 200 and not page.context["validlink"]
    assert "The link has expired, or it has already been used" in html
    assert "Ask the lead partner for a new invitation" in html
    assert "new_password1" not in html


def test_an_invitation_expires_after_a_week(client, lead_client, alpha, now_commits):
    invite(lead_client, now_commits, alpha)
    link = link_in(mail.outbox[0])
    lead_client.logout()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=6)):
        assert client.get(link, follow=True).context["validlink"]
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        page = client.get(link, follow=True)
    assert not page.context["validlink"]
    assert "Ask the lead partner for a new invitation" in page.content.decode()


def test_an_invitation_link_is_no_password_reset_link(client, lead_client, alpha, now_commits):
    invite(lead_client, now_commits, alpha)
    link = link_in(mail.outbox[0])
    reset_link = link.replace("/admin/invitation/", "/admin/password-reset/")
    assert not client.get(reset_link, follow=True).context["validlink"]


def test_inviting_an_existing_address_is_told_next_to_the_field(lead_client, alpha, now_commits):
    response = invite(lead_client, now_commits, alpha, email="EDITOR@example.org", first_name="K")
    assert response.status_code == 400
    assert (
        response.context["form"]
        .errors["email"][0]
        .startswith("A user with this email address already exists.")
    )
    page = response.content.decode()
    assert re.search(
        r'<div class="form-row field-email">\s*<ul class="errorlist[^>]*>.*?already exists',
        page,
        re.S,
    )
    assert 'value="EDITOR@example.org"' in page and 'value="K"' in page
    assert mail.outbox == []


def test_partner_editors_cannot_invite(client, alpha, now_commits):
    staff_user(alpha, username="alpha-editor")
    login(client, "alpha-editor")
    assert client.get(INVITE).status_code == 403
    assert invite(client, now_commits, alpha).status_code == 403
    assert not get_user_model().objects.filter(email="new.editor@example.org").exists()


def test_a_new_invitation_goes_only_to_those_without_a_password(
    lead_client, editor, alpha, now_commits
):
    invite(lead_client, now_commits, alpha)
    staff = PartnerStaff.objects.order_by("pk")
    response = now_commits.post(
        lead_client,
        "/admin/partners/partnerstaff/",
        {"action": "invite_again", "_selected_action": [s.pk for s in staff]},
        follow=True,
    )
    assert [m.to for m in mail.outbox] == [["new.editor@example.org"]] * 2
    texts = [str(m) for m in response.context["messages"]]
    assert "1 new invitation is on its way." in texts
    assert "1 person already has a password: no invitation was sent." in texts


def test_deleting_an_account_deletes_its_emails(lead_client, alpha, now_commits):
    invite(lead_client, now_commits, alpha)
    assert OutboxEmail.objects.count() == 1
    get_user_model().objects.get(email="new.editor@example.org").delete()
    assert not OutboxEmail.objects.exists()


def test_the_group_of_a_lead_partner_invitee_is_the_lead_editors(lead_client, lead, now_commits):
    invite(lead_client, now_commits, lead, email="colleague@example.org")
    user = get_user_model().objects.get(email="colleague@example.org")
    assert list(user.groups.all()) == [Group.objects.get(name="Lead partner editors")]


# --- Recovery codes -----------------------------------------------------------------


def enrol(client, user):
    """Turn on two-factor login; returns the device and the recovery codes shown."""
    login(client, user.username)
    client.get("/admin/two-factor/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/admin/two-factor/", {"code": current_code(device)})
    assert response["Location"] == "/admin/two-factor/"
    page = client.get("/admin/two-factor/")
    return device, page


def codes_on(page) -> list[str]:
    return re.findall(r"<li><code>(\d{5}-\d{5})</code></li>", page.content.decode())


def test_turning_on_two_factor_shows_ten_recovery_codes_once(client, editor):
    _device, page = enrol(client, editor)
    codes = codes_on(page)
    assert len(codes) == len(set(codes)) == 10
    assert "They are shown only this once." in page.content.decode()
    again = client.get("/admin/two-factor/").content.decode()
    assert codes_on(client.get("/admin/two-factor/")) == []
    assert "You have 10 unused recovery codes." in again


def test_a_recovery_code_logs_in_once(client, editor):
    device, page = enrol(client, editor)
    code = codes_on(page)[0]
    client.logout()
    assert login(client, "editor", code=code).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert "You have 9 unused recovery codes." in client.get("/admin/two-factor/").content.decode()
    client.logout()
    refused = login(client, "editor", code=code)
    assert refused.status_code == 200
    assert refused.context["form"].errors["otp_token"] == [
        "This code is not valid. Enter the current code from your app, "
        "or a recovery code you have not used yet."
    ]
    # Typed with a space for the hyphen, another one works (once the device's short
    # pause after a wrong code is over).
    other = codes_on(page)[1].replace("-", " ")
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        assert login(client, "editor", code=other).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(client, editor):
    _device, page = enrol(client, editor)
    old = codes_on(page)
    response = client.post("/admin/two-factor/", {"new_recovery_codes": "1"})
    assert response["Location"] == "/admin/two-factor/"
    new = codes_on(client.get("/admin/two-factor/"))
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticToken.objects.filter(device__user=editor).count() == 10
    client.logout()
    assert login(client, "editor", code=old[0]).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        assert login(client, "editor", code=new[0]).status_code == 302


def test_a_session_without_a_code_cannot_make_recovery_codes(client, editor):
    login(client, "editor")
    TOTPDevice.objects.create(user=editor, name="phone", confirmed=True)
    response = client.post("/admin/two-factor/", {"new_recovery_codes": "1"})
    assert response.status_code == 302
    assert not StaticToken.objects.exists()


def test_app_codes_never_throttle_the_recovery_codes(client, editor):
    device, page = enrol(client, editor)
    client.logout()
    for minutes in (1, 2, 3):
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=minutes)):
            device.refresh_from_db()
            assert login(client, "editor", code=current_code(device)).status_code == 302
            client.logout()
    static = StaticDevice.objects.get(user=editor)
    assert static.throttling_failure_count == 0
    assert login(client, "editor", code=codes_on(page)[0]).status_code == 302


def test_removing_two_factor_removes_the_recovery_codes(client, editor):
    _device, page = enrol(client, editor)
    response = client.post("/admin/two-factor/", {"code": codes_on(page)[0]})
    assert response.status_code == 302
    assert not StaticDevice.objects.filter(user=editor).exists()
    assert not TOTPDevice.objects.filter(user=editor).exists()
