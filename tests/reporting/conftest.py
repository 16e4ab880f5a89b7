import datetime

import pytest

from goodpractices import services as practice_services
from partners.models import Partner
from reporting.indicators import compute
from reporting.models import ReportingPeriod
from tests.factories import PartnerFactory, staff_user

UTC = datetime.UTC


def at(year, month, day):
    return datetime.datetime(year, month, day, 10, tzinfo=UTC)


@pytest.fixture
def periods(db):
    """Three periods: the two halves of 2020 and the first of 2021."""
    bounds = [
        (datetime.date(2020, 1, 1), datetime.date(2020, 6, 30)),
        (datetime.date(2020, 7, 1), datetime.date(2020, 12, 31)),
        (datetime.date(2021, 1, 1), datetime.date(2021, 6, 30)),
    ]
    return [
        ReportingPeriod.objects.create(
            number=number,
            kind="first" if number == 1 else ("final" if number == 3 else "regular"),
            start=start,
            end=end,
            progress_report_due=end + datetime.timedelta(days=90),
        )
        for number, (start, end) in enumerate(bounds, start=1)
    ]


@pytest.fixture
def lead(db):
    return staff_user(PartnerFactory(role=Partner.Role.LEAD), username="lead")


@pytest.fixture
def lead_client(client, lead):
    client.force_login(lead)
    return client


def step(practice, status, when, user):
    """Move a practice along its path as the service does, on the day ``when``."""
    change = practice_services.transition(practice.pk, status, user=user)
    change.at = when
    change.save(update_fields=["at"])
    return change


def values(code):
    row = compute().row(code)
    return [int(v) for v in row.per_period], row.total
