"""An event's times are its own zone's, wherever they are read or written.

The server runs in Europe/Helsinki; the events below are in Vienna and Dublin. The
admin shows and takes local times, and the public page, the ``.ics`` and the email
show the same local time.
"""

import datetime
import re
import zoneinfo

import pytest
from django.core import mail
from django.urls import reverse

from events.demo_content import load_events
from events.models import Event
from partners.demo_content import load_partners
from partners.models import Partner
from tests.events.conftest import Stakeholder
from tests.factories import EventFactory, PartnerFactory, SessionFactory, staff_user

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


@pytest.fixture
def editor(client):
    lead = PartnerFactory(role=Partner.Role.LEAD, country="FI")
    client.force_login(staff_user(lead))
    return lead


def add_form_data(client, **fields):
    """What the admin's add form posts, from its own initial values."""
    form = client.get(reverse("admin:events_event_add")).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "kind": "other",
            "registration_enabled": "on",
            "reminder_days": 2,
            "retention_days": 365,
            "sessions-TOTAL_FORMS": 0,
            "sessions-INITIAL_FORMS": 0,
            "materials-TOTAL_FORMS": 0,
            "materials-INITIAL_FORMS": 0,
            **fields,
        }
    )
    return data


def change_form_data(client, event, **fields):
    form = (
        client.get(reverse("admin:events_event_change", args=[event.pk])).context["adminform"].form
    )
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    for key in ("registration_opens", "registration_closes", "cancellation_deadline", "id"):
        data.pop(key, None)
    data.update(
        {
            "host": event.host_id,
            "sessions-TOTAL_FORMS": 0,
            "sessions-INITIAL_FORMS": 0,
            "materials-TOTAL_FORMS": 0,
            "materials-INITIAL_FORMS": 0,
            **fields,
        }
    )
    return data


def input_value(html, name):
    return re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html).group(1)


# Vienna in winter is UTC+1; Dublin in summer is UTC+1 too, and UTC+0 in winter: each
# day is chosen so that Helsinki (UTC+2/+3) or UTC would give another hour.
CASES = [
    ("Europe/Vienna", "2031-01-15", datetime.datetime(2031, 1, 15, 9, 0, tzinfo=UTC), "+01:00"),
    ("Europe/Dublin", "2031-07-15", datetime.datetime(2031, 7, 15, 9, 0, tzinfo=UTC), "+01:00"),
    ("Europe/Dublin", "2031-01-15", datetime.datetime(2031, 1, 15, 10, 0, tzinfo=UTC), "+00:00"),
]


@pytest.mark.parametrize(("zone", "day", "stored", "offset"), CASES)
def test_admin_page_ics_and_email_agree_on_the_local_time(
    client, editor, django_capture_on_commit_callbacks, zone, day, stored, offset
):
    data = add_form_data(
        client,
        title_en="Meeting",
        slug="meeting",
        host=editor.pk,
        status="published",
        timezone=zone,
        start_0=day,
        start_1="10:00",
        end_0=day,
        end_1="17:00",
        registration_closes_0=day,
        registration_closes_1="08:00",
        **{
            "sessions-TOTAL_FORMS": 1,
            "sessions-0-start_0": day,
            "sessions-0-start_1": "10:30",
            "sessions-0-end_0": day,
            "sessions-0-end_1": "12:00",
            "sessions-0-title_en": "Welcome",
            "sessions-0-kind": "presentation",
            "sessions-0-audience": "open",
        },
    )
    response = client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    # Stored in UTC, as the local time of the event's zone.
    event = Event.objects.get(slug="meeting")
    session = event.sessions.get()
    assert event.start == stored
    assert session.start == stored + datetime.timedelta(minutes=30)
    assert event.registration_closes == stored - datetime.timedelta(hours=2)

    # Shown back as entered, with the zone named next to the fields.
    html = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert input_value(html, "start_1") == "10:00:00"
    assert input_value(html, "registration_closes_1") == "08:00:00"
    assert input_value(html, "sessions-0-start_1") == "10:30:00"
    assert html.count(f"Local time in {zone} (UTC{offset}).") >= 5
    assert f'<option value="{zone}" selected>' in html

    # The changelist names the zone of the local time it shows.
    changelist = client.get(reverse("admin:events_event_changelist")).content.decode()
    # (The zone may break after its "/": the column is narrow.)
    shown = f"10:00 ({zone.replace('/', '/<wbr>')})"
    assert f"{int(day[-2:])} " in changelist and shown in changelist

    # The public page: the same hour, and the agenda too.
    page = client.get(event.get_absolute_url()).content.decode()
    assert f'datetime="{day}T10:00:00{offset}"' in page
    shown = re.search(r'<time datetime="[^"]+">([^<]+)</time>', page).group(1)
    assert shown.endswith("10:00")
    assert "10:30" in page
    assert f"Times in {zone} (UTC{offset})" in page  # written as the admin writes it

    # The calendar file: the local time with its zone.
    ics = client.get(reverse("events:calendar", args=[event.slug])).content.decode()
    assert f"DTSTART;TZID={zone}:{day.replace('-', '')}T100000" in ics

    # The confirmation email of a stakeholder who registers.
    client.logout()
    mail.outbox.clear()
    stakeholder = Stakeholder(client, event, django_capture_on_commit_callbacks)
    stakeholder.register()
    stakeholder.post(stakeholder.last_link("confirm"))
    message = mail.outbox[-1]
    when = next(line for line in message.body.splitlines() if line.startswith("When:"))
    assert when.startswith(f"When: {shown} –") and when.endswith(f"({zone})")


def test_a_zone_changed_with_the_times_is_the_zone_they_are_in(client, editor):
    start = datetime.datetime(2031, 1, 15, 8, 0, tzinfo=UTC)  # 10:00 in Helsinki
    event = EventFactory(host=editor, start=start, end=start + datetime.timedelta(hours=7))
    session = SessionFactory(event=event, start=start, end=start + datetime.timedelta(hours=1))
    url = reverse("admin:events_event_change", args=[event.pk])
    html = client.get(url).content.decode()
    assert input_value(html, "start_1") == "10:00:00"
    assert "Local time in Europe/Helsinki (UTC+02:00)." in html

    data = change_form_data(
        client,
        event,
        timezone="Europe/Dublin",
        start_0="2031-01-15",
        start_1="10:00",
        end_0="2031-01-15",
        end_1="17:00",
        **{
            "sessions-TOTAL_FORMS": 1,
            "sessions-INITIAL_FORMS": 1,
            "sessions-0-id": session.pk,
            "sessions-0-event": event.pk,
            "sessions-0-start_0": "2031-01-15",
            "sessions-0-start_1": "10:00",
            "sessions-0-end_0": "2031-01-15",
            "sessions-0-end_1": "11:00",
            "sessions-0-title_en": session.title_en,
            "sessions-0-kind": session.kind,
            "sessions-0-audience": session.audience,
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    session.refresh_from_db()
    assert event.timezone == "Europe/Dublin"
    assert event.start == datetime.datetime(2031, 1, 15, 10, 0, tzinfo=UTC)
    assert session.start == event.start


def test_the_zone_is_chosen_from_a_list_with_the_partner_countries_first(client):
    ecoplus = PartnerFactory(role=Partner.Role.PARTNER, country="AT")
    client.force_login(staff_user(ecoplus))
    html = client.get(reverse("admin:events_event_add")).content.decode()
    select = re.search(r'<select name="timezone".*?</select>', html, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    assert [label for label, _options in groups] == ["Partner countries", "Other time zones"]
    partner_zones = re.findall(r'value="([^"]+)"', groups[0][1])
    assert partner_zones[:6] == [
        "Europe/Helsinki",
        "Europe/Vienna",
        "Europe/Madrid",
        "Europe/Dublin",
        "Europe/Warsaw",
        "Europe/Berlin",
    ]
    assert "Europe/Vienna (Austria)" in groups[0][1]
    others = re.findall(r'value="([^"]+)"', groups[1][1])
    assert "America/New_York" in others and "Europe/Vienna" not in others
    # An editor of the Austrian partner starts with Vienna; the times follow the choice.
    assert '<option value="Europe/Vienna" selected>' in select
    assert "Local time in the time zone chosen above." in html
    # Not a free text: a name outside the list is refused.
    response = client.post(reverse("admin:events_event_add"), {"timezone": "Mars/Olympus"})
    assert "timezone" in response.context["adminform"].form.errors


def test_demo_ple2_shows_the_same_hour_in_the_admin_and_on_the_public_page(client):
    load_partners()
    load_events()
    client.force_login(staff_user(Partner.objects.get(role=Partner.Role.LEAD)))
    ple2 = Event.objects.get(slug="ple-2-lower-austria")
    assert ple2.timezone == "Europe/Vienna"
    local = ple2.start.astimezone(zoneinfo.ZoneInfo("Europe/Vienna"))
    html = client.get(reverse("admin:events_event_change", args=[ple2.pk])).content.decode()
    page = client.get(ple2.get_absolute_url()).content.decode()
    assert input_value(html, "start_1") == local.strftime("%H:%M:%S")
    assert f'datetime="{local.isoformat()}"' in page


def test_a_time_skipped_by_the_clocks_going_forward_is_refused(client, editor):
    data = add_form_data(
        client,
        title_en="Spring",
        slug="spring",
        host=editor.pk,
        timezone="Europe/Vienna",
        start_0="2031-03-30",
        start_1="02:30",  # 02:00 -> 03:00 in Vienna that night
        end_0="2031-03-30",
        end_1="17:00",
    )
    response = client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 200
    (error,) = response.context["adminform"].form.errors["start"]
    assert "Europe/Vienna" in error


def test_a_stored_zone_outside_the_list_stays_selected(client, editor):
    event = EventFactory(host=editor, timezone="US/Eastern")
    html = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert '<option value="US/Eastern" selected>' in html
    assert "Local time in US/Eastern (UTC-0" in html
