"""Small things seen by people on the demo site (issue "Broken where people go", 11)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.pages import LANGUAGES, PAGES, build_demo

pytestmark = pytest.mark.django_db

PERSONAL = [
    "confirm registration",
    "manage registration",
    "manage registration: confirm cancelling",
    "link error",
    "my data",
    "my data: confirm erasing",
]


@pytest.fixture
def demo():
    return build_demo()


def test_personal_pages_are_kept_out_of_search_engines(client, demo):
    pages = {page.name: page for page in PAGES}
    for name in PERSONAL:
        with translation.override("fi"):
            url = pages[name].url(demo)
        response = client.get(url)
        assert response["X-Robots-Tag"] == "noindex, nofollow", name
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode(), name
    # Public pages stay indexable.
    assert "X-Robots-Tag" not in client.get("/fi/events/")
    assert 'name="robots"' not in client.get("/fi/events/").content.decode()


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_home_page_title_names_the_site_once(client, demo, code):
    html = client.get(f"/{code}/").content.decode()
    assert re.search(r"<title>([^<]*)</title>", html).group(1) == "Next2Met"
    # Other pages keep the site's name after theirs.
    other = client.get(f"/{code}/events/").content.decode()
    assert re.search(r"<title>([^<]*) · Next2Met</title>", other)


def test_event_cards_have_no_empty_slot(client, demo):
    for code in ("en", "fi", "ca"):
        html = client.get(f"/{code}/events/?page=1").content.decode()
        cards = re.findall(r'<p class="mb-1 muted">(.*?)</p>', html, re.S)
        assert cards
        for card in cards:
            text = re.sub(r"<[^>]+>", "", card)
            assert not re.search(r"·\s*·|^\s*·|·\s*$", text), text


def test_the_country_select_has_the_same_placeholder_as_the_other(client, demo):
    for code, placeholder in (("en", "Choose…"), ("fi", None)):
        html = client.get(
            reverse("events:detail", args=[demo.event.slug]).replace("/en/", f"/{code}/")
        ).content.decode()
        country = re.search(r'<select name="country".*?</select>', html, re.S).group(0)
        kind = re.search(r'<select name="organisation_type".*?</select>', html, re.S).group(0)
        first = re.search(r'<option value="" selected>([^<]*)</option>', kind).group(1)
        assert "---------" not in country
        assert f'<option value="" selected>{first}</option>' in country
        if placeholder:
            assert first == placeholder


def test_catalan_calls_ireland_irlanda(client, demo):
    html = client.get("/ca/partners/").content.decode()
    assert "Illa d'Irlanda" not in html and "Illa d&#x27;Irlanda" not in html
    assert "Irlanda" in html
