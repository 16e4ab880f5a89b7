"""Partner logos where partners appear (the list, the partner's page, a practice's owner,
an event's host), or a text badge where none is uploaded; no query per partner."""

import io
import re

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from goodpractices.models import GoodPractice
from partners.models import Partner
from tests.factories import EventFactory, GoodPracticeFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 40), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def with_logo(partner, alt="Alpha region, the logo"):
    partner.logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    partner.logo_alt_en = alt
    partner.save()
    return Partner.objects.get(pk=partner.pk)  # stored under its re-encoded name


def test_the_list_shows_a_logo_or_a_badge_beside_the_name(client):
    alpha = with_logo(PartnerFactory(name_en="Alpha region", slug="alpha"))
    PartnerFactory(name_en="Barcelona Provincial Council", short_name="DIBA", slug="diba")
    PartnerFactory(name_en="Office of the Regional Government of Lower Austria", slug="noe")
    html = client.get("/en/partners/").content.decode()
    # The name is written beside the logo: the logo is not read twice (empty alt).
    assert (
        f'<img class="partner-logo partner-logo-md" src="{alpha.logo.url}" width="80" '
        'height="40" alt="" loading="lazy">'
    ) in html
    badges = re.findall(r'<span class="partner-badge [^"]*" aria-hidden="true">([^<]+)<', html)
    assert sorted(badges) == ["DIBA", "ORG"]


def test_the_partner_page_shows_its_logo_beside_its_title(client):
    alpha = with_logo(PartnerFactory(name_en="Alpha region", slug="alpha"))
    html = client.get("/en/partners/alpha/").content.decode()
    head = html.split('<div class="page-head">')[1].split("</div>")[0]
    # At the top of the page: loaded at once, never taller than the EU emblem (42 px).
    assert f'src="{alpha.logo.url}" width="120" height="40" alt="">' in head
    assert "<h1>Alpha region</h1>" in head
    badge = client.get(f"/en/partners/{PartnerFactory(short_name='EMRA').slug}/").content.decode()
    assert '<span class="partner-badge partner-badge-lg' in badge and ">EMRA</span>" in badge


def test_a_practice_names_its_owner_and_an_event_its_host_with_the_logo(client):
    alpha = with_logo(PartnerFactory(name_en="Alpha region", slug="alpha"))
    practice = GoodPracticeFactory(
        owner=alpha, status=GoodPractice.Status.APPROVED, published_at=timezone.now()
    )
    event = EventFactory(host=PartnerFactory(name_en="Podlaskie Voivodeship"))
    html = client.get(practice.get_absolute_url()).content.decode()
    assert f'<img class="partner-logo partner-logo-sm" src="{alpha.logo.url}" width="64"' in html
    html = client.get(event.get_absolute_url()).content.decode()
    badge = r'<span class="partner-badge partner-badge-sm [^"]*" aria-hidden="true">PV<'
    assert re.search(badge, html)


def test_logos_cost_no_query_per_partner(client, django_assert_max_num_queries):
    for _n in range(3):
        with_logo(PartnerFactory())
    with django_assert_max_num_queries(20) as few:
        client.get("/en/partners/")
    for _n in range(20):
        with_logo(PartnerFactory())
    caches["pages"].clear()  # saved inside the test's transaction: no version bump
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/en/partners/").content.decode()
    assert html.count('class="partner-logo partner-logo-md"') == 23
