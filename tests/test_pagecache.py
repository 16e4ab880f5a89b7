"""The public page cache: fast on a hit, never stale after a save, right in every language.

The versions rise when a writer's transaction commits, so these tests let their writes
commit (``transaction=True``), as the portal's requests do.
"""

import datetime
import re
import threading

import pytest
import time_machine
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import ContentVersion
from core.pagecache import content_versions
from events import services as event_services
from events.models import Registration
from goodpractices import services as practice_services
from goodpractices.models import GoodPractice
from partners.models import Partner
from tests.events.conftest import form_data
from tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    PartnerFactory,
    ProjectFactory,
    SessionFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db(transaction=True)


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
    assert second_queries == 1  # the versions of the page's scopes


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


def test_versions_rise_when_the_writer_commits_not_before(alpha):
    before = content_versions(["partners"])
    with transaction.atomic():
        alpha.name_en = "Alpha County"
        alpha.save()
        # Not yet: a page rendered now, from the data before the commit, keeps the old
        # version and misses once the commit is through.
        assert content_versions(["partners"]) == before
    assert content_versions(["partners"])[0] == before[0] + 1


def test_an_edit_rolled_back_changes_no_version(alpha):
    before = content_versions(["partners"])
    with pytest.raises(RuntimeError), transaction.atomic():
        alpha.save()
        raise RuntimeError
    assert content_versions(["partners"]) == before


def _seated(event, email):
    return Registration.objects.create(
        event=event,
        status=Registration.Status.CONFIRMED,
        name="A",
        email=email,
        organisation="O",
        organisation_type="business",
        country="FI",
    )


def _hit(client, path) -> bool:
    response = client.get(path)
    assert response.status_code == 200, path
    return response["X-Page-Cache"] == "hit"


def test_a_registration_empties_only_the_pages_that_show_that_events_seats(client, alpha):
    busy = EventFactory(slug="busy", capacity=20)
    EventFactory(slug="calm", capacity=20)
    GoodPracticeFactory(slug="broadband")
    pages = {
        "busy": "/en/events/busy/",
        "calm": "/en/events/calm/",
        "events": "/en/events/",
        "home": "/en/",
        "library": "/en/good-practices/",
        "practice": "/en/good-practices/broadband/",
        "partners": "/en/partners/",
        "instruments": "/en/policy-instruments/",
        "results": "/en/results/",
        "search": "/en/search/?q=busy",
    }
    for path in pages.values():
        client.get(path)
    _seated(busy, "a@example.org")
    missed = {name for name, path in pages.items() if not _hit(client, path)}
    # No page: the event's own counts its seats left for every response.
    assert missed == set()
    response = client.get("/en/events/busy/")
    assert response["X-Page-Cache"] == "hit"
    assert "19 seats left." in response.content.decode()
    assert "<!--hole" not in response.content.decode()


def test_a_check_in_empties_the_results_and_not_the_other_pages(client, alpha):
    event = EventFactory(
        slug="busy",
        capacity=20,
        start=timezone.now() - datetime.timedelta(days=2),
        end=timezone.now() - datetime.timedelta(days=1),
    )
    registration = _seated(event, "a@example.org")
    pages = {"results": "/en/results/", "event": "/en/events/busy/", "home": "/en/"}
    for path in pages.values():
        client.get(path)
    assert event_services.registrations_check_in(registration_ids=[registration.pk]) == 1
    missed = {name for name, path in pages.items() if not _hit(client, path)}
    assert missed == {"results"}
    # An edit of someone checked in (their role is counted apart) empties it again.
    registration.refresh_from_db()
    registration.participant_role = "partner_staff"
    registration.save()
    missed = {name for name, path in pages.items() if not _hit(client, path)}
    assert missed == {"results"}


def test_a_page_with_events_is_kept_no_later_than_the_next_change_by_the_clock(client, alpha):
    now = timezone.now()
    EventFactory(
        slug="soon",
        start=now + datetime.timedelta(hours=3),
        end=now + datetime.timedelta(hours=5),
        registration_closes=now + datetime.timedelta(minutes=2),
    )
    GoodPracticeFactory(slug="broadband")
    paths = {"event": "/en/events/soon/", "events": "/en/events/", "partner": "/en/partners/"}
    with time_machine.travel(now, tick=False) as traveller:
        assert "Register" in client.get(paths["event"]).content.decode()
        for path in paths.values():
            client.get(path)
        traveller.shift(datetime.timedelta(seconds=110))
        assert {name for name, path in paths.items() if not _hit(client, path)} == set()
        # The registration closes: the pages that show events are rendered afresh, at once.
        traveller.shift(datetime.timedelta(seconds=11))
        missed = {name for name, path in paths.items() if not _hit(client, path)}
        assert missed == {"event", "events"}
        assert (
            "Registration for this event is closed." in client.get(paths["event"]).content.decode()
        )


def test_no_page_is_kept_past_midnight_or_past_the_longest_lifetime(client, alpha, settings):
    settings.PAGE_CACHE_SECONDS = 600
    late = datetime.datetime(2026, 12, 5, 23, 58, tzinfo=timezone.get_default_timezone())
    with time_machine.travel(late, tick=False) as traveller:
        client.get("/en/partners/")
        traveller.shift(datetime.timedelta(seconds=100))
        assert _hit(client, "/en/partners/")
        traveller.shift(datetime.timedelta(seconds=30))  # 00:00:10 the next day
        assert not _hit(client, "/en/partners/")
        traveller.shift(datetime.timedelta(seconds=599))
        assert _hit(client, "/en/partners/")
        traveller.shift(datetime.timedelta(seconds=2))
        assert not _hit(client, "/en/partners/")


def test_the_home_keeps_itself_a_minute_while_its_next_event_runs_short_of_seats(client, alpha):
    ProjectFactory()
    now = timezone.now()
    event = EventFactory(
        slug="small",
        title_en="Small workshop",
        capacity=3,
        start=now + datetime.timedelta(days=10),
        end=now + datetime.timedelta(days=11),
    )
    with time_machine.travel(now, tick=False) as traveller:
        assert "Small workshop" in client.get("/en/").content.decode()
        for n in range(3):
            _seated(event, f"p{n}@example.org")
        assert _hit(client, "/en/")  # a registration leaves the home alone...
        traveller.shift(datetime.timedelta(seconds=61))
        # ...but not for longer than a minute: the event is full now.
        assert "Small workshop" not in client.get("/en/").content.decode()


def test_a_practice_edit_leaves_the_event_pages_alone(client, alpha):
    EventFactory(slug="ple")
    practice = GoodPracticeFactory(slug="broadband", title_en="Village broadband")
    pages = {
        "event": "/en/events/ple/",
        "events": "/en/events/",
        "partners": "/en/partners/",
        "library": "/en/good-practices/",
        "practice": "/en/good-practices/broadband/",
    }
    for path in pages.values():
        client.get(path)
    practice.title_en = "Broadband for villages"
    practice.save()
    missed = {name for name, path in pages.items() if not _hit(client, path)}
    assert missed == {"library", "practice"}
    assert "Broadband for villages" in client.get("/en/good-practices/").content.decode()


def test_a_partner_edit_empties_what_shows_the_partner(client, alpha):
    EventFactory(slug="ple")
    GoodPracticeFactory(slug="broadband")
    pages = {
        "partners": "/en/partners/",
        "partner": "/en/partners/alpha/",
        "event": "/en/events/ple/",
        "library": "/en/good-practices/",
        "contact": "/en/contact/",
        "home": "/en/",
    }
    for path in pages.values():
        client.get(path)
    alpha.name_en = "Alpha County"
    alpha.save()
    missed = {name for name, path in pages.items() if not _hit(client, path)}
    assert missed == set(pages)  # each of them names partners


def test_every_scope_starts_at_zero_and_gets_its_row_on_the_first_write(alpha):
    ContentVersion.objects.all().delete()
    assert content_versions(["partners", "seats:new"]) == (0, 0)
    alpha.save()
    assert content_versions(["partners", "seats:new"]) == (1, 0)


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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers at once need PostgreSQL")
def test_a_page_rendered_between_two_commits_is_not_kept_stale(client):
    """The slow writer saved first but commits last: a page rendered after the quick
    writer's commit must not outlive the slow one's. (With the newest change row's id as
    the version, it did: ids follow the order of inserts, not of commits.)"""
    slow = GoodPracticeFactory(slug="slow", title_en="Slow draft")
    quick = GoodPracticeFactory(slug="quick", title_en="Quick draft")
    client.get("/en/good-practices/")
    saved, release = threading.Event(), threading.Event()

    def slow_writer():
        try:
            with transaction.atomic():
                practice = GoodPractice.objects.get(pk=slow.pk)
                practice.title_en = "Slow, edited"
                practice.save()
                saved.set()
                release.wait(10)
        finally:
            connection.close()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert saved.wait(10)
    quick.title_en = "Quick, edited"
    quick.save()  # commits while the slow writer's transaction is still open
    page = client.get("/en/good-practices/").content.decode()
    assert "Quick, edited" in page and "Slow, edited" not in page  # now cached
    release.set()
    writer.join(10)
    assert "Slow, edited" in client.get("/en/good-practices/").content.decode()


def test_the_x_page_cache_header_says_hit_or_miss(client, alpha):
    # Stored, then served by the middleware (no holes), and answered with 304.
    first = client.get("/en/partners/")
    assert first["X-Page-Cache"] == "miss"
    hit = client.get("/en/partners/")
    assert hit["X-Page-Cache"] == "hit"
    not_modified = client.get("/en/partners/", HTTP_IF_NONE_MATCH=hit["ETag"])
    assert not_modified.status_code == 304
    assert not_modified["X-Page-Cache"] == "hit"
    # An edit makes the next visit a miss.
    alpha.name_en = "Alpha County"
    alpha.save()
    assert client.get("/en/partners/")["X-Page-Cache"] == "miss"
    # A page with holes is served by its view's decorator.
    event = EventFactory(slug="open-ple", capacity=5)
    assert client.get(f"/en/events/{event.slug}/")["X-Page-Cache"] == "miss"
    assert client.get(f"/en/events/{event.slug}/")["X-Page-Cache"] == "hit"


def test_pages_the_cache_does_not_handle_carry_no_x_page_cache_header(client, alpha):
    assert "X-Page-Cache" not in client.get("/en/partners/?utm=1")
    assert "X-Page-Cache" not in client.get("/en/privacy/")
    assert "X-Page-Cache" not in client.get("/en/partners/no-such-partner/")
    editor = Client()
    editor.force_login(staff_user(alpha))
    assert "X-Page-Cache" not in editor.get("/en/partners/")


def test_a_news_publish_or_edit_empties_the_event_and_partner_pages_that_show_it(client, alpha):
    from news import services as news_services
    from news.models import NewsPost
    from tests.factories import NewsPostFactory

    lead = PartnerFactory(slug="lead", role=Partner.Role.LEAD)
    event = EventFactory(slug="ple", host=alpha)
    post = NewsPostFactory(
        slug="report",
        title_en="Report from Lahti",
        partner=alpha,
        event=event,
        status=NewsPost.Status.SUBMITTED,
    )
    pages = {"event": "/en/events/ple/", "partner": "/en/partners/alpha/"}
    for path in pages.values():
        assert "Report from Lahti" not in client.get(path).content.decode()
        assert _hit(client, path)
    news_services.newspost_set_status(
        post=post, status=NewsPost.Status.PUBLISHED, user=staff_user(lead)
    )
    for name, path in pages.items():
        assert not _hit(client, path), name
        assert "Report from Lahti" in client.get(path).content.decode()
    post.refresh_from_db()
    post.title_en = "Two days in Lahti"
    post.save()
    for name, path in pages.items():
        assert not _hit(client, path), name
        assert "Two days in Lahti" in client.get(path).content.decode()


def test_kept_cards_change_with_an_edit_and_with_the_date(client, settings, alpha):
    # Page cache off: the list is rendered each time, from cards kept per version.
    settings.PAGE_CACHE_SECONDS = 0
    EventFactory(slug="ple", title_en="Lahti PLE", host=alpha)
    GoodPracticeFactory(slug="broadband", title_en="Village broadband", owner=alpha)
    alpha.role_end = timezone.localdate() + datetime.timedelta(days=1)
    alpha.save()
    pages = ("/en/partners/", "/en/events/", "/en/good-practices/")
    for path in pages:
        assert "Alpha region" in client.get(path).content.decode()
    # Kept: the second rendering shows the same cards.
    assert "Former partner" not in client.get("/en/partners/").content.decode()
    alpha.name_en = "Alpha coast"
    alpha.save()
    for path in pages:
        html = client.get(path).content.decode()
        assert "Alpha coast" in html and "Alpha region" not in html, path
    # The day after its role ended, the partner's card says it is a former partner.
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert "Former partner" in client.get("/en/partners/").content.decode()
    # Each language has its own cards.
    finnish = client.get("/fi/partners/").content.decode()
    assert "Alfan alue" in finnish and "Alpha coast" not in finnish
