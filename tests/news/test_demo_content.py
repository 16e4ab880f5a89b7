"""The seed texts as demo news, each in its own language with an English lead."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import translation

from events.demo_content import load_events
from news.demo_content import load_news
from news.models import NewsPost
from partners.demo_content import load_partners

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded():
    load_partners()
    load_events()
    return load_news()


def test_the_three_posts_load_once_however_often(loaded):
    assert loaded == {"news posts": 3}

    def rows():
        # Everything but the time of the last save.
        return [
            {k: v for k, v in row.items() if k != "updated_at"}
            for row in NewsPost.objects.order_by("pk").values()
        ]

    before = rows()
    load_news()
    assert rows() == before
    assert NewsPost.objects.published().count() == 3


def test_each_post_is_in_its_own_language_with_an_english_title_and_lead(loaded):
    posts = {post.slug: post for post in NewsPost.objects.select_related("partner", "event")}
    lahti, witeno, podlaskie = (
        posts["ple-1-lahti-report"],
        posts["witeno-next2met"],
        posts["podlaskie-next2met"],
    )
    assert lahti.event.slug == "ple-1-lahti" and lahti.date == datetime.date(2020, 1, 24)
    assert lahti.body_en.count("<h2>") == 2 and "<h2>DAY 1: Internal workshop</h2>" in lahti.body_en
    assert witeno.partner.slug == "witeno" and witeno.body_de and not witeno.body_en
    assert podlaskie.partner.slug == "podlaskie" and podlaskie.body_pl and not podlaskie.body_en
    assert witeno.title_de and podlaskie.title_pl == "Projekt partnerski Next2Met"
    for post in posts.values():
        assert post.title_en and post.lead_en
        body = "".join(filter(None, (post.body_en, post.body_de, post.body_pl)))
        assert body.count("<p>") >= 5  # the paragraphs are kept
    # A person's telephone and email in the WITENO page stay out.
    assert "@" not in witeno.body_de and "+49" not in witeno.body_de


def test_the_german_post_shows_in_german_on_the_english_page(client, loaded):
    with translation.override("en"):
        html = client.get(NewsPost.objects.get(slug="witeno-next2met").get_absolute_url())
    assert '<div lang="de"><p>Mecklenburg-Vorpommern liegt nah' in html.content.decode()


def test_the_demo_command_loads_the_news():
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert NewsPost.objects.count() == 3
