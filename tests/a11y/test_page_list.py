from types import SimpleNamespace

import pytest
from django.urls import resolve
from django.utils import translation

from tests.pages import PAGES

# Stand-ins for the demo's objects: resolving a URL needs no database.
DEMO = SimpleNamespace(
    confirm_token="token",
    manage_token="token",
    partner=SimpleNamespace(pk=1),
    event=SimpleNamespace(pk=1),
    past_event=SimpleNamespace(pk=2),
    instrument=SimpleNamespace(pk=1),
    practice=SimpleNamespace(pk=1),
    period=SimpleNamespace(pk=1),
    news_post=SimpleNamespace(pk=1),
    photo_album=SimpleNamespace(pk=1),
)


@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_listed_page_type_resolves_in_each_of_its_languages(page):
    for code in page.languages:
        with translation.override(code):
            path = page.url(DEMO)
            if page.status != 404:
                resolve(path.split("?")[0])
        assert path.startswith("/admin/" if page.admin else f"/{code}/"), path
