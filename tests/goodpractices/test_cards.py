"""A practice's card in the library and on the home shows its first image, with the text
alternative in the reader's language (else English), without a query per card."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from goodpractices.models import GoodPractice, GoodPracticeImage
from tests.factories import GoodPracticeFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def png(colour="teal", size=(64, 36)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def add_image(practice, order, alt_en, alt_fi=""):
    image = GoodPracticeImage(
        practice=practice,
        order=order,
        alt_text_en=alt_en,
        alt_text_fi=alt_fi,
        image=SimpleUploadedFile("photo.png", png(), content_type="image/png"),
    )
    image.save()
    return GoodPracticeImage.objects.get(pk=image.pk)  # stored under its re-encoded name


def practice(title, owner):
    return GoodPracticeFactory(
        title_en=title,
        owner=owner,
        status=GoodPractice.Status.APPROVED,
        published_at=timezone.now(),
    )


def card_images(html):
    return re.findall(
        r'<li><img src="([^"]+)"[^>]* alt="([^"]*)" loading="lazy" decoding="async">', html
    )


def test_the_card_shows_the_first_image_with_its_alt_in_the_readers_language(client):
    owner = PartnerFactory()
    with_images = practice("Bus on demand", owner)
    second = add_image(with_images, 2, "A second picture")
    first = add_image(with_images, 1, "A bus at a stop", alt_fi="Bussi pysäkillä")
    practice("No picture", owner)

    english = client.get("/en/good-practices/").content.decode()
    assert card_images(english) == [(first.image.url, "A bus at a stop")]
    assert second.image.url not in english
    finnish = client.get("/fi/good-practices/").content.decode()
    assert card_images(finnish) == [(first.image.url, "Bussi pysäkillä")]
    # German has no text alternative of its own: the English one.
    german = client.get("/de/good-practices/").content.decode()
    assert card_images(german) == [(first.image.url, "A bus at a stop")]
    ProjectFactory()
    home = client.get("/en/").content.decode()
    assert card_images(home) == [(first.image.url, "A bus at a stop")]


def test_images_cost_no_query_per_card(client, django_assert_max_num_queries):
    owner = PartnerFactory()
    for n in range(3):
        add_image(practice(f"Practice {n}", owner), 0, f"Picture {n}")
    with django_assert_max_num_queries(20) as few:
        client.get("/en/good-practices/")
    for n in range(3, 25):
        add_image(practice(f"Practice {n}", owner), 0, f"Picture {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/en/good-practices/?nocache=1").content.decode()
    assert len(card_images(html)) == 20


def test_a_large_first_image_is_offered_in_its_smaller_copies(client):
    owner = PartnerFactory(slug="owner")
    item = practice("Wide picture", owner)
    image = GoodPracticeImage(
        practice=item,
        alt_text_en="A wide picture",
        image=SimpleUploadedFile("wide.png", png(size=(1600, 900)), content_type="image/png"),
    )
    image.save()
    html = client.get("/en/good-practices/").content.decode()
    [tag] = re.findall(r"<li><img [^>]+>", html)
    assert "-320w." in tag.split('srcset="')[0]  # the smallest copy is the src
    assert re.search(r'srcset="[^"]+320w, [^"]+640w, [^"]+1280w, [^"]+1600w"', tag)
    assert 'width="320" height="180"' in tag and 'alt="A wide picture"' in tag
