"""The public page cache: fast on a hit, never stale after a save, right in every language."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import ContentChange
from core.pagecache import content_version
from events.models import Registration
from goodpractices import services as practice_services
from goodpractices.models import GoodPractice
from partners.models import Partner
from tests.events.conftest import form_data
from tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    PartnerFactory,
    SessionFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db


def queries(client, path, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, **headers)
    return response, len(captured)


@pytest.fixture
def alpha():
    return PartnerFactory(slug="alpha", name_en="Alpha region", name_fi="Alfan alue")


def test_a_second_visit_is_served_from_the_cache_with_one_query(client, alpha):
    first, first_queries = queries(client, "/en/partners/")
    second, second_queries = queries(client, "/en/partners/")
    assert first.status_code == second.status_code == 200
    assert second.content == first.content
    assert first_queries >= 2
    assert second_queries == 1  # the content version


def test_each_language_is_cached_apart(client, alpha):
    assert "Alpha region" in client.get("/en/partners/").content.decode()
    finnish = client.get("/fi/partners/").content.decode()
    assert "Alfan alue" in finnish
    assert '<html lang="fi">' in finnish
    assert "Alpha region" in client.get("/en/partners/").content.decode()


def test_a_save_shows_at_once(client, alpha):
    assert "Alpha region" in client.get("/en/partners/alpha/").content.decode()
    alpha.name_en = "Alpha County"
    alpha.save()
    assert "Alpha County" in client.get("/en/partners/alpha/").content.decode()


def test_an_edit_in_the_admin_shows_at_once_to_readers(alpha):
    reader, editor = Client(), Client()
    editor.force_login(staff_user(alpha))
    assert "Alpha ERDF programme" not in reader.get("/en/policy-instruments/").content.decode()
    response = editor.post(
        reverse("admin:partners_policyinstrument_add"),
        {
            "partner": alpha.pk,
            "title_en": "Alpha ERDF programme",
            "slug": "alpha-erdf",
            "kind": "erdf_op",
            "details_confirmed": "on",
            "stakeholders-TOTAL_FORMS": "0",
            "stakeholders-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert "Alpha ERDF programme" in reader.get("/en/policy-instruments/").content.decode()


def test_a_bulk_status_change_shows_at_once(client):
    lead = PartnerFactory(slug="lead", role=Partner.Role.LEAD)
    practice = GoodPracticeFactory(
        title_en="Village broadband", status=GoodPractice.Status.SUBMITTED, published_at=None
    )
    assert "Village broadband" not in client.get("/en/good-practices/").content.decode()
    practice_services.transition(
        practice.pk, GoodPractice.Status.APPROVED, user=staff_user(lead, "boss")
    )
    assert "Village broadband" in client.get("/en/good-practices/").content.decode()


def test_staff_with_a_session_always_get_a_fresh_page(alpha):
    editor = Client()
    editor.force_login(staff_user(alpha))
    _response, first = queries(editor, "/en/partners/")
    _response, second = queries(editor, "/en/partners/")
    assert second == first > 1


def test_unknown_query_parameters_are_not_cached(client, alpha):
    queries(client, "/en/partners/?utm=1")
    _response, second = queries(client, "/en/partners/?utm=1")
    assert second > 1
    # The library's own filters are cached.
    queries(client, "/en/good-practices/?country=FI&page=1")
    _response, cached = queries(client, "/en/good-practices/?country=FI&page=1")
    assert cached == 1


def test_a_page_without_a_form_answers_a_conditional_get_with_304(client, alpha):
    response = client.get("/en/partners/")
    etag = response["ETag"]
    assert "no-cache" in response["Cache-Control"]
    not_modified, count = queries(client, "/en/partners/", HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert count == 1
    alpha.name_en = "Alpha County"
    alpha.save()
    changed = client.get("/en/partners/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_a_cached_registration_form_carries_fresh_tokens_for_each_visitor(settings):
    settings.EVENTS_MIN_FORM_SECONDS = 0
    event = EventFactory(slug="open-ple", capacity=5)
    SessionFactory(event=event)
    path = f"/en/events/{event.slug}/"
    tokens = []
    for email in ("a@example.org", "b@example.org"):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get(path)
        assert page.status_code == 200
        assert "ETag" not in page
        assert "private" in page["Cache-Control"]
        html = page.content.decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        started = re.search(r'name="started" value="([^"]+)"', html).group(1)
        tokens.append((csrf, started))
        response = visitor.post(
            f"{path}register/",
            form_data(email=email, started=started, csrfmiddlewaretoken=csrf),
        )
        assert response.status_code == 302, response.content.decode()[:500]
    assert tokens[0][0] != tokens[1][0]
    assert Registration.objects.filter(event=event).count() == 2


def test_seats_left_follow_the_registrations(client, settings):
    event = EventFactory(slug="small", capacity=2)
    assert "2 seats left." in client.get(f"/en/events/{event.slug}/").content.decode()
    Registration.objects.create(
        event=event,
        status=Registration.Status.CONFIRMED,
        name="A",
        email="a@example.org",
        organisation="O",
        organisation_type="business",
        country="FI",
    )
    assert "1 seat left." in client.get(f"/en/events/{event.slug}/").content.decode()


def test_the_cache_can_be_turned_off(client, settings, alpha):
    settings.PAGE_CACHE_SECONDS = 0
    queries(client, "/en/partners/")
    response, count = queries(client, "/en/partners/")
    assert count > 1
    assert "ETag" not in response


def test_housekeeping_prunes_the_change_log_but_keeps_the_version(client, alpha):
    alpha.save()
    alpha.save()
    version = content_version()
    call_command("events_housekeeping", stdout=StringIO())
    assert ContentChange.objects.count() == 1
    assert content_version() == version


def test_a_page_answered_from_the_cache_keeps_every_header(client, alpha):
    first = client.get("/fi/partners/")
    hit, count = queries(client, "/fi/partners/")
    assert count == 1
    assert hit.content == first.content
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Type",
    ):
        assert hit[header] == first[header], header
    assert hit["Content-Language"] == first["Content-Language"] == "fi"


def test_a_page_that_was_never_cached_costs_no_query_for_the_cache(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert client.get("/en/privacy/").status_code == 200


def test_another_release_never_serves_pages_of_the_old_one(client, alpha, settings):
    settings.PORTAL_RELEASE = "release-1"
    first, _ = queries(client, "/en/partners/")
    _, hit_queries = queries(client, "/en/partners/")
    assert hit_queries == 1  # the content version: a hit
    settings.PORTAL_RELEASE = "release-2"
    second, miss_queries = queries(client, "/en/partners/")
    assert miss_queries > 1  # rendered again by this release
    assert second.content == first.content


def test_without_a_release_name_the_key_holds_a_hash_of_the_code(client, alpha, settings):
    from core import pagecache

    settings.PORTAL_RELEASE = ""
    assert pagecache.release() == pagecache._code_release()
    assert len(pagecache.release()) == 16
