import pytest

from partners.models import Partner
from tests.factories import PartnerFactory, staff_user


def post_form(**overrides) -> dict:
    """What the admin's news form posts."""
    data = {
        "title_en": "Stakeholders meet in Alpha",
        "slug": "stakeholders-meet-in-alpha",
        "lead_en": "The regional stakeholder group met for the first time.",
        "body_en": "<p>What happened.</p>",
        "date": "2020-05-04",
        "status": "draft",
    }
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
def alpha_client(client, alpha):
    client.force_login(staff_user(alpha))
    return client


@pytest.fixture
def lead_client(client, lead):
    client.force_login(staff_user(lead))
    return client
