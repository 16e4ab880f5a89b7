import datetime
import random

import pytest
from django.utils import timezone

from events.models import Event, Material, Photo, Registration, Session
from tests.factories import (
    EventFactory,
    NewsPostFactory,
    PartnerFactory,
    SessionFactory,
    abstract_photo,
)

pytestmark = pytest.mark.django_db


def test_agenda_grouped_by_day_in_the_events_time_zone(client):
    # 23:30 in Lisbon on 1 March is already 2 March in Helsinki: the page follows Lisbon.
    start = datetime.datetime(2030, 3, 1, 9, 0, tzinfo=datetime.UTC)
    event = EventFactory(
        start=start, end=start + datetime.timedelta(days=1, hours=10), timezone="Europe/Lisbon"
    )
    SessionFactory(
        event=event,
        title_en="Late talk",
        start=start.replace(hour=23, minute=30),
        end=start.replace(hour=23, minute=50),
    )
    SessionFactory(
        event=event,
        title_en="Morning visit",
        start=start + datetime.timedelta(days=1),
        end=start + datetime.timedelta(days=1, hours=1),
        audience="partners",
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "All times in Europe/Lisbon." in html
    friday = html.index("Friday, 1 March 2030")
    saturday = html.index("Saturday, 2 March 2030")
    assert (
        friday
        < html.index("23:30")
        < html.index("Late talk")
        < saturday
        < html.index("Morning visit")
    )
    assert "Partners only" in html


def test_materials_appear_once_published_and_public(client):
    event = EventFactory()
    Material.objects.create(
        event=event, kind="link", title_en="Draft slides", url="https://e.org/1"
    )
    Material.objects.create(
        event=event,
        kind="link",
        title_en="Partner notes",
        url="https://e.org/2",
        is_published=True,
        visibility="partners",
    )
    Material.objects.create(
        event=event, kind="photos", title_en="Photo album", url="https://e.org/3", is_published=True
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Photo album" in html
    assert "Draft slides" not in html and "Partner notes" not in html


def test_drafts_are_not_public(client):
    event = EventFactory(status=Event.Status.DRAFT)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert event.title_en not in client.get("/en/events/").content.decode()


def test_upcoming_and_past_are_split(client):
    EventFactory(title_en="Coming soon")
    past = timezone.now() - datetime.timedelta(days=30)
    EventFactory(title_en="Long ago", start=past, end=past + datetime.timedelta(hours=2))
    html = client.get("/en/events/").content.decode()
    assert (
        html.index("Upcoming events")
        < html.index("Coming soon")
        < html.index("Past events")
        < html.index("Long ago")
    )


@pytest.fixture
def many_events():
    """500 events with agendas, 50,000 registrations."""
    hosts = PartnerFactory.create_batch(20)
    now = timezone.now()
    events = Event.objects.bulk_create(
        Event(
            title_en=f"Event {n}",
            slug=f"bulk-{n}",
            host=hosts[n % 20],
            status="published",
            start=now + datetime.timedelta(days=n - 250),
            end=now + datetime.timedelta(days=n - 250, hours=5),
            capacity=200,
        )
        for n in range(500)
    )
    Session.objects.bulk_create(
        Session(
            event=e,
            title_en=f"S{i}",
            start=e.start + datetime.timedelta(hours=i),
            end=e.start + datetime.timedelta(hours=i, minutes=50),
        )
        for e in events
        for i in range(4)
    )
    rng = random.Random(1)
    Registration.objects.bulk_create(
        Registration(
            event=events[n % 500],
            status=rng.choice(["confirmed", "pending", "waitlisted", "cancelled"]),
            expires_at=now + datetime.timedelta(days=1),
            name=f"P{n}",
            email=f"p{n}@example.org",
            organisation="Org",
            organisation_type="business",
            country="FI",
        )
        for n in range(50_000)
    )
    return events


def test_list_and_detail_query_counts_are_constant(
    client, many_events, django_assert_max_num_queries
):
    # Each list's page and its count, the versions (page cache), and the next change by
    # the clock (read once per version of the events, then kept).
    with django_assert_max_num_queries(6):
        response = client.get("/fi/events/")
    # The soonest 20 of the 250 upcoming events, and the newest 20 of the 250 past ones.
    html = response.content.decode()
    assert html.count('class="h5"') == 40
    assert 'rel="next" href="?upcoming=2#upcoming"' in html
    with django_assert_max_num_queries(5):  # the next change by the clock is known now
        last = client.get("/fi/events/?page=13&upcoming=2").content.decode()
    assert last.count('class="h5"') == 30
    # Each pagination keeps the other list's page.
    assert 'rel="prev" href="?upcoming=2&amp;page=12#past"' in last
    assert 'rel="next" href="?page=13&amp;upcoming=3#upcoming"' in last
    upcoming = many_events[300]
    # Two photo albums of six photos each, and related news.
    for n in range(2):
        album = Material.objects.create(
            event=upcoming, kind=Material.Kind.PHOTOS, title_en=f"Album {n}", is_published=True
        )
        for m in range(6):
            Photo.objects.create(
                material=album,
                image=abstract_photo(seed=m, size=(400, 300)),
                alt_text_en=f"Shapes {n}.{m}",
            )
    NewsPostFactory.create_batch(4, event=upcoming)
    # The event, its sessions, materials, photos, news, seats; +1: the content version;
    # +2: the next change by the clock of the events (after the edits above) and of this
    # event's seats (a hold ending).
    with django_assert_max_num_queries(9):
        response = client.get(f"/de/events/{upcoming.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h4") == 4
    assert html.count("srcset=") == 12
    assert html.count('href="/de/news/news-') == 4
