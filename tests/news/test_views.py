"""The public news pages: list, detail, feed, and where news shows elsewhere."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from events.models import Event
from goodpractices.models import GoodPractice
from news.models import NewsPost
from tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    NewsPostFactory,
    PartnerFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

S = NewsPost.Status
ATOM = {"a": "http://www.w3.org/2005/Atom"}


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def many_posts(count, partners=3):
    owners = [PartnerFactory() for _ in range(partners)]
    return NewsPost.objects.bulk_create(
        NewsPost(
            title_en=f"Post {n}",
            slug=f"post-{n}",
            lead_en=f"Lead {n}",
            body_en="<p>Body</p>",
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            partner=owners[n % partners],
            status=S.PUBLISHED,
        )
        for n in range(count)
    )


def test_the_list_shows_published_posts_newest_first(client):
    NewsPostFactory(title_en="Older", date=datetime.date(2020, 1, 2))
    NewsPostFactory(title_en="Newer", date=datetime.date(2020, 6, 1))
    NewsPostFactory(title_en="A draft", status=S.DRAFT)
    NewsPostFactory(title_en="Waiting", status=S.SUBMITTED)
    html = client.get(url("news:list")).content.decode()
    assert html.index("Newer") < html.index("Older")
    assert "A draft" not in html and "Waiting" not in html
    assert 'type="application/atom+xml"' in html


def test_the_list_is_paged_by_ten(client):
    many_posts(25)
    response = client.get(url("news:list"), {"page": 3})
    assert [p.title for p in response.context["posts"]] == [f"Post {n}" for n in range(4, -1, -1)]
    assert "Page 3 of 3" in response.content.decode()


def test_the_list_can_show_one_partners_news(client):
    alpha = PartnerFactory(slug="alpha", name_en="Alpha region")
    NewsPostFactory(title_en="Alpha news", partner=alpha)
    NewsPostFactory(title_en="Other news")
    html = client.get(url("news:list"), {"partner": "alpha"}).content.decode()
    assert "Alpha news" in html and "Other news" not in html
    assert "News of Alpha region" in html
    unknown = client.get(url("news:list"), {"partner": "nobody"}).content.decode()
    assert "Alpha news" not in unknown and "There is no partner of that name" in unknown


def test_the_list_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    many_posts(300, partners=6)
    for params in [{}, {"page": "7"}, {"partner": "partner-x"}]:
        with django_assert_max_num_queries(4):  # +1: the content version (page cache)
            assert client.get(url("news:list"), params).status_code == 200


def test_the_detail_shows_the_post_and_links_what_it_relates_to(client):
    partner = PartnerFactory(slug="alpha", name_en="Alpha region")
    event = EventFactory(slug="ple-1", title_en="First learning event", host=partner)
    practice = GoodPracticeFactory(title_en="Bus on demand")
    hidden = GoodPracticeFactory(title_en="Still a draft", status=GoodPractice.Status.DRAFT)
    post = NewsPostFactory(
        title_en="We met",
        lead_en="The lead.",
        body_en="<h2>Day 1</h2><p>Body text.</p>",
        partner=partner,
        event=event,
        date=datetime.date(2020, 1, 24),
    )
    post.practices.set([practice, hidden])
    html = client.get(post.get_absolute_url()).content.decode()
    assert "<h1>We met</h1>" in html
    assert "<h2>Day 1</h2><p>Body text.</p>" in html
    assert 'datetime="2020-01-24"' in html
    assert event.get_absolute_url() in html
    assert partner.get_absolute_url() in html
    assert practice.get_absolute_url() in html and "Still a draft" not in html


def test_a_draft_event_is_not_linked(client):
    event = EventFactory(title_en="Secret planning", status=Event.Status.DRAFT)
    post = NewsPostFactory(event=event)
    assert "Secret planning" not in client.get(post.get_absolute_url()).content.decode()


@pytest.mark.parametrize("status", [S.DRAFT, S.SUBMITTED])
def test_unpublished_posts_are_not_found(client, status):
    post = NewsPostFactory(status=status)
    assert client.get(post.get_absolute_url()).status_code == 404


def test_a_body_in_another_language_is_shown_and_marked(client):
    post = NewsPostFactory(
        slug="witeno",
        title_en="Next2Met at WITENO",
        title_de="Next2Met bei WITENO",
        body_en="",
        body_de="<p>Weiche Digitalisierungsmaßnahmen.</p>",
    )
    finnish = client.get(url("news:detail", post.slug, language="fi")).content.decode()
    assert '<div lang="de"><p>Weiche Digitalisierungsmaßnahmen.</p></div>' in finnish
    assert '<span lang="en">Next2Met at WITENO</span>' in finnish  # the title: English first
    english = client.get(url("news:detail", post.slug)).content.decode()
    assert '<div lang="de"><p>Weiche Digitalisierungsmaßnahmen.</p></div>' in english
    assert "<h1>Next2Met at WITENO</h1>" in english
    assert '<p class="fallback-note">available in German only</p>' in english
    german = client.get(url("news:detail", post.slug, language="de")).content.decode()
    assert "<p>Weiche Digitalisierungsmaßnahmen.</p>" in german
    assert 'lang="de"><p>' not in german and "<h1>Next2Met bei WITENO</h1>" in german


def test_images_have_their_size_alt_text_and_load_lazily(client):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, "PNG")
    post = NewsPostFactory(title_en="With a photo", image_alt_en="Partners in Lahti")
    post.image = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
    post.save()
    for page in (url("news:list"), post.get_absolute_url()):
        html = client.get(page).content.decode()
        assert 'width="40" height="30" alt="Partners in Lahti"' in html
        assert 'loading="lazy"' in html


def test_the_detail_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    post = NewsPostFactory(event=EventFactory())
    post.practices.set([GoodPracticeFactory() for _ in range(20)])
    with django_assert_max_num_queries(4):  # +1: the content version (page cache)
        assert client.get(post.get_absolute_url()).status_code == 200


def test_the_feed_lists_published_posts_in_atom(client):
    NewsPostFactory(title_en="Fresh news", lead_en="The lead.", date=datetime.date(2020, 2, 1))
    NewsPostFactory(title_en="Draft news", status=S.DRAFT)
    response = client.get(url("news:feed"))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own feed
    entries = feed.findall("a:entry", ATOM)
    assert [e.find("a:title", ATOM).text for e in entries] == ["Fresh news"]
    assert entries[0].find("a:published", ATOM).text.startswith("2020-02-01")
    assert entries[0].find("a:summary", ATOM).text == "The lead."


def test_the_home_page_shows_the_three_latest_posts(client):
    ProjectFactory()
    many_posts(12)
    NewsPostFactory(title_en="Unpublished", date=datetime.date(2030, 1, 1), status=S.DRAFT)
    html = client.get(url("home")).content.decode()
    assert "Latest news" in html
    for n in (11, 10, 9):
        assert f">Post {n}<" in html
    assert ">Post 8<" not in html and "Unpublished" not in html
    assert f'href="{url("news:list")}"' in html


def test_a_partners_page_lists_its_published_news(client):
    alpha = PartnerFactory(slug="alpha")
    NewsPostFactory(title_en="Alpha in the news", partner=alpha)
    NewsPostFactory(title_en="Alpha draft", partner=alpha, status=S.DRAFT)
    NewsPostFactory(title_en="Somebody else")
    html = client.get(alpha.get_absolute_url()).content.decode()
    assert "Alpha in the news" in html
    assert "Alpha draft" not in html and "Somebody else" not in html
    assert f"{url('news:list')}?partner=alpha" in html


def test_the_main_navigation_links_the_news(client):
    html = client.get(url("news:list")).content.decode()
    assert f'<a href="{url("news:list")}" aria-current="page">News</a>' in html
