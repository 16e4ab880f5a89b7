"""The sitemap index and its paged sections: what a search engine reads."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.test import Client

from events.models import Event
from goodpractices.models import GoodPractice
from news.models import NewsPost
from next2met import sitemaps
from tests.factories import EventFactory, GoodPracticeFactory, NewsPostFactory, PartnerFactory
from tests.sitemap_helpers import NS, sitemap_documents, sitemap_files, sitemap_locations

pytestmark = pytest.mark.django_db

LANGUAGES = len(settings.LANGUAGES)


@pytest.fixture
def small_pages(monkeypatch):
    """Two practices' URLs (in every language) per section file."""
    monkeypatch.setattr(sitemaps.PortalSitemap, "limit", 2 * LANGUAGES)


def urls(xml):
    return ET.fromstring(xml).findall("s:url", NS)  # noqa: S314 - our own sitemap


def test_the_index_lists_every_section(client):
    PartnerFactory(slug="lahti")
    assert sitemap_files(client) == [f"/sitemap-{name}.xml" for name in sitemaps.SITEMAPS]


def test_every_page_is_in_a_section_in_every_language(client):
    owner = PartnerFactory(slug="lahti")
    EventFactory(slug="open-day", host=owner)
    EventFactory(slug="draft-day", host=owner, status=Event.Status.DRAFT)
    GoodPracticeFactory(slug="hybrid-work", owner=owner)
    GoodPracticeFactory(slug="in-review", owner=owner, status=GoodPractice.Status.SUBMITTED)
    NewsPostFactory(slug="we-met", partner=owner)
    NewsPostFactory(slug="news-draft", partner=owner, status=NewsPost.Status.SUBMITTED)
    locations = sitemap_locations(client)
    for code, _name in settings.LANGUAGES:
        for path in ["", "privacy/", "partners/lahti/", "events/open-day/", "news/"]:
            assert f"http://testserver/{code}/{path}" in locations
        assert f"http://testserver/{code}/good-practices/hybrid-work/" in locations
        assert f"http://testserver/{code}/news/we-met/" in locations
    unpublished = ("draft-day", "in-review", "news-draft")
    assert not [url for url in locations if any(slug in url for slug in unpublished)]
    # Eleven fixed pages (home, lists, legal, contact ...) and the four published items.
    assert len(locations) == len(set(locations)) == (11 + 4) * LANGUAGES


def test_a_big_section_is_paged_and_the_index_lists_each_page(client, small_pages):
    owner = PartnerFactory(slug="lahti")
    GoodPracticeFactory.create_batch(3, owner=owner)
    files = sitemap_files(client)
    assert "/sitemap-goodpractices.xml" in files
    assert "/sitemap-goodpractices.xml?p=2" in files
    assert "/sitemap-goodpractices.xml?p=3" not in files
    assert client.get("/sitemap-goodpractices.xml?p=3").status_code == 404
    documents = sitemap_documents(client)
    assert len(urls(documents["/sitemap-goodpractices.xml"])) == 2 * LANGUAGES
    assert len(urls(documents["/sitemap-goodpractices.xml?p=2"])) == 1 * LANGUAGES
    # No file holds more than the limit, and no page is in two files.
    for xml in documents.values():
        assert len(urls(xml)) <= 2 * LANGUAGES
    locations = sitemap_locations(client)
    assert len(locations) == len(set(locations))
    assert sum("/good-practices/practice-" in url for url in locations) == 3 * LANGUAGES


def test_each_url_has_its_alternates(client):
    GoodPracticeFactory(slug="hybrid-work")
    xml = client.get("/sitemap-goodpractices.xml").content.decode()
    for code, _name in settings.LANGUAGES:
        url = f"http://testserver/{code}/good-practices/hybrid-work/"
        assert f'hreflang="{code}" href="{url}"' in xml
    assert 'hreflang="x-default" href="http://testserver/good-practices/hybrid-work/"' in xml


def test_modified_rows_have_their_lastmod_and_the_index_the_newest(client):
    owner = PartnerFactory(slug="lahti")
    practice = GoodPracticeFactory(slug="hybrid-work", owner=owner)
    event = EventFactory(slug="open-day", host=owner)
    GoodPractice.objects.filter(pk=practice.pk).update(updated_at="2026-03-04T05:06:07Z")
    Event.objects.filter(pk=event.pk).update(updated_at="2026-05-06T07:08:09Z")
    practices = client.get("/sitemap-goodpractices.xml").content.decode()
    assert practices.count("<lastmod>2026-03-04</lastmod>") == LANGUAGES
    events = client.get("/sitemap-events.xml").content.decode()
    assert events.count("<lastmod>2026-05-06</lastmod>") == LANGUAGES
    index = client.get("/sitemap.xml").content.decode()
    entries = re.findall(r"<sitemap>\s*<loc>([^<]+)</loc>\s*(?:<lastmod>([^<]+)</lastmod>)?", index)
    lastmods = {url.removeprefix("http://testserver"): lastmod for url, lastmod in entries}
    moment = datetime.datetime.fromisoformat
    assert moment(lastmods["/sitemap-goodpractices.xml"]) == moment("2026-03-04T05:06:07Z")
    assert moment(lastmods["/sitemap-events.xml"]) == moment("2026-05-06T07:08:09Z")
    # Partners and the fixed pages have no modification time: no made-up one.
    assert lastmods["/sitemap-partners.xml"] == ""
    assert lastmods["/sitemap-pages.xml"] == ""


@pytest.mark.parametrize("rows", [1, 7])
def test_queries_per_file_do_not_grow_with_the_rows(
    rows, small_pages, django_assert_max_num_queries
):
    owner = PartnerFactory(slug="lahti")
    GoodPracticeFactory.create_batch(rows, owner=owner)
    EventFactory.create_batch(rows, host=owner)
    PartnerFactory.create_batch(rows)
    # A fresh client without the page cache's help: each file is rendered.
    client = Client()
    with django_assert_max_num_queries(1 + 2 * len(sitemaps.SITEMAPS)):  # version, rows, lastmod
        files = sitemap_files(client)
    for path in files:
        with django_assert_max_num_queries(2):  # the content version, the rows
            assert client.get(path).status_code == 200, path


def test_files_are_cached_until_content_changes(
    client, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    owner = PartnerFactory(slug="lahti")
    GoodPracticeFactory(slug="hybrid-work", owner=owner)
    client.get("/sitemap-goodpractices.xml")
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(1):  # the content versions only
        assert client.get("/sitemap-goodpractices.xml").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get("/sitemap.xml").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        GoodPracticeFactory(slug="second-practice", owner=owner)
    assert b"second-practice" in client.get("/sitemap-goodpractices.xml").content


def test_an_unknown_section_or_page_is_not_found(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404
    assert client.get("/sitemap-pages.xml?p=zero").status_code == 404
    assert client.get("/sitemap-pages.xml?p=2").status_code == 404


def test_robots_txt_names_the_index(client):
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
