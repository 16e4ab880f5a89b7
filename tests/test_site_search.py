"""The site search in the header: practices, events and partners, grouped by kind."""

import pytest
from django.urls import reverse

from goodpractices.models import GoodPractice
from tests.factories import EventFactory, GoodPracticeFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def search(client, query, language="en"):
    return client.get(f"/{language}/search/", {"q": query})


def test_every_kind_is_found_and_grouped(client):
    partner = PartnerFactory(slug="lahti", name_en="Lahti region", name_fi="Lahden seutu")
    GoodPracticeFactory(slug="museum-vr", title_en="Museum in virtual reality", owner=partner)
    EventFactory(slug="museum-day", title_en="Museum day in Lahti", host=partner)
    response = search(client, "Lahti")
    groups = {group.kind: group for group in response.context["groups"]}
    assert set(groups) == {"events", "partners"}  # the practice's title has no "Lahti"
    assert [e.slug for e in groups["events"].items] == ["museum-day"]
    response = search(client, "museum")
    groups = {group.kind: group for group in response.context["groups"]}
    assert [p.slug for p in groups["practices"].items] == ["museum-vr"]
    assert [e.slug for e in groups["events"].items] == ["museum-day"]
    html = response.content.decode()
    assert 'href="#practices"' in html and 'id="events"' in html


def test_news_are_found_in_any_language(client):
    from news.models import NewsPost

    NewsPost.objects.create(
        slug="lahti-ple",
        title_en="Partners met in Lahti",
        title_fi="Kumppanit tapasivat Lahdessa",
        lead_en="The first Policy Learning Event.",
        body_en="<p>Report.</p>",
        status="published",
        date="2020-01-24",
        partner=PartnerFactory(),
    )
    response = search(client, "tapasivat", language="pl")
    (group,) = response.context["groups"]
    assert group.kind == "news" and [post.slug for post in group.items] == ["lahti-ple"]


def test_a_name_written_in_another_language_is_found(client):
    PartnerFactory(slug="lahti", name_en="Lahti region", name_fi="Lahden seutu")
    response = search(client, "seutu", language="de")
    (group,) = response.context["groups"]
    assert group.kind == "partners" and group.total == 1


def test_unpublished_practices_and_draft_events_stay_hidden(client):
    GoodPracticeFactory(
        title_en="Secret museum", status=GoodPractice.Status.DRAFT, published_at=None
    )
    EventFactory(title_en="Secret museum night", status="draft")
    response = search(client, "secret")
    assert response.context["groups"] == []
    assert "Nothing on the site matches “secret”" in response.content.decode()


def test_many_matches_show_a_few_and_link_to_the_library(client):
    for n in range(8):
        GoodPracticeFactory(slug=f"broadband-{n}", title_en=f"Broadband {n}")
    response = search(client, "broadband")
    (group,) = response.context["groups"]
    assert (group.total, len(group.items)) == (8, 5)
    assert group.more_url == reverse("goodpractices:list") + "?q=broadband"
    assert "See all 8 matches in the library" in response.content.decode()


def test_an_empty_or_too_long_query_searches_nothing(client):
    assert search(client, "").context["groups"] == []
    too_long = search(client, "x" * 201)
    assert too_long.context["groups"] == []
    assert "at most 200 characters" in too_long.content.decode()


def test_queries_stay_constant_with_many_matches(client, django_assert_max_num_queries):
    partner = PartnerFactory(name_en="Digital region")
    for n in range(30):
        GoodPracticeFactory(title_en=f"Digital service {n}", owner=partner)
        EventFactory(title_en=f"Digital day {n}", host=partner)
    # Two a kind (count, rows), the page cache's versions, the glossary and the themes.
    with django_assert_max_num_queries(11):
        response = search(client, "digital")
    assert [group.total for group in response.context["groups"]] == [30, 30, 1]


def test_every_page_has_the_search_in_its_header(client):
    html = client.get("/fi/events/").content.decode()
    assert 'role="search"' in html and 'action="/fi/search/"' in html
