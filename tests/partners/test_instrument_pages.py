"""A page per policy instrument, the paged list of instruments, and the links between
instruments, actions, practices, partners and policy changes."""

import datetime
import re

import pytest
from django.urls import reverse

from goodpractices.models import GoodPractice, TransferInterest
from partners.models import Action, PolicyInstrument
from reporting.models import PolicyChange
from tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    EventFactory,
    GoodPracticeFactory,
    PartnerFactory,
    PolicyInstrumentFactory,
    StakeholderFactory,
)

pytestmark = pytest.mark.django_db


def _change(instrument, *, action=None, validated=True, title="Calls score user consultation"):
    return PolicyChange.objects.create(
        instrument=instrument,
        action=action,
        improvement_type=PolicyChange.ImprovementType.MANAGEMENT,
        title_en=title,
        evidence="news article",
        validated_by_programme=validated,
    )


@pytest.fixture
def podlaskie():
    """An instrument with a member of its group, a plan of one action that a published
    practice inspired (a draft one too), and a validated change from that action."""
    partner = PartnerFactory(name_en="Podlaskie", slug="podlaskie", nuts_code="")
    instrument = PolicyInstrumentFactory(
        partner=partner,
        slug="rpowp",
        title_en="Regional Operational Programme",
        managing_authority_en="Board of the Voivodeship",
    )
    StakeholderFactory(instrument=instrument, name_en="InfoTech Cluster")
    plan = ActionPlanFactory(instrument=instrument, title_en="Podlaskie plan")
    action = ActionFactory(
        action_plan=plan,
        title_en="Online consultation criterion",
        players_en="Marshal's Office",
        start_date=datetime.date(2022, 1, 1),
        end_date=datetime.date(2022, 12, 31),
        cost_eur=1500,
        funding_en="ERDF",
        status=Action.Status.COMPLETED,
    )
    practice = GoodPracticeFactory(title_en="Digital consultations", slug="consultations")
    draft = GoodPracticeFactory(
        title_en="Unpublished idea", slug="idea", status=GoodPractice.Status.DRAFT
    )
    for stage in (1, 4):  # two steps with one practice: listed once
        TransferInterest.objects.create(
            practice=practice, partner=partner, stage=stage, action=action
        )
    TransferInterest.objects.create(practice=draft, partner=partner, stage=1, action=action)
    _change(instrument, action=action)
    _change(instrument, validated=False, title="Only reported")
    return {"instrument": instrument, "action": action, "practice": practice, "partner": partner}


def test_instrument_page_shows_group_plan_actions_practices_and_changes(client, podlaskie):
    instrument, action = podlaskie["instrument"], podlaskie["action"]
    assert instrument.get_absolute_url() == "/en/policy-instruments/rpowp/"
    response = client.get(instrument.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Regional Operational Programme",
        "Board of the Voivodeship",
        "1 organisation in the stakeholder group",
        "InfoTech Cluster",
        "Podlaskie plan",
        "Online consultation criterion",
        "Marshal&#x27;s Office",
        "EUR 1,500",
        "ERDF",
        "Completed",
        "Calls score user consultation",
    ):
        assert text in html, text
    assert f'id="action-{action.pk}"' in html
    assert 'href="/en/partners/podlaskie/"' in html
    # The published practice that inspired the action, once; not the draft.
    assert html.count('href="/en/good-practices/consultations/"') == 1
    assert "Unpublished idea" not in html
    # Only validated changes are public; the change links to its action and back.
    assert "Only reported" not in html
    change = PolicyChange.objects.get(title_en="Calls score user consultation")
    assert f'href="#action-{action.pk}"' in html
    assert f'href="#change-{change.pk}"' in html
    # Headings in order: h1, then h2 sections, then h3 for actions and changes.
    levels = [int(c) for c in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_practice_page_links_to_the_action_it_became(client, podlaskie):
    html = client.get(podlaskie["practice"].get_absolute_url()).content.decode()
    action = podlaskie["action"]
    assert f'href="/en/policy-instruments/rpowp/#action-{action.pk}"' in html
    assert action.get_absolute_url() == f"/en/policy-instruments/rpowp/#action-{action.pk}"


def test_instrument_without_plan_or_members_says_so_without_zero(client):
    instrument = PolicyInstrumentFactory(slug="bare")
    html = client.get(instrument.get_absolute_url()).content.decode()
    assert "The action plan has not been published yet." in html
    assert "have not been published yet" in html
    assert "0 organisations" not in html
    assert "Policy changes" not in html
    list_html = client.get(reverse("partners:instruments")).content.decode()
    assert "0 organisations" not in list_html
    assert 'href="/en/policy-instruments/bare/"' in list_html


def test_unknown_instrument_is_404(client):
    assert client.get("/en/policy-instruments/nothing/").status_code == 404


def test_instrument_page_falls_back_to_english_and_marks_it(client, podlaskie):
    html = client.get("/pl/policy-instruments/rpowp/").content.decode()
    assert '<html lang="pl">' in html
    assert 'lang="en"' in html and "Online consultation criterion" in html


def test_partner_page_links_to_instrument_practices_and_events(client, podlaskie):
    partner = podlaskie["partner"]
    own = GoodPracticeFactory(owner=partner, title_en="Podlaskie e-services", slug="e-services")
    GoodPracticeFactory(owner=partner, title_en="Draft of Podlaskie", status="draft")
    EventFactory(host=partner, title_en="Study visit in Białystok", slug="bialystok")
    EventFactory(host=partner, title_en="Not yet public", status="draft")
    html = client.get(partner.get_absolute_url()).content.decode()
    assert 'href="/en/policy-instruments/rpowp/"' in html
    assert "1 organisation in the stakeholder group" in html
    assert "1 action" in html
    assert f'href="{own.get_absolute_url()}"' in html
    assert "Draft of Podlaskie" not in html
    assert 'href="/en/events/bialystok/"' in html
    assert "Not yet public" not in html


def test_partner_page_links_on_to_the_library_when_it_has_many_practices(client):
    partner = PartnerFactory(slug="lahti")
    GoodPracticeFactory.create_batch(8, owner=partner)
    html = client.get(partner.get_absolute_url()).content.decode()
    assert "/en/good-practices/?partner=lahti" in html
    assert "All 8 good practices of the partner in the library" in html


def test_instrument_list_is_paged_and_grouped_by_kind_with_totals(client):
    for n in range(25):
        PolicyInstrumentFactory(slug=f"erdf-{n:02}", kind=PolicyInstrument.Kind.ERDF_OP)
    for n in range(3):
        PolicyInstrumentFactory(slug=f"local-{n}", kind=PolicyInstrument.Kind.REGIONAL)
    first = client.get(reverse("partners:instruments")).content.decode()
    assert "28 instruments" in first
    assert 'ERDF operational programme <span class="muted">(25)</span>' in first
    assert first.count('href="/en/policy-instruments/erdf-') == 20
    assert "Local or regional instrument" not in first
    assert "Page 1 of 2" in first and "?page=2" in first
    second = client.get(reverse("partners:instruments") + "?page=2").content.decode()
    # The kind goes on over the page, with its total.
    assert 'ERDF operational programme <span class="muted">(25)</span>' in second
    assert second.count('href="/en/policy-instruments/erdf-') == 5
    assert 'Local or regional instrument <span class="muted">(3)</span>' in second
    assert second.index("erdf-24") < second.index("local-0")


@pytest.mark.parametrize("count", [2, 40])
def test_instrument_page_query_count_is_constant(client, django_assert_max_num_queries, count):
    partner = PartnerFactory()
    instrument = PolicyInstrumentFactory(partner=partner, slug="big")
    StakeholderFactory.create_batch(count, instrument=instrument)
    actions = ActionFactory.create_batch(
        count, action_plan=ActionPlanFactory(instrument=instrument)
    )
    practices = GoodPracticeFactory.create_batch(count)
    for action, practice in zip(actions, practices, strict=True):
        TransferInterest.objects.create(practice=practice, partner=partner, stage=4, action=action)
        _change(instrument, action=action, title=f"Change of {action.title_en}")
    # The content version, instrument, stakeholders, actions, their practices, changes.
    with django_assert_max_num_queries(6):
        response = client.get("/fi/policy-instruments/big/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('id="action-') == count
    assert html.count('href="/fi/good-practices/practice-') == count
    assert html.count('id="change-') == count


@pytest.mark.parametrize("count", [25, 200])
def test_instrument_list_query_count_is_constant(client, django_assert_max_num_queries, count):
    for _ in range(count):
        StakeholderFactory.create_batch(2, instrument=PolicyInstrumentFactory())
    # The content version, the page count, the totals by kind and the page's rows.
    with django_assert_max_num_queries(4):
        response = client.get(reverse("partners:instruments"))
    assert response.content.decode().count("2 organisations in the stakeholder group") == 20


def test_instrument_pages_are_in_the_sitemap(client):
    PolicyInstrumentFactory(slug="rpowp")
    xml = client.get("/sitemap-instruments.xml").content.decode()
    assert "http://testserver/en/policy-instruments/rpowp/" in xml
    assert "http://testserver/fi/policy-instruments/rpowp/" in xml
