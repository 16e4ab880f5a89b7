import datetime

import pytest
from django.core.exceptions import ValidationError

from reporting.models import ReportingPeriod, build_periods
from tests.pages import build_demo

pytestmark = pytest.mark.django_db


def test_every_progress_report_is_due_after_the_partner_reports_it_is_built_from():
    build_demo()
    periods = list(ReportingPeriod.objects.all())
    assert len(periods) == 8
    for period in periods:
        assert period.partner_report_due < period.progress_report_due, period.number
    final = periods[-1]
    # Next2Met's last semester, February to July 2023: activity to April, then closure.
    assert final.partner_report_due == datetime.date(2023, 5, 14)
    assert final.progress_report_due == datetime.date(2023, 7, 31)


@pytest.mark.parametrize("end", [datetime.date(2023, 7, 31), datetime.date(2023, 10, 31)])
def test_the_final_partner_reports_come_before_the_final_report(end):
    for fields in build_periods(datetime.date(2019, 8, 1), end):
        period = ReportingPeriod(**fields)
        period.full_clean()
        assert period.partner_report_due < period.progress_report_due


def test_a_progress_report_due_before_the_partner_reports_is_refused():
    period = ReportingPeriod(
        number=1,
        start=datetime.date(2020, 1, 1),
        end=datetime.date(2020, 6, 30),
        progress_report_due=datetime.date(2020, 7, 10),
    )
    with pytest.raises(ValidationError) as refused:
        period.full_clean()
    assert "progress_report_due" in refused.value.message_dict
