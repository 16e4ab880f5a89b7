"""Registrants correct their own details from their manage link."""

import json
import re

import pytest
from auditlog.models import LogEntry

from events import services
from events.models import Registration
from events.tokens import MANAGE, make_token
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration():
    return RegistrationFactory(
        event=EventFactory(slug="lahti-ple", title_en="Lahti PLE"),
        name="Aino Virtanen",
        email="aino@example.org",
        organisation="Lahti UAS",
        organisation_type="research",
        country="FI",
        language="en",
        access_needs="",
    )


def details_url(registration):
    return f"/en/registration/{make_token(registration, MANAGE)}/details/"


def details(**overrides):
    data = {
        "name": "Aino Virtanen-Korhonen",
        "organisation": "LAB University of Applied Sciences",
        "organisation_type": "research",
        "country": "SE",
        "language": "fi",
        "access_needs": "Step-free access, please",
    }
    data.update(overrides)
    return data


def test_manage_page_links_to_the_details_form(client, registration):
    token = make_token(registration, MANAGE)
    html = client.get(f"/en/registration/{token}/").content.decode()
    assert f'href="/en/registration/{token}/details/"' in html


def test_form_shows_the_current_details_and_says_the_email_stays(client, registration):
    response = client.get(details_url(registration))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    html = response.content.decode()
    assert 'value="Aino Virtanen"' in html and 'value="Lahti UAS"' in html
    assert "aino@example.org" in html and 'name="email"' not in html
    assert "cannot be changed here" in html
    assert 'name="csrfmiddlewaretoken"' in html
    for field in ("name", "organisation", "organisation_type", "country", "language"):
        assert re.search(rf'<label\s+for="id_{field}"', html)


def test_saves_the_corrections_and_says_so(client, registration):
    response = client.post(details_url(registration), details())
    assert response.status_code == 302
    assert response["Location"].endswith("/?updated=1")
    registration.refresh_from_db()
    assert (
        registration.name,
        registration.organisation,
        registration.country.code,
        registration.language,
        registration.access_needs,
        registration.email,
    ) == (
        "Aino Virtanen-Korhonen",
        "LAB University of Applied Sciences",
        "SE",
        "fi",
        "Step-free access, please",
        "aino@example.org",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Your details are saved." in page


def test_the_email_cannot_be_changed(client, registration):
    client.post(details_url(registration), details(email="mallory@example.org"))
    registration.refresh_from_db()
    assert registration.email == "aino@example.org"


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "<script>x</script>"}, "name", "no &lt; or &gt; signs"),
        ({"organisation_type": "pirates"}, "organisation_type", "Select a valid choice"),
        ({"country": "XX"}, "country", "Select a valid choice"),
        ({"access_needs": "x" * 1001}, "access_needs", "at most 1000 characters"),
    ],
)
def test_invalid_details_show_errors_next_to_fields_and_keep_the_input(
    client, registration, overrides, field, error
):
    data = details(**overrides)
    response = client.post(details_url(registration), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    assert "There is a problem" in html  # the summary, linking to the field
    assert f'href="#id_{field}"' in html
    assert f'id="id_{field}"' in html and 'aria-invalid="true"' in html
    # What was typed in the other fields is kept.
    assert 'value="LAB University of Applied Sciences"' in html
    assert "Step-free access, please" in html or field == "access_needs"
    registration.refresh_from_db()
    assert registration.name == "Aino Virtanen"  # nothing saved


def test_audit_trail_names_the_fields_but_keeps_no_value(client, registration):
    before = LogEntry.objects.get_for_object(registration).count()
    client.post(details_url(registration), details())
    entries = LogEntry.objects.get_for_object(registration)
    assert entries.count() == before + 1
    entry = entries.latest("timestamp")
    assert entry.action == LogEntry.Action.UPDATE
    assert sorted(entry.changes) == sorted(
        ["name", "organisation", "country", "language", "access_needs"]
    )
    stored = json.dumps(
        [
            entry.changes,
            entry.changes_text,
            entry.object_repr,
            entry.additional_data,
            entry.serialized_data,
        ]
    )
    for value in (
        "Aino",
        "Virtanen",
        "Lahti UAS",
        "LAB University",
        "Step-free",
        '"SE"',
        '"FI"',
        '"fi"',
        "aino@example.org",
    ):
        assert value not in stored
    assert entry.object_repr == f"Registration #{registration.pk}"


def test_nothing_changed_writes_nothing(client, registration):
    before = LogEntry.objects.get_for_object(registration).count()
    same = details(
        name="Aino Virtanen",
        organisation="Lahti UAS",
        country="FI",
        language="en",
        access_needs="",
    )
    assert client.post(details_url(registration), same).status_code == 302
    assert LogEntry.objects.get_for_object(registration).count() == before


def test_a_cancelled_registration_is_not_edited(client, registration):
    registration.status = Registration.Status.CANCELLED
    registration.save()
    response = client.post(details_url(registration), details())
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.name == "Aino Virtanen"


def test_an_erased_registration_is_gone(registration):
    pk = registration.pk
    services.registration_erase(registration_id=pk)
    with pytest.raises(services.RegistrationError) as error:
        services.registration_update_details(registration_id=pk, data=details())
    assert error.value.code == "gone"


def test_csrf_is_required(registration):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(details_url(registration), details()).status_code == 403


def test_broken_link_is_the_link_error(client):
    assert client.get("/en/registration/not-a-token/details/").status_code == 404
