import re

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.utils import translation

from next2met.views import server_error
from tests.factories import PartnerFactory, ProjectFactory
from tests.sitemap_helpers import sitemap_xml

pytestmark = pytest.mark.django_db

CODES = [code for code, _name in settings.LANGUAGES]


@pytest.fixture
def content():
    ProjectFactory(summary_en="English summary", summary_fi="Suomenkielinen tiivistelmä")
    return PartnerFactory(slug="lahti", name_en="Lahti", description_en="Only in English")


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("path", ["/", "/partners/", "/partners/lahti/", "/policy-instruments/"])
def test_every_page_in_every_language(client, content, code, path):
    response = client.get(f"/{code}{path}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}">' in html
    assert f'<link rel="canonical" href="http://testserver/{code}{path}">' in html
    hreflangs = re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html)
    assert dict(hreflangs) == {
        **{c: f"http://testserver/{c}{path}" for c in CODES},
        "x-default": f"http://testserver{path}",
    }
    # The switcher keeps the reader on the same page.
    for other in CODES:
        assert f'<a href="/{other}{path}" hreflang="{other}" lang="{other}"' in html


def test_switcher_keeps_the_query_string(client, content):
    html = client.get("/fi/partners/?page=2").content.decode()
    assert 'href="/de/partners/?page=2"' in html


def test_unprefixed_address_redirects_to_the_readers_language(client, content):
    response = client.get("/partners/", HTTP_ACCEPT_LANGUAGE="pl,en;q=0.5")
    assert response.status_code == 302
    assert response.url == "/pl/partners/"


def test_fallback_is_marked_english_and_never_empty(client, content):
    html = client.get("/fi/partners/lahti/").content.decode()
    assert '<div lang="en"><p>Only in English</p></div>' in html
    assert "available in English only" not in html  # translated in the Finnish catalogue
    assert 'class="fallback-note"' in html


def test_translated_text_is_not_marked(client, content):
    html = client.get("/fi/").content.decode()
    assert "Suomenkielinen tiivistelmä" in html
    assert "English summary" not in html
    de = client.get("/de/").content.decode()
    assert '<div lang="en"><p>English summary</p></div>' in de


def test_interface_is_translated(client, content):
    assert "Kumppanit" in client.get("/fi/partners/").content.decode()
    assert "Partnerzy" in client.get("/pl/partners/").content.decode()


def test_sitemap_lists_every_language_with_alternates(client, content):
    xml = sitemap_xml(client)
    for code in CODES:
        assert f"<loc>http://testserver/{code}/partners/lahti/</loc>" in xml
        assert f'hreflang="{code}" href="http://testserver/{code}/partners/lahti/"' in xml
    assert 'hreflang="x-default" href="http://testserver/partners/lahti/"' in xml


def test_robots_txt_points_to_the_sitemap(client):
    body = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


@pytest.mark.parametrize(
    ("code", "text"), [("de", "Etwas ist schiefgelaufen"), ("en", "Something went wrong")]
)
def test_server_error_page_in_the_readers_language(code, text):
    with translation.override(code):
        response = server_error(RequestFactory().get(f"/{code}/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{code}">' in html
    assert text in html


def test_not_found_page_in_the_readers_language(client):
    response = client.get("/fr/nulle-part/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Page introuvable" in html


@pytest.mark.parametrize("path", ["/fi/ei-ole/", "/fi/events/no-such-event/"])
def test_not_found_page_links_each_language_to_its_home(client, path):
    """A missing page exists in no language: the switcher and hreflang lead home."""
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    switcher = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w\w)"', html))
    assert {code: url for url, code in switcher.items()} == {code: f"/{code}/" for code in CODES}
    hreflang = dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)"', html))
    assert hreflang == {
        **{code: f"http://testserver/{code}/" for code in CODES},
        "x-default": "http://testserver/",
    }
