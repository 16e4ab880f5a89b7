"""The "my data" page: everything held about one person, on every event, and erase-all."""

import json

import pytest
from django.utils import timezone
from django.utils.text import capfirst

from core.models import OutboxEmail
from events import services
from events.emails import Kind
from events.models import Registration
from events.privacy import shown_fields
from events.tokens import CONFIRM, MANAGE, make_token
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    """Aino on two events (one full, with a waiting list), and Bo, someone else."""
    full = EventFactory(slug="full-ple", title_en="Full PLE", capacity=1)
    other = EventFactory(slug="other-ple", title_en="Other PLE")
    mine = RegistrationFactory(
        event=full,
        email="aino@example.org",
        name="Aino Virtanen",
        access_needs="Step-free access",
        confirmed_at=timezone.now(),
    )
    services.queue_notification(mine, Kind.CONFIRMED)
    second = RegistrationFactory(event=other, email="Aino@Example.ORG", name="Aino V.")
    waiting = RegistrationFactory(
        event=full,
        email="waiting@example.org",
        status=Registration.Status.WAITLISTED,
        waitlisted_at=timezone.now(),
        email_confirmed_at=timezone.now(),
    )
    bo = RegistrationFactory(event=other, email="bo@example.org", name="Bo Berg")
    return {"mine": mine, "second": second, "waiting": waiting, "bo": bo}


def url(registration, suffix=""):
    return f"/en/registration/{make_token(registration, MANAGE)}/my-data/{suffix}"


def test_manage_page_links_to_my_data(client, person):
    token = make_token(person["mine"], MANAGE)
    html = client.get(f"/en/registration/{token}/").content.decode()
    assert f'href="/en/registration/{token}/my-data/"' in html


def test_shows_every_registration_of_the_address_and_no_one_elses(client, person):
    response = client.get(url(person["mine"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Full PLE" in html and "Other PLE" in html  # any case of the address
    assert "Aino Virtanen" in html and "Aino V." in html and "Step-free access" in html
    assert "Bo Berg" not in html and "bo@example.org" not in html
    assert "waiting@example.org" not in html
    # Every shown field of the inventory, and the emails queued to the person.
    for _name, label in shown_fields():
        assert f"<dt>{capfirst(label)}</dt>" in html
    assert "Registration confirmed" in html
    assert person["mine"].key not in html  # the link secret is never displayed
    assert "no-store" in response["Cache-Control"]


def test_json_download_holds_the_same_data(client, person):
    response = client.get(url(person["second"]).removesuffix("/") + ".json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert [r["name"] for r in data["registrations"]] == ["Aino Virtanen", "Aino V."]
    assert data["registrations"][0]["access_needs"] == "Step-free access"
    assert [e["kind"] for e in data["registrations"][0]["emails"]] == ["confirmed"]
    assert "key" not in data["registrations"][0]
    assert "bo@example.org" not in response.content.decode()


def test_get_never_erases(client, person):
    assert client.get(url(person["mine"])).status_code == 200
    confirm = client.get(url(person["mine"], "erase/"))
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Full PLE" in html and "Other PLE" in html
    assert '<form method="post">' in html
    assert Registration.objects.count() == 4
    assert "no-store" in confirm["Cache-Control"]


def test_erase_removes_all_of_them_and_frees_the_seat(
    client, person, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(person["mine"], "erase/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "We have deleted 2 registrations" in html
    assert "Full PLE" in html and "Other PLE" in html
    assert set(Registration.objects.values_list("email", flat=True)) == {
        "waiting@example.org",
        "bo@example.org",
    }
    assert not OutboxEmail.objects.filter(to__iexact="aino@example.org").exists()
    # The seat went to the waiting list, as a single erase does.
    waiting = Registration.objects.get(pk=person["waiting"].pk)
    assert waiting.status == Registration.Status.CONFIRMED
    assert waiting.emails.filter(kind=Kind.PROMOTED).exists()
    # The links stop working.
    assert client.get(url(person["mine"])).status_code == 404


def test_erase_is_all_or_nothing(client, person, monkeypatch):
    calls = []
    real = services._promote_waitlist

    def fail_on_second(event, now):
        calls.append(event.pk)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real(event, now)

    monkeypatch.setattr(services, "_promote_waitlist", fail_on_second)
    client.raise_request_exception = True
    with pytest.raises(RuntimeError):
        client.post(url(person["mine"], "erase/"))
    assert Registration.objects.count() == 4  # the first erase was rolled back too


@pytest.mark.parametrize("suffix", ["", "erase/"])
def test_bad_token_is_not_found(client, person, suffix):
    for token in ["nonsense", make_token(person["mine"], CONFIRM)]:
        assert client.get(f"/en/registration/{token}/my-data/{suffix}").status_code == 404
    assert client.post("/en/registration/nonsense/my-data/erase/").status_code == 404
    assert client.get("/en/registration/nonsense/my-data.json").status_code == 404
    assert Registration.objects.count() == 4


def test_anonymised_registration_has_no_data_page(client, person):
    Registration.objects.filter(pk=person["mine"].pk).update(anonymised_at=timezone.now())
    assert client.get(url(person["mine"])).status_code == 404


def test_query_count_does_not_grow_with_registrations(client, django_assert_max_num_queries):
    first = RegistrationFactory(email="many@example.org")
    for _ in range(6):
        registration = RegistrationFactory(email="many@example.org")
        services.queue_notification(registration, Kind.CONFIRMED)
    with django_assert_max_num_queries(3):
        assert client.get(url(first)).status_code == 200
