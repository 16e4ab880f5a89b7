import pytest

from partners.models import Partner
from tests.factories import PartnerFactory, staff_user

INLINE_PREFIXES = ("images", "attachments", "status_changes")


def practice_form(**overrides) -> dict:
    """What the admin's good-practice form posts, with empty inline formsets."""
    data = {
        "title_en": "Digital village days",
        "slug": "digital-village-days",
        "summary_en": "Villages learn digital services together.",
        "description_en": "<p>What it is.</p>",
        "country": "FI",
        "nuts_code": "FI1C3",
        "main_institution_en": "Village association",
        "start_date": "2021-03-01",
        "end_date": "",
    }
    for prefix in INLINE_PREFIXES:
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


@pytest.fixture
def lead():
    return PartnerFactory(slug="lead", name_en="Lead council", role=Partner.Role.LEAD)


@pytest.fixture
def alpha():
    return PartnerFactory(slug="alpha", name_en="Alpha region")


@pytest.fixture
def beta():
    return PartnerFactory(slug="beta", name_en="Beta region", country="DE", nuts_code="DE80")


@pytest.fixture
def alpha_user(alpha):
    user = staff_user(alpha)
    user.email = "alpha-staff@example.org"
    user.save()
    return user


@pytest.fixture
def alpha_client(client, alpha_user):
    client.force_login(alpha_user)
    return client


@pytest.fixture
def lead_user(lead):
    return staff_user(lead)


@pytest.fixture
def lead_client(client, lead_user):
    client.force_login(lead_user)
    return client
