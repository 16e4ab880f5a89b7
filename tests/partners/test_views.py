import datetime

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from partners.models import Partner, PolicyInstrument
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    EventFactory,
    GoodPracticeFactory,
    NewsPostFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


def test_partner_list_groups_by_role_and_shows_former_partners(client):
    lead = PartnerFactory(name_en="Lahti Council", role=Partner.Role.LEAD)
    old = PartnerFactory(name_en="Old Government", role_end=datetime.date(2020, 6, 30))
    PartnerFactory(name_en="New Agency", replaces=old, role_start=datetime.date(2020, 7, 1))
    PartnerFactory(name_en="CPMR", role=Partner.Role.ADVISORY, country="FR", nuts_code="")

    html = client.get("/en/partners/").content.decode()

    assert html.index("Lead partner") < html.index("Lahti Council") < html.index("Partners</h2>")
    assert "Advisory partner" in html
    assert "Former partner" in html
    assert "Replaced by" in html
    # The former partner links to the one that took over.
    assert html.index("Old Government") < html.index("Replaced by") < html.rindex("New Agency")
    assert lead.get_absolute_url() in html


def test_partner_detail_sums_up_the_instrument_and_links_to_its_page(client):
    partner = PartnerFactory(name_en="Podlaskie", region_en="Podlaskie region", nuts_code="")
    instrument = PolicyInstrumentFactory(
        partner=partner, title_en="Regional Operational Programme", managing_authority_en="Board"
    )
    StakeholderFactory(instrument=instrument, name_en="InfoTech Cluster")
    plan = ActionPlanFactory(instrument=instrument, title_en="Podlaskie plan")
    ActionFactory(action_plan=plan, title_en="Online consultation criterion", cost_eur=1500)

    response = client.get(partner.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Podlaskie region",
        "Regional Operational Programme",
        "Board",
        "1 organisation in the stakeholder group",
        "1 action",
        f'href="{instrument.get_absolute_url()}"',
    ):
        assert text in html
    # The members and the actions are on the instrument's page.
    assert "InfoTech Cluster" not in html
    assert "Online consultation criterion" not in html


def test_unknown_partner_is_404_in_the_readers_language(client):
    response = client.get("/de/partners/nobody/")
    assert response.status_code == 404
    assert '<html lang="de">' in response.content.decode()


def test_instrument_overview_groups_by_kind(client):
    PolicyInstrumentFactory(title_en="ERDF programme A", kind=PolicyInstrument.Kind.ERDF_OP)
    PolicyInstrumentFactory(title_en="Local strategy B", kind=PolicyInstrument.Kind.REGIONAL)
    html = client.get(reverse("partners:instruments")).content.decode()
    assert html.index("ERDF operational programme") < html.index("ERDF programme A")
    assert html.index("Local or regional instrument") < html.index("Local strategy B")
    assert "2 instruments" in html


def test_inferred_instrument_is_not_flagged_on_the_public_site(client):
    PolicyInstrumentFactory(
        title_en="Inferred programme", details_confirmed=False, source_note="check me"
    )
    html = client.get(reverse("partners:instruments")).content.decode()
    assert "Inferred programme" in html
    assert "check me" not in html


def _many_partners(count):
    partners = PartnerFactory.create_batch(count)
    for old, new in zip(partners[:20], partners[20:40], strict=True):
        old.role_end = datetime.date(2020, 1, 1)
        old.save()
        new.replaces = old
        new.save()
    return partners


@pytest.mark.parametrize("count", [10, 200])
def test_partner_list_query_count_is_constant(client, django_assert_max_num_queries, count):
    _many_partners(max(count, 40))
    with django_assert_max_num_queries(3):  # +1: the content version (page cache)
        response = client.get("/fi/partners/")
    assert response.status_code == 200


def test_partner_detail_query_count_is_constant(client, django_assert_max_num_queries):
    _many_partners(200)
    partner = PartnerFactory()
    for _ in range(5):
        instrument = PolicyInstrumentFactory(partner=partner)
        StakeholderFactory.create_batch(10, instrument=instrument)
        ActionFactory.create_batch(10, action_plan=ActionPlanFactory(instrument=instrument))
    NewsPostFactory.create_batch(12, partner=partner)
    GoodPracticeFactory.create_batch(10, owner=partner)
    EventFactory.create_batch(10, host=partner)
    # The content version, the partner, its successors, its instruments with their
    # counts, its newest practices, their number, its events, its latest news; the
    # events' next change by the clock (once per version of the events).
    with django_assert_max_num_queries(9):
        response = client.get(f"/pl{partner.get_absolute_url()[3:]}")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('href="/pl/policy-instruments/instrument-') == 5 * 2
    assert html.count("10 działań") == 5  # "10 actions", in Polish


def _home_content(n, later=0):
    """n partners, news posts, practices with themes, and upcoming events whose
    registration is open, the first ones full."""
    from events.models import Registration
    from tests.factories import (
        EventFactory,
        GoodPracticeFactory,
        RegistrationFactory,
        ThemeFactory,
    )

    _many_partners(n)
    NewsPostFactory.create_batch(n)
    themes = ThemeFactory.create_batch(3)
    for _ in range(n):
        GoodPracticeFactory().themes.set(themes)
    soon = timezone.now() + datetime.timedelta(days=30)
    for index in range(n):
        event = EventFactory(
            start=soon + datetime.timedelta(days=later + index),
            end=soon + datetime.timedelta(days=later + index, hours=3),
            capacity=1,
            registration_enabled=True,
        )
        if index < 3 and not later:  # full: the home looks further
            RegistrationFactory(event=event, status=Registration.Status.CONFIRMED)


def test_home_query_count_is_constant(client, django_assert_num_queries, settings):
    from tests.factories import ProjectFactory

    settings.PAGE_CACHE_SECONDS = 0
    ProjectFactory()
    _home_content(40)
    # Measured with nothing kept: the map, the project and the figures are read too.
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as small:
        assert client.get("/en/").status_code == 200
    _home_content(80, later=100)
    caches["pages"].clear()
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/en/")
    assert response.status_code == 200
    html = response.content.decode()
    # The next event with a seat left (the three soonest are full), three practices.
    assert html.count('href="/en/good-practices/') >= 3
    assert "Registration is open until" in html
