"""The organiser tools: reachable from an event's page; check-in with an undo."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from events import services
from tests.factories import EventFactory, PartnerFactory, RegistrationFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    return PartnerFactory(slug="host", name_en="Host region")


@pytest.fixture
def other():
    return PartnerFactory(slug="other", name_en="Other region")


@pytest.fixture
def editor(host):
    return staff_user(host)


@pytest.fixture
def host_client(client, editor):
    client.force_login(editor)
    return client


def checkin_url(event):
    return reverse("admin:events_event_checkin", args=[event.pk])


def test_the_event_page_links_to_its_tools(host_client, host):
    event = EventFactory(host=host)
    html = host_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    tools = html.split('class="object-tools"')[1].split("</ul>")[0]
    for name in ("events_event_checkin", "events_event_sheet", "events_event_csv"):
        assert f'href="{reverse(f"admin:{name}", args=[event.pk])}"' in tools
    registrations = reverse("admin:events_registration_changelist")
    assert f'href="{registrations}?event__id__exact={event.pk}"' in tools
    for label in ("Check-in", "Attendance sheet", "Registrations (CSV)"):
        assert f">{label}</a>" in tools
    # The add form has no tools (there is nothing to check in yet).
    add = host_client.get(reverse("admin:events_event_add")).content.decode()
    assert "events_event_checkin" not in add and "/check-in/" not in add


def test_check_in_names_the_person_and_offers_to_undo(host_client, host, editor):
    event = EventFactory(host=host)
    guest = RegistrationFactory(event=event, name="Jan Kowalski", organisation="Podlaskie")
    page = host_client.get(checkin_url(event), {"q": "podlas"}).content.decode()
    assert "Jan Kowalski" in page
    response = host_client.post(
        checkin_url(event) + "?q=podlas", {"registration": guest.pk}, follow=True
    )
    guest.refresh_from_db()
    assert guest.checked_in_at is not None and guest.person_key
    assert response.redirect_chain[-1][0] == f"{checkin_url(event)}?q=podlas&done={guest.pk}"
    html = response.content.decode()
    status = html.split('class="checkin-done" role="status"')[1].split("</div>")[0]
    assert "Jan Kowalski checked in." in status
    assert f'name="undo" value="{guest.pk}"' in status and "csrfmiddlewaretoken" in status

    response = host_client.post(checkin_url(event), {"undo": guest.pk}, follow=True)
    guest.refresh_from_db()
    assert guest.checked_in_at is None and guest.person_key == ""
    assert "Check-in of Jan Kowalski undone." in response.content.decode()
    # Both steps are in the audit trail, with the editor's name and not the guest's.
    entries = LogEntry.objects.filter(
        content_type__model="registration", object_pk=str(guest.pk)
    ).order_by("pk")
    checked_in, undone = entries.filter(action=LogEntry.Action.UPDATE)
    assert "checked_in_at" in checked_in.changes_dict and "checked_in_at" in undone.changes_dict
    assert checked_in.actor == undone.actor == editor
    assert undone.changes_dict["checked_in_at"][1] in (None, "None")
    assert all("Kowalski" not in entry.object_repr for entry in entries)


def test_undo_is_scoped_to_the_editors_own_events(host_client, host, other):
    own = EventFactory(host=host)
    foreign = EventFactory(host=other)
    guest = RegistrationFactory(event=foreign)
    services.registrations_check_in(registration_ids=[guest.pk])
    # Another partner's event: not found.
    assert host_client.post(checkin_url(foreign), {"undo": guest.pk}).status_code == 404
    # Another event's registration posted to one's own event: nothing happens.
    assert host_client.post(checkin_url(own), {"undo": guest.pk}).status_code == 302
    guest.refresh_from_db()
    assert guest.checked_in_at is not None


def test_undo_needs_the_csrf_token(client, editor, host):
    from django.test import Client

    event = EventFactory(host=host)
    guest = RegistrationFactory(event=event)
    services.registrations_check_in(registration_ids=[guest.pk])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(checkin_url(event), {"undo": guest.pk}).status_code == 403
    guest.refresh_from_db()
    assert guest.checked_in_at is not None


def test_undo_service_changes_only_checked_in_registrations(host):
    event = EventFactory(host=host)
    attended, absent = RegistrationFactory.create_batch(2, event=event)
    services.registrations_check_in(registration_ids=[attended.pk])
    assert services.registrations_check_in_undo(registration_ids=[attended.pk, absent.pk]) == 1
    assert services.registrations_check_in_undo(registration_ids=[attended.pk]) == 0
    # Checked in again, the person gets a code again.
    assert services.registrations_check_in(registration_ids=[attended.pk]) == 1
    attended.refresh_from_db()
    assert attended.person_key


def test_a_posted_value_that_is_no_number_is_ignored(host_client, host):
    event = EventFactory(host=host)
    for field in ("registration", "undo"):
        response = host_client.post(checkin_url(event), {field: ["x", "1 OR 1=1"]})
        assert response.status_code == 302, field


def test_the_event_list_is_compact_and_keeps_what_editors_need(host_client, host):
    host.short_name = "HR"
    host.save()
    unlimited = EventFactory(host=host, capacity=None, title_en="Open webinar")
    RegistrationFactory(event=unlimited)
    RegistrationFactory(event=unlimited, status="pending")
    RegistrationFactory(event=unlimited, status="cancelled")
    html = host_client.get(reverse("admin:events_event_changelist")).content.decode()
    assert '<td class="field-host_name">HR</td>' in html
    assert (
        '<td class="field-registration_counts">1 confirmed<br>1 pending<br>1 cancelled</td>' in html
    )
    assert "field-kind" not in html  # a filter, not a column
    assert "/check-in/" in html and "/attendance-sheet/" in html


def test_the_registration_list_shows_country_and_type_under_the_organisation(host_client, host):
    RegistrationFactory(event=EventFactory(host=host), organisation="LAB", country="FI")
    html = host_client.get(reverse("admin:events_registration_changelist")).content.decode()
    cell = html.split('<td class="field-organisation_details">')[1].split("</td>")[0]
    assert cell == 'LAB<br><span class="quiet">Finland · Business</span>'
