"""Each step of the validation path asks for what it needs and says who is told."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from goodpractices import services
from goodpractices.models import PROGRAMME_SITE_HOSTS, GoodPractice
from tests.factories import GoodPracticeFactory, staff_user

pytestmark = pytest.mark.django_db

S = GoodPractice.Status
ENTRY = "https://www.interregeurope.eu/good-practices/digital-village-days"
ERROR = "on the programme&#x27;s site: it begins with https://www.interregeurope.eu/."


def status_url(practice):
    return reverse("admin:goodpractices_goodpractice_status", args=[practice.pk])


@pytest.fixture
def validated(alpha):
    return GoodPracticeFactory(owner=alpha, status=S.VALIDATED)


@pytest.mark.parametrize(
    "address",
    [
        "http://www.interregeurope.eu/good-practices/digital-village-days",  # not https
        "https://www.example.org/good-practices/digital-village-days",
        "https://interregeurope.eu.example.org/good-practices/x",
        "https://projects2014-2020.interregeurope.eu/next2met/",
        "https://www.interregeurope.eu:8443/good-practices/x",
        "https://someone@www.interregeurope.eu/good-practices/x",
    ],
)
def test_the_database_step_refuses_an_address_off_the_programmes_site(
    lead_client, validated, address
):
    response = lead_client.post(
        status_url(validated), {"target": S.IN_DATABASE, "programme_url": address}
    )
    assert response.status_code == 200
    html = response.content.decode()
    errors = html.split('id="id_programme_url_error"')[1].split("</ul>")[0]
    assert ERROR in errors
    assert f'value="{address}"' in html  # what was typed stays, to be corrected
    assert 'aria-describedby="id_programme_url_helptext id_programme_url_error"' in html
    validated.refresh_from_db()
    assert (validated.status, validated.programme_url) == (S.VALIDATED, "")
    assert not validated.status_changes.exists()


def test_the_database_step_needs_the_address(lead_client, validated):
    response = lead_client.post(status_url(validated), {"target": S.IN_DATABASE})
    html = response.content.decode()
    assert "Give the address of the practice&#x27;s page in the Policy Learning" in html
    validated.refresh_from_db()
    assert validated.status == S.VALIDATED


def test_the_database_step_stores_the_address_and_tells_the_owner(
    lead_client, validated, alpha_user, django_capture_on_commit_callbacks
):
    from django.core import mail

    page = lead_client.get(status_url(validated)).content.decode()
    assert 'name="programme_url"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(
            status_url(validated),
            {"target": S.IN_DATABASE, "programme_url": f"  {ENTRY}  "},
            follow=True,
        )
    validated.refresh_from_db()
    assert (validated.status, validated.programme_url) == (S.IN_DATABASE, ENTRY)
    assert "1 person is told by email." in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [alpha_user.email] and ENTRY in message.body
    # The public page links to the entry.
    public = lead_client.get(validated.get_absolute_url()).content.decode()
    assert f'href="{ENTRY}"' in public


def test_the_programmes_validation_may_carry_the_address_already(lead_user, alpha):
    practice = GoodPracticeFactory(owner=alpha, status=S.APPROVED)
    with pytest.raises(ValidationError) as refused:
        services.transition(practice.pk, S.VALIDATED, user=lead_user, programme_url="http://x.eu/")
    assert "programme_url" in refused.value.message_dict
    services.transition(practice.pk, S.VALIDATED, user=lead_user)  # without: fine
    practice.refresh_from_db()
    assert (practice.status, practice.programme_url) == (S.VALIDATED, "")
    services.transition(
        practice.pk, S.IN_DATABASE, user=lead_user, programme_url="https://interregeurope.eu/gp/1"
    )
    practice.refresh_from_db()
    assert practice.programme_url == "https://interregeurope.eu/gp/1"


def test_the_change_form_checks_the_address_too(validated):
    validated.programme_url = "https://www.example.org/good-practice"
    with pytest.raises(ValidationError) as refused:
        validated.full_clean()
    assert "programme_url" in refused.value.message_dict
    assert set(PROGRAMME_SITE_HOSTS) == {"www.interregeurope.eu", "interregeurope.eu"}


def test_steps_without_an_address_do_not_ask_for_one(alpha_client, alpha):
    draft = GoodPracticeFactory(owner=alpha, status=S.DRAFT, published_at=None)
    assert 'name="programme_url"' not in alpha_client.get(status_url(draft)).content.decode()


def test_the_form_says_who_is_told_from_the_notices_own_recipients(
    lead_client, lead_user, validated, alpha, alpha_user
):
    colleague = staff_user(alpha, "alpha-colleague")
    colleague.first_name, colleague.last_name = "Aino", "Virtanen"
    colleague.email = "aino@example.org"
    colleague.save()
    no_address = staff_user(alpha, "alpha-no-address")  # not told: no address
    gone = staff_user(alpha, "alpha-gone")
    gone.email, gone.is_active = "gone@example.org", False
    gone.save()
    html = lead_client.get(status_url(validated)).content.decode()
    told = html.split('id="who-is-told">')[1].split("</p>")[0]
    assert told == (
        "The owner partner&#x27;s 2 editors get an email: Aino Virtanen, staff-alpha "
        "(Alpha region)."
    )
    assert no_address.username not in told and gone.username not in told
    assert 'aria-describedby="who-is-told"' in html
    # The same people as the notices that go out.
    recipients = services.status_notice_recipients(validated)
    assert [user.email for user in recipients] == ["aino@example.org", alpha_user.email]
    change = services.transition(validated.pk, S.IN_DATABASE, user=lead_user, programme_url=ENTRY)
    assert sorted(change.emails.values_list("to", flat=True)) == [user.email for user in recipients]


def test_nobody_told_is_said_too(lead_client, beta):
    practice = GoodPracticeFactory(owner=beta, status=S.SUBMITTED, published_at=None)
    html = lead_client.get(status_url(practice)).content.decode()
    assert "Nobody is told by email: no staff member of Beta region has an email address." in html
