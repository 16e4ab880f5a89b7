"""The validation path and partner scoping, through the admin."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from PIL import Image

from core import uploads
from goodpractices import services
from goodpractices.models import GoodPractice, StatusChange, TransferInterest
from tests.factories import GoodPracticeFactory, staff_user
from tests.goodpractices.conftest import practice_form

pytestmark = pytest.mark.django_db


def _fi(text):
    with translation.override("fi"):
        return str(text)


S = GoodPractice.Status
ADD_URL = reverse("admin:goodpractices_goodpractice_add")
LIST_URL = reverse("admin:goodpractices_goodpractice_changelist")


def change_url(practice):
    return reverse("admin:goodpractices_goodpractice_change", args=[practice.pk])


def status_url(practice):
    return reverse("admin:goodpractices_goodpractice_status", args=[practice.pk])


def test_partner_staff_create_a_draft_owned_by_their_partner(alpha_client, alpha, beta):
    # A posted owner is ignored: partner staff always write for their own partner.
    response = alpha_client.post(ADD_URL, practice_form(owner=beta.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    practice = GoodPractice.objects.get(slug="digital-village-days")
    assert practice.owner == alpha
    assert practice.status == S.DRAFT
    first = practice.status_changes.get()
    assert first.to_status == S.DRAFT and first.by.partner_staff.partner == alpha


def test_partner_staff_do_not_see_other_partners_drafts(alpha_client, alpha, beta):
    own = GoodPracticeFactory(owner=alpha, title_en="Alpha draft", status=S.DRAFT)
    other = GoodPracticeFactory(owner=beta, title_en="Beta draft", status=S.DRAFT)
    html = alpha_client.get(LIST_URL).content.decode()
    assert "Alpha draft" in html
    assert "Beta draft" not in html
    assert alpha_client.get(change_url(other)).status_code == 302  # "not found" → index
    assert alpha_client.get(status_url(other)).status_code == 404
    assert alpha_client.post(status_url(other), {"target": S.SUBMITTED}).status_code == 404
    other.refresh_from_db()
    assert other.status == S.DRAFT
    assert alpha_client.get(change_url(own)).status_code == 200


def test_partner_staff_submit_but_cannot_approve(alpha_client, alpha):
    practice = GoodPracticeFactory(owner=alpha, status=S.DRAFT, published_at=None)
    page = alpha_client.get(status_url(practice)).content.decode()
    assert "Submit for review" in page
    assert "Approve and publish" not in page

    alpha_client.post(status_url(practice), {"target": S.SUBMITTED})
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED

    response = alpha_client.post(status_url(practice), {"target": S.APPROVED})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(services.PermissionDenied):
        services.transition(practice.pk, S.APPROVED, user=practice.owner.staff.get().user)
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED
    assert practice.published_at is None


def test_lead_approves_publishes_records_and_tells_the_owner(
    lead_client, lead_user, alpha_user, django_capture_on_commit_callbacks
):
    practice = GoodPracticeFactory(
        owner=alpha_user.partner_staff.partner, status=S.SUBMITTED, published_at=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(status_url(practice), {"target": S.APPROVED, "reason": ""})
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.status == S.APPROVED
    assert practice.published_at is not None
    change = practice.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == (S.SUBMITTED, S.APPROVED, lead_user)
    notice = change.emails.get()
    assert (notice.status, notice.to) == ("sent", "alpha-staff@example.org")
    assert notice.sent_at is not None
    (message,) = mail.outbox
    assert message.to == ["alpha-staff@example.org"]
    # The owner partner is Finnish: the email is in Finnish.
    assert practice.title in message.subject
    assert message.subject.endswith(str(_fi(S.APPROVED.label)))
    assert change_url(practice) in message.body


def test_declining_needs_a_reason_shown_next_to_the_field(lead_client, alpha):
    practice = GoodPracticeFactory(owner=alpha, status=S.SUBMITTED, published_at=None)
    response = lead_client.post(status_url(practice), {"target": S.DECLINED, "reason": " "})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_reason_error"' in html and "Say why the practice is declined." in html
    assert 'value="declined" checked' in html.replace('checked=""', "checked") or (
        'value="declined"' in html
    )
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED

    lead_client.post(status_url(practice), {"target": S.DECLINED, "reason": "No evidence yet."})
    practice.refresh_from_db()
    assert practice.status == S.DECLINED
    assert practice.decline_reason == "No evidence yet."
    assert not GoodPractice.objects.published().filter(pk=practice.pk).exists()


def test_approved_practice_is_read_only_for_partner_staff_until_sent_back(alpha_client, alpha):
    practice = GoodPracticeFactory(owner=alpha, status=S.APPROVED, title_en="Published title")
    page = alpha_client.get(change_url(practice)).content.decode()
    assert 'name="title_en"' not in page  # view-only page
    assert "Validation path" in page

    response = alpha_client.post(change_url(practice), practice_form(title_en="Changed"))
    assert response.status_code == 403
    practice.refresh_from_db()
    assert practice.title_en == "Published title"

    page = alpha_client.get(status_url(practice)).content.decode()
    assert "Send back to review to change it" in page
    alpha_client.post(status_url(practice), {"target": S.SUBMITTED})
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED
    assert not practice.is_published  # off the public site while it is reviewed again

    data = practice_form(title_en="Changed", slug=practice.slug)
    assert alpha_client.post(change_url(practice), data).status_code == 302
    practice.refresh_from_db()
    assert practice.title_en == "Changed"


def test_lead_staff_edit_approved_practices(lead_client, alpha):
    practice = GoodPracticeFactory(owner=alpha, status=S.APPROVED)
    data = practice_form(title_en="Edited by the lead", slug=practice.slug, owner=alpha.pk)
    assert lead_client.post(change_url(practice), data).status_code == 302
    practice.refresh_from_db()
    assert practice.title_en == "Edited by the lead"
    assert practice.status == S.APPROVED


def test_programme_validation_steps_are_lead_only_and_in_order(lead_user, alpha_user, alpha):
    practice = GoodPracticeFactory(owner=alpha, status=S.APPROVED)
    with pytest.raises(services.PermissionDenied):
        services.transition(practice.pk, S.VALIDATED, user=alpha_user)
    with pytest.raises(services.ValidationError):
        services.transition(practice.pk, S.IN_DATABASE, user=lead_user)  # skips a step
    services.transition(practice.pk, S.VALIDATED, user=lead_user)
    entry = "https://www.interregeurope.eu/good-practices/x"  # the entry asks for its address
    services.transition(practice.pk, S.IN_DATABASE, user=lead_user, programme_url=entry)
    practice.refresh_from_db()
    assert practice.status == S.IN_DATABASE
    assert [c.to_status for c in practice.status_changes.all()] == [S.VALIDATED, S.IN_DATABASE]


def test_a_failing_email_loses_no_status_change_and_is_retried(
    settings, lead_user, alpha_user, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.events.conftest.DownEmailBackend"
    practice = GoodPracticeFactory(owner=alpha_user.partner_staff.partner, status=S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.transition(practice.pk, S.APPROVED, user=lead_user)
    change = StatusChange.objects.get()
    notice = change.emails.get()
    assert (notice.status, notice.sent_at) == ("failed", None)
    assert "SMTPServerDisconnected" in notice.last_error
    practice.refresh_from_db()
    assert practice.status == S.APPROVED

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The site-wide housekeeping retries it once it is due.
    with time_machine.travel(notice.next_attempt_at + datetime.timedelta(seconds=1)):
        out = io.StringIO()
        call_command("events_housekeeping", stdout=out)
        assert "emails sent 1, failed 0" in out.getvalue()
        notice.refresh_from_db()
        assert (notice.status, notice.attempts) == ("sent", 2)
        assert [m.to for m in mail.outbox] == [["alpha-staff@example.org"]]
        call_command("events_housekeeping", stdout=out)
    assert len(mail.outbox) == 1  # sent once


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"start_date": "2022-05-01", "end_date": "2021-01-01"},
            "end_date",
            "The practice cannot end before it starts.",
        ),
        ({"nuts_code": "DE80"}, "nuts_code", "A NUTS code in Finland starts with FI."),
        ({"start_date": "2022-13-45"}, "start_date", "Enter a valid date."),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(alpha_client, overrides, field, message):
    data = practice_form(**overrides)
    response = alpha_client.post(ADD_URL, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors[field] == [message]
    html = response.content.decode()
    assert message in html
    assert 'value="Digital village days"' in html  # nothing typed is lost
    assert not GoodPractice.objects.exists()


def _png(size=(10, 10)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _with_image(upload, alt="A teal square"):
    return practice_form(
        **{
            "images-TOTAL_FORMS": "1",
            "images-0-image": upload,
            "images-0-alt_text_en": alt,
            "images-0-order": "0",
        }
    )


def test_an_image_that_is_not_an_image_is_refused(alpha_client):
    fake = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", "image/png")
    response = alpha_client.post(ADD_URL, _with_image(fake))
    assert response.status_code == 200
    assert "Upload a valid image" in response.content.decode()
    assert not GoodPractice.objects.exists()


def test_an_image_over_the_size_limit_is_refused(alpha_client):
    assert uploads.IMAGE_MAX_BYTES == 5 * 1024 * 1024
    big = SimpleUploadedFile("photo.png", _png((400, 400)) + b"\0" * 6_000_000, "image/png")
    response = alpha_client.post(ADD_URL, _with_image(big))
    assert response.status_code == 200
    html = response.content.decode()
    assert "the limit is 5.0\xa0MB" in html
    assert not GoodPractice.objects.exists()


def test_a_valid_image_is_stored_with_its_text_alternative(alpha_client):
    upload = SimpleUploadedFile("photo.png", _png(), "image/png")
    response = alpha_client.post(ADD_URL, _with_image(upload))
    assert response.status_code == 302
    image = GoodPractice.objects.get().images.get()
    assert image.alt_text_en == "A teal square"


def test_partner_staff_record_their_own_regions_interest_only(client, alpha, beta):
    practice = GoodPracticeFactory(owner=alpha, status=S.APPROVED, title_en="Alpha practice")
    draft = GoodPracticeFactory(owner=alpha, status=S.DRAFT, title_en="Alpha draft")
    user = staff_user(beta)
    client.force_login(user)
    url = reverse("admin:goodpractices_transferinterest_add")
    page = client.get(url).content.decode()
    assert "Alpha practice" in page
    assert "Alpha draft" not in page  # drafts of others stay hidden
    response = client.post(
        url,
        {"practice": practice.pk, "partner": alpha.pk, "stage": 1, "date": "2022-02-01"},
    )
    assert response.status_code == 302
    interest = TransferInterest.objects.get()
    assert interest.partner == beta  # their own region, whatever was posted
    response = client.post(url, {"practice": draft.pk, "stage": 2, "date": "2022-02-01"})
    assert "Select a valid choice" in response.content.decode()


def test_a_draft_needs_a_title_in_some_language(alpha_client):
    response = alpha_client.post(
        ADD_URL, practice_form(title_en="", summary_en="", description_en="")
    )
    assert response.status_code == 200
    assert "Give the practice a title in at least one language." in response.content.decode()
    assert not GoodPractice.objects.exists()


def test_a_partner_drafts_in_polish_only_and_english_is_asked_for_at_approval(
    alpha_client, alpha, lead_user, client
):
    polish = practice_form(
        title_en="",
        summary_en="",
        description_en="",
        main_institution_en="",
        title_pl="Cyfrowe dni wsi",
        summary_pl="Wsie uczą się razem usług cyfrowych.",
        description_pl="<p>Czym jest praktyka.</p>",
    )
    response = alpha_client.post(ADD_URL, polish)
    assert response.status_code == 302, response.content.decode()[:2000]
    practice = GoodPractice.objects.get(slug="digital-village-days")
    assert practice.title_pl == "Cyfrowe dni wsi" and not practice.title_en
    alpha_client.post(status_url(practice), {"target": S.SUBMITTED})
    client.force_login(lead_user)
    refused = client.post(status_url(practice), {"target": S.APPROVED})
    assert refused.status_code == 200
    assert (
        "Write the English title, summary, description before approving" in refused.content.decode()
    )
    practice.refresh_from_db()
    assert practice.status == S.SUBMITTED
    practice.title_en = "Digital village days"
    practice.summary_en = "Villages learn digital services together."
    practice.description_en = "<p>What it is.</p>"
    practice.save()
    approved = client.post(status_url(practice), {"target": S.APPROVED})
    assert approved.status_code == 302
    practice.refresh_from_db()
    assert practice.status == S.APPROVED


def test_partner_staff_give_the_contact_as_organisation_and_role(alpha_client):
    form = alpha_client.get(ADD_URL).content.decode()
    assert 'name="contact_en"' in form and 'name="contact_pl"' in form
    assert "Never a private address" in form
    contact = "Village association, digital coordinator"
    response = alpha_client.post(ADD_URL, practice_form(contact_en=contact))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert GoodPractice.objects.get(slug="digital-village-days").contact_en == contact
