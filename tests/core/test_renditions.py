"""The smaller copies of uploaded images (core.renditions) and the <img> that offers them,
on the practice and news pages as on the event's albums."""

import re

import pytest
from django.core.files.storage import default_storage

from goodpractices.models import GoodPracticeImage
from news.models import NewsPost
from tests.factories import GoodPracticeFactory, NewsPostFactory, abstract_photo

pytestmark = pytest.mark.django_db


def srcset_widths(html) -> list[int]:
    srcset = re.search(r'srcset="([^"]+)"', html).group(1)
    return [int(candidate.split()[1].rstrip("w")) for candidate in srcset.split(", ")]


def test_a_practice_image_is_offered_in_several_widths(client):
    practice = GoodPracticeFactory(slug="broadband")
    image = GoodPracticeImage.objects.create(
        practice=practice, image=abstract_photo(size=(1000, 750)), alt_text_en="Blue shapes"
    )
    assert [s["width"] for s in image.renditions["sizes"]] == [320, 640]
    html = client.get("/fi/good-practices/broadband/").content.decode()
    assert srcset_widths(html) == [320, 640, 1000]
    assert 'width="320" height="240" alt="Blue shapes" lang="en" loading="lazy"' in html


def test_a_news_image_is_offered_in_several_widths(client):
    post = NewsPostFactory(slug="visit", image=abstract_photo(), image_alt_en="Shapes")
    assert [s["width"] for s in post.renditions["sizes"]] == [320, 640, 1280]
    html = client.get("/en/news/visit/").content.decode()
    assert srcset_widths(html) == [320, 640, 1280, 1600]
    assert 'alt="Shapes"' in html


def test_an_image_stored_before_its_copies_is_shown_by_itself(client):
    post = NewsPostFactory(slug="old", image=abstract_photo(size=(800, 600)), image_alt_en="Old")
    NewsPost.objects.filter(pk=post.pk).update(renditions={})  # as before the migration
    html = client.get("/en/news/old/").content.decode()
    assert f'<img src="{post.image.url}" width="800" height="600" alt="Old"' in html
    assert "srcset" not in html


def test_an_image_whose_file_is_missing_gets_no_copies_and_no_error():
    post = NewsPostFactory(image=abstract_photo(size=(800, 600)), image_alt_en="Gone")
    default_storage.delete(post.image.name)
    post.renditions = {}
    post.save()
    assert post.renditions == {}
