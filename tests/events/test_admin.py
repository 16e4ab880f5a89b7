import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import services
from events.emails import Kind
from events.models import Registration
from goodpractices import services as practice_services
from partners.models import Partner
from tests.events.test_timezones import change_form_data
from tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    PartnerFactory,
    RegistrationFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    return PartnerFactory(slug="host", name_en="Host region")


@pytest.fixture
def other():
    return PartnerFactory(slug="other", name_en="Other region")


@pytest.fixture
def host_client(client, host):
    client.force_login(staff_user(host))
    return client


def test_partner_staff_see_only_their_events_and_registrations(host_client, host, other):
    own = EventFactory(host=host, title_en="Own event")
    foreign = EventFactory(host=other, title_en="Foreign event")
    RegistrationFactory(event=own, name="Own guest")
    RegistrationFactory(event=foreign, name="Foreign guest")
    events = host_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert "Own event" in events and "Foreign event" not in events
    registrations = host_client.get(
        reverse("admin:events_registration_changelist")
    ).content.decode()
    assert "Own guest" in registrations and "Foreign guest" not in registrations
    for name in ("events_event_checkin", "events_event_sheet", "events_event_csv"):
        assert host_client.get(reverse(f"admin:{name}", args=[foreign.pk])).status_code == 404
        assert host_client.get(reverse(f"admin:{name}", args=[own.pk])).status_code == 200


def test_outbox_admin_is_scoped_like_the_registrations(client, host_client, host, other):
    own = RegistrationFactory(event=EventFactory(host=host), email="own@example.org")
    foreign = RegistrationFactory(event=EventFactory(host=other), email="foreign@example.org")
    services.queue_notification(own, Kind.CONFIRMED)
    foreign_email = services.queue_notification(foreign, Kind.REMINDER)
    lead = PartnerFactory(slug="lead", role=Partner.Role.LEAD)
    lead_user = staff_user(lead)
    practice = GoodPracticeFactory(owner=other, status="submitted")
    staff = other.staff.get().user if other.staff.exists() else staff_user(other)
    staff.email = "other-staff@example.org"
    staff.save()
    practice_services.transition(practice.pk, "approved", user=lead_user)

    changelist = reverse("admin:core_outboxemail_changelist")
    page = host_client.get(changelist).content.decode()
    assert "own@example.org" in page and "Registration confirmed" in page
    assert "foreign@example.org" not in page and "other-staff@example.org" not in page
    change = reverse("admin:core_outboxemail_change", args=[foreign_email.pk])
    assert host_client.get(change).status_code == 302  # not found: back to the list

    client.force_login(lead_user)
    page = client.get(changelist).content.decode()
    for address in ("own@example.org", "foreign@example.org", "other-staff@example.org"):
        assert address in page
    assert "Good practice status changed" in page
    filtered = client.get(changelist, {"kind": "reminder"}).content.decode()
    assert "foreign@example.org" in filtered and "own@example.org" not in filtered


def test_changelist_counts_by_status_in_constant_queries(
    host_client, host, django_assert_max_num_queries
):
    for _ in range(30):
        event = EventFactory(host=host)
        RegistrationFactory.create_batch(3, event=event)
        RegistrationFactory(event=event, status="waitlisted")
    # 13: one of them asks whether the editor has a two-factor device (next2met/admin_site.py).
    with django_assert_max_num_queries(13):
        html = host_client.get(reverse("admin:events_event_changelist")).content.decode()
    # Of the capacity of 10; nought pending and cancelled are left out.
    counts = '<td class="field-registration_counts">3 of 10 confirmed<br>1 on the waiting list</td>'
    assert html.count(counts) == 30


def test_check_in_page_marks_attendance(host_client, host):
    event = EventFactory(host=host)
    guest = RegistrationFactory(event=event, name="Jan Kowalski")
    url = reverse("admin:events_event_checkin", args=[event.pk])
    page = host_client.get(url, {"q": "kowal"}).content.decode()
    assert "Jan Kowalski" in page
    host_client.post(url, {"registration": guest.pk})
    guest.refresh_from_db()
    assert guest.checked_in_at is not None


def test_attendance_sheet_per_day_has_a_signature_column(host_client, host):
    start = datetime.datetime(2030, 1, 14, 8, 0, tzinfo=datetime.UTC)
    event = EventFactory(host=host, start=start, end=start + datetime.timedelta(days=1, hours=6))
    RegistrationFactory(event=event, name="Aino", organisation="LAB")
    RegistrationFactory(event=event, name="Cancelled Person", status="cancelled")
    html = host_client.get(
        reverse("admin:events_event_sheet", args=[event.pk]), {"day": "2030-01-15"}
    ).content.decode()
    assert "Signature" in html and "Aino" in html and "LAB" in html
    assert "Cancelled Person" not in html
    assert "15 January 2030" in html and "?day=2030-01-14" in html


def test_csv_export_neutralises_formulas(host_client, host):
    event = EventFactory(host=host)
    RegistrationFactory(event=event, name="=HYPERLINK(1)", organisation="Örebro")
    body = host_client.get(reverse("admin:events_event_csv", args=[event.pk])).content.decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK(1)" in body and "Örebro" in body


def test_raising_capacity_promotes_the_waiting_list(client, django_capture_on_commit_callbacks):
    lead = PartnerFactory(role=Partner.Role.LEAD)
    client.force_login(staff_user(lead))
    # Entered in the admin: whole seconds.
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
    event = EventFactory(host=lead, capacity=1, start=start)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(
        event=event,
        status="waitlisted",
        waitlisted_at=timezone.now(),
        email_confirmed_at=timezone.now(),
    )
    url = reverse("admin:events_event_change", args=[event.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    start, end = timezone.localtime(event.start), timezone.localtime(event.end)
    data.update(
        {
            "capacity": 2,
            "start_0": start.strftime("%Y-%m-%d"),
            "start_1": start.strftime("%H:%M:%S"),
            "end_0": end.strftime("%Y-%m-%d"),
            "end_1": end.strftime("%H:%M:%S"),
            "host": lead.pk,
            "sessions-TOTAL_FORMS": 0,
            "sessions-INITIAL_FORMS": 0,
            "materials-TOTAL_FORMS": 0,
            "materials-INITIAL_FORMS": 0,
        }
    )
    for key in ("registration_opens", "registration_closes", "cancellation_deadline", "id"):
        data.pop(key, None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert any(waiting.email in m.to for m in mail.outbox)
    event.refresh_from_db()
    assert event.sequence == 0  # capacity is not news for calendars


def test_moving_an_event_in_the_admin_tells_the_registrants(
    client, django_capture_on_commit_callbacks
):
    lead = PartnerFactory(role=Partner.Role.LEAD)
    client.force_login(staff_user(lead))
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
    event = EventFactory(host=lead, start=start)
    guest = RegistrationFactory(event=event)
    url = reverse("admin:events_event_change", args=[event.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    moved = timezone.localtime(start + datetime.timedelta(days=1))
    end = moved + datetime.timedelta(hours=3)
    data.update(
        {
            "start_0": moved.strftime("%Y-%m-%d"),
            "start_1": moved.strftime("%H:%M:%S"),
            "end_0": end.strftime("%Y-%m-%d"),
            "end_1": end.strftime("%H:%M:%S"),
            "host": lead.pk,
            "sessions-TOTAL_FORMS": 0,
            "sessions-INITIAL_FORMS": 0,
            "materials-TOTAL_FORMS": 0,
            "materials-INITIAL_FORMS": 0,
        }
    )
    for key in ("registration_opens", "registration_closes", "cancellation_deadline", "id"):
        data.pop(key, None)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.sequence == 1
    (message,) = [m for m in mail.outbox if guest.email in m.to]
    assert "changed" in message.subject
    assert "SEQUENCE:1" in message.attachments[0][1]


def _waiting_event(host):
    """A full event (one seat) with one confirmed and one waiting person."""
    event = EventFactory(host=host, capacity=1)
    seated = RegistrationFactory(event=event, status="confirmed")
    waiting = RegistrationFactory(
        event=event,
        status="waitlisted",
        waitlisted_at=timezone.now(),
        email_confirmed_at=timezone.now(),
    )
    return event, seated, waiting


@pytest.mark.parametrize("how", ["delete view", "bulk delete", "cancel action"])
def test_an_organiser_freeing_a_seat_promotes_the_waiting_list_and_leaves_a_trace(
    client, host, how, django_capture_on_commit_callbacks
):
    from auditlog.models import LogEntry

    # Partner staff cancel; deleting is for the lead partner's staff.
    lead = PartnerFactory(slug="lead", role=Partner.Role.LEAD)
    editor = staff_user(host if how == "cancel action" else lead)
    client.force_login(editor)
    event, seated, waiting = _waiting_event(host)
    changelist = reverse("admin:events_registration_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        if how == "delete view":
            url = reverse("admin:events_registration_delete", args=[seated.pk])
            response = client.post(url, {"post": "yes"})
        else:
            action = "delete_selected" if how == "bulk delete" else "cancel_registrations"
            response = client.post(
                changelist, {"action": action, "_selected_action": [seated.pk], "post": "yes"}
            )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"
    assert any(waiting.email in message.to for message in mail.outbox)  # "you have a seat"
    assert event.registrations.holding_seats().count() == 1
    entries = LogEntry.objects.filter(content_type__model="registration", object_pk=str(seated.pk))
    expected = LogEntry.Action.UPDATE if how == "cancel action" else LogEntry.Action.DELETE
    entry = entries.get(action=expected)
    assert entry.actor == editor
    assert seated.name not in entry.object_repr and seated.email not in str(entry.changes)
    if how == "cancel action":
        seated.refresh_from_db()
        assert seated.status == "cancelled"
        assert any(seated.email in message.to for message in mail.outbox)
    else:
        assert not Registration.objects.filter(pk=seated.pk).exists()


def test_the_registrations_event_filter_offers_only_the_editors_events(host_client, host, other):
    EventFactory(host=host, title_en="Own event")
    EventFactory(host=host, title_en="Own second event")
    EventFactory(host=other, title_en="Other draft", status="draft", slug="other-draft")
    page = host_client.get(reverse("admin:events_registration_changelist")).content.decode()
    assert "Own event" in page and "Own second event" in page
    assert "Other draft" not in page


def test_view_on_site_redirects_only_to_what_the_editor_may_see(host_client, host, other):
    from django.contrib.contenttypes.models import ContentType

    own = EventFactory(host=host, slug="own-draft", status="draft")
    foreign = EventFactory(host=other, slug="secret-draft-slug", status="draft")
    content_type = ContentType.objects.get_for_model(own)
    own_response = host_client.get(f"/admin/r/{content_type.pk}/{own.pk}/")
    assert own_response.status_code == 302
    assert "own-draft" in own_response.url
    foreign_response = host_client.get(f"/admin/r/{content_type.pk}/{foreign.pk}/")
    assert foreign_response.status_code == 404
    assert b"secret-draft-slug" not in foreign_response.content
    assert host_client.get(f"/admin/r/{content_type.pk}/not-a-number/").status_code == 404


def test_capacity_cannot_go_below_the_seats_already_held(client):
    lead = PartnerFactory(slug="lead", role=Partner.Role.LEAD)
    client.force_login(staff_user(lead))
    event = EventFactory(host=lead, capacity=3)
    RegistrationFactory.create_batch(2, event=event, status="confirmed")
    url = reverse("admin:events_event_change", args=[event.pk])
    start, end = (timezone.localtime(t, event.tz) for t in (event.start, event.end))
    data = change_form_data(
        client,
        event,
        capacity="1",
        start_0=start.date().isoformat(),
        start_1=start.strftime("%H:%M:%S"),
        end_0=end.date().isoformat(),
        end_1=end.strftime("%H:%M:%S"),
    )
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "2 seats are taken" in str(errors.get("capacity")), errors
    event.refresh_from_db()
    assert event.capacity == 3
