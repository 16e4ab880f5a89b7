import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import ActionFactory, PartnerFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_nuts_code_must_match_country():
    partner = PartnerFactory.build(country="AT", nuts_code="DE80")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "starts with AT" in error.value.message_dict["nuts_code"][0]


def test_nuts_code_for_greece_starts_with_el():
    PartnerFactory.build(country="GR", nuts_code="EL30", slug="attica").full_clean()


def test_nuts_code_of_the_wrong_shape_is_refused():
    partner = PartnerFactory.build(nuts_code="fi-1c3")
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "NUTS code" in error.value.message_dict["nuts_code"][0]


def test_role_cannot_end_before_it_starts():
    partner = PartnerFactory.build(
        role_start=datetime.date(2021, 1, 1), role_end=datetime.date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "role_end" in error.value.message_dict


def test_partner_cannot_replace_itself():
    partner = PartnerFactory()
    partner.replaces = partner
    with pytest.raises(ValidationError) as error:
        partner.full_clean()
    assert "replaces" in error.value.message_dict


def test_only_one_project():
    ProjectFactory()
    with pytest.raises(ValidationError):
        ProjectFactory.build().full_clean()


def test_action_end_before_start_is_refused():
    action = ActionFactory(start_date=datetime.date(2022, 5, 1))
    action.end_date = datetime.date(2022, 1, 1)
    with pytest.raises(ValidationError) as error:
        action.full_clean()
    assert "end_date" in error.value.message_dict


def test_former_and_current_partners():
    today = timezone.localdate()
    old = PartnerFactory(role_end=today - datetime.timedelta(days=1))
    new = PartnerFactory(replaces=old)
    from partners.models import Partner

    assert list(Partner.objects.former()) == [old]
    assert list(Partner.objects.current()) == [new]
    assert old.is_former and not new.is_former
