"""The editor's home (admin index) and the translation status: counts, scoping, queries."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from core.models import OutboxEmail
from events.models import Registration
from goodpractices.models import GoodPractice
from news.models import NewsPost
from partners.models import Partner
from reporting.models import ReportingPeriod
from tests.factories import (
    EventFactory,
    GoodPracticeFactory,
    NewsPostFactory,
    PartnerFactory,
    RegistrationFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
OVERVIEW = reverse("admin:translations")
PRACTICES = reverse("admin:goodpractices_goodpractice_changelist")
S = GoodPractice.Status
R = Registration.Status


@pytest.fixture
def lead():
    return PartnerFactory(slug="lead", name_en="Lead council", role=Partner.Role.LEAD)


@pytest.fixture
def alpha():
    return PartnerFactory(slug="alpha", name_en="Alpha region", name_fi="Alfa")


@pytest.fixture
def beta():
    return PartnerFactory(slug="beta", name_en="Beta region", name_fi="Beeta")


@pytest.fixture
def lead_client(client, lead):
    client.force_login(staff_user(lead))
    return client


@pytest.fixture
def alpha_client(client, alpha):
    client.force_login(staff_user(alpha))
    return client


def _failed_email(registration):
    return OutboxEmail.objects.create(
        kind="registration_confirmed",
        to=registration.email,
        language="en",
        content_type=ContentType.objects.get_for_model(Registration),
        object_id=registration.pk,
        status=OutboxEmail.Status.FAILED,
    )


def _data(alpha, beta, n=1):
    """Known data: n of each thing per partner (alpha and beta)."""
    for partner in (alpha, beta):
        for i in range(n):
            GoodPracticeFactory(owner=partner, status=S.DRAFT, title_en=f"{partner.slug} draft {i}")
            GoodPracticeFactory(
                owner=partner, status=S.SUBMITTED, title_en=f"{partner.slug} submitted {i}"
            )
            NewsPostFactory(partner=partner, status=NewsPost.Status.DRAFT)
            NewsPostFactory(partner=partner, status=NewsPost.Status.SUBMITTED)
            event = EventFactory(host=partner, title_en=f"{partner.slug} event {i}")
            for status in (R.CONFIRMED, R.CONFIRMED, R.PENDING, R.WAITLISTED):
                registration = RegistrationFactory(event=event, status=status)
            _failed_email(registration)
    today = timezone.localdate()
    ReportingPeriod.objects.create(
        number=1,
        start=today - datetime.timedelta(days=100),
        end=today + datetime.timedelta(days=6),  # partner reports due 14 days later
        progress_report_due=today + datetime.timedelta(days=50),
    )


def _needs_you(response) -> str:
    html = response.content.decode()
    match = re.search(r'<section id="needs-you".*?</section>', html, re.S)
    assert match, html[:3000]
    return match.group(0)


def _link_text(html, href_part) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', html, re.S)
        if href_part in href.replace("&amp;", "&")
    ]


def test_lead_editor_sees_the_right_counts(lead_client, alpha, beta):
    _data(alpha, beta)
    block = _needs_you(lead_client.get(INDEX))
    assert _link_text(block, "goodpractice/?status__exact=submitted") == ["Submitted for review: 2"]
    assert _link_text(block, "goodpractice/?status__exact=draft") == ["Draft: 2"]
    # News waiting for the lead partner to publish it, and drafts.
    assert _link_text(block, "newspost/?status__exact=submitted") == [
        "Submitted for publication: 2"
    ]
    assert _link_text(block, "newspost/?status__exact=draft") == ["Draft: 2"]
    assert "alpha event 0" in block and "beta event 0" in block
    # Per event: 2 confirmed, 1 pending, 1 waitlisted, each linking to the filtered list.
    assert _link_text(block, "status__exact=confirmed") == ["2 Confirmed", "2 Confirmed"]
    assert _link_text(block, "status__exact=waitlisted") == [
        "1 On the waiting list",
        "1 On the waiting list",
    ]
    assert "in 20 days" in block  # registration closes at the start, 20 days ahead
    assert _link_text(block, "outboxemail/?status__exact=failed") == [
        "2 emails failed (will be retried)"
    ]
    assert "Progress report due" in block and "50 days left" in block
    assert "Practices not yet validated by the programme: 2" in block
    # Missing translations: every record misses a language (no German anywhere).
    assert "Partners: 3 records miss a language" in block
    assert "Good practices: 4 records miss a language" in block


def test_the_home_links_filter_the_lists(lead_client, alpha, beta):
    _data(alpha, beta)
    block = _needs_you(lead_client.get(INDEX))
    href = re.search(r'<a href="([^"]*status__exact=submitted[^"]*)"', block).group(1)
    listing = lead_client.get(href.replace("&amp;", "&")).content.decode()
    assert "alpha submitted 0" in listing and "beta submitted 0" in listing
    assert "alpha draft 0" not in listing
    href = re.search(r'<a href="([^"]*status__exact=waitlisted[^"]*)"', block).group(1)
    listing = lead_client.get(href.replace("&amp;", "&"))
    assert listing.status_code == 200
    assert listing.context["cl"].result_count == 1


def test_partner_editor_sees_only_its_own_counts(alpha_client, alpha, beta):
    _data(alpha, beta)
    block = _needs_you(alpha_client.get(INDEX))
    assert "What needs you at Alpha region" in block
    assert _link_text(block, "goodpractice/?status__exact=submitted") == ["Submitted for review: 1"]
    assert _link_text(block, "goodpractice/?status__exact=draft") == ["Draft: 1"]
    assert _link_text(block, "newspost/?status__exact=submitted") == [
        "Submitted for publication: 1"
    ]
    assert "alpha event 0" in block
    assert "beta" not in block.lower()
    assert _link_text(block, "outboxemail/?status__exact=failed") == [
        "1 email failed (will be retried)"
    ]
    # Its own records missing a language: 2 practices and 1 event, not beta's as well.
    assert "Good practices: 2 records miss a language" in block
    assert "Events: 1 record misses a language" in block
    assert "Your report due" in block and "20 days left" in block
    assert "Practices not yet validated by the programme: 1" in block
    assert reverse("admin:reporting_dashboard") not in block
    # Its drafts are listed, not beta's.
    listing = alpha_client.get(PRACTICES + "?status__exact=draft").content.decode()
    assert "alpha draft 0" in listing and "beta draft 0" not in listing


def test_staff_without_a_partner_get_no_block(client):
    user = get_user_model().objects.create_user("nobody", password="pw", is_staff=True)
    client.force_login(user)
    html = client.get(INDEX).content.decode()
    assert 'id="needs-you"' not in html


@pytest.mark.parametrize("n", [1, 6])
def test_the_home_runs_a_constant_number_of_queries(
    lead_client, alpha, beta, n, django_assert_max_num_queries
):
    _data(alpha, beta, n)
    # One translation-status query per translated model (news posts are one), and one
    # for the news waiting to be published.
    with django_assert_max_num_queries(27):
        response = lead_client.get(INDEX)
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 6])
def test_the_partner_home_runs_a_constant_number_of_queries(
    alpha_client, alpha, beta, n, django_assert_max_num_queries
):
    _data(alpha, beta, n)
    with django_assert_max_num_queries(23):  # news: as above
        response = alpha_client.get(INDEX)
    assert response.status_code == 200


# --- translation status ---------------------------------------------------------


def test_changelist_shows_missing_languages_and_filters_them(lead_client, alpha):
    GoodPracticeFactory(
        owner=alpha,
        title_en="English only",
        status=S.DRAFT,
    )
    GoodPracticeFactory(
        owner=alpha,
        title_en="Also Finnish",
        title_fi="Myös suomeksi",
        summary_fi="Tiivistelmä",
        description_fi="<p>Kuvaus</p>",
        status=S.DRAFT,
    )
    html = lead_client.get(PRACTICES).content.decode()
    assert '<span class="visually-hidden">missing in Finnish</span>' in html
    response = lead_client.get(PRACTICES + "?missing_in=fi")
    titles = [str(p) for p in response.context["cl"].result_list]
    assert titles == ["English only"]
    response = lead_client.get(PRACTICES + "?missing_in=de")
    assert response.context["cl"].result_count == 2
    assert lead_client.get(PRACTICES + "?missing_in=en").context["cl"].result_count == 0
    # A practice missing one required field in Finnish (its summary) is missing Finnish.
    GoodPracticeFactory(owner=alpha, title_en="Half", title_fi="Puoli", description_fi="x")
    response = lead_client.get(PRACTICES + "?missing_in=fi")
    assert sorted(str(p) for p in response.context["cl"].result_list) == ["English only", "Half"]


def _overview_cell(html, key, code):
    row = re.search(rf'<tr id="{key}">(.*?)</tr>', html, re.S).group(1)
    cells = re.findall(r"<td>(.*?)</td>", row, re.S)
    codes = ["total", "en", "fi", "de", "pl", "es", "ca", "it", "fr"]
    return cells[codes.index(code)]


def test_overview_numbers_and_links(lead_client, alpha, beta):
    GoodPracticeFactory(owner=alpha, title_en="One")
    GoodPracticeFactory(
        owner=beta,
        title_en="Two",
        title_fi="Kaksi",
        summary_fi="s",
        description_fi="d",
    )
    html = lead_client.get(OVERVIEW).content.decode()
    assert "required text fields" in html  # the rule is stated
    assert _overview_cell(html, "translations-goodpractices-goodpractice", "total") == "2"
    assert _overview_cell(html, "translations-goodpractices-goodpractice", "en") == "100&nbsp;%"
    fi = _overview_cell(html, "translations-goodpractices-goodpractice", "fi")
    assert fi.startswith(f'<a href="{PRACTICES}?missing_in=fi">50&nbsp;%')
    assert "1 missing in Finnish" in fi
    assert "0&nbsp;%" in _overview_cell(html, "translations-goodpractices-goodpractice", "de")
    listing = lead_client.get(PRACTICES + "?missing_in=fi")
    assert [str(p) for p in listing.context["cl"].result_list] == ["One"]


def test_partner_editor_sees_the_overview_of_its_own_records(alpha_client, alpha, beta):
    GoodPracticeFactory(owner=alpha, title_en="Own")
    GoodPracticeFactory(owner=beta, title_en="Other")
    GoodPracticeFactory(owner=beta, title_en="Other 2")
    html = alpha_client.get(OVERVIEW).content.decode()
    assert _overview_cell(html, "translations-goodpractices-goodpractice", "total") == "1"
    assert _overview_cell(html, "translations-partners-partner", "total") == "1"
    assert "Projects" not in html and "Themes" not in html  # lead-only lists
    listing = alpha_client.get(PRACTICES + "?missing_in=fi").content.decode()
    assert "Own" in listing and "Other" not in listing


def test_overview_is_staff_only(client):
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and reverse("admin:login") in response["Location"]


@pytest.mark.parametrize("n", [1, 8])
def test_overview_runs_a_constant_number_of_queries(
    lead_client, alpha, n, django_assert_max_num_queries
):
    for i in range(n):
        GoodPracticeFactory(owner=alpha, title_en=f"P{i}")
        EventFactory(host=alpha)
    with django_assert_max_num_queries(17):  # one per translated model (news posts are one)
        assert lead_client.get(OVERVIEW).status_code == 200


def _translated_admins():
    from django.contrib import admin
    from modeltranslation.translator import translator

    from core.translation_status import checked_fields

    registered = set(translator.get_registered_models())
    return [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if model in registered and checked_fields(model)
    ]


@pytest.mark.parametrize(
    "model", [m for m, _a in _translated_admins()], ids=lambda m: m._meta.label
)
def test_every_translated_changelist_has_the_status_column_and_filter(lead_client, model):
    from django.contrib import admin

    from core.translation_status import TranslationStatusAdminMixin

    assert isinstance(admin.site._registry[model], TranslationStatusAdminMixin)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = lead_client.get(url + "?missing_in=pl")
    assert response.status_code == 200
    assert "Missing in Polish" in response.content.decode()  # the filter's choice
    assert "missing_translations" in response.context["cl"].list_display
