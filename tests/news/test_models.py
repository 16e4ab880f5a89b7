"""News posts: what is stored, what counts as published."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.richtext import sanitise
from news.models import NewsPost
from tests.factories import NewsPostFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def png(size=(30, 20)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_the_body_is_sanitised_in_every_language_and_keeps_h2():
    post = NewsPostFactory(
        body_en='<h1>Big</h1><h2>Day 1</h2><p onclick="x()">Text<script>alert(1)</script></p>',
        body_de='<p>Hallo <a href="javascript:alert(1)">hier</a></p><iframe src="x"></iframe>',
    )
    post.refresh_from_db()
    assert post.body_en == "Big<h2>Day 1</h2><p>Text</p>"
    assert "javascript" not in post.body_de and "iframe" not in post.body_de
    assert post.body_de.startswith("<p>Hallo <a")


def test_only_a_text_right_under_the_title_keeps_h2():
    # A practice's description sits inside a section of its own: its headings start at h3.
    assert sanitise("<h2>Day 1</h2><h3>Morning</h3>") == "Day 1<h3>Morning</h3>"
    assert sanitise("<h2>Day 1</h2>", top_heading=2) == "<h2>Day 1</h2>"


def test_a_body_in_one_language_only_is_enough():
    post = NewsPostFactory.build(body_en="", body_pl="<p>Tekst.</p>", partner=PartnerFactory())
    post.full_clean()


def test_a_post_without_any_body_is_refused():
    post = NewsPostFactory.build(body_en="", partner=PartnerFactory())
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "body_en" in error.value.message_dict


def test_an_image_needs_its_text_alternative():
    post = NewsPostFactory()
    post.image = SimpleUploadedFile("photo.png", png(), content_type="image/png")
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "image_alt_en" in error.value.message_dict


def test_an_image_is_stored_re_encoded_with_its_size():
    post = NewsPostFactory()
    post.image = SimpleUploadedFile("../../evil name.png", png((30, 20)), content_type="image/png")
    post.image_alt_en = "A teal square"
    post.full_clean()
    post.save()
    post.refresh_from_db()
    assert post.image.name.startswith("news/images/") and post.image.name.endswith(".png")
    assert "evil" not in post.image.name
    assert (post.image_width, post.image_height) == (30, 20)


def test_only_published_posts_are_public():
    shown = NewsPostFactory(status=NewsPost.Status.PUBLISHED)
    NewsPostFactory(status=NewsPost.Status.DRAFT)
    NewsPostFactory(status=NewsPost.Status.SUBMITTED)
    assert list(NewsPost.objects.published()) == [shown]


def test_a_draft_titled_in_its_partners_language_is_named_by_it():
    post = NewsPostFactory.build(title_en="", title_de="Neuigkeiten")
    assert str(post) == "Neuigkeiten"
