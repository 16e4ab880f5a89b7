"""A crawl of the real demo content, as a visitor (or a search engine) meets it.

`load_demo_content`, then every sitemap URL (all eight languages) and every same-origin
link, download, feed, calendar file, image and stylesheet on those pages, with DEBUG
off as in production. Nothing may answer 500, no link on a page may lead nowhere, and
every HTML page declares the language of its prefix. It runs on SQLite and PostgreSQL.
"""

import re
import time
from html.parser import HTMLParser
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client

from tests.sitemap_helpers import sitemap_locations

pytestmark = pytest.mark.django_db

CODES = {code for code, _name in settings.LANGUAGES}
ORIGIN = "http://testserver"
# Where a visitor's crawl does not go: the admin (behind a login), the language switch
# (a POST form) and addresses written for people to copy, not to follow.
NOT_CRAWLED = ("/admin/", "/i18n/")


class Links(HTMLParser):
    """The same-origin addresses a page links to or loads, and its <html lang>."""

    def __init__(self, base):
        super().__init__(convert_charrefs=True)
        self.base = base
        self.lang = None
        self.urls = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        wanted = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src"}
        if tag in wanted and attrs.get(wanted[tag]):
            self.urls.add(urljoin(self.base, attrs[wanted[tag]]))
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.urls.add(urljoin(self.base, attrs.get("action") or self.base))


def local(url):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != ORIGIN:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return None if path.startswith(NOT_CRAWLED) else path


def sitemap_paths(client):
    # The index, then every section file it lists.
    paths = {local(url) for url in sitemap_locations(client)}
    assert None not in paths, "the sitemap names another origin"
    return sorted(paths)


@pytest.fixture
def demo_site(settings):
    # Static files as WhiteNoise finds them without collectstatic, as in development.
    settings.WHITENOISE_USE_FINDERS = True
    call_command("load_demo_content", stdout=StringIO())


def test_every_page_and_download_of_the_demo_answers_in_its_language(demo_site):
    # A 500 is collected with the others, not raised: the report lists them all.
    client = Client(raise_request_exception=False)
    started = time.monotonic()
    pages = sitemap_paths(client)
    languages = {path.split("/")[1] for path in pages}
    assert languages == CODES
    assert len(pages) >= 8 * 20

    failures, wrong_language, linked = [], [], {}
    fetched = {}

    def fetch(path, referrer=None):
        if path in fetched:
            return fetched[path]
        response = client.get(path, follow=True)
        fetched[path] = response
        if response.status_code != 200:
            failures.append(f"{response.status_code} {path} (linked from {referrer})")
        return response

    for path in pages:
        response = fetch(path, "the sitemap")
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = Links(ORIGIN + path)
        parser.feed(response.content.decode())
        prefix = path.split("/")[1]
        if parser.lang != prefix:
            wrong_language.append(f"{path}: <html lang={parser.lang!r}>")
        for url in parser.urls:
            target = local(url)
            if target and not target.startswith("#"):
                linked.setdefault(target.split("#")[0], path)

    for target, referrer in sorted(linked.items()):
        if target.startswith(settings.STATIC_URL):
            name = target[len(settings.STATIC_URL) :].split("?")[0]
            if finders.find(name) is None:
                failures.append(f"missing static file {target} (linked from {referrer})")
            continue
        response = fetch(target, referrer)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and re.match(r"/\w\w/", target):
            lang = re.search(rb'<html lang="([^"]+)"', response.content)
            if not lang or lang.group(1).decode() != target.split("/")[1]:
                wrong_language.append(f"{target}: {lang and lang.group(0)!r}")

    kinds = {}
    for response in fetched.values():
        kind = response.get("Content-Type", "?").split(";")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    print(
        f"\ndemo crawl: {len(pages)} sitemap pages, {len(fetched)} addresses fetched "
        f"({', '.join(f'{n} {kind}' for kind, n in sorted(kinds.items()))}) "
        f"in {time.monotonic() - started:.1f} s"
    )
    assert failures == []
    assert wrong_language == []
    # The downloads that once answered 500 are among what was fetched, in every language.
    for code in CODES:
        for download in ("good-practices.csv", "good-practices.json"):
            assert f"/{code}/good-practices/{download}" in fetched
